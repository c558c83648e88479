"""UK time in Finnish, for core.uktime and the templates' |date filters.

Finnish: “sunnuntai 22. marraskuuta 2026 klo 14.05”; the month in the partitive (E). The
zone ("GMT"/"BST") is added by core.uktime; every other format falls back to Django's
own fi formats."""

UK_DATETIME_FORMAT = "l j. E Y \\k\\l\\o G.i"
UK_SHORT_DATETIME_FORMAT = "j. E Y \\k\\l\\o G.i"
UK_DATE_FORMAT = "j. E Y"
