from django.urls import path

from warstatus.audit import views
from warstatus.audit.syndication import UpdatesFeed

app_name = "audit"
urlpatterns = [
    path("changelog/", views.changelog, name="changelog"),
    path("feeds/updates.xml", UpdatesFeed(), name="updates-feed"),
]
