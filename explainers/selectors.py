from datetime import datetime

from django.conf import settings

from explainers.models import Explainer
from explainers.translated import ListedExplainer, explainers_in, listed_explainers


def home_explainers(
    *, now: datetime, limit: int = 6, language: str = settings.LANGUAGE_CODE
) -> list[Explainer | ListedExplainer]:
    # Title and summary only: the bodies are the bulk of each row and the list shows neither.
    live = Explainer.objects.published(now).in_order().only("slug", "title", "summary")
    # Their translations into `language` ride on the same query.
    return listed_explainers(explainers_in(live, language=language)[:limit], language=language)
