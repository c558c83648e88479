"""Translating the verdict: each translation names the English it translates, who
translated and who approved; a translator can't approve their own verdict translation."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from audit.models import AuditEntry
from core.concurrency import StaleEdit
from core.permissions import Refused
from status.translated import VERDICT
from tests.factories import make_user
from tests.status.factories import invoke_article5
from translations import services
from translations.apps import translator_role
from translations.models import LiveTranslation, SourceVersion, Submission, SubmissionStatus

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


def _translators(code: str = "pl"):
    return (
        make_user(f"anna-{code}", role=translator_role(code)),
        make_user(f"bartek-{code}", role=translator_role(code)),
    )


def _submit(user, verdict, texts=POLISH, language="pl"):
    return services.submit_translation(
        user=user,
        kind=VERDICT,
        object_id=verdict.pk,
        language=language,
        texts=texts,
        seen_version=1,
    )


def test_each_language_has_a_translators_role_holding_only_its_language():
    from django.contrib.auth.models import Group

    for code in ["pl", "et", "lv", "lt", "fi", "ro", "uk"]:
        held = {p.codename for p in Group.objects.get(name=translator_role(code)).permissions.all()}
        assert held == {f"translate_{code}", "view_submission", "view_livetranslation"}


def test_publishing_a_verdict_records_its_english_source(article5):
    source = SourceVersion.objects.get(kind=VERDICT, object_id=article5.pk)
    assert source.version == 1
    assert source.texts == {
        "answer": "Yes",
        "headline": "Article 5 invoked.",
        "summary": "The North Atlantic Council invoked Article 5.",
        "reason": "Article 5 was invoked today.",
    }


def test_a_translation_records_the_english_it_translates_who_translated_and_who_approved(
    article5,
):
    anna, bartek = _translators()
    submission = _submit(anna, article5)
    assert submission.status == SubmissionStatus.SUBMITTED  # four eyes: not live yet
    assert not LiveTranslation.objects.filter(
        kind=VERDICT, object_id=article5.pk, language="pl"
    ).exists()
    live = services.approve_translation(user=bartek, submission=submission)
    submission.refresh_from_db()
    assert submission.source_version.texts["answer"] == "Yes"
    assert submission.translated_by == anna and submission.decided_by == bartek
    assert live.reviewed and live.approved_by == bartek
    assert {key: value["text"] for key, value in live.fields.items()} == POLISH


def test_a_translator_cannot_approve_their_own_verdict_translation(article5):
    anna, _ = _translators()
    submission = _submit(anna, article5)
    with pytest.raises(PermissionDenied, match="another translator"):
        services.approve_translation(user=anna, submission=submission)
    superuser = make_user("root", superuser=True)
    own = _submit(superuser, article5)
    with pytest.raises(PermissionDenied, match="another translator"):
        services.approve_translation(user=superuser, submission=own)
    assert Submission.objects.filter(status=SubmissionStatus.SUBMITTED).count() == 2


def test_a_polish_translator_cannot_approve_estonian(article5):
    _, bartek = _translators("pl")
    eve, _ = _translators("et")
    submission = _submit(eve, article5, language="et")
    with pytest.raises(Refused):
        services.approve_translation(user=bartek, submission=submission)
    with pytest.raises(Refused):
        _submit(bartek, article5, language="et")


def test_a_translator_cannot_change_the_english_verdict(article5):
    from status import services as status_services

    anna, _ = _translators()
    with pytest.raises(Refused):
        invoke_article5(anna, answer="Tak")
    assert not anna.has_perm("status.add_verdict")
    assert status_services  # the English is the editors' alone


def test_a_submission_on_an_older_english_version_is_refused(article5):
    anna, _ = _translators()
    with pytest.raises(StaleEdit, match="The English changed"):
        services.submit_translation(
            user=anna,
            kind=VERDICT,
            object_id=article5.pk,
            language="pl",
            texts=POLISH,
            seen_version=2,
        )


def test_a_verdict_translation_must_translate_every_field(article5):
    anna, _ = _translators()
    with pytest.raises(ValidationError, match="whole"):
        _submit(anna, article5, texts={"answer": "Tak"})


def test_each_service_writes_one_audit_entry_in_its_transaction(article5):
    anna, bartek = _translators()
    before = AuditEntry.objects.count()
    submission = _submit(anna, article5)
    assert AuditEntry.objects.count() == before + 1
    services.approve_translation(user=bartek, submission=submission)
    assert AuditEntry.objects.count() == before + 2
    rejected = _submit(anna, article5)
    with pytest.raises(ValidationError):
        services.reject_translation(user=bartek, submission=rejected, comment=" ")
    services.reject_translation(user=bartek, submission=rejected, comment="Typo in the headline.")
    assert AuditEntry.objects.count() == before + 4
    assert AuditEntry.objects.latest("id").action == "rejected"


def test_launch_texts_show_not_yet_reviewed_until_a_translator_reviews_them(launched):
    live = LiveTranslation.objects.get(kind=VERDICT, object_id=launched.pk, language="fi")
    assert not live.reviewed and live.approved_by is None
    reviewer, _ = _translators("fi")
    services.review_launch_translation(user=reviewer, live=live)
    live.refresh_from_db()
    assert live.reviewed and live.approved_by == reviewer
    with pytest.raises(Refused):
        services.review_launch_translation(
            user=make_user("pl-only", role=translator_role("pl")),
            live=LiveTranslation.objects.get(kind=VERDICT, object_id=launched.pk, language="et"),
        )


def test_every_language_gets_the_launch_verdict(launched):
    languages = set(
        LiveTranslation.objects.filter(kind=VERDICT, object_id=launched.pk).values_list(
            "language", flat=True
        )
    )
    assert languages == {"pl", "et", "lv", "lt", "fi", "ro", "uk"}


def test_an_approval_purges_translated_pages_only_and_a_submission_nothing():
    from core.pagecache.surrogate import keys_for_change

    def keys(model: str) -> frozenset[str]:
        return keys_for_change(app_label="translations", model=model, object_id="1", public=False)

    assert keys("livetranslation") == {"translated"}
    assert keys("submission") == frozenset()
