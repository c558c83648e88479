"""Strict reading of the query parameters that public views act on.

A cached public page is stored once per value of the parameters its view reads, so
each of those is read one way only, here: the value a view acts on is also what names
its cached copy ("007" and "7" are one page), and a value no page answers to is a 404,
which is never cached. Nothing a visitor types reaches a parser that trusts it or a
database query that chokes on it (a NUL byte), so junk is never a 500 or a 503.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

from django.http import Http404, HttpRequest

T = TypeVar("T")


@dataclass(frozen=True)
class QueryParameter(Generic[T]):
    """A query parameter a view reads: its name, how its text is read, and the value
    it has when absent or empty (`parse` raises ValueError for text no page answers to)."""

    name: str
    parse: Callable[[str], T]
    default: T

    def read(self, request: HttpRequest) -> T:
        raw = request.GET.get(self.name, "")
        if raw == "":
            return self.default
        try:
            return self.parse(raw)
        except ValueError:
            raise Http404(f"No page answers to that {self.name}.") from None


def whole_number(*, low: int, high: int) -> Callable[[str], int]:
    """ASCII digits only (str.isdigit also takes "²" and "①", which int() refuses),
    from `low` to `high`; leading zeros are allowed but not unbounded."""
    longest = len(str(high))

    def parse(raw: str) -> int:
        if not (raw.isascii() and raw.isdigit() and len(raw) <= longest):
            raise ValueError(raw)
        number = int(raw)
        if not low <= number <= high:
            raise ValueError(raw)
        return number

    return parse


# Letters and digits of any script, dots and hyphens: a host name as urlsplit gives it.
_HOST_NAME = re.compile(r"[\w.-]{1,253}")


def host_name(raw: str) -> str:
    if not _HOST_NAME.fullmatch(raw):
        raise ValueError(raw)
    return raw
