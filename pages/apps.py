from django.apps import AppConfig

# The surrogate key of the about page: the publisher, the named editors, corrections.
ABOUT = "about"


class PagesConfig(AppConfig):
    """Pages and commands that span every app: the staff dashboard, sitemap, robots.txt,
    the about page, the launch content and staff accounts."""

    name = "pages"
    verbose_name = "Site pages"

    def ready(self) -> None:
        from core import roles
        from core.pagecache import surrogate

        surrogate.register_kind(self.label, ABOUT)
        # Public corrections of any page, listed on /about/ (added, never edited).
        roles.grant(roles.EDITORS, self.label, view=["correction"], add=["correction"])
