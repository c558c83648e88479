from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "warstatus.audit"
    label = "audit"
    verbose_name = "Audit log"

    def ready(self) -> None:
        from warstatus.audit import signin  # noqa: F401  (connects the sign-in receivers)
