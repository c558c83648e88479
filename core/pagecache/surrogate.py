"""Surrogate keys: which content each public page shows, so a shared cache can hold it
and drop exactly the pages a change touches.

A page carries a key per kind of content it shows (each app names its own, e.g. the news
app's `news`) and a key per object where it shows one object (`explainer-12`), plus `all`,
which every page carries. `keys_for_change` is the one place that turns a change (the
content type and object an audit entry names) into the keys to purge; apps say, in their
`AppConfig.ready()`, what kind of content their rows are (`register_kind`) and which key
every public change purges (`register_public_record`), so this module names no app.
Headers are written three ways, one per family of shared cache: `Surrogate-Key` (Fastly,
and Varnish's VCL copies it into `xkey`), `Cache-Tag` (Cloudflare), and
`Surrogate-Control`, the lifetime a shared cache keeps the page, which it strips before
the reader sees it.
"""

from __future__ import annotations

import math
import time
from collections.abc import Iterable, Mapping

from django.conf import settings
from django.http import HttpResponse

ALL = "all"


def shared_max_age() -> int:
    """How long a shared cache keeps a page before revalidating it (a publish purges it
    sooner): the bound on an old page when a purge is lost (SHARED_CACHE_MAX_AGE)."""
    return int(getattr(settings, "SHARED_CACHE_MAX_AGE", 30))


# The kind of content each app's rows are, as its pages name it; None for an app whose
# rows show on no public page (sign-ins, subscribers, staff mail). An app not registered
# purges everything.
_KIND: dict[str, str | None] = {}
# Models whose rows are another kind than their app's, and models with a public page of
# their own (whose change also purges that page's key).
_MODEL_KIND: dict[tuple[str, str], str] = {}
_OWN_PAGE: dict[tuple[str, str], str] = {}
# The keys of the pages listing every public change (the changelog).
_PUBLIC_RECORD: set[str] = set()

# Set on a response by `set_keys`; `cached_public` stores it with the page.
ATTRIBUTE = "surrogate_keys"


def register_kind(
    app_label: str,
    kind: str | None,
    *,
    models: Mapping[str, str] | None = None,
    own_pages: Mapping[str, str] | None = None,
) -> None:
    """Say what kind of content an app's rows are (None: shown on no public page),
    which of its models are another kind, and which have a page of their own (the
    prefix of that page's `object_key`)."""
    _KIND[app_label] = kind
    for model, model_kind in (models or {}).items():
        _MODEL_KIND[(app_label, model)] = model_kind
    for model, prefix in (own_pages or {}).items():
        _OWN_PAGE[(app_label, model)] = prefix


def register_public_record(key: str) -> None:
    """A key every public change purges: the pages that list them."""
    _PUBLIC_RECORD.add(key)


def object_key(model: str, object_id: object) -> str:
    """The key of one object's own page, e.g. `explainer-12`."""
    return f"{model}-{object_id}"


def keys_for_change(
    *, app_label: str | None, model: str | None, object_id: str | None, public: bool
) -> frozenset[str]:
    """The keys of every page a change may alter. An unknown kind of change purges
    everything (`all`): too much is slower, too little shows a reader an old page."""
    keys: set[str] = set(_PUBLIC_RECORD) if public else set()
    if app_label is None or model is None or app_label not in _KIND:
        return frozenset(keys | {ALL})
    kind = _MODEL_KIND.get((app_label, model), _KIND[app_label])
    if kind is None:
        return frozenset(keys)
    keys.add(kind)
    own = _OWN_PAGE.get((app_label, model))
    if own is not None and object_id:
        keys.add(object_key(own, object_id))
    return frozenset(keys)


def set_keys(response: HttpResponse, *keys: str) -> HttpResponse:
    """Say what this response shows, instead of what its view declared: an object's page
    names that object (`explainer-12`), while the view's 404 or redirect keeps the
    declared kind (`explainers`), since publishing any explainer may fill that address."""
    setattr(response, ATTRIBUTE, keys)
    return response


def page_keys(declared: Iterable[str], response: HttpResponse | None = None) -> tuple[str, ...]:
    """The keys a page carries: `all`, and what the response named or else its view."""
    named = getattr(response, ATTRIBUTE, None) if response is not None else None
    return tuple(sorted({ALL, *(declared if named is None else named)}))


def key_headers(keys: Iterable[str]) -> dict[str, str]:
    keys = list(keys)
    return {"Surrogate-Key": " ".join(keys), "Cache-Tag": ",".join(keys)}


def surrogate_control(fresh_until: float | None, *, now: float | None = None) -> str:
    """How long a shared cache may keep the page: `shared_max_age()`, or until the clock
    alone changes it (the home page's "last checked" age), whichever is sooner."""
    lifetime = shared_max_age()
    if fresh_until is not None:
        remaining = math.floor(fresh_until - (time.time() if now is None else now))
        lifetime = max(0, min(lifetime, remaining))
    return f"max-age={lifetime}"
