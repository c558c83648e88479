"""The verdict, the indicators that would change it, and the checks that keep it fresh."""

from __future__ import annotations

import re

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class State(models.TextChoices):
    # Labels in the reader's language (the answer box, the API's verdict_label).
    NO_WAR = "no_war", _("No state of war")
    HYBRID_CONFLICT = "hybrid_conflict", _("Hybrid conflict below the threshold of war")
    ARTICLE4_CONSULTATIONS = "article4_consultations", _("Article 4 consultations under way")
    ARTICLE5_INVOKED = "article5_invoked", _("Article 5 invoked")
    STATE_OF_WAR = "state_of_war", _("State of war")


class VerdictQuerySet(models.QuerySet):
    def newest_first(self) -> VerdictQuerySet:
        return self.order_by("-effective_at", "-id")

    def current(self) -> Verdict | None:
        """The verdict in force: the newest one."""
        return self.newest_first().first()


class Verdict(models.Model):
    """Append-only: a change or a correction is a new verdict with a public reason."""

    state = models.CharField(max_length=32, choices=State.choices)
    answer = models.CharField(max_length=20, help_text='The short answer, e.g. "No".')
    headline = models.CharField(max_length=200)
    summary = models.TextField(help_text="Plain English: what the answer means today.")
    reason = models.TextField(
        blank=True, help_text="Why it changed. Required for every verdict after the first."
    )
    outlook = models.TextField(
        blank=True,
        default="",
        help_text="What would change the answer and what we would do then: shown under the "
        "summary. Leave empty to show nothing.",
    )
    effective_at = models.DateTimeField()
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Where readers can check the answer and its reason (news.Source), written once with
    # the verdict: a verdict is never edited, so neither are they.
    sources = GenericRelation("news.Source", related_query_name="verdict")

    objects = VerdictQuerySet.as_manager()

    class Meta:
        ordering = ["-effective_at", "-id"]
        indexes = [models.Index(fields=["-effective_at", "-id"], name="verdict_newest")]

    def __str__(self) -> str:
        return f"{self.answer}: {self.headline}"

    def get_absolute_url(self) -> str:
        return f"{reverse('status:history')}#verdict-{self.pk}"


# A source without a link still names who said it and when: a four-digit year at least.
_YEAR = re.compile(r"\b(1[89]|20)\d\d\b")


def validate_sources(value) -> None:
    """(Kept for migration 0004; sources are news.Source records now.)

    A list of sources, each {"title", "url"} (an http(s) URL readers can follow) or
    {"title", "date"} (a named, dated source without a link, e.g. "Kyiv Independent",
    "September 2025"), which the page shows as text."""
    from django.core.exceptions import ValidationError
    from django.core.validators import URLValidator

    from core.url_rules import validate_fetchable_url

    check = URLValidator(schemes=["http", "https"])
    if not isinstance(value, list):
        raise ValidationError("Give a list of sources.")
    shape = (
        'Each source is {"title": "...", "url": "https://..."} or {"title": "...", "date": "..."}.'
    )
    for source in value:
        if not isinstance(source, dict):
            raise ValidationError(shape)
        title, url, date = source.get("title"), source.get("url"), source.get("date")
        if not isinstance(title, str) or not title.strip():
            # Readers see the title as the link text: without one, the link is invisible.
            named = url if isinstance(url, str) else "each source"
            raise ValidationError(f"Give the source {named} a title readers can see.")
        if url is None or url == "":
            if not isinstance(date, str) or not _YEAR.search(date):
                raise ValidationError(
                    f'"{title}" has no link: give its date instead (e.g. "September 2025").'
                )
            continue
        if not isinstance(url, str):
            raise ValidationError(shape)
        check(url)
        validate_fetchable_url(url)


def validate_incident_query(value: str) -> None:
    """The filters of /incidents/, as an indicator's query string."""
    from django.core.exceptions import ValidationError

    from incidents.indicators import parse_query

    _active, errors = parse_query(value)
    if errors:
        raise ValidationError(errors)


class IndicatorState(models.TextChoices):
    NOT_MET = "not_met", "No"
    WATCH = "watch", "Ongoing"
    MET = "met", "Yes"


class IndicatorKind(models.TextChoices):
    TRIGGER = "trigger", "Trigger: would change the answer"
    SIGNAL = "signal", "Signal: watched, does not change the answer by itself"


class IndicatorQuerySet(models.QuerySet):
    def in_order(self) -> IndicatorQuerySet:
        return self.order_by("order", "id")


class Indicator(models.Model):
    """A criterion that would change the verdict, with where it stands now."""

    key = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=120)
    kind = models.CharField(
        max_length=16,
        choices=IndicatorKind.choices,
        default=IndicatorKind.SIGNAL,
        help_text="Triggers are listed first, as what would change the answer; signals "
        "below them, as context.",
    )
    state = models.CharField(max_length=16, choices=IndicatorState.choices)
    state_label = models.CharField(
        max_length=80, help_text='What readers see, e.g. "No" or "Yes, ongoing".'
    )
    note = models.TextField(help_text="One or two plain sentences: where this stands and why.")
    # Where readers can check it: news.Source records (news.services_sources).
    sources = GenericRelation("news.Source", related_query_name="indicator")
    incident_query = models.CharField(
        max_length=300,
        blank=True,
        validators=[validate_incident_query],
        help_text="Optional: the incidents this indicator counts, as the filters of "
        "/incidents/ write them, e.g. “category=drone_incursion&nato=1”. The home page then "
        "shows how many there were in the last 90 days.",
    )
    order = models.PositiveSmallIntegerField(default=0)
    # "Last edited": any save. "Accurate as of": the day an editor last reviewed it
    # against its sources (a person's save through the services), never the install time.
    updated_at = models.DateTimeField()
    accurate_as_of = models.DateField(
        null=True,
        blank=True,
        editable=False,
        help_text="The day (UK date) an editor last reviewed it against its sources: set "
        "when an editor saves it. Empty until someone has.",
    )
    version = models.PositiveIntegerField(default=1)

    objects = IndicatorQuerySet.as_manager()

    class Meta:
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return f"/#indicator-{self.key}"


class Outcome(models.TextChoices):
    NO_CHANGE = "no_change", "No change"
    VERDICT_CHANGED = "verdict_changed", "Verdict changed"


class CheckQuerySet(models.QuerySet):
    def latest_first(self) -> CheckQuerySet:
        return self.order_by("-checked_at", "-id")

    def newest(self) -> Check | None:
        return self.latest_first().first()


class Check(models.Model):
    """An editor looked at the sources and confirmed or changed the verdict."""

    checked_at = models.DateTimeField()
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    consulted = models.TextField(blank=True, help_text="What was consulted, one source a line.")
    note = models.TextField(blank=True)
    outcome = models.CharField(max_length=20, choices=Outcome.choices, default=Outcome.NO_CHANGE)
    verdict = models.ForeignKey(Verdict, null=True, on_delete=models.PROTECT, related_name="checks")

    objects = CheckQuerySet.as_manager()

    class Meta:
        ordering = ["-checked_at", "-id"]
        indexes = [models.Index(fields=["-checked_at", "-id"], name="check_newest")]

    def __str__(self) -> str:
        return f"Check at {self.checked_at:%Y-%m-%d %H:%M} UTC: {self.get_outcome_display()}"

    def get_absolute_url(self) -> str:
        return "/"


class ProposalStatus(models.TextChoices):
    PENDING = "pending", "Awaiting a second editor"
    APPROVED = "approved", "Approved and published"
    REJECTED = "rejected", "Turned down"


class Proposal(models.Model):
    """Four eyes (VERDICT_FOUR_EYES): a change readers would see, waiting for a second
    editor. What is proposed lives on the concrete model; who and when, here."""

    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    proposed_at = models.DateTimeField()
    status = models.CharField(
        max_length=16, choices=ProposalStatus.choices, default=ProposalStatus.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_comment = models.TextField(blank=True, help_text="Shown to the proposer.")

    class Meta:
        abstract = True
        ordering = ["-proposed_at"]

    # Who may decide it: whoever may make the change directly (never the proposer).
    decide_permission = ""

    @property
    def is_pending(self) -> bool:
        return self.status == ProposalStatus.PENDING

    def may_be_decided_by(self, user) -> bool:
        return (
            self.is_pending
            and getattr(self, "part_of_id", None) is None
            and user.has_perm(self.decide_permission)
            and self.proposed_by_id != user.pk
        )


class VerdictProposal(Proposal):
    """A verdict change (state, answer, headline, summary) waiting for a second editor."""

    state = models.CharField(max_length=32, choices=State.choices)
    answer = models.CharField(max_length=20)
    headline = models.CharField(max_length=200)
    summary = models.TextField()
    reason = models.TextField(blank=True)
    outlook = models.TextField(blank=True, default="")
    consulted = models.TextField(blank=True)
    # The reason's sources as JSON holds them (news.services_sources.as_json) until approved.
    sources = models.JSONField(default=list, blank=True)
    replaces = models.ForeignKey(
        Verdict,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The verdict current when this was proposed (none for the first).",
    )
    verdict = models.OneToOneField(Verdict, null=True, blank=True, on_delete=models.PROTECT)

    decide_permission = "status.add_verdict"

    class Meta(Proposal.Meta):
        verbose_name = "verdict proposal"

    def __str__(self) -> str:
        return f"Proposal: {self.answer} — {self.headline}"


class IndicatorProposal(Proposal):
    """An indicator change (or a new indicator) waiting for a second editor.

    `based_on_version` is the indicator's version when proposed: approving after someone
    else changed it is refused, so an approval never silently undoes a newer change.
    """

    indicator = models.ForeignKey(
        Indicator,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="proposals",
        help_text="The indicator to change; none for a new one (set once approved).",
    )
    based_on_version = models.PositiveIntegerField(null=True, blank=True)
    # A new indicator only: what it is called and where it goes.
    key = models.SlugField(max_length=60, blank=True)
    name = models.CharField(max_length=120, blank=True)
    order = models.PositiveSmallIntegerField(default=0)
    state = models.CharField(max_length=16, choices=IndicatorState.choices)
    state_label = models.CharField(max_length=80)
    note = models.TextField()
    sources = models.JSONField(default=list, blank=True)
    public = models.BooleanField(
        default=True, help_text="Notable: shown on the public changelog once approved."
    )
    # One of a status change's indicator changes: decided only with it, never alone.
    part_of = models.ForeignKey(
        "StatusProposal",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="indicator_changes",
    )

    decide_permission = "status.change_indicator"

    class Meta(Proposal.Meta):
        verbose_name = "indicator proposal"

    def __str__(self) -> str:
        return f"Proposal: {self.name} — {self.state_label}"


class StatusProposal(Proposal):
    """The status composer's one proposal: a verdict change and/or indicator changes, with
    the public note readers are told, approved (and announced) as one change.

    The verdict fields hold the verdict as proposed; `changes_verdict` says whether they
    differ from the verdict it was based on (`replaces`). The indicator changes are
    `IndicatorProposal` rows `part_of` it, decided only with it.
    """

    changes_verdict = models.BooleanField(default=False)
    state = models.CharField(max_length=32, choices=State.choices, blank=True)
    answer = models.CharField(max_length=20, blank=True)
    headline = models.CharField(max_length=200, blank=True)
    summary = models.TextField(blank=True)
    outlook = models.TextField(blank=True, default="")
    note = models.TextField(
        help_text="What readers are told (the email, the changelog); the verdict's public "
        "reason when the verdict changes."
    )
    consulted = models.TextField(blank=True)
    # The verdict's sources when it changes, as JSON holds them until approved.
    sources = models.JSONField(default=list, blank=True)
    replaces = models.ForeignKey(
        Verdict,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The verdict current when this was proposed.",
    )
    verdict = models.OneToOneField(
        Verdict, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    decide_permission = "status.add_verdict"

    class Meta(Proposal.Meta):
        verbose_name = "status change"

    def __str__(self) -> str:
        return f"Status change: {self.note[:60]}"

    def get_absolute_url(self) -> str:
        return "/"
