"""How many copies of one page with query parameters (filters, page numbers) the cache
takes in a day.

Each parameter a view declares is read strictly, but their valid combinations are many
(the incidents list: countries, sets of categories, attribution, NATO, months, pages):
a crawl of them all would fill the cache with pages nobody else asks for. So each path
takes at most `VARIANTS_PER_DAY` new copies with parameters a day; past that, a new
combination is rendered each time (about 30 ms) and not stored, while every copy already
kept is still served. Copies live a day (`locking.PAGE_TIMEOUT`), so a path holds at
most about twice this many at any time, however long the crawl.
"""

from __future__ import annotations

from django.core.cache import cache
from django.utils import timezone

# More than the site links to in a day (its filter links, its pages) by far.
VARIANTS_PER_DAY = 500
DAY = 24 * 3600


def may_keep_another(path: str) -> bool:
    """Whether the cache takes one more new copy of `path` (its address without the
    query) today; counted in the cache itself, so every process shares the count."""
    counter = f"variants:{timezone.now().date().isoformat()}:{path}"
    cache.add(counter, 0, timeout=DAY)
    try:
        return cache.incr(counter) <= VARIANTS_PER_DAY
    except ValueError:  # gone since (evicted, or a cache that keeps nothing): start again
        cache.set(counter, 1, timeout=DAY)
        return True
