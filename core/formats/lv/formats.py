"""UK time in Latvian, for core.uktime and the templates' |date filters.

Latvian: “svētdiena, 2026. gada 22. novembris, 14:05”, as Django's lv DATE_FORMAT. The
zone ("GMT"/"BST") is added by core.uktime; every other format falls back to Django's
own lv formats."""

UK_DATETIME_FORMAT = "l, Y. \\g\\a\\d\\a j. F, H:i"
UK_SHORT_DATETIME_FORMAT = "Y. \\g\\a\\d\\a j. F, H:i"
UK_DATE_FORMAT = "Y. \\g\\a\\d\\a j. F"
