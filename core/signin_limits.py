"""Which failed sign-ins count together, for django-axes' lockouts.

Each counter locks at AXES_FAILURE_LIMIT failures within AXES_COOLOFF_TIME, and a
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
