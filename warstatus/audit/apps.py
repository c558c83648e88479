from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "warstatus.audit"
    label = "audit"
    verbose_name = "Audit log"
