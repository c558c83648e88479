from datetime import timedelta

from django.utils import timezone

from news.models import Outlet, Source, Standing
from status.models import Check, Indicator, IndicatorState, State, Verdict


def make_verdict(**overrides) -> Verdict:
    data = {
        "state": State.NO_WAR,
        "answer": "No",
        "headline": "No formal state of war.",
        "summary": "Article 5 has not been invoked.",
        "reason": "",
        "effective_at": timezone.now() - timedelta(days=3),
    }
    return Verdict.objects.create(**{**data, **overrides})


def invoke_article5(user, answer: str = "Yes") -> Verdict:
    """The worst day's change, through the service an editor's save calls."""
    from status import services

    return services.change_verdict(
        user=user,
        state=State.ARTICLE5_INVOKED,
        answer=answer,
        headline="Article 5 invoked.",
        summary="The North Atlantic Council invoked Article 5.",
        reason="Article 5 was invoked today.",
    )


def make_check(*, age: timedelta = timedelta(hours=1), verdict: Verdict | None = None) -> Check:
    return Check.objects.create(checked_at=timezone.now() - age, verdict=verdict)


def nato() -> Outlet:
    return Outlet.objects.get_or_create(
        domain="nato.int", defaults={"name": "NATO", "standing": Standing.PRIMARY}
    )[0]


NATO_SOURCE = {"title": "NATO", "url": "https://www.nato.int/"}


def make_indicators(count: int) -> list[Indicator]:
    """Indicators as the services leave them: each with a source readers can open."""
    now = timezone.now()
    outlet = nato()
    indicators = Indicator.objects.bulk_create(
        Indicator(
            key=f"indicator-{n}",
            name=f"Indicator {n}",
            state=IndicatorState.NOT_MET,
            state_label="No",
            note=f"Note {n}",
            order=n,
            updated_at=now,
        )
        for n in range(count)
    )
    Source.objects.bulk_create(
        Source(claim=i, url="https://www.nato.int/", title="NATO", outlet=outlet)
        for i in indicators
    )
    return indicators


def posted_sources(*sources: dict) -> dict[str, str]:
    """A verdict form's source rows as the browser posts them (NATO's page by default,
    whose outlet the list then knows as a primary source)."""
    nato()
    sources = sources or (NATO_SOURCE,)
    data = {"sources-TOTAL_FORMS": str(len(sources)), "sources-INITIAL_FORMS": "0"}
    for n, source in enumerate(sources):
        data |= {f"sources-{n}-{name}": value for name, value in source.items()}
    return data
