"""The one rule for reading ?page= on public pages (the views and the page cache share it)."""

from django.http import HttpRequest

MAX_PAGE = 10_000


def requested_page(request: HttpRequest) -> int:
    """The page asked for: a whole number from 1 to MAX_PAGE; anything else is page 1."""
    raw = request.GET.get("page", "")[:6]
    return min(int(raw), MAX_PAGE) if raw.isdigit() and int(raw) >= 1 else 1
