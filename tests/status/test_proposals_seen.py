"""Proposals are seen: first on the dashboard of the editors who may approve them, by
email when made and when decided, and on a page of their own beside the live status."""

import pytest
from django.core import mail
from django.test import Client

from status import services
from status.models import State
from tests.factories import EDITORS, make_user

pytestmark = pytest.mark.django_db

CHANGE = {
    "state": State.NO_WAR,
    "answer": "Not formally",
    "headline": "No formal war, but hybrid attacks continue.",
    "summary": "s",
    "reason": "Wording agreed at the morning meeting.",
}


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_dashboard_shows_what_awaits_your_approval_first(editors):
    alice, bob = editors
    proposal = services.propose_verdict(user=alice, **CHANGE)
    page = signed_in(bob).get("/admin/").content.decode()
    assert "Awaiting your approval (1)" in page
    assert page.index("Awaiting your approval") < page.index("Needs attention")
    assert f"/admin/status/verdictproposal/{proposal.pk}/change/" in page
    assert "alice proposes a change to the verdict" in page
    own = signed_in(alice).get("/admin/").content.decode()
    assert "Awaiting your approval" not in own
    assert "Your proposals awaiting a second editor" in own


def test_the_other_editors_are_emailed_when_a_proposal_is_made_and_when_it_is_turned_down(
    editors, django_capture_on_commit_callbacks
):
    alice, bob = editors
    make_user("carol", role=EDITORS)
    with django_capture_on_commit_callbacks(execute=True):
        proposal = services.propose_verdict(user=alice, **CHANGE)
    (made,) = mail.outbox
    assert made.subject.startswith("[warstatus] Awaiting a second editor: the verdict")
    # Not alice: she is not asked to wait for a second editor on her own proposal.
    assert sorted(made.to) == ["bob@example.org", "carol@example.org"]
    assert f"/admin/status/verdictproposal/{proposal.pk}/change/" in made.body
    with django_capture_on_commit_callbacks(execute=True):
        services.reject_proposal(user=bob, proposal=proposal, comment="Wait for NATO's statement.")
    decided = mail.outbox[1]
    assert decided.subject.startswith("[warstatus] Turned down: the verdict")
    # alice hears her proposal's fate; bob, who turned it down, is not told of it.
    assert sorted(decided.to) == ["alice@example.org", "carol@example.org"]
    assert "bob turned down alice's change" in decided.body
    assert "Why: Wait for NATO's statement." in decided.body


def test_the_proposer_hears_when_their_proposal_is_approved(
    editors, django_capture_on_commit_callbacks
):
    alice, bob = editors
    proposal = services.propose_verdict(user=alice, **CHANGE)
    with django_capture_on_commit_callbacks(execute=True):
        services.approve_proposal(user=bob, proposal=proposal)
    approved = [m for m in mail.outbox if m.subject.startswith("[warstatus] Approved and live")]
    assert len(approved) == 1 and "alice@example.org" in approved[0].to


def test_the_proposal_page_marks_what_would_change_beside_the_live_verdict(editors):
    alice, bob = editors
    proposal = services.propose_verdict(user=alice, **CHANGE)
    page = signed_in(bob).get(f"/admin/status/verdictproposal/{proposal.pk}/change/")
    html = page.content.decode()
    assert "Live now" in html and "Proposed" in html
    assert "<del>No</del>" in html and "<ins>Not formally</ins>" in html
    assert '<tr class="changed">' in html
    assert "Approve and publish" in html and "Turn down" in html


def test_a_proposal_overtaken_by_a_newer_verdict_offers_only_turn_down(editors):
    alice, bob = editors
    stale = services.propose_verdict(user=alice, **CHANGE)
    newer = services.propose_verdict(user=bob, **{**CHANGE, "headline": "Newer."})
    services.approve_proposal(user=alice, proposal=newer)
    html = signed_in(bob).get(f"/admin/status/verdictproposal/{stale.pk}/change/")
    html = html.content.decode()
    assert "The verdict changed after this was proposed" in html
    assert "Approve and publish" not in html and "Turn down" in html
