"""The status composer's form: one page for the verdict, the indicators and the note,
a preview of the readers' email before anything is proposed, then one proposal."""

import pytest
from django.test import Client

from news import services_sources
from status.models import StatusProposal, Verdict
from tests.status.factories import make_indicators, posted_sources

pytestmark = pytest.mark.django_db

URL = "/admin/status/statusproposal/add/"


def _form(indicators, **changes) -> dict:
    current = Verdict.objects.current()
    data = {
        "seen_verdict": current.pk,
        "state": current.state,
        "answer": current.answer,
        "headline": current.headline,
        "summary": current.summary,
        "outlook": current.outlook,
        "note": "Allies are consulting under Article 4.",
        "consulted": "",
    }
    for indicator in indicators:
        for name in ("state", "state_label", "note"):
            data[f"{indicator.key}-{name}"] = getattr(indicator, name)
        data[f"{indicator.key}-version"] = indicator.version
    return {**data, **changes}


def test_the_composer_previews_the_email_then_proposes_one_change(editors):
    alice, bob = editors
    indicators = make_indicators(2)
    client = Client()
    client.force_login(alice)
    page = client.get(URL).content.decode()
    assert 'id="composer-indicator-0"' in page and 'id="composer-verdict"' in page
    data = _form(indicators, **{"indicator-1-state": "watch", "indicator-1-state_label": "Ongoing"})
    preview = client.post(URL, {**data, "preview": "1"}).content.decode()
    assert "Indicator updated: Indicator 1 — Ongoing" in preview
    assert 'id="email-preview-body"' in preview and not StatusProposal.objects.exists()
    response = client.post(URL, {**data, "send": "1"})
    proposal = StatusProposal.objects.get()
    assert response["Location"] == f"/admin/status/statusproposal/{proposal.pk}/change/"
    other = Client()
    other.force_login(bob)
    review = other.get(response["Location"]).content.decode()
    assert "Indicator updated: Indicator 1 — Ongoing" in review  # the email, before it goes
    assert "Approve and publish" in review
    other.post(f"/admin/status/statusproposal/{proposal.pk}/approve/")
    proposal.refresh_from_db()
    assert proposal.decided_by == bob


def test_a_composed_change_that_changes_nothing_says_so_on_the_form(editors):
    alice, _ = editors
    indicators = make_indicators(1)
    client = Client()
    client.force_login(alice)
    page = client.post(URL, {**_form(indicators), "send": "1"}).content.decode()
    assert "Nothing changes" in page and not StatusProposal.objects.exists()


def test_an_indicator_someone_else_changed_meanwhile_and_left_alone_here_is_no_change(editors):
    import json

    from status import services
    from status.models import State

    alice, bob = editors
    (indicator,) = make_indicators(1)
    client = Client()
    client.force_login(alice)
    opened = {"state": "not_met", "state_label": "No", "note": indicator.note}
    data = _form(
        [indicator],
        state=State.ARTICLE4_CONSULTATIONS,
        headline="Allies consult.",
        **{"indicator-0-opened": json.dumps(opened)},
        **posted_sources(),
    )
    newer = services.propose_indicator(  # bob's change goes live while alice writes
        user=bob,
        indicator=indicator,
        expected_version=1,
        state="watch",
        state_label="Ongoing",
        note="Newer.",
        sources=services_sources.source_rows(indicator),
    )
    services.approve_proposal(user=alice, proposal=newer)
    response = client.post(URL, {**data, "send": "1"})
    assert response.status_code == 302, response.content.decode()[:3000]
    proposal = StatusProposal.objects.get()
    assert proposal.changes_verdict and not proposal.indicator_changes.exists()
