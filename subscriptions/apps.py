from django.apps import AppConfig


class SubscriptionsConfig(AppConfig):
    name = "subscriptions"
    label = "subscriptions"
    verbose_name = "Subscriptions and webhooks"

    def ready(self) -> None:
        from audit.hooks import on_public_entry
        from subscriptions.tasks import announce_after_commit

        on_public_entry(announce_after_commit)
