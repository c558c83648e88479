from django.apps import AppConfig

# The surrogate key of every page showing curated links.
NEWS = "news"


class NewsConfig(AppConfig):
    name = "news"
    verbose_name = "News"

    def ready(self) -> None:
        from core import roles
        from core.pagecache import surrogate

        surrogate.register_kind(self.label, NEWS)
        roles.grant(
            roles.EDITORS,
            {
                "news.view_outlet",
                "news.view_curatedlink",
                "news.add_curatedlink",
                "news.view_candidate",  # read-only: urgent headlines are emailed to editors too
            },
        )
        roles.grant(
            roles.MODERATORS,
            {
                "news.view_outlet",
                "news.add_outlet",
                "news.change_outlet",
                "news.view_curatedlink",
                "news.add_curatedlink",
                "news.change_curatedlink",
                "news.moderate_curatedlink",
                "news.view_candidate",
                "news.change_candidate",
                "news.view_feed",
                "news.add_feed",
                # Edit and pause; deleting a feed takes its headlines: superusers only.
                "news.change_feed",
            },
        )
