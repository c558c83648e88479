"""Answer an anonymous GET from the page cache before the rest of the stack runs.

Sits below the middleware that add security headers (so hits get them too) and above
sessions, CSRF, auth and messages, which have nothing to do for a cached public page.
Which pages are cached is the views' own say: the middleware resolves the path and asks
the view for the policy `cached_public` gave it. Misses go on to the view, whose
`cached_public` reuses this lookup instead of repeating it.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.urls import Resolver404, resolve
from django.utils.cache import patch_cache_control

from core.cache_version import content_version
from core.pagecache.anonymity import is_anonymous
from core.pagecache.decorators import SAFE_METHODS, CachePolicy, policy_of
from core.pagecache.entries import PUBLIC_CACHE_CONTROL, is_current, respond
from core.pagecache.keys import page_key
from core.pagecache.memo import lookup
from core.pagecache.outages import CACHE_ERRORS
from core.pagecache.state import state_of
from core.pagecache.surrogate import key_headers, page_keys


class PublicPageCacheMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # Cheapest first: the session store is asked only about a cached page.
        policy = _policy_for(request) if request.method in SAFE_METHODS else None
        if policy is None or not is_anonymous(request):
            return self.get_response(request)
        request.get_host()  # refuse a host outside ALLOWED_HOSTS, as CommonMiddleware does
        key = page_key(request, policy.vary_on_query)
        if key is not None:
            state = state_of(request)
            state.version = content_version()
            try:
                state.entry = lookup(key, state.version)
            except CACHE_ERRORS:
                state.cache_down = True  # the view renders without the cache
            else:
                if is_current(state.entry, state.version):
                    return respond(request, state.entry)
                state.looked_up = True
        response = self.get_response(request)
        if not response.has_header("Cache-Control"):
            # A public page's redirect or 404: browsers ask again each time (an old slug's
            # 301 must not stick), and a CDN holds it 30 s at most (no Surrogate-Control),
            # tagged with the view's keys so a publish that fills the address purges it.
            patch_cache_control(response, **PUBLIC_CACHE_CONTROL)
            for name, value in key_headers(page_keys(policy.keys)).items():
                response[name] = value
        return response


def _policy_for(request: HttpRequest) -> CachePolicy | None:
    """The cache policy of the view this path leads to; None for any other view."""
    try:
        match = resolve(request.path_info, urlconf=getattr(request, "urlconf", None))
    except Resolver404:
        return None
    return policy_of(match.func)
