"""Who stands behind the site: the publisher, the editors who choose to be named, and
the corrections made. The operator sets the publisher's details; nothing here is
invented by the code (an empty field is shown to readers as "not yet stated")."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone


class PublisherQuerySet(models.QuerySet):
    def current(self) -> Publisher:
        """The one publisher row; an unsaved blank one until the operator fills it in."""
        return self.filter(pk=Publisher.SINGLETON).first() or Publisher(pk=Publisher.SINGLETON)


class Publisher(models.Model):
    """The organisation that publishes the site, as The Trust Project asks it to say."""

    SINGLETON = 1

    name = models.CharField(max_length=200, blank=True, help_text="The organisation's name.")
    url = models.URLField(blank=True, help_text="Its own website, if any.")
    contact_email = models.EmailField(blank=True, help_text="Where readers reach it.")
    address = models.TextField(blank=True, help_text="Postal address, if published.")
    ownership_funding = models.TextField(
        blank=True,
        help_text="Markdown. Who owns the site, who pays for it, and what it is independent of.",
    )
    ownership_funding_html = models.TextField(editable=False, blank=True)
    publishing_principles = models.TextField(
        blank=True, help_text="Markdown. The editorial standards the editors work to."
    )
    publishing_principles_html = models.TextField(editable=False, blank=True)
    corrections_policy = models.TextField(
        blank=True, help_text="Markdown. How readers report errors and how they are corrected."
    )
    corrections_policy_html = models.TextField(editable=False, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    objects = PublisherQuerySet.as_manager()

    class Meta:
        verbose_name = "publisher"
        verbose_name_plural = "publisher"

    def __str__(self) -> str:
        return self.name or "The publisher (not yet named)"

    def get_absolute_url(self) -> str:
        return reverse("pages:about")


class StaffProfileQuerySet(models.QuerySet):
    def named(self) -> StaffProfileQuerySet:
        """The staff who chose to be named on the about page, still active."""
        return (
            self.filter(named_publicly=True, user__is_active=True, user__is_staff=True)
            .exclude(display_name="")
            .order_by("display_name")
        )


class StaffProfile(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="public_profile"
    )
    display_name = models.CharField(max_length=120, help_text="As readers will see it.")
    role_title = models.CharField(
        max_length=120, blank=True, help_text="For example “Editor” or “Chief editor”."
    )
    bio = models.CharField(max_length=300, blank=True, help_text="One or two plain sentences.")
    named_publicly = models.BooleanField(
        default=False, help_text="Show my name and role on the about page."
    )
    updated_at = models.DateTimeField(default=timezone.now)

    objects = StaffProfileQuerySet.as_manager()

    class Meta:
        verbose_name = "public profile"

    def __str__(self) -> str:
        return self.display_name

    def get_absolute_url(self) -> str:
        return reverse("pages:about") + "#people"


class CorrectionQuerySet(models.QuerySet):
    def newest_first(self) -> CorrectionQuerySet:
        return self.order_by("-corrected_at", "-id")


class Correction(models.Model):
    """A public correction: what a page said that was wrong, and what it says now."""

    page = models.CharField(
        max_length=300, help_text="The corrected page's address on this site, e.g. /faq/."
    )
    wrong = models.TextField(help_text="What the page said that was wrong, in plain words.")
    corrected = models.TextField(help_text="What it says now.")
    corrected_at = models.DateTimeField(default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = CorrectionQuerySet.as_manager()

    class Meta:
        ordering = ["-corrected_at", "-id"]

    def __str__(self) -> str:
        return f"Correction to {self.page}"

    def get_absolute_url(self) -> str:
        return reverse("pages:about") + f"#correction-page-{self.pk}"
