"""Where a page's copy lives in the cache, and the lock one renderer holds for it.

A key names the page by its path and the values of the query parameters its view
declared it varies on; every other parameter is ignored, so made-up query strings
cannot fill the cache with copies of one page.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.http import Http404, HttpRequest
from django.utils.http import urlencode

from core.query import QueryParameter
from core.release import release_id

# Part of every page's key: raise it when the stored entry's shape changes.
ENTRY_FORMAT = 4


def cache_path(request: HttpRequest, vary_on_query: Sequence[QueryParameter] = ()) -> str | None:
    """The path and the declared parameters' values, each as the view reads it
    ("?page=007" and "?page=7" are one page; "?page=1" is the path alone).
    None when a value is one no page answers to: the view says 404, and that is not stored.
    """
    kept = []
    for parameter in sorted(vary_on_query, key=lambda p: p.name):
        try:
            value = parameter.read(request)
        except Http404:
            return None
        if value != parameter.default:
            kept.append((parameter.name, str(value)))
    return request.path + ("?" + urlencode(kept) if kept else "")


def page_key(request: HttpRequest, vary_on_query: Sequence[QueryParameter] = ()) -> str | None:
    path = cache_path(request, vary_on_query)
    if path is None:
        return None
    # The release too: a deploy never serves pages the previous code rendered.
    return f"page:{ENTRY_FORMAT}:{release_id()}:{path}"


def lock_key(key: str, version: int) -> str:
    return f"lock:{key}:{version}"
