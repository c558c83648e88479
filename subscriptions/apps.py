from django.apps import AppConfig


class SubscriptionsConfig(AppConfig):
    name = "subscriptions"
    label = "subscriptions"
    verbose_name = "Subscriptions and webhooks"

    def ready(self) -> None:
        from audit.hooks import on_public_entry
        from subscriptions.outbox import record_announcement

        on_public_entry(record_announcement)
