"""What readers see of curated links: home, /news/, the Atom feed."""

from html.parser import HTMLParser

import feedparser
import pytest

from news import services
from news.models import LinkState
from tests.factories import make_user
from tests.news.factories import make_links, make_moderator, make_outlet

pytestmark = pytest.mark.django_db


def test_hidden_links_disappear_from_home_news_and_the_feed(client):
    shown, hidden = make_links(2)
    services.hide_link(moderator=make_moderator(), link=hidden, reason="Retracted.")
    for url in ("/", "/news/", "/feeds/news.xml"):
        body = client.get(url).content.decode()
        assert shown.url in body, url
        assert hidden.url not in body, url


def test_pinned_links_come_first_on_the_home_page(client):
    links = make_links(3)
    services.set_pinned(moderator=make_moderator(), link=links[2], pinned=True)
    page = client.get("/").content.decode()
    assert page.index("Story 2") < page.index("Story 0")


def test_the_atom_feed_parses_and_lists_published_links(client):
    make_links(3)
    make_links(1, state=LinkState.PENDING, outlet=make_outlet("other.org", "Other"))
    parsed = feedparser.parse(client.get("/feeds/news.xml").content)
    assert not parsed.bozo
    assert parsed.version == "atom10"
    assert [e.link for e in parsed.entries] == [
        "https://example-news.org/story-0",
        "https://example-news.org/story-1",
        "https://example-news.org/story-2",
    ]
    assert all(e.id for e in parsed.entries)


class _Collect(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def test_html_in_editorial_context_is_shown_as_text(client):
    (link,) = make_links(1)
    link.context = '<script>alert(1)</script><b onmouseover="x()">bold</b>'
    link.save()
    page = client.get("/news/").content.decode()
    parser = _Collect()
    parser.feed(page)
    assert not [t for t, _ in parser.tags if t == "script"]
    assert not [a for _, a in parser.tags if any(k.startswith("on") for k in a)]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_links_open_safely_in_the_same_tab_with_outlet_and_date(client):
    make_links(1)
    page = client.get("/news/").content.decode()
    # The same tab gives the outlet's page no handle on ours: no target, no window.opener.
    assert '<a href="https://example-news.org/story-0">' in page
    assert "target=" not in page
    assert "Example News" in page and "<time datetime=" in page


def test_news_filters_by_outlet_and_paginates(client):
    make_links(25)
    make_links(2, outlet=make_outlet("other.org", "Other Outlet"))
    page = client.get("/news/?outlet=other.org").content.decode()
    assert page.count('id="link-') == 2
    first = client.get("/news/").content.decode()
    assert first.count('id="link-') == 20 and 'rel="next"' in first
    assert client.get("/news/?page=2").content.decode().count('id="link-') == 7


@pytest.mark.parametrize("count", [1, 200])
def test_news_makes_the_same_number_of_queries_whatever_the_number_of_links(
    client, django_assert_num_queries, count, settings
):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    make_links(count)
    # paginate count, page rows, outlets filter list, the share card's verdict id
    with django_assert_num_queries(4):
        assert client.get("/news/").status_code == 200


def test_a_moderator_approves_and_bulk_approval_records_one_entry_per_link(client):
    from audit.models import Action, AuditEntry

    links = make_links(3, state=LinkState.PENDING)
    client.force_login(make_moderator())
    response = client.post(
        "/admin/news/curatedlink/",
        {"action": "approve", "_selected_action": [link.pk for link in links]},
    )
    assert response.status_code == 302
    assert AuditEntry.objects.filter(action=Action.PUBLISHED).count() == 3
    assert all(link.state == LinkState.PUBLISHED for link in type(links[0]).objects.all())


def test_a_non_moderator_cannot_approve_through_the_admin(client):
    from django.contrib.auth.models import Permission

    links = make_links(2, state=LinkState.PENDING)
    editor = make_user("ed", password="a-long-password-1")
    editor.user_permissions.add(
        *Permission.objects.filter(
            codename__in=["view_curatedlink", "add_curatedlink", "change_curatedlink"]
        )
    )
    client.force_login(editor)
    client.post(
        "/admin/news/curatedlink/",
        {"action": "approve", "_selected_action": [link.pk for link in links]},
    )
    assert not type(links[0]).objects.filter(state=LinkState.PUBLISHED).exists()


def test_reject_asks_for_a_reason_first(client):
    (link,) = make_links(1, state=LinkState.PENDING)
    client.force_login(make_moderator())
    ask = client.post(
        "/admin/news/curatedlink/", {"action": "reject", "_selected_action": [link.pk]}
    )
    assert ask.status_code == 200 and "reason" in ask.content.decode()
    link.refresh_from_db()
    assert link.state == LinkState.PENDING
    done = client.post(
        "/admin/news/curatedlink/",
        {"action": "reject", "_selected_action": [link.pk], "reason": "Not reputable."},
    )
    assert done.status_code == 302
    link.refresh_from_db()
    assert (link.state, link.decision_reason) == (LinkState.REJECTED, "Not reputable.")


def test_the_link_change_form_opens_and_saves_with_an_audit_entry(client):
    from audit.models import AuditEntry

    (link,) = make_links(1, state=LinkState.PENDING)
    client.force_login(make_moderator())
    url = f"/admin/news/curatedlink/{link.pk}/change/"
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "url": link.url,
            "title": "Better title",
            "outlet": link.outlet_id,
            "context": link.context,
            "audit_public": "on",
        },
    )
    assert response.status_code == 302
    link.refresh_from_db()
    assert link.title == "Better title"
    assert AuditEntry.objects.get(action="changed").changes["title"] == ["Story 0", "Better title"]


def test_two_moderators_editing_one_link_lose_nothing(client):
    (link,) = make_links(1, state=LinkState.PENDING)
    client.force_login(make_moderator())
    url = f"/admin/news/curatedlink/{link.pk}/change/"
    form = {
        "url": link.url,
        "title": link.title,
        "outlet": link.outlet_id,
        "expected_version": str(link.version),
    }
    assert client.post(url, {**form, "context": "First tab's context."}).status_code == 302
    second = client.post(url, {**form, "context": "Second tab, from the old copy."})
    assert second.status_code == 200
    page = second.content.decode()
    assert "Someone else saved this" in page and "First tab&#x27;s context." in page
    assert "Second tab, from the old copy." in page
    link.refresh_from_db()
    assert link.context == "First tab's context."


def test_a_published_link_without_a_url_is_left_out_rather_than_breaking_the_pages(client):
    shown, broken = make_links(2)
    type(broken).objects.filter(pk=broken.pk).update(url=None)
    feed = client.get("/feeds/news.xml")
    assert feed.status_code == 200
    assert [e.link for e in feedparser.parse(feed.content).entries] == [shown.url]
    for url in ("/", "/news/"):
        page = client.get(url)
        assert page.status_code == 200, url
        body = page.content.decode()
        assert shown.url in body and broken.title not in body, url
        assert 'href="None"' not in body, url
