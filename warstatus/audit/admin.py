from django.contrib import admin
from django.http import HttpRequest
from django.utils.html import format_html

from warstatus.audit.models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Read-only for everyone, superusers included: corrections are new entries."""

    list_display = ("created_at", "actor_name", "action", "object_link", "summary", "public")
    list_filter = (
        "action",
        "public",
        "content_type",
        ("actor", admin.RelatedOnlyFieldListFilter),
        "created_at",
    )
    search_fields = ("summary", "object_repr")
    date_hierarchy = "created_at"
    list_select_related = ("content_type",)
    show_full_result_count = False  # COUNT(*) over millions of rows is the slow part
    actions = None
    readonly_fields = [f.name for f in AuditEntry._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    @admin.display(description="object")
    def object_link(self, entry: AuditEntry) -> str:
        if entry.content_type_id is None:
            return "—"
        return format_html("{} · {}", entry.content_type.name, entry.object_repr)
