from django.apps import AppConfig

# The surrogate key of every page showing the incidents record.
INCIDENTS = "incidents"


class IncidentsConfig(AppConfig):
    name = "incidents"
    verbose_name = "Incidents record"

    def ready(self) -> None:
        from core import roles
        from core.pagecache import surrogate

        # Sources and attributions are only ever added (a source leaves only a draft),
        # and a published incident changes only by a correction.
        records = ["incident", "source", "attribution"]
        roles.grant(
            roles.EDITORS,
            self.label,
            view=[*records, "correction"],
            add=records,
            change=["incident"],
            publish=["incident"],
            delete=["source"],
        )
        surrogate.register_kind(self.label, INCIDENTS)

        from incidents.models import Incident
        from incidents.translated import INCIDENT, INCIDENT_FIELDS
        from translations.registry import register

        register(kind=INCIDENT, model=Incident, fields=INCIDENT_FIELDS, whole=True)
