"""The answer box tells the story of the last change; triggers come before signals."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from status import services
from status.last_change import last_change, reason_line
from status.models import Indicator, IndicatorKind, State, Verdict
from tests.conftest import drop_cached_pages
from tests.factories import EDITORS, make_user
from tests.status.factories import NATO_SOURCE, make_check, make_indicators, make_verdict

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")


def _change(answer: str, reason: str, state: str = State.HYBRID_CONFLICT, **extra) -> Verdict:
    return services.change_verdict(
        user=None,
        state=state,
        answer=answer,
        headline="Hybrid conflict, short of war.",
        summary="Drones and sabotage continue.",
        reason=reason,
        **extra,
    )


def _box(client) -> str:
    page = client.get("/").content.decode()
    return page[page.index('<section class="verdict') : page.index("</section>")]


def test_after_a_change_the_answer_box_says_when_from_what_to_what_and_why(client):
    make_verdict(effective_at=timezone.now() - timedelta(days=40))
    verdict = _change("Not formally", "Allies agreed a joint response\nto the drone incursions.")
    box = " ".join(_box(client).split())
    when = timezone.localtime(verdict.effective_at)
    shown = f"{when:%-d %B %Y, %H:%M} {when.tzname()}"
    assert "<strong>Changed <time datetime=" in box and f">{shown}</time>:</strong>" in box
    assert (
        "from No to Not formally — Allies agreed a joint response to the drone incursions." in box
    )
    assert 'href="/status/history/">Verdict history</a>' in box
    assert "Unchanged since" not in box


def test_a_change_that_keeps_the_short_answer_says_what_moved_instead(client):
    make_verdict()
    _change("No", "Estonia asked for Article 4 consultations.", State.ARTICLE4_CONSULTATIONS)
    box = " ".join(_box(client).split())
    assert "still No, now “Article 4 consultations under way” (was “No state of war”)" in box


def test_the_first_verdict_is_unchanged_since_its_date_with_the_time_only_on_its_day(client):
    make_verdict(effective_at=datetime(2026, 3, 3, 9, 30, tzinfo=LONDON))
    assert "Unchanged since <time" in _box(client)
    assert ">3 March 2026</time>" in _box(client)
    Verdict.objects.update(effective_at=timezone.now())
    drop_cached_pages()  # a bare update, not a service: nothing told the page cache
    today = timezone.localtime(Verdict.objects.get().effective_at)
    assert f">{today:%-d %B %Y, %H:%M} {today.tzname()}</time>" in _box(client)


def test_today_ends_at_uk_midnight_so_the_cached_page_drops_the_time_then():
    verdict = Verdict(
        state=State.NO_WAR, answer="No", effective_at=datetime(2026, 7, 1, 23, 30, tzinfo=LONDON)
    )
    change = last_change(verdict, None, now=datetime(2026, 7, 1, 23, 45, tzinfo=LONDON))
    assert change.today and change.shown_until == datetime(2026, 7, 2, tzinfo=LONDON)
    tomorrow = last_change(verdict, None, now=datetime(2026, 7, 2, 0, 1, tzinfo=LONDON))
    assert not tomorrow.today and tomorrow.shown_until is None


def test_a_long_reason_is_one_line_in_the_box_and_whole_on_the_history_page(client):
    make_verdict()
    reason = "Allies met in the North Atlantic Council. " * 10
    _change("Not formally", reason)
    assert reason_line(reason).endswith("…") and len(reason_line(reason)) <= 161
    assert reason_line(reason) in _box(client)
    assert reason.strip() in client.get("/status/history/").content.decode()


def test_what_would_change_the_answer_is_the_verdicts_own_sentence_not_the_templates(client):
    make_verdict()
    _change("Not formally", "Drones.", outlook="A formal invocation of Article 5 would.")
    page = client.get("/").content.decode()
    assert '<p class="outlook">A formal invocation of Article 5 would.</p>' in page
    _change("No", "Talks ended.", State.NO_WAR)  # no outlook written: none shown
    page = client.get("/").content.decode()
    assert 'class="outlook"' not in page and "If a material change occurs" not in page


def test_a_proposal_carries_its_outlook_through_the_second_editors_approval(settings):

    settings.VERDICT_FOUR_EYES = True
    make_verdict()
    first, second = (make_user(n, role=EDITORS) for n in ("ed1", "ed2"))
    proposal = services.propose_verdict(
        user=first,
        state=State.HYBRID_CONFLICT,
        answer="Not formally",
        headline="h",
        summary="s",
        reason="r",
        outlook="Article 5 would change it.",
    )
    verdict = services.approve_proposal(user=second, proposal=proposal)
    assert verdict.outlook == "Article 5 would change it."


def test_triggers_come_right_after_the_answer_and_signals_after_the_summary(client):
    verdict = make_verdict()
    make_check(verdict=verdict)
    trigger, signal = make_indicators(2)
    Indicator.objects.filter(pk=trigger.pk).update(kind=IndicatorKind.TRIGGER)
    page = client.get("/").content.decode()
    order = [
        page.index('class="verdict'),
        page.index("What would change the answer"),
        page.index(f'id="indicator-{trigger.key}"'),
        page.index("The answer in plain English"),
        page.index("Also watched"),
        page.index(f'id="indicator-{signal.key}"'),
    ]
    assert order == sorted(order)
    assert '<p class="chip chip-not_met">No</p>' in page


def test_an_editor_can_make_an_indicator_a_trigger_through_the_service():
    (indicator,) = make_indicators(1)
    assert indicator.kind == IndicatorKind.SIGNAL
    updated = services.update_indicator(
        user=None,
        indicator=indicator,
        state=indicator.state,
        state_label=indicator.state_label,
        note=indicator.note,
        sources=[NATO_SOURCE],
        expected_version=indicator.version,
        kind=IndicatorKind.TRIGGER,
    )
    assert updated.kind == IndicatorKind.TRIGGER
    # Leaving it out keeps it: forms that don't show the field change nothing.
    again = services.update_indicator(
        user=None,
        indicator=updated,
        state=updated.state,
        state_label="Still no",
        note=updated.note,
        sources=[NATO_SOURCE],
        expected_version=updated.version,
    )
    assert again.kind == IndicatorKind.TRIGGER
