"""What a subscriber's email says: a subject that tells what happened, and a body with
the headline, the summary and the reason.

    for_entry(entry) -> Wording                     (once per announced entry)
    Wording.body_for(unsubscribe_url) -> str       (each reader's copy)
    for_digest(digest) -> DigestWording             (once per daily digest)
    DigestWording.body_for(unsubscribe_url) -> str (each reader's copy)

"The answer changed: No → Not formally" only when the short answer itself changed;
"Status update: <headline>" for everything else, so a reworded summary never reads
as a change of answer.

In each reader's language (`Subscriber.language`), read when the email is sent: the
verdict's approved translation while it translates the English in force, else the
English with a line in their language saying its translation is being updated and since
when, so an email is never older than the English either (status.translated). English
emails are unchanged.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.urls import translate_url
from django.utils import timezone, translation
from django.utils.dateformat import format as date_format
from django.utils.translation import gettext, ngettext

from audit.models import Action, AuditEntry
from audit.selectors import with_live_links
from core.text import one_line
from core.uktime import uk_datetime
from status.feed_texts import updating_line
from status.models import Indicator, Verdict
from status.preview import EmailPreview
from status.translated import ShownVerdict, shown_verdict, verdicts_in
from subscriptions.models import Digest

# An editor's note can run to paragraphs; the digest gives each update a line or two.
DIGEST_NOTE_MAX = 280


@dataclass(frozen=True)
class Frame:
    """The words around the content, in the reader's language (English by default)."""

    why: str = "Why: %(reason)s"
    uk_time: str = "%(when)s (UK time)"
    unsubscribe: str = "Unsubscribe with one click: %(link)s"
    # The home page in the reader's language.
    home: str = "/"
    # Above everything: "the translation is being updated", or "not yet reviewed".
    lead: str = ""

    @classmethod
    def translated(cls, *, home: str, lead: str = "") -> Frame:
        """Read with the reader's language active."""
        return cls(
            why=gettext("Why: %(reason)s"),
            uk_time=gettext("%(when)s (UK time)"),
            unsubscribe=gettext("Unsubscribe with one click: %(link)s"),
            home=home,
            lead=lead,
        )

    def top(self) -> str:
        return f"{self.lead}\n\n" if self.lead else ""


@dataclass(frozen=True)
class Wording:
    subject: str
    what_happened: str
    headline: str
    summary: str
    reason: str
    when: str
    frame: Frame = Frame()

    def body_for(self, unsubscribe_url: str) -> str:
        frame = self.frame
        return (
            f"{frame.top()}"
            f"{self.what_happened}\n\n"
            f"{self.headline}\n\n"
            f"{self.summary}\n\n"
            f"{frame.why % {'reason': self.reason}}\n\n"
            f"{frame.uk_time % {'when': self.when}}\n"
            f"{settings.SITE_URL}{frame.home}\n\n"
            f"{frame.unsubscribe % {'link': unsubscribe_url}}\n"
        )


def reader_language(language: str | None) -> str:
    """`language` if the site (still) speaks it, else English."""
    codes = {code for code, _ in settings.LANGUAGES}
    return language if language in codes else settings.LANGUAGE_CODE


def is_english(language: str) -> bool:
    return language == settings.LANGUAGE_CODE


def _in(path: str, language: str) -> str:
    """A page's address in `language` (/pl/news/); as it is if no page answers it.
    `path` is an English one, read as such whatever language is active."""
    with translation.override(settings.LANGUAGE_CODE):
        return translate_url(path, language)


def _shown(verdict: Verdict | None, language: str) -> ShownVerdict | None:
    """The verdict as a reader of `language` sees it now (one query)."""
    if verdict is None:
        return None
    found = verdicts_in(Verdict.objects.filter(pk=verdict.pk), language=language).first()
    return shown_verdict(found or verdict, language=language)


def _lead(shown: ShownVerdict | None) -> str:
    if shown is None:
        return ""
    if shown.translation.updating:
        return updating_line(shown.translation.updating_since)
    if shown.translation.unreviewed:
        return gettext("Translation not yet reviewed")
    return ""


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


def for_entry(entry: AuditEntry, language: str = settings.LANGUAGE_CODE) -> Wording:
    verdict = _verdict_of(entry)
    if is_english(language):
        return _wording(entry, verdict)
    with translation.override(language):
        return _translated_wording(entry, verdict, language)


def _translated_wording(entry: AuditEntry, verdict: Verdict | None, language: str) -> Wording:
    """The translation if it translates the verdict in the email, else the English
    email under the "being updated" line; the words around it in `language`."""
    shown = _shown(verdict, language)
    frame = Frame.translated(home=_in("/", language), lead=_lead(shown))
    english = _wording(entry, verdict)
    when = uk_datetime(entry.created_at, "l j F Y, H:i")
    if shown is None or not shown.translation.translated:
        return Wording(**{**english.__dict__, "when": when, "frame": frame})
    answer = entry.changes.get("answer")
    if isinstance(answer, list) and len(answer) == 2 and answer[0] and answer[0] != answer[1]:
        subject = gettext("The answer changed: %(answer)s") % {"answer": shown.answer}
    else:
        subject = gettext("Status update: %(headline)s") % {"headline": shown.headline}
    return Wording(
        subject=f"[{gettext(settings.SITE_NAME)}] {subject}"[:200],
        what_happened=gettext("The answer now: %(answer)s") % {"answer": shown.answer},
        headline=shown.headline,
        summary=shown.summary,
        reason=shown.reason or gettext("No reason was given."),
        when=when,
        frame=frame,
    )


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
class DigestFrame:
    """The digest's own words, in the reader's language (English by default)."""

    since_last: str = "What we published since the last digest: %(updates)s."
    answer_now: str = "The answer now: %(answer)s"
    every_change: str = "Every change, as it happened: %(link)s"
    changelog: str = "/changelog/"
    frame: Frame = Frame()

    @classmethod
    def translated(cls, *, language: str, lead: str) -> DigestFrame:
        """Read with the reader's language active."""
        return cls(
            since_last=gettext("What we published since the last digest: %(updates)s."),
            answer_now=gettext("The answer now: %(answer)s"),
            every_change=gettext("Every change, as it happened: %(link)s"),
            changelog=_in("/changelog/", language),
            frame=Frame.translated(home=_in("/", language), lead=lead),
        )


@dataclass(frozen=True)
class DigestWording:
    subject: str
    items: tuple[DigestItem, ...]
    answer_now: str
    words: DigestFrame = DigestFrame()
    updates: str = ""

    def body_for(self, unsubscribe_url: str) -> str:
        words, site = self.words, settings.SITE_URL
        updates = self.updates or _updates(len(self.items))
        lines = [words.since_last % {"updates": updates}, ""]
        for number, item in enumerate(self.items, start=1):
            lines.append(f"{number}. {item.what}")
            if item.why:
                lines.append(f"   {item.why}")
            lines += [f"   {item.when}", f"   {item.link}", ""]
        answer = [words.answer_now % {"answer": self.answer_now}, f"{site}{words.frame.home}"]
        if words.frame.lead:  # the answer is in English: say why, in their language
            answer.insert(0, words.frame.lead)
        return "\n".join(
            [
                *lines,
                *answer,
                "",
                words.every_change % {"link": f"{site}{words.changelog}"},
                "",
                words.frame.unsubscribe % {"link": unsubscribe_url},
                "",
            ]
        )


def _updates(count: int) -> str:
    return f"{count} update{'' if count == 1 else 's'}"


def _translated_updates(count: int) -> str:
    return ngettext("%(count)s update", "%(count)s updates", count) % {"count": count}


def _when(moment) -> str:
    local = timezone.localtime(moment)
    return f"{local:%A %-d %B %Y, %H:%M} {local.tzname()}"


def _short(text: str) -> str:
    text = one_line(text)
    return text if len(text) <= DIGEST_NOTE_MAX else text[: DIGEST_NOTE_MAX - 1].rstrip() + "…"


def _digest_item(entry: AuditEntry, language: str = settings.LANGUAGE_CODE) -> DigestItem:
    # A page withdrawn since (a hidden link, an unpublished explainer) is not linked:
    # the changelog still tells what happened.
    page = entry.live_url if entry.live_url.startswith("/") else "/changelog/"
    if is_english(language):
        return DigestItem(
            what=one_line(entry.summary),
            why=_short(entry.note),
            when=_when(entry.created_at),
            link=f"{settings.SITE_URL}{page}",
        )
    # The changelog's lines are the record's own English; the page opens in `language`.
    return DigestItem(
        what=one_line(entry.summary),
        why=_short(entry.note),
        when=uk_datetime(entry.created_at, "l j F Y, H:i"),
        link=f"{settings.SITE_URL}{_in(page, language)}",
    )


def for_digest(digest: Digest, language: str = settings.LANGUAGE_CODE) -> DigestWording:
    """The day's updates in the order they happened, and the answer as it stands (in
    `language` if its translation is current, else in English under the line)."""
    entries = AuditEntry.objects.filter(pk__in=digest.announcements.values("entry_id")).order_by(
        "created_at", "id"
    )
    entries = with_live_links(list(entries))
    verdict = Verdict.objects.current()
    if is_english(language):
        items = tuple(_digest_item(entry) for entry in entries)
        answer = f"{verdict.answer} — {verdict.headline}" if verdict else "not published yet."
        return DigestWording(
            subject=(
                f"[{settings.SITE_NAME}] Daily digest: {_updates(len(items))} "
                f"({digest.day:%-d %B %Y})"
            ),
            items=items,
            answer_now=one_line(answer),
        )
    with translation.override(language):
        items = tuple(_digest_item(entry, language) for entry in entries)
        shown = _shown(verdict, language)
        answer = f"{shown.answer} — {shown.headline}" if shown else gettext("not published yet.")
        updates = _translated_updates(len(items))
        day = date_format(digest.day, "j E Y")  # E: the month as a date says it
        subject = gettext("Daily digest: %(updates)s (%(day)s)") % {"updates": updates, "day": day}
        return DigestWording(
            subject=f"[{gettext(settings.SITE_NAME)}] {subject}",
            items=items,
            answer_now=one_line(answer),
            words=DigestFrame.translated(language=language, lead=_lead(shown)),
            updates=updates,
        )
