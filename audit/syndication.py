"""The updates feed: every public changelog entry, each with its place in the audit chain.

Feed readers and mirrors keep copies of what they fetch, so the id and hash of each
entry in the feed are anchors outside the database: a rewritten entry, or one before
it, shows up as a hash that no longer matches the copy (see audit/checkpoints.py).
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import get_language, gettext

from audit.models import AuditEntry
from audit.selectors import with_live_links
from core.sanitize import xml_text
from core.site_feed import SiteFeed, in_language, on_site, summary

# A fixed name, whatever the site's address, so one reader of it works for every copy.
CHAIN_NAMESPACE = "tag:warstatus.example,2026:audit-chain"


@dataclass(frozen=True)
class EntryText:
    """An entry as a reader of another language sees it, and the language it is in."""

    title: str
    description: str
    lang: str  # BCP 47: the reader's language, or "en-GB" where it stays English


# Apps that own what entries are about (the verdict) give their text in the reader's
# language, for a whole page of entries at once (one query, not one per entry).
_ENTRY_TEXTS: list[Callable[[list[AuditEntry], str], dict[int, EntryText]]] = []


def register_entry_texts(texts: Callable[[list[AuditEntry], str], dict[int, EntryText]]) -> None:
    _ENTRY_TEXTS.append(texts)


class ChainedAtomFeed(Atom1Feed):
    """Atom plus `<audit:chain entry="83" hash="hmac-sha256:…"/>` in each entry."""

    def root_attributes(self) -> dict[str, str]:
        return {**super().root_attributes(), "xmlns:audit": CHAIN_NAMESPACE}

    def add_item_elements(self, handler, item) -> None:
        super().add_item_elements(handler, item)
        handler.addQuickElement(
            "audit:chain", attrs={"entry": str(item["audit_entry"]), "hash": item["audit_hash"]}
        )

    def item_attributes(self, item) -> dict[str, str]:
        # In a feed of another language, the entries left in English say so.
        attrs = super().item_attributes(item)
        if item.get("lang"):
            attrs["xml:lang"] = item["lang"]
        return attrs


class UpdatesFeed(SiteFeed):
    """Atom: verdict changes, checks and every public changelog entry, one entry each."""

    def title(self) -> str:
        # The site's question is a msgid of the catalogues (its translations are there).
        return gettext("%(site)s — updates") % {"site": gettext(settings.SITE_NAME)}

    def subtitle(self) -> str:
        return gettext("Verdict changes and notable checks and content changes.")

    path = "/changelog/"
    feed_path = "/feeds/updates.xml"
    feed_type = ChainedAtomFeed

    def items(self):
        # Linked like the changelog: a page readers can no longer open is not linked.
        entries = with_live_links(list(AuditEntry.objects.for_public_feed().newest_first()[:50]))
        language = get_language()
        if language != settings.LANGUAGE_CODE:
            texts: dict[int, EntryText] = {}
            for entry_texts in _ENTRY_TEXTS:
                texts |= entry_texts(entries, language)
            for entry in entries:
                entry.shown_text = texts.get(entry.pk, EntryText("", "", "en-GB"))
        return entries

    def item_extra_kwargs(self, entry: AuditEntry) -> dict:
        shown = getattr(entry, "shown_text", None)
        extra = {"audit_entry": entry.pk, "audit_hash": entry.hash}
        return extra | {"lang": shown.lang} if shown else extra

    def item_title(self, entry: AuditEntry) -> str:
        shown = getattr(entry, "shown_text", None)
        return xml_text(shown.title if shown and shown.title else entry.summary)

    def item_description(self, entry: AuditEntry) -> str:
        shown = getattr(entry, "shown_text", None)
        if shown and shown.description:
            return summary(shown.description)
        return summary(entry.note or entry.summary)

    def item_link(self, entry: AuditEntry) -> str:
        # The page in the feed's language (reverse() gives the changelog's already).
        return on_site(
            in_language(entry.live_url)
            if entry.live_url
            else f"{reverse('audit:changelog')}#entry-{entry.pk}"
        )

    def item_guid(self, entry: AuditEntry) -> str:
        return f"{settings.SITE_URL}/changelog/#entry-{entry.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, entry: AuditEntry):
        return entry.created_at

    def item_updateddate(self, entry: AuditEntry):
        return entry.created_at
