from django.apps import AppConfig

# The surrogate key of every page showing the verdict, the indicators or the checks.
STATUS = "status"


class StatusConfig(AppConfig):
    name = "status"
    verbose_name = "Status"

    def ready(self) -> None:
        from core import roles
        from core.pagecache import surrogate

        surrogate.register_kind(self.label, STATUS)
        roles.grant(
            roles.EDITORS,
            {
                "status.view_verdict",
                "status.add_verdict",
                "status.view_verdictproposal",
                "status.view_indicatorproposal",
                "status.view_check",
                "status.add_check",
                "status.view_indicator",
                "status.change_indicator",
                "status.add_indicator",
            },
        )
