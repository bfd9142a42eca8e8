"""Findings 4, 10 and 12 of the newcomer review of #22, each an example of a class, as CLI runs
with exit codes across years: a working MA short only of Category 4's work hours is planned
through those hours and the review (class hours, which cannot grow, are never told "once your
hours meet"); a program accredited by another body is not flatly "not eligible", and no export
calls it accredited or ticks its choice; a Category 4 plan reads as one (no program, pace,
externship or "again")."""

from __future__ import annotations

import json
import math
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import answers_file, cli, make_profile

YEARS = [2026, 2028, 2030]


def _category4(tmp_path: Path, year: int, **hours: object) -> dict[str, str]:
    env = {"CMAPLAN_TODAY": f"{year}-06-10"}
    answers = answers_file(
        tmp_path, f"{year}-03-02", experience="uncertified-ma", finished_ma_program=True,
        program_contact_hours=600, program_practicum_hours=0, **hours,
    )  # fmt: skip
    cli("init", "--answers", str(answers), "--force", env=env)
    return env


@pytest.mark.parametrize("year", YEARS)
def test_a_working_ma_short_of_the_work_hours_works_them_then_has_the_review(
    tmp_path: Path, year: int
) -> None:
    env = _category4(tmp_path, year, ma_work_hours=800)
    timeline = json.loads(cli("timeline", "--json", env=env).stdout)
    ids = [s["id"] for s in timeline["steps"]]
    assert "alternative-work" in ids
    assert "alternative-review" in ids
    assert "coursework" not in ids
    assert "choose-program" not in ids
    assert ids.index("alternative-work") < ids.index("alternative-review")
    work = cli("show", "alternative-work", env=env).stdout
    flat = " ".join(work.split())
    assert "You gave 800 hours, so 200 hours remain" in flat
    assert "30–40 hours a week (our assumption" in flat  # the assumption, said
    assert "5–7 weeks" in flat
    said = " ".join(cli("show", "other-credentials", env=env).stdout.split())
    assert "you gave 800 hours, which is 200 hours short" in said  # which number, by how much
    assert "once your hours meet" not in said
    flat = " ".join(cli("compare", env=env).stdout.split())
    assert "The accredited programs below are the other way" in flat
    rows = json.loads(cli("compare", "--json", env=env).stdout)["routes"]
    assert rows[0]["route"].startswith("work the remaining MA hours, then Category 4")
    assert rows[0]["current"]
    assert not any(r["current"] for r in rows[1:])
    assert "certificate, full-time" in [r["route"] for r in rows]  # the program route, beside it
    # the short route is the plan's, and it comes well before the program's
    assert rows[0]["first_job"]["expected"] < rows[1]["first_job"]["expected"]


@pytest.mark.parametrize("year", YEARS)
def test_class_hours_of_a_finished_program_are_never_told_to_grow(
    tmp_path: Path, year: int
) -> None:
    env = _category4(tmp_path, year, ma_work_hours=800)
    answers = answers_file(
        tmp_path, f"{year}-03-02", experience="uncertified-ma", finished_ma_program=True,
        program_contact_hours=400, program_practicum_hours=0, ma_work_hours=800,
    )  # fmt: skip
    cli("init", "--answers", str(answers), "--force", env=env)
    said = " ".join(cli("show", "other-credentials", env=env).stdout.split())
    assert "you gave 400 hours, which is 160 hours short" in said
    assert "cannot gain class hours" in said
    assert "once your hours meet" not in said
    ids = [s["id"] for s in json.loads(cli("timeline", "--json", env=env).stdout)["steps"]]
    assert "coursework" in ids
    assert "alternative-work" not in ids


@pytest.mark.parametrize("year", YEARS)
def test_a_category4_plan_reads_as_one(tmp_path: Path, year: int) -> None:
    env = _category4(tmp_path, year, ma_work_hours=1200)
    status = cli("status", env=env).stdout
    assert "certificate program" not in status.split("\n")[0]
    assert "Category 4" in status.split("\n")[0]
    assert "Completing students" not in cli("show", "exam-apply", env=env).stdout
    assert "externship contacts" not in cli("show", "job-search", env=env).stdout
    exam = " ".join(cli("show", "exam", env=env).stdout.split())
    assert "accredited program again" not in exam
    assert "complete a program that CAAHEP or ABHES accredits" in exam
    routes = " ".join(cli("compare", env=env).stdout.split())
    assert "you need no other program" in routes  # and it says why none is listed
    rows = json.loads(cli("compare", "--json", env=env).stdout)["routes"]
    assert [r["route"] for r in rows] == ["your finished program, Category 4 review (full-time)"]


def _other_body(year: int) -> dict[str, str]:
    env = {"CMAPLAN_TODAY": f"{year}-06-01"}
    cli("init", "--example", "high-school-student", "--force", env=env)
    cli(
        "program", "add", "Deac Online", "--type", "certificate", "--accreditor", "DEAC",
        "--months", "9", "--starts", f"{year}-08-03", "--cost", "4000", env=env,
    )  # fmt: skip
    cli(
        "program", "add", "Mystery U", "--type", "certificate", "--starts", f"{year}-08-03", env=env
    )
    return env


@pytest.mark.parametrize("year", YEARS)
def test_another_accreditor_leaves_category4_and_is_never_called_accredited(
    plan_path: Path, year: int
) -> None:
    env = _other_body(year)
    cli("program", "choose", "Deac Online", env=env)
    shown = json.loads(cli("program", "compare", "--json", env=env).stdout)["programs"]
    deac = next(p for p in shown if p["name"] == "Deac Online")
    assert deac["route"] == "not Category 1 or 2; Category 4 may remain (ask)"
    for command in (("program", "compare"), ("compare",)):
        assert "not eligible for the CMA" not in " ".join(cli(*command, env=env).stdout.split())
    markdown = cli("export", "markdown", "-o", "-", env=env).stdout
    assert "- [x] **Choose an accredited program**" not in markdown
    assert "[x] Confirm the program is listed by CAAHEP or ABHES" not in markdown
    assert "## Accredited program" not in markdown  # the phase over its coursework
    assert "## The program you chose" in markdown
    ics = cli("export", "ics", "-o", "-", env=env).stdout
    assert "accredited program starts" not in ics
    assert "CATEGORIES:Accredited program" not in ics
    assert "Accredited program" not in cli("timeline", env=env).stdout
    status = cli("status", env=env).stdout
    day = f"{year}-06-01"
    assert f"settled: expected {day}" not in status  # not today, as if it were done
    assert "earlier" not in status  # no good news for a step simply due
    late = {"CMAPLAN_TODAY": f"{year}-10-15"}  # the route step is overdue: never "expected today"
    headline = " ".join(cli("status", env=late).stdout.split())
    assert f"settled: expected {year}-10-15" not in headline
    assert "Route to the exam settled: not yet, due " in headline
    assert " days late" in headline


@pytest.mark.parametrize("year", YEARS)
def test_a_program_of_unknown_route_gets_no_intake_to_hurry_for(plan_path: Path, year: int) -> None:
    env = _other_body(year)
    cli("program", "choose", "Mystery U", env=env)
    status = cli("status", env=env).stdout
    assert "before" not in " ".join(status.split()).split("Heads-up")[-1].split("Route to")[0]
    assert (
        "- [x] **Choose an accredited program**"
        not in cli("export", "markdown", "-o", "-", env=env).stdout
    )


@settings(max_examples=40, deadline=None)
@given(
    day=st.dates(
        min_value=date(2026, 1, 1), max_value=date(2031, 6, 30)
    ),  # within the answers' horizon
    worked=st.integers(min_value=0, max_value=999),
    pace=st.sampled_from(["full-time", "part-time"]),
)
def test_the_work_still_to_do_is_dated_from_the_hours_and_comes_before_the_review(
    day: date, worked: int, pace: str
) -> None:
    from cmaplan.core.compare import routes
    from cmaplan.core.pathway import thresholds
    from cmaplan.core.planner import build_plan
    from cmaplan.core.schedule import forecast

    profile = make_profile(
        start_date=day, pace=pace, experience="uncertified-ma", finished_ma_program=True,
        program_contact_hours=600, program_practicum_hours=0, ma_work_hours=worked,
    )  # fmt: skip
    plan = build_plan(profile, today=day)
    result = forecast(plan, day)
    work, review = result.get("alternative-work"), result.get("alternative-review")
    low, high = (30, 40) if pace == "full-time" else (15, 25)
    missing = thresholds().work - worked
    assert (work.window.earliest - day).days == math.ceil(missing / high * 7)
    assert (work.window.latest - day).days == math.ceil(missing / low * 7)
    assert review.start >= work.window.expected
    assert "coursework" not in plan.ids
    found = routes(plan, day)
    assert found[0].is_current
    program_route = next(r for r in found if r.label == f"certificate, {pace}")
    assert program_route.eligibility.route == "standard"  # the program route, beside it
    assert found[0].finish.expected < program_route.finish.expected
