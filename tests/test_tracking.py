"""Recording progress: targets, dates, ticks, notes, warnings and history."""

from __future__ import annotations

from datetime import date

import pytest

from cmaplan.commands.wording import option_message
from cmaplan.core.errors import FieldError, UsageError
from cmaplan.core.model import Plan
from cmaplan.core.planner import build_plan
from cmaplan.core.schedule import forecast
from cmaplan.core.tracking import (
    HISTORY_KEEP,
    Target,
    parse_target,
    picked_changes,
    picker_entries,
    record,
)
from tests.conftest import TODAY, make_profile, worded

LATER = date(2027, 2, 10)


def _plan() -> Plan:
    return build_plan(make_profile(foreign_medical_degree=True), today=TODAY)


@pytest.mark.parametrize(
    ("text", "target"),
    [
        ("externship", Target("externship")),
        ("choose-program.2", Target("choose-program", 2)),
        (" resume.1 ", Target("resume", 1)),
    ],
)
def test_targets_are_steps_or_items(text: str, target: Target) -> None:
    assert parse_target(_plan(), text) == target


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("extern", 'no step "extern". Did you mean "externship"'),
        ("choose-program.0", "has items 1 to 6; choose-program.0 is not one of them"),
        ("choose-program.7", "has items 1 to 6"),
        ("graduate.2", 'step "graduate" has only item 1; graduate.2 is not one of them'),
        ("first-job.1", 'step "first-job" has no checklist'),
    ],
)
def test_bad_targets_are_refused(text: str, message: str) -> None:
    with pytest.raises(UsageError) as caught:
        parse_target(_plan(), text)
    assert message in caught.value.message


def test_marking_records_history_and_reports() -> None:
    outcome = record(_plan(), [Target("choose-program")], today=LATER)
    assert outcome.plan.progress["choose-program"].done_on == LATER
    assert outcome.said == ("Marked choose-program done on 2027-02-10.",)
    change = outcome.plan.history[-1]
    assert (change.on, change.step, change.action, change.detail) == (
        LATER,
        "choose-program",
        "done",
        "2027-02-10",
    )


def test_marking_out_of_order_is_allowed_but_said() -> None:
    outcome = record(_plan(), [Target("translation")], today=LATER)
    assert outcome.plan.progress["translation"].done_on == LATER
    assert any("usually comes after transcripts" in line for line in outcome.said)


def test_marking_again_without_a_date_changes_nothing() -> None:
    once = record(_plan(), [Target("resume")], today=LATER).plan
    again = record(once, [Target("resume")], today=date(2027, 3, 1))
    assert again.plan == once
    assert again.said == ("resume was already done on 2027-02-10.",)


def test_on_moves_the_done_date() -> None:
    once = record(_plan(), [Target("resume")], today=LATER).plan
    moved = record(once, [Target("resume")], today=LATER, on=date(2027, 1, 5)).plan
    assert moved.progress["resume"].done_on == date(2027, 1, 5)


@pytest.mark.parametrize("on", [date(2027, 2, 11), date(2027, 3, 1)])
def test_impossible_done_dates_are_refused(on: date) -> None:
    """The core names the field, the day and the limit; `check` words it as its --on."""
    with pytest.raises(FieldError) as caught:
        record(_plan(), [Target("resume")], today=LATER, on=on)
    error = caught.value
    assert (error.field, error.value, error.problem, error.detail) == ("on", on, "ahead", LATER)
    assert option_message(error) == (
        f"--on {on} is in the future; you can only mark what is done (today is {LATER})"
    )


@pytest.mark.parametrize("on", [date(2026, 11, 25), date(2025, 3, 1), date(2027, 2, 10)])
def test_any_past_day_is_a_valid_done_day(on: date) -> None:
    """Work done before the plan was made (transcripts ordered last month) can be recorded."""
    plan = record(_plan(), [Target("transcripts")], today=LATER, on=on).plan
    assert plan.progress["transcripts"].done_on == on


def test_undo_reopens_and_says_when_there_was_nothing_to_undo() -> None:
    done = record(_plan(), [Target("resume")], today=LATER).plan
    reopened = record(done, [Target("resume"), Target("exam")], today=LATER, undo=True)
    assert "resume" not in reopened.plan.progress
    assert reopened.said == ("Reopened resume.", "exam was not done.")
    assert reopened.plan.history[-1].action == "reopened"


def test_ticking_items_and_completing_a_checklist() -> None:
    plan = _plan()
    items = len(worded(plan)["resume"].checklist)
    first = record(plan, [Target("resume", 1)], today=LATER)
    assert first.plan.progress["resume"].ticked == {1}
    assert first.complete == ()
    rest = record(first.plan, [Target("resume", n) for n in range(2, items + 1)], today=LATER)
    assert rest.complete == ("resume",)
    assert rest.plan.progress["resume"].done_on is None  # closing is offered, not done


def test_unticking_an_item() -> None:
    ticked = record(_plan(), [Target("resume", 2)], today=LATER).plan
    unticked = record(ticked, [Target("resume", 2)], today=LATER, undo=True)
    assert "resume" not in unticked.plan.progress
    assert unticked.said == ("Unticked resume.2.",)
    assert unticked.plan.history[-1].action == "unticked"


def test_a_note_is_kept_with_the_mark_and_can_be_cleared() -> None:
    noted = record(_plan(), [Target("resume")], today=LATER, note="ask Dr. Lee").plan
    assert noted.progress["resume"].note == "ask Dr. Lee"
    assert noted.progress["resume"].done_on == LATER
    cleared = record(noted, [Target("resume")], today=LATER, note="", mark_steps=False)
    assert cleared.plan.progress["resume"].note == ""
    assert cleared.said == ("Cleared the note of resume.",)


def test_a_note_alone_does_not_mark_the_step() -> None:
    noted = record(_plan(), [Target("exam")], today=LATER, note="book early", mark_steps=False)
    assert noted.plan.progress["exam"].done_on is None
    assert noted.plan.progress["exam"].note == "book early"


def test_history_keeps_the_newest_changes() -> None:
    plan = _plan()
    for _ in range(HISTORY_KEEP // 2 + 5):
        plan = record(plan, [Target("resume")], today=LATER).plan
        plan = record(plan, [Target("resume")], today=LATER, undo=True).plan
    assert len(plan.history) == HISTORY_KEEP
    assert plan.history[-1].action == "reopened"


def test_picker_lists_open_steps_most_urgent_first_with_their_items() -> None:
    plan = record(_plan(), [Target("transcripts"), Target("choose-program", 3)], today=LATER).plan
    entries = picker_entries(forecast(plan, LATER))
    values = [e.value for e in entries]
    assert "transcripts" not in values  # done
    assert values[0] == "choose-program"  # overdue on 2027-02-10
    assert values[1:7] == [f"choose-program.{n}" for n in range(1, 7)]
    assert [e.checked for e in entries[1:7]] == [False, False, True, False, False, False]
    assert entries[0].label.startswith("! Choose an accredited program (choose-program), due")


def test_picked_changes_are_new_ticks_and_removed_ticks() -> None:
    plan = record(_plan(), [Target("choose-program", 3)], today=LATER).plan
    entries = picker_entries(forecast(plan, LATER))
    marks, unmarks = picked_changes(plan, entries, {"translation", "choose-program.1"})
    assert marks == [Target("choose-program", 1), Target("translation")]
    assert unmarks == [Target("choose-program", 3)]
