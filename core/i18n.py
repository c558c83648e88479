"""The language of a request comes from its path, and from nothing else.

English (LANGUAGE_CODE) keeps the unprefixed addresses; every other language in
SITE_LANGUAGES is served under its own first path segment (`/pl/`, `/et/`, ...). Never
from Accept-Language or a cookie: a cached page must be the same for every reader of
its address, so the page cache and any shared cache keep exactly one copy per
language, and no response says `Vary: Accept-Language`.

Not Django's LocaleMiddleware: that one adds `Vary: Accept-Language` to every page
outside a language prefix (all English pages), leaves the language active after the
response, and runs after URL resolving would have needed it. This one sits above the
page cache, whose `resolve()` of `/pl/...` matches only while Polish is active.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

from django.conf import settings
from django.conf.locale import LANG_INFO
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest, HttpResponse
from django.urls import get_urlconf, translate_url
from django.utils import translation
from django.utils.functional import SimpleLazyObject

# The surrogate key every page rendered in a language other than English carries
# besides its content keys: a change to a translation purges translated pages only.
TRANSLATED = "translated"


def check_site_languages(codes: list[str], default: str) -> list[tuple[str, str]]:
    """(code, name in that language) for each configured language; refuses to start on
    a code Django does not know (a typo would otherwise serve English under /xx/)."""
    found = []
    for code in codes:
        if code != code.lower() or code not in LANG_INFO or "fallback" in LANG_INFO[code]:
            raise ImproperlyConfigured(
                f"SITE_LANGUAGES: {code!r} is not a language code Django knows "
                "(lower case, e.g. pl, et, uk)."
            )
        if code == default or code in (c for c, _ in found):
            raise ImproperlyConfigured(f"SITE_LANGUAGES names {code!r} twice (or English).")
        found.append((code, LANG_INFO[code]["name_local"]))
    return found


def language_from_path(path: str) -> str:
    """The language a path is in: its first segment if that is exactly a site language."""
    first = path.lstrip("/").split("/", 1)[0]
    return first if first in settings.SITE_LANGUAGES else settings.LANGUAGE_CODE


def is_default(language: str) -> bool:
    return language == settings.LANGUAGE_CODE


class PathLanguageMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        language = language_from_path(request.path_info)
        request.LANGUAGE_CODE = language
        # Restored on the way out: nothing of this request's language reaches the next
        # request on this thread (or the test that made the request).
        with translation.override(language):
            response = self.get_response(request)
        response.setdefault("Content-Language", translation.to_language(language))
        if not is_default(language):
            _add_translated_key(response)
        return response


def _add_translated_key(response: HttpResponse) -> None:
    """Hits and renders alike (the stored copy never has it, so it is added each time)."""
    if response.has_header("Surrogate-Key"):
        keys = response["Surrogate-Key"].split()
        if TRANSLATED not in keys:
            response["Surrogate-Key"] = " ".join(sorted({*keys, TRANSLATED}))
            response["Cache-Tag"] = ",".join(sorted({*keys, TRANSLATED}))


def bcp47(code: str) -> str:
    """ "en-gb" as HTML's lang and hreflang write it: "en-GB"."""
    language, _, region = code.partition("-")
    return f"{language}-{region.upper()}" if region else language


def language_links(request: HttpRequest) -> list[dict]:
    """This page in each site language: the picker's links and the hreflang alternates
    (the English one is also the x-default). A path no language answers stays as it is."""
    current = getattr(request, "LANGUAGE_CODE", settings.LANGUAGE_CODE)
    languages = tuple(settings.LANGUAGES)
    # A made-up address of thousands of characters is worked out, not kept: 1,024 of them
    # (each kept with its 7 translations) would hold tens of MB in every worker.
    kept = len(request.path) <= KEPT_PATH_MAX
    translated = _translated_paths if kept else _translated_paths.__wrapped__
    paths = translated(request.path, current, languages, settings.ROOT_URLCONF, get_urlconf())
    return [
        {
            "code": code,
            "bcp47": bcp47(code),
            "name": name,
            "path": path,
            "current": code == current,
        }
        for (code, name), path in zip(languages, paths, strict=True)
    ]


# The site's own addresses are far shorter (a slug has 80 characters at most).
KEPT_PATH_MAX = 200


@functools.lru_cache(maxsize=1024)
def _translated_paths(
    path: str, current: str, languages: tuple[tuple[str, str], ...], *urlconfs: object
) -> tuple[str, ...]:
    """`path` in each of `languages`: resolving and reversing it cost half a millisecond
    of every page's render, and the answer depends on the URLconf alone."""
    with translation.override(current):
        return tuple(translate_url(path, code) for code, _name in languages)


def languages(request: HttpRequest) -> dict:
    """Context processor: `LANGUAGE_LINKS`, worked out only by a page that shows them."""
    return {
        "LANGUAGE_LINKS": SimpleLazyObject(lambda: language_links(request)),
        "HTML_LANG": bcp47(getattr(request, "LANGUAGE_CODE", settings.LANGUAGE_CODE)),
    }
