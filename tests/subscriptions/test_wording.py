"""A subscriber's email says what happened: the answer changed, or the status was
updated; and every one carries the headline, the summary and the reason."""

import pytest
from django.core import mail

from audit.models import AuditEntry
from status import services
from status.models import State
from subscriptions import wording
from subscriptions.delivery import deliver_due
from subscriptions.models import Subscriber
from tests.status.factories import NATO_SOURCE, make_indicators

pytestmark = pytest.mark.django_db


@pytest.fixture
def reader():
    from django.utils import timezone

    return Subscriber.objects.create(
        email="reader@example.org", confirmed_at=timezone.now(), changelog_too=True
    )


def publish(**fields):
    values = {
        "state": State.NO_WAR,
        "answer": "No",
        "headline": "No formal war.",
        "summary": "Article 5 has not been invoked.",
        "reason": "",
        **fields,
    }
    return services.change_verdict(user=None, **values)


def announced(django_capture_on_commit_callbacks, change):

    deliver_due()  # the earlier changes' emails first (the outbox keeps them due)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        change()
    (message,) = mail.outbox
    return message


def test_the_subject_says_the_answer_changed_only_when_it_did(
    reader, django_capture_on_commit_callbacks
):
    publish()
    message = announced(
        django_capture_on_commit_callbacks,
        lambda: publish(
            answer="Not formally",
            headline="Not formally, but hybrid attacks continue.",
            reason="Sabotage on allied soil.",
        ),
    )
    assert message.subject.endswith("The answer changed: No → Not formally")
    assert "Not formally, but hybrid attacks continue." in message.body
    assert "Article 5 has not been invoked." in message.body
    assert "Why: Sabotage on allied soil." in message.body


def test_a_wording_change_is_a_status_update_with_the_new_headline(
    reader, django_capture_on_commit_callbacks
):
    publish()
    message = announced(
        django_capture_on_commit_callbacks,
        lambda: publish(summary="Reworded: still no Article 5.", reason="Clearer wording."),
    )
    assert message.subject.endswith("Status update: No formal war.")
    assert "answer changed" not in message.subject
    assert (
        "Reworded: still no Article 5." in message.body and "Why: Clearer wording." in message.body
    )


def test_an_indicator_update_is_titled_as_one_and_carries_the_verdict_and_its_reason(
    reader, django_capture_on_commit_callbacks
):
    publish()
    (indicator,) = make_indicators(1)
    message = announced(
        django_capture_on_commit_callbacks,
        lambda: services.update_indicator(
            user=None,
            indicator=indicator,
            state="watch",
            state_label="Ongoing",
            note="Allies are consulting.",
            sources=[NATO_SOURCE],
            expected_version=1,
        ),
    )
    # Titled for what changed: never as if the verdict had.
    assert message.subject.endswith("] Indicator updated: Indicator 0 — Ongoing")
    assert "Indicator updated: Indicator 0 — Ongoing." in message.body
    assert "Article 5 has not been invoked." in message.body
    assert "Why: Allies are consulting." in message.body


def test_the_wording_is_built_once_per_entry_not_per_reader(django_assert_num_queries):
    publish()
    entry = AuditEntry.objects.latest("id")
    with django_assert_num_queries(1):
        text = wording.for_entry(entry)
    assert text.body_for("https://x.example/u/1") != text.body_for("https://x.example/u/2")
