"""UK time in Romanian, for core.uktime and the templates' |date filters.

Romanian: “Duminică, 22 Noiembrie 2026, 14:05” (Django's ro catalogue capitalises the
names). The zone ("GMT"/"BST") is added by core.uktime; every other format falls back to
Django's own ro formats."""

UK_DATETIME_FORMAT = "l, j F Y, H:i"
UK_SHORT_DATETIME_FORMAT = "j F Y, H:i"
UK_DATE_FORMAT = "j F Y"
