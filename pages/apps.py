from django.apps import AppConfig


class PagesConfig(AppConfig):
    """Pages and commands that span every app: the staff dashboard, sitemap, robots.txt,
    the launch content and staff accounts."""

    name = "pages"
    verbose_name = "Site pages"
