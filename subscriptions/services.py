"""Readers' subscriptions and staff's actions on announcements and digests: every write,
one transaction each (double opt-in, unsubscribing, erasure on request, resending what
failed). The outbox, digests and deliveries are written by outbox.py, digest.py and
delivery.py.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from audit import services as audit
from audit.models import Action
from core.permissions import require
from subscriptions import limits
from subscriptions.models import (
    Announcement,
    DeliveryState,
    Digest,
    EmailDelivery,
    Subscriber,
    WebhookDelivery,
    latest_announcement_id,
)
from subscriptions.outbox import nudge
from subscriptions.wording import reader_language

CONFIRM_SALT = "subscriptions.confirm"
UNSUBSCRIBE_SALT = "subscriptions.unsubscribe"


class RateLimited(Exception):
    """Too many requests from one address or one client; try later."""


class BadLink(Exception):
    """A confirmation or unsubscribe link that is forged, broken or expired."""


def _limit(key: str, limit: int, period: int = 3600) -> None:
    # Counted in this process while the cache is away (limits.py): never a 500.
    if limits.count(key, period) > limit:
        raise RateLimited


def request_subscription(
    *, email: str, changelog_too: bool, client: str, language: str = settings.LANGUAGE_CODE
) -> None:
    """Start (or restart) a double opt-in, in the language of the page the reader used
    (their emails' and links' language). Says nothing about whether the address is
    known."""
    email = (email or "").strip().lower()
    language = reader_language(language)
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationError({"email": "That doesn't look like an email address."}) from None
    if len(email) > Subscriber._meta.get_field("email").max_length:
        raise ValidationError({"email": "That address is too long for us to store."})
    if not _on_a_public_domain(email):
        raise ValidationError(
            {
                "email": "That address isn't on a public domain (such as example.org after "
                "the @), so no email of ours could reach it."
            }
        )
    _limit(f"subscribe:client:{client}", settings.SUBSCRIBE_LIMIT_PER_CLIENT)
    _limit(f"subscribe:email:{email}", settings.SUBSCRIBE_LIMIT_PER_ADDRESS)
    with transaction.atomic():
        subscriber, _ = Subscriber.objects.get_or_create(email=email)
        subscriber.language = language
        if subscriber.active:
            subscriber.changelog_too = changelog_too
            subscriber.save(update_fields=["changelog_too", "language"])
        else:
            subscriber.changelog_too = changelog_too
            subscriber.unsubscribed_at = None
            # A reader confirmed before is active again at once: from now on.
            subscriber.hears_after = latest_announcement_id()
            subscriber.save(
                update_fields=["changelog_too", "unsubscribed_at", "hears_after", "language"]
            )
        # The worker sends it (and retries while the mail server is down): a slow or
        # absent mail server must never hold a web worker or turn the answer into a 500.
        transaction.on_commit(lambda: _queue_confirmation(subscriber.pk))


# Names that never reach the internet (RFC 2606, 6761, 6762): `x@localhost`, `x@a.test`.
PRIVATE_TOP_LEVEL = {"localhost", "local", "invalid", "test", "example", "internal", "lan"}


def _on_a_public_domain(email: str) -> bool:
    """A domain with a dot and a top-level name that is letters (or IDN's `xn--`), not
    an address literal such as `[127.0.0.1]` and not a private name."""
    domain = email.rpartition("@")[2]
    top = domain.rpartition(".")[2]
    return (
        "." in domain
        and (top.isalpha() or top.startswith("xn--"))
        and len(top) >= 2
        and top not in PRIVATE_TOP_LEVEL
    )


def _queue_confirmation(subscriber_id: int) -> None:
    from core.queueing import send_quietly
    from subscriptions.tasks import send_confirmation

    # With the broker away the reader is told to check their inbox and nothing comes:
    # they can ask again. The page itself never waits on Redis.
    send_quietly(send_confirmation, subscriber_id)


def send_confirmation(*, subscriber_id: int) -> None:
    """The email that answers a subscribe request: a link to confirm, or "already in",
    in the reader's language."""
    subscriber = Subscriber.objects.filter(pk=subscriber_id).first()
    if subscriber is None:
        return  # erased meanwhile
    with translation.override(subscriber.language):
        _confirmation(subscriber).send()


def _confirmation(subscriber: Subscriber) -> EmailMessage:
    if subscriber.active:
        body = (
            gettext("You are already subscribed to updates. Nothing else to do.")
            + "\n\n"
            + gettext("To stop: %(link)s") % {"link": unsubscribe_link(subscriber)}
            + "\n"
        )
    else:
        body = (
            gettext(
                "Someone (we hope you) asked to be told when the answer to “%(question)s” changes."
            )
            % {"question": settings.SITE_NAME}
            + "\n\n"
            + gettext("Confirm within %(hours)s hours:")
            % {"hours": settings.SUBSCRIBE_CONFIRM_MAX_AGE // 3600}
            + f"\n{confirm_link(subscriber)}\n\n"
            + gettext("If it wasn't you, ignore this email.")
            + "\n"
        )
    return EmailMessage(
        subject=f"[{settings.SITE_NAME}] " + gettext("Confirm your subscription"),
        body=body,
        to=[subscriber.email],
        headers=list_headers(subscriber),
    )


def list_headers(subscriber: Subscriber) -> dict[str, str]:
    return {
        "List-Unsubscribe": f"<{unsubscribe_link(subscriber)}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


# Links carry a signed subscriber id, never the address: a link forwarded, logged by a
# proxy or left in browser history gives nobody the reader's email.
def _confirm_signer() -> signing.TimestampSigner:
    return signing.TimestampSigner(salt=CONFIRM_SALT)


def _unsubscribe_signer() -> signing.Signer:
    return signing.Signer(salt=UNSUBSCRIBE_SALT)


# Each link opens the page in the reader's language (/pl/subscribe/confirm/...).
def confirm_link(subscriber: Subscriber) -> str:
    token = _confirm_signer().sign(f"s{subscriber.pk}")
    return _in_language(subscriber, "subscriptions:confirm", token)


def unsubscribe_link(subscriber: Subscriber) -> str:
    """Also the reader's page for choosing their emails' language."""
    return _in_language(subscriber, "subscriptions:unsubscribe", unsubscribe_token(subscriber))


def unsubscribe_token(subscriber: Subscriber) -> str:
    return _unsubscribe_signer().sign(f"s{subscriber.pk}")


def _in_language(subscriber: Subscriber, name: str, token: str) -> str:
    with translation.override(reader_language(subscriber.language)):
        return f"{settings.SITE_URL}{reverse(name, args=[token])}"


def _subscriber_id(value: str) -> int:
    if not (value.startswith("s") and value[1:].isdigit()):
        raise BadLink("This link is not valid.")
    return int(value[1:])


def _legacy_unsubscribe_email(token: str) -> str | None:
    """Unsubscribe links sent before links carried ids (base64 of the signed address):
    they are in readers' old emails and must keep working."""
    try:
        value = signing.b64_decode(token.encode()).decode()
        return _unsubscribe_signer().unsign(value)
    except (ValueError, UnicodeDecodeError, signing.BadSignature):
        return None


def subscriber_to_confirm(*, token: str) -> Subscriber:
    """Whom a confirmation link is for; BadLink if forged, expired or erased since."""
    try:
        value = _confirm_signer().unsign(token, max_age=settings.SUBSCRIBE_CONFIRM_MAX_AGE)
    except signing.SignatureExpired:
        raise BadLink("This confirmation link has expired: subscribe again.") from None
    except signing.BadSignature:
        raise BadLink("This link is not valid.") from None
    subscriber = Subscriber.objects.filter(pk=_subscriber_id(value)).first()
    if subscriber is None:
        raise BadLink("This subscription no longer exists.")
    return subscriber


def confirm(*, token: str) -> Subscriber:
    pk = subscriber_to_confirm(token=token).pk
    with transaction.atomic():
        subscriber = Subscriber.objects.select_for_update().filter(pk=pk).first()
        if subscriber is None:
            raise BadLink("This subscription no longer exists.")
        if subscriber.confirmed_at is None or subscriber.unsubscribed_at is not None:
            subscriber.confirmed_at = timezone.now()
            subscriber.unsubscribed_at = None
            # Told only of changes from now on, not of any still waiting in the outbox.
            subscriber.hears_after = latest_announcement_id()
            subscriber.save(update_fields=["confirmed_at", "unsubscribed_at", "hears_after"])
    return subscriber


def _unsubscribe_match(token: str) -> dict[str, Any]:
    try:
        return {"pk": _subscriber_id(_unsubscribe_signer().unsign(token))}
    except signing.BadSignature:
        email = _legacy_unsubscribe_email(token)
        if email is None:
            raise BadLink("This link is not valid.") from None
        return {"email": email}


def subscriber_of_link(*, token: str) -> Subscriber:
    """Whose unsubscribe link this is; BadLink if forged or erased since."""
    subscriber = Subscriber.objects.filter(**_unsubscribe_match(token)).first()
    if subscriber is None:
        raise BadLink("This subscription no longer exists.")
    return subscriber


def choose_language(*, token: str, language: str) -> Subscriber:
    """The reader's emails (and the digest) from now on in `language`, chosen on the
    page their unsubscribe link opens. A language the site doesn't speak is refused."""
    if language not in {code for code, _ in settings.LANGUAGES}:
        raise ValidationError({"language": gettext("Please choose one of the languages listed.")})
    with transaction.atomic():
        subscriber = Subscriber.objects.select_for_update().filter(**_unsubscribe_match(token))
        subscriber = subscriber.first()
        if subscriber is None:
            raise BadLink("This subscription no longer exists.")
        if subscriber.language != language:
            subscriber.language = language
            subscriber.save(update_fields=["language"])
    return subscriber


def unsubscribe(*, token: str) -> Subscriber:
    match = _unsubscribe_match(token)
    with transaction.atomic():
        subscriber = Subscriber.objects.select_for_update().filter(**match).first()
        if subscriber is None:
            raise BadLink("This subscription no longer exists.")
        if subscriber.unsubscribed_at is None:
            subscriber.unsubscribed_at = timezone.now()
            subscriber.save(update_fields=["unsubscribed_at"])
    return subscriber


def erase_subscriber(*, user: Any, subscriber: Subscriber) -> None:
    """Delete the address and its delivery records (a reader's request to be forgotten)."""
    with transaction.atomic():
        audit.record(
            actor=user,
            action=Action.DELETED,
            object_repr="a subscriber",
            summary="A subscriber was erased on request",
        )
        subscriber.delete()


def resend_failed(*, user: Any, announcement: Announcement) -> int:
    """Make an announcement's failed deliveries due again, each with a fresh retry
    window; how many. They go out with the worker's next run."""
    return _resend_failed(
        user=user,
        sent=announcement,
        deliveries=[
            EmailDelivery.objects.filter(announcement=announcement),
            WebhookDelivery.objects.filter(announcement=announcement),
        ],
        what="an announcement to readers",
    )


def resend_failed_digest(*, user: Any, digest: Digest) -> int:
    """As `resend_failed`, for the readers' copies of a daily digest that failed."""
    return _resend_failed(
        user=user,
        sent=digest,
        deliveries=[EmailDelivery.objects.filter(digest=digest)],
        what="a daily digest to readers",
    )


def _resend_failed(*, user: Any, sent: Announcement | Digest, deliveries: list, what: str) -> int:
    require(user, "subscriptions.resend_announcement", "resend an announcement")
    now = timezone.now()
    with transaction.atomic():
        resent = 0
        for rows in deliveries:
            resent += rows.filter(state=DeliveryState.FAILED).update(
                state=DeliveryState.PENDING,
                attempts=0,
                due_at=now,
                give_up_at=now + settings.DELIVERY_RETRY_WINDOW,
                lease_until=None,
                failed_at=None,
                last_error="",
            )
        if resent:
            type(sent).objects.filter(pk=sent.pk).update(settled_at=None)
            audit.record(
                actor=user,
                action=Action.NOTIFIED,
                obj=sent,
                object_repr=what,
                summary=f"{resent} failed delivery(ies) sent again: {sent}",
            )
            transaction.on_commit(nudge)
    return resent
