"""The bench's addresses with each cached view's cache taken off: what a request
carrying `X-Bench-Render` is routed through, to time a full render on every request.

Names and namespaces are kept, so the pages' links reverse as they do on the site.
"""

from django.urls import URLPattern, URLResolver

from bench.urls import handler404, handler500
from bench.urls import urlpatterns as bench_urlpatterns
from core.pagecache import policy_of


def _uncached(patterns: list) -> list:
    copied = []
    for entry in patterns:
        if isinstance(entry, URLResolver):
            copied.append(
                URLResolver(
                    entry.pattern,
                    _uncached(entry.url_patterns),
                    entry.default_kwargs,
                    entry.app_name,
                    entry.namespace,
                )
            )
        elif policy_of(entry.callback) is not None:
            view = entry.callback.__wrapped__  # the view `cached_public` wraps
            copied.append(URLPattern(entry.pattern, view, entry.default_args, entry.name))
        else:
            copied.append(entry)
    return copied


urlpatterns = _uncached(bench_urlpatterns)

__all__ = ["handler404", "handler500", "urlpatterns"]
