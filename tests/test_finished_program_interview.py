"""The interview's questions about a finished non-accredited MA program and its hours
(interview/finished_program.py): asked only where they can apply, checked like the answers file."""

from __future__ import annotations

from datetime import date

import pytest

from cmaplan.core import eligibility
from cmaplan.core.knowledge import load_knowledge
from cmaplan.core.planner import build_plan
from tests.conftest import TODAY

KB = load_knowledge()


def _interview(replies: dict[str, object]) -> tuple[object, list[str]]:
    from cmaplan.interview.flow import run_interview

    asked: list[str] = []

    def ask(question: object, default: object, options: object, answers: object) -> object:
        key = question.key  # type: ignore[attr-defined]
        asked.append(key)
        return replies.get(key, default)

    profile = run_interview(ask, previous=None, today=TODAY, tell=lambda line: None)
    return profile, asked


HOURS = ["program_contact_hours", "program_practicum_hours", "ma_work_hours"]


def test_a_working_ma_is_asked_about_a_finished_program_and_its_hours() -> None:
    replies = {"diploma": True, "experience": "uncertified-ma", "_graduated": False}
    replies |= {"finished_ma_program": True, "program_contact_hours": 620}
    replies |= {"program_practicum_hours": 0, "ma_work_hours": 1500}
    profile, asked = _interview(replies)
    assert ["finished_ma_program", *HOURS] == [
        k for k in asked if k in ("finished_ma_program", *HOURS)
    ]
    assert profile.finished_ma_program  # type: ignore[attr-defined]
    assert profile.ma_work_hours == 1500  # type: ignore[attr-defined]
    plan = build_plan(profile, today=TODAY)  # type: ignore[arg-type]
    assert eligibility.rules().review_step in plan.ids


def test_no_finished_program_asks_no_hours_and_keeps_none() -> None:
    profile, asked = _interview({"diploma": True, "experience": "cna", "_graduated": False})
    assert "finished_ma_program" in asked
    assert not set(HOURS) & set(asked)
    assert profile.program_contact_hours is None  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    "replies",
    [
        {"foreign_medical_degree": True, "_graduated": False},
        {"diploma": True, "_graduated": True, "graduated_on": date(2026, 6, 1)},
        {"diploma": True, "experience": "military", "_graduated": False},
        {"diploma": False, "diploma_by": date(2027, 6, 11)},
    ],
    ids=["img", "accredited-graduate", "military-medic", "no-diploma"],
)
def test_where_it_cannot_apply_the_question_is_not_asked(replies: dict[str, object]) -> None:
    _, asked = _interview(replies)
    assert "finished_ma_program" not in asked


def test_a_typed_number_of_hours_is_checked_against_its_own_range() -> None:
    from cmaplan.interview.questions import questions

    question = {q.key: q for q in questions(KB)}["program_contact_hours"]
    assert question.convert("620", {}, TODAY) == (620, None)
    _, message = question.convert("25000", {}, TODAY)
    assert message is not None
    assert "0 to 20000" in message
