from django.apps import AppConfig

# The surrogate key of the pages listing every public change (the changelog, its feed).
CHANGELOG = "changelog"
# The kinds of object it links to while they are live (explainers.apps.EXPLAINERS,
# news.apps.NEWS), so a publish there changes its links: named here in words, since
# the audit log sits below those apps and imports none of them.
LINKED_KINDS = ("explainers", "news")
# The group of those who read the whole log (the chief editor, beside their other role).
AUDIT_READERS = "Audit readers"


class AuditConfig(AppConfig):
    name = "audit"
    label = "audit"
    verbose_name = "Audit log"

    def ready(self) -> None:
        from audit import signin  # noqa: F401  (connects the sign-in receivers)
        from audit.selectors import newest_onstage_entry_id
        from core import cache_version, roles
        from core.pagecache import outage_copies, surrogate

        # The content version every cached page is compared with: the newest entry
        # that may have changed a page, read from the database (no cache must accept
        # a write for a change to reach readers).
        cache_version.use_mark(newest_onstage_entry_id)
        # While Redis is away, pages are served from each process's copies as long as
        # no entry that may change a page has been recorded since.
        outage_copies.use_change_mark(newest_onstage_entry_id)
        surrogate.register_public_record(CHANGELOG)
        roles.define_role(AUDIT_READERS, called="audit-reader")
        roles.grant(AUDIT_READERS, self.label, view=["auditentry"])
