"""Staff sign-ins, failures and sign-outs go into the audit log (never public).

Django reports these only through its auth signals, so these receivers are
the one place the audit log listens to signals; each just records an entry.
"""

from __future__ import annotations

from django.contrib.auth import signals
from django.dispatch import receiver
from django.http import HttpRequest

from audit import services as audit
from audit.models import Action


def client_address(request: HttpRequest | None) -> str | None:
    if request is None:
        return None
    from axes.helpers import get_client_ip_address

    return get_client_ip_address(request) or None


@receiver(signals.user_logged_in, dispatch_uid="audit-login")
def _logged_in(sender, request, user, **kwargs) -> None:
    audit.record(
        actor=user,
        action=Action.LOGIN,
        obj=user,
        ip_address=client_address(request),
        summary=f"{user.get_username()} signed in",
    )


@receiver(signals.user_logged_out, dispatch_uid="audit-logout")
def _logged_out(sender, request, user, **kwargs) -> None:
    if user is not None:
        audit.record(
            actor=user,
            action=Action.LOGOUT,
            obj=user,
            ip_address=client_address(request),
            summary=f"{user.get_username()} signed out",
        )


@receiver(signals.user_login_failed, dispatch_uid="audit-login-failed")
def _login_failed(sender, credentials, request=None, **kwargs) -> None:
    username = str(credentials.get("username", ""))[:150]
    audit.record(
        actor=None,
        action=Action.LOGIN_FAILED,
        ip_address=client_address(request),
        object_repr=username,
        summary=f"Failed sign-in as {username or '(blank)'}",
    )
