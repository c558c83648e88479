"""Explainer pages and FAQ answers: Markdown sources stored beside their sanitised HTML."""

from __future__ import annotations

from datetime import date, datetime

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Min, Q
from django.urls import reverse
from django.utils import timezone


class ExplainerState(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published (or scheduled)"


def _live_q(now) -> Q:
    return Q(state=ExplainerState.PUBLISHED, publish_at__lte=now) & (
        Q(unpublish_at__isnull=True) | Q(unpublish_at__gt=now)
    )


class ExplainerQuerySet(models.QuerySet):
    def published(self, now=None) -> ExplainerQuerySet:
        """Live now: published, its publish time passed, its unpublish time (if any) not.

        The rule is applied at read time, so a scheduled page appears when due
        even if the beat task that announces it runs a little later.
        """
        return self.filter(_live_q(now or timezone.now()))

    def in_order(self) -> ExplainerQuerySet:
        return self.order_by("order", "title")

    def next_change(self, now=None) -> datetime | None:
        """When the set of live pages next changes by the clock alone: the earliest
        publish or unpublish time still to come. Cached pages that list explainers
        expire then, so a scheduled page appears (or an expired one goes) exactly
        when due, not when the beat task next records it."""
        now = now or timezone.now()
        times = self.filter(state=ExplainerState.PUBLISHED).aggregate(
            publish=Min("publish_at", filter=Q(publish_at__gt=now)),
            unpublish=Min("unpublish_at", filter=Q(unpublish_at__gt=now)),
        )
        return min(filter(None, times.values()), default=None)


def not_in_the_future(value: date) -> None:
    """An "accurate as of" date says when an editor checked; nobody checked tomorrow."""
    if value > timezone.localdate():
        raise ValidationError("An “accurate as of” date cannot be in the future.")


ACCURATE_AS_OF_HELP = (
    "The day an editor last checked this text against its sources (UK date). Readers see it "
    "beside “last edited”; leave it empty until someone has checked."
)


class Explainer(models.Model):
    slug = models.SlugField(max_length=80, unique=True)
    title = models.CharField(max_length=200)
    summary = models.TextField(max_length=500, help_text="One or two plain sentences.")
    body = models.TextField(help_text="Markdown: ## headings, lists, links, tables, quotes.")
    body_html = models.TextField(editable=False, blank=True)
    toc = models.JSONField(default=list, editable=False, blank=True)
    # The body cut at its ## headings, made with body_html (explainers.sections): a
    # translation is kept per section, named by the fingerprint of its English.
    body_sections = models.JSONField(default=list, editable=False, blank=True)
    state = models.CharField(
        max_length=16, choices=ExplainerState.choices, default=ExplainerState.DRAFT
    )
    publish_at = models.DateTimeField(
        null=True, blank=True, help_text="UK time. In the future: the page is scheduled."
    )
    unpublish_at = models.DateTimeField(null=True, blank=True, help_text="Optional. UK time.")
    announced_live_at = models.DateTimeField(null=True, blank=True, editable=False)
    announced_expired_at = models.DateTimeField(null=True, blank=True, editable=False)
    order = models.PositiveSmallIntegerField(default=0)
    updated_at = models.DateTimeField(default=timezone.now)
    accurate_as_of = models.DateField(
        null=True, blank=True, validators=[not_in_the_future], help_text=ACCURATE_AS_OF_HELP
    )
    version = models.PositiveIntegerField(default=1)
    related_links = models.ManyToManyField("news.CuratedLink", blank=True, related_name="+")
    # Where readers can check it (news.Source): a page is not published without one.
    sources = GenericRelation("news.Source", related_query_name="explainer")

    objects = ExplainerQuerySet.as_manager()

    class Meta:
        ordering = ["order", "title"]
        indexes = [models.Index(fields=["state", "publish_at"], name="explainer_live")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("explainers:detail", args=[self.slug])

    def status(self, now=None) -> str:
        """In plain words for editors: draft, scheduled, live or expired."""
        now = now or timezone.now()
        if self.state == ExplainerState.DRAFT:
            return "draft"
        if self.publish_at and self.publish_at > now:
            return "scheduled"
        if self.unpublish_at and self.unpublish_at <= now:
            return "expired"
        return "live"

    @property
    def is_live(self) -> bool:
        return self.status() == "live"


class Revision(models.Model):
    """Every saved version of an explainer, with who saved it and when."""

    explainer = models.ForeignKey(Explainer, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField()
    title = models.CharField(max_length=200)
    summary = models.TextField()
    body = models.TextField()
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["explainer", "number"], name="revision_number")
        ]

    def __str__(self) -> str:
        return f"{self.explainer} — version {self.number}"


class SlugRedirect(models.Model):
    """An old slug that keeps working with a permanent redirect."""

    old_slug = models.SlugField(max_length=80, unique=True)
    explainer = models.ForeignKey(Explainer, on_delete=models.CASCADE, related_name="old_slugs")

    def __str__(self) -> str:
        return f"{self.old_slug} → {self.explainer.slug}"


class QuestionQuerySet(models.QuerySet):
    def published(self) -> QuestionQuerySet:
        return self.filter(published=True).order_by("group_order", "group", "order", "id")


class Question(models.Model):
    group = models.CharField(max_length=80, default="The basics")
    group_order = models.PositiveSmallIntegerField(default=0)
    slug = models.SlugField(max_length=80, unique=True, help_text="The answer's anchor on /faq/.")
    question = models.CharField(max_length=200)
    answer = models.TextField(help_text="Markdown.")
    answer_html = models.TextField(editable=False, blank=True)
    order = models.PositiveSmallIntegerField(default=0)
    published = models.BooleanField(default=False)
    updated_at = models.DateTimeField(default=timezone.now)
    accurate_as_of = models.DateField(
        null=True, blank=True, validators=[not_in_the_future], help_text=ACCURATE_AS_OF_HELP
    )
    version = models.PositiveIntegerField(default=1)
    # Where readers can check the answer (news.Source): not published without one.
    sources = GenericRelation("news.Source", related_query_name="question")

    objects = QuestionQuerySet.as_manager()

    class Meta:
        ordering = ["group_order", "group", "order", "id"]

    def __str__(self) -> str:
        return self.question

    def get_absolute_url(self) -> str:
        return f"{reverse('explainers:faq')}#{self.slug}"
