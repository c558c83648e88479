from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "audit"
    label = "audit"
    verbose_name = "Audit log"

    def ready(self) -> None:
        from audit import signin  # noqa: F401  (connects the sign-in receivers)
