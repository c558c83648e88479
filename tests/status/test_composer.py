"""The status composer: the verdict, the indicators and the public note, proposed as one
change, approved by a second editor as one change, told to readers once."""

import json

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from werkzeug import Response

from audit.models import Action, AuditEntry
from news import services_sources
from status import services
from status.models import (
    Indicator,
    IndicatorProposal,
    ProposalStatus,
    State,
    StatusProposal,
    Verdict,
    VerdictProposal,
)
from status.preview import email_preview
from subscriptions.delivery import deliver_due
from subscriptions.models import Announcement, Subscriber, Webhook
from tests.status.factories import make_indicators

pytestmark = pytest.mark.django_db

NOTE = "The North Atlantic Council agreed that Article 5 applies."
ARTICLE5 = {
    "state": State.ARTICLE5_INVOKED,
    "answer": "Yes",
    "headline": "Article 5 invoked.",
    "summary": "Allies are bound to assist.",
    "outlook": "",
}


def _reader(email: str, *, everything: bool) -> Subscriber:
    return Subscriber.objects.create(
        email=email, confirmed_at=timezone.now(), changelog_too=everything
    )


def _indicator_row(indicator: Indicator, **values) -> dict:
    return {
        "indicator": indicator,
        "expected_version": indicator.version,
        "state": indicator.state,
        "state_label": indicator.state_label,
        "note": indicator.note,
        **values,
    }


def _to(address: str) -> list:
    return [m for m in mail.outbox if m.to == [address]]


@pytest.fixture
def hook(httpserver, settings):
    """A webhook receiver on loopback; the posts it received."""
    settings.FEEDS_ALLOW_PRIVATE = True
    received = []

    def receiver(request):
        received.append(json.loads(request.get_data()))
        return Response("ok")

    httpserver.expect_request("/hook", method="POST").respond_with_handler(receiver)
    Webhook.objects.create(
        url=httpserver.url_for("/hook").replace("localhost", "127.0.0.1"), secret="s"
    )
    return received


def test_one_composed_change_is_one_proposal_one_approval_one_email_one_webhook_event(
    editors, hook, django_capture_on_commit_callbacks
):
    alice, bob = editors
    article4, airspace = make_indicators(2)
    deliver_due()  # whatever the setup announced, out of the way
    hook.clear()
    _reader("reader@example.org", everything=False)
    with django_capture_on_commit_callbacks(execute=True):
        proposal = services.propose_status_change(
            user=alice,
            note=NOTE,
            verdict=ARTICLE5,
            indicators=[
                _indicator_row(article4, state="met", state_label="Yes", note="Invoked."),
                _indicator_row(airspace),  # untouched: no change
            ],
            seen_verdict_id=Verdict.objects.current().pk,
        )
    assert StatusProposal.objects.count() == 1 and not VerdictProposal.objects.exists()
    (part,) = proposal.indicator_changes.all()
    assert part.indicator == article4
    assert Verdict.objects.current().answer == "No"  # nothing live yet
    with pytest.raises(PermissionDenied):
        services.approve_proposal(user=alice, proposal=proposal)
    with pytest.raises(ValidationError, match="part of a status change"):
        services.approve_proposal(user=bob, proposal=part)  # no side door
    preview = email_preview(proposal)
    mail.outbox.clear()
    announcements = Announcement.objects.count()

    with django_capture_on_commit_callbacks(execute=True):
        services.approve_proposal(user=bob, proposal=proposal)
    deliver_due()

    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.APPROVED and proposal.decided_by == bob
    assert IndicatorProposal.objects.get().status == ProposalStatus.APPROVED
    assert Verdict.objects.current().answer == "Yes" and proposal.verdict.reason == NOTE
    article4.refresh_from_db()
    assert article4.state_label == "Yes" and article4.version == 2
    assert Announcement.objects.count() == announcements + 1
    (email,) = _to("reader@example.org")
    assert email.subject.endswith("] The answer changed: No → Yes; 1 indicator updated")
    assert "Indicator updated: Indicator 0 — Yes." in email.body and NOTE in email.body
    assert (email.subject, email.body.split("Unsubscribe")[0]) == (
        preview.subject,
        preview.body.split("Unsubscribe")[0],
    )
    (event,) = hook
    assert event["event"] == "verdict_changed" and event["answer"] == "Yes"
    assert "Indicator 0" in event["summary_of_change"] and event["note"] == NOTE
    # The public record: one entry for the change, the indicator's own kept backstage.
    entries = AuditEntry.objects.filter(public=True, action=Action.VERDICT_CHANGED)
    assert entries.latest("id").changes["approved_by"] == [None, "bob"]


def test_an_indicator_only_change_is_titled_as_an_indicator_update(
    editors, hook, django_capture_on_commit_callbacks
):
    alice, bob = editors
    (indicator,) = make_indicators(1)
    deliver_due()
    hook.clear()
    _reader("all@example.org", everything=True)
    _reader("verdicts@example.org", everything=False)
    proposal = services.propose_status_change(
        user=alice,
        note="Allies are consulting.",
        verdict={k: getattr(Verdict.objects.current(), k) for k in ARTICLE5},  # as it was
        indicators=[_indicator_row(indicator, state="watch", state_label="Ongoing")],
    )
    assert not proposal.changes_verdict
    assert email_preview(proposal).subject.endswith("] Indicator updated: Indicator 0 — Ongoing")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.approve_proposal(user=bob, proposal=proposal)
    deliver_due()
    (email,) = _to("all@example.org")
    assert email.subject.endswith("] Indicator updated: Indicator 0 — Ongoing")
    assert "answer changed" not in email.subject and "Verdict" not in email.subject
    assert _to("verdicts@example.org") == []  # they asked for verdict changes only
    (event,) = hook
    assert event["event"] == "changelog_entry"
    assert Verdict.objects.count() == 1


def test_a_composed_change_that_changes_nothing_is_refused(editors):
    alice, _ = editors
    (indicator,) = make_indicators(1)
    with pytest.raises(ValidationError, match="Nothing changes"):
        services.propose_status_change(user=alice, note="n", indicators=[_indicator_row(indicator)])
    with pytest.raises(ValidationError):
        services.propose_status_change(user=alice, note=" ", verdict=ARTICLE5)
    assert not StatusProposal.objects.exists()


def test_turning_a_status_change_down_turns_down_its_parts(editors):
    alice, bob = editors
    (indicator,) = make_indicators(1)
    proposal = services.propose_status_change(
        user=alice,
        note="n",
        indicators=[_indicator_row(indicator, state_label="Ongoing", state="watch")],
    )
    services.reject_proposal(user=bob, proposal=proposal, comment="Not sourced.")
    assert IndicatorProposal.objects.get().status == ProposalStatus.REJECTED
    indicator.refresh_from_db()
    assert indicator.state_label == "No"


def test_with_four_eyes_off_the_composer_publishes_once(
    settings, django_capture_on_commit_callbacks
):
    from tests.factories import EDITORS, make_user

    settings.VERDICT_FOUR_EYES = False
    services.change_verdict(
        user=None, state=State.NO_WAR, answer="No", headline="First.", summary="s", reason=""
    )
    (indicator,) = make_indicators(1)
    editor = make_user("ed", role=EDITORS)
    before = Announcement.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        services.compose_status_change(
            user=editor,
            note=NOTE,
            verdict=ARTICLE5,
            indicators=[_indicator_row(indicator, state="met", state_label="Yes")],
        )
    assert Announcement.objects.count() == before + 1
    assert Verdict.objects.current().answer == "Yes"


def test_a_status_change_overtaken_by_a_newer_indicator_change_is_refused_whole(editors):
    alice, bob = editors
    (indicator,) = make_indicators(1)
    proposal = services.propose_status_change(
        user=alice,
        note=NOTE,
        verdict=ARTICLE5,
        indicators=[_indicator_row(indicator, state="met", state_label="Yes")],
    )
    newer = services.propose_indicator(
        user=bob,
        indicator=indicator,
        expected_version=indicator.version,
        state="watch",
        state_label="Ongoing",
        note="Newer.",
        sources=services_sources.source_rows(indicator),
    )
    services.approve_proposal(user=alice, proposal=newer)
    with pytest.raises(ValidationError):
        services.approve_proposal(user=bob, proposal=proposal)
    # Nothing of it went live: not the indicator, not the verdict.
    assert Verdict.objects.current().answer == "No"
    indicator.refresh_from_db()
    assert indicator.state_label == "Ongoing"
    proposal.refresh_from_db()
    assert proposal.is_pending
