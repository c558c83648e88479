"""UK time in Lithuanian, for core.uktime and the templates' |date filters.

Lithuanian: “2026 m. lapkričio 22 d., 14:05”; the month in the genitive (E). The zone
("GMT"/"BST") is added by core.uktime; every other format falls back to Django's own lt
formats."""

UK_DATETIME_FORMAT = "Y \\m. E j \\d., H:i"
UK_SHORT_DATETIME_FORMAT = "Y \\m. E j \\d., H:i"
UK_DATE_FORMAT = "Y \\m. E j \\d."
