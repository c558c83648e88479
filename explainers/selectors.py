from explainers.models import Explainer


def home_explainers(limit: int = 6) -> list[Explainer]:
    # Title and summary only: the bodies are the bulk of each row and the list shows neither.
    return list(Explainer.objects.published().in_order().only("slug", "title", "summary")[:limit])
