"""Explainers and the FAQ as readers and editors see them."""

import json
import re
import time
from datetime import timedelta
from html.parser import HTMLParser

import pytest
from django.test import Client
from django.utils import timezone

from audit.models import Action, AuditEntry
from core.concurrency import StaleEdit
from explainers import services
from explainers.models import Explainer, ExplainerState, Question, Revision
from tests.explainers.conftest import SOURCED
from tests.factories import EDITORS, MODERATORS, make_user
from tests.status.factories import nato

pytestmark = pytest.mark.django_db


def make_explainer(**kw) -> Explainer:
    data = {
        "slug": "article-5",
        "title": "Article 5 explained",
        "summary": "The clause.",
        "body": "## What it says\n\nAn attack on one is an attack on all.",
        "state": ExplainerState.PUBLISHED,
        "publish_at": timezone.now() - timedelta(hours=1),
        **SOURCED,
    }
    nato()  # the outlet its source is credited to (other tests' folders use this too)
    return services.save_explainer(user=None, **{**data, **kw})


def test_markdown_that_editors_need_survives(client):
    make_explainer(
        body="## Heading\n\n### Sub\n\n* one\n* two\n\n1. first\n\n"
        "[NATO](https://www.nato.int/)\n\n|a|b|\n|-|-|\n|1|2|\n\n> quoted\n"
    )
    html = Explainer.objects.get().body_html
    for fragment in (
        '<h2 id="sec-heading">',
        "<h3",
        "<ul>",
        "<ol>",
        "<table>",
        "<blockquote>",
        'href="https://www.nato.int/"',
        'rel="noopener noreferrer"',
    ):
        assert fragment in html
    page = client.get("/explainers/article-5/").content.decode()
    assert '<a href="#sec-heading">Heading</a>' in page  # the table of contents


def test_a_scheduled_page_is_404_before_its_time_and_live_after_the_beat_task(client):
    explainer = make_explainer(publish_at=timezone.now() + timedelta(minutes=30))
    assert explainer.status() == "scheduled"
    assert client.get("/explainers/article-5/").status_code == 404
    assert "Article 5 explained" not in client.get("/explainers/").content.decode()
    Explainer.objects.filter(pk=explainer.pk).update(
        publish_at=timezone.now() - timedelta(seconds=1)
    )
    from explainers.tasks import publish_due

    assert publish_due.delay().get() == 1
    assert client.get("/explainers/article-5/").status_code == 200
    assert "Article 5 explained" in client.get("/explainers/").content.decode()
    entry = AuditEntry.objects.get(action=Action.PUBLISHED)
    assert entry.public
    assert publish_due.delay().get() == 0  # announced once


def test_an_expired_page_disappears(client):
    make_explainer(
        unpublish_at=timezone.now() - timedelta(minutes=1),
        publish_at=timezone.now() - timedelta(days=1),
    )
    assert client.get("/explainers/article-5/").status_code == 404


def test_drafts_are_invisible_to_readers_and_previewed_by_editors_with_a_banner(
    client, editor_client
):
    make_explainer(state=ExplainerState.DRAFT, publish_at=None)
    assert client.get("/explainers/article-5/").status_code == 404
    response = editor_client.get("/explainers/article-5/")
    assert response.status_code == 200
    assert "Preview — not published" in response.content.decode()
    assert "no-store" in response["Cache-Control"]


def test_renaming_a_slug_keeps_the_old_url_working_with_a_301(client):
    explainer = make_explainer()
    services.save_explainer(user=None, explainer=explainer, slug="collective-defence")
    response = client.get("/explainers/article-5/")
    assert response.status_code == 301
    assert response["Location"] == "/explainers/collective-defence/"


def test_every_save_keeps_a_revision_and_restore_makes_a_new_one(editor_client):
    explainer = make_explainer(body="First wording.")
    explainer = services.save_explainer(user=None, explainer=explainer, body="Second wording.")
    first = explainer.revisions.get(number=1)
    restored = services.restore_revision(user=None, revision=first)
    assert restored.body == "First wording."
    assert list(restored.revisions.values_list("number", flat=True)) == [3, 2, 1]
    assert AuditEntry.objects.filter(action=Action.RESTORED).count() == 1
    assert Revision.objects.count() == 3


def test_the_admin_shows_a_diff_between_versions_and_restores(client):
    admin = make_user("root", superuser=True)
    client.force_login(admin)
    explainer = make_explainer(body="Allies consult.")
    services.save_explainer(user=admin, explainer=explainer, body="Allies decide together.")
    page = client.get(f"/admin/explainers/explainer/{explainer.pk}/revisions/?a=1&b=2")
    text = page.content.decode()
    assert "-Allies consult." in text and "+Allies decide together." in text
    assert "publishing schedule, slug and related reporting stay as they are" in text
    client.post(
        f"/admin/explainers/explainer/{explainer.pk}/revisions/1/restore/",
        {"reason": "The first wording was right."},
    )
    explainer.refresh_from_db()
    assert explainer.body == "Allies consult." and explainer.version == 3


def test_the_save_button_says_schedule_only_for_a_future_time(client):
    client.force_login(make_user("root", superuser=True))
    later = make_explainer(slug="later", publish_at=timezone.now() + timedelta(days=1))
    now = make_explainer(slug="now")
    assert (
        'value="Schedule"'
        in client.get(f"/admin/explainers/explainer/{later.pk}/change/").content.decode()
    )
    page = client.get(f"/admin/explainers/explainer/{now.pk}/change/").content.decode()
    assert 'value="Schedule"' not in page and 'value="Save"' in page
    assert "Status: Live" in page


def test_a_second_tab_cannot_overwrite_the_first(client):
    client.force_login(make_user("root", superuser=True))
    explainer = make_explainer()
    url = f"/admin/explainers/explainer/{explainer.pk}/change/"
    form = {
        "title": explainer.title,
        "slug": explainer.slug,
        "summary": "s",
        "state": "published",
        "publish_at_0": "2026-01-01",
        "publish_at_1": "10:00:00",
        "order": "0",
        "expected_version": str(explainer.version),
    }
    assert client.post(url, {**form, "body": "Tab one text."}).status_code == 302
    second = client.post(url, {**form, "body": "Tab two text."})
    assert second.status_code == 200
    text = second.content.decode()
    assert "Someone else saved this" in text and "Tab one text." in text
    assert "Tab two text." in text
    explainer.refresh_from_db()
    assert explainer.body == "Tab one text."
    # The refused form now rests on the version it shows: the merge can be saved.
    shown = re.search(r'name="expected_version" value="(\d+)"', text).group(1)
    assert shown == str(explainer.version)
    merged = client.post(url, {**form, "expected_version": shown, "body": "Tab one and two."})
    assert merged.status_code == 302
    explainer.refresh_from_db()
    assert explainer.body == "Tab one and two."


def test_a_page_saved_from_an_old_copy_is_refused_with_the_newer_save_to_merge():
    explainer = make_explainer()
    opened = explainer.version
    services.save_explainer(user=None, explainer=explainer, body="First wording.")
    with pytest.raises(StaleEdit) as stale:
        services.save_explainer(
            user=None, explainer=explainer, expected_version=opened, body="Second wording."
        )
    assert stale.value.current.body == "First wording."
    assert "Someone else saved this" in stale.value.messages[0]
    explainer.refresh_from_db()
    assert (explainer.body, explainer.version) == ("First wording.", opened + 1)


def test_a_second_tab_cannot_overwrite_an_faq_answer(client):
    client.force_login(make_user("root", superuser=True))
    question = _faq(1)
    url = f"/admin/explainers/question/{question.pk}/change/"
    form = {
        "question": question.question,
        "slug": question.slug,
        "group": question.group,
        "group_order": "0",
        "order": "1",
        "published": "on",
        "expected_version": str(question.version),
    }
    assert client.post(url, {**form, "answer": "Tab one's answer."}).status_code == 302
    second = client.post(url, {**form, "answer": "Tab two's answer.", "audit_note": "Typo."})
    assert second.status_code == 200
    text = second.content.decode()
    assert "Saved by someone else meanwhile" in text and "Tab one&#x27;s answer." in text
    assert "Tab two&#x27;s answer." in text and "Typo." in text  # all they typed is kept
    question.refresh_from_db()
    assert question.answer == "Tab one's answer."


def _faq(n: int, **kw) -> Question:
    return services.save_question(
        user=None,
        slug=f"q{n}",
        question=f"Question {n}?",
        answer=f"Answer **{n}**.",
        published=True,
        order=n,
        **{**SOURCED, **kw},
    )


class _JsonLd(HTMLParser):
    def __init__(self):
        super().__init__()
        self.blocks, self._in = [], False

    def handle_starttag(self, tag, attrs):
        self._in = tag == "script" and dict(attrs).get("type") == "application/ld+json"

    def handle_data(self, data):
        if self._in:
            self.blocks.append(json.loads(data))

    def handle_endtag(self, tag):
        self._in = False


def test_faq_json_ld_parses_and_lists_every_published_question(client):
    for n in range(3):
        _faq(n)
    services.save_question(
        user=None, slug="draft", question="Draft?", answer="No.", published=False
    )
    page = client.get("/faq/").content.decode()
    parser = _JsonLd()
    parser.feed(page)
    (data,) = parser.blocks
    assert data["@type"] == "FAQPage"
    assert [q["name"] for q in data["mainEntity"]] == ["Question 0?", "Question 1?", "Question 2?"]
    assert data["mainEntity"][1]["acceptedAnswer"]["text"] == "Answer 1."
    assert 'id="q1"' in page and "Draft?" not in page


def test_a_hostile_question_cannot_break_out_of_the_json_ld(client):
    _faq(1, group="</script><script>alert(1)</script>")
    services.save_question(
        user=None,
        slug="x",
        question="</script><script>alert(2)</script>",
        answer="a",
        published=True,
        **SOURCED,
    )
    page = client.get("/faq/").content.decode()
    assert "<script>alert" not in page
    parser = _JsonLd()
    parser.feed(page)
    assert parser.blocks[0]["mainEntity"][1]["name"].startswith("</script>")


@pytest.mark.parametrize("count", [1, 200])
def test_pages_make_a_fixed_number_of_queries(client, django_assert_num_queries, count, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    for n in range(count):
        make_explainer(slug=f"e{n}", title=f"E{n}")
        _faq(n)
    # Each page also reads the verdict id its share card's image is named after.
    with django_assert_num_queries(3):  # the list, and when it next changes by the clock
        client.get("/explainers/")
    # And one for the sources of every answer (or of the page) shown, however many.
    with django_assert_num_queries(3):
        client.get("/faq/")
    with django_assert_num_queries(4):
        client.get("/explainers/e0/")


def test_the_launch_content_loads_twice_without_duplicates():
    from explainers.launch import load
    from news.launch import load as load_outlets

    load_outlets()  # every source is credited to an outlet on the list
    assert len(load()) >= 11
    assert load() == []
    assert Explainer.objects.published().filter(slug="article-5").exists()
    assert Question.objects.published().count() >= 6
    assert all(q.sources.exists() for q in Question.objects.published())
    article_5 = Explainer.objects.get(slug="article-5").body
    assert "11 September 2001" in article_5 and "12 September" in article_5


def _wait_until(moment) -> None:
    time.sleep(max(0.0, (moment - timezone.now()).total_seconds()) + 0.05)


def test_a_scheduled_page_joins_the_cached_pages_when_due_without_waiting_for_the_beat_task(
    client,
):
    # Time enough for nine requests first on a loaded machine (1.5 s was not, once).
    due = timezone.now() + timedelta(seconds=4)
    make_explainer(publish_at=due)
    pages = ("/", "/explainers/", "/sitemap.xml")
    for path in pages:  # cached while the page is still scheduled
        assert "article-5" not in client.get(path).content.decode()
        assert client.get(path)["ETag"] == client.get(path)["ETag"]
    _wait_until(due)
    for path in pages:
        assert "article-5" in client.get(path).content.decode(), path
    assert client.get("/explainers/article-5/").status_code == 200
    assert not AuditEntry.objects.filter(action=Action.PUBLISHED).exists()  # no beat task ran


def test_a_page_leaves_the_cached_pages_when_its_unpublish_time_comes(client):
    ends = timezone.now() + timedelta(seconds=4)  # time for the requests before it
    make_explainer(unpublish_at=ends)
    pages = ("/", "/explainers/", "/sitemap.xml", "/explainers/article-5/")
    for path in pages:
        assert "article-5" in client.get(path).content.decode(), path
    _wait_until(ends)
    assert client.get("/explainers/article-5/").status_code == 404
    for path in pages[:3]:
        assert "article-5" not in client.get(path).content.decode(), path


def test_deleting_an_explainer_or_answer_in_the_admin_is_recorded_and_leaves_the_cached_pages(
    client,
):
    make_explainer()
    _faq(1)
    assert "article-5" in client.get("/explainers/").content.decode()  # cached now
    faq_before = client.get("/faq/").content.decode()
    staff = Client()
    staff.force_login(make_user("root", superuser=True))
    explainer = Explainer.objects.get()
    staff.post(f"/admin/explainers/explainer/{explainer.pk}/delete/", {"post": "yes"})
    staff.post(
        "/admin/explainers/question/",
        {
            "action": "delete_selected",
            "post": "yes",
            "_selected_action": list(Question.objects.values_list("pk", flat=True)),
        },
    )
    assert not Explainer.objects.exists() and not Question.objects.exists()
    deleted = AuditEntry.objects.filter(action=Action.DELETED)
    assert {e.content_type.model for e in deleted} == {"explainer", "question"}
    assert "article-5" not in client.get("/explainers/").content.decode()
    assert client.get("/faq/").content.decode() != faq_before


def test_a_page_brought_back_and_expiring_again_is_announced_again():
    from explainers.tasks import publish_due

    explainer = make_explainer(unpublish_at=timezone.now() + timedelta(minutes=5))
    assert publish_due.delay().get() == 0  # live at its save: that save told readers
    Explainer.objects.filter(pk=explainer.pk).update(unpublish_at=timezone.now())  # time passes
    assert publish_due.delay().get() == 1  # taken down
    explainer = services.save_explainer(
        user=None,
        explainer=Explainer.objects.get(),
        unpublish_at=timezone.now() + timedelta(minutes=5),
    )
    assert explainer.status() == "live"
    Explainer.objects.filter(pk=explainer.pk).update(unpublish_at=timezone.now())
    assert publish_due.delay().get() == 1
    assert AuditEntry.objects.filter(action=Action.UNPUBLISHED).count() == 2


def test_an_old_slugs_redirect_and_a_missing_page_are_never_kept_by_browsers(client):
    explainer = services.save_explainer(user=None, explainer=make_explainer(), slug="renamed")
    for path, status in (("/explainers/article-5/", 301), ("/explainers/no-such-page/", 404)):
        response = client.get(path)
        assert response.status_code == status
        assert "max-age=0" in response["Cache-Control"], path  # the browser asks again
        assert "s-maxage=30" in response["Cache-Control"], path  # a CDN, no longer than a page
        assert not response.cookies
    # Renamed back: the readers whose browser saw the first redirect are not sent in a loop.
    services.save_explainer(user=None, explainer=explainer, slug="article-5")
    assert client.get("/explainers/article-5/").status_code == 200
    assert client.get("/explainers/renamed/")["Location"] == "/explainers/article-5/"


def test_an_unpublish_time_before_publishing_is_a_form_error_not_a_crash(client):
    client.force_login(make_user("root", superuser=True))
    response = client.post(
        "/admin/explainers/explainer/add/",
        {
            "title": "Timing",
            "slug": "timing",
            "summary": "s",
            "body": "b",
            "state": "published",
            "publish_at_0": "2030-01-02",
            "publish_at_1": "10:00:00",
            "unpublish_at_0": "2030-01-02",
            "unpublish_at_1": "09:00:00",
            "order": "0",
        },
    )
    assert response.status_code == 200
    assert "The unpublish time must come after publishing." in response.content.decode()
    assert not Explainer.objects.exists()


def test_only_editors_preview_drafts_not_every_staff_member(client):

    make_explainer(state=ExplainerState.DRAFT, publish_at=None)
    client.force_login(make_user("mod", role=MODERATORS))
    assert client.get("/explainers/article-5/").status_code == 404
    client.force_login(make_user("ed", role=EDITORS))
    assert "Preview — not published" in client.get("/explainers/article-5/").content.decode()


def test_an_old_address_keeps_leading_to_its_page_when_a_draft_takes_the_slug(client):
    services.save_explainer(user=None, explainer=make_explainer(), slug="collective-defence")
    make_explainer(
        slug="article-5", title="A new draft", state=ExplainerState.DRAFT, publish_at=None
    )
    response = client.get("/explainers/article-5/")
    assert response.status_code == 301
    assert response["Location"] == "/explainers/collective-defence/"


def test_the_revisions_page_survives_made_up_version_numbers(client):
    client.force_login(make_user("root", superuser=True))
    explainer = make_explainer()
    url = f"/admin/explainers/explainer/{explainer.pk}/revisions/"
    assert client.get(url + "?a=x&b=").status_code == 200
    Revision.objects.filter(explainer=explainer).delete()
    assert client.get(url).status_code == 200
