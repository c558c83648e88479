"""UK time everywhere Django formats a date for us (admin lists, read-only fields):
"27 Nov 2026, 13:26 GMT", the same words the pages and core.uktime use, never
"1:26 p.m." with no zone. Formats not set here fall back to Django's en_GB ones."""

DATETIME_FORMAT = "j M Y, H:i T"
SHORT_DATETIME_FORMAT = "d/m/Y H:i T"
TIME_FORMAT = "H:i"

# core.uktime and the pages' dates, named so each language can say them its own way
# (core/formats/<code>/formats.py): "Sunday 22 November 2026, 14:05".
UK_DATETIME_FORMAT = "l j F Y, H:i"
UK_SHORT_DATETIME_FORMAT = "j F Y, H:i"
UK_DATE_FORMAT = "j F Y"
