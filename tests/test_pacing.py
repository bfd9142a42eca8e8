"""The hours a week set every study step's length: more hours never lengthen one, and no step
is shorter than the hours it needs at the hours given (core/pacing.py, core/durations.py)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cmaplan.core.durations import duration_days, program_shortfall, step_duration
from cmaplan.core.knowledge import load_knowledge
from cmaplan.core.model import Program
from cmaplan.core.pacing import least_days, needed_hours
from cmaplan.core.planner import build_plan
from cmaplan.core.profile import parse_profile, profile_to_dict
from cmaplan.core.schedule import forecast
from tests.conftest import TODAY, answers_file, cli, init_on, make_profile

KB = load_knowledge()
HOURS = st.integers(min_value=1, max_value=80)
PROGRAMS = st.sampled_from(["certificate", "associate"])
PACES = st.sampled_from(["full-time", "part-time"])


def _lengths(hours: int, program: str, pace: str) -> dict[str, tuple[float, float]]:
    profile = make_profile(study_hours=hours, program=program, pace=pace)
    out = {}
    for template in KB.steps:
        duration = step_duration(template, profile, Program(program), KB)
        if duration.kind == "range":
            out[template.id] = duration_days(duration)
    return out


@settings(max_examples=60, deadline=None)
@given(HOURS, HOURS, PROGRAMS, PACES)
def test_more_hours_never_lengthen_a_step(a: int, b: int, program: str, pace: str) -> None:
    fewer, more = sorted((a, b))
    slow, fast = _lengths(fewer, program, pace), _lengths(more, program, pace)
    for step, (short, long) in fast.items():
        assert short <= slow[step][0] + 0.5, step
        assert long <= slow[step][1] + 0.5, step


@settings(max_examples=60, deadline=None)
@given(HOURS, PROGRAMS, PACES)
def test_no_step_is_shorter_than_its_hours_at_the_pace(hours: int, program: str, pace: str) -> None:
    """When the hours fall short of the program's schedule, each of its steps takes at least
    its hours at the person's pace; hours that cover it keep the program's own length."""
    profile = make_profile(study_hours=hours, program=program, pace=pace)
    if program_shortfall(profile, Program(program), KB) is None:
        return
    lengths = _lengths(hours, program, pace)
    for template in KB.steps:
        needed = needed_hours(template.spec, Program(program), KB)
        if needed is None:
            continue
        short, long = lengths[template.id]
        least = least_days(needed, hours)
        assert short >= least - 1, (template.id, short, least)
        assert long >= short


@settings(max_examples=40, deadline=None)
@given(HOURS, PROGRAMS, PACES)
def test_the_dated_program_takes_at_least_its_hours(hours: int, program: str, pace: str) -> None:
    profile = make_profile(study_hours=hours, program=program, pace=pace)
    if program_shortfall(profile, Program(program), KB) is None:
        return
    plan = build_plan(profile, today=TODAY)
    dated = forecast(plan, TODAY)
    for template in KB.steps:
        needed = needed_hours(template.spec, Program(program), KB)
        if needed is None:
            continue
        item = dated.get(template.id)
        assert (item.window.expected - item.start).days >= least_days(needed, hours) - 1


def test_five_hours_a_week_cannot_keep_a_full_time_program() -> None:
    profile = make_profile(study_hours=5)
    short = program_shortfall(profile, Program.CERTIFICATE, KB)
    assert short is not None
    assert short.needed_per_week >= 13
    practicum = step_duration(
        next(t for t in KB.steps if t.spec.hours == "externship_hours"),
        profile,
        Program.CERTIFICATE,
        KB,
    )
    assert duration_days(practicum)[0] >= 32 * 7 - 1  # 160 hours at 5 a week


@settings(max_examples=40, deadline=None)
@given(HOURS, PROGRAMS, PACES)
def test_the_whole_program_takes_at_least_its_hours(hours: int, program: str, pace: str) -> None:
    """Coursework and externship together never take less than their hours at the pace, at
    their longest (the program's own length) or, when short, at their shortest too."""
    profile = make_profile(study_hours=hours, program=program, pace=pace)
    lengths = _lengths(hours, program, pace)
    total = sum(needed_hours(t.spec, Program(program), KB) or 0 for t in KB.steps)
    ids = [t.id for t in KB.steps if t.spec.hours is not None]
    longest = sum(lengths[i][1] for i in ids)
    shortest = sum(lengths[i][0] for i in ids)
    assert longest >= least_days(total, hours) - 2
    if program_shortfall(profile, Program(program), KB) is not None:
        assert shortest >= least_days(total, hours) - 2


@pytest.mark.parametrize(
    ("hours", "pace", "program", "warned"),
    [
        (5, "full-time", "certificate", True),
        (5, "part-time", "certificate", True),
        (20, "full-time", "certificate", False),
        (10, "part-time", "certificate", False),
        (10, "part-time", "associate", False),
        (8, "full-time", "associate", True),
    ],
    ids=["5h-full", "5h-part", "20h-full", "10h-part", "10h-part-associate", "8h-full-associate"],
)
def test_the_pace_warning_says_what_the_program_needs(
    hours: int, pace: str, program: str, warned: bool
) -> None:
    profile = make_profile(study_hours=hours, pace=pace, program=program)
    short = program_shortfall(profile, Program(program), KB)
    assert (short is not None) is warned
    plan = build_plan(profile, today=TODAY)
    words = " ".join(forecast(plan, TODAY).get("coursework").warnings)
    assert ("it asks for about" in words) is warned
    if short is not None:
        assert f"about {short.needed_per_week} hours a week" in words


@pytest.mark.parametrize("year", [2026, 2028, 2031])
def test_the_cli_warns_at_five_hours_a_week(tmp_path: Path, year: int) -> None:
    answers = answers_file(tmp_path, f"{year}-03-01", study_hours=5)
    env = {"CMAPLAN_TODAY": f"{year}-02-01"}
    made = cli("init", "--answers", str(answers), "--force", env=env)
    assert "At 5 hours a week" in made.stdout
    shown = cli("show", "coursework", env=env)
    assert "it asks for about 14 hours a week" in " ".join(shown.stdout.split())
    assert cli("show", "externship", env=env).exit_code == 0


@settings(max_examples=50, deadline=None)
@given(
    HOURS,
    PROGRAMS,
    PACES,
    st.dates(min_value=date(2026, 1, 1), max_value=date(2034, 12, 31)),
)
def test_exam_prep_never_shares_the_hours_the_externship_takes(
    hours: int, program: str, pace: str, today: date
) -> None:
    """Review of #22: at 5 hours a week the externship took all of them, yet exam-prep ran
    beside it "about 5 hours a week", counting the same hours twice."""
    base = profile_to_dict(make_profile(study_hours=hours, program=program, pace=pace))
    profile = parse_profile({**base, "start_date": today}, today=today)
    dated = forecast(build_plan(profile, today=today), today)
    prep, externship = dated.get("exam-prep"), dated.get("externship")
    words = " ".join(prep.step.why)
    if program_shortfall(profile, Program(program), KB) is not None:
        assert prep.start >= externship.due  # begins when the externship ends
        assert prep.window.earliest >= externship.window.earliest
        assert "begins when the externship ends" in words
        assert "not counted twice" in words
    else:  # the school's own timetable fits the hours: the study may run beside the externship
        assert prep.start == dated.get("coursework").due
        assert "externship ends" not in words


@pytest.mark.parametrize("year", [2026, 2029, 2033])
@pytest.mark.parametrize(("hours", "after"), [(5, True), (8, True), (20, False), (40, False)])
def test_the_cli_starts_exam_prep_after_an_externship_that_takes_every_hour(
    tmp_path: Path, year: int, hours: int, after: bool
) -> None:
    start = f"{year}-09-07"
    env = init_on(tmp_path, start, study_hours=hours)
    data = json.loads(cli("timeline", "--json", env=env).stdout)
    steps = {s["id"]: s for s in data["steps"]}
    prep, externship = steps["exam-prep"], steps["externship"]
    assert (prep["start"] >= externship["due"]) is after
    shown = " ".join(cli("show", "exam-prep", env=env).stdout.split())
    assert (
        f"At {hours} hours a week, the externship's 160 hours take every hour" in shown
    ) is after
