"""UK time in Romanian, for core.uktime and the templates' |date filters.

Romanian: “duminică, 22 noiembrie 2026, 14:05”. The zone ("GMT"/"BST") is added by
core.uktime; every other format falls back to Django's own ro formats."""

UK_DATETIME_FORMAT = "l, j F Y, H:i"
UK_SHORT_DATETIME_FORMAT = "j F Y, H:i"
UK_DATE_FORMAT = "j F Y"
