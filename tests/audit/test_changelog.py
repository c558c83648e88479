"""The public changelog and the updates feed."""

import json
from html.parser import HTMLParser

import feedparser
import pytest

from audit import services as audit
from audit.models import Action
from tests.conftest import CORPORA

pytestmark = pytest.mark.django_db


def record(n: int, *, public: bool = True, summary: str | None = None, note: str = ""):
    return audit.record(
        actor=None,
        action=Action.CHANGED,
        public=public,
        summary=summary or f"Public change {n}",
        note=note,
    )


def test_the_changelog_shows_public_entries_only_newest_first(client):
    record(1)
    record(2, public=False, summary="Internal only")
    record(3)
    page = client.get("/changelog/").content.decode()
    assert "Internal only" not in page
    assert page.index("Public change 3") < page.index("Public change 1")
    assert "GMT" in page or "BST" in page


def test_the_changelog_paginates(client):
    for n in range(30):
        record(n)
    first = client.get("/changelog/").content.decode()
    assert first.count('id="entry-') == 25 and 'rel="next"' in first
    assert client.get("/changelog/?page=2").content.decode().count('id="entry-') == 5


def test_the_changelog_links_only_to_pages_readers_can_open(client):
    from django.utils import timezone

    from explainers.models import ExplainerState
    from explainers.services import save_explainer
    from tests.status.factories import NATO_SOURCE, nato

    nato()  # a published page cites a source from a primary source

    def explainer(slug: str, **kw):
        return save_explainer(
            user=None,
            slug=slug,
            title=f"Explainer {slug}",
            summary="s",
            body="b",
            state=ExplainerState.PUBLISHED,
            publish_at=timezone.now(),
            sources=[NATO_SOURCE],
            **kw,
        )

    live = explainer("still-live")
    withdrawn = explainer("withdrawn")
    gone = explainer("gone")
    for obj in (live, withdrawn, gone):
        audit.record(
            actor=None,
            action=Action.PUBLISHED,
            obj=obj,
            public=True,
            summary=f"Published {obj.slug}",
        )
    save_explainer(user=None, explainer=withdrawn, state=ExplainerState.DRAFT)
    gone.delete()
    page = client.get("/changelog/").content.decode()
    assert 'href="/explainers/still-live/"' in page
    assert "Published withdrawn" in page and 'href="/explainers/withdrawn/"' not in page
    assert "Published gone" in page and 'href="/explainers/gone/"' not in page


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def _payloads():
    cases = json.loads((CORPORA / "xss" / "dompurify_expect.json").read_text())
    return [c["payload"] for c in cases if isinstance(c.get("payload"), str)][:120]


def test_hostile_summaries_and_notes_are_escaped(client):
    for n, payload in enumerate(_payloads()):
        record(n, summary=payload[:300] or "x", note=payload)
    for page_number in range(1, 7):
        parser = _Tags()
        parser.feed(client.get(f"/changelog/?page={page_number}").content.decode())
        body_tags = parser.tags
        assert not [t for t, _ in body_tags if t in {"script", "iframe", "object", "embed", "svg"}]
        assert not [a for _, a in body_tags if any(k.startswith("on") for k in a)]
        assert not [
            a
            for t, a in body_tags
            if t == "a"
            and (a.get("href") or "").strip().lower().startswith(("javascript:", "data:"))
        ]


def test_the_updates_feed_is_valid_atom_with_stable_ids(client):
    for n in range(3):
        record(n)
    record(9, public=False)
    raw = client.get("/feeds/updates.xml").content
    parsed = feedparser.parse(raw)
    assert not parsed.bozo and parsed.version == "atom10"
    assert [e.title for e in parsed.entries] == [
        "Public change 2",
        "Public change 1",
        "Public change 0",
    ]
    again = feedparser.parse(client.get("/feeds/updates.xml").content)
    assert [e.id for e in parsed.entries] == [e.id for e in again.entries]
    assert all(e.updated_parsed for e in parsed.entries)
    assert b"<author><name>" in raw  # RFC 4287: required on the feed or every entry


def test_a_note_reaches_feed_readers_as_written_not_as_markup(client):
    record(1, note="Moscow <denies> involvement; NATO & the EU respond.")
    import html

    entry = feedparser.parse(client.get("/feeds/updates.xml").content).entries[0]
    assert entry.summary_detail.type == "text/html"  # shown as HTML: the text must be escaped
    assert html.unescape(entry.summary) == "Moscow <denies> involvement; NATO & the EU respond."


def test_the_updates_feed_does_not_link_to_a_withdrawn_page(client):
    from django.utils import timezone

    from explainers.models import ExplainerState
    from explainers.services import save_explainer
    from tests.status.factories import NATO_SOURCE, nato

    nato()  # a published page cites a source from a primary source

    page = save_explainer(
        user=None,
        slug="gone",
        title="Gone",
        summary="s",
        body="b",
        state=ExplainerState.PUBLISHED,
        publish_at=timezone.now(),
        sources=[NATO_SOURCE],
    )
    entry = audit.record(
        actor=None, action=Action.PUBLISHED, obj=page, public=True, summary="Published gone"
    )
    save_explainer(user=None, explainer=page, state=ExplainerState.DRAFT, public=False)
    parsed = feedparser.parse(client.get("/feeds/updates.xml").content)
    item = next(e for e in parsed.entries if e.title == "Published gone")
    assert item.link.endswith(f"/changelog/#entry-{entry.pk}")


@pytest.mark.parametrize("path", ["/feeds/updates.xml", "/feeds/news.xml"])
def test_every_link_in_a_feed_names_the_site_whatever_host_asked_first(client, settings, path):
    settings.SITE_URL = "https://warstatus.example"
    settings.ALLOWED_HOSTS = ["warstatus.example", "www.warstatus.example"]
    record(1)
    first = client.get(path, HTTP_HOST="www.warstatus.example").content
    second = client.get(path, HTTP_HOST="warstatus.example").content
    for raw in (first, second):
        parsed = feedparser.parse(raw)
        links = [link.href for link in parsed.feed.links]
        links += [link.href for e in parsed.entries for link in e.links]
        assert links and all(h.startswith("https://warstatus.example/") for h in links), links


@pytest.mark.parametrize("count", [1, 200])
def test_the_changelog_makes_the_same_number_of_queries_with_1_and_200_entries(
    client, django_assert_num_queries, count, settings
):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    for n in range(count):
        record(n)
    # One page of entries (no COUNT(*) over the whole log), and the share card's verdict id.
    with django_assert_num_queries(2):
        assert client.get("/changelog/").status_code == 200


def test_a_cached_changelog_stops_linking_to_a_page_when_its_unpublish_time_comes(client):
    import time
    from datetime import timedelta

    from django.utils import timezone

    from explainers.models import ExplainerState
    from explainers.services import save_explainer
    from tests.status.factories import NATO_SOURCE, nato

    nato()  # a published page cites a source from a primary source

    ends = timezone.now() + timedelta(seconds=1.5)
    explainer = save_explainer(
        user=None,
        slug="short-lived",
        title="Short-lived",
        summary="s",
        body="b",
        state=ExplainerState.PUBLISHED,
        publish_at=timezone.now(),
        unpublish_at=ends,
        sources=[NATO_SOURCE],
    )
    assert 'href="/explainers/short-lived/"' in client.get("/changelog/").content.decode()
    time.sleep((ends - timezone.now()).total_seconds() + 0.05)
    page = client.get("/changelog/").content.decode()
    assert explainer.title in page and 'href="/explainers/short-lived/"' not in page
