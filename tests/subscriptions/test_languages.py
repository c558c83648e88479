"""Subscribers read their emails and the daily digest in the language of the page they
subscribed on, and can change it from any email's unsubscribe page.

An email is never older than the English either: the verdict's approved translation if it
translates the verdict in force when the email is sent, else the English answer under a
line in the reader's language saying the translation is being updated. A real SMTP
server on loopback (smtp_sink.py) and the real delivery code, as the other tests here.
"""

from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.test import TestCase
from django.utils import timezone

from status import services as status_services
from status.models import State
from status.translated import VERDICT
from subscriptions import digest
from subscriptions.delivery import deliver_due
from subscriptions.models import Subscriber
from tests.factories import make_user
from tests.status.factories import invoke_article5
from tests.subscriptions.test_digest import publish_links
from translations import services as translations
from translations.apps import translator_role

pytestmark = pytest.mark.django_db

SITE = "http://127.0.0.1:8000"
ORIGIN = {"HTTP_ORIGIN": SITE}
UK = ZoneInfo("Europe/London")
# Each catalogue's "being updated" line, up to where the date goes in.
UPDATING = {
    "pl": "Tłumaczenie jest aktualizowane (od ",
    "et": "Tõlget uuendatakse (alates ",
    "uk": "Переклад оновлюється (з ",
}
POLISH = {
    "answer": "Tak",
    "headline": "Uruchomiono art. 5.",
    "summary": "Rada Północnoatlantycka uruchomiła art. 5.",
    "reason": "Art. 5 uruchomiono dziś.",
}


@pytest.fixture
def launched(db):
    """The launch verdict ("No"), translated into every language, not yet reviewed."""
    call_command("load_launch_content", verbosity=0)


def reader(email: str, language: str, *, digest_too: bool = False) -> Subscriber:
    return Subscriber.objects.create(
        email=email, confirmed_at=timezone.now(), changelog_too=digest_too, language=language
    )


def approve_polish(verdict) -> None:
    anna = make_user("anna", role=translator_role("pl"))
    bartek = make_user("bartek", role=translator_role("pl"))
    submission = translations.submit_translation(
        user=anna, kind=VERDICT, object_id=verdict.pk, language="pl", texts=POLISH, seen_version=1
    )
    translations.approve_translation(user=bartek, submission=submission)


def text_of(message) -> str:
    return message.get_content().replace("\r\n", "\n")


def only(sink, address: str, after: int = 0):
    messages = sink.messages_to(address)[after:]
    assert len(messages) == 1, [m["Subject"] for m in messages]
    return messages[0]


def test_a_polish_subscriber_gets_polish_email_or_english_with_the_line(sink, launched):
    reader("pl@example.org", "pl")
    reader("et@example.org", "et")
    reader("en@example.org", "en-gb")
    verdict = invoke_article5(None)
    # Approved before the worker sends: the email is worded when it is sent.
    approve_polish(verdict)
    deliver_due()

    polish = only(sink, "pl@example.org")
    body = text_of(polish)
    assert "Tak" in polish["Subject"] and "Article 5" not in polish["Subject"]
    assert "Czy NATO jest w stanie wojny z Rosją?" in polish["Subject"]
    for text in POLISH.values():
        assert text in body
    assert "Article 5 invoked." not in body and UPDATING["pl"] not in body
    assert f"{SITE}/pl/\n" in body
    assert f"{SITE}/pl/unsubscribe/" in body
    assert polish["List-Unsubscribe"].strip().startswith(f"<{SITE}/pl/unsubscribe/")

    # No Estonian translation of this verdict: the English, under the Estonian line.
    estonian = text_of(only(sink, "et@example.org"))
    assert estonian.startswith(UPDATING["et"])
    assert "Article 5 invoked." in estonian and "Article 5 was invoked today." in estonian
    assert f"{SITE}/et/unsubscribe/" in estonian

    english = only(sink, "en@example.org")
    assert (
        english["Subject"].strip() == "[Is NATO at war with Russia?] The answer changed: No → Yes"
    )
    assert english.get_content().startswith("Verdict changed")
    assert "Tłumaczenie" not in english.get_content()
    assert f"{SITE}/unsubscribe/" in english.get_content()

    # The English changes again: the Polish reader gets it in English, with the line.
    status_services.change_verdict(
        user=None,
        state=State.ARTICLE5_INVOKED,
        answer="Yes",
        headline="Allies are consulting on the response.",
        summary="The North Atlantic Council met again.",
        reason="A second meeting.",
    )
    deliver_due()
    again = text_of(only(sink, "pl@example.org", after=1))
    assert again.startswith(UPDATING["pl"])
    assert "Allies are consulting on the response." in again
    assert "Uruchomiono art. 5." not in again


def test_confirm_links_keep_the_language(client, sink, launched):
    with TestCase.captureOnCommitCallbacks(execute=True):
        page = client.post("/pl/subscribe/", {"email": "Ola@Example.org", "what": "all"}, **ORIGIN)
    assert page.status_code == 200 and '<html lang="pl">' in page.content.decode()
    subscriber = Subscriber.objects.get(email="ola@example.org")
    assert subscriber.language == "pl"

    confirmation = only(sink, "ola@example.org")
    link = re.search(rf"{SITE}(/\S+/subscribe/confirm/\S+/)", confirmation.get_content())
    assert link and link.group(1).startswith("/pl/subscribe/confirm/")
    assert confirmation["List-Unsubscribe"].strip().startswith(f"<{SITE}/pl/unsubscribe/")
    asking = client.get(link.group(1)).content.decode()
    assert '<html lang="pl">' in asking
    assert f'action="{link.group(1)}"' in asking  # the button keeps the language too
    assert client.post(link.group(1)).status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.active and subscriber.language == "pl"

    # The unsubscribe page lets the reader choose another language for their emails.
    unsubscribe = confirmation["List-Unsubscribe"].strip()[len(SITE) + 1 : -1]
    manage = client.get(unsubscribe).content.decode()
    assert '<option value="pl" lang="pl" selected>polski</option>' in manage
    assert '<option value="uk" lang="uk">Українська</option>' in manage
    token = unsubscribe.rstrip("/").rsplit("/", 1)[1]
    done = client.post(f"/pl/unsubscribe/{token}/language/", {"language": "fi"})
    assert done.status_code == 200 and "suomi" in done.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.language == "fi" and subscriber.active

    # Hostile input: a language the site doesn't speak, a forged token.
    for bad in ("xx", "", "pl'><script>", "en"):
        refused = client.post(f"/fi/unsubscribe/{token}/language/", {"language": bad})
        assert refused.status_code == 400
        assert "<script>" not in refused.content.decode()
    forged = client.post("/fi/unsubscribe/s1:forged/language/", {"language": "pl"})
    assert forged.status_code == 400
    subscriber.refresh_from_db()
    assert subscriber.language == "fi"

    # Subscribing again from an English page makes the emails English.
    with TestCase.captureOnCommitCallbacks(execute=True):
        client.post("/subscribe/", {"email": "ola@example.org", "what": "all"}, **ORIGIN)
    subscriber.refresh_from_db()
    assert subscriber.language == "en-gb"
    assert f"{SITE}/unsubscribe/" in only(sink, "ola@example.org", after=1).get_content()


def test_the_digest_renders_per_language(sink, launched, moderator, settings):
    settings.DIGEST_TIME = datetime(2026, 11, 27, 7, 0).time()
    digest.write_due_digest(now=datetime(2026, 11, 26, 7, 0, tzinfo=UK))  # the launch's own
    reader("en@example.org", "en-gb", digest_too=True)
    reader("pl@example.org", "pl", digest_too=True)
    reader("uk@example.org", "uk", digest_too=True)
    publish_links(moderator)
    deliver_due()
    digest.write_due_digest(now=datetime(2026, 11, 27, 7, 0, tzinfo=UK))
    deliver_due()

    english = only(sink, "en@example.org")
    assert english["Subject"] == (
        "[Is NATO at war with Russia?] Daily digest: 3 updates (27 November 2026)"
    )
    body = english.get_content()
    assert "The answer now: No — " in body and f"{SITE}/news/#link-" in body

    polish = only(sink, "pl@example.org")
    assert "Czy NATO jest w stanie wojny z Rosją?" in polish["Subject"]
    assert "(27 listopada 2026)" in polish["Subject"]
    body = text_of(polish)
    assert "Nie — " in body and "No — " not in body
    assert "Tłumaczenie jeszcze niesprawdzone" in body  # the launch text, not yet reviewed
    assert f"{SITE}/pl/news/#link-" in body and f"{SITE}/pl/unsubscribe/" in body
    assert "Link published: NATO jets scrambled over the Baltic" in body  # the record's

    # The English verdict moves on before the next digest: the Ukrainian reader gets
    # it in English, under the line in Ukrainian.
    invoke_article5(None)
    publish_links(moderator, [("A fourth story", "More context.")])
    deliver_due()
    digest.write_due_digest(now=datetime(2026, 11, 28, 7, 0, tzinfo=UK))
    deliver_due()
    ukrainian = [
        m for m in sink.messages_to("uk@example.org") if m["Message-ID"].startswith("<digest.")
    ]
    body = ukrainian[-1].get_content()
    assert UPDATING["uk"] in body
    assert "Yes — Article 5 invoked." in body and f"{SITE}/uk/" in body
