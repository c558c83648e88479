"""What a subscriber's email says: a subject that tells what happened, and a body with
the headline, the summary and the reason.

    for_entry(entry) -> Wording                     (once per announced entry)
    Wording.body_for(unsubscribe_url) -> str       (each reader's copy)
    for_digest(digest) -> DigestWording             (once per daily digest)
    DigestWording.body_for(unsubscribe_url) -> str (each reader's copy)

"The answer changed: No → Not formally" only when the short answer itself changed;
"Status update: <headline>" for everything else, so a reworded summary never reads
as a change of answer.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone

from audit.models import Action, AuditEntry
from audit.selectors import with_live_links
from core.text import one_line
from status.models import Indicator, Verdict
from status.preview import EmailPreview
from subscriptions.models import Digest

# An editor's note can run to paragraphs; the digest gives each update a line or two.
DIGEST_NOTE_MAX = 280


@dataclass(frozen=True)
class Wording:
    subject: str
    what_happened: str
    headline: str
    summary: str
    reason: str
    when: str

    def body_for(self, unsubscribe_url: str) -> str:
        return (
            f"{self.what_happened}\n\n"
            f"{self.headline}\n\n"
            f"{self.summary}\n\n"
            f"Why: {self.reason}\n\n"
            f"{self.when} (UK time)\n"
            f"{settings.SITE_URL}/\n\n"
            f"Unsubscribe with one click: {unsubscribe_url}\n"
        )


def _verdict_of(entry: AuditEntry) -> Verdict | None:
    """The verdict the entry announces, else the one in force (what readers see now)."""
    if entry.action == Action.VERDICT_CHANGED and entry.object_id.isdigit():
        found = Verdict.objects.filter(pk=int(entry.object_id)).first()
        if found is not None:
            return found
    return Verdict.objects.current()


def _is_about_status(entry: AuditEntry) -> bool:
    if entry.action == Action.VERDICT_CHANGED:
        return True
    model = entry.content_type.model_class() if entry.content_type_id else None
    return model is Indicator


def subject_for(entry: AuditEntry, verdict: Verdict | None) -> str:
    """What changed, and only that: the answer, the verdict, or an indicator (an
    indicator's update never reads as a change of verdict)."""
    if entry.action == Action.VERDICT_CHANGED:
        return _verdict_subject(entry, verdict)
    if _is_about_status(entry):
        # "Indicator updated: Article 4 consultations — Yes" (the entry's own line).
        return entry.summary.rstrip(".")
    # A new link or explainer: its own one line is the headline of this update.
    return f"Status update: {entry.summary}"


def _verdict_subject(entry: AuditEntry, verdict: Verdict | None) -> str:
    answer, state = entry.changes.get("answer"), entry.changes.get("state")
    headline = verdict.headline if verdict is not None else entry.summary
    if isinstance(answer, list) and len(answer) == 2 and answer[0] and answer[0] != answer[1]:
        subject = f"The answer changed: {answer[0]} → {answer[1]}"
    elif isinstance(state, list) and len(state) == 2 and state[0] and state[0] != state[1]:
        subject = f"Verdict changed: {headline}"
    else:  # reworded: a status update, never "changed"
        subject = f"Status update: {headline}"
    # A status change (the composer) may update indicators with the verdict.
    count = sum(1 for name in entry.changes if name.startswith("indicator "))
    if count:
        subject += f"; {count} indicator{'' if count == 1 else 's'} updated"
    return subject


def for_entry(entry: AuditEntry) -> Wording:
    return _wording(entry, _verdict_of(entry))


def preview(entry: AuditEntry, verdict: Verdict | None) -> EmailPreview:
    """A status change's email before it is approved (registered in apps.py): what each
    reader will get, with a stand-in for their own unsubscribe link."""
    text = _wording(entry, verdict)
    return EmailPreview(
        subject=one_line(text.subject), body=text.body_for("(each reader's own link)")
    )


def _wording(entry: AuditEntry, verdict: Verdict | None) -> Wording:
    when = timezone.localtime(entry.created_at)
    subject = subject_for(entry, verdict)
    return Wording(
        subject=f"[{settings.SITE_NAME}] {subject}"[:200],
        what_happened=entry.summary,
        headline=verdict.headline if verdict else "",
        summary=verdict.summary if verdict else "",
        reason=entry.note or (verdict.reason if verdict else "") or "No reason was given.",
        when=f"{when:%A %-d %B %Y, %H:%M} {when.tzname()}",
    )


@dataclass(frozen=True)
class DigestItem:
    what: str  # the changelog's line: "Link published: NATO jets scrambled"
    why: str  # the context or reason, on one line
    when: str
    link: str


@dataclass(frozen=True)
class DigestWording:
    subject: str
    items: tuple[DigestItem, ...]
    answer_now: str

    def body_for(self, unsubscribe_url: str) -> str:
        lines = [f"What we published since the last digest: {_updates(len(self.items))}.", ""]
        for number, item in enumerate(self.items, start=1):
            lines.append(f"{number}. {item.what}")
            if item.why:
                lines.append(f"   {item.why}")
            lines += [f"   {item.when}", f"   {item.link}", ""]
        return "\n".join(
            [
                *lines,
                f"The answer now: {self.answer_now}",
                f"{settings.SITE_URL}/",
                "",
                f"Every change, as it happened: {settings.SITE_URL}/changelog/",
                "",
                f"Unsubscribe with one click: {unsubscribe_url}",
                "",
            ]
        )


def _updates(count: int) -> str:
    return f"{count} update{'' if count == 1 else 's'}"


def _when(moment) -> str:
    local = timezone.localtime(moment)
    return f"{local:%A %-d %B %Y, %H:%M} {local.tzname()}"


def _short(text: str) -> str:
    text = one_line(text)
    return text if len(text) <= DIGEST_NOTE_MAX else text[: DIGEST_NOTE_MAX - 1].rstrip() + "…"


def _digest_item(entry: AuditEntry) -> DigestItem:
    # A page withdrawn since (a hidden link, an unpublished explainer) is not linked:
    # the changelog still tells what happened.
    page = entry.live_url if entry.live_url.startswith("/") else "/changelog/"
    return DigestItem(
        what=one_line(entry.summary),
        why=_short(entry.note),
        when=_when(entry.created_at),
        link=f"{settings.SITE_URL}{page}",
    )


def for_digest(digest: Digest) -> DigestWording:
    """The day's updates in the order they happened, and the answer as it stands."""
    entries = AuditEntry.objects.filter(pk__in=digest.announcements.values("entry_id")).order_by(
        "created_at", "id"
    )
    items = tuple(_digest_item(entry) for entry in with_live_links(list(entries)))
    verdict = Verdict.objects.current()
    answer = f"{verdict.answer} — {verdict.headline}" if verdict else "not published yet."
    return DigestWording(
        subject=(
            f"[{settings.SITE_NAME}] Daily digest: {_updates(len(items))} ({digest.day:%-d %B %Y})"
        ),
        items=items,
        answer_now=one_line(answer),
    )
