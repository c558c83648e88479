from django.urls import path

from audit import views
from audit.apps import CHANGELOG, LINKED_KINDS
from audit.syndication import UpdatesFeed
from core.pagecache import cached_public

app_name = "audit"
urlpatterns = [
    path("changelog/", views.changelog, name="changelog"),
    path(
        "feeds/updates.xml",
        cached_public(UpdatesFeed(), keys=(CHANGELOG, *LINKED_KINDS)),
        name="updates-feed",
    ),
    path("api/audit/checkpoint.json", views.checkpoint, name="checkpoint"),
]
