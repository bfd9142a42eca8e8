"""Recertifying by exam (core/renewal.py): apply-by, testing window, pass-by and fee, in the
core, `show`, `status`, `ceu`, `--json` and the calendar."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import given, settings
from hypothesis import strategies as st
from icalendar import Calendar

from cmaplan.core.knowledge import load_knowledge
from cmaplan.core.model import Credential, RecertRoute
from cmaplan.core.renewal import add_business_days, exam_renewal, renewal_by_exam
from cmaplan.core.rules import credential_expiry, lapse_ends
from tests.conftest import answers_file, cli, make_profile

KB = load_knowledge()


def credential(since: date) -> Credential:
    return Credential(since, credential_expiry(since, KB), False, RecertRoute.EXAM)


@settings(max_examples=80, deadline=None)
@given(
    since=st.dates(date(2018, 1, 1), date(2026, 12, 31)),
    offset=st.integers(0, 6 * 365),
    member=st.booleans(),
)
def test_the_exam_route_over_years(since: date, offset: int, member: bool) -> None:
    """Certification days over eight years, and any day of the period and the years after."""
    today = since + timedelta(days=offset)
    held = credential(since)
    renewal = exam_renewal(held, make_profile(aama_member=member), today, KB)
    expires = held.expires
    pass_by = expires - relativedelta(months=2)
    assert renewal.fee - renewal.reactivation == (125 if member else 250)
    assert renewal.window_opens == add_business_days(renewal.apply_by, 7)
    assert renewal.window_opens.weekday() < 5
    full = renewal.window_opens + timedelta(days=90)
    if renewal.pass_by is not None:  # a day to pass by that can still be made
        assert renewal.pass_by == pass_by >= renewal.window_opens
        assert renewal.window_closes == min(full, pass_by)  # no seat after the pass-by day
        assert renewal.received_by == expires - timedelta(days=30)
        assert renewal.apply_by == max(today, pass_by - relativedelta(months=3))
        assert renewal.reactivation == 0
    else:  # expired, or too late to pass in time: apply now, a whole window, no received-by day
        assert renewal.apply_by == today
        assert renewal.window_closes == full
        assert renewal.received_by is None
        assert (renewal.missed_pass_by is None) == (expires < today)
        beyond = today > lapse_ends(expires, KB)
        assert renewal.reactivation == (50 if beyond and expires < today else 0)
        assert renewal.window_opens > pass_by


def test_ce_is_the_route_until_the_lapse_window_closes() -> None:
    held = credential(date(2020, 5, 4))  # expired 2025-05-31; CE counts until 2025-08-31
    ce = make_profile(recertify_by="ce")
    assert renewal_by_exam(held, ce, date(2025, 8, 31), KB) is None
    after = renewal_by_exam(held, ce, date(2025, 9, 1), KB)
    assert after is not None
    assert (after.fee, after.reactivation) == (300, 50)
    assert renewal_by_exam(None, ce, date(2025, 9, 1), KB) is None


# --- the commands --------------------------------------------------------------------------------


def exam_plan(tmp_path: Path, member: bool = False) -> None:
    answers = tmp_path / "a.toml"
    answers.write_text(
        "start_date = 2026-11-26\ndiploma = true\nforeign_medical_degree = false\n"
        'program = "certificate"\npace = "full-time"\ngoal = "career"\n'
        'cma_status = "current"\ncma_since = 2022-03-10\nrecertify_by = "exam"\n'
        f"aama_member = {'true' if member else 'false'}\n"
    )
    cli("init", "--answers", str(answers), env={"CMAPLAN_TODAY": "2026-06-26"})


ON = {"CMAPLAN_TODAY": "2026-06-26"}


def test_show_status_and_ceu_give_the_days_and_the_fee(tmp_path: Path, plan_path: Path) -> None:
    exam_plan(tmp_path)
    shown = " ".join(cli("show", "recertify", env=ON).stdout.split())
    assert "Apply for the exam by 2026-10-31" in shown
    assert "testing window of 90 days" in shown
    assert "Pass it by 2027-01-31" in shown
    assert "The fee is $250 (the non-member fee)" in shown
    status = " ".join(cli("status", env=ON).stdout.split())
    assert "apply by 2026-10-31, pass by 2027-01-31, fee $250" in status
    ceu = " ".join(cli("ceu", env=ON).stdout.split())
    assert "Apply for the exam by 2026-10-31" in ceu


def test_json_gives_the_exam_route(tmp_path: Path, plan_path: Path) -> None:
    exam_plan(tmp_path, member=True)
    (step,) = json.loads(cli("timeline", "--json", env=ON).stdout)["steps"]
    by_exam: dict[str, Any] = step["by_exam"]
    assert by_exam["apply_by"] == "2026-10-31"
    assert by_exam["pass_by"] == "2027-01-31"
    assert by_exam["testing_window"] == ["2026-11-10", "2027-01-31"]  # cut to the pass-by day
    assert (by_exam["fee"], by_exam["reactivation_fee"]) == (125, 0)
    assert json.loads(cli("ceu", "--json", env=ON).stdout)["by_exam"] == by_exam
    cli("recertify", "--by", "ce", env=ON)
    (step,) = json.loads(cli("timeline", "--json", env=ON).stdout)["steps"]
    assert step["by_exam"] is None


@pytest.mark.parametrize(
    ("today", "leads"), [("2026-06-26", [-30, -7]), ("2026-10-28", [])], ids=["ahead", "late"]
)
def test_the_calendar_reminds_before_the_day_to_apply(
    tmp_path: Path, plan_path: Path, today: str, leads: list[int]
) -> None:
    exam_plan(tmp_path)
    out = tmp_path / "plan.ics"
    cli("export", "ics", "-o", str(out), env={"CMAPLAN_TODAY": today})
    found = {
        str(e["uid"]).split(".")[0]: e for e in Calendar.from_ical(out.read_bytes()).walk("VEVENT")
    }
    apply = found["recertify-apply"]
    assert apply.decoded("dtstart") == date(2026, 10, 31)
    triggers = sorted(a.decoded("trigger") for a in apply.walk("VALARM"))
    assert triggers == [timedelta(days=d) for d in leads]
    assert list(found["recertify"].walk("VALARM")) == []  # the pass-by day is too late to remind


# --- renewals are checked; long delays in months and years; CEUs from one contact hour ----------


@pytest.mark.parametrize(
    ("days", "words"),
    [
        (1, "1 day"),
        (92, "92 days"),
        (100, "about 3 months"),
        (700, "about 23 months"),
        (1636, "about 4 years and 6 months"),
        (3653, "about 10 years"),
    ],
)
def test_late_spans_are_said_in_days_months_or_years(days: int, words: str) -> None:
    from cmaplan.core.schedule import late_words

    assert late_words(days) == words


def graduate_exam(tmp_path: Path) -> None:
    answers = answers_file(tmp_path, "2026-11-26", graduated_on=date(2026, 6, 1))
    cli("init", "--answers", str(answers))
    cli("check", "exam-apply", "exam", "--on", "2026-10-01")


def test_a_renewal_by_ce_needs_the_periods_points(tmp_path: Path, plan_path: Path) -> None:
    graduate_exam(tmp_path)
    before = plan_path.read_bytes()
    refused = cli("check", "recertify", "--on", "2026-11-20", code=64).stderr
    assert "by continuing education needs the period's points" in refused
    assert len(refused.strip().splitlines()) == 1
    assert plan_path.read_bytes() == before
    for area in ("general", "administrative", "clinical"):
        for n in range(2):
            cli(
                "ceu",
                "add",
                "--area",
                area,
                "--points",
                "10",
                "--title",
                f"{area} {n}",
                "--on",
                "2026-11-01",
            )
    cli("check", "recertify", "--on", "2026-11-20")


def test_two_renewals_by_exam_a_day_apart_are_refused(tmp_path: Path, plan_path: Path) -> None:
    graduate_exam(tmp_path)
    cli("recertify", "--by", "exam")
    cli("check", "recertify", "--on", "2026-11-19")
    refused = cli("check", "recertify", "--on", "2026-11-20", code=64).stderr
    assert "too soon" in refused
    assert "the earliest day is 2026-11-26" in refused


def test_a_ce_renewal_after_the_lapse_window_is_refused(tmp_path: Path, plan_path: Path) -> None:
    graduate_exam(tmp_path)  # expires 2031-10-31; CE counts until 2032-01-31
    refused = cli(
        "check", "recertify", "--on", "2032-02-01", env={"CMAPLAN_TODAY": "2032-02-02"}, code=64
    )
    assert "CE counted only until 2032-01-31" in refused.stderr


def test_a_ceu_counts_from_one_contact_hour(tmp_path: Path, plan_path: Path) -> None:
    graduate_exam(tmp_path)
    refused = cli("ceu", "add", "--area", "general", "--points", "0.5", "--title", "t", code=64)
    assert "0.5 points is not allowed: give 1 to 60, in steps of 0.5" in refused.stderr
    cli("ceu", "add", "--area", "general", "--points", "1.5", "--title", "t")
