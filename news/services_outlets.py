"""Outlets named at approval: a story is never published as "Unknown outlet".

    create_outlet(*, moderator, name, domain, reputable=True, homepage="") -> Outlet
    outlet_to_credit(*, moderator, url, name="", domain="", reputable=True, fallback=None)
        -> Outlet  (may add the outlet the moderator names)
    story_host(url) -> str  (no write)

A story is credited to the outlet of its own domain; when the domain is not in the list,
the moderator names the outlet at approval: a name already listed picks that outlet, a
new name adds it for the story's domain. Only then does the feed's own outlet serve, and
with none of these the approval is refused in a sentence.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from audit import services as audit
from audit.models import Action
from core.permissions import require
from core.text import single_line_errors
from news.models import Outlet, Standing
from news.outlets import domain_suffixes, outlets_for

NAME_MAX_LENGTH = Outlet._meta.get_field("name").max_length


def story_host(url: str) -> str:
    """The story's host as an outlet's domain is written: news.err.ee, reuters.com."""
    suffixes = domain_suffixes(url)
    return suffixes[0] if suffixes else ""


def _clean_domain(domain: str, url: str) -> str:
    """The domain typed for a new outlet: the story's host or one of its parent domains,
    so that the outlet added is the one this story (and the next from there) is found by."""
    text = domain.strip().lower()
    if "//" in text:  # a pasted address
        text = urlsplit(text).hostname or ""
    text = text.strip("./").removeprefix("www.")
    allowed = [s for s in domain_suffixes(url) if not s.startswith("www.")]
    if text not in allowed:
        raise ValidationError(
            {
                "outlet_domain": f"Give the story's own domain ({allowed[0]}) or a domain it "
                f"is part of ({', '.join(allowed[1:]) or 'none'})."
                if allowed
                else "The story's address has no domain an outlet could be named by."
            }
        )
    return text


def create_outlet(
    *, moderator: Any, name: str, domain: str, reputable: bool = True, homepage: str = ""
) -> Outlet:
    """Add an outlet to the list (a moderator approving a story from a new domain)."""
    require(moderator, "news.add_outlet", "add outlets")
    name = " ".join(name.split())
    if not name:
        raise ValidationError({"outlet_name": "Give the outlet's name as readers know it."})
    if len(name) > NAME_MAX_LENGTH:
        raise ValidationError(
            {"outlet_name": f"Keep the outlet's name under {NAME_MAX_LENGTH} characters."}
        )
    if errors := single_line_errors(outlet_name=name):
        raise ValidationError(errors)
    with transaction.atomic():
        try:
            with transaction.atomic():
                outlet = Outlet.objects.create(
                    name=name,
                    domain=domain,
                    standing=Standing.REPUTABLE if reputable else Standing.OTHER,
                    homepage=homepage,
                )
        except IntegrityError:
            listed = Outlet.objects.get(domain=domain)
            raise ValidationError(
                {"outlet_domain": f"{domain} is already listed, as {listed.name}."}
            ) from None
        audit.record(
            actor=moderator,
            action=Action.CREATED,
            obj=outlet,
            summary=f"Outlet added: {outlet.name} ({outlet.domain}, "
            f"{'reputable' if reputable else 'not counted as reputable'})",
        )
    return outlet


def outlet_to_credit(
    *,
    moderator: Any,
    url: str,
    name: str = "",
    domain: str = "",
    reputable: bool = True,
    fallback: Outlet | None = None,
) -> Outlet:
    """The outlet a story from `url` is credited to, adding the one the moderator names
    if it is new. Call inside the approval's transaction: a refused approval adds nothing."""
    own = outlets_for([url])[url]
    if own is not None:
        return own
    name = " ".join(name.split())
    if name:
        listed = Outlet.objects.filter(name__iexact=name).first()
        if listed is not None:
            return listed
        return create_outlet(
            moderator=moderator,
            name=name,
            domain=_clean_domain(domain or story_host(url), url),
            reputable=reputable,
        )
    if fallback is not None:
        return fallback
    host = story_host(url) or "This story's domain"
    raise ValidationError(
        {
            "outlet_name": f"{host} is not in the outlet list: name its outlet (it is added "
            "for that domain) or give the name of one already listed, then publish. "
            "Nothing is published as “Unknown outlet”."
        }
    )
