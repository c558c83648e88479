"""UK time everywhere Django formats a date for us (admin lists, read-only fields):
"27 Nov 2026, 13:26 GMT", the same words the pages and core.uktime use, never
"1:26 p.m." with no zone. Formats not set here fall back to Django's en_GB ones."""

DATETIME_FORMAT = "j M Y, H:i T"
SHORT_DATETIME_FORMAT = "d/m/Y H:i T"
TIME_FORMAT = "H:i"
