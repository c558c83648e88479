from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "notifications"
    label = "notifications"
    verbose_name = "Staff notifications"

    def ready(self) -> None:
        from core.pagecache import surrogate

        surrogate.register_kind(self.label, None)  # staff mail shows on no page
