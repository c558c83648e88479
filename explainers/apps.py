from django.apps import AppConfig

# The surrogate keys of the pages showing explainers and the FAQ; an explainer's own
# page also carries `object_key(EXPLAINER, pk)`.
EXPLAINERS = "explainers"
FAQ = "faq"
EXPLAINER = "explainer"


class ExplainersConfig(AppConfig):
    name = "explainers"
    verbose_name = "Explainers and FAQ"

    def ready(self) -> None:
        from core import roles
        from core.pagecache import surrogate

        surrogate.register_kind(
            self.label, EXPLAINERS, models={"question": FAQ}, own_pages={"explainer": EXPLAINER}
        )
        roles.grant(
            roles.EDITORS,
            {
                "explainers.view_explainer",
                "explainers.add_explainer",
                "explainers.change_explainer",
                "explainers.view_question",
                "explainers.add_question",
                "explainers.change_question",
                "explainers.view_revision",
            },
        )
