"""The exam as it happens (core/attempts.py): exam days the rules forbid are refused with the
rule and the earliest day allowed, and nothing is written."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cmaplan.core.attempts import check_exam_day, earliest_exam_day
from cmaplan.core.errors import UsageError
from cmaplan.core.knowledge import load_knowledge
from cmaplan.core.planner import build_plan, mark
from tests.conftest import TODAY, answers_file, cli, make_profile

KB = load_knowledge()


@settings(max_examples=60, deadline=None)
@given(
    graduated=st.dates(date(2019, 1, 1), date(2034, 12, 31)),
    before=st.integers(-400, 400),
)
def test_a_completing_student_tests_at_most_30_days_before_finishing(
    graduated: date, before: int
) -> None:
    today = max(graduated, TODAY) + timedelta(days=30)
    plan = build_plan(make_profile(), today=TODAY)
    before_all = graduated - timedelta(days=500)  # a program chosen and an application made
    plan = mark(plan, [KB.roles.program_choice, KB.roles.exam_application], done_on=before_all)
    plan = mark(plan, [KB.roles.graduation], done_on=graduated)
    day = graduated - timedelta(days=before)
    earliest, rule = earliest_exam_day(plan, today, KB)
    assert earliest == graduated - timedelta(days=30)
    assert "no more than 30 days before finishing coursework and the practicum" in rule
    if before > 30:
        with pytest.raises(UsageError, match=f"the earliest day is {earliest}"):
            check_exam_day(plan, day, today, KB)
    else:
        check_exam_day(plan, day, today, KB)


def test_the_exam_comes_after_the_application() -> None:
    plan = build_plan(make_profile(graduated_on=date(2026, 6, 1)), today=TODAY)
    plan = mark(plan, [KB.roles.exam_application], done_on=date(2026, 10, 1))
    with pytest.raises(UsageError, match="made on 2026-10-01, so the earliest day is 2026-10-01"):
        check_exam_day(plan, date(2026, 9, 30), TODAY, KB)
    check_exam_day(plan, date(2026, 10, 1), TODAY, KB)


def test_check_exam_before_enrolling_is_refused_and_nothing_written(plan_path: Path) -> None:
    cli("init", "--example", "high-school-student")
    before = plan_path.read_bytes()
    result = cli("check", "exam", "--on", "2026-11-01", code=64)
    message = result.stderr.strip()
    assert message.startswith("cmaplan: the exam cannot be on 2026-11-01: no program is chosen")
    assert "`cmaplan program choose NAME`" in message
    assert len(message.splitlines()) == 1
    assert plan_path.read_bytes() == before
    assert "CMA (AAMA) since" not in cli("status").stdout


def test_graduate_and_exam_in_one_check_are_in_order(plan_path: Path) -> None:
    cli("init", "--example", "high-school-student")
    cli("check", "choose-program", "graduate", "exam-apply", "exam", "--on", "2026-11-20")
    assert "CMA (AAMA) since 2026-11-20" in cli("status").stdout


# --- failed attempts -----------------------------------------------------------------------------


def graduate_plan(tmp_path: Path) -> None:
    answers = answers_file(tmp_path, "2026-11-26", graduated_on=date(2026, 6, 1))
    cli("init", "--answers", str(answers))


def test_failed_attempts_are_recorded_retaken_and_limited(tmp_path: Path, plan_path: Path) -> None:
    graduate_plan(tmp_path)
    cli("check", "exam-apply", "--on", "2026-05-01")
    said = cli("check", "exam", "--failed", "--on", "2026-06-01").stdout
    assert "Recorded a failed attempt on 2026-06-01" in said
    assert "exam-apply is open again" in said  # a retake is a new application and fee
    shown = " ".join(cli("show", "exam").stdout.split())
    assert "Attempt 1 of 3 failed on 2026-06-01; 2 attempts left" in shown
    assert "for you that fee is $125." in shown
    # a label's parentheses never run into another's (the step's text, above its sources)
    assert "(to confirm) (" not in shown.split("Sources")[0]
    assert "(to confirm)" in shown  # the waiting rule is not confirmed on an AAMA page
    assert "from your application of 2026-05-01" in shown
    assert "the retake can be on 2026-07-30 at the earliest" in shown  # 90 days on
    cli("check", "exam-apply", "--on", "2026-07-01")
    refused = cli("check", "exam", "--failed", "--on", "2026-07-29", code=64).stderr
    assert "the earliest day is 2026-07-30" in refused
    cli("check", "exam", "--failed", "--on", "2026-07-30")
    cli("check", "exam-apply", "--on", "2026-08-01")
    cli("check", "exam", "--failed", "--on", "2026-11-01")
    status = " ".join(cli("status").stdout.split())
    assert "only by completing an accredited medical assisting program again" in status
    before = plan_path.read_bytes()
    refused = cli("check", "exam", "--on", "2026-11-20", code=64).stderr
    assert "there are no more attempts until you complete an accredited" in refused
    cli("check", "exam", "--failed", "--on", "2026-11-21", code=64)
    assert plan_path.read_bytes() == before
    assert (
        "Took back the failed attempt of 2026-11-01"
        in cli("check", "exam", "--failed", "--undo").stdout
    )
    cli("undo")  # the taking back, taken back: three failures again
    assert "last attempt failed" in " ".join(cli("show", "exam").stdout.split())


@pytest.mark.parametrize(
    "args",
    [
        ("check", "exam", "resume", "--failed"),
        ("check", "resume", "--failed"),
        ("check", "exam", "--failed", "--undo", "--on", "2026-11-01"),
        ("check", "exam", "--failed", "--on", "2026-12-01"),
    ],
    ids=["two-steps", "not-the-exam", "undo-with-a-day", "future"],
)
def test_a_failed_attempt_is_refused_when_it_cannot_be(
    tmp_path: Path, plan_path: Path, args: tuple[str, ...]
) -> None:
    graduate_plan(tmp_path)
    before = plan_path.read_bytes()
    assert len(cli(*args, code=64).stderr.strip().splitlines()) == 1
    assert plan_path.read_bytes() == before


def test_a_passed_exam_cannot_also_fail(tmp_path: Path, plan_path: Path) -> None:
    graduate_plan(tmp_path)
    cli("check", "exam-apply", "exam", "--on", "2026-10-01")
    refused = cli("check", "exam", "--failed", "--on", "2026-10-02", code=64).stderr
    assert "marked passed on 2026-10-01" in refused


@pytest.mark.parametrize("year", [2026, 2029, 2033])
def test_a_failed_attempt_on_the_alternative_pathway_is_recorded(
    tmp_path: Path, plan_path: Path, year: int
) -> None:
    """Category 4 has no fee on the AAMA pages read so far (None): the retake's warning
    formatted it as dollars and crashed (exit 70) on every `--failed`."""
    answers = answers_file(
        tmp_path, f"{year}-03-02", experience="uncertified-ma", finished_ma_program=True,
        program_contact_hours=600, program_practicum_hours=0, ma_work_hours=1200,
    )  # fmt: skip
    cli("init", "--answers", str(answers), env={"CMAPLAN_TODAY": f"{year}-03-02"})
    later = {"CMAPLAN_TODAY": f"{year}-06-10"}
    cli("check", "alternative-review", "--on", f"{year}-04-01", env=later)
    cli("check", "exam-apply", "--on", f"{year}-04-10", env=later)
    cli("check", "exam", "--failed", "--on", f"{year}-06-01", env=later)
    shown = " ".join(cli("show", "exam", env=later).stdout.split())
    assert "Attempt 1 of 3 failed" in shown
    assert "a new application and the exam fee again" in shown
    assert "$250" in shown  # Category 4, a non-member (application-steps)
