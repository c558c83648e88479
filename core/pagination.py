"""The one rule for reading ?page= on public pages (the views and the page cache share it)."""

from core.query import QueryParameter, whole_number

MAX_PAGE = 10_000

# Page 1 when absent; "x", "0", "²" or 10001 are 404s, never a cached copy of page 1.
PAGE = QueryParameter("page", whole_number(low=1, high=MAX_PAGE), default=1)
