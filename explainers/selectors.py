from datetime import datetime

from explainers.models import Explainer


def home_explainers(*, now: datetime, limit: int = 6) -> list[Explainer]:
    # Title and summary only: the bodies are the bulk of each row and the list shows neither.
    live = Explainer.objects.published(now).in_order()
    return list(live.only("slug", "title", "summary")[:limit])
