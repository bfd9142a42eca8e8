"""The history actions' table: every action has its meaning, and the code reads it from there."""

from __future__ import annotations

from datetime import date

import pytest
from rich.console import Console

from cmaplan.core.actions import MEANINGS, history_words, meaning, recorded
from cmaplan.core.model import ACTIONS, Action, Change, with_changes
from cmaplan.core.planner import build_plan
from cmaplan.core.tracking import Target, forget_notes, record
from cmaplan.views.render import history_view
from tests.conftest import TODAY, make_profile

LATER = date(2027, 2, 10)


def test_every_action_has_exactly_one_entry() -> None:
    assert list(MEANINGS) == list(ACTIONS)
    assert all(meaning(a).words for a in ACTIONS)


@pytest.mark.parametrize("action", ACTIONS)
def test_an_action_is_taken_back_by_an_action_that_check_cannot_take_back(action: Action) -> None:
    undone = meaning(action).undone_as
    if undone is None:
        with pytest.raises(ValueError, match="not taken back"):
            recorded(action, undo=True)
    else:
        assert recorded(action, undo=True) == undone
        assert meaning(undone).undone_as is None
    assert recorded(action, undo=False) == action


def test_check_and_its_undo_record_the_actions_of_the_table() -> None:
    plan = build_plan(make_profile(), today=TODAY)
    done = record(plan, [Target("choose-program"), Target("resume", 1)], today=LATER).plan
    undone = record(done, [Target("choose-program"), Target("resume", 1)], today=LATER, undo=True)
    actions = [c.action for c in undone.plan.history]
    assert actions == ["done", "ticked", "reopened", "unticked"]


def test_the_history_view_words_each_entry_from_the_table() -> None:
    plan = build_plan(make_profile(), today=TODAY)
    plan = with_changes(
        plan,
        Change(LATER, "exam", "done", "2027-02-01"),
        Change(LATER, "exam", "renewed", "2030-01-01"),
    )
    console = Console(width=120, record=True, color_system=None)
    console.print(history_view(plan))
    out = console.export_text()
    assert "marked done" in out
    assert "on 2027-02-01" in out
    assert "recertified" in out
    assert "renewed" not in out
    assert history_words("program edited", "A → B") == ("program changed", "A → B")


def test_forgetting_notes_rewords_only_the_private_actions() -> None:
    plan = with_changes(
        build_plan(make_profile(), today=TODAY),
        Change(LATER, "resume", "note", "my secret text"),
        Change(LATER, "resume", "ticked", "item 1"),
    )
    assert [a for a in ACTIONS if meaning(a).private] == ["note"]
    kept = forget_notes(plan, ["resume"]).history
    assert [c.detail for c in kept[-2:]] == ["changed", "item 1"]
