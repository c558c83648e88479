"""The translators' admin: each translator sees their own languages only, can't change
the English, and can't approve their own translation of the verdict."""

from __future__ import annotations

import pytest

from status.translated import VERDICT
from tests.status.factories import invoke_article5
from tests.translations.admin_client import ADMIN, post_form, token, translator
from translations import services
from translations.models import LiveTranslation, Submission, SubmissionStatus

pytestmark = pytest.mark.django_db

POLISH = {
    "answer": "Tak",
    "headline": "Uruchomiono art. 5.",
    "summary": "Rada Północnoatlantycka uruchomiła art. 5.",
    "reason": "Art. 5 uruchomiono dziś.",
}


@pytest.fixture
def article5(launched):
    return invoke_article5(None)


def _translate_url(verdict, code: str = "pl") -> str:
    return f"{ADMIN}translate/{code}/{VERDICT}/{verdict.pk}/"


def test_translators_see_only_their_language(article5):
    anna, client = translator("anna")
    eve, _ = translator("eve", "et")
    estonian = services.submit_translation(
        user=eve,
        kind=VERDICT,
        object_id=article5.pk,
        language="et",
        texts={"answer": "Jah", "headline": "Artikkel 5.", "summary": "Jah.", "reason": "Täna."},
        seen_version=1,
    )
    polish = services.submit_translation(
        user=anna, kind=VERDICT, object_id=article5.pk, language="pl", texts=POLISH, seen_version=1
    )
    listing = client.get(ADMIN)
    assert listing.status_code == 200
    listed = listing.context["cl"].result_list
    assert {s.language for s in listed} == {"pl"} and polish in listed and estonian not in listed
    assert f"{ADMIN}{polish.pk}/change/" in listing.content.decode()
    assert "What needs translating into Polish (pl)" in listing.content.decode()
    assert "Estonian (et)" not in listing.content.decode()
    live = client.get("/admin/translations/livetranslation/")
    assert {row.language for row in live.context["cl"].result_list} == {"pl"}
    # The queue is Polish only; every Estonian page is closed to her.
    queue = client.get(f"{ADMIN}queue/", follow=True)
    assert queue.redirect_chain[-1][0] == f"{ADMIN}queue/pl/"
    assert "Polish (pl)" in queue.content.decode()
    assert "Estonian (et)" not in queue.content.decode()
    assert "Article 5 invoked." in queue.content.decode()
    for closed in [
        f"{ADMIN}queue/et/",
        _translate_url(article5, "et"),
        f"{ADMIN}export/et.po",
        f"{ADMIN}export/et.xliff",
        f"{ADMIN}import/et/",
    ]:
        assert client.get(closed).status_code == 403, closed
    assert client.get(f"{ADMIN}{estonian.pk}/change/").status_code == 404
    # Nor can she touch the English.
    assert client.get("/admin/status/verdict/add/").status_code == 403
    assert client.get("/admin/status/statusproposal/add/").status_code == 403
    assert "Change the verdict" not in client.get("/admin/").content.decode()


def test_a_translator_cannot_approve_their_own_verdict_translation(article5):
    anna, client = translator("anna")
    bartek, other = translator("bartek")
    sent = post_form(client, _translate_url(article5), POLISH | {"seen_version": "1"})
    assert sent.status_code == 302
    submission = Submission.objects.get(
        language="pl", source_version__kind=VERDICT, source_version__object_id=article5.pk
    )
    assert submission.status == SubmissionStatus.SUBMITTED and submission.translated_by == anna
    review = f"{ADMIN}{submission.pk}/change/"
    own = client.get(review).content.decode()
    assert "You translated this: another translator of the language must approve it." in own
    assert 'value="Approve"' not in own
    # Sent anyway (a stale page, a crafted request): refused in words, nothing published.
    refused = client.post(
        f"{ADMIN}{submission.pk}/approve/",
        {"csrfmiddlewaretoken": token(client.get(review))},
        follow=True,
    )
    assert "another translator of the language must approve it" in refused.content.decode()
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.SUBMITTED
    assert not LiveTranslation.objects.filter(
        kind=VERDICT, object_id=article5.pk, language="pl"
    ).exists()
    # Without the CSRF token a second translator's approval is refused too.
    assert other.post(f"{ADMIN}{submission.pk}/approve/").status_code == 403
    page = other.get(review).content.decode()
    assert 'value="Approve"' in page
    approved = post_form(other, f"{ADMIN}{submission.pk}/approve/", {}, page_url=review)
    assert approved.status_code == 302
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.APPROVED and submission.decided_by == bartek
    assert '<p class="answer state-article5_invoked">Tak</p>' in other.get("/pl/").content.decode()


def test_turning_a_translation_down_needs_a_comment_the_translator_sees(article5):
    _, client = translator("anna")
    _, other = translator("bartek")
    post_form(client, _translate_url(article5), POLISH | {"seen_version": "1"})
    submission = Submission.objects.get(
        language="pl", source_version__kind=VERDICT, source_version__object_id=article5.pk
    )
    review = f"{ADMIN}{submission.pk}/change/"
    empty = post_form(other, f"{ADMIN}{submission.pk}/reject/", {"comment": " "}, page_url=review)
    assert "Say why, so the translator can put it right." in empty.content.decode()
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.SUBMITTED
    post_form(
        other,
        f"{ADMIN}{submission.pk}/reject/",
        {"comment": "“Tak” needs context."},
        page_url=review,
    )
    seen = client.get(review).content.decode()
    assert "rejected" in seen and "“Tak” needs context." in seen


def test_hostile_text_in_a_translation_is_shown_as_text(article5):
    _, client = translator("anna")
    bartek, other = translator("bartek")
    hostile = POLISH | {"headline": '<script>alert("x")</script><b>Tak</b>'}
    post_form(client, _translate_url(article5), hostile | {"seen_version": "1"})
    submission = Submission.objects.get(
        language="pl", source_version__kind=VERDICT, source_version__object_id=article5.pk
    )
    review = other.get(f"{ADMIN}{submission.pk}/change/").content.decode()
    assert "<script>alert" not in review
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in review
    services.approve_translation(user=bartek, submission=submission)
    page = other.get("/pl/").content.decode()
    assert "<script>alert" not in page and "&lt;script&gt;alert" in page
