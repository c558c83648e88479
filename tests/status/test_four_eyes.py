"""Four eyes on: a proposed verdict is not public until another editor approves it."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from audit.models import Action, AuditEntry
from status import services
from status.models import ProposalStatus, State, Verdict, VerdictProposal
from tests.status.factories import posted_sources

pytestmark = pytest.mark.django_db

CHANGE = {
    "state": State.ARTICLE4_CONSULTATIONS,
    "answer": "No",
    "summary": "Talks.",
    "headline": "Allies are consulting under Article 4.",
    "reason": "Estonia asked.",
}


def test_a_proposal_is_not_public_until_another_editor_approves(client, editors):
    alice, bob = editors
    with pytest.raises(PermissionDenied):
        services.change_verdict(user=alice, **CHANGE)
    proposal = services.propose_verdict(user=alice, **CHANGE)
    assert Verdict.objects.current().headline == "First."
    assert "Article 4" not in client.get("/status/history/").content.decode()
    with pytest.raises(PermissionDenied):
        services.approve_proposal(user=alice, proposal=proposal)
    verdict = services.approve_proposal(user=bob, proposal=proposal)
    assert Verdict.objects.current() == verdict and verdict.created_by == alice
    entry = AuditEntry.objects.filter(action=Action.VERDICT_CHANGED).latest("id")
    assert entry.public and entry.actor == bob
    assert entry.changes["proposed_by"] == [None, "alice"]
    assert entry.changes["approved_by"] == [None, "bob"]
    assert "Estonia asked." in client.get("/status/history/").content.decode()
    with pytest.raises(ValidationError):
        services.approve_proposal(user=bob, proposal=proposal)  # already approved


def test_a_turned_down_proposal_carries_a_comment_the_proposer_sees(editors):
    alice, bob = editors
    proposal = services.propose_verdict(user=alice, **CHANGE)
    with pytest.raises(ValidationError):
        services.reject_proposal(user=bob, proposal=proposal, comment=" ")
    services.reject_proposal(user=bob, proposal=proposal, comment="Not confirmed by NATO yet.")
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.REJECTED
    assert Verdict.objects.count() == 1
    client = Client()
    client.force_login(alice)
    page = client.get("/admin/status/verdictproposal/").content.decode()
    assert "Not confirmed by NATO yet." in page


def test_the_admin_form_proposes_and_the_proposer_cannot_approve_it(editors):
    alice, bob = editors
    client = Client()
    client.force_login(alice)
    seen = Verdict.objects.current().pk
    form = {**CHANGE, "seen_verdict": seen, **posted_sources()}
    response = client.post("/admin/status/verdict/add/", form)
    proposal = VerdictProposal.objects.get()
    assert response["Location"] == f"/admin/status/verdictproposal/{proposal.pk}/change/"
    client.post(f"/admin/status/verdictproposal/{proposal.pk}/approve/")
    assert Verdict.objects.count() == 1
    other = Client()
    other.force_login(bob)
    other.post(f"/admin/status/verdictproposal/{proposal.pk}/approve/")
    assert Verdict.objects.current().headline == CHANGE["headline"]


def test_a_proposal_overtaken_by_a_newer_verdict_cannot_be_approved(editors):
    alice, bob = editors
    stale = services.propose_verdict(user=alice, **CHANGE)
    newer = services.propose_verdict(user=bob, **{**CHANGE, "headline": "Article 5 invoked."})
    services.approve_proposal(user=alice, proposal=newer)
    with pytest.raises(ValidationError, match="The verdict changed after this was proposed"):
        services.approve_proposal(user=bob, proposal=stale)
    assert Verdict.objects.current().headline == "Article 5 invoked."
    stale.refresh_from_db()
    assert stale.status == ProposalStatus.PENDING  # still there to be turned down


def test_turning_down_on_the_proposal_page_needs_a_comment_then_says_what_was_turned_down(
    editors,
):
    from django.contrib.messages import get_messages

    alice, bob = editors
    proposal = services.propose_verdict(user=alice, **CHANGE)
    client = Client()
    client.force_login(bob)
    url = f"/admin/status/verdictproposal/{proposal.pk}/turn-down/"
    ask = client.post(url, {"comment": " "})
    assert ask.status_code == 200
    assert "Allies are consulting under Article 4." in ask.content.decode()  # what is chosen
    done = client.post(url, {"comment": "Not yet."})
    assert done.status_code == 302
    assert [str(m) for m in get_messages(done.wsgi_request)] == [
        'Turned down: the verdict: "No" — Allies are consulting under Article 4.'
    ]
    proposal.refresh_from_db()
    assert (proposal.status, proposal.decision_comment) == (ProposalStatus.REJECTED, "Not yet.")


def test_approving_ones_own_proposal_on_its_page_says_why_not(editors):
    from django.contrib.messages import get_messages

    alice, _ = editors
    proposal = services.propose_verdict(user=alice, **CHANGE)
    client = Client()
    client.force_login(alice)
    page = client.get(f"/admin/status/verdictproposal/{proposal.pk}/change/").content.decode()
    assert "You proposed this: another editor must approve it" in page
    assert "Approve and publish" not in page and "Turn down" not in page
    response = client.post(f"/admin/status/verdictproposal/{proposal.pk}/approve/")
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "You proposed this verdict: another editor must approve it."
    ]
    assert Verdict.objects.count() == 1
