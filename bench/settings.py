"""Production settings plus what only `make bench` uses: the reference endpoints under
/bench/, the `X-Bench-Render` header and, with BENCH_COUNT_RENDERS=true, a log of the
requests on which the origin rendered a page (`bench.middleware.CountRenders`).
`bench/run.py` selects it through DJANGO_SETTINGS_MODULE; the site itself never loads it."""

from core.envparse import env_bool
from warstatus.settings import *  # noqa: F403
from warstatus.settings import MIDDLEWARE

ROOT_URLCONF = "bench.urls"

# Before the page cache, which must see the uncached addresses to let the render through.
_cache = MIDDLEWARE.index("core.pagecache.PublicPageCacheMiddleware")
MIDDLEWARE = [*MIDDLEWARE[:_cache], "bench.middleware.RenderEveryRequest", *MIDDLEWARE[_cache:]]

# First, so it sees every query a request makes, cache hits and misses alike.
if env_bool("BENCH_COUNT_RENDERS", False):
    MIDDLEWARE = ["bench.middleware.CountRenders", *MIDDLEWARE]
