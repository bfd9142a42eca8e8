"""The limits of the exam, from the command line and across years (core/attempts.py,
core/waiting.py, the planner's after-attempts step): the last failed attempt ends the plan at
what remains, an exam day the rules forbid is refused wherever the exam is marked, and a retake
waits for the failed attempt's testing period (found by the newcomer review of #22)."""

from __future__ import annotations

import json
import tempfile
import tomllib
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import answers_file, cli

STARTS = st.dates(date(2026, 1, 5), date(2034, 12, 1))
YEARS = [2026, 2029, 2033]


def env(folder: Path, today: date) -> dict[str, str]:
    return {"CMAPLAN_PLAN": str(folder / "plan.toml"), "CMAPLAN_TODAY": today.isoformat()}


def graduate(folder: Path, start: date) -> None:
    """A graduate of an accredited program (six weeks before `start`) whose plan starts then."""
    answers = answers_file(folder, start.isoformat(), graduated_on=start - timedelta(days=45))
    cli("init", "--answers", str(answers), env=env(folder, start))


def day(start: date, days: int) -> str:
    return (start + timedelta(days=days)).isoformat()


def timeline(folder: Path, today: date) -> dict[str, object]:
    data: dict[str, object] = json.loads(cli("timeline", "--json", env=env(folder, today)).stdout)
    return data


# --- the last attempt ---------------------------------------------------------------------------


def three_failures(folder: Path, start: date, today: date) -> None:
    """Three applications, each followed by a failed attempt after the wait before it."""
    for applied, failed in ((6, 40), (100, 200), (210, 300)):
        cli("check", "exam-apply", "--on", day(start, applied), env=env(folder, today))
        cli("check", "exam", "--failed", "--on", day(start, failed), env=env(folder, today))


@settings(max_examples=6, deadline=None)
@given(start=STARTS)
def test_after_the_last_attempt_nothing_is_applied_for_paid_or_dated(start: date) -> None:
    today = start + timedelta(days=310)
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        graduate(folder, start)
        three_failures(folder, start, today)
        status = " ".join(cli("status", env=env(folder, today)).stdout.split())
        assert "after-attempts" in status
        assert "only by completing an accredited" in status
        assert "Planned" not in status  # a finish of another kind: nothing to compare with
        refused = cli("ceu", code=64, env=env(folder, today)).stderr
        assert "no exam attempt is left" in refused
        for gone in ("Apply for the CMA", "$", "First CMA job", "Category 1", "CMA (AAMA) since"):
            assert gone not in status, gone
        data = timeline(folder, today)
        assert data["exam"] is None
        assert data["credential"] is None
        steps = {s["id"]: s for s in data["steps"]}  # type: ignore[attr-defined]
        assert list(steps) == ["exam", "after-attempts"]
        assert steps["exam"]["status"] == "closed"
        assert data["eligibility"]["reaches_exam"] is False  # type: ignore[index]
        shown = " ".join(cli("timeline", env=env(folder, today)).stdout.split())
        assert "expires" not in shown
        assert "first-job" not in shown
        for kind in ("markdown", "ics"):
            exported = cli("export", kind, env=env(folder, today)).stdout
            assert "Apply for the CMA (AAMA) exam" not in exported
            assert "expires" not in exported
            assert "Start your first job" not in exported
        remains = " ".join(cli("show", "after-attempts", env=env(folder, today)).stdout.split())
        assert "complete it again" in remains
        assert "RMA (AMT)" in remains
        plan = (folder / "plan.toml").read_bytes()
        refused = cli("check", "exam-apply", code=64, env=env(folder, today)).stderr
        assert "show after-attempts" in refused
        assert len(refused.strip().splitlines()) == 1
        cli("check", "exam", "--on", today.isoformat(), code=64, env=env(folder, today))
        assert (folder / "plan.toml").read_bytes() == plan
        cli("check", "exam", "--failed", "--undo", env=env(folder, today))  # two failures again
        back = timeline(folder, today)
        assert "exam-apply" in {s["id"] for s in back["steps"]}  # type: ignore[attr-defined]
        assert back["exam"] is not None


@pytest.mark.parametrize("year", YEARS)
def test_the_last_failure_says_there_is_no_retake(tmp_path: Path, year: int) -> None:
    start = date(year, 2, 1)
    today = start + timedelta(days=310)
    graduate(tmp_path, start)
    for applied, failed in ((6, 40), (100, 200)):
        cli("check", "exam-apply", "--on", day(start, applied), env=env(tmp_path, today))
        cli("check", "exam", "--failed", "--on", day(start, failed), env=env(tmp_path, today))
    cli("check", "exam-apply", "--on", day(start, 210), env=env(tmp_path, today))
    said = cli("check", "exam", "--failed", "--on", day(start, 300), env=env(tmp_path, today))
    assert "That was your last attempt" in said.stdout
    assert "open again" not in said.stdout


# --- exam days the rules forbid -----------------------------------------------------------------


@pytest.mark.parametrize("year", YEARS)
@pytest.mark.parametrize("failed", [False, True], ids=["passed", "failed"])
def test_no_exam_day_before_the_application(tmp_path: Path, year: int, failed: bool) -> None:
    start = date(year, 1, 4)
    graduate(tmp_path, start)
    today = env(tmp_path, start + timedelta(days=20))
    plan = (tmp_path / "plan.toml").read_bytes()
    extra = ["--failed"] if failed else []
    for on in (day(start, -1), day(start, 10)):
        refused = cli("check", "exam", *extra, "--on", on, code=64, env=today).stderr
        assert "no one tests before applying" in refused
        assert len(refused.strip().splitlines()) == 1
    assert (tmp_path / "plan.toml").read_bytes() == plan
    assert "CMA (AAMA) since" not in cli("status", env=today).stdout
    cli("check", "exam-apply", "--on", day(start, 5), env=today)
    cli("check", "exam", *extra, "--on", day(start, 10), env=today)


def alternative(folder: Path, start: date) -> None:
    answers = answers_file(
        folder, start.isoformat(), experience="uncertified-ma", finished_ma_program=True,
        program_contact_hours=600, program_practicum_hours=0, ma_work_hours=1200,
    )  # fmt: skip
    cli("init", "--answers", str(answers), env=env(folder, start))


@pytest.mark.parametrize("year", YEARS)
def test_category_4_tests_only_after_the_review(tmp_path: Path, year: int) -> None:
    start = date(year, 3, 2)
    alternative(tmp_path, start)
    today = env(tmp_path, start + timedelta(days=60))
    plan = (tmp_path / "plan.toml").read_bytes()
    for args in (("exam",), ("exam-apply", "exam"), ("exam", "--failed")):
        refused = cli("check", *args, "--on", day(start, 3), code=64, env=today).stderr
        assert "document review comes before" in refused, args
    assert (tmp_path / "plan.toml").read_bytes() == plan
    cli("check", "alternative-review", "--on", day(start, 20), env=today)
    refused = cli("check", "exam-apply", "--on", day(start, 10), code=64, env=today).stderr
    assert "document review comes before registering" in refused  # #22: no application before it
    cli("check", "exam-apply", "--on", day(start, 21), env=today)
    refused = cli("check", "exam", "--on", day(start, 15), code=64, env=today).stderr
    assert f"after the application, made on {day(start, 21)}" in refused
    cli("check", "exam", "--on", day(start, 25), env=today)


@pytest.mark.parametrize("year", YEARS)
def test_a_student_tests_only_once_a_program_is_chosen(tmp_path: Path, year: int) -> None:
    start = date(year, 1, 4)
    answers = answers_file(tmp_path, start.isoformat())
    cli("init", "--answers", str(answers), env=env(tmp_path, start))
    today = env(tmp_path, start + timedelta(days=126))
    on = day(start, 117)
    plan = (tmp_path / "plan.toml").read_bytes()
    for args in (("graduate", "exam"), ("graduate", "exam-apply", "exam")):
        refused = cli("check", *args, "--on", on, code=64, env=today).stderr
        assert "no program is chosen yet" in refused, args
    refused = cli("check", "exam", "--failed", "--on", on, code=64, env=today).stderr
    assert "no program is chosen yet" in refused
    assert (tmp_path / "plan.toml").read_bytes() == plan
    cli("check", "choose-program", "graduate", "exam-apply", "exam", "--on", on, env=today)
    assert f"CMA (AAMA) since {on}" in cli("status", env=today).stdout


# --- the wait before a retake -------------------------------------------------------------------


@settings(max_examples=8, deadline=None)
@given(start=STARTS, applied=st.integers(0, 30), taken=st.integers(5, 80))
def test_a_retake_waits_for_the_testing_period(start: date, applied: int, taken: int) -> None:
    failed = applied + taken
    wait_ends = start + timedelta(days=applied + 90)  # the 90-day period from the application
    today = start + timedelta(days=failed + 5)
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        graduate(folder, start)
        cli("check", "exam-apply", "--on", day(start, applied), env=env(folder, today))
        cli("check", "exam", "--failed", "--on", day(start, failed), env=env(folder, today))
        shown = " ".join(cli("show", "exam", env=env(folder, today)).stdout.split())
        assert f"the retake can be on {wait_ends} at the earliest" in shown
        steps = {s["id"]: s for s in timeline(folder, today)["steps"]}  # type: ignore[attr-defined]
        application, exam = steps["exam-apply"], steps["exam"]
        assert date.fromisoformat(application["due"]) > wait_ends  # a fresh due day
        assert application["due"] != day(start, applied)
        assert date.fromisoformat(exam["due"]) > date.fromisoformat(application["due"])
        status = cli("status", env=env(folder, today)).stdout
        assert "late" not in status.split("exam-apply")[1].splitlines()[0]
        later = env(folder, wait_ends + timedelta(days=10))
        cli("check", "exam-apply", "--on", wait_ends.isoformat(), env=later)
        before = (wait_ends - timedelta(days=1)).isoformat()
        refused = cli("check", "exam", "--on", before, code=64, env=later).stderr
        assert f"the earliest day is {wait_ends}" in refused
        cli("check", "exam", "--on", wait_ends.isoformat(), env=later)


# --- nothing recorded is lost -------------------------------------------------------------------


@pytest.mark.parametrize("year", YEARS)
def test_what_the_last_attempt_sets_aside_is_kept_and_comes_back(tmp_path: Path, year: int) -> None:
    start = date(year, 2, 1)
    today = env(tmp_path, start + timedelta(days=310))
    graduate(tmp_path, start)
    cli("check", "resume", "--on", day(start, 3), "--note", "sent to two clinics", env=today)
    three_failures(tmp_path, start, start + timedelta(days=310))
    cli("check", "exam-apply.1", code=64, env=today)  # not in the plan now
    saved = tomllib.loads((tmp_path / "plan.toml").read_text("utf-8"))
    resume = next(s for s in saved["steps"] if s["id"] == "resume")
    assert resume["done_on"] == date.fromisoformat(day(start, 3))
    assert resume["note"] == "sent to two clinics"
    cli("status", env=today)  # the plan file with the set-aside steps loads
    cli("check", "exam", "--failed", "--undo", env=today)
    steps = {s["id"]: s for s in timeline(tmp_path, start + timedelta(days=310))["steps"]}  # type: ignore[attr-defined]
    assert steps["resume"]["done"] is True


@pytest.mark.parametrize("year", YEARS)
def test_a_plan_the_previous_release_saved_after_three_failures_loads(
    tmp_path: Path, year: int
) -> None:
    """The previous release kept every step after the third failure, with what was recorded on
    them (a done resume, ticks on the reopened application); such a file still loads."""
    start = date(year, 2, 1)
    today = env(tmp_path, start + timedelta(days=310))
    graduate(tmp_path, start)
    cli("check", "resume", "exam-apply.1", "--on", day(start, 3), env=today)
    for applied, failed in ((6, 40), (100, 200)):
        cli("check", "exam-apply", "--on", day(start, applied), env=today)
        cli("check", "exam", "--failed", "--on", day(start, failed), env=today)
    file = tmp_path / "plan.toml"
    text = file.read_text("utf-8")
    old = f"failed = [\n    {day(start, 40)},\n    {day(start, 200)},\n]"
    assert old in text
    file.write_text(text.replace(old, old.replace("\n]", f"\n    {day(start, 300)},\n]")), "utf-8")
    status = cli("status", env=today).stdout
    assert "after-attempts" in status
    assert "Apply for the CMA" not in status
    cli("check", "after-attempts.2", env=today)  # and saves, keeping the resume
    saved = tomllib.loads(file.read_text("utf-8"))
    assert {"resume", "exam-apply"} <= {s["id"] for s in saved["steps"]}
