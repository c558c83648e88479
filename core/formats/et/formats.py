"""UK time in Estonian, for core.uktime and the templates' |date filters.

Estonian: “pühapäev, 22. november 2026, 14:05” (Django's et has no DATETIME_FORMAT). The
zone ("GMT"/"BST") is added by core.uktime; every other format falls back to Django's
own et formats."""

UK_DATETIME_FORMAT = "l, j. F Y, H:i"
UK_SHORT_DATETIME_FORMAT = "j. F Y, H:i"
UK_DATE_FORMAT = "j. F Y"
