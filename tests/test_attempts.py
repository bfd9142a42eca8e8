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
from tests.conftest import TODAY, cli, make_profile

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
    plan = mark(build_plan(make_profile(), today=TODAY), [KB.roles.graduation], done_on=graduated)
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
    assert message.startswith("cmaplan: the exam cannot be on 2026-11-01: a completing student")
    assert "so the earliest day is" in message
    assert len(message.splitlines()) == 1
    assert plan_path.read_bytes() == before
    assert "CMA (AAMA) since" not in cli("status").stdout


def test_graduate_and_exam_in_one_check_are_in_order(plan_path: Path) -> None:
    cli("init", "--example", "high-school-student")
    cli("check", "graduate", "exam", "--on", "2026-11-20")
    assert "CMA (AAMA) since 2026-11-20" in cli("status").stdout
