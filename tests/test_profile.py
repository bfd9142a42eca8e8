"""The answers: each key, each value, and each refusal."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pytest

from cmaplan.core.errors import AnswersError
from cmaplan.core.model import Experience, Goal, Pace, Program, Usmle
from cmaplan.core.profile import KEYS, parse_profile, profile_to_dict
from tests.conftest import BASE, TODAY, make_profile


def test_the_minimal_answers_give_the_defaults() -> None:
    profile = make_profile()
    assert profile.program is Program.CERTIFICATE
    assert profile.pace is Pace.FULL_TIME
    assert profile.goal is Goal.CAREER
    assert profile.experience is Experience.NONE
    assert profile.usmle is Usmle.NOT_STARTED
    assert (profile.name, profile.state, profile.study_hours, profile.aama_member) == (
        "",
        "",
        None,
        False,
    )


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("program", "certificate"),
        ("program", "associate"),
        ("program", "undecided"),
        ("pace", "full-time"),
        ("pace", "part-time"),
        ("goal", "career"),
        ("goal", "nursing"),
        ("goal", "management"),
        ("experience", "none"),
        ("experience", "cna"),
        ("experience", "uncertified-ma"),
        ("experience", "military"),
        ("study_hours", 1),
        ("study_hours", 80),
        ("aama_member", True),
        ("state", "tx"),
        ("specialty", "pediatrics"),
        ("name", "Dana"),
        ("graduated_on", date(2026, 5, 1)),
    ],
)
def test_each_allowed_value_is_accepted(key: str, value: object) -> None:
    profile = make_profile(**{key: value})
    expected = value.upper() if key == "state" else value  # type: ignore[union-attr]
    assert getattr(profile, key) == expected


@pytest.mark.parametrize("usmle", ["not-started", "step1", "step2", "ecfmg-certified"])
def test_usmle_progress_is_kept_for_the_residency_goal(usmle: str) -> None:
    profile = make_profile(foreign_medical_degree=True, goal="residency", usmle=usmle)
    assert profile.usmle == usmle


@pytest.mark.parametrize(
    ("key", "value", "fragment"),
    [
        ("pace", "fulltime", 'pace = "fulltime" is not allowed: it must be one of "full-time"'),
        ("program", 3, "program = 3 is not allowed"),
        ("goal", "doctor", 'goal = "doctor"'),
        ("diploma", "yes", 'diploma = "yes" is not allowed: it must be true or false'),
        (
            "start_date",
            "2027-01-04",
            'start_date = "2027-01-04" is not allowed: a date is written without quotes in TOML: '
            "start_date = 2027-01-04",
        ),
        ("start_date", "next week", 'start_date = "next week" is not allowed: it must be a date'),
        ("start_date", datetime(2027, 1, 4, 9, 0), "start_date = 2027-01-04 09:00:00"),
        ("study_hours", 0, "study_hours = 0 is not allowed: it must be a whole number from 1"),
        ("study_hours", 81, "study_hours = 81"),
        ("study_hours", True, "study_hours = true"),
        ("state", "Texas", 'state = "Texas" is not allowed: it must be a two-letter state code'),
        ("experience", "nurse", 'experience = "nurse"'),
        ("usmle", "step3", 'usmle = "step3"'),
        ("aama_member", 1, "aama_member = 1"),
    ],
)
def test_an_impossible_value_names_key_value_and_what_is_allowed(
    key: str, value: object, fragment: str
) -> None:
    with pytest.raises(AnswersError) as caught:
        make_profile(**{key: value})
    assert fragment in caught.value.message
    assert caught.value.message.endswith(".")
    assert "\n" not in caught.value.message


def test_a_personal_value_is_not_repeated_in_an_error() -> None:
    with pytest.raises(AnswersError) as caught:
        make_profile(name="x" * 200)
    assert "x" * 20 not in caught.value.message
    assert "name = the value given is not allowed" in caught.value.message


def test_an_unknown_key_is_refused_with_the_closest_known_one() -> None:
    with pytest.raises(AnswersError, match='unknown key "pase"; did you mean "pace"'):
        make_profile(pase="part-time")


def test_an_unknown_key_with_no_close_match() -> None:
    with pytest.raises(AnswersError, match=r'unknown key "zzz"\.$'):
        make_profile(zzz=1)


@pytest.mark.parametrize("key", [k.name for k in KEYS if k.required])
def test_a_missing_required_key_is_refused(key: str) -> None:
    data = {k: v for k, v in BASE.items() if k != key}
    with pytest.raises(AnswersError, match=f"^{key} is missing: give "):
        parse_profile(data)


def test_residency_needs_a_foreign_medical_degree() -> None:
    with pytest.raises(AnswersError, match='goal = "residency" is not allowed without'):
        make_profile(goal="residency")


def test_diploma_by_needs_no_diploma_yet() -> None:
    with pytest.raises(AnswersError, match="diploma_by = 2027-06-01 is not allowed with diploma"):
        make_profile(diploma_by=date(2027, 6, 1))


def test_a_graduation_in_the_future_is_refused() -> None:
    with pytest.raises(AnswersError, match="graduated_on = 2027-01-01 is not allowed: it is after"):
        make_profile(graduated_on=date(2027, 1, 1))


def test_a_graduation_in_the_future_is_not_checked_without_today() -> None:
    data = {**BASE, "graduated_on": date(2027, 1, 1)}
    assert parse_profile(data).graduated_on == date(2027, 1, 1)


def test_where_prefixes_the_message() -> None:
    with pytest.raises(AnswersError, match=r"^\[profile\] pace"):
        parse_profile({**BASE, "pace": "slow"}, where="[profile] ")


def test_img_only_answers_are_dropped_for_others() -> None:
    profile = make_profile(transcripts_in_english=True, credentials_evaluated=True)
    assert not profile.transcripts_in_english
    assert not profile.credentials_evaluated
    assert "transcripts_in_english" not in profile_to_dict(profile)


@pytest.mark.parametrize(
    "changes",
    [
        {},
        {
            "foreign_medical_degree": True,
            "goal": "residency",
            "usmle": "step2",
            "transcripts_in_english": True,
        },
        {"diploma": False, "diploma_by": date(2027, 6, 1), "name": "Sam", "state": "OH"},
        {"graduated_on": date(2025, 1, 1), "aama_member": True, "study_hours": 10},
    ],
    ids=["base", "img", "student", "graduate"],
)
def test_profile_round_trips_through_its_dict(changes: dict[str, Any]) -> None:
    profile = make_profile(**changes)
    assert parse_profile(profile_to_dict(profile), today=TODAY) == profile
    assert list(profile_to_dict(profile))[:3] == ["start_date", "diploma", "foreign_medical_degree"]
