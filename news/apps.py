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
        # Editors read the headlines (urgent ones are emailed to them too) and suggest links.
        links = ["outlet", "curatedlink"]
        roles.grant(roles.EDITORS, self.label, view=[*links, "candidate"], add=["curatedlink"])
        # Feeds are edited and paused; deleting one takes its headlines: superusers only.
        roles.grant(
            roles.MODERATORS,
            self.label,
            view=[*links, "candidate", "feed"],
            add=[*links, "feed"],
            change=[*links, "candidate", "feed"],
            moderate=["curatedlink"],
        )
