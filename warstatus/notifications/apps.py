from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "warstatus.notifications"
    label = "notifications"
    verbose_name = "Staff notifications"
