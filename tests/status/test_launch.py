"""The launch command as deployments run it: into a new site only."""

import json
from pathlib import Path

import pytest
from django.core.management import call_command

from explainers.models import Explainer
from status import services
from status.launch import INDICATORS
from tests.factories import EDITORS, make_user

pytestmark = pytest.mark.django_db


def test_a_deploy_does_not_bring_back_launch_pages_editors_deleted():
    call_command("load_launch_content", "--if-empty", verbosity=0)
    launched = Explainer.objects.count()
    assert launched >= 5
    Explainer.objects.filter(slug="article-5").delete()
    call_command("load_launch_content", "--if-empty", verbosity=0)  # the next deploy
    assert Explainer.objects.count() == launched - 1
    assert not Explainer.objects.filter(slug="article-5").exists()
    call_command("load_launch_content", verbosity=0)  # by hand, without the flag: restored
    assert Explainer.objects.filter(slug="article-5").exists()


def test_a_fresh_install_does_not_claim_a_check_nobody_made(client):
    call_command("load_launch_content", "--if-empty", verbosity=0)

    page = client.get("/").content.decode()
    assert "Status last checked: never</p>" in page
    assert "This status has not been checked yet." in page
    status = client.get("/api/status.json").json()
    assert status["last_checked_at"] is None
    assert status["stale"] is True


def test_the_first_check_an_editor_records_is_the_one_the_page_shows(client):
    editor = make_user(role=EDITORS)
    call_command("load_launch_content", "--if-empty", verbosity=0)
    services.record_check(user=editor, note="Read NATO's and the allies' statements.")

    page = client.get("/").content.decode()
    assert "This status has not been checked yet." not in page
    assert client.get("/api/status.json").json()["stale"] is False


def test_every_launch_indicator_links_sources_the_research_found_and_trusts(client):
    research = json.loads(
        (Path(__file__).resolve().parents[2] / "docs/research/launch-record-2025.json").read_text()
    )
    trusted = {s["url"] for s in research["sources"] if s["standing"] in {"primary", "reputable"}}
    call_command("load_launch_content", "--if-empty", verbosity=0)
    page = client.get("/").content.decode()
    for indicator in INDICATORS:
        assert indicator["sources"], indicator["key"]
        for source in indicator["sources"]:
            # Openable, not a name and a date shown as text.
            assert source.get("url") in trusted, (indicator["key"], source)
            assert f'<a href="{source["url"]}">{source["title"]}</a>' in page
