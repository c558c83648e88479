from django.apps import AppConfig


class CoreConfig(AppConfig):
    """The library every app uses: an app so Django finds its template tags, and so an
    address axes locks out is refused early (core/signin_limits.py)."""

    name = "core"
    verbose_name = "Core"

    def ready(self) -> None:
        from axes.signals import user_locked_out

        from core import signin_limits
        from core.pagecache import surrogate

        user_locked_out.connect(
            signin_limits.remember_address_lockout, dispatch_uid="early-lockout"
        )
        # Sign-ins, sessions and lockouts show on no public page.
        for framework_app in ("auth", "sessions", "axes"):
            surrogate.register_kind(framework_app, None)
