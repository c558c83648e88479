"""Which failed sign-ins count together, for django-axes' lockouts.

Addresses are counted by network (`core.client_ip.client_network`: an IPv6 client by
its /64). Each counter locks at AXES_FAILURE_LIMIT failures within AXES_COOLOFF_TIME, and a
locked request is refused before any password is hashed (axes' backend comes first):
- one username from one address: a person mistyping;
- one address, whatever the usernames: one client trying many names costs the site
  a few password hashes, then only the cheap refusal;
- one username, whatever the addresses: many clients guessing one password. Not
  from an address that username has signed in from before, so strangers' guesses
  cannot lock an editor out of the place they usually work from.
"""

from __future__ import annotations

from django.http import HttpRequest

PAIR = ["username", "ip_address"]


def lockout_parameters(request: HttpRequest, credentials: dict | None) -> list:
    from axes.helpers import get_client_ip_address, get_client_username
    from axes.models import AccessLog

    everything = [PAIR, "ip_address", "username"]
    if not isinstance(request, HttpRequest):
        return everything  # axes asks about a stored attempt: judge it by every counter
    username = get_client_username(request, credentials)
    address = get_client_ip_address(request)
    if username and address:
        known = AccessLog.objects.filter(username=username, ip_address=address).exists()
        if known:
            return [PAIR, "ip_address"]
    return everything


# --- The cheap refusal --------------------------------------------------------------
# Once an address is locked whatever the username, its sign-ins are refused here, before
# sessions, CSRF, the admin's login view and axes' own queries: one cache read each, so
# a flood from one address costs the site almost nothing while the lock lasts.

LOCKED_KEY = "signin-locked:{address}"


def remember_address_lockout(sender, request=None, ip_address=None, **kwargs) -> None:
    """axes locked a sign-in out: if the address itself is over the limit (not only one
    username), refuse its next sign-ins early for the rest of the cool-off."""
    from axes.helpers import get_cool_off, get_failure_limit
    from axes.models import AccessAttempt
    from django.core.cache import cache
    from django.db.models import Sum

    if not ip_address:
        return
    failures = AccessAttempt.objects.filter(ip_address=ip_address).aggregate(
        total=Sum("failures_since_start")
    )["total"]
    if (failures or 0) >= get_failure_limit(request, None):
        cool_off = get_cool_off(request)
        timeout = int(cool_off.total_seconds()) if cool_off else 900
        try:
            cache.set(LOCKED_KEY.format(address=ip_address), 1, timeout=timeout)
        except Exception:  # no cache: axes still refuses, only dearer
            return


class EarlyLockoutMiddleware:
    """Answers a sign-in POST from a locked-out address with 429 before anything else."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        from django.conf import settings

        if request.method == "POST" and request.path == f"/{settings.ADMIN_URL}login/":
            from django.core.cache import cache
            from django.http import HttpResponse

            from core.client_ip import client_network

            address = client_network(request)
            try:
                locked = address and cache.get(LOCKED_KEY.format(address=address))
            except Exception:  # no cache: let axes decide
                locked = False
            if locked:
                return HttpResponse(
                    "Too many failed sign-ins from your address. Try again later.",
                    status=429,
                    content_type="text/plain; charset=utf-8",
                )
        return self.get_response(request)
