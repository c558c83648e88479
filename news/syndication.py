from django.conf import settings

from core.pagecache import cached_public
from core.sanitize import xml_text
from core.site_feed import SiteFeed, summary
from news.apps import NEWS
from news.models import CuratedLink


class NewsFeed(SiteFeed):
    """Atom: published curated links, newest first, with our context."""

    title = f"{settings.SITE_NAME} — curated news"
    subtitle = "Reporting from reputable outlets on NATO and Russia, with brief context."
    path = "/news/"
    feed_path = "/feeds/news.xml"

    def items(self):
        return CuratedLink.objects.for_display().reporting().newest_first()[:50]

    def item_title(self, link: CuratedLink) -> str:
        outlet = f" ({link.outlet.name})" if link.outlet else ""
        return xml_text(f"{link.title}{outlet}")

    def item_description(self, link: CuratedLink) -> str:
        return summary(link.context)

    def item_link(self, link: CuratedLink) -> str:
        return link.url

    def item_guid(self, link: CuratedLink) -> str:
        return f"{settings.SITE_URL}/news/#link-{link.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, link: CuratedLink):
        return link.approved_at or link.created_at

    def item_updateddate(self, link: CuratedLink):
        return link.updated_at


news_feed = cached_public(NewsFeed(), keys=(NEWS,))
