"""axe-core on the newsroom's own screens: the headline inbox and a proposal's page."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone

from news.models import Candidate, Feed
from status import services
from status.models import Indicator
from tests.browser.conftest import log_in, make_staff

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_no_axe_violations_on_the_inbox_and_a_proposal(page, launched, settings):
    settings.VERDICT_FOUR_EYES = True
    make_staff("Moderators", "mo")
    alice, bob = make_staff("Editors", "alice"), make_staff("Editors", "bob")
    Candidate.objects.create(
        feed=Feed.objects.first(),
        guid="g1",
        url="https://www.bbc.co.uk/news/world-1",
        canonical_url="https://www.bbc.co.uk/news/world-1",
        title="NATO jets scrambled",
        summary="Allied jets intercepted two aircraft.",
        score=9,
        urgent=True,
        published_at=timezone.now(),
    )
    indicator = Indicator.objects.get(key="article-5")
    proposal = services.propose_indicator(
        user=alice,
        indicator=indicator,
        expected_version=indicator.version,
        state="watch",
        state_label="Under discussion",
        note="Allies are discussing it.",
        sources=[{"url": "https://www.nato.int/", "title": "NATO"}],
    )
    axe, problems = Axe(), {}
    for user, path in (
        ("mo", "/admin/news/candidate/inbox/"),
        (bob.username, f"/admin/status/indicatorproposal/{proposal.pk}/change/"),
    ):
        page.context.clear_cookies()
        log_in(page, user)
        page.goto(path)
        results = axe.run(page)
        if results.violations_count:
            problems[path] = results.generate_report()
    assert not problems, "\n\n".join(f"{p}:\n{r}" for p, r in problems.items())
