from explainers.models import Explainer


def home_explainers(limit: int = 6) -> list[Explainer]:
    return list(Explainer.objects.published().in_order()[:limit])
