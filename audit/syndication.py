"""The updates feed: every public changelog entry, each with its place in the audit chain.

Feed readers and mirrors keep copies of what they fetch, so the id and hash of each
entry in the feed are anchors outside the database: a rewritten entry, or one before
it, shows up as a hash that no longer matches the copy (see audit/checkpoints.py).
"""

from django.conf import settings
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from audit.models import AuditEntry
from audit.selectors import with_live_links
from core.sanitize import xml_text
from core.site_feed import SiteFeed, on_site, summary

# A fixed name, whatever the site's address, so one reader of it works for every copy.
CHAIN_NAMESPACE = "tag:warstatus.example,2026:audit-chain"


class ChainedAtomFeed(Atom1Feed):
    """Atom plus `<audit:chain entry="83" hash="hmac-sha256:…"/>` in each entry."""

    def root_attributes(self) -> dict[str, str]:
        return {**super().root_attributes(), "xmlns:audit": CHAIN_NAMESPACE}

    def add_item_elements(self, handler, item) -> None:
        super().add_item_elements(handler, item)
        handler.addQuickElement(
            "audit:chain", attrs={"entry": str(item["audit_entry"]), "hash": item["audit_hash"]}
        )


class UpdatesFeed(SiteFeed):
    """Atom: verdict changes, checks and every public changelog entry, one entry each."""

    title = f"{settings.SITE_NAME} — updates"
    subtitle = "Verdict changes and notable checks and content changes."

    path = "/changelog/"
    feed_path = "/feeds/updates.xml"
    feed_type = ChainedAtomFeed

    def items(self):
        # Linked like the changelog: a page readers can no longer open is not linked.
        return with_live_links(list(AuditEntry.objects.for_public_feed().newest_first()[:50]))

    def item_extra_kwargs(self, entry: AuditEntry) -> dict:
        return {"audit_entry": entry.pk, "audit_hash": entry.hash}

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
