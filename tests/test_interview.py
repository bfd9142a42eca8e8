"""The interview's logic, without a terminal: which questions, which defaults, which profile."""

from __future__ import annotations

import tomllib
from datetime import date
from typing import Any

import pytest

from cmaplan.core.knowledge import load_knowledge
from cmaplan.core.model import Profile
from cmaplan.core.planner import build_plan
from cmaplan.core.profile import parse_profile
from cmaplan.core.schedule import forecast
from cmaplan.interview.flow import (
    Answers,
    GoBack,
    Option,
    Question,
    answers_to_profile,
    questions,
    recommendation_lines,
    run_interview,
)
from cmaplan.views.summary import summary
from tests.conftest import EXAMPLES, TODAY, make_profile


class Scripted:
    """An `ask` that answers from a dict and otherwise accepts the default; records what it saw."""

    def __init__(self, replies: dict[str, Any]) -> None:
        self.replies = replies
        self.asked: list[str] = []
        self.defaults: dict[str, Any] = {}
        self.options: dict[str, tuple[Option, ...]] = {}

    def __call__(
        self, question: Question, default: Any, options: tuple[Option, ...], answers: Answers
    ) -> Any:
        self.asked.append(question.key)
        self.defaults[question.key] = default
        self.options[question.key] = options
        return self.replies.get(question.key, default)


def interview(replies: dict[str, Any], previous: Profile | None = None) -> tuple[Profile, Scripted]:
    ask = Scripted(replies)
    told: list[str] = []
    profile = run_interview(ask, previous=previous, today=TODAY, tell=told.append)
    ask.told = told  # type: ignore[attr-defined]
    return profile, ask


IMG_REPLIES = {
    "name": "Amina",
    "foreign_medical_degree": True,
    "transcripts_in_english": False,
    "credentials_evaluated": False,
    "_graduated": False,
    "goal": "residency",
    "usmle": "step1",
    "program": "certificate",
    "pace": "full-time",
    "start_date": date(2027, 1, 4),
}


def test_an_img_is_asked_about_transcripts_and_not_about_a_diploma() -> None:
    """...and, like everyone, about work in healthcare and the state; and about a specialty."""
    profile, ask = interview(IMG_REPLIES)
    assert "transcripts_in_english" in ask.asked
    assert "credentials_evaluated" in ask.asked
    assert "usmle" in ask.asked
    assert "diploma" not in ask.asked
    assert {"experience", "specialty", "state"} <= set(ask.asked)
    assert profile.diploma is True


def test_others_are_not_asked_img_or_usmle_questions_nor_offered_residency() -> None:
    _, ask = interview({"foreign_medical_degree": False, "goal": "career"})
    assert not {"transcripts_in_english", "credentials_evaluated", "usmle", "specialty"} & set(
        ask.asked
    )
    assert "residency" not in [o.value for o in ask.options["goal"]]
    assert {"diploma", "experience", "program", "pace", "start_date"} <= set(ask.asked)


def test_no_diploma_asks_when_it_is_expected() -> None:
    profile, ask = interview({"diploma": False, "diploma_by": date(2027, 6, 11)})
    assert "diploma_by" in ask.asked
    assert "_graduated" not in ask.asked
    assert profile.diploma_by == date(2027, 6, 11)


def test_a_graduate_is_not_asked_about_the_program() -> None:
    profile, ask = interview(
        {"_graduated": True, "graduated_on": date(2025, 3, 1), "aama_member": True}
    )
    assert "program" not in ask.asked
    assert "pace" not in ask.asked
    assert "aama_member" in ask.asked  # more than 12 months ago: the fee depends on it
    assert profile.graduated_on == date(2025, 3, 1)


def test_a_recent_graduate_is_not_asked_about_membership() -> None:
    _, ask = interview({"_graduated": True, "graduated_on": date(2026, 6, 1)})
    assert "aama_member" not in ask.asked


def test_every_question_has_a_default() -> None:
    _, ask = interview({})
    for key in ask.asked:
        if key not in ("name", "diploma_by", "graduated_on"):
            assert ask.defaults[key] is not None, key
    assert ask.defaults["start_date"] == TODAY


def test_undecided_sees_the_comparison_and_a_suggestion_before_moving_on() -> None:
    _, ask = interview({"program": "undecided", "goal": "nursing", "experience": "cna"})
    told = " ".join(ask.told)  # type: ignore[attr-defined]
    assert "9–12 months" in told
    assert "18–24 months" in told
    assert "Our suggestion for you: an associate degree" in told
    assert ask.asked.index("program") < ask.asked.index("pace")


def test_the_interview_gives_the_same_profile_as_the_example_file() -> None:
    profile, _ = interview({**IMG_REPLIES, "experience": "none"})
    data = tomllib.loads((EXAMPLES / "img-residency.toml").read_text())
    from_file = parse_profile(data, today=TODAY)
    # The interview does not ask for state or specialty; it offers 20 study hours for full-time.
    for key in ("state", "specialty"):
        data.pop(key)
    assert profile == parse_profile(data, today=TODAY)
    assert build_plan(profile, today=TODAY).ids == build_plan(from_file, today=TODAY).ids


def test_a_rerun_offers_the_earlier_answers_and_keeps_what_it_does_not_ask() -> None:
    earlier = make_profile(
        foreign_medical_degree=True,
        goal="residency",
        usmle="step2",
        study_hours=12,
        state="TX",
        name="Amina",
    )
    profile, ask = interview({}, previous=earlier)
    assert ask.defaults["usmle"] == "step2"
    assert ask.defaults["name"] == "Amina"
    assert ask.defaults["start_date"] == earlier.start_date
    assert profile == earlier


def test_a_rerun_accepts_the_earlier_start_date_even_once_it_has_passed() -> None:
    questions_by_key = {q.key: q for q in questions(load_knowledge())}
    start = questions_by_key["start_date"]
    answers: Answers = {"_previous_start": date(2026, 1, 5)}
    assert start.convert("2026-01-05", answers, TODAY) == (date(2026, 1, 5), None)
    _, error = start.convert("2026-01-06", answers, TODAY)
    assert error is not None
    assert "has passed" in error


@pytest.mark.parametrize(
    ("key", "text", "error"),
    [
        ("start_date", "2027-01-15", None),
        ("start_date", "2027-02-30", "2027-02-30 is not a real date"),
        ("start_date", "next week", '"next week" is not a date: use YYYY-MM-DD'),
        ("start_date", "２０２７-01-15", "uses unusual digits: type it with 0-9"),
        ("start_date", "2026-11-25", "has passed; pick today (2026-11-26)"),
        ("start_date", "", "Please give an answer."),
        ("graduated_on", "2027-01-01", "is after today"),
        ("diploma_by", "", None),
        ("name", "x" * 81, "under 80 characters"),
    ],
)
def test_typed_answers_are_checked_with_a_reason(key: str, text: str, error: str | None) -> None:
    question = {q.key: q for q in questions(load_knowledge())}[key]
    _, message = question.convert(text, {}, TODAY)
    if error is None:
        assert message is None
    else:
        assert message is not None
        assert error in message


def test_switching_away_from_img_drops_the_img_answers() -> None:
    earlier = make_profile(foreign_medical_degree=True, transcripts_in_english=True)
    profile, _ = interview({"foreign_medical_degree": False}, previous=earlier)
    assert not profile.transcripts_in_english


def test_answering_no_to_graduated_drops_an_earlier_graduation_date() -> None:
    earlier = make_profile(graduated_on=date(2026, 1, 1))
    profile, ask = interview({"_graduated": False}, previous=earlier)
    assert ask.defaults["_graduated"] is True
    assert profile.graduated_on is None


def test_recommendation_lines_follow_the_answers() -> None:
    lines = recommendation_lines(
        {"foreign_medical_degree": True, "diploma": True, "goal": "career"},
        TODAY,
        load_knowledge(),
    )
    assert lines[-1].startswith("Our suggestion for you: a certificate program")


def test_answers_to_profile_cleans_helper_keys() -> None:
    profile = answers_to_profile(
        {
            "_today": TODAY,
            "_graduated": False,
            "foreign_medical_degree": False,
            "diploma": True,
            "goal": "career",
            "start_date": TODAY,
            "name": "",
        },
        {},
        today=TODAY,
    )
    assert profile.name == ""


def test_summary_has_the_finish_and_the_next_three_steps() -> None:
    profile = make_profile(foreign_medical_degree=True, name="Amina")
    plan = build_plan(profile, today=TODAY)
    lines = summary(profile, plan, forecast(plan, TODAY))
    text = "\n".join(lines)
    assert "Amina" in text
    assert "First CMA job expected" in text
    assert lines[-4] == "Your next steps:"
    assert lines[-3].startswith("  Choose an accredited program (choose-program), due")


def test_membership_is_asked_when_the_start_date_makes_it_category_2() -> None:
    # Graduated 2026-06-01: Category 1 today, but not when applying from 2027-08-01.
    _, ask = interview(
        {"_graduated": True, "graduated_on": date(2026, 6, 1), "start_date": date(2027, 8, 1)}
    )
    assert "aama_member" in ask.asked
    assert ask.asked.index("aama_member") > ask.asked.index("start_date")


def test_a_new_interview_after_the_diploma_step_is_done_does_not_ask_for_it() -> None:
    """Running init again once the diploma is in hand: not asked again, nor offered the day it
    was expected, which has passed."""
    from datetime import timedelta

    from cmaplan.core.planner import build_plan
    from cmaplan.core.tracking import answers_now, parse_target, record

    student = make_profile(diploma=False, diploma_by=TODAY + timedelta(days=60))
    plan = build_plan(student, today=TODAY)
    done = record(plan, [parse_target(plan, "diploma")], today=TODAY + timedelta(days=70)).plan
    profile, ask = interview({}, previous=answers_now(done))
    assert "diploma_by" not in ask.asked
    assert ask.defaults["diploma"] is True
    assert profile.diploma is True


class GoingBack(Scripted):
    """Scripted, but at the `at`-th question asked it first asks to go back once."""

    def __init__(self, replies: dict[str, Any], at: int) -> None:
        super().__init__(replies)
        self.at, self.went_back = at, False

    def __call__(
        self, question: Question, default: Any, options: tuple[Option, ...], answers: Answers
    ) -> Any:
        if len(self.asked) == self.at and not self.went_back:
            self.went_back = True
            self.asked.append(f"back from {question.key}")
            raise GoBack
        return super().__call__(question, default, options, answers)


@pytest.mark.parametrize("at", range(0, 14))
def test_going_back_from_any_question_changes_nothing_but_asks_again(at: int) -> None:
    """Back from the n-th question: the one before is asked again with this time's answer as
    its default, then the rest; the profile is the one made without going back."""
    straight, plain = interview(IMG_REPLIES)
    ask = GoingBack(IMG_REPLIES, at)
    profile = run_interview(ask, previous=None, today=TODAY, tell=lambda _: None)
    assert profile == straight
    if at < len(plain.asked):
        came_back = plain.asked[max(0, at - 1)]
        assert ask.asked[at] == f"back from {plain.asked[at]}"
        assert ask.asked[at + 1] == came_back
        given = IMG_REPLIES.get(came_back, plain.defaults[came_back])
        assert ask.defaults[came_back] == (given if at else plain.defaults[came_back])


def test_going_back_past_a_branch_drops_the_answers_that_no_longer_apply() -> None:
    """No diploma, then back and yes: the expected-diploma date is gone."""
    replies: dict[str, Any] = {"foreign_medical_degree": False, "diploma": False,
                               "diploma_by": date(2027, 6, 11)}  # fmt: skip

    class Changing(Scripted):
        def __call__(
            self, question: Question, default: Any, options: tuple[Option, ...], answers: Answers
        ) -> Any:
            if question.key == "diploma_by" and "diploma_by" not in self.asked:
                self.asked.append("diploma_by")
                self.replies["diploma"] = True
                raise GoBack
            return super().__call__(question, default, options, answers)

    ask = Changing(replies)
    profile = run_interview(ask, previous=None, today=TODAY, tell=lambda _: None)
    assert profile.diploma is True
    assert profile.diploma_by is None
