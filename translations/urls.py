from django.urls import path

from core.pagecache import cached_public
from translations import views

app_name = "translations"

# The keys name the registered kinds, all registered by now (apps are ready before
# the URLconf is first read).
urlpatterns = [
    path(
        "translations/",
        cached_public(keys=views.page_keys())(views.status_page),
        name="status",
    ),
]
