from django.apps import AppConfig


class SubscriptionsConfig(AppConfig):
    name = "warstatus.subscriptions"
    label = "subscriptions"
    verbose_name = "Subscriptions and webhooks"
