from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from warstatus.audit.models import AuditEntry
from warstatus.sanitize import xml_text


class UpdatesFeed(Feed):
    """Atom: verdict changes, checks and every public changelog entry, one entry each."""

    feed_type = Atom1Feed
    title = f"{settings.SITE_NAME} — updates"
    subtitle = "Verdict changes and notable checks and content changes."

    def link(self) -> str:
        return reverse("audit:changelog")

    def items(self):
        return AuditEntry.objects.public().newest_first()[:50]

    def item_title(self, entry: AuditEntry) -> str:
        return xml_text(entry.summary)

    def item_description(self, entry: AuditEntry) -> str:
        return xml_text(entry.note or entry.summary)

    def item_link(self, entry: AuditEntry) -> str:
        return entry.object_url or f"{reverse('audit:changelog')}#entry-{entry.pk}"

    def item_guid(self, entry: AuditEntry) -> str:
        return f"{settings.SITE_URL}/changelog/#entry-{entry.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, entry: AuditEntry):
        return entry.created_at

    def item_updateddate(self, entry: AuditEntry):
        return entry.created_at
