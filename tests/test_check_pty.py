"""`cmaplan check` on a real terminal (pexpect): the picker, and closing a finished checklist."""

from __future__ import annotations

import sys
import tomllib
from pathlib import Path
from typing import Any

import pexpect
import pytest

from tests.conftest import EXAMPLES, cli, finish, spawn_cmaplan

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX"),
]
DOWN, SPACE, ENTER, ESC = "\x1b[B", " ", "\r", "\x1b"
TODAY = "2027-01-10"


def spawn(plan: Path, *args: str) -> pexpect.spawn:
    return spawn_cmaplan(plan, TODAY, *args)


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    path = tmp_path / "plan.toml"
    answers = str(EXAMPLES / "high-school-student.toml")
    cli("init", "--answers", answers, env={"CMAPLAN_PLAN": str(path), "CMAPLAN_TODAY": TODAY})
    return path


def steps(plan: Path) -> dict[str, dict[str, Any]]:
    return {s["id"]: s for s in tomllib.loads(plan.read_text())["steps"]}


def test_the_picker_marks_steps_and_ticks_items(plan: Path) -> None:
    child = spawn(plan, "check")
    child.expect_exact("Tick what you have done")
    child.expect_exact("Choose an accredited program (choose-program)")
    for key in (SPACE, DOWN, SPACE, DOWN, DOWN, SPACE, ENTER):
        child.send(key)
    child.expect_exact("Marked choose-program done on 2027-01-10.")
    child.expect_exact("Ticked choose-program.1.")
    child.expect_exact("Ticked choose-program.3.")
    child.expect_exact("First CMA job:")
    assert finish(child) == 0
    choose = steps(plan)["choose-program"]
    assert choose["done"] is True
    assert choose["ticked"] == [1, 3]


def test_the_picker_can_untick(plan: Path) -> None:
    cli("check", "volunteer.1", env={"CMAPLAN_PLAN": str(plan), "CMAPLAN_TODAY": TODAY})
    child = spawn(plan, "check")
    child.expect_exact("Keep a log of hours")
    # the picker's own order: the open steps, most urgent first, each with its items
    from datetime import date

    from cmaplan.core.schedule import forecast
    from cmaplan.core.tracking import picker_entries
    from cmaplan.storage import store
    from cmaplan.storage.files import Files

    loaded = store.load_plan(Files(), plan, date.fromisoformat(TODAY))
    keys = [e.value for e in picker_entries(forecast(loaded, date.fromisoformat(TODAY)))]
    for key in (DOWN,) * keys.index("volunteer.1") + (SPACE, ENTER):
        child.send(key)
    child.expect_exact("Unticked volunteer.1.")
    assert finish(child) == 0
    assert "ticked" not in steps(plan)["volunteer"]


def test_esc_in_the_picker_changes_nothing(plan: Path) -> None:
    before = plan.read_bytes()
    child = spawn(plan, "check")
    child.expect_exact("Tick what you have done")
    child.send(SPACE)
    child.send(ESC)
    child.expect_exact("cmaplan: interrupted; nothing was changed.")
    assert finish(child) == 130
    assert plan.read_bytes() == before


def test_a_finished_checklist_offers_to_close_the_step(plan: Path) -> None:
    child = spawn(plan, "check", "volunteer.1", "volunteer.2")
    child.expect_exact("Every item of volunteer is ticked. Mark the step done?")
    child.send("y")
    child.expect_exact("Marked volunteer done on 2027-01-10.")
    assert finish(child) == 0
    assert steps(plan)["volunteer"]["done"] is True


def test_declining_to_close_keeps_the_step_open(plan: Path) -> None:
    child = spawn(plan, "check", "volunteer.1", "volunteer.2")
    child.expect_exact("Mark the step done?")
    child.send("n")
    assert finish(child) == 0
    assert steps(plan)["volunteer"]["done"] is False
    assert steps(plan)["volunteer"]["ticked"] == [1, 2]
