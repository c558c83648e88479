from django.urls import path

from pages.about import about

app_name = "pages"

urlpatterns = [
    path("about/", about, name="about"),
]
