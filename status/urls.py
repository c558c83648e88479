from django.urls import path

from status import views

app_name = "status"
urlpatterns = [
    path("", views.home, name="home"),
    path("status/history/", views.history, name="history"),
    path("api/status.json", views.api_status, name="api"),
    path("badge.svg", views.badge, name="badge"),
    path("share.png", views.share_image, name="share_image"),
]
