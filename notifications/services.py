"""Staff emails: to the right group, once per event, never to those who opted out.

recipients(*, groups, users=(), not_to=()) -> list[str]
notify_once(*, event_key, groups, subject, body, users=(), not_to=()) -> int
set_preference(*, user, email_opt_out, superuser_opt_in=False) -> Preference
"""

from __future__ import annotations

import logging
import smtplib
from collections.abc import Iterable
from typing import Any

from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Q

from notifications.models import Preference, SentNotification

logger = logging.getLogger(__name__)


def recipients(
    *, groups: list[str], users: Iterable[Any] = (), not_to: Iterable[Any] = ()
) -> list[str]:
    """Active members of `groups` with an email, minus opt-outs; superusers only if they opt in.

    `users` are told whatever their groups: the people an event is about (a proposer
    hears of their own proposal's fate even if they are not in the group). `not_to` are
    never told, whatever their groups: whoever did the thing the email is about.
    """
    staff = get_user_model().objects.filter(is_active=True).exclude(email="")
    in_groups = Q(groups__name__in=groups, is_superuser=False)
    opted_in_superuser = Q(is_superuser=True, notification_preference__superuser_opt_in=True)
    named = Q(pk__in=[user.pk for user in users])
    chosen = (
        staff.filter(in_groups | opted_in_superuser | named)
        .exclude(notification_preference__email_opt_out=True)
        .exclude(pk__in=[user.pk for user in not_to])
    )
    return sorted(set(chosen.values_list("email", flat=True)))


def notify_once(
    *,
    event_key: str,
    groups: list[str],
    subject: str,
    body: str,
    users: Iterable[Any] = (),
    not_to: Iterable[Any] = (),
) -> int:
    """Email the groups (and `users`, never `not_to`) about an event unless it was
    already sent; returns how many."""
    to = recipients(groups=groups, users=users, not_to=not_to)
    try:
        with transaction.atomic():
            sent = SentNotification.objects.create(
                event_key=event_key[:200], subject=subject[:250], recipients=len(to)
            )
    except IntegrityError:
        return 0  # sent before, by this or another worker
    if to:
        try:
            send_mail(subject=subject, message=body, from_email=None, recipient_list=to)
        except (smtplib.SMTPException, OSError):
            # Not sent: forget it, so the caller's next run (beat, the next failing poll)
            # tries again; meanwhile the caller carries on with its other work.
            logger.exception("Could not email %s about %s", groups, event_key)
            sent.delete()
            return 0
    return len(to)


def set_preference(*, user: Any, email_opt_out: bool, superuser_opt_in: bool = False) -> Preference:
    preference, _ = Preference.objects.update_or_create(
        user=user,
        defaults={
            "email_opt_out": email_opt_out,
            "superuser_opt_in": superuser_opt_in and user.is_superuser,
        },
    )
    return preference
