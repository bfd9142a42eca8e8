"""What people see: the timeline, status and show views on recorded consoles."""

from __future__ import annotations

import io
import re
import tomllib
from datetime import date, timedelta
from typing import Any

import pytest
from rich.console import Console

from cmaplan.core.model import Plan, Status
from cmaplan.core.planner import build_plan, mark
from cmaplan.core.profile import parse_profile
from cmaplan.core.schedule import forecast
from cmaplan.views.chart import Timeline
from cmaplan.views.daily import daily_view
from cmaplan.views.render import duration_words, status_view, step_view
from tests.conftest import EXAMPLES, TODAY

ANSI = re.compile(r"\x1b\[[0-9;]*m")
PERSONAS = ["img-residency", "high-school-student", "part-time-career-changer", "undecided-cna"]


def persona_plan(name: str) -> Plan:
    data = tomllib.loads((EXAMPLES / f"{name}.toml").read_text())
    return build_plan(parse_profile(data, today=TODAY), today=TODAY)


def mid_program(plan: Plan) -> tuple[Plan, date]:
    """Everything before the coursework done on time, coursework half-way, one step overdue."""
    planned = forecast(plan, TODAY)
    before = [s.step.id for s in planned.steps if s.step.phase == "prepare"]
    # left open: it will be overdue (not one a program asks before day one, moot once enrolled)
    overdue = [i for i in before if not plan.step(i).needed_by][-1]
    before.remove(overdue)
    done = plan
    for step_id in before:
        done = mark(done, [step_id], done_on=planned.get(step_id).due)
    coursework = planned.get("coursework")
    return done, coursework.start + (coursework.due - coursework.start) / 2 if overdue else TODAY


def all_done(plan: Plan) -> tuple[Plan, date]:
    result = forecast(plan, TODAY)
    done = plan
    for item in result.steps:
        done = mark(done, [item.step.id], done_on=min(item.due, date(2040, 1, 1)))
    return done, date(2040, 1, 2)


def render(renderable: Any, width: int, color: bool) -> str:
    console = Console(
        file=io.StringIO(),
        width=width,
        color_system="truecolor" if color else None,
        force_terminal=color,
        record=False,
        highlight=False,
    )
    console.print(renderable)
    return console.file.getvalue()  # type: ignore[attr-defined]


SITUATIONS = {
    "before-start": lambda plan: (plan, TODAY),
    "mid-program": mid_program,
    "all-done": all_done,
}


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("situation", list(SITUATIONS))
@pytest.mark.parametrize("width", [60, 120])
@pytest.mark.parametrize("color", [False, True], ids=["plain", "colour"])
def test_timeline_fits_the_width_and_shows_every_step(
    persona: str, situation: str, width: int, color: bool
) -> None:
    plan, today = SITUATIONS[situation](persona_plan(persona))
    result = forecast(plan, today)
    out = render(Timeline(plan, result, show_all=True), width, color)
    plain = ANSI.sub("", out)
    lines = plain.splitlines()
    assert max(len(line) for line in lines) <= width
    for item in result.steps:
        assert item.step.id in plain, item.step.id
    assert ("\x1b[" in out) is color
    reached = situation == "all-done"
    assert f"{plan.finish_label}: {'reached on' if reached else 'expected'}" in plain
    has_bars = "█" in plain or "░" in plain or "▓" in plain
    assert has_bars is (width == 120)


def test_bars_mark_today_fill_done_steps_and_flag_overdue_ones() -> None:
    plan, today = mid_program(persona_plan("img-residency"))
    result = forecast(plan, today)
    assert [s for s in result.steps if s.status is Status.OVERDUE]
    plain = render(Timeline(plan, result, show_all=True), 120, color=False)
    assert "▼" in plain.splitlines()[2]  # today on the month axis
    assert "│" in plain  # today through the bars
    overdue = [line for line in plain.splitlines() if line.startswith("!")]
    assert overdue
    assert all("▓" in line for line in overdue)
    done = [line for line in plain.splitlines() if line.startswith("✔   ")]
    assert done
    assert all("█" in line or "←" in line for line in done)  # ←: over before the chart opens


@pytest.mark.parametrize("years", [0, 1, 2, 4, 7, 10])
def test_the_chart_follows_today(years: int) -> None:
    """Years into a plan, the chart still shows today, the next twelve months and the next
    open step's due day; it opens at most about three months before today."""
    from datetime import timedelta

    from cmaplan.views.axis import chart_bounds

    plan = persona_plan("img-residency")
    today = TODAY + timedelta(days=round(365.25 * years))
    result = forecast(plan, today)
    first, last = chart_bounds(result)
    assert first <= today
    assert (today - first).days <= 92 + 31
    assert last >= today + timedelta(days=365)
    open_days = [s.due_day for s in result.steps if not s.is_done]
    assert last >= min(open_days)
    plain = render(Timeline(plan, result), 140, color=False)
    assert "▼" in plain.splitlines()[2]  # today on the axis, years in


@pytest.mark.parametrize("width", [100, 140, 200])
def test_today_is_marked_on_every_day_and_no_year_label_is_lost_to_it(width: int) -> None:
    """Every third week of two years: one ▼ on the axis, next year labelled, and while the
    coursework is well under way today's line runs through its bar."""
    from datetime import timedelta

    plan = persona_plan("img-residency")
    planned = forecast(plan, TODAY)
    for step_id in ("transcripts", "translation", "credential-eval", "choose-program"):
        plan = mark(plan, [step_id], done_on=planned.get(step_id).due)
    plan = mark(plan, ["apply-program"], done_on=planned.get("apply-program").due)
    through = 0
    for week in range(0, 104, 3):
        today = TODAY + timedelta(weeks=week)
        result = forecast(plan, today)
        lines = render(Timeline(plan, result), width, color=False).splitlines()
        axis = lines[2]
        assert axis.count("▼") == 1, (today, axis)
        year = today.year + 1
        assert str(year) in axis or f"'{year % 100:02d}" in axis, (today, axis)
        row = next(line for line in lines if " coursework " in line)
        coursework = result.get("coursework")
        if coursework.start + timedelta(days=45) < today < coursework.due - timedelta(days=45):
            assert "│" in row, (today, row)
            through += 1
    assert through >= 3  # the case was seen


def test_the_finish_says_how_far_it_moved_from_the_first_plan() -> None:
    plan = persona_plan("img-residency")
    late = forecast(plan, TODAY).get("transcripts").due.replace(day=1)
    late = date(late.year + 1, late.month, 1)
    plain = render(Timeline(plan, forecast(plan, late)), 120, color=False)
    assert re.search(
        r"Planned \d{4}-\d\d-\d\d → forecast \d{4}-\d\d-\d\d: (\d+ days|about \d+ months) later",
        plain,
    )
    assert " later" not in render(Timeline(plan, forecast(plan, TODAY)), 120, color=False)


def test_a_drift_of_years_is_said_in_months_and_years_not_in_days() -> None:
    from cmaplan.core.drift import Drift

    planned = date(2030, 1, 1)
    spans = (0, 1, -23, 99, 365, 1788, -800)
    said = {days: Drift(planned, planned + timedelta(days=days)).words for days in spans}
    assert said == {
        0: "unchanged",
        1: "1 day later",
        -23: "23 days earlier",
        99: "99 days later",
        365: "about 12 months later",
        1788: "about 4 years and 11 months later",
        -800: "about 2 years and 2 months earlier",
    }


def test_no_bars_and_phase_filter() -> None:
    plan = persona_plan("img-residency")
    result = forecast(plan, TODAY)
    plain = render(Timeline(plan, result, bars=False, phases=["exam"]), 120, color=False)
    assert "░" not in plain
    assert "exam-apply" in plain
    assert "transcripts" not in plain
    assert "Start" in plain


def test_long_done_phases_are_folded_unless_all() -> None:
    plan, today = mid_program(persona_plan("img-residency"))
    result = forecast(plan, today)
    # Every prepare step but one is done; finish that one long ago too.
    open_prep = [s.step.id for s in result.steps if s.step.phase == "prepare" and not s.is_done]
    plan = mark(plan, open_prep, done_on=result.get("coursework").start)
    result = forecast(plan, date(2029, 1, 1))
    folded = render(Timeline(plan, result), 120, color=False)
    prepare = sum(1 for s in result.steps if s.step.phase == "prepare")
    assert prepare >= 5
    assert f"Get ready ({prepare} done)" in folded
    assert "transcripts" not in folded
    assert "--all shows every step" in folded
    unfolded = render(Timeline(plan, result, show_all=True), 120, color=False)
    assert "transcripts" in unfolded


def test_status_view_lists_progress_next_actions_overdue_and_the_file(tmp_path: Any) -> None:
    plan, today = mid_program(persona_plan("img-residency"))
    result = forecast(plan, today)
    plain = render(status_view(daily_view(plan, result), tmp_path / "plan.toml"), 160, color=False)
    done = sum(1 for s in result.steps if s.is_done)
    assert f"{done} of {len(result.steps)} steps done" in plain
    assert re.search(r"due \d{4}-\d\d-\d\d, (\d+ days?|about \d+ months) late", plain)  # said once
    late = [s for s in result.steps if s.late_since is not None]
    assert late
    assert all(plain.count(s.step.title) == 1 for s in late)
    assert "Next" in plain
    assert re.search(r"due \d{4}-\d\d-\d\d \(in \d+ days\)", plain)
    assert f"Plan file: {tmp_path / 'plan.toml'}" in plain
    assert "First CMA job: expected" in plain


def test_status_view_when_all_is_done(tmp_path: Any) -> None:
    plan, today = all_done(persona_plan("high-school-student"))
    plain = render(
        status_view(daily_view(plan, forecast(plan, today)), tmp_path / "p.toml"), 80, False
    )
    assert "Every step is done" in plain
    assert "100%" in plain


def test_show_has_why_checklist_dependencies_dates_note_and_sources() -> None:
    from cmaplan.core.model import Progress
    from cmaplan.core.planner import with_progress

    plan = persona_plan("img-residency")
    plan = with_progress(plan, {"resume": Progress(None, "ask Dr. Lee to review")})
    plain = render(step_view(plan, forecast(plan, TODAY), "resume"), 100, color=False)
    assert "Write your resume" in plain
    assert "International Medical Education" in plain  # why and checklist for an IMG
    assert "☐ 1. " in plain
    assert "tick one: cmaplan check resume.N" in plain
    assert re.search(r"Waits for\s+graduate", plain)
    assert re.search(r"Needed by\s+job-search", plain)
    assert "Note: ask Dr. Lee to review" in plain
    assert "Sources" in plain
    assert "A guide for international medical graduates" in plain
    assert "seeds/" not in plain
    assert "our estimate" in plain


@pytest.mark.parametrize(
    ("step_id", "words"),
    [
        ("transcripts", "1–3 mo*"),
        ("graduate", "—"),
        ("recertify", "deadline"),
        ("exam-apply", "1–2 wk*"),
    ],
)
def test_duration_words(step_id: str, words: str) -> None:
    assert duration_words(persona_plan("img-residency").step(step_id).duration) == words


def test_the_readme_picture_script_draws_the_timeline(tmp_path: Any) -> None:
    import importlib.util

    from tests.conftest import ROOT

    spec = importlib.util.spec_from_file_location(
        "timeline_svg", ROOT / "scripts" / "timeline_svg.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    out = tmp_path / "timeline.svg"
    module.main(out)
    svg = out.read_text()
    assert svg.startswith("<svg")
    assert "apply-program" in svg
    assert (ROOT / "docs" / "timeline.svg").exists()


def test_show_marks_ticked_items() -> None:
    from cmaplan.core.model import Progress
    from cmaplan.core.planner import with_progress

    plan = with_progress(persona_plan("img-residency"), {"resume": Progress(ticked=frozenset({2}))})
    plain = render(step_view(plan, forecast(plan, TODAY), "resume"), 100, color=False)
    assert "☐ 1. " in plain
    assert "☑ 2. " in plain


def test_status_before_the_start_says_when_it_starts(tmp_path: Any) -> None:
    plan = persona_plan("img-residency")
    plain = render(
        status_view(daily_view(plan, forecast(plan, TODAY)), tmp_path / "p.toml"), 100, False
    )
    assert "Your plan starts on 2027-01-04 (in 39 days)." in plain


def test_the_month_axis_labels_every_year_that_starts_on_it() -> None:
    plan = persona_plan("img-residency")
    plain = render(Timeline(plan, forecast(plan, TODAY)), 110, color=False)
    axis = plain.splitlines()[2]
    assert "2027" in axis
    assert "2028" in axis


# --- grid: the daily view's columns without rich's Table ------------------------------------


def _grid_lines(grid: Any, width: int) -> list[str]:
    console = Console(file=io.StringIO(), width=width, color_system=None, legacy_windows=False)
    with console.capture() as captured:
        console.print(grid)
    return captured.get().splitlines()


def test_grid_columns_line_up_in_terminal_cells() -> None:
    from rich.cells import cell_len

    from cmaplan.views.grid import Column, Grid

    grid = Grid("T", Column(True, "", 4), Column())
    grid.add_row("日本語", "x")  # three characters, six cells
    grid.add_row("abcdef", "y")
    lines = _grid_lines(grid, 40)
    assert lines[0] == "T"
    assert [cell_len(line) for line in lines[1:]] == [9, 9]
    assert lines[1].endswith("x")
    assert lines[2] == "abcdef  y"


@pytest.mark.parametrize("width", [10, 14, 20, 30, 50, 80])
def test_grid_stacks_its_cells_when_columns_do_not_fit(width: int) -> None:
    from rich.cells import cell_len

    from cmaplan.views.grid import Column, Grid

    text = "Category 1 ended, so you apply in Category 2 and send a transcript."
    grid = Grid("Heads-up", Column(), Column(), Column(True, "", 20))
    grid.add_row("!", "exam-apply", text)
    lines = _grid_lines(grid, width)
    assert all(cell_len(line) <= max(width, len("! exam-apply")) for line in lines)
    shown = "".join("".join(line.split()) for line in lines[1:])  # a long word may fold
    assert shown == "!exam-apply" + "".join(text.split())
    stacked = width < len("!  exam-apply  ") + 20
    assert ("Category" in lines[1]) is not stacked  # stacked: the text starts under the id
