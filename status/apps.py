from django.apps import AppConfig

# The surrogate key of every page showing the verdict, the indicators or the checks.
STATUS = "status"


class StatusConfig(AppConfig):
    name = "status"
    verbose_name = "Status"

    def ready(self) -> None:
        from core import roles
        from core.pagecache import surrogate

        roles.grant(
            roles.EDITORS,
            self.label,
            view=[
                "verdict",
                "verdictproposal",
                "indicatorproposal",
                "statusproposal",
                "check",
                "indicator",
            ],
            add=["verdict", "check", "indicator"],
            change=["indicator"],
        )
        surrogate.register_kind(self.label, STATUS)
