"""JSON-LD for templates, escaped so no string in it can close the <script> element."""

import json

from django import template
from django.utils.safestring import mark_safe

register = template.Library()

_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026"}


@register.filter
def ld_json(value) -> str:
    # Safe by construction: json.dumps quotes every string and the escapes above
    # remove the only characters that could end the script element.
    return mark_safe(json.dumps(value, ensure_ascii=False).translate(_ESCAPES))  # noqa: S308
