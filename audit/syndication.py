from django.conf import settings
from django.urls import reverse

from audit.models import AuditEntry
from audit.selectors import with_live_links
from core.sanitize import xml_text
from core.site_feed import SiteFeed, on_site, summary


class UpdatesFeed(SiteFeed):
    """Atom: verdict changes, checks and every public changelog entry, one entry each."""

    title = f"{settings.SITE_NAME} — updates"
    subtitle = "Verdict changes and notable checks and content changes."

    path = "/changelog/"
    feed_path = "/feeds/updates.xml"

    def items(self):
        # Linked like the changelog: a page readers can no longer open is not linked.
        return with_live_links(list(AuditEntry.objects.for_public_list().newest_first()[:50]))

    def item_title(self, entry: AuditEntry) -> str:
        return xml_text(entry.summary)

    def item_description(self, entry: AuditEntry) -> str:
        return summary(entry.note or entry.summary)

    def item_link(self, entry: AuditEntry) -> str:
        return on_site(entry.live_url or f"{reverse('audit:changelog')}#entry-{entry.pk}")

    def item_guid(self, entry: AuditEntry) -> str:
        return f"{settings.SITE_URL}/changelog/#entry-{entry.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, entry: AuditEntry):
        return entry.created_at

    def item_updateddate(self, entry: AuditEntry):
        return entry.created_at
