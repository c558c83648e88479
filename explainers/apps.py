from django.apps import AppConfig

# The surrogate keys of the pages showing explainers and the FAQ; an explainer's own
# page also carries `object_key(EXPLAINER, pk)`.
EXPLAINERS = "explainers"
FAQ = "faq"
EXPLAINER = "explainer"
# The translatable kinds (translations.registry): a page, and a FAQ question with its answer.
QUESTION = "question"


class ExplainersConfig(AppConfig):
    name = "explainers"
    verbose_name = "Explainers and FAQ"

    def ready(self) -> None:
        from core import roles
        from core.pagecache import surrogate

        surrogate.register_kind(
            self.label, EXPLAINERS, models={"question": FAQ}, own_pages={"explainer": EXPLAINER}
        )
        pages = ["explainer", "question"]
        roles.grant(roles.EDITORS, self.label, view=[*pages, "revision"], add=pages, change=pages)

        from explainers.models import Explainer, Question
        from translations.registry import register
        from translations.text import section_key

        def sections(explainer: Explainer) -> dict[str, str]:
            return {
                section_key(section["source"]): section["source"]
                for section in explainer.body_sections or []
            }

        # Each body section is translated apart, keyed by its English (§2.3 of
        # docs/design/languages.md): an edit sends back only what it changed.
        register(kind=EXPLAINER, model=Explainer, fields=("title", "summary"), extra_texts=sections)
        register(kind=QUESTION, model=Question, fields=("question", "answer"), markdown=("answer",))
