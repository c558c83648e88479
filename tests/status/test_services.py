"""Checks, verdict changes and indicator edits, each with its audit entry."""

import pytest
from django.core.exceptions import ValidationError

from audit.models import Action, AuditEntry
from core.concurrency import StaleEdit
from status import services
from status.models import Check, Indicator, Outcome, State, Verdict
from tests.status.factories import NATO_SOURCE, make_indicators, make_verdict

pytestmark = pytest.mark.django_db


def test_recording_a_check_moves_last_checked_and_writes_one_public_entry(editor):
    verdict = make_verdict()
    check = services.record_check(user=editor, note="Read NATO and Reuters.", consulted="nato.int")
    assert Check.objects.newest() == check
    assert check.verdict == verdict and check.outcome == Outcome.NO_CHANGE
    entries = list(AuditEntry.objects.all())
    assert len(entries) == 1
    entry = entries[0]
    assert (entry.action, entry.public, entry.actor) == (Action.CHECKED, True, editor)
    assert 'remains "No"' in entry.summary


def test_changing_the_verdict_writes_one_public_entry_with_the_reason(editor):
    make_verdict()
    verdict = services.change_verdict(
        user=editor,
        state=State.ARTICLE4_CONSULTATIONS,
        answer="No",
        headline="Allies are consulting under Article 4.",
        summary="Consultations are talks, not war.",
        reason="Poland requested Article 4 consultations this morning.",
    )
    assert Verdict.objects.current() == verdict
    assert Check.objects.newest().outcome == Outcome.VERDICT_CHANGED
    entry = AuditEntry.objects.get()
    assert entry.action == Action.VERDICT_CHANGED
    assert entry.public is True
    assert entry.note == "Poland requested Article 4 consultations this morning."
    assert entry.changes["state"] == [State.NO_WAR, State.ARTICLE4_CONSULTATIONS]


@pytest.mark.parametrize("reason", ["", "   \n "])
def test_a_verdict_without_a_reason_is_refused_and_nothing_is_saved(editor, reason):
    first = make_verdict()
    with pytest.raises(ValidationError) as refused:
        services.change_verdict(
            user=editor,
            state=State.STATE_OF_WAR,
            answer="Yes",
            headline="War.",
            summary="War.",
            reason=reason,
        )
    assert "reason" in refused.value.message_dict
    assert list(Verdict.objects.all()) == [first]
    assert not Check.objects.exists()
    assert not AuditEntry.objects.exists()


def test_the_first_verdict_needs_no_reason():
    verdict = services.change_verdict(
        user=None, state=State.NO_WAR, answer="No", headline="h", summary="s", reason=""
    )
    assert Verdict.objects.current() == verdict
    assert AuditEntry.objects.get().actor is None


def test_an_indicator_edit_from_a_stale_copy_is_refused_and_keeps_the_other_edit(editor):
    (indicator,) = make_indicators(1)
    services.update_indicator(
        user=editor,
        indicator=indicator,
        state="watch",
        state_label="Ongoing",
        note="First editor's note.",
        sources=[NATO_SOURCE],
        expected_version=1,
    )
    with pytest.raises(StaleEdit) as stale:
        services.update_indicator(
            user=editor,
            indicator=indicator,
            state="met",
            state_label="Yes",
            note="Second editor's note, from an old tab.",
            sources=[NATO_SOURCE],
            expected_version=1,
        )
    assert stale.value.current.note == "First editor's note."
    indicator.refresh_from_db()
    assert (indicator.note, indicator.version) == ("First editor's note.", 2)
    assert AuditEntry.objects.count() == 1


def test_a_check_on_a_verdict_since_replaced_is_a_stale_edit_carrying_the_new_verdict(editor):
    seen = make_verdict(answer="No")
    newer = services.change_verdict(
        user=None, state=State.STATE_OF_WAR, answer="Yes", headline="h", summary="s", reason="r"
    )
    with pytest.raises(StaleEdit, match="The verdict changed after you opened the page") as stale:
        services.record_check(user=editor, note="All quiet.", seen_verdict_id=seen.pk)
    assert stale.value.current == newer
    assert not Check.objects.filter(note="All quiet.").exists()


def test_an_indicator_edit_needs_a_note(editor):
    (indicator,) = make_indicators(1)
    with pytest.raises(ValidationError):
        services.update_indicator(
            user=editor,
            indicator=indicator,
            state="met",
            state_label="Yes",
            note=" ",
            sources=[NATO_SOURCE],
            expected_version=1,
        )
    assert Indicator.objects.get().state == "not_met"


@pytest.mark.django_db(transaction=True)
def test_two_editors_publishing_at_once_from_the_same_page_publish_one_verdict(editor):
    import threading

    from django.db import connection

    seen = services.change_verdict(
        user=None, state=State.NO_WAR, answer="No", headline="First.", summary="s", reason=""
    )
    outcomes: list[str] = []
    start = threading.Barrier(4)

    def publish(n: int) -> None:
        try:
            start.wait()
            services.change_verdict(
                user=editor,
                state=State.STATE_OF_WAR,
                answer="Yes",
                headline=f"Editor {n}.",
                summary="s",
                reason="r",
                seen_verdict_id=seen.pk,
            )
            outcomes.append("published")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=publish, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["published", "refused", "refused", "refused"]
    assert Verdict.objects.count() == 2
    newest = Verdict.objects.current()
    entry = AuditEntry.objects.filter(action=Action.VERDICT_CHANGED).latest("id")
    assert entry.changes["headline"] == ["First.", newest.headline]  # diffed against the right one


def test_a_check_claiming_a_verdict_on_a_site_without_one_is_refused_with_a_message(editor):
    with pytest.raises(ValidationError, match="it is now unset"):
        services.record_check(user=editor, seen_verdict_id=12345)
    assert not Check.objects.exists()
