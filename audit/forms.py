"""What an editor says about how their change is recorded: whether it is notable (shown
on the public changelog) and a public note readers see beside it.

Declared once here for every admin form that records a change; an admin chooses only
whether a change is notable unless the editor says otherwise.
"""

from __future__ import annotations

from typing import Any

from django import forms

NOTABLE, NOTE = "audit_public", "audit_note"
# Ticked: on the changelog (if notable) but not news: no reader's email or digest. Off
# by default, so a form that does not show it tells readers as before.
NOT_NEWS = "audit_not_news"


def notable_field(*, initial: bool) -> forms.BooleanField:
    return forms.BooleanField(
        required=False, initial=initial, label="Notable change (show on the public changelog)"
    )


def audit_fields(*, notable_by_default: bool) -> dict[str, forms.Field]:
    return {
        NOTABLE: notable_field(initial=notable_by_default),
        NOT_NEWS: not_news_field(),
        NOTE: forms.CharField(
            required=False,
            max_length=500,
            label="Public note",
            widget=forms.Textarea(attrs={"rows": 2}),
            help_text="Optional: one or two sentences readers see beside the change.",
        ),
    }


def not_news_field() -> forms.BooleanField:
    return forms.BooleanField(
        required=False,
        initial=False,
        label="Not newsworthy (keep it out of readers' emails and the daily digest)",
    )


def newsworthy(cleaned_data: dict[str, Any]) -> bool:
    """The editor's choice: False when they ticked "Not newsworthy"."""
    return not cleaned_data.get(NOT_NEWS)


def recorded_as(cleaned_data: dict[str, Any]) -> dict[str, Any]:
    """The editor's choices as the audit services take them: `public` and `note`."""
    return {"public": bool(cleaned_data.get(NOTABLE)), "note": cleaned_data.get(NOTE, "")}
