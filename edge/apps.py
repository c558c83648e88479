from django.apps import AppConfig


class EdgeConfig(AppConfig):
    name = "edge"
    label = "edge"
    verbose_name = "Shared caches (Varnish, CDN)"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from audit.hooks import on_content_change
        from edge.services import queue_purges

        on_content_change(queue_purges)
