from django.urls import path

from warstatus.audit import views
from warstatus.audit.syndication import UpdatesFeed
from warstatus.public_cache import cached_public

app_name = "audit"
urlpatterns = [
    path("changelog/", views.changelog, name="changelog"),
    path("feeds/updates.xml", cached_public(UpdatesFeed()), name="updates-feed"),
]
