"""UK time for templates: `{{ value|uk_datetime }}`, `{{ value|uk_iso }}`,
`{{ value|uk_input }}` (see core.uktime)."""

from django import template

from core import uktime

register = template.Library()
register.filter("uk_datetime", uktime.uk_datetime)
register.filter("uk_iso", uktime.uk_iso)
register.filter("uk_input", uktime.uk_input)
