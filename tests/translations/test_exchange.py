"""PO and XLIFF for translators' own tools, exported and imported in the admin: a round
trip changes nothing, unfinished entries are never imported, hostile files are refused,
and imports go through four eyes like the form."""

from __future__ import annotations

import html

import polib
import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile

from audit.models import AuditEntry
from status.translated import VERDICT
from tests.status.factories import invoke_article5
from tests.translations.admin_client import ADMIN, token, translator
from tests.translations.kinds import NOTE, edit_english, make_noted, note_kind
from translations import backlog, services
from translations.exchange import xliff
from translations.models import LiveTranslation, Submission, SubmissionStatus

pytestmark = pytest.mark.django_db
__all__ = ["note_kind"]

POLISH = {
    "answer": "Tak",
    "headline": "Uruchomiono art. 5.",
    "summary": "Rada Północnoatlantycka uruchomiła art. 5.",
    "reason": "Art. 5 uruchomiono dziś.",
}
NOTE_PL = "Rosyjskie drony dwukrotnie wleciały w polską przestrzeń powietrzną."


@pytest.fixture
def backlog_pl(launched, note_kind):
    """Polish waits for: the new verdict (a translation awaiting approval), an indicator
    note whose English changed since it was translated, and one never translated."""
    anna, _ = translator("anna")
    verdict = invoke_article5(None)
    services.submit_translation(
        user=anna, kind=VERDICT, object_id=verdict.pk, language="pl", texts=POLISH, seen_version=1
    )
    changed, fresh = make_noted(1), make_noted(2)
    services.submit_translation(
        user=anna,
        kind=NOTE,
        object_id=changed.pk,
        language="pl",
        texts={"name": "Drony nad Polską", "note": NOTE_PL},
        seen_version=1,
    )
    edit_english(changed, note="Russian drones crossed into Polish airspace three times.")
    return verdict, changed, fresh


def _export(client, fmt: str, code: str = "pl") -> bytes:
    response = client.get(f"{ADMIN}export/{code}.{fmt}")
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="warstatus-{code}.{fmt}"'
    return response.content


def _import(client, data: bytes, name: str, code: str = "pl", *, raw: bool = False) -> str:
    """The import page's report, as the translator reads it (or as HTML: `raw`)."""
    url = f"{ADMIN}import/{code}/"
    upload = SimpleUploadedFile(name, data)
    page = client.post(url, {"file": upload, "csrfmiddlewaretoken": token(client.get(url))})
    assert page.status_code == 200
    return page.content.decode() if raw else html.unescape(page.content.decode())


def _counts() -> tuple[int, int, int, list]:
    return (
        Submission.objects.count(),
        AuditEntry.objects.count(),
        LiveTranslation.objects.count(),
        list(LiveTranslation.objects.order_by("pk").values_list("fields", flat=True)),
    )


def _round_trip(client, fmt: str, name: str) -> None:
    exported = _export(client, fmt)
    before = _counts()
    report = _import(client, exported, name)
    assert "0 unfinished" not in report and "Imported" in report
    assert _counts() == before  # no submission, no audit entry, nothing live changed
    assert _export(client, fmt) == exported


def test_a_po_round_trip_changes_nothing(backlog_pl):
    verdict, changed, fresh = backlog_pl
    _, client = translator("bartek")
    catalogue = polib.pofile(_export(client, "po").decode())
    assert catalogue.metadata["Language"] == "pl"
    entries = {e.msgctxt.rsplit(":", 1)[0]: e for e in catalogue}
    # The verdict's translation awaiting approval, ready to check; the changed note as
    # fuzzy, with the English it was translated from; the new one empty.
    assert entries[f"{VERDICT}:{verdict.pk}:answer"].msgstr == "Tak"
    stale = entries[f"{NOTE}:{changed.pk}:note"]
    assert stale.fuzzy and stale.msgstr == NOTE_PL
    assert stale.previous_msgid == "Russian drones crossed into Polish airspace twice."
    assert stale.msgid == "Russian drones crossed into Polish airspace three times."
    assert f"{NOTE}:{changed.pk}:name" not in entries  # its translation is current
    assert entries[f"{NOTE}:{fresh.pk}:name"].msgstr == ""
    _round_trip(client, "po", "warstatus-pl.po")


def test_an_xliff_round_trip_changes_nothing(backlog_pl):
    verdict, changed, _ = backlog_pl
    _, client = translator("bartek")
    exported = _export(client, "xliff")
    units = {u.id.rsplit(":", 1)[0]: u for u in xliff.read(exported, language="pl")}
    assert units[f"{VERDICT}:{verdict.pk}:answer"].translation == "Tak"
    assert not units[f"{NOTE}:{changed.pk}:note"].ready
    assert b'state="needs-review-translation"' in exported and b"alt-trans" in exported
    _round_trip(client, "xliff", "warstatus-pl.xlf")


def test_fuzzy_entries_are_never_imported(backlog_pl):
    _, changed, _ = backlog_pl
    _, client = translator("bartek")
    catalogue = polib.pofile(_export(client, "po").decode())
    for entry in catalogue:
        if entry.fuzzy:  # edited, but still marked unfinished
            entry.msgstr = "Rosyjskie drony trzykrotnie wleciały w polską przestrzeń."
    before = _counts()
    report = _import(client, str(catalogue).encode(), "pl.po")
    assert "1 unfinished (fuzzy or needing review), never imported" in report
    assert _counts() == before
    # XLIFF: neither "needs-*" nor "new" is imported.
    exported = _export(client, "xliff").decode()
    for state in ("needs-review-translation", "new", "needs-translation"):
        edited = exported.replace(
            'state="needs-review-translation">Rosyjskie drony dwukrotnie',
            f'state="{state}">Rosyjskie drony trzykrotnie',
        )
        assert edited != exported
        _import(client, edited.encode(), "pl.xlf")
        assert _counts() == before, state
    assert (
        LiveTranslation.objects.get(kind=NOTE, object_id=changed.pk).fields["note"]["text"]
        == NOTE_PL
    )


BILLION_LAUGHS = b"""<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE xliff [
  <!ENTITY lol "lol">
  <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
 <file original="warstatus" source-language="en-GB" target-language="pl" datatype="plaintext">
  <body><trans-unit id="%s"><source>Yes</source><target state="translated">&lol3;</target></trans-unit></body>
 </file>
</xliff>
"""
EXTERNAL = b"""<?xml version="1.0"?>
<!doctype xliff [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<xliff version="1.2"><file target-language="pl"><body>
<trans-unit id="x"><source>Yes</source><target>&secret;</target></trans-unit>
</body></file></xliff>
"""


def test_an_xliff_with_a_doctype_is_refused(backlog_pl):
    verdict, _, _ = backlog_pl
    _, client = translator("bartek")
    before = _counts()
    unit = f"{VERDICT}:{verdict.pk}:answer:000000000000".encode()
    for hostile in (BILLION_LAUGHS.replace(b"%s", unit), EXTERNAL):
        page = _import(client, hostile, "pl.xlf")
        assert "An XLIFF file with a DOCTYPE or entity declarations is refused unread" in page
        assert "root:" not in page  # nothing of /etc/passwd
        assert _counts() == before
    # Not a way round: another encoding, or a declaration the file names as a comment.
    utf16 = EXTERNAL.decode().replace('"1.0"', '"1.0" encoding="UTF-16"').encode("utf-16")
    assert "binary data" in _import(client, utf16, "pl.xlf")
    assert "refused unread" in _import(client, b"<!-- -->\n" + EXTERNAL, "pl.xlf")
    assert _counts() == before


def test_a_stale_entry_is_saved_but_not_shown(launched, note_kind):
    anna, client = translator("anna")
    _, other = translator("bartek")
    indicator = make_noted()
    exported = polib.pofile(_export(client, "po").decode())
    edit_english(indicator, note="Russian drones crossed into Polish airspace three times.")
    for entry in exported:
        entry.msgstr = {"Drones over Poland 1": "Drony nad Polską"}.get(entry.msgid, NOTE_PL)
    report = _import(client, str(exported).encode(), "pl.po")
    assert "(English version 1; the English is now version 2): saved, not shown" in report
    # The name's English did not change: its translation goes live (no four eyes here).
    assert f"{NOTE} {indicator.pk}: published" in report
    live = LiveTranslation.objects.get(kind=NOTE, object_id=indicator.pk, language="pl")
    assert live.fields.keys() == {"name"}
    kept = Submission.objects.get(
        source_version__kind=NOTE,
        source_version__object_id=indicator.pk,
        source_version__version=1,
    )
    assert kept.texts == {"note": NOTE_PL}
    assert kept.status == SubmissionStatus.SUPERSEDED and kept.origin == "po"
    assert kept.source_version.version == 1 and kept.translated_by == anna
    assert [w.object_id for w in backlog.lag(["pl"])[0].waiting if w.kind == NOTE] == [indicator.pk]
    assert AuditEntry.objects.filter(summary__contains="saved, not shown").count() == 1
    # Nobody is asked to approve it, and importing the same file again adds nothing.
    assert kept not in backlog.pending(["pl"])
    before = _counts()
    _import(other, str(exported).encode(), "pl.po")
    assert _counts() == before


def test_import_respects_four_eyes(launched):
    anna, client = translator("anna")
    bartek, _ = translator("bartek")
    verdict = invoke_article5(None)
    catalogue = polib.pofile(_export(client, "po").decode())
    for entry in _verdict_entries(catalogue):
        entry.msgstr = POLISH[entry.msgctxt.split(":")[2]]
    report = _import(client, str(catalogue).encode(), "pl.po")
    assert f"{VERDICT} {verdict.pk}: submitted, awaiting a second translator" in report
    submission = Submission.objects.get(
        source_version__kind=VERDICT, source_version__object_id=verdict.pk, language="pl"
    )
    assert submission.status == SubmissionStatus.SUBMITTED and submission.origin == "po"
    page = client.get("/pl/").content.decode()
    assert '<p class="answer state-article5_invoked">Tak</p>' not in page
    assert "Tłumaczenie jest aktualizowane" in page
    with pytest.raises(PermissionDenied, match="another translator"):
        services.approve_translation(user=anna, submission=submission)
    services.approve_translation(user=bartek, submission=submission)
    assert '<p class="answer state-article5_invoked">Tak</p>' in client.get("/pl/").content.decode()


def test_an_imported_translation_is_whole_or_refused_in_words(launched):
    _, client = translator("anna")
    verdict = invoke_article5(None)
    catalogue = polib.pofile(_export(client, "po").decode())
    for entry in catalogue:
        if entry.msgctxt.split(":")[2] == "answer":
            entry.msgstr = "Tak"
    report = _import(client, str(catalogue).encode(), "pl.po")
    assert f"{VERDICT} {verdict.pk}: Translate this too: the box is shown whole" in report
    assert not Submission.objects.filter(
        source_version__kind=VERDICT, source_version__object_id=verdict.pk
    ).exists()


def test_hostile_text_in_an_imported_translation_is_shown_as_text(launched):
    anna, client = translator("anna")
    bartek, _ = translator("bartek")
    invoke_article5(None)
    catalogue = polib.pofile(_export(client, "po").decode())
    for entry in _verdict_entries(catalogue):
        entry.msgstr = POLISH[entry.msgctxt.split(":")[2]]
        if entry.msgctxt.split(":")[2] == "headline":
            entry.msgstr = '<img src=x onerror="alert(1)"><script>alert(2)</script>'
    _import(client, str(catalogue).encode(), "pl.po")
    submission = Submission.objects.get(translated_by=anna)
    services.approve_translation(user=bartek, submission=submission)
    page = client.get("/pl/").content.decode()
    assert "<script>alert(2)" not in page and "<img src=x" not in page
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;&lt;script&gt;alert(2)" in page


def test_a_file_that_is_not_for_this_language_or_site_is_refused_in_words(launched):
    _, client = translator("anna")
    invoke_article5(None)
    before = _counts()
    estonian = _export(client, "po").replace(b"Language: pl", b"Language: et")
    assert "This PO file is for the language 'et', not 'pl'" in _import(client, estonian, "x.po")
    xml = _export(client, "xliff").replace(b'target-language="pl"', b'target-language="fi"')
    assert "This XLIFF file is for the language 'fi', not 'pl'" in _import(client, xml, "x.xlf")
    assert "This is not a PO file." in _import(client, b"/etc/passwd", "x.po")
    assert "larger than 1024 KB" in _import(client, b"#" * (1024 * 1024 + 1), "x.po")
    assert "not UTF-8" in _import(client, 'msgid ""\nmsgstr "ł"\n'.encode("iso-8859-2"), "x.po")
    assert "can't be read" in _import(client, b'msgid "a"\nmsgxx\n', "x.po")
    assert "can't be read" in _import(client, b"<xliff><file", "x.xlf")
    made_up = polib.pofile(_export(client, "po").decode())
    made_up.append(
        polib.POEntry(msgctxt="verdict:999999:answer:0123456789ab", msgid="No", msgstr="Nie")
    )
    made_up.append(polib.POEntry(msgctxt="<script>", msgid="No", msgstr="Nie"))
    page = _import(client, str(made_up).encode(), "x.po")
    assert "verdict 999999: it no longer exists." in page
    assert "<script>: not an entry this site exported." in page
    raw = _import(client, str(made_up).encode(), "x.po", raw=True)
    assert "&lt;script&gt;: not an entry this site exported." in raw
    assert _counts() == before


def _verdict_entries(catalogue: polib.POFile) -> list[polib.POEntry]:
    """The verdict's entries: the export also holds every other kind readers see (the
    launch explainers, indicators, FAQ), which these tests leave untranslated."""
    return [entry for entry in catalogue if entry.msgctxt.startswith(f"{VERDICT}:")]
