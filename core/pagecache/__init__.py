"""Caching for public pages, keyed on the site-wide content version.

Anonymous GETs are served from the configured cache (Redis in production) with an
ETag and CDN-friendly Cache-Control; any publish moves the content version on
(`core.cache_version`, read from the database), so the next request renders afresh. Only one request renders a missing page at a time;
the others wait briefly for its copy (never the previous one). Visitors with a session
(staff) are never cached.

Views opt in with `cached_public` (naming the query parameters they read);
`PublicPageCacheMiddleware` answers hits early, before the session, CSRF, auth and
messages middleware have any work to do.
"""

from core.pagecache.decorators import CachePolicy, cached_public, expires_at, policy_of
from core.pagecache.entries import PUBLIC_CACHE_CONTROL
from core.pagecache.keys import lock_key, page_key
from core.pagecache.middleware import PublicPageCacheMiddleware

__all__ = [
    "PUBLIC_CACHE_CONTROL",
    "CachePolicy",
    "PublicPageCacheMiddleware",
    "cached_public",
    "expires_at",
    "lock_key",
    "page_key",
    "policy_of",
]
