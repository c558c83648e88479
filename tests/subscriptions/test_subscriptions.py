"""Reader subscriptions end to end with Django's email outbox."""

import re
import time

import pytest
from django.core import mail
from django.test import TestCase

from status import services as status_services
from status.models import State
from subscriptions.delivery import deliver_due
from subscriptions.models import Subscriber
from tests.factories import make_user

pytestmark = pytest.mark.django_db
SITE = {"HTTP_ORIGIN": "http://127.0.0.1:8000"}


def subscribe(client, email, what="verdict", **extra):
    # The confirmation is queued when the request's transaction commits (eager here).
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post("/subscribe/", {"email": email, "what": what}, **{**SITE, **extra})


def unsubscribe_path(message) -> str:
    header = message.extra_headers["List-Unsubscribe"]
    return header.strip("<>").split("8000", 1)[1]


def link_in(message, kind: str) -> str:
    return re.search(rf"https?://[^\s]+/{kind}/[^\s]+/", message.body).group(0).split("8000", 1)[1]


def subscribed(client, email, what="verdict") -> Subscriber:
    subscribe(client, email, what)
    client.post(link_in(mail.outbox[-1], "subscribe/confirm"))
    return Subscriber.objects.get(email=email)


def first_verdict():
    status_services.change_verdict(
        user=None, state=State.NO_WAR, answer="No", headline="h", summary="s", reason=""
    )


def change_verdict():
    return status_services.change_verdict(
        user=None,
        state=State.ARTICLE4_CONSULTATIONS,
        answer="No",
        headline="Talks.",
        summary="Talks.",
        reason="Estonia asked for consultations.",
    )


def test_subscribe_confirm_and_unsubscribe(client):
    response = subscribe(client, "Reader@Example.org")
    assert response.status_code == 200 and "Check your inbox" in response.content.decode()
    assert not response.cookies
    subscriber = Subscriber.objects.get()
    assert subscriber.email == "reader@example.org" and not subscriber.active
    (message,) = mail.outbox
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    confirm = link_in(message, "subscribe/confirm")
    page = client.get(confirm).content.decode()
    assert "Yes, email me" in page and 'content="noindex"' in page
    subscriber.refresh_from_db()
    assert not subscriber.active, "a GET (a mail scanner opening links) must not subscribe"
    client.post(confirm)
    subscriber.refresh_from_db()
    assert subscriber.active
    unsubscribe = unsubscribe_path(message)
    assert "Stop emailing me" in client.get(unsubscribe).content.decode()
    subscriber.refresh_from_db()
    assert subscriber.active, "a GET (a link prefetcher) must not unsubscribe"
    client.post(unsubscribe)
    subscriber.refresh_from_db()
    assert not subscriber.active


def test_links_cannot_be_forged_and_confirmations_expire(client, settings):
    subscribe(client, "a@example.org")
    link = link_in(mail.outbox[0], "subscribe/confirm")
    forged = link[:-6] + ("A" if link[-6] != "A" else "B") + link[-5:]
    assert client.get(forged).status_code == 400
    settings.SUBSCRIBE_CONFIRM_MAX_AGE = 1
    time.sleep(2.1)
    response = client.get(link)
    assert response.status_code == 400 and "expired" in response.content.decode()
    assert not Subscriber.objects.get().active


def test_the_answer_is_the_same_for_known_and_unknown_addresses(client):
    subscribed(client, "known@example.org")
    known = subscribe(client, "known@example.org").content.decode()
    unknown = subscribe(client, "new@example.org").content.decode()
    assert known == unknown


def test_requests_are_rate_limited_per_address_and_per_client(client, settings):
    settings.SUBSCRIBE_LIMIT_PER_ADDRESS = 2
    settings.SUBSCRIBE_LIMIT_PER_CLIENT = 4
    assert [subscribe(client, "x@example.org").status_code for _ in range(3)] == [200, 200, 429]
    codes = [subscribe(client, f"y{n}@example.org").status_code for n in range(3)]
    assert codes == [200, 429, 429]  # the client's fifth request on is refused


@pytest.mark.parametrize(
    "email", ["x@localhost", "x@[127.0.0.1]", "x@mail.local", "x@a.test", "x@router.lan"]
)
def test_an_address_off_the_public_internet_is_refused_with_a_sentence(client, email):
    response = subscribe(client, email)
    assert response.status_code == 400
    assert "public domain" in response.content.decode()
    assert not Subscriber.objects.exists() and not mail.outbox


@pytest.mark.parametrize("email", ["x@example.org", "x@post.bücher.de", "x@xn--p1ai.xn--p1ai"])
def test_an_address_on_a_public_domain_is_taken(client, email):
    assert subscribe(client, email).status_code == 200
    assert Subscriber.objects.count() == 1


def test_a_post_from_another_site_is_refused(client):
    response = client.post(
        "/subscribe/", {"email": "v@example.org"}, HTTP_ORIGIN="https://evil.example"
    )
    assert response.status_code == 403 and not Subscriber.objects.exists()


def test_the_form_works_without_javascript_and_keeps_the_home_page_cacheable(client):
    page = client.get("/")
    assert 'action="/subscribe/"' in page.content.decode()
    assert "csrfmiddlewaretoken" not in page.content.decode()
    assert not page.cookies and "public" in page["Cache-Control"]


def test_a_verdict_change_emails_each_confirmed_subscriber_exactly_once(
    client, django_capture_on_commit_callbacks
):
    subscribed(client, "one@example.org")
    subscribed(client, "two@example.org", what="all")
    subscribe(client, "unconfirmed@example.org")
    gone = subscribed(client, "gone@example.org")
    client.post(unsubscribe_path(mail.outbox[-1]))
    gone.refresh_from_db()
    assert not gone.active
    first_verdict()
    deliver_due()  # its announcement: the worker's sweep delivers it
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        change_verdict()
    # The answer stayed "No" but the verdict's state moved: the subject says the verdict
    # changed, naming the new headline, never that the answer did.
    sent = sorted(m.to[0] for m in mail.outbox if "Verdict changed: Talks." in m.subject)
    assert sent == ["one@example.org", "two@example.org"]
    message = next(m for m in mail.outbox if m.to == ["one@example.org"])
    assert "Estonia asked for consultations." in message.body
    assert re.search(r"\d\d:\d\d (GMT|BST)", message.body)
    assert "List-Unsubscribe" in message.extra_headers
    assert message.extra_headers["Message-ID"].startswith("<announce.")
    # A valid msg-id (RFC 5322: a dot-atom left of the @), one per reader's copy.
    ids = {m.extra_headers["Message-ID"] for m in mail.outbox if "Talks." in m.subject}
    assert len(ids) == 2
    for one in ids:
        assert re.fullmatch(r"<[a-z0-9]+(\.[a-z0-9]+)*@[a-z0-9.-]+>", one), one
    # The worker running again (beat's sweep, a redelivery) sends nothing more.
    before = len(mail.outbox)
    assert deliver_due() == {"emails": 0, "posts": 0}
    assert len(mail.outbox) == before


def test_routine_checks_email_nobody(client, django_capture_on_commit_callbacks):
    subscribed(client, "all@example.org", what="all")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        status_services.record_check(user=None)
    assert mail.outbox == []


def test_the_privacy_page_says_what_is_stored(client):
    page = client.get("/privacy/").content.decode()
    assert "email address" in page and "unsubscribe" in page


def test_an_admin_can_erase_a_subscriber(client):

    subscriber = subscribed(client, "forget@example.org")
    client.force_login(make_user("root", superuser=True))
    client.post(
        "/admin/subscriptions/subscriber/", {"action": "erase", "_selected_action": [subscriber.pk]}
    )
    assert not Subscriber.objects.exists()
