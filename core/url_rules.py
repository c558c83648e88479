"""The fetch rules, applied when staff save a URL (feeds, webhooks, indicator sources).

A URL the worker would refuse to fetch (another scheme, no host, an impossible port,
an address on this machine or the private network, directly or through NAT64, 6to4
or Teredo forms) is refused on save with the same sentence. A host that cannot be
looked up right now passes: DNS may be down, and the fetch reports it later.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError

from core.safe_http import FetchError, UnsafeURL, check_url


def validate_fetchable_url(value: str) -> None:
    try:
        check_url(value, allow_private=settings.FEEDS_ALLOW_PRIVATE)
    except UnsafeURL as refusal:
        raise ValidationError(str(refusal), code="unsafe_url") from None
    except FetchError:
        return  # not resolvable now: the poll or delivery will say so


def clean_url_field(name: str, value: str) -> None:
    """For a model's `clean()`: the same refusal, on the field it concerns."""
    try:
        validate_fetchable_url(value)
    except ValidationError as refusal:
        raise ValidationError({name: refusal.messages}) from None
