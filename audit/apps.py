from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "audit"
    label = "audit"
    verbose_name = "Audit log"

    def ready(self) -> None:
        from audit import signin  # noqa: F401  (connects the sign-in receivers)
        from audit.selectors import newest_onstage_entry_id
        from core.pagecache import outage_copies

        # While Redis is away, pages are served from each process's copies as long as
        # no entry that may change a page has been recorded since.
        outage_copies.use_change_mark(newest_onstage_entry_id)
