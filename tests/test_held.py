"""A CMA (AAMA) held already (core/held.py): the cma_status answer, a plan that starts at the
renewal, and the lapse window counted to a month's end."""

from __future__ import annotations

import json
import re
import tomllib
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import given, settings
from hypothesis import strategies as st

from cmaplan.core.errors import AnswersError
from cmaplan.core.held import credential_words, held_expires, held_since
from cmaplan.core.knowledge import load_knowledge
from cmaplan.core.model import RecertRoute
from cmaplan.core.planner import build_plan
from cmaplan.core.profile import parse_profile, profile_to_dict
from cmaplan.core.renewaldays import exam_days, route_of
from cmaplan.core.rules import lapse_ends
from cmaplan.core.schedule import forecast
from tests.conftest import BASE, TODAY, cli
from tests.conftest import answers_file as person_answers

KB = load_knowledge()


def holder(today: date, **answers: Any) -> Any:
    return parse_profile({**BASE, "start_date": today, **answers}, today=today)


def month_end(day: date) -> date:
    end: date = day + relativedelta(day=31)
    return end


# --- the answers ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("answers", "words"),
    [
        ({"cma_status": "current"}, 'cma_status = "current" needs cma_since'),
        ({"cma_since": date(2024, 3, 1)}, "cma_since = 2024-03-01 is not allowed without"),
        ({"cma_status": "none", "cma_expires": date(2028, 3, 31)}, "is not allowed without"),
        (
            {"cma_status": "current", "cma_expires": date(2028, 3, 15)},
            "the last day of a month; give 2028-03-31",
        ),
        (
            {
                "cma_status": "current",
                "cma_since": date(2024, 3, 5),
                "cma_expires": date(2029, 4, 30),
            },
            "that period ends on 2029-03-31",
        ),
        ({"cma_status": "current", "cma_since": date(2026, 12, 1)}, "it is after today"),
        ({"cma_status": "current", "cma_since": date(2020, 1, 9)}, 'set cma_status = "lapsed"'),
        ({"cma_status": "lapsed", "cma_since": date(2024, 1, 9)}, 'set cma_status = "current"'),
        ({"cma_status": "expired"}, 'one of "none", "current", "lapsed"'),
    ],
    ids=[
        "status-without-day",
        "day-without-status",
        "none-with-expiry",
        "expiry-mid-month",
        "since-and-expiry-disagree",
        "since-in-future",
        "current-but-expired",
        "lapsed-but-current",
        "unknown-status",
    ],
)
def test_answers_that_do_not_fit_are_refused_in_one_sentence(
    answers: dict[str, Any], words: str
) -> None:
    with pytest.raises(AnswersError) as caught:
        holder(TODAY, **answers)
    assert words in caught.value.message
    assert caught.value.message.count(". ") == 0  # one sentence


def test_the_answers_round_trip_and_none_is_left_out() -> None:
    current = holder(TODAY, cma_status="current", cma_expires=date(2029, 2, 28))
    data = profile_to_dict(current)
    assert (data["cma_status"], data["cma_expires"]) == ("current", date(2029, 2, 28))
    assert parse_profile(data, today=TODAY) == current
    assert "cma_status" not in profile_to_dict(holder(TODAY))


def test_an_expiry_alone_dates_the_period_from_the_first_of_its_month() -> None:
    profile = holder(TODAY, cma_status="current", cma_expires=date(2029, 2, 28))
    assert held_since(profile, KB) == date(2024, 2, 1)
    assert held_expires(profile, KB) == date(2029, 2, 28)


# --- the plan starts at the renewal --------------------------------------------------------------


@settings(max_examples=60, deadline=None)
@given(
    today=st.dates(date(2026, 1, 1), date(2034, 12, 31)),
    back=st.integers(0, 8 * 365),
    exam_route=st.booleans(),
)
def test_a_cma_plan_is_the_renewal_counted_from_the_day_given(
    today: date, back: int, exam_route: bool
) -> None:
    """Certification days over eight years before today: the plan is the recertify step alone,
    the expiry the end of the month 60 months on, and never a first CMA job."""
    since = today - timedelta(days=back)
    expires = month_end(since + relativedelta(months=60))
    status = "current" if expires >= today else "lapsed"
    route = "exam" if exam_route else "ce"
    profile = holder(today, cma_status=status, cma_since=since, recertify_by=route)
    plan = build_plan(profile, today=today)
    result = forecast(plan, today)
    assert plan.ids == (KB.roles.recertification,)
    assert "job" not in plan.finish_label.lower()
    assert result.credential is not None
    assert (result.credential.certified_on, result.credential.expires) == (since, expires)
    by_exam = route_of(profile.recertify_by, expires, today, KB) is RecertRoute.EXAM
    lead = relativedelta(months=2) if by_exam else relativedelta(days=30)
    renewing = result.get(KB.roles.recertification)
    out_of_reach = by_exam and exam_days(expires, profile, today, KB).pass_by is None
    if out_of_reach:  # expired, or no approval in time: due when it can be done, never late
        assert renewing.late_since is None
        assert renewing.due_day >= today
        assert renewing.due_day > expires - lead
    else:
        assert renewing.due_day == expires - lead
    words = credential_words(result.credential, today, KB)
    if status == "lapsed":
        assert "since" not in words.split(":")[0]
        assert "current until" not in words
        assert "may not use the CMA (AAMA) title" in words
    else:
        assert f"current until {expires}" in words


# --- the lapse window: about three months, to a month's end --------------------------------------


@pytest.mark.parametrize(
    ("expires", "last"),
    [
        (date(2020, 2, 29), date(2020, 5, 31)),  # the AAMA's own example: "end of May"
        (date(2025, 1, 31), date(2025, 4, 30)),
        (date(2025, 11, 30), date(2026, 2, 28)),
        (date(2027, 11, 30), date(2028, 2, 29)),
    ],
)
def test_the_lapse_window_ends_at_a_months_end(expires: date, last: date) -> None:
    assert lapse_ends(expires, KB) == last


@settings(max_examples=40, deadline=None)
@given(since=st.dates(date(2015, 1, 1), date(2023, 12, 31)), data=st.data())
def test_every_day_of_a_lapse_window_still_takes_ce_and_the_day_after_does_not(
    since: date, data: st.DataObject
) -> None:
    expires = month_end(since + relativedelta(months=60))
    last = month_end(expires + relativedelta(months=3))
    day = data.draw(st.dates(expires + timedelta(days=1), last + timedelta(days=1)))
    plan = build_plan(holder(day, cma_status="lapsed", cma_since=since), today=day)
    (warning,) = forecast(plan, day).get(KB.roles.recertification).warnings
    assert f"expired on {expires}" in warning
    assert "may not use the title" in warning
    if day <= last:
        assert f"Renew by {min(expires + timedelta(days=90), last)}" in warning  # to be safe
    else:
        assert "no longer counts" in warning
        assert "$50 reactivation fee" in warning


# --- the commands --------------------------------------------------------------------------------


def answers_file(tmp_path: Path, extra: str) -> Path:
    path = tmp_path / "answers.toml"
    path.write_text(
        "start_date = 2026-11-26\ndiploma = true\nforeign_medical_degree = false\n"
        'program = "certificate"\npace = "full-time"\ngoal = "career"\n' + extra
    )
    return path


def test_a_lapsed_cma_is_never_told_of_a_first_cma_job(tmp_path: Path, plan_path: Path) -> None:
    cli(
        "init",
        "--answers",
        str(answers_file(tmp_path, 'cma_status = "lapsed"\ncma_since = 2021-08-03\n')),
    )
    status = " ".join(cli("status").stdout.split())
    assert "First CMA job" not in status
    assert "CMA (AAMA) since" not in status
    assert "may not use the CMA (AAMA) title" in status
    timeline = json.loads(cli("timeline", "--json").stdout)
    assert [s["id"] for s in timeline["steps"]] == ["recertify"]
    assert timeline["credential"]["expires"] == "2026-08-31"
    exported = tmp_path / "again.toml"
    cli("export", "answers", "--output", str(exported))
    saved = tomllib.loads(exported.read_text())
    assert (saved["cma_status"], saved["cma_since"]) == ("lapsed", date(2021, 8, 3))


def test_a_current_cma_records_a_renewal(tmp_path: Path, plan_path: Path) -> None:
    cli(
        "init",
        "--answers",
        str(answers_file(tmp_path, 'cma_status = "current"\ncma_expires = 2027-03-31\n')),
    )
    assert "current until 2027-03-31" in cli("status").stdout
    refused = cli("check", "recertify", "--on", "2026-11-20", code=64).stderr
    assert "needs the period's points" in refused  # by CE, renewing needs the 60 points
    cli("recertify", "--by", "exam")
    cli("check", "recertify", "--on", "2026-11-20")
    assert "current until 2031-11-30" in " ".join(cli("status").stdout.split())
    cli("check", "recertify", "--on", "2026-11-19", code=None)


def test_bad_cma_answers_write_nothing(tmp_path: Path, plan_path: Path) -> None:
    result = cli(
        "init",
        "--answers",
        str(answers_file(tmp_path, 'cma_status = "current"\ncma_expires = 2027-03-15\n')),
        code=65,
    )
    assert "give 2027-03-31" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert not plan_path.exists()


@pytest.mark.parametrize("today", ["2026-12-03", "2029-06-15", "2033-01-31"])
def test_a_one_step_plan_reads_as_one_step_with_no_range_of_one_day(
    tmp_path: Path, plan_path: Path, today: str
) -> None:
    """A lapsed CMA's plan: "1 steps ... (between 2026-12-03 and 2026-12-03)" read badly."""
    expired = date.fromisoformat(today).replace(day=1) - timedelta(days=1)  # last month's end
    answers = person_answers(
        tmp_path, today, experience="uncertified-ma", cma_status="lapsed", cma_expires=expired
    )
    made = cli("init", "--answers", str(answers), env={"CMAPLAN_TODAY": today}).stdout
    assert "1 step." in made
    # a CE renewal of an expired credential: from today to the last day CE counts, never a
    # range of one day nor "expected today" (the points may still be missing)
    between = re.search(r"expected (\S+) \(between (\S+) and (\S+)\)", made)
    assert between is not None, made
    expected, earliest, latest = between.groups()
    assert earliest == today
    assert earliest < expected <= latest
    assert earliest != latest
    status = cli("status", env={"CMAPLAN_TODAY": today}).stdout
    line = status.split("current again")[1].splitlines()[0]
    assert f"expected {expected} (earliest {earliest}, latest {latest})" in line
