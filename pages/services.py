"""Every write to the about page's records: one transaction each, audit entry included."""

from __future__ import annotations

import re
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from audit import services as audit
from audit.models import Action
from core.permissions import require
from core.sanitize import render_markdown
from core.text import single_line_errors
from pages.models import Correction, Publisher, StaffProfile

PUBLISHER_FIELDS = (
    "name",
    "url",
    "contact_email",
    "address",
    "ownership_funding",
    "publishing_principles",
    "corrections_policy",
)
PROFILE_FIELDS = ("display_name", "role_title", "bio", "named_publicly")
_MARKDOWN_FIELDS = ("ownership_funding", "publishing_principles", "corrections_policy")


def publisher_errors(*, name: str) -> dict[str, str]:
    """The publisher's rules, shared with the admin form so a refusal is a form error."""
    return single_line_errors(name=name)


def save_publisher(*, user: Any, **fields: Any) -> Publisher:
    """The operator states who publishes the site. Only a superuser holds this right:
    no editorial role may change whom the site says it belongs to."""
    require(user, "pages.change_publisher", "change the publisher's details")
    unknown = set(fields) - set(PUBLISHER_FIELDS)
    if unknown:
        raise TypeError(f"Unknown fields: {sorted(unknown)}")
    if errors := publisher_errors(name=fields.get("name") or ""):
        raise ValidationError(errors)
    with transaction.atomic():
        publisher = Publisher.objects.select_for_update().filter(pk=Publisher.SINGLETON).first()
        creating = publisher is None
        publisher = publisher or Publisher(pk=Publisher.SINGLETON)
        before = {} if creating else audit.snapshot(publisher)
        for name, value in fields.items():
            setattr(publisher, name, value.strip() if isinstance(value, str) else value)
        for name in _MARKDOWN_FIELDS:
            setattr(publisher, f"{name}_html", render_markdown(getattr(publisher, name)))
        _save(user, publisher, before, f"Publisher's details {'stated' if creating else 'updated'}")
    return publisher


def _save(user: Any, obj: Publisher | StaffProfile, before: dict, what: str) -> None:
    """Save an about-page record with its audit entry; only the publisher's is public."""
    obj.updated_at = timezone.now()
    audit.save_and_record(
        actor=user,
        obj=obj,
        before=before,
        summary=f"{what}: {obj}",
        public=isinstance(obj, Publisher),
    )


def profile_errors(*, display_name: str, role_title: str, bio: str) -> dict[str, str]:
    """The profile rules, shared with the admin form so a refusal is a form error."""
    errors = single_line_errors(display_name=display_name, role_title=role_title, bio=bio)
    if not display_name.strip():
        errors["display_name"] = "A profile needs the name readers will see."
    return errors


def save_profile(*, user: Any, profile_of: Any, **fields: Any) -> StaffProfile:
    """A staff member's public profile: their own to write, or an operator's. The fields
    are PROFILE_FIELDS: display_name (required), role_title, bio, named_publicly."""
    unknown = set(fields) - set(PROFILE_FIELDS)
    if unknown:
        raise TypeError(f"Unknown fields: {sorted(unknown)}")
    display_name = fields.get("display_name", "")
    role_title = fields.get("role_title", "")
    bio = fields.get("bio", "")
    named_publicly = bool(fields.get("named_publicly", False))
    if user is not None and user.pk != profile_of.pk:
        require(user, "pages.change_staffprofile", "change another person's profile")
    if errors := profile_errors(display_name=display_name, role_title=role_title, bio=bio):
        raise ValidationError(errors)
    with transaction.atomic():
        profile = StaffProfile.objects.select_for_update().filter(user=profile_of).first()
        creating = profile is None
        profile = profile or StaffProfile(user=profile_of)
        before = {} if creating else audit.snapshot(profile)
        profile.display_name = display_name.strip()
        profile.role_title = role_title.strip()
        profile.bio = bio.strip()
        profile.named_publicly = named_publicly
        # Not on the changelog: a person's profile is theirs, not a news event.
        _save(user, profile, before, f"Public profile {'created' if creating else 'updated'}")
    return profile


# A path on this site: "//host" and "/\\host" lead browsers to another site.
_ON_THIS_SITE = re.compile(r"/(?![/\\])[^\s\\]*")


def correction_errors(*, page: str, wrong: str, corrected: str) -> dict[str, str]:
    """The correction rules, shared with the admin form so a refusal is a form error."""
    errors = single_line_errors(page=page)
    if not _ON_THIS_SITE.fullmatch(page.strip()):
        errors["page"] = "Give the corrected page's address on this site, starting with /."
    for name, value in (("wrong", wrong), ("corrected", corrected)):
        if not value.strip():
            errors[name] = "Say in plain words what was wrong and what the page says now."
    return errors


def record_correction(*, user: Any, page: str, wrong: str, corrected: str) -> Correction:
    """A public correction, listed on the about page and the changelog."""
    require(user, "pages.add_correction", "record a correction")
    page = page.strip()
    if errors := correction_errors(page=page, wrong=wrong, corrected=corrected):
        raise ValidationError(errors)
    with transaction.atomic():
        correction = Correction.objects.create(
            page=page,
            wrong=wrong.strip(),
            corrected=corrected.strip(),
            recorded_by=user if getattr(user, "pk", None) else None,
        )
        audit.record(
            actor=user,
            action=Action.CREATED,
            obj=correction,
            summary=f"Correction to {page}: {correction.corrected}",
            note=f"It said: {correction.wrong}",
            public=True,
        )
    return correction
