from django.contrib import admin, messages
from django.db import models
from django.http import HttpRequest

from audit.admin_mixins import AuditedAdminMixin
from core.admin_actions import ReadOnlyAdminMixin
from subscriptions import monitoring, services
from subscriptions.models import (
    Announcement,
    DeliveryState,
    Digest,
    EmailDelivery,
    Subscriber,
    Webhook,
    WebhookDelivery,
    latest_announcement_id,
)


@admin.register(Subscriber)
class SubscriberAdmin(admin.ModelAdmin):
    list_display = ("email", "changelog_too", "created_at", "confirmed_at", "unsubscribed_at")
    search_fields = ("email",)
    readonly_fields = ("email", "changelog_too", "created_at", "confirmed_at", "unsubscribed_at")
    actions = ["erase"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    @admin.action(description="Erase selected subscribers (on their request)")
    def erase(self, request: HttpRequest, queryset) -> None:
        count = 0
        for subscriber in queryset:
            services.erase_subscriber(user=request.user, subscriber=subscriber)
            count += 1
        self.message_user(request, f"{count} subscriber(s) erased.")


class _Deliveries(admin.TabularInline):
    """An announcement's deliveries still to make, or that failed, with their reasons."""

    extra = 0
    can_delete = False
    ordering = ("state", "id")

    def get_queryset(self, request):
        return super().get_queryset(request).exclude(state=DeliveryState.DELIVERED)

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    @admin.display(description="status")
    def status(self, delivery) -> str:
        return delivery.status


class UndeliveredEmails(_Deliveries):
    model = EmailDelivery
    verbose_name = "email not (yet) delivered"
    verbose_name_plural = "emails not (yet) delivered"
    fields = ("reader", "status", "attempts", "last_attempt_at", "due_at", "last_error")
    readonly_fields = (*fields, "subscriber")

    def get_fields(self, request, obj=None):
        # Readers' addresses only for those who may see subscribers (editors may not).
        if request.user.has_perm("subscriptions.view_subscriber"):
            return ("subscriber", *self.fields[1:])
        return self.fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("subscriber")

    @admin.display(description="reader")
    def reader(self, delivery: EmailDelivery) -> str:
        return f"subscriber #{delivery.subscriber_id}"


class UndeliveredPosts(_Deliveries):
    model = WebhookDelivery
    verbose_name = "webhook post not (yet) delivered"
    verbose_name_plural = "webhook posts not (yet) delivered"
    fields = ("webhook", "status", "attempts", "last_attempt_at", "due_at", "last_error")
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("webhook")


class DeliveryHealthAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Delivery health, the same for an announcement and a daily digest: its deliveries
    counted by status (one query for the list), and a resend for those allowed it."""

    def get_queryset(self, request):
        return monitoring.with_counts(super().get_queryset(request))

    def has_resend_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("subscriptions.resend_announcement")

    @admin.display(description="delivered", ordering="delivered")
    def delivered(self, sent: Announcement | Digest) -> int:
        return sent.delivered

    @admin.display(description="pending", ordering="pending")
    def pending(self, sent: Announcement | Digest) -> int:
        return sent.pending

    @admin.display(description="retrying", ordering="retrying")
    def retrying(self, sent: Announcement | Digest) -> int:
        return sent.retrying

    @admin.display(description="failed", ordering="failed")
    def failed(self, sent: Announcement | Digest) -> int:
        return sent.failed

    @admin.display(description="deliveries")
    def health(self, sent: Announcement | Digest) -> str:
        return ", ".join(f"{n} {status}" for status, n in monitoring.counts(sent).items())


@admin.register(Announcement)
class AnnouncementAdmin(DeliveryHealthAdmin):
    """Delivery health: each announcement's emails and posts by status, and a resend."""

    list_display = ("change", "created_at", "delivered", "pending", "retrying", "failed")
    list_select_related = ("entry",)
    date_hierarchy = "created_at"
    fields = ("change", "event", "readers", "created_at", "fanned_out_at", "settled_at", "health")
    readonly_fields = fields
    inlines = [UndeliveredEmails, UndeliveredPosts]
    actions = ["resend_failed"]

    @admin.display(description="change announced")
    def change(self, announcement: Announcement) -> str:
        return announcement.entry.summary

    @admin.display(description="readers told")
    def readers(self, announcement: Announcement) -> str:
        if not announcement.for_digest:
            return "by an email of its own, at once"
        if announcement.digest_id is None:
            return "in the next daily digest (webhooks at once)"
        return f"in the daily digest of {announcement.digest.day:%-d %B %Y} (webhooks at once)"

    @admin.action(description="Resend the failed deliveries", permissions=["resend"])
    def resend_failed(self, request: HttpRequest, queryset) -> None:
        resent = sum(
            services.resend_failed(user=request.user, announcement=announcement)
            for announcement in queryset.select_related("entry")
        )
        level = messages.SUCCESS if resent else messages.WARNING
        self.message_user(request, f"{resent} failed delivery(ies) will be sent again.", level)


@admin.register(Digest)
class DigestAdmin(DeliveryHealthAdmin):
    """Each daily digest: what it gathered, its emails by status, and a resend."""

    list_display = (
        "__str__",
        "updates",
        "created_at",
        "delivered",
        "pending",
        "retrying",
        "failed",
    )
    fields = ("day", "due_at", "created_at", "updates", "contents", "settled_at", "health")
    readonly_fields = fields
    inlines = [UndeliveredEmails]
    actions = ["resend_failed"]

    @admin.display(description="updates it told")
    def contents(self, digest: Digest) -> str:
        summaries = digest.announcements.order_by("entry__created_at", "id").values_list(
            "entry__summary", flat=True
        )
        return "; ".join(summaries) or "Nothing notable: no email was sent."

    @admin.action(description="Resend the failed deliveries", permissions=["resend"])
    def resend_failed(self, request: HttpRequest, queryset) -> None:
        resent = sum(
            services.resend_failed_digest(user=request.user, digest=digest) for digest in queryset
        )
        level = messages.SUCCESS if resent else messages.WARNING
        self.message_user(request, f"{resent} failed delivery(ies) will be sent again.", level)


class PostInline(admin.TabularInline):
    model = WebhookDelivery
    extra = 0
    can_delete = False
    fields = (
        "announcement",
        "state",
        "attempts",
        "last_status",
        "last_response",
        "last_attempt_at",
        "delivered_at",
    )
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("announcement__entry")

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Webhook)
class WebhookAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ("url", "active", "changelog_too", "created_at")
    inlines = [PostInline]
    # A receiver typed without a scheme is taken as https (Django 6.0's default; 5.2
    # warns until told).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def save_model(self, request: HttpRequest, obj: Webhook, form, change: bool) -> None:
        if change and "active" in form.changed_data and obj.active:
            # Switched back on: told of changes from now on, not of those made while off.
            obj.hears_after = latest_announcement_id()
        super().save_model(request, obj, form, change)
