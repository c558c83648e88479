from django.apps import AppConfig


class SubscriptionsConfig(AppConfig):
    name = "subscriptions"
    label = "subscriptions"
    verbose_name = "Subscriptions and webhooks"

    def ready(self) -> None:
        from audit.hooks import on_public_entry
        from core import roles
        from core.pagecache import surrogate
        from status.preview import on_preview
        from subscriptions import wording
        from subscriptions.outbox import record_announcement

        on_public_entry(record_announcement)
        on_preview(wording.preview)  # the status composer shows readers' email before it goes
        surrogate.register_kind(self.label, None)  # readers' addresses show on no page
        # How each change reached readers (editors are emailed when one is stuck), and a
        # resend of what failed; readers' addresses stay hidden (no view_subscriber).
        roles.grant(
            roles.EDITORS,
            self.label,
            view=["announcement", "digest", "emaildelivery", "webhookdelivery"],
            resend=["announcement"],
        )
