"""Confirm and unsubscribe links: opaque, and the confirmation promises what was chosen."""

import base64

import pytest
from django.core import mail, signing

from subscriptions import services
from subscriptions.models import Subscriber
from tests.subscriptions.test_subscriptions import link_in, subscribe, unsubscribe_path

pytestmark = pytest.mark.django_db
ADDRESS = "reader@example.org"


def _encodings(address: str) -> list[str]:
    raw = address.encode()
    return [
        address,
        base64.urlsafe_b64encode(raw).decode().rstrip("="),
        base64.b64encode(raw).decode().rstrip("="),
    ]


def test_confirm_and_unsubscribe_links_carry_no_trace_of_the_address(client):
    subscribe(client, ADDRESS)
    (message,) = mail.outbox
    for link in (link_in(message, "subscribe/confirm"), unsubscribe_path(message)):
        for form in _encodings(ADDRESS):
            # Any 6 characters of the address's base64 would show it was there.
            assert form[:6] not in link, link
        assert "reader" not in link


def test_choosing_also_notable_updates_is_confirmed_as_one_digest_a_day(client):
    assert "Also notable updates (one digest a day)" in client.get("/subscribe/").content.decode()
    subscribe(client, ADDRESS, what="all")
    confirm = link_in(mail.outbox[-1], "subscribe/confirm")
    promise = (
        "when the answer or an indicator changes, and once a day with a digest of our "
        "notable updates (at 07:00 UK time, on days with any)"
    )
    assert f"{promise}?" in client.get(confirm).content.decode()
    page = client.post(confirm).content.decode()
    assert f"{promise}." in page


def test_choosing_verdict_changes_only_is_confirmed_as_only_that(client):
    subscribe(client, ADDRESS)
    page = client.post(link_in(mail.outbox[-1], "subscribe/confirm")).content.decode()
    assert "email you when the answer changes." in page
    assert "notable" not in page


def test_an_unsubscribe_link_from_an_email_sent_before_opaque_links_still_works(client):
    subscribe(client, ADDRESS)
    client.post(link_in(mail.outbox[-1], "subscribe/confirm"))
    old = signing.Signer(salt=services.UNSUBSCRIBE_SALT).sign(ADDRESS)
    token = signing.b64_encode(old.encode()).decode()
    assert client.post(f"/unsubscribe/{token}/").status_code == 200
    assert not Subscriber.objects.get(email=ADDRESS).active


def test_a_link_signed_for_confirming_cannot_unsubscribe_and_a_made_up_id_is_refused(client):
    subscribe(client, ADDRESS)
    subscriber = Subscriber.objects.get()
    confirm_token = link_in(mail.outbox[-1], "subscribe/confirm").split("/")[-2]
    assert client.post(f"/unsubscribe/{confirm_token}/").status_code == 400
    forged = signing.Signer(salt="another.salt").sign(f"s{subscriber.pk}")
    assert client.post(f"/unsubscribe/{forged}/").status_code == 400
    erased = signing.Signer(salt=services.UNSUBSCRIBE_SALT).sign(f"s{subscriber.pk + 1}")
    assert client.post(f"/unsubscribe/{erased}/").status_code == 400
