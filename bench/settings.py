"""Production settings plus what only `make bench` uses: the reference endpoints under
/bench/ and the `X-Bench-Render` header. `bench/run.py` selects it through
DJANGO_SETTINGS_MODULE; the site itself never loads it."""

from warstatus.settings import *  # noqa: F403
from warstatus.settings import MIDDLEWARE

ROOT_URLCONF = "bench.urls"

# Before the page cache, which must see the uncached addresses to let the render through.
_cache = MIDDLEWARE.index("core.pagecache.PublicPageCacheMiddleware")
MIDDLEWARE = [*MIDDLEWARE[:_cache], "bench.middleware.RenderEveryRequest", *MIDDLEWARE[_cache:]]
