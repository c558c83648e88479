"""What moderators can and cannot do to headlines, links and feeds in the admin."""

import feedparser
import pytest
from django.contrib.messages import get_messages

from audit.models import Action, AuditEntry
from core.uktime import uk_datetime
from news import services
from news.models import Candidate, CandidateState, CuratedLink, Feed, LinkState, Outlet
from tests.factories import make_user
from tests.news.factories import make_links, make_moderator, make_outlet

pytestmark = pytest.mark.django_db


def make_candidate(url: str = "https://news.example.org/story", **kw) -> Candidate:
    feed = Feed.objects.get_or_create(
        url="https://news.example.org/rss", defaults={"outlet": make_outlet()}
    )[0]
    return Candidate.objects.create(
        feed=feed, guid=url, url=url, canonical_url=url, title="NATO jets scrambled", score=9, **kw
    )


def test_news_admin_registers_each_news_model_with_its_own_admin():
    from django.contrib import admin

    from news.admin_candidates import CandidateAdmin, FeedAdmin
    from news.admin_links import CuratedLinkAdmin, OutletAdmin

    registered = {model: type(model_admin) for model, model_admin in admin.site._registry.items()}
    assert registered[Outlet] is OutletAdmin and registered[CuratedLink] is CuratedLinkAdmin
    assert registered[Candidate] is CandidateAdmin and registered[Feed] is FeedAdmin


# --- candidate headlines ------------------------------------------------------------


def test_the_review_queue_is_called_feed_headlines(client):
    make_candidate()
    client.force_login(make_moderator())
    for url in ("/admin/", "/admin/news/candidate/"):
        page = client.get(url, follow=True).content.decode()
        assert "Feed headlines" in page and "Candidates" not in page, url


def test_a_headline_cannot_be_edited_through_its_change_page(client):
    candidate = make_candidate()
    client.force_login(make_moderator())
    url = f"/admin/news/candidate/{candidate.pk}/change/"
    page = client.get(url)
    assert page.status_code == 200
    body = page.content.decode()
    assert 'name="url"' not in body and 'name="state"' not in body and 'name="title"' not in body
    entries = AuditEntry.objects.count()
    response = client.post(
        url,
        {
            "url": "javascript:alert(1)",
            "title": "Edited",
            "state": CandidateState.APPROVED,
            "score": "99",
        },
    )
    assert response.status_code == 403
    candidate.refresh_from_db()
    assert (candidate.url, candidate.title, candidate.state) == (
        "https://news.example.org/story",
        "NATO jets scrambled",
        CandidateState.PENDING,
    )
    assert AuditEntry.objects.count() == entries


def test_the_review_queue_actions_still_work_with_read_only_headlines(client):
    candidate = make_candidate()
    moderator = make_moderator()
    client.force_login(moderator)
    response = client.post(
        "/admin/news/candidate/?queue=all", {"action": "claim", "_selected_action": [candidate.pk]}
    )
    assert response.status_code == 302
    candidate.refresh_from_db()
    assert candidate.claimed_by == moderator


def test_a_headline_whose_url_is_not_a_web_link_is_neither_linked_nor_publishable(client):
    candidate = make_candidate(url="javascript:alert(document.cookie)")
    client.force_login(make_moderator())
    queue = client.get("/admin/news/candidate/?queue=all").content.decode()
    assert "NATO jets scrambled" in queue
    assert 'href="javascript:' not in queue
    approve = f"/admin/news/candidate/{candidate.pk}/approve/"
    for response in (
        client.get(approve, follow=True),
        client.post(approve, {"context": "Jets were scrambled."}, follow=True),
    ):
        assert response.status_code == 200
        body = response.content.decode()
        assert "not a web link" in body
        assert 'href="javascript:' not in body
    assert not CuratedLink.objects.exists()
    candidate.refresh_from_db()
    assert candidate.state == CandidateState.PENDING


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_a_claimed_headline_says_who_holds_it_and_the_others_are_still_rejected(client):
    held = make_candidate()
    free = make_candidate(url="https://news.example.org/other")
    services.claim_for_review(moderator=make_moderator("ann"), item=held)
    client.force_login(make_moderator())
    ask = client.post(
        "/admin/news/candidate/?queue=all",
        {"action": "bulk_reject", "_selected_action": [held.pk, free.pk]},
    )
    assert ask.status_code == 200 and ask.content.decode().count("NATO jets scrambled") >= 2
    done = client.post(
        "/admin/news/candidate/?queue=all",
        {"action": "bulk_reject", "_selected_action": [held.pk, free.pk], "reason": "Off topic."},
    )
    rejected, refused = messages_of(done)
    assert rejected == "1 headline(s) rejected."
    assert refused.count("NATO jets scrambled") == 1
    assert refused.startswith("NATO jets scrambled: ann has been reviewing it since ")
    held.refresh_from_db()
    free.refresh_from_db()
    assert (held.state, free.state) == (CandidateState.PENDING, CandidateState.REJECTED)


def test_claiming_a_headline_someone_else_holds_says_who(client):
    candidate = make_candidate()
    services.claim_for_review(moderator=make_moderator("ann"), item=candidate)
    client.force_login(make_moderator())
    response = client.post(
        "/admin/news/candidate/?queue=all", {"action": "claim", "_selected_action": [candidate.pk]}
    )
    (said,) = messages_of(response)
    claimed_at = uk_datetime(Candidate.objects.get().claimed_at, "H:i")
    assert said == (
        f"“NATO jets scrambled”: ann has been reviewing it since {claimed_at}; "
        "leave it to them, or wait until "
        f"{uk_datetime(Candidate.objects.get().claimed_at + services.CLAIM_FOR, 'H:i')}, "
        "when the claim lapses."
    )


def test_approving_a_headline_with_too_long_a_context_says_so_beside_the_context(client):
    candidate = make_candidate()
    client.force_login(make_moderator())
    response = client.post(
        f"/admin/news/candidate/{candidate.pk}/approve/",
        {"context": "One. Two. Three. Four."},
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["context"] == ["Keep the context to one to three sentences."]
    assert "One. Two. Three. Four." in response.content.decode()  # what they typed stays
    candidate.refresh_from_db()
    assert candidate.state == CandidateState.PENDING


# --- curated links --------------------------------------------------------------------


def test_an_action_refused_for_one_link_names_it_and_still_does_the_others(client):
    held, free = make_links(2, state=LinkState.PENDING)
    services.claim_for_review(moderator=make_moderator("ann"), item=held)
    client.force_login(make_moderator())
    response = client.post(
        "/admin/news/curatedlink/", {"action": "approve", "_selected_action": [held.pk, free.pk]}
    )
    published, refused = messages_of(response)
    assert published == "1 link(s) published."
    assert refused.startswith(f"Not published: “{held.title}”: ann has been reviewing it since ")
    assert refused.count(held.title) == 1
    held.refresh_from_db()
    free.refresh_from_db()
    assert (held.state, free.state) == (LinkState.PENDING, LinkState.PUBLISHED)


def _link_form(link: CuratedLink, **changes) -> dict:
    when = link.source_published_at.astimezone()
    form = {
        "url": link.url,
        "title": link.title,
        "outlet": link.outlet_id,
        "context": link.context,
        "expected_version": str(link.version),
        "source_published_at_0": when.strftime("%d/%m/%Y"),
        "source_published_at_1": when.strftime("%H:%M:%S"),
    }
    return {**form, **changes}


def test_a_published_link_cannot_lose_its_url_context_or_date(client):
    (link,) = make_links(1)
    client.force_login(make_moderator())
    url = f"/admin/news/curatedlink/{link.pk}/change/"
    for changes, field in (
        ({"url": ""}, "url"),
        ({"context": ""}, "context"),
        ({"context": "One. Two. Three. Four."}, "context"),
        ({"source_published_at_0": "", "source_published_at_1": ""}, "source_published_at"),
    ):
        response = client.post(url, _link_form(link, **changes))
        assert response.status_code == 200, changes
        assert field in response.context["adminform"].form.errors, changes
    stored = CuratedLink.objects.get()
    assert (stored.url, stored.context, stored.source_published_at) == (
        link.url,
        link.context,
        link.source_published_at,
    )
    parsed = feedparser.parse(client.get("/feeds/news.xml").content)
    assert [e.link for e in parsed.entries] == [link.url]


def test_a_published_link_can_still_be_corrected(client):
    (link,) = make_links(1)
    client.force_login(make_moderator())
    response = client.post(
        f"/admin/news/curatedlink/{link.pk}/change/", _link_form(link, title="Corrected title")
    )
    assert response.status_code == 302
    link.refresh_from_db()
    assert (link.title, link.state) == ("Corrected title", LinkState.PUBLISHED)


def test_a_moderator_moves_a_reference_text_from_the_news_to_key_documents(client):
    treaty, story = make_links(2)
    client.force_login(make_moderator())
    home = client.get("/").content.decode()
    assert "Key documents" not in home and f'href="{treaty.url}"' in home
    response = client.post(
        f"/admin/news/curatedlink/{treaty.pk}/change/", _link_form(treaty, reference="on")
    )
    assert response.status_code == 302
    client.logout()
    home = client.get("/").content.decode()
    news, documents = home.split('id="news-heading"')[1].split('id="documents-heading"')
    assert f'href="{treaty.url}"' in documents and f'href="{treaty.url}"' not in news
    assert f'href="{story.url}"' in news
    assert f'href="{treaty.url}"' not in client.get("/news/").content.decode()
    assert treaty.url not in client.get("/feeds/news.xml").content.decode()


def test_a_pending_link_may_still_wait_for_its_url(client):
    (link,) = make_links(1, state=LinkState.PENDING)
    client.force_login(make_moderator())
    response = client.post(
        f"/admin/news/curatedlink/{link.pk}/change/", _link_form(link, url="", context="")
    )
    assert response.status_code == 302
    link.refresh_from_db()
    assert (link.url, link.missing_for_publication) == (None, ["URL", "context"])


# --- feeds ----------------------------------------------------------------------------


def test_adding_changing_and_deleting_a_feed_is_recorded(client):
    admin = make_user("root", superuser=True)
    client.force_login(admin)
    form = {
        "url": "https://feeds.example.org/rss",
        "outlet": "",
        "active": "on",
        "poll_interval": "900",
        "next_poll_at_0": "22/11/2026",
        "next_poll_at_1": "12:00:00",
    }
    assert client.post("/admin/news/feed/add/", form).status_code == 302
    feed = Feed.objects.get()
    change = f"/admin/news/feed/{feed.pk}/change/"
    assert client.post(change, {**form, "poll_interval": "1800"}).status_code == 302
    assert client.post(f"/admin/news/feed/{feed.pk}/delete/", {"post": "yes"}).status_code == 302
    entries = AuditEntry.objects.filter(object_id=str(feed.pk), summary__icontains="feed")
    assert list(entries.order_by("id").values_list("action", flat=True)) == [
        Action.CREATED,
        Action.CHANGED,
        Action.DELETED,
    ]
    changed = entries.get(action=Action.CHANGED)
    assert changed.actor == admin and changed.changes["poll_interval"] == [900, 1800]


def test_the_approve_page_asks_for_the_outlet_of_a_story_from_an_unlisted_domain(client):
    make_outlet("apnews.com", "Associated Press")
    candidate = make_candidate(url="https://news.err.ee/1609876/estonia-asks-for-talks")
    Feed.objects.update(outlet=None)
    client.force_login(make_moderator())
    url = f"/admin/news/candidate/{candidate.pk}/approve/"
    page = client.get(url).content.decode()
    assert "news.err.ee is not in the outlet list" in page
    assert 'value="news.err.ee"' in page and '<option value="Associated Press">' in page
    refused = client.post(url, {"context": "Estonia asked for talks."})
    assert refused.status_code == 200
    assert "Nothing is published as “Unknown outlet”." in refused.content.decode()
    done = client.post(
        url,
        {
            "context": "Estonia asked for talks.",
            "outlet_name": "ERR",
            "outlet_domain": "err.ee",
            "outlet_reputable": "on",
        },
    )
    assert done.status_code == 302
    assert CuratedLink.objects.get().outlet == Outlet.objects.get(domain="err.ee", name="ERR")


def test_approving_links_of_an_unlisted_domain_in_bulk_says_which_and_why(client):
    (listed,) = make_links(1, state=LinkState.PENDING)
    unlisted = services.submit_link(
        user=None,
        url="https://apnews.com/article/drones-poland",
        title="Drones over Poland",
        context="Poland closed airports.",
        source_published_at=listed.source_published_at,
    )
    client.force_login(make_moderator())
    response = client.post(
        "/admin/news/curatedlink/",
        {"action": "approve", "_selected_action": [listed.pk, unlisted.pk]},
    )
    assert messages_of(response) == [
        "1 link(s) published.",
        "Not published: “Drones over Poland”: apnews.com is not in the outlet list: pick the "
        "link's outlet, or add it with the + beside Outlet, then publish.",
    ]
    unlisted.refresh_from_db()
    assert unlisted.state == LinkState.PENDING


def test_a_published_link_cannot_lose_its_outlet(client):
    (link,) = make_links(1)
    client.force_login(make_moderator())
    response = client.post(
        f"/admin/news/curatedlink/{link.pk}/change/", _link_form(link, outlet="")
    )
    assert response.status_code == 200
    assert "outlet" in response.context["adminform"].form.errors
    link.refresh_from_db()
    assert link.outlet is not None


def test_a_pending_link_from_an_unlisted_domain_says_how_to_add_its_outlet(client):
    link = services.submit_link(
        user=None, url="https://news.err.ee/1609876/talks", title="Talks", context="Why."
    )
    client.force_login(make_moderator())
    page = client.get(f"/admin/news/curatedlink/{link.pk}/change/").content.decode()
    assert "news.err.ee is not in the outlet list: pick the link" in page
    assert "or add it with the + beside this list" in page
    assert 'id="add_id_outlet"' in page  # the + that adds an outlet from this form
