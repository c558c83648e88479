"""UK time in Ukrainian, for core.uktime and the templates' |date filters.

Ukrainian: “Неділя, 22 листопада 2026 р., 14:05”; the month in the genitive (E). The
zone ("GMT"/"BST") is added by core.uktime; every other format falls back to Django's
own uk formats."""

UK_DATETIME_FORMAT = "l, j E Y р., H:i"
UK_SHORT_DATETIME_FORMAT = "j E Y р., H:i"
UK_DATE_FORMAT = "j E Y р."
