"""The base of the site's Atom feeds: every URL in them is on SITE_URL.

Django builds a feed's links from the host the request named; these feeds are
cached and served to every host, so they name the site itself instead. A feed read in
another language (/pl/feeds/updates.xml) links that language's pages (/pl/changelog/).
"""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import translate_url
from django.utils import translation
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape

from core.sanitize import xml_text


def on_site(path: str) -> str:
    """`path` on SITE_URL; a URL that is already absolute is left as it is."""
    return path if path.startswith(("http://", "https://")) else f"{settings.SITE_URL}{path}"


def in_language(path: str) -> str:
    """An English page's `path` as the active language's (/pl/news/); a path no page
    answers, or one already absolute, is left as it is."""
    language = translation.get_language() or settings.LANGUAGE_CODE
    if language == settings.LANGUAGE_CODE or not path.startswith("/"):
        return path
    with translation.override(settings.LANGUAGE_CODE):
        return translate_url(path, language)


def summary(text: str) -> str:
    """Plain text for an entry's summary, which Atom feeds from Django mark type="html":
    escaped, so "Moscow <denies> it" and "A &amp; B" reach the reader as written."""
    return escape(xml_text(text))


class SiteFeed(Feed):
    feed_type = Atom1Feed
    author_name = settings.SITE_NAME  # RFC 4287: a feed without one is invalid
    path = ""  # the page the feed follows, e.g. "/news/"
    feed_path = ""  # the feed itself, e.g. "/feeds/news.xml"

    def link(self) -> str:
        return on_site(in_language(self.path))

    def feed_url(self) -> str:
        return on_site(in_language(self.feed_path))
