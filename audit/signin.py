"""Staff sign-ins, failures and sign-outs go into the audit log (never public).

Django reports these only through its auth signals, so these receivers are the
one place the audit log listens to signals; each just records. A failure is only
counted (`SignInFailureTally`), never chained: those are anyone's to make, by the
thousand, and must not move the public head.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model, signals
from django.dispatch import receiver
from django.http import HttpRequest

from audit import services as audit
from audit.models import Action
from core.client_ip import client_ip, network_of


def client_address(request: HttpRequest | None) -> str | None:
    """The exact address, for the audit log's record of who signed in from where."""
    return None if request is None else client_ip(request)


def client_network(request: HttpRequest | None) -> str | None:
    """The network a limit counts (an IPv6 client by its /64), for the failure tally."""
    return None if request is None else network_of(client_ip(request))


def _record_session(request: HttpRequest | None, user, action: Action, what: str) -> None:
    audit.record(
        actor=user,
        action=action,
        obj=user,
        ip_address=client_address(request),
        summary=f"{user.get_username()} {what}",
    )


@receiver(signals.user_logged_in, dispatch_uid="audit-login")
def _logged_in(sender, request, user, **kwargs) -> None:
    _record_session(request, user, Action.LOGIN, "signed in")


@receiver(signals.user_logged_out, dispatch_uid="audit-logout")
def _logged_out(sender, request, user, **kwargs) -> None:
    if user is not None:
        _record_session(request, user, Action.LOGOUT, "signed out")


@receiver(signals.user_login_failed, dispatch_uid="audit-login-failed")
def _login_failed(sender, credentials, request=None, **kwargs) -> None:
    # Every failure is only counted, whatever the name: were a real account's failure
    # chained, the public head would move for it and not for an unknown name, and
    # anyone could tell staff names from others. The name is kept (superusers' admin)
    # only when it is an account's, so an attacker's text is never stored.
    username = str(credentials.get("username", ""))[:150]
    locked_out = getattr(request, "axes_locked_out", False)
    known = bool(username) and get_user_model().objects.filter(username=username).exists()
    audit.count_failed_sign_in(
        address=client_network(request), username=username if known and not locked_out else ""
    )
