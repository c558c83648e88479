"""Pages too big to keep in the page cache (a streamed download): Django's conditional
view support answers a revisit from the content version (`condition(etag_func=
content_etag)`), and the shared cache in front keeps the file, tagged with the content
it shows, until a change to that content purges it (`cached_public` does this for any
stream its view returns)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from typing import Any

from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.utils.cache import patch_cache_control

from core.cache_version import content_version
from core.pagecache.entries import PUBLIC_CACHE_CONTROL
from core.pagecache.surrogate import key_headers, page_keys, surrogate_control
from core.release import release_id


def content_etag(request: HttpRequest, *args: Any, **kwargs: Any) -> str | None:
    """A tag for this address under the site's content version, which every public
    change moves on: a 304 is never stale and costs no query. None while the version
    is not known (the answer then comes in full, without a validator)."""
    version = content_version()
    if version is None:
        return None
    key = f"{release_id()}:{version}:{request.get_full_path()}"
    return '"' + hashlib.sha256(key.encode()).hexdigest()[:32] + '"'


def for_the_shared_cache(response: HttpResponseBase, keys: Iterable[str]) -> HttpResponseBase:
    """Let a shared cache keep a stream (SHARED_CACHE_MAX_AGE), tagged with `keys`: a
    change to what it shows purges it, as it does a stored page."""
    patch_cache_control(response, **PUBLIC_CACHE_CONTROL)
    for name, value in key_headers(page_keys(keys, response)).items():
        response[name] = value
    response["Surrogate-Control"] = surrogate_control(None)
    return response
