"""The base of the site's Atom feeds: every URL in them is on SITE_URL.

Django builds a feed's links from the host the request named; these feeds are
cached and served to every host, so they name the site itself instead.
"""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape

from core.sanitize import xml_text


def on_site(path: str) -> str:
    """`path` on SITE_URL; a URL that is already absolute is left as it is."""
    return path if path.startswith(("http://", "https://")) else f"{settings.SITE_URL}{path}"


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
        return on_site(self.path)

    def feed_url(self) -> str:
        return on_site(self.feed_path)
