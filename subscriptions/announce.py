"""What readers receive, and how one email or one webhook post is sent.

The email a subscriber gets about a change or a day's digest, the signed JSON a webhook
receives, and what the mail server's or the receiver's answer means: delivered; refused
for a reason that will not change (recorded as failed, never retried); or "not now" (tried
again later). Which deliveries are due, and what is recorded, is `delivery.py`'s job.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import smtplib
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.core.mail.backends.base import BaseEmailBackend

from audit.models import AuditEntry
from core.safe_http import FetchError, UnsafeURL, open_url
from core.text import one_line
from subscriptions import wording
from subscriptions.models import Digest, Subscriber
from subscriptions.services import list_headers, unsubscribe_link

WEBHOOK_TIMEOUT = 10  # seconds for the whole exchange (at most a third of the lease)
# Only an excerpt is kept; a receiver has no reason to answer at length.
WEBHOOK_RESPONSE_MAX = 64 * 1024


@dataclass(frozen=True)
class Outcome:
    delivered: bool
    # Not delivered: True if trying again cannot help (the address does not exist).
    final: bool = False
    reason: str = ""
    status: int | None = None  # a webhook receiver's HTTP status


DELIVERED = Outcome(delivered=True)


def later(reason: str, status: int | None = None) -> Outcome:
    return Outcome(delivered=False, reason=reason, status=status)


def refused(reason: str, status: int | None = None) -> Outcome:
    return Outcome(delivered=False, final=True, reason=reason, status=status)


class MailServerUnavailable(Exception):
    """The mail server can't take mail now (down, closing, refusing us): the message in
    hand, and every other, waits. `str()` says why, for staff."""


def message_id(*, entry: AuditEntry, subscriber_id: int) -> str:
    """The same for every attempt at one reader's email: if a message is sent twice
    (accepted, but the acknowledgement lost), mail programs show it once. Left of the
    `@` only letters, digits and dots (RFC 5322's dot-atom): the entry's digest without
    its scheme ("hmac-sha256:"), whose colon would make the header invalid."""
    domain = urlsplit(settings.SITE_URL).hostname or "warstatus.invalid"
    digest = entry.hash.rpartition(":")[2][:16]
    return f"<announce.{entry.pk}.{digest}.{subscriber_id}@{domain}>"


def email_for(
    *, subscriber: Subscriber, entry: AuditEntry, text: wording.Wording | None = None
) -> EmailMessage:
    """One reader's copy; `text` is the entry's wording when the caller has it already
    (it reads the verdict: once per announcement, not once per reader)."""
    text = text or wording.for_entry(entry)
    return EmailMessage(
        # One line whatever the entry holds: a CR/LF in an answer or a title would make
        # the header invalid and the send fail for every reader.
        subject=one_line(text.subject),
        body=text.body_for(unsubscribe_link(subscriber)),
        to=[subscriber.email],
        headers={
            **list_headers(subscriber),
            "Message-ID": message_id(entry=entry, subscriber_id=subscriber.pk),
        },
    )


def digest_message_id(*, digest: Digest, subscriber_id: int) -> str:
    """As `message_id`: one per reader's copy of one day's digest, whatever the tries."""
    domain = urlsplit(settings.SITE_URL).hostname or "warstatus.invalid"
    return f"<digest.{digest.pk}.{digest.day:%Y%m%d}.{subscriber_id}@{domain}>"


def digest_email_for(
    *, subscriber: Subscriber, digest: Digest, text: wording.DigestWording
) -> EmailMessage:
    """One reader's copy of a daily digest (`text` is read once per digest)."""
    return EmailMessage(
        subject=one_line(text.subject),
        body=text.body_for(unsubscribe_link(subscriber)),
        to=[subscriber.email],
        headers={
            **list_headers(subscriber),
            "Message-ID": digest_message_id(digest=digest, subscriber_id=subscriber.pk),
        },
    )


def open_connection() -> BaseEmailBackend:
    """A connection to the mail server, reused for a run of emails."""
    connection = get_connection()
    try:
        connection.open()
    except (smtplib.SMTPException, OSError) as exc:
        raise MailServerUnavailable(_smtp_reason(exc)) from exc
    return connection


def close_quietly(connection: BaseEmailBackend | None) -> None:
    if connection is not None:
        with contextlib.suppress(smtplib.SMTPException, OSError):  # it was going anyway
            connection.close()


def send_email(message: EmailMessage, connection: BaseEmailBackend) -> Outcome:
    """Send one reader's email over an open connection. Raises MailServerUnavailable
    when the fault is the server's, not this message's or this address's."""
    try:
        message.connection = connection
        message.send()
    except smtplib.SMTPRecipientsRefused as exc:  # before the message: certainly not sent
        answers = list(exc.recipients.values())
        codes = [code for code, _ in answers]
        said = "; ".join(f"{code} {_text(text)}" for code, text in answers)
        if 421 in codes:  # the server is closing the connection
            raise MailServerUnavailable(f"The mail server closed the connection: {said}") from exc
        if all(code >= 500 for code in codes):
            return refused(f"The mail server refused the address: {said}")
        return later(f"The mail server said to try later: {said}")
    except smtplib.SMTPDataError as exc:  # the server turned this message away
        said = f"{exc.smtp_code} {_text(exc.smtp_error)}"
        if exc.smtp_code == 421:
            raise MailServerUnavailable(f"The mail server closed the connection: {said}") from exc
        if exc.smtp_code >= 500:
            return refused(f"The mail server refused the message: {said}")
        return later(f"The mail server said to try later: {said}")
    except smtplib.SMTPNotSupportedError as exc:  # e.g. an address that needs SMTPUTF8
        return refused(f"The mail server cannot take this address: {exc}")
    except (ValueError, UnicodeError) as exc:
        # The message itself can't be written (an address or a header that can't be
        # encoded): no server, now or later, would change that.
        return refused(f"The message could not be encoded: {exc}")
    except (smtplib.SMTPException, OSError) as exc:
        # Refused before this message (sender, greeting, sign-in), or the connection
        # failed, possibly after the server took the message: it is sent again later
        # under the same Message-ID.
        raise MailServerUnavailable(_smtp_reason(exc)) from exc
    return DELIVERED


def _text(value: bytes | str) -> str:
    return value.decode(errors="replace") if isinstance(value, bytes) else str(value)


def _smtp_reason(exc: BaseException) -> str:
    if isinstance(exc, smtplib.SMTPResponseException):
        return f"The mail server answered {exc.smtp_code} {_text(exc.smtp_error)}"
    return f"Could not reach the mail server: {type(exc).__name__}: {exc}"[:500]


def sign(secret: str, timestamp: str, body: bytes) -> str:
    """HMAC-SHA256 over "<timestamp>.<body>", hex: what receivers recompute to verify."""
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return "sha256=" + mac.hexdigest()


@dataclass(frozen=True)
class PostResult:
    outcome: Outcome
    response: str = ""  # the start of the receiver's answer, or why there was none


def post_webhook(*, url: str, secret: str, payload: dict, timeout: float) -> PostResult:
    """POST the payload, signed, under the same address rules as feed fetching."""
    body = json.dumps(payload, sort_keys=True).encode()
    timestamp = str(int(time.time()))
    headers = {
        "Content-Type": "application/json",
        "User-Agent": settings.FEEDS_USER_AGENT,
        "X-Warstatus-Event": payload.get("event", ""),
        "X-Warstatus-Timestamp": timestamp,
        "X-Warstatus-Signature": sign(secret, timestamp, body),
    }
    try:
        status, text = _post(url, body, headers, timeout=min(WEBHOOK_TIMEOUT, timeout))
    except UnsafeURL as exc:  # refused whatever the receiver would say: staff must fix it
        return PostResult(refused(exc.message), exc.message)
    except FetchError as exc:
        return PostResult(later(exc.message), exc.message)
    if 200 <= status < 300:
        return PostResult(Outcome(delivered=True, status=status), text)
    return PostResult(later(f"The receiver answered HTTP {status}", status=status), text)


def _post(url: str, body: bytes, headers: dict, *, timeout: float) -> tuple[int, str]:
    """POST; the status, and the answer's start."""
    with open_url(
        "POST",
        url,
        headers=headers,
        content=body,
        allow_private=settings.FEEDS_ALLOW_PRIVATE,
        timeout=timeout,
    ) as response:
        try:
            text = response.read(WEBHOOK_RESPONSE_MAX).decode("utf-8", errors="replace")
        except FetchError as exc:
            # The receiver has answered: its status stands, whatever its body is like.
            text = exc.message
        return response.status, text[:1000]
