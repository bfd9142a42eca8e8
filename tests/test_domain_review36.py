"""The fifth domain review of #22, each finding an example of a class, across the years: the
days on which the AAMA's two counts of a lapse disagree (both fees said, the higher budgeted, no
day to be safe by that has passed), a renewal by exam whose pass-by day is out of reach or
outlasted by the study (forecast from its testing period, the gap said), and a graduate whose
long study would push the application out of Category 1 (applies within it and picks a later
testing period)."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from dateutil.relativedelta import relativedelta
from icalendar import Calendar

from tests.conftest import cli, init_on

YEARS = [2026, 2029, 2032]


def words(text: str) -> str:
    return " ".join(text.split())


def expiry(year: int) -> date:
    return date(year, 3, 1) - timedelta(days=1)  # February's last day, leap years too


def lapsed(tmp_path: Path, year: int, today: date, route: str) -> dict[str, str]:
    return init_on(
        tmp_path, today.isoformat(), experience="uncertified-ma", cma_status="lapsed",
        cma_expires=expiry(year), recertify_by=route, study_hours=3,
    )  # fmt: skip


@pytest.mark.parametrize("year", YEARS)
@pytest.mark.parametrize("offset", [1, 2])  # the 90 days end on 05-29; the FAQ's on 05-31
def test_between_the_two_counts_of_a_lapse_both_fees_are_said(
    tmp_path: Path, year: int, offset: int
) -> None:
    safe = expiry(year) + timedelta(days=90)
    today = safe + timedelta(days=offset)
    env = lapsed(tmp_path, year, today, "exam")
    status = words(cli("status", env=env).stdout)
    assert "fee $250, or $300 with the reactivation fee" in status
    assert f"apply by {safe} to be safe" not in status  # a day already gone is not advice
    assert f"after {safe} the reactivation fee may apply" in status
    shown = words(cli("show", "recertify", env=env).stdout)
    assert "or $300 with the $50 reactivation fee if the AAMA counts the lapse" in shown
    (step,) = json.loads(cli("timeline", "--json", env=env).stdout)["steps"]
    assert (step["by_exam"]["fee"], step["by_exam"]["reactivation_fee_may_apply"]) == (250, 50)
    costs = json.loads(cli("costs", "--json", env=env).stdout)
    renewal = [line for line in costs["lines"] if "by exam" in line["what"]]
    assert [(line["low_cents"], line["high_cents"]) for line in renewal] == [
        (30000, 30000)
    ]  # budgeted with the fee


@pytest.mark.parametrize("year", YEARS)
def test_on_the_last_safe_day_and_after_the_window_one_fee_is_said(
    tmp_path: Path, year: int
) -> None:
    safe = expiry(year) + timedelta(days=90)
    env = lapsed(tmp_path, year, safe, "exam")
    status = words(cli("status", env=env).stdout)
    assert "fee $250;" in status
    assert "or $300" not in status
    assert f"apply by {safe} to be safe" in status
    closed = {"CMAPLAN_TODAY": date(year, 6, 1).isoformat()}
    (step,) = json.loads(cli("timeline", "--json", env=closed).stdout)["steps"]
    assert (step["by_exam"]["fee"], step["by_exam"]["reactivation_fee_may_apply"]) == (300, 0)
    assert f"after {date(year, 5, 31)} renewing takes the exam again" in words(
        cli("status", env=closed).stdout
    )


@pytest.mark.parametrize("year", YEARS)
def test_a_ce_renewal_between_the_counts_is_dated_by_the_later_one(
    tmp_path: Path, year: int
) -> None:
    safe = expiry(year) + timedelta(days=90)
    env = lapsed(tmp_path, year, safe + timedelta(days=1), "ce")
    status = words(cli("status", env=env).stdout)
    assert "Renew now: the AAMA's FAQ lets continuing education count to" in status
    assert f"Renew by {safe}" not in status
    out = tmp_path / "plan.ics"
    cli("export", "ics", "-o", str(out), env=env)
    events = [
        e
        for e in Calendar.from_ical(out.read_bytes()).walk("VEVENT")
        if str(e["SUMMARY"]).startswith("Last day to renew")
    ]
    assert [e.decoded("DTSTART") for e in events] == [date(year, 5, 31)]


@pytest.mark.parametrize("year", YEARS)
@pytest.mark.parametrize("day", [24, 28])  # no approval in time for the pass-by day
def test_a_renewal_whose_pass_by_day_is_out_of_reach_is_forecast_from_the_study(
    tmp_path: Path, year: int, day: int
) -> None:
    expires = date(year, 5, 31)
    today = date(year, 3, day)
    env = init_on(
        tmp_path, today.isoformat(), experience="uncertified-ma", cma_status="current",
        cma_expires=expires, recertify_by="exam", study_hours=3,
    )  # fmt: skip
    data = json.loads(cli("timeline", "--json", env=env).stdout)
    (step,) = data["steps"]
    expected = date.fromisoformat(data["finish"]["expected"])
    assert expected > expires  # not the pass-by day: the study at 3 hours runs past it
    assert date.fromisoformat(step["due"]) == expected
    status = words(cli("status", env=env).stdout)
    assert f"the renewal comes after the credential expires on {expires}" in status
    assert f"renewed: expected {expires - relativedelta(months=2)}" not in status


@pytest.mark.parametrize("year", YEARS)
def test_a_pass_by_day_still_in_reach_stays_due_and_the_long_study_is_a_heads_up(
    tmp_path: Path, year: int
) -> None:
    expires = date(year, 5, 31)
    pass_by = expires - relativedelta(months=2)
    env = init_on(
        tmp_path, f"{year}-03-20", experience="uncertified-ma", cma_status="current",
        cma_expires=expires, recertify_by="exam", study_hours=3,
    )  # fmt: skip
    (step,) = json.loads(cli("timeline", "--json", env=env).stdout)["steps"]
    assert step["due"] == str(pass_by)  # the deadline, still keepable with more hours
    status = words(cli("status", env=env).stdout)
    assert f"pass by {pass_by}" in status
    assert "At your hours a week the study runs to about" in status


@pytest.mark.parametrize("year", YEARS)
def test_a_renewal_with_time_to_spare_keeps_its_pass_by_day(tmp_path: Path, year: int) -> None:
    expires = date(year, 5, 31)
    env = init_on(
        tmp_path, f"{year - 1}-09-01", experience="uncertified-ma", cma_status="current",
        cma_expires=expires, recertify_by="exam", study_hours=10,
    )  # fmt: skip
    data = json.loads(cli("timeline", "--json", env=env).stdout)
    assert data["finish"]["expected"] == str(expires - relativedelta(months=2))
    assert "the renewal comes after the credential expires" not in cli("status", env=env).stdout


@pytest.mark.parametrize("year", YEARS)
def test_a_slow_graduate_applies_within_category_1_and_picks_a_later_period(
    tmp_path: Path, year: int
) -> None:
    env = init_on(
        tmp_path, f"{year + 1}-03-10", graduated_on=date(year, 5, 10), study_hours=3,
    )  # fmt: skip
    data = json.loads(cli("timeline", "--json", env=env).stdout)
    dated = {s["id"]: s for s in data["steps"]}
    applied = date.fromisoformat(dated["exam-apply"]["due"])
    assert applied <= date(year + 1, 5, 10)  # inside Category 1's 12 months
    assert data["exam"]["category"] == 1
    assert data["exam"]["fee_usd"] == 125
    assert date.fromisoformat(dated["exam"]["due"]) >= date.fromisoformat(dated["exam-prep"]["due"])
    shown = words(cli("show", "exam-apply", env=env).stdout)
    assert "pick a period that begins about" in shown
    starts = date.fromisoformat(shown.split("pick a period that begins about ")[1][:10])
    latest = date.fromisoformat(dated["exam"]["latest"])
    assert starts <= date.fromisoformat(dated["exam"]["due"]) <= latest <= starts + timedelta(90)


@pytest.mark.parametrize("year", YEARS)
def test_a_slow_graduate_past_category_1_still_applies_after_the_study(
    tmp_path: Path, year: int
) -> None:
    env = init_on(
        tmp_path, f"{year + 1}-07-10", graduated_on=date(year, 5, 10), study_hours=3,
    )  # fmt: skip
    dated = {s["id"]: s for s in json.loads(cli("timeline", "--json", env=env).stdout)["steps"]}
    assert dated["exam-apply"]["start"] >= dated["exam-prep"]["due"]
    assert "pick a period that begins about" not in cli("show", "exam-apply", env=env).stdout


@pytest.mark.parametrize(
    ("hours", "graduated"),
    [(10, date(2026, 1, 10)), (20, date(2025, 5, 10)), (40, date(2025, 5, 10))],
)
def test_a_graduate_with_time_in_category_1_gets_no_later_period_heads_up(
    tmp_path: Path, hours: int, graduated: date
) -> None:
    env = init_on(tmp_path, "2026-03-10", graduated_on=graduated, study_hours=hours)
    assert "pick a period that begins about" not in cli("show", "exam-apply", env=env).stdout


# --- the sixth round (helper review of the fifth) ---------------------------------------------


@pytest.mark.parametrize("status", ["current", "lapsed"])
def test_a_failed_renewal_exam_is_refused_not_said_to_be_recorded(
    tmp_path: Path, plan_path: Path, status: str
) -> None:
    expires = date(2027, 6, 30) if status == "current" else date(2026, 10, 31)
    env = init_on(
        tmp_path, "2027-01-10", experience="uncertified-ma", cma_status=status,
        cma_expires=expires, recertify_by="exam", study_hours=3,
    )  # fmt: skip
    before = plan_path.read_bytes()
    refused = cli("check", "exam", "--failed", "--on", "2027-01-05", env=env, code=64).stderr
    assert "this plan has no exam step" in refused
    assert "Recorded" not in refused
    assert plan_path.read_bytes() == before


@pytest.mark.parametrize("year", YEARS)
def test_ceu_gives_a_lapsed_credential_the_lapse_windows_day(tmp_path: Path, year: int) -> None:
    expires = date(year, 10, 31)
    env = init_on(
        tmp_path, f"{year + 1}-01-05", experience="uncertified-ma", cma_status="lapsed",
        cma_expires=expires, study_hours=10,
    )  # fmt: skip
    safe = expires + timedelta(days=90)
    for area in ("general", "administrative", "clinical"):
        added = cli("ceu", "add", "--area", area, "--points", "20", "--title", "X",
                    "--on", f"{year}-06-01", env=env).stdout  # fmt: skip
    assert f"Apply by {safe}." in added
    assert f"apply by {safe}" in words(cli("ceu", env=env).stdout)
    assert json.loads(cli("ceu", "--json", env=env).stdout)["apply_by"] == str(safe)
    after = {"CMAPLAN_TODAY": str(safe + timedelta(days=1))}
    faq = date(year + 1, 1, 31)
    assert json.loads(cli("ceu", "--json", env=after).stdout)["apply_by"] == str(faq)


def test_category_4_after_the_pathway_end_is_warned_from_the_first_day(tmp_path: Path) -> None:
    from tests.conftest import answers_file

    answers = answers_file(
        tmp_path, "2028-09-01", pace="part-time", experience="uncertified-ma",
        finished_ma_program=True, program_contact_hours=600, program_practicum_hours=0,
        ma_work_hours=200, study_hours=10, state="NJ",
    )  # fmt: skip
    env = {"CMAPLAN_TODAY": "2027-09-01"}  # two years ahead of the start it gives
    cli("init", "--answers", str(answers), "--force", env=env)
    data = json.loads(cli("timeline", "--json", env=env).stdout)
    dated = {s["id"]: s for s in data["steps"]}
    assert dated["alternative-review"]["due"] <= "2029-08-31" < dated["exam"]["due"]
    warned = " ".join(dated["alternative-review"]["warnings"])
    assert f"Your exam is forecast for {dated['exam']['due']}, after 2029-08-31" in warned


@pytest.mark.parametrize("year", YEARS)
def test_an_application_that_fits_in_category_1_is_dated_inside_it(
    tmp_path: Path, year: int
) -> None:
    env = init_on(tmp_path, f"{year + 1}-03-01", graduated_on=date(year, 3, 10), study_hours=20)
    data = json.loads(cli("timeline", "--json", env=env).stdout)
    dated = {s["id"]: s for s in data["steps"]}
    assert dated["exam-apply"]["due"] == f"{year + 1}-03-10"
    assert (data["exam"]["category"], data["exam"]["fee_usd"]) == (1, 125)
    costs = json.loads(cli("costs", "--json", env=env).stdout)["lines"]
    exam = next(line for line in costs if line["key"] == "exam")
    assert (exam["due"], exam["low_cents"]) == (f"{year + 1}-03-10", 12500)
    late = {"CMAPLAN_TODAY": f"{year + 1}-03-11"}  # the window has closed: Category 2 now
    assert json.loads(cli("timeline", "--json", env=late).stdout)["exam"]["category"] == 2


def test_a_state_credential_has_a_fee_line_to_fill_in(tmp_path: Path) -> None:
    env = init_on(tmp_path, "2027-03-01", graduated_on=date(2027, 1, 20), state="WA")
    lines = json.loads(cli("costs", "--json", env=env).stdout)["lines"]
    state = [line for line in lines if line["key"] == "state-credential"]
    assert len(state) == 1
    assert state[0]["basis"] == "fill"


def test_a_part_time_student_is_not_told_to_go_part_time(tmp_path: Path) -> None:
    env = init_on(
        tmp_path, "2027-03-01", program="associate", pace="part-time", study_hours=3,
        experience="cna",
    )  # fmt: skip
    shown = words(cli("show", "coursework", env=env).stdout)
    assert "how long it lets a part-time student take" in shown
    assert "spread it out (part-time)" not in shown
