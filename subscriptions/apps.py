from django.apps import AppConfig


class SubscriptionsConfig(AppConfig):
    name = "subscriptions"
    label = "subscriptions"
    verbose_name = "Subscriptions and webhooks"
