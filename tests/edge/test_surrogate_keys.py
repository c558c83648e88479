"""Which keys each public page carries, and which a change purges (one place decides)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from core.pagecache.decorators import policy_of
from core.pagecache.surrogate import keys_for_change, surrogate_control
from tests.explainers.test_pages import make_explainer
from tests.factories import EDITORS, make_user
from tests.incidents.factories import make_incident
from tests.status.factories import make_check, make_verdict

pytestmark = pytest.mark.django_db


def _keys(response) -> set[str]:
    return set(response["Surrogate-Key"].split())


@pytest.mark.parametrize(
    ("path", "keys"),
    [
        ("/", {"all", "status", "news", "explainers", "incidents", "changelog"}),
        ("/api/status.json", {"all", "status"}),
        ("/badge.svg", {"all", "status"}),
        ("/status/history/", {"all", "status"}),
        ("/news/", {"all", "news"}),
        ("/feeds/news.xml", {"all", "news"}),
        ("/explainers/", {"all", "explainers"}),
        ("/faq/", {"all", "faq"}),
        ("/changelog/", {"all", "changelog", "explainers", "news"}),
        ("/feeds/updates.xml", {"all", "changelog", "explainers", "news"}),
        ("/sitemap.xml", {"all", "explainers", "incidents"}),
        ("/share.png", {"all", "status"}),
        ("/incidents/", {"all", "incidents"}),
        ("/incidents/timeline/", {"all", "incidents"}),
        ("/incidents/map/", {"all", "incidents"}),
        ("/api/incidents.json", {"all", "incidents", "news"}),
        ("/feeds/incidents.xml", {"all", "incidents"}),
    ],
)
def test_each_public_page_names_the_content_it_shows_on_a_miss_and_a_hit(client, path, keys):
    make_verdict()
    for _ in range(2):
        response = client.get(path)
        assert response.status_code == 200
        assert _keys(response) == keys
        assert set(response["Cache-Tag"].split(",")) == keys
        assert "max-age=0" in response["Cache-Control"]
        assert response["Surrogate-Control"].startswith("max-age=")


def test_a_page_that_changes_only_by_an_edit_is_kept_the_shared_lifetime(client, settings):
    """Purged on a change, and asked for again after SHARED_CACHE_MAX_AGE whatever
    happens to the purge: the bound on an old page behind a shared cache."""
    make_verdict()
    assert settings.SHARED_CACHE_MAX_AGE <= 30
    assert client.get("/badge.svg")["Surrogate-Control"] == "max-age=30"


def test_a_page_that_changes_by_the_clock_is_kept_no_longer_than_that(settings):
    settings.SHARED_CACHE_MAX_AGE = 3600
    assert surrogate_control(1_000_100.0, now=1_000_000.0) == "max-age=100"
    assert surrogate_control(None) == "max-age=3600"


def test_an_explainer_page_names_itself_and_its_links_not_every_explainer(client):
    explainer = make_explainer()
    response = client.get(explainer.get_absolute_url())
    assert _keys(response) == {"all", f"explainer-{explainer.pk}", "news"}


def test_a_missing_explainer_is_purged_by_any_explainer_change(client):
    response = client.get("/explainers/not-yet/")
    assert response.status_code == 404
    assert _keys(response) == {"all", "explainers"}
    assert "Surrogate-Control" not in response  # a shared cache holds it 30 s at most


def test_a_signed_in_editor_gets_no_surrogate_headers(client):
    make_verdict()
    client.force_login(make_user("ed", role=EDITORS))
    response = client.get("/")
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    for name in ("Surrogate-Key", "Cache-Tag", "Surrogate-Control"):
        assert name not in response


def test_a_preview_gets_no_surrogate_headers():
    make_explainer(slug="draft", state="draft", publish_at=None)
    editor = Client()
    editor.force_login(make_user("ed", role=EDITORS))
    response = editor.get("/explainers/draft/")
    assert response.status_code == 200
    assert "Surrogate-Key" not in response and "no-store" in response["Cache-Control"]


@pytest.mark.parametrize(
    ("change", "keys"),
    [
        (("status", "verdict", "3", True), {"status", "changelog"}),
        (("status", "check", "9", True), {"status", "changelog"}),
        (("news", "curatedlink", "5", False), {"news"}),
        (("explainers", "explainer", "12", True), {"explainers", "explainer-12", "changelog"}),
        (("explainers", "question", "4", False), {"faq"}),
        (("subscriptions", "subscriber", "8", False), set()),
        (("incidents", "incident", "1", True), {"incidents", "changelog"}),
        (("incidents", "attribution", "7", True), {"incidents", "changelog"}),
        ((None, None, None, False), {"all"}),
    ],
)
def test_a_change_purges_the_keys_of_every_page_that_shows_it(change, keys):
    app_label, model, object_id, public = change
    found = keys_for_change(app_label=app_label, model=model, object_id=object_id, public=public)
    assert found == keys


def test_an_incident_page_names_the_record_and_the_links_its_sources_show(client):
    incident = make_incident()
    response = client.get(incident.get_absolute_url())
    assert _keys(response) == {"all", "incidents", "news"}


def _cached_views(patterns, prefix: str = ""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _cached_views(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern) and policy_of(pattern.callback) is not None:
            yield prefix + str(pattern.pattern), policy_of(pattern.callback)


def test_every_cached_page_names_the_content_it_shows():
    """A page naming nothing carries only `all`, which a verdict change, a check or a
    new incident does not purge: a shared cache would keep it a day out of date."""
    cached = dict(_cached_views(get_resolver().url_patterns))
    assert len(cached) >= 15  # the walk found the site's pages
    assert [route for route, policy in cached.items() if not policy.keys] == []


def test_a_page_rendered_while_a_change_commits_is_not_kept_by_a_shared_cache(client, monkeypatch):
    """Varnish asked before the change and got its page after the purge: kept, it would
    show the old verdict after the new one until the page's lifetime ran out."""
    from status import views
    from tests.status.factories import invoke_article5

    make_check(verdict=make_verdict())
    rendered = views.home_context

    def an_editor_publishes_meanwhile(**kwargs):
        context = rendered(**kwargs)  # read before the change
        invoke_article5(user=None)
        return context

    monkeypatch.setattr(views, "home_context", an_editor_publishes_meanwhile)
    during = client.get("/")
    assert "No formal state of war." in during.text
    assert "Surrogate-Control" not in during
    assert "s-maxage=0" in during["Cache-Control"]
    monkeypatch.setattr(views, "home_context", rendered)
    after = client.get("/")
    assert "Article 5 invoked." in after.text
    assert after["Surrogate-Control"].startswith("max-age=")
