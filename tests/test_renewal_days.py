"""One set of renewal key days across the views, through the commands, for a CMA who holds the
credential: current, lapsed within the window and lapsed past it, by CE and by exam, over years
of dates (findings 5-8 and 14 of the newcomer review of #22)."""

from __future__ import annotations

import json
import os
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from dateutil.relativedelta import relativedelta
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cmaplan.core.knowledge import load_knowledge
from cmaplan.core.renewaldays import add_business_days, renewal_study_days
from cmaplan.core.rules import lapse_ends, lapse_safe
from tests.conftest import answers_file, cli, make_profile

KB = load_knowledge()
EXAMPLES = int(os.environ.get("RENEWAL_EXAMPLES", "12"))  # more: RENEWAL_EXAMPLES=200
FIXTURE = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)


def month_end(day: date) -> date:
    end: date = day + relativedelta(day=31)
    return end


def holder_plan(folder: Path, today: date, expires: date, route: str = "ce") -> dict[str, str]:
    """A fresh plan of a CMA whose credential expires (or expired) on `expires`; the env of
    `today`."""
    status = "current" if expires >= today else "lapsed"
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("plan.toml*"):  # a new person each example: no progress carried
        old.unlink()
    file = answers_file(
        folder,
        today.isoformat(),
        experience="uncertified-ma",
        cma_status=status,
        cma_expires=expires,
        recertify_by=route,
    )
    env = {"CMAPLAN_TODAY": today.isoformat()}
    cli("init", "--answers", str(file), env=env)
    return env


def flat(text: str) -> str:
    return " ".join(text.split())


def ics_events(text: str) -> list[dict[str, Any]]:
    """The calendar's events: uid, start and the days before it of each alarm."""
    from icalendar import Calendar

    events = []
    for event in Calendar.from_ical(text).walk("VEVENT"):
        alarms = [-a.get("trigger").dt.days for a in event.walk("VALARM")]
        events.append(
            {
                "uid": str(event.get("uid")),
                "day": event.get("dtstart").dt,
                "text": str(event.get("description")),
                "alarms": alarms,
            }
        )
    return events


def calendar(env: dict[str, str]) -> list[dict[str, Any]]:
    return ics_events(cli("export", "ics", "--output", "-", env=env).stdout)


@FIXTURE
@given(expires=st.dates(date(2026, 1, 1), date(2034, 12, 31)), after=st.integers(1, 92))
def test_a_lapsed_cmas_calendar_has_the_last_day_ce_counts(
    plan_path: Path, expires: date, after: int
) -> None:
    expires = month_end(expires)
    today = expires + timedelta(days=after)
    closes = lapse_ends(expires, KB)
    if today > closes:
        today = closes
    env = holder_plan(plan_path.parent, today, expires)
    (ce_end,) = [e for e in calendar(env) if e["uid"].startswith("ce-window-ends")]
    safe = lapse_safe(expires, KB)  # the notice's 90 days, where sooner than the month count
    assert ce_end["day"] == safe == min(expires + timedelta(days=90), closes)
    assert "reactivation fee" in ce_end["text"]
    assert "Renew by " + safe.isoformat() in flat(cli("status", env=env).stdout)


@FIXTURE
@given(
    expires=st.dates(date(2026, 1, 1), date(2034, 12, 31)),
    after=st.integers(1, 900),
    route=st.sampled_from(["ce", "exam"]),
)
def test_past_the_lapse_window_the_plan_renews_by_exam(
    plan_path: Path, expires: date, after: int, route: str
) -> None:
    expires = month_end(expires)
    today = lapse_ends(expires, KB) + timedelta(days=after)
    env = holder_plan(plan_path.parent, today, expires, route)
    opens = add_business_days(today, 7)
    shown = flat(cli("show", "recertify", env=env).stdout)
    assert "continuing-education points" not in shown  # CE is not the plan any more
    assert "Renewing early" not in shown
    assert "(we plan" not in shown
    assert f"about {opens} to {opens + timedelta(days=90)}" in shown
    ceu = flat(cli("ceu", env=env).stdout)
    assert "you renew by the exam · apply for the exam now" in ceu
    assert "by continuing education ·" not in ceu
    timeline = json.loads(cli("timeline", "--json", env=env).stdout)
    assert timeline["credential"]["route"] == "exam"
    (step,) = timeline["steps"]
    assert step["by_exam"]["application_received_by"] is None
    assert step["by_exam"]["apply_by"] == today.isoformat()
    assert step["expected"] >= opens.isoformat()  # never "current again" today
    tally = json.loads(cli("ceu", "--json", env=env).stdout)
    assert tally["apply_by"] == tally["by_exam"]["apply_by"]
    assert (tally["route"], tally["ce_counts_until"]) == (
        "exam",
        lapse_ends(expires, KB).isoformat(),
    )
    status = flat(cli("status", env=env).stdout)
    studied = today + timedelta(days=round(renewal_study_days(make_profile(), KB)))
    assert f"expected {max(opens, studied)}" in status  # after the study, in the window
    assert "days earlier" not in status
    # Recording the renewal: refused before the window opens, then the new expiry is the news
    if route == "ce":
        cli("recertify", "--by", "exam", env=env)
    refused = cli("check", "recertify", env=env, code=64).stderr
    assert "too soon" in refused
    assert f"the earliest day is {opens}" in refused
    assert len(refused.strip().splitlines()) == 1
    then = {"CMAPLAN_TODAY": opens.isoformat()}
    said = flat(cli("check", "recertify", env=then).stdout)
    new_expiry = month_end(opens + relativedelta(months=60))
    assert f"renewed on {opens}, current until {new_expiry}" in said
    assert "days later" not in said
    status = flat(cli("status", env=then).stdout)
    assert f"renewed on {opens}; the new expiry is {new_expiry}" in status
    assert "days later" not in status
    assert "Planned" not in status


@FIXTURE
@given(expires=st.dates(date(2026, 6, 1), date(2034, 12, 31)), before=st.integers(0, 1500))
def test_a_current_cmas_exam_route_agrees_everywhere(
    plan_path: Path, expires: date, before: int
) -> None:
    expires = month_end(expires)
    today = max(expires - timedelta(days=before), date(2026, 1, 1))
    env = holder_plan(plan_path.parent, today, expires)
    switched = cli("recertify", "--by", "exam", env=env).stdout
    assert "earlier" not in flat(cli("status", env=env).stdout)  # a route is not good news
    assert switched.startswith("You will renew by exam")
    tally = json.loads(cli("ceu", "--json", env=env).stdout)
    by_exam = tally["by_exam"]
    assert tally["apply_by"] == by_exam["apply_by"]
    opens, closes = (date.fromisoformat(d) for d in by_exam["testing_window"])
    shown = flat(cli("show", "recertify", env=env).stdout)
    events = calendar(env)
    (expiry,) = [e for e in events if e["uid"].startswith("credential-expires")]
    assert "cmaplan ceu" not in expiry["text"]  # the exam route has no units to log
    if by_exam["pass_by"] is not None:
        pass_by = date.fromisoformat(by_exam["pass_by"])
        assert opens <= closes <= pass_by  # no seat after the day to pass by
        assert f"Pass it by {pass_by}" in shown
        for days in expiry["alarms"]:  # no reminder after the pass-by day
            assert expires - timedelta(days=days) <= pass_by
    else:  # too late to keep it without a gap: said so, no pass-by day given
        assert "Pass it by" not in shown
        assert "current again from the day you pass" in shown
        assert by_exam["application_received_by"] is None
    status = flat(cli("status", env=env).stdout)
    if by_exam["pass_by"] is None:
        assert "pass by" not in status
    # The day after the pass-by day and after the expiry: no stale pass-by day anywhere
    pass_day = expires - relativedelta(months=2)
    for later in (pass_day + timedelta(days=1), expires + timedelta(days=15)):
        env = {"CMAPLAN_TODAY": later.isoformat()}
        for args in (("show", "recertify"), ("status",), ("ceu",)):
            assert f"by {pass_day}" not in flat(cli(*args, env=env).stdout), (later, args)


def test_a_renewal_before_the_plan_was_made_is_taken(plan_path: Path) -> None:
    """A pass before the plan existed was applied for before it: only the approval counts."""
    env = holder_plan(plan_path.parent, date(2027, 3, 15), date(2026, 11, 30), "exam")
    cli("check", "recertify", "--on", "2027-03-10", env=env)
    assert "renewed on 2027-03-10" in flat(cli("status", env=env).stdout)
