"""A verdict's reason carries its sources: records readers can open, shown beside the
answer on the home page, on the history page and in the API; a reason without a source
from a primary source or a reputable outlet is refused, in every way an editor changes
the verdict (the form, a proposal, the status composer)."""

import json
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import Client

from news.models import Outlet, Source, Standing
from status import services
from status.launch import INDICATORS, VERDICT_SOURCES
from status.models import State, StatusProposal, Verdict
from tests.factories import EDITORS, make_user
from tests.status.factories import NATO_SOURCE, make_verdict, nato, posted_sources

pytestmark = pytest.mark.django_db

CHANGE = {
    "state": State.ARTICLE4_CONSULTATIONS,
    "answer": "No",
    "headline": "Allies are consulting under Article 4.",
    "summary": "Talks.",
    "reason": "Estonia requested Article 4 consultations.",
}
ERR = {
    "title": "ERR News: Three Russian fighter jets violate Estonian airspace",
    "url": "https://news.err.ee/1609806336/three-russian-fighter-jets-violate-estonian-airspace-linger-for-12-minutes",
    "published_on": "2025-09-19",
}


@pytest.fixture
def editor(db):
    nato()
    Outlet.objects.create(name="ERR", domain="err.ee", standing=Standing.REPUTABLE)
    return make_user("ed", role=EDITORS)


def test_a_reason_without_a_source_readers_can_open_is_refused_and_nothing_is_published(
    editor,
):
    make_verdict()
    Outlet.objects.create(name="Blog", domain="blog.example", standing=Standing.OTHER)
    for sources, why in (
        ([], "it has no source"),
        ([{"title": "A blog", "url": "https://blog.example/a"}], "none of its sources is from"),
    ):
        with pytest.raises(ValidationError) as refused:
            services.change_verdict(user=editor, sources=sources, **CHANGE)
        message = refused.value.message_dict["sources"][0]
        assert message.startswith(f"The verdict's reason cannot be published: {why}")
        assert "primary source (NATO, a government, a parliament, a court)" in message
    assert Verdict.objects.count() == 1


def test_a_source_marked_as_disinformation_is_refused_even_beside_a_good_one(editor):
    make_verdict()
    Outlet.objects.create(
        name="Pravda network", domain="pravda-fr.com", standing=Standing.DISINFORMATION
    )
    bad = {"title": "Pravda", "url": "https://pravda-fr.com/a"}
    with pytest.raises(ValidationError, match="cannot cite Pravda network"):
        services.change_verdict(user=editor, sources=[NATO_SOURCE, bad], **CHANGE)
    assert Verdict.objects.count() == 1


def test_readers_see_the_reasons_sources_on_the_home_page_the_history_and_the_api(editor, client):
    make_verdict()
    verdict = services.change_verdict(user=editor, sources=[ERR, NATO_SOURCE], **CHANGE)

    home = client.get("/").content.decode()
    shown = home[home.index('id="verdict-sources"') :].split("</p>")[0]
    assert "Sources for the answer and why it changed" in shown
    assert f'<a href="{ERR["url"]}">{ERR["title"]}</a>' in shown
    assert '<a href="https://www.nato.int/">NATO</a>' in shown
    history = client.get("/status/history/").content.decode()
    assert f'<a href="{ERR["url"]}">' in history
    api = client.get("/api/status.json").json()
    assert api["reason"] == CHANGE["reason"]
    assert [s["url"] for s in api["sources"]] == [ERR["url"], NATO_SOURCE["url"]]
    assert api["sources"][0]["published_on"] == "2025-09-19"
    assert [s.url for s in verdict.sources.all()] == [ERR["url"], NATO_SOURCE["url"]]


def test_the_verdict_form_starts_from_the_current_sources_and_refuses_an_unsourced_reason(
    editor,
):
    current = make_verdict()
    Source.objects.create(claim=current, url=ERR["url"], title=ERR["title"])
    client = Client()
    client.force_login(editor)
    page = client.get("/admin/status/verdict/add/").content.decode()
    assert f'value="{ERR["url"]}"' in page  # the rows start from the verdict in force

    form = {**CHANGE, "seen_verdict": current.pk, **posted_sources()}
    form["sources-0-DELETE"] = "on"  # the editor removes the only source
    refused = client.post("/admin/status/verdict/add/", form)

    assert refused.status_code == 200
    assert "The verdict&#x27;s reason cannot be published: it has no source." in (
        refused.content.decode()
    )
    assert Verdict.objects.count() == 1
    del form["sources-0-DELETE"]
    saved = client.post("/admin/status/verdict/add/", {**form, **posted_sources(ERR)})
    assert saved.status_code == 302
    assert [s.url for s in Verdict.objects.current().sources.all()] == [ERR["url"]]


def test_a_proposal_keeps_its_sources_until_a_second_editor_publishes_them(editor, settings):
    settings.VERDICT_FOUR_EYES = True
    make_verdict()
    bob = make_user("bob", role=EDITORS)
    with pytest.raises(ValidationError, match="it has no source"):
        services.propose_verdict(user=editor, sources=[], **CHANGE)  # told now, not later

    proposal = services.propose_verdict(user=editor, sources=[ERR], **CHANGE)
    live = services.approve_proposal(user=bob, proposal=proposal)

    assert [s.url for s in live.sources.all()] == [ERR["url"]]


def test_the_composers_verdict_change_carries_its_sources_and_needs_one(editor, settings):
    settings.VERDICT_FOUR_EYES = True
    current = make_verdict()
    bob = make_user("bob", role=EDITORS)
    verdict = {k: CHANGE[k] for k in ("state", "answer", "headline", "summary")}
    fields = {"note": CHANGE["reason"], "seen_verdict_id": current.pk}
    with pytest.raises(ValidationError, match="it has no source"):
        services.propose_status_change(user=editor, verdict={**verdict, "sources": []}, **fields)
    assert not StatusProposal.objects.exists()

    proposal = services.propose_status_change(
        user=editor, verdict={**verdict, "sources": [ERR]}, **fields
    )
    live = services.approve_proposal(user=bob, proposal=proposal)

    assert [s.url for s in live.sources.all()] == [ERR["url"]]


def test_the_launch_verdict_cites_only_sources_the_launch_content_already_cites(client):
    call_command("load_launch_content", "--if-empty", verbosity=0)
    research = json.loads(
        (Path(__file__).resolve().parents[2] / "docs/research/launch-record-2025.json").read_text()
    )
    researched = {s["url"] for s in research["sources"]}
    cited = {s["url"] for indicator in INDICATORS for s in indicator["sources"]}

    verdict = Verdict.objects.get()
    urls = [s.url for s in verdict.sources.all()]

    assert urls == [s["url"] for s in VERDICT_SOURCES] and len(urls) >= 3
    assert set(urls) <= cited and set(urls) <= researched
    assert all(s.citable for s in verdict.sources.all())
    home = client.get("/").content.decode()
    shown = home[home.index('id="verdict-sources"') :].split("</p>")[0]
    assert "Sources for the answer:" in shown
    assert all(f'href="{url}"' in shown for url in urls)
