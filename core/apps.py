from django.apps import AppConfig


class CoreConfig(AppConfig):
    """The library every app uses: an app so Django finds its template tags, and so the
    cache backend learns, once, what to do when Redis comes back."""

    name = "core"
    verbose_name = "Core"

    def ready(self) -> None:
        from core import cache_version, redis_cache

        redis_cache.after_outage(cache_version.bump_after_outage)
