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

        from audit.syndication import register_entry_texts
        from status.feed_texts import verdict_entry_texts
        from status.models import Indicator, Verdict
        from status.translated import INDICATOR, INDICATOR_FIELDS, VERDICT, VERDICT_FIELDS
        from translations.registry import register

        # The verdict's translation needs a second translator, as the English verdict
        # needs a second editor.
        # Readers see the verdict in force and the one it replaced (the answer box).
        register(
            kind=VERDICT,
            model=Verdict,
            fields=VERDICT_FIELDS,
            whole=True,
            four_eyes=lambda: True,
            readers_see=lambda: Verdict.objects.newest_first()[:2],
        )
        # An indicator is shown whole, like the answer box; its translation goes live at
        # once (its English went through the editors' own review).
        register(kind=INDICATOR, model=Indicator, fields=INDICATOR_FIELDS, whole=True)
        register_entry_texts(verdict_entry_texts)
