"""Four eyes has no side door: with VERDICT_FOUR_EYES on, every change readers would see
in the verdict box or the indicators waits for a second editor, whichever way it comes."""

import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from audit.models import AuditEntry
from status import services
from status.models import Indicator, IndicatorProposal, ProposalStatus, State
from tests.status.factories import make_indicators, nato

pytestmark = pytest.mark.django_db

ARTICLE_5_INVOKED = {
    "state": "met",
    "state_label": "Yes",
    "note": "Article 5 was invoked this morning.",
    "sources": [{"title": "NATO", "url": "https://www.nato.int/"}],
}


@pytest.fixture
def indicator() -> Indicator:
    return make_indicators(1)[0]


def what_readers_see(client) -> dict:
    """The indicator as /api/status.json and the home page show it."""
    payload = json.loads(client.get("/api/status.json").content)
    home = client.get("/").content.decode()
    (shown,) = payload["indicators"]
    return {"label": shown["label"], "note": shown["note"], "home": home}


def test_an_indicator_change_through_the_service_waits_for_a_second_editor(
    client, editors, indicator
):
    alice, bob = editors
    with pytest.raises(PermissionDenied, match="needs a second editor"):
        services.update_indicator(
            user=alice, indicator=indicator, expected_version=indicator.version, **ARTICLE_5_INVOKED
        )
    proposal = services.propose_indicator(
        user=alice, indicator=indicator, expected_version=indicator.version, **ARTICLE_5_INVOKED
    )
    seen = what_readers_see(client)
    assert seen["label"] == "No" and "Article 5 was invoked" not in seen["home"]
    with pytest.raises(PermissionDenied, match="another editor must approve it"):
        services.approve_proposal(user=alice, proposal=proposal)
    services.approve_proposal(user=bob, proposal=proposal)
    seen = what_readers_see(client)
    assert seen["label"] == "Yes" and "Article 5 was invoked this morning." in seen["home"]
    entry = AuditEntry.objects.filter(object_id=str(indicator.pk), action="changed").latest("id")
    assert entry.actor == bob and entry.public
    assert entry.changes["proposed_by"] == [None, "alice"]


def test_an_indicator_change_through_the_admin_waits_for_a_second_editor(
    client, editors, indicator
):
    alice, bob = editors
    first, second = Client(), Client()
    first.force_login(alice)
    second.force_login(bob)
    response = first.post(
        f"/admin/status/indicator/{indicator.pk}/change/",
        {
            **ARTICLE_5_INVOKED,
            "sources": json.dumps(ARTICLE_5_INVOKED["sources"]),
            "expected_version": indicator.version,
            "audit_public": "on",
        },
    )
    proposal = IndicatorProposal.objects.get()
    assert response["Location"] == f"/admin/status/indicatorproposal/{proposal.pk}/change/"
    assert what_readers_see(client)["label"] == "No"
    page = second.get(response["Location"]).content.decode()
    assert "Approve and publish" in page and "<ins>Yes</ins>" in page and "<del>No</del>" in page
    second.post(f"/admin/status/indicatorproposal/{proposal.pk}/approve/")
    assert what_readers_see(client)["label"] == "Yes"
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.APPROVED and proposal.decided_by == bob


def test_a_new_indicator_is_a_proposal_too(client, editors):
    alice, bob = editors
    nato()  # the outlet its source is credited to
    with pytest.raises(PermissionDenied):
        services.add_indicator(user=alice, key="troops", name="Troops", **ARTICLE_5_INVOKED)
    admin = Client()
    admin.force_login(alice)
    admin.post(
        "/admin/status/indicator/add/",
        {
            "key": "troops",
            "name": "Allied troops in combat with Russia",
            "order": "9",
            **ARTICLE_5_INVOKED,
            "sources-TOTAL_FORMS": "1",
            "sources-INITIAL_FORMS": "0",
            "sources-0-url": "https://www.nato.int/",
            "sources-0-title": "NATO",
            "audit_public": "on",
        },
    )
    assert not Indicator.objects.exists()
    proposal = IndicatorProposal.objects.get()
    created = services.approve_proposal(user=bob, proposal=proposal)
    assert created.name == "Allied troops in combat with Russia"
    assert Indicator.objects.get().state_label == "Yes"


def test_a_verdict_wording_change_through_the_service_waits_for_a_second_editor(editors):
    alice, _ = editors
    with pytest.raises(PermissionDenied, match="needs a second editor"):
        services.change_verdict(
            user=alice,
            state=State.NO_WAR,
            answer="No",
            headline="First.",
            summary="Only the summary is reworded.",
            reason="Clearer wording.",
        )


def test_an_indicator_proposal_overtaken_by_a_newer_change_cannot_be_approved(editors, indicator):
    alice, bob = editors
    old = services.propose_indicator(
        user=alice, indicator=indicator, expected_version=indicator.version, **ARTICLE_5_INVOKED
    )
    newer = services.propose_indicator(
        user=bob,
        indicator=indicator,
        expected_version=indicator.version,
        **{**ARTICLE_5_INVOKED, "state_label": "Ongoing"},
    )
    services.approve_proposal(user=alice, proposal=newer)
    with pytest.raises(ValidationError, match="The indicator changed after this was proposed"):
        services.approve_proposal(user=bob, proposal=old)
    indicator.refresh_from_db()
    assert indicator.state_label == "Ongoing"
