from django.apps import AppConfig


class SubscriptionsConfig(AppConfig):
    name = "subscriptions"
    label = "subscriptions"
    verbose_name = "Subscriptions and webhooks"

    def ready(self) -> None:
        from audit.hooks import on_public_entry
        from core import roles
        from core.pagecache import surrogate
        from subscriptions.outbox import record_announcement

        on_public_entry(record_announcement)
        surrogate.register_kind(self.label, None)  # readers' addresses show on no page
        # How each change reached readers (editors are emailed when one is stuck), and a
        # resend of what failed; readers' addresses stay hidden (no view_subscriber).
        roles.grant(
            roles.EDITORS,
            {
                "subscriptions.view_announcement",
                "subscriptions.view_digest",
                "subscriptions.resend_announcement",
                "subscriptions.view_emaildelivery",
                "subscriptions.view_webhookdelivery",
            },
        )
