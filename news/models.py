"""Outlets, curated links, the feeds we poll and the candidate headlines they yield."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone

from core.url_rules import clean_url_field


class Standing(models.TextChoices):
    """How far readers may rely on what an outlet publishes."""

    PRIMARY = "primary", "Primary source (NATO, a government, a parliament, a court)"
    REPUTABLE = "reputable", "Reputable outlet"
    OTHER = "other", "Other (not cited as a source)"
    # Refused as a source and flagged in the moderators' inbox: e.g. the "Pravda" network
    # documented by VIGINUM (docs/research/disinformation-outlets.md).
    DISINFORMATION = "disinformation", "Known disinformation"


# What a public claim may rest on.
CITABLE = frozenset({Standing.PRIMARY, Standing.REPUTABLE})


class Outlet(models.Model):
    name = models.CharField(max_length=120)
    domain = models.CharField(max_length=200, unique=True, help_text="e.g. kyivindependent.com")
    homepage = models.URLField(blank=True)
    standing = models.CharField(
        max_length=16,
        choices=Standing.choices,
        default=Standing.REPUTABLE,
        help_text="Primary sources and reputable outlets may be cited for a public claim; "
        "known disinformation is refused and flagged in the inbox.",
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def reputable(self) -> bool:
        """Citable for a public claim: a primary source or a reputable outlet."""
        return self.standing in CITABLE

    @property
    def disinformation(self) -> bool:
        return self.standing == Standing.DISINFORMATION


class LinkState(models.TextChoices):
    PENDING = "pending", "Pending review"
    PUBLISHED = "published", "Published"
    REJECTED = "rejected", "Rejected"
    HIDDEN = "hidden", "Hidden"


class CuratedLinkQuerySet(models.QuerySet):
    def published(self) -> CuratedLinkQuerySet:
        return self.filter(state=LinkState.PUBLISHED)

    def newest_first(self) -> CuratedLinkQuerySet:
        return self.order_by("-source_published_at", "-id")

    def reporting(self) -> CuratedLinkQuerySet:
        """News and analysis: what "Recent developments" and /news/ list."""
        return self.filter(reference=False)

    def for_display(self) -> CuratedLinkQuerySet:
        # A published link should always have a URL (services and the admin form see to
        # it); one that somehow lost it is left out rather than shown as a dead link.
        return self.published().exclude(Q(url__isnull=True) | Q(url="")).select_related("outlet")

    def queue(self) -> CuratedLinkQuerySet:
        """What moderators must look at: pending, oldest first."""
        return self.filter(state=LinkState.PENDING).order_by("created_at", "id")


class CuratedLink(models.Model):
    # Canonical form (news.canonical); empty only while a pending item still lacks its URL.
    url = models.CharField(max_length=1000, null=True, blank=True, unique=True)
    title = models.CharField(max_length=300)
    outlet = models.ForeignKey(Outlet, null=True, blank=True, on_delete=models.PROTECT)
    context = models.TextField(
        blank=True, help_text="One to three plain sentences in our words: why this matters."
    )
    source_published_at = models.DateTimeField(null=True, blank=True)
    state = models.CharField(max_length=16, choices=LinkState.choices, default=LinkState.PENDING)
    pinned = models.BooleanField(default=False)
    # A reference text is not news: a 1949 treaty under "Recent developments" would
    # tell readers something false about what is recent.
    reference = models.BooleanField(
        default=False,
        verbose_name="key document",
        help_text="A reference text (a treaty, an official page), listed under Key documents, "
        "not as news.",
    )
    decision_reason = models.TextField(blank=True, help_text="Why it was rejected or hidden.")
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    claimed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    claimed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    objects = CuratedLinkQuerySet.as_manager()

    class Meta:
        ordering = ["-source_published_at", "-id"]
        permissions = [("moderate_curatedlink", "Can publish, reject and hide curated links")]
        indexes = [
            models.Index(
                fields=["-pinned", "-source_published_at", "-id"],
                condition=Q(state="published"),
                name="link_published_order",
            ),
            models.Index(fields=["state", "created_at", "id"], name="link_queue"),
            models.Index(fields=["outlet", "state", "-source_published_at"], name="link_outlet"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return f"/news/#link-{self.pk}"

    @property
    def missing_for_publication(self) -> list[str]:
        missing = []
        if not self.url:
            missing.append("URL")
        if not self.context.strip():
            missing.append("context")
        if self.source_published_at is None:
            missing.append("source date")
        return missing


class FeedQuerySet(models.QuerySet):
    def due(self, now=None) -> FeedQuerySet:
        return self.filter(active=True, next_poll_at__lte=now or timezone.now())

    def failing(self) -> FeedQuerySet:
        return self.filter(consecutive_failures__gt=0)


class Feed(models.Model):
    """An incoming RSS/Atom feed we poll for candidate headlines."""

    url = models.CharField(max_length=1000, unique=True)
    outlet = models.ForeignKey(Outlet, null=True, blank=True, on_delete=models.PROTECT)
    active = models.BooleanField(default=True)
    poll_interval = models.PositiveIntegerField(default=900, help_text="Seconds between polls.")
    etag = models.CharField(max_length=500, blank=True)
    last_modified = models.CharField(max_length=100, blank=True)
    last_polled_at = models.DateTimeField(null=True, blank=True)
    last_success_at = models.DateTimeField(null=True, blank=True)
    next_poll_at = models.DateTimeField(default=timezone.now)
    consecutive_failures = models.PositiveIntegerField(default=0)
    failing_since = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    permanent_redirect_to = models.CharField(max_length=1000, blank=True)
    permanent_redirect_streak = models.PositiveSmallIntegerField(default=0)
    claimed_until = models.DateTimeField(null=True, blank=True)

    objects = FeedQuerySet.as_manager()

    class Meta:
        ordering = ["url"]
        indexes = [models.Index(fields=["active", "next_poll_at"], name="feed_due")]

    def __str__(self) -> str:
        return self.url

    def clean(self) -> None:
        # Refused now, with a sentence, rather than at every poll.
        clean_url_field("url", self.url)


class CandidateState(models.TextChoices):
    PENDING = "pending", "Pending review"
    APPROVED = "approved", "Approved"
    REJECTED = "rejected", "Rejected"
    DUPLICATE = "duplicate", "Duplicate"


class CandidateQuerySet(models.QuerySet):
    def review_queue(self, *, min_score: float | None = None) -> CandidateQuerySet:
        """Pending candidates: urgent first, then most relevant, then newest."""
        qs = self.filter(state=CandidateState.PENDING)
        if min_score is not None:
            qs = qs.filter(Q(score__gte=min_score) | Q(urgent=True))
        return qs.order_by("-urgent", "-score", "-published_at", "-id")


class Candidate(models.Model):
    # Every poll inserts into each of this table's indexes, so it keeps only those a
    # query uses (see Meta.indexes): the feed's is the unique (feed, guid) one.
    feed = models.ForeignKey(
        Feed, on_delete=models.CASCADE, related_name="candidates", db_index=False
    )
    guid = models.CharField(max_length=500)
    url = models.CharField(max_length=1000)
    canonical_url = models.CharField(max_length=1000)
    title = models.CharField(max_length=300)
    summary = models.TextField(blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    score = models.FloatField(default=0)
    matched_terms = models.JSONField(default=list, blank=True)
    urgent = models.BooleanField(default=False)
    state = models.CharField(
        max_length=16, choices=CandidateState.choices, default=CandidateState.PENDING
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reason = models.TextField(blank=True)
    link = models.ForeignKey(
        CuratedLink,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
    )
    notified_at = models.DateTimeField(null=True, blank=True)
    claimed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
    )
    claimed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    # The same story (same canonical address) seen in other feeds: merged into this one.
    also_in = models.ManyToManyField(
        Feed, blank=True, related_name="+", help_text="Other feeds that carried the same story."
    )

    objects = CandidateQuerySet.as_manager()

    class Meta:
        # What moderators call them: the headlines the feeds bring in for review.
        verbose_name = "feed headline"
        verbose_name_plural = "feed headlines"
        ordering = ["-urgent", "-score", "-published_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["feed", "guid"], name="candidate_unique_guid_per_feed"),
            # A constraint, not unique=True, which on PostgreSQL adds a second index
            # (varchar_pattern_ops, for LIKE) that no query uses.
            models.UniqueConstraint(
                fields=["canonical_url"], name="candidate_unique_canonical_url"
            ),
        ]
        indexes = [
            models.Index(
                fields=["-urgent", "-score", "-published_at", "-id"],
                condition=Q(state="pending"),
                name="candidate_queue",
            ),
            # For deleting a user or a link (SET NULL): partial, since a new headline
            # has none of them and so costs these indexes nothing.
            models.Index(
                fields=["reviewer"], condition=Q(reviewer__isnull=False), name="candidate_reviewer"
            ),
            models.Index(
                fields=["claimed_by"],
                condition=Q(claimed_by__isnull=False),
                name="candidate_claimed_by",
            ),
            models.Index(fields=["link"], condition=Q(link__isnull=False), name="candidate_link"),
        ]

    def __str__(self) -> str:
        return self.title


class SourceQuerySet(models.QuerySet):
    def for_claim(self, claim: models.Model) -> SourceQuerySet:
        return self.filter(
            content_type=ContentType.objects.get_for_model(claim), object_id=claim.pk
        )


class Source(models.Model):
    """Where a public claim comes from: one record shape for every claim the site makes
    (an indicator, an explainer, a FAQ answer, a verdict's reason), each claim pointing
    here through `claim`. Written by news.services_sources only."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    claim = GenericForeignKey("content_type", "object_id")
    url = models.CharField("address", max_length=1000, help_text="The page readers can open.")
    title = models.CharField(max_length=300, help_text="What readers see as the link.")
    # Found from the address's domain when the source is saved: its standing decides
    # whether the claim may be published.
    outlet = models.ForeignKey(
        Outlet, null=True, blank=True, on_delete=models.PROTECT, related_name="sources"
    )
    published_on = models.DateField("published", null=True, blank=True)
    archived_url = models.CharField(
        "archived copy",
        max_length=1000,
        blank=True,
        help_text="Optional: a copy in a web archive, in case the page changes or goes.",
    )
    order = models.PositiveSmallIntegerField(default=0)

    objects = SourceQuerySet.as_manager()

    class Meta:
        ordering = ["order", "id"]
        indexes = [models.Index(fields=["content_type", "object_id"], name="source_claim")]

    def __str__(self) -> str:
        return self.title

    @property
    def citable(self) -> bool:
        return bool(self.url) and self.outlet is not None and self.outlet.reputable
