"""UK time in Polish, for core.uktime and the templates' |date filters.

Polish: “Niedziela, 22 listopada 2026, 14:05”; the month in the genitive (E). The zone
("GMT"/"BST") is added by core.uktime; every other format falls back to Django's own pl
formats."""

UK_DATETIME_FORMAT = "l, j E Y, H:i"
UK_SHORT_DATETIME_FORMAT = "j E Y, H:i"
UK_DATE_FORMAT = "j E Y"
