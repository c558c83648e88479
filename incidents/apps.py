from django.apps import AppConfig

# The surrogate key of every page showing the incidents record.
INCIDENTS = "incidents"


class IncidentsConfig(AppConfig):
    name = "incidents"
    verbose_name = "Incidents record"

    def ready(self) -> None:
        from core import roles
        from core.pagecache import surrogate

        surrogate.register_kind(self.label, INCIDENTS)
        # Sources and attributions are only ever added (a source leaves only a draft),
        # and a published incident changes only by a correction.
        roles.grant(
            roles.EDITORS,
            {
                "incidents.view_incident",
                "incidents.add_incident",
                "incidents.change_incident",
                "incidents.publish_incident",
                "incidents.view_source",
                "incidents.add_source",
                "incidents.delete_source",
                "incidents.view_attribution",
                "incidents.add_attribution",
                "incidents.view_correction",
            },
        )
