from django.contrib import admin
from django.http import HttpRequest

from audit.admin_mixins import AuditedAdminMixin
from subscriptions import services
from subscriptions.models import Subscriber, Webhook, WebhookDelivery


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
