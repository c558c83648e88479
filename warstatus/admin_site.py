from django.contrib import admin
from django.contrib.admin.apps import AdminConfig


class NewsroomAdminSite(admin.AdminSite):
    site_header = "warstatus newsroom"
    site_title = "warstatus admin"
    index_title = "Newsroom"
    site_url = "/"

    def get_urls(self):
        from django.urls import path

        from notifications.views import my_notifications

        view = self.admin_view(lambda request: my_notifications(request, self))
        return [path("my-notifications/", view, name="my_notifications"), *super().get_urls()]

    def index(self, request, extra_context=None):
        from pages.dashboard import needs_attention

        return super().index(
            request, {"attention": needs_attention(request.user), **(extra_context or {})}
        )


class NewsroomAdminConfig(AdminConfig):
    default_site = "warstatus.admin_site.NewsroomAdminSite"
