from django.contrib import admin
from django.contrib.auth import get_user_model
from django.core.paginator import Paginator
from django.utils.functional import cached_property
from django.utils.html import format_html

from audit.models import AuditEntry, SignInFailureTally
from core.admin_actions import ReadOnlyAdminMixin
from core.uktime import uk_datetime

SHORT_WITH_SECONDS = "j M Y, H:i:s"


class CappedPaginator(Paginator):
    """Counts at most CAP rows: COUNT(*) over millions of entries is what made big logs slow."""

    CAP = 10_000

    @cached_property
    def count(self) -> int:
        return self.object_list.order_by()[: self.CAP].count()


class StaffFilter(admin.SimpleListFilter):
    """Who did it, chosen from staff accounts (not from a scan of every entry)."""

    title = "actor"
    parameter_name = "actor"

    def lookups(self, request, model_admin):
        staff = get_user_model().objects.filter(is_staff=True).order_by("username")
        return [("system", "system"), *((str(u.pk), u.get_username()) for u in staff)]

    def queryset(self, request, queryset):
        if self.value() == "system":
            return queryset.filter(actor__isnull=True)
        if self.value():
            return queryset.filter(actor_id=self.value())
        return queryset


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Read-only for everyone, superusers included: corrections are new entries.

    Audit readers (the chief editor) read it: each entry on one line, who did what to
    which object and why.
    """

    list_display = ("when", "line", "public")
    list_display_links = ("when",)
    list_filter = (
        "action",
        "public",
        "content_type",
        StaffFilter,
        "created_at",
    )
    search_fields = ("summary", "object_repr")
    # No date_hierarchy: it scans every entry for its dates. "created_at" filters instead.
    paginator = CappedPaginator
    list_select_related = ("content_type",)
    show_full_result_count = False  # COUNT(*) over millions of rows is the slow part
    actions = None
    readonly_fields = [f.name for f in AuditEntry._meta.fields]

    @admin.display(description="when (UK time)", ordering="created_at")
    def when(self, entry: AuditEntry) -> str:
        return uk_datetime(entry.created_at, SHORT_WITH_SECONDS)

    @admin.display(description="who · what · which · why")
    def line(self, entry: AuditEntry) -> str:
        which = (
            format_html("{} “{}”", entry.content_type.name, entry.object_repr)
            if entry.content_type_id
            else entry.object_repr or "—"
        )
        why = entry.note
        return format_html(
            "<strong>{}</strong> · {} · {} · {}{}",
            entry.actor_name or "system",
            entry.get_action_display(),
            which,
            entry.summary,
            format_html(" — <em>why: {}</em>", why) if why else "",
        )


@admin.register(SignInFailureTally)
class SignInFailureTallyAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Read-only: counted by the sign-in receivers, never typed. The account names that
    failed are here, where only superusers look, never in the public chain."""

    list_display = ("hour", "address", "username", "failures")
    list_filter = ("hour",)
    search_fields = ("address", "username")
