"""The about and method page: who publishes the site, who edits it, how the verdict is
decided, what a check consults, and every correction made."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.durations import describe_duration
from core.pagecache import cached_public
from incidents.apps import INCIDENTS
from incidents.models import Correction as IncidentCorrection
from pages.apps import ABOUT
from pages.models import Correction, Publisher, StaffProfile
from status.apps import STATUS
from status.models import Check, State

# How each state reads on the home page, in the order the verdict escalates.
RULE = [
    (
        State.NO_WAR,
        pgettext_lazy("a short answer", "No"),
        _("No NATO member is at war with Russia and Article 5 is not invoked."),
    ),
    (
        State.HYBRID_CONFLICT,
        pgettext_lazy("a short answer", "No (hybrid conflict)"),
        _(
            "Russia is attacking allies below the threshold of war (sabotage, cyber attacks, "
            "airspace violations), and no ally or NATO treats it as an armed attack."
        ),
    ),
    (
        State.ARTICLE4_CONSULTATIONS,
        pgettext_lazy("a short answer", "Not formally"),
        _("An ally has asked for consultations under Article 4: talks among allies, not war."),
    ),
    (
        State.ARTICLE5_INVOKED,
        pgettext_lazy("a short answer", "Article 5 invoked"),
        _("The North Atlantic Council has invoked Article 5 in response to an attack by Russia."),
    ),
    (
        State.STATE_OF_WAR,
        pgettext_lazy("a short answer", "Yes"),
        _(
            "A NATO member has formally declared war on Russia, or Russia on a NATO member, or "
            "the allies and Russia are openly fighting each other."
        ),
    ),
]


def organisation(publisher: Publisher) -> dict | None:
    """schema.org NewsMediaOrganization, once the operator has named the publisher."""
    if not publisher.name:
        return None
    about = f"{settings.SITE_URL}/about/"
    data = {
        "@context": "https://schema.org",
        "@type": "NewsMediaOrganization",
        "name": publisher.name,
        "url": publisher.url or settings.SITE_URL,
        "publishingPrinciples": f"{about}#principles",
        "correctionsPolicy": f"{about}#corrections",
        "ownershipFundingInfo": f"{about}#ownership",
        "actionableFeedbackPolicy": f"{about}#corrections",
    }
    if publisher.contact_email:
        data["email"] = publisher.contact_email
    return data


@dataclass(frozen=True)
class PublicCorrection:
    """One line of the corrections list, whichever record it corrected."""

    pk: str
    made_at: datetime
    url: str
    label: str
    text: str


def every_correction() -> list[PublicCorrection]:
    """The site's corrections and the incidents record's, newest first (two queries)."""
    site = [
        PublicCorrection(
            f"page-{c.pk}",
            c.corrected_at,
            c.page,
            c.page,
            f"It said: {c.wrong} It now says: {c.corrected}",
        )
        for c in Correction.objects.newest_first()
    ]
    incidents = [
        PublicCorrection(
            f"incident-{c.pk}", c.made_at, c.get_absolute_url(), c.incident.title, c.note
        )
        for c in IncidentCorrection.objects.published().select_related("incident")
    ]
    return sorted(site + incidents, key=lambda c: c.made_at, reverse=True)


@cached_public(keys=(ABOUT, STATUS, INCIDENTS))
def about(request: HttpRequest) -> HttpResponse:
    publisher = Publisher.objects.current()
    return render(
        request,
        "pages/about.html",
        {
            "publisher": publisher,
            "organisation": organisation(publisher),
            "people": list(StaffProfile.objects.named()),
            "rule": RULE,
            "newest_check": Check.objects.newest(),
            "corrections": every_correction(),
            "stale_after": describe_duration(settings.STATUS_STALE_AFTER),
        },
    )
