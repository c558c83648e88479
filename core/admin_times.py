"""Admin lists in UK time: "27 Nov 2026, 13:26 GMT", never "1:26 p.m." with no zone.

FORMAT_MODULE_PATH (core.formats) already gives Django's own date display the site's
words, but Django's "T" prints no zone in the hour the clocks go back; the columns of
our working lists go through core.uktime instead, which is right in that hour too.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

from django.contrib import admin
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.http import HttpRequest

from core.uktime import SHORT, uk_datetime


@cache
def _uk_column(model: type[models.Model], name: str) -> Callable[[Any], str]:
    field = model._meta.get_field(name)

    @admin.display(description=f"{field.verbose_name} (UK time)", ordering=name)
    def column(obj: Any) -> str:
        return uk_datetime(getattr(obj, name), SHORT) or "—"

    column.__name__ = f"{name}_uk"
    return column


def in_uk_time(model: type[models.Model], name: Any) -> Any:
    """`name` as a UK-time column if it names a date-time field, else as it was."""
    if not isinstance(name, str):
        return name
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return name
    return _uk_column(model, name) if isinstance(field, models.DateTimeField) else name


class UKTimesMixin:
    """Mix into a ModelAdmin: its list's date-time columns say UK time with GMT/BST."""

    def get_list_display(self, request: HttpRequest):
        return [in_uk_time(self.model, name) for name in super().get_list_display(request)]
