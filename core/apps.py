from django.apps import AppConfig


class CoreConfig(AppConfig):
    """The library every app uses; an app only so Django finds its template tags."""

    name = "core"
    verbose_name = "Core"
