from django.urls import path

from audit import views
from audit.syndication import UpdatesFeed
from core.pagecache import cached_public
from core.pagecache.surrogate import CHANGELOG, EXPLAINERS, NEWS

app_name = "audit"
urlpatterns = [
    path("changelog/", views.changelog, name="changelog"),
    path(
        "feeds/updates.xml",
        cached_public(UpdatesFeed(), keys=(CHANGELOG, EXPLAINERS, NEWS)),
        name="updates-feed",
    ),
    path("api/audit/checkpoint.json", views.checkpoint, name="checkpoint"),
    path("api/audit/public-key.pem", views.public_key, name="public-key"),
    path("api/audit/chain.json", views.chain_hashes, name="chain"),
]
