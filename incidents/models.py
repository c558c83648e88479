"""The incidents record: what happened, where and when, who blamed whom, and the sources.

Attributions and corrections are history: each is a dated row that is never
edited, so a change of attribution or a correction is a new row and readers
see them all. Every write is in `incidents.services`.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import BooleanField, ExpressionWrapper, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from incidents.countries import country_name


class Category(models.TextChoices):
    AIRSPACE_AIRCRAFT = "airspace_aircraft", _("Airspace violation by aircraft")
    DRONE_INCURSION = "drone_incursion", _("Drone incursion")
    DRONE_SIGHTING = "drone_sighting", _("Drone sightings over critical sites")
    SABOTAGE = "sabotage", _("Sabotage or arson")
    UNDERSEA = "undersea", _("Undersea cable or pipeline damage")
    CYBER = "cyber", _("Cyber attack")
    JAMMING = "jamming", _("GPS/GNSS jamming or spoofing")
    ESPIONAGE = "espionage", _("Espionage or agents arrested")
    OTHER = "other", _("Other")


# What each category covers, shown to readers beside the filters and in the README.
CATEGORY_MEANINGS = {
    Category.AIRSPACE_AIRCRAFT: _(
        "Crewed military aircraft entering a country's airspace without permission."
    ),
    Category.DRONE_INCURSION: _(
        "Military drones crossing into a country's airspace, whether "
        "they crash, are shot down or fly on."
    ),
    Category.DRONE_SIGHTING: _(
        "Unidentified drones seen over airports, military bases, power "
        "plants or other critical sites."
    ),
    Category.SABOTAGE: _("Deliberate damage, arson or plots to cause it, on land."),
    Category.UNDERSEA: _("Damage to cables or pipelines on the seabed."),
    Category.CYBER: _("Attacks on computer systems: disruption, intrusion or data theft."),
    Category.JAMMING: _(
        "Interference with satellite navigation signals, by jamming or "
        "spoofing, that affects aircraft, ships or others."
    ),
    Category.ESPIONAGE: _(
        "Spying, and arrests or charges of people said to be working for a foreign service."
    ),
    Category.OTHER: _("Anything else on the record that fits none of the above."),
}


class Target(models.TextChoices):
    MILITARY = "military", _("Military")
    TRANSPORT = "transport", _("Transport")
    ENERGY = "energy", _("Energy")
    COMMUNICATIONS = "communications", _("Communications")
    GOVERNMENT = "government", _("Government")
    CIVILIAN = "civilian", _("Civilian")


class Response(models.TextChoices):
    SCRAMBLED = "aircraft_scrambled", _("Aircraft scrambled")
    SHOT_DOWN = "objects_shot_down", _("Objects shot down")
    AIRPORTS_CLOSED = "airports_closed", _("Airports closed")
    ARTICLE_4 = "article_4_requested", _("Article 4 requested")
    SANCTIONS = "sanctions", _("Sanctions")
    EXPULSIONS = "expulsions", _("Expulsions")


class Precision(models.TextChoices):
    DAY = "day", "Day"
    MONTH = "month", "Month only"
    YEAR = "year", "Year only"


class IncidentState(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"


class Confidence(models.TextChoices):
    OFFICIAL = "official", _("Officially attributed")
    SUSPECTED = "suspected", _("Suspected by officials")
    CLAIMED = "claimed", _("Claimed")
    UNATTRIBUTED = "unattributed", _("Unattributed")
    ELSEWHERE = "elsewhere", _("Attributed elsewhere")
    # The state named denies it was behind the incident. A denial is part of the history
    # but never the incident's current attribution: it does not undo what others said.
    DENIED = "denied", _("Denied")


class AttributorKind(models.TextChoices):
    GOVERNMENT = "government", "A government"
    NATO = "nato", "NATO"
    EU = "eu", "The EU"
    COURT = "court", "A court"
    INVESTIGATORS = "investigators", "Investigators"
    OTHER = "other", "Other"


def day_words(day: date, precision: str = Precision.DAY) -> str:
    """In the active language's words: "10 September 2025", "10 września 2025"."""
    if precision == Precision.YEAR:
        return f"{day:%Y}"
    if precision == Precision.MONTH:
        return date_format(day, "YEAR_MONTH_FORMAT")
    return date_format(day, "UK_DATE_FORMAT")


def going_on_until() -> Coalesce:
    """An incident's last day, or its first when it has no end: a date filter's "going on
    in the range" compares it, and the index `incident_going_on` holds it."""
    return Coalesce("ended_on", "started_on")


def _latest_attribution():
    return (
        Attribution.objects.filter(incident=OuterRef("pk"))
        .exclude(confidence=Confidence.DENIED)
        .order_by("-stated_on", "-recorded_at", "-id")
    )


# What an editor sets on an incident (its countries, sources and attributions are rows of
# their own).
INCIDENT_FIELDS = (
    "title",
    "account",
    "started_on",
    "ended_on",
    "precision",
    "place",
    "latitude",
    "longitude",
    "category",
    "target",
    "responses",
    "killed",
    "injured",
    "damage",
)


class IncidentQuerySet(models.QuerySet):
    def published(self) -> IncidentQuerySet:
        return self.filter(state=IncidentState.PUBLISHED)

    def newest_first(self) -> IncidentQuerySet:
        return self.order_by("-started_on", "-id")

    def with_current_attribution(self) -> IncidentQuerySet:
        """`current_confidence` and `current_state`: the newest attribution's, by the day
        it was made (a denial never is); an incident nobody has attributed counts as
        unattributed."""
        latest = _latest_attribution()
        return self.annotate(
            current_confidence=Coalesce(
                Subquery(latest.values("confidence")[:1]), Value(Confidence.UNATTRIBUTED)
            ),
            current_state=Coalesce(Subquery(latest.values("to_state")[:1]), Value("")),
        )

    def officially_attributed_to(self, state: str) -> IncidentQuerySet:
        """Those whose current attribution (as `with_current_attribution()` has it) is an
        official one naming `state`: one look-up of the newest attribution per incident
        (by the index `attribution_latest`), for the incidents the other filters leave."""
        official = Q(confidence=Confidence.OFFICIAL, to_state=state)
        newest = (
            _latest_attribution()
            .annotate(official_now=ExpressionWrapper(official, output_field=BooleanField()))
            .values("official_now")[:1]
        )
        return self.annotate(official_now=Subquery(newest)).filter(official_now=True)

    def for_display(self) -> IncidentQuerySet:
        """What a list or the open data shows of each incident, in a fixed number of queries."""
        sources = Source.objects.select_related("link", "link__outlet").order_by(
            "published_on", "id"
        )
        return self.prefetch_related(
            models.Prefetch("countries", queryset=IncidentCountry.objects.order_by("code")),
            models.Prefetch("attributions", queryset=Attribution.objects.newest_first()),
            models.Prefetch("sources", queryset=sources),
            models.Prefetch("corrections", queryset=Correction.objects.order_by("made_at", "id")),
        )


class Incident(models.Model):
    title = models.CharField(max_length=200)
    account = models.TextField(
        max_length=3000, help_text="A short account in our own words: plain text, no markup."
    )
    started_on = models.DateField(
        "start date", help_text="The day it began (or any day of its month)."
    )
    ended_on = models.DateField("end date", null=True, blank=True, help_text="Optional.")
    precision = models.CharField(
        "date precision",
        max_length=8,
        choices=Precision.choices,
        default=Precision.DAY,
        help_text="How exactly the dates are known. Month only: the day is not shown.",
    )
    place = models.CharField(max_length=200, blank=True, help_text="Optional: a town or area.")
    latitude = models.DecimalField(max_digits=8, decimal_places=5, null=True, blank=True)
    longitude = models.DecimalField(max_digits=8, decimal_places=5, null=True, blank=True)
    category = models.CharField(max_length=24, choices=Category.choices)
    target = models.CharField(
        "target type",
        max_length=16,
        choices=Target.choices,
        blank=True,
        help_text="Leave empty if not known.",
    )
    responses = models.JSONField("responses", default=list, blank=True)
    killed = models.PositiveIntegerField(
        "people killed", null=True, blank=True, help_text="Empty: not known."
    )
    injured = models.PositiveIntegerField(
        "people injured", null=True, blank=True, help_text="Empty: not known."
    )
    damage = models.TextField(max_length=1000, blank=True, help_text="Where known; plain text.")
    state = models.CharField(
        max_length=16, choices=IncidentState.choices, default=IncidentState.DRAFT
    )
    published_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = IncidentQuerySet.as_manager()

    class Meta:
        ordering = ["-started_on", "-id"]
        permissions = [("publish_incident", "Can publish incidents")]
        indexes = [
            models.Index(fields=["state", "-started_on", "-id"], name="incident_newest"),
            models.Index(fields=["state", "category", "-started_on"], name="incident_category"),
            # The date filters' and the indicators' windows ("going on in the last 90
            # days"), read without the rest of the record (issue 34); an indicator's
            # categories are then sorted out in the index.
            models.Index("state", going_on_until(), "category", name="incident_going_on"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("incidents:detail", args=[self.pk])

    @property
    def is_published(self) -> bool:
        return self.state == IncidentState.PUBLISHED

    @property
    def when(self) -> str:
        """“10 September 2025”, “September 2025”, or a range of either."""
        start = day_words(self.started_on, self.precision)
        if self.ended_on is None or self.ended_on == self.started_on:
            return start
        return _("%(start)s to %(end)s") % {
            "start": start,
            "end": day_words(self.ended_on, self.precision),
        }

    @property
    def current_attribution(self) -> Attribution | None:
        """The newest attribution that is not a denial (from the prefetched history)."""
        return next((a for a in self.attributions.all() if a.confidence != Confidence.DENIED), None)

    @property
    def response_labels(self) -> list[str]:
        labels = dict(Response.choices)
        return [str(labels.get(tag, tag)) for tag in self.responses]  # in the active language


class IncidentCountry(models.Model):
    """One country an incident happened in, and whether it was then a NATO member."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="countries")
    code = models.CharField(max_length=2)
    nato_member = models.BooleanField(help_text="A NATO member on the day the incident began.")

    class Meta:
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(fields=["incident", "code"], name="incident_country_once")
        ]
        indexes = [
            models.Index(fields=["code", "incident"], name="incident_country_code"),
            # "In NATO member countries only", asked of each incident in a window.
            models.Index(
                fields=["incident"], condition=Q(nato_member=True), name="incident_country_nato"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return country_name(self.code)


def public_link_url(state: str | None, url: str | None) -> str:
    """A source's curated link's address, shown once moderators have published it."""
    return url if state == "published" and url else ""


def attributed_to_words(to_state: str, to_actor: str) -> str:
    """Whom an attribution names, in words: the state's name, then any detail."""
    state = country_name(to_state) if to_state else ""
    if state and to_actor:
        return f"{state} ({to_actor})"
    return state or to_actor


def attribution_words(confidence: str, by_name: str, to_words: str) -> str:
    """An attribution in words, without its day; a denial reads as what it is."""
    if confidence == Confidence.DENIED:
        return f"Denied by {by_name}"
    label = dict(Confidence.choices).get(confidence, confidence)
    whom = f" to {to_words}" if to_words else ""
    return f"{label}{whom} by {by_name}"


class PublishedPartQuerySet(models.QuerySet):
    """Rows that belong to an incident: readers see those of published incidents only
    (the changelog links an entry about one only while its incident is public)."""

    def published(self) -> PublishedPartQuerySet:
        return self.filter(incident__state=IncidentState.PUBLISHED)


class Source(models.Model):
    """A curated link, or a named and dated source without one (a statement, a broadcast)."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="sources")
    link = models.ForeignKey(
        "news.CuratedLink",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="A curated link. Its address is shown once moderators have published it.",
    )
    publisher = models.CharField(
        max_length=200, blank=True, help_text="Who published it, e.g. an outlet or a ministry."
    )
    title = models.CharField(max_length=300, help_text="Its title or a plain description.")
    published_on = models.DateField(null=True, blank=True)
    added_at = models.DateTimeField(default=timezone.now)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = PublishedPartQuerySet.as_manager()

    class Meta:
        ordering = ["published_on", "id"]

    def __str__(self) -> str:
        return f"{self.publisher}: {self.title}" if self.publisher else self.title

    def get_absolute_url(self) -> str:
        return f"{self.incident.get_absolute_url()}#source-{self.pk}"

    @property
    def public_url(self) -> str:
        """The address readers may follow: a published curated link's, else none."""
        link = self.link
        return "" if link is None else public_link_url(link.state, link.url)


class AttributionQuerySet(PublishedPartQuerySet):
    def newest_first(self) -> AttributionQuerySet:
        return self.order_by("-stated_on", "-recorded_at", "-id")


class Attribution(models.Model):
    """Who said, on which day, that someone was behind an incident, and how firmly."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="attributions")
    by_kind = models.CharField("who attributed it", max_length=16, choices=AttributorKind.choices)
    by_name = models.CharField(
        "attributed by",
        max_length=200,
        help_text="Named plainly, e.g. “Polish government” or “North Atlantic Council”.",
    )
    to_state = models.CharField(
        "to which state",
        max_length=2,
        blank=True,
        help_text="The state held responsible, if any (two-letter code, e.g. RU).",
    )
    to_actor = models.CharField(
        "to whom, in detail",
        max_length=200,
        blank=True,
        help_text="Optional: a unit, group or person, e.g. “military intelligence (GRU)”.",
    )
    confidence = models.CharField(
        max_length=16,
        choices=Confidence.choices,
        help_text="“Denied”: the state named says it was not behind it (name who said so in "
        "“attributed by”, e.g. “Russia (Ministry of Defence)”). A denial never replaces "
        "the current attribution.",
    )
    stated_on = models.DateField("when", help_text="The day the attribution was made.")
    source_note = models.CharField(
        "where it was said",
        max_length=300,
        blank=True,
        help_text="e.g. “NATO statement, 23 September 2025”.",
    )
    recorded_at = models.DateTimeField(default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = AttributionQuerySet.as_manager()

    class Meta:
        ordering = ["-stated_on", "-recorded_at", "-id"]
        # The whole of newest_first() per incident: the latest attribution, which the list's
        # attribution filter and the indicators' counts read for every incident, is then the
        # first entry of an index scan, with no sort (about half the time at 10,000).
        indexes = [
            models.Index(
                fields=["incident", "-stated_on", "-recorded_at", "-id"], name="attribution_latest"
            )
        ]

    def __str__(self) -> str:
        return f"{self.words_without_date} ({self.stated_on})"

    def get_absolute_url(self) -> str:
        return f"{self.incident.get_absolute_url()}#attribution-{self.pk}"

    @property
    def is_denial(self) -> bool:
        return self.confidence == Confidence.DENIED

    @property
    def words_without_date(self) -> str:
        """“Denied by Russia (Ministry of Defence)”, “Officially attributed to Russia by
        the Polish government”."""
        return attribution_words(self.confidence, self.by_name, self.to_words)

    @property
    def words(self) -> str:
        """What readers are told, with its day: “Denied by Russia (Ministry of Defence),
        10 September 2025”."""
        return f"{self.words_without_date}, {day_words(self.stated_on)}"

    @property
    def to_words(self) -> str:
        """“Russia (military intelligence (GRU))”, or empty when it names nobody."""
        return attributed_to_words(self.to_state, self.to_actor)


class Correction(models.Model):
    """A public, dated note of what was corrected in a published incident."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="corrections")
    made_at = models.DateTimeField(default=timezone.now)
    note = models.TextField(help_text="What was wrong and what it says now, for readers.")
    changed_fields = models.JSONField(default=list, help_text="The fields it changed.")
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = PublishedPartQuerySet.as_manager()

    class Meta:
        ordering = ["made_at", "id"]

    def __str__(self) -> str:
        return f"Correction of {self.made_at:%Y-%m-%d}"

    def get_absolute_url(self) -> str:
        return f"{self.incident.get_absolute_url()}#correction-{self.pk}"


class RecordChange(models.Model):
    """One row whose `token` PostgreSQL's triggers (migration 0007) replace at random in
    the same transaction as any write to incidents, their countries or attributions,
    however made (a service, the admin's deletion, a bulk load). The indicators' counts
    since the record began are kept per process beside the token and counted again only
    once it changes (`incidents.indicators`). Without the row (SQLite; a table emptied by
    hand, until the next write puts it back) every render counts afresh."""

    token = models.CharField(max_length=36)

    def __str__(self) -> str:
        return self.token
