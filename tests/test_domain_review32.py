"""The third domain review of #22, each finding an example of a class, across the years: a
retake whose wait outlasts Category 1, an application so early that its testing period holds no
allowed exam day (said when it is recorded), the study a lapsed CMA needs before the exam, the
day to renew a lapsed credential by to be safe, and Category 4 dated after the pathway's end."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from icalendar import Calendar

from tests.conftest import cli, init_on

YEARS = [2026, 2029, 2032]


def steps(env: dict[str, str]) -> dict[str, dict[str, object]]:
    data = json.loads(cli("timeline", "--json", env=env).stdout)
    return {s["id"]: s for s in data["steps"]}


def words(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("year", YEARS)
def test_a_retake_whose_wait_outlasts_category_1_is_not_promised_category_1(
    tmp_path: Path, year: int
) -> None:
    env = init_on(tmp_path, f"{year}-12-04", graduated_on=date(year, 1, 20))
    cli("check", "exam-apply", "--on", f"{year}-11-01", env=env)
    cli("check", "exam", "--failed", "--on", f"{year}-12-01", env=env)
    said = words(cli("show", "exam-apply", env=env).stdout)
    assert "to stay in Category 1 at $125" not in said  # the wait makes that impossible
    wait_ends = date(year, 11, 1) + timedelta(days=90)
    assert f"waits until the failed attempt's testing period is over ({wait_ends})" in said
    assert "Category 2 at $250" in said
    assert "ask the AAMA before" in said
    dated = steps(env)
    assert date.fromisoformat(str(dated["exam-apply"]["due"])) >= wait_ends


@pytest.mark.parametrize("year", YEARS)
def test_a_retake_inside_category_1_keeps_its_fee(tmp_path: Path, year: int) -> None:
    env = init_on(tmp_path, f"{year}-12-04", graduated_on=date(year, 6, 10))
    cli("check", "exam-apply", "--on", f"{year}-11-01", env=env)
    cli("check", "exam", "--failed", "--on", f"{year}-12-01", env=env)
    said = words(cli("show", "exam-apply", env=env).stdout)
    assert "you are in Category 1 and the fee for you is $125" in said
    assert "waits until the failed attempt's testing period" not in said


@pytest.mark.parametrize("year", YEARS)
def test_an_application_too_early_for_any_exam_day_is_said_when_recorded(
    tmp_path: Path, year: int
) -> None:
    init_on(tmp_path, f"{year}-01-05")
    env = {"CMAPLAN_TODAY": f"{year + 1}-04-02"}
    cli("check", "choose-program", "apply-program", "--on", f"{year + 1}-01-10", env=env)
    recorded = words(cli("check", "exam-apply", "--on", f"{year + 1}-04-01", env=env).stdout)
    ends = date(year + 1, 4, 1) + timedelta(days=90)
    assert (
        f"Heads-up (exam): A testing period that began with your application of {year + 1}-04-01"
        in recorded
    )
    assert f"ends on {ends}" in recorded
    assert "no day of such a period is allowed" in recorded
    shown = words(cli("show", "exam", env=env).stdout)
    assert "no day of such a period is allowed" in shown
    assert "book a seat inside your period" not in shown  # the impossible advice is gone
    again = words(cli("check", "resume.1", env=env).stdout)
    assert "Heads-up" not in again  # said once, when it came, not at every check


@pytest.mark.parametrize("year", YEARS)
def test_an_application_near_the_end_of_the_program_brings_no_heads_up(
    tmp_path: Path, year: int
) -> None:
    init_on(tmp_path, f"{year}-01-05")
    env = {"CMAPLAN_TODAY": f"{year + 1}-10-30"}
    done = ["choose-program", "apply-program"]
    cli("check", *done, "--on", f"{year + 1}-01-10", env=env)
    dated = steps(env)
    finish = date.fromisoformat(str(dated["graduate"]["due"]))
    day = (finish - timedelta(days=20)).isoformat()
    later = {"CMAPLAN_TODAY": day}
    recorded = cli("check", "exam-apply", "--on", day, env=later).stdout
    assert "no day of such a period" not in recorded


@pytest.mark.parametrize("year", YEARS)
@pytest.mark.parametrize("hours", [5, 20, 40])
def test_a_lapsed_cma_studies_before_the_exam_that_renews_it(
    tmp_path: Path, year: int, hours: int
) -> None:
    today = date(year, 12, 4)
    env = init_on(
        tmp_path, today.isoformat(), experience="uncertified-ma", cma_status="lapsed",
        cma_expires=date(year - 1, 6, 30), study_hours=hours,
    )  # fmt: skip
    shown = words(cli("show", "recertify", env=env).stdout)
    assert "It is the exam new candidates take" in shown
    assert f"with about {hours} hours a week" in shown
    data = json.loads(cli("timeline", "--json", env=env).stdout)
    expected = date.fromisoformat(data["finish"]["expected"])
    assert expected >= today + timedelta(weeks=2)  # not "current again" before any study
    assert expected <= date.fromisoformat(data["finish"]["latest"])


def test_fewer_study_hours_forecast_a_later_renewal(tmp_path: Path) -> None:
    def finish(hours: int) -> date:
        env = init_on(
            tmp_path, "2026-12-04", experience="uncertified-ma", cma_status="lapsed",
            cma_expires=date(2025, 6, 30), study_hours=hours,
        )  # fmt: skip
        data = json.loads(cli("timeline", "--json", env=env).stdout)
        return date.fromisoformat(data["finish"]["expected"])

    assert finish(5) > finish(40)


@pytest.mark.parametrize("year", YEARS)
def test_a_credential_just_expired_is_told_the_day_to_be_safe_by(tmp_path: Path, year: int) -> None:
    expires = date(year, 10, 31)
    env = init_on(
        tmp_path, f"{year}-12-04", experience="uncertified-ma", cma_status="lapsed",
        cma_expires=expires,
    )  # fmt: skip
    status = words(cli("status", env=env).stdout)
    safe = expires + timedelta(days=90)
    assert f"Renew by {safe}" in status
    assert "to be safe" in status
    assert f"({date(year + 1, 1, 31)})" in status  # the FAQ's count, to the month's end
    out = tmp_path / "plan.ics"
    cli("export", "ics", "-o", str(out), env=env)
    calendar = Calendar.from_ical(out.read_bytes())
    ends = [e for e in calendar.walk("VEVENT") if "continuing education" in str(e.get("summary"))]
    assert ends
    assert ends[0].decoded("dtstart") == safe


def test_category_4_after_the_pathway_end_date_is_warned(tmp_path: Path) -> None:
    env = init_on(
        tmp_path, "2029-06-01", experience="uncertified-ma", finished_ma_program=True,
        program_contact_hours=600, program_practicum_hours=0, ma_work_hours=0,
    )  # fmt: skip
    status = words(cli("status", env=env).stdout)
    assert status.count("it may be closed by then") == 1  # on the review, once
    assert "after 2029-08-31" in status


def test_category_4_well_before_the_pathway_end_date_is_not_warned(tmp_path: Path) -> None:
    env = init_on(
        tmp_path, "2026-12-04", experience="uncertified-ma", finished_ma_program=True,
        program_contact_hours=600, program_practicum_hours=160, ma_work_hours=0,
    )  # fmt: skip
    assert "it may be closed by then" not in cli("status", env=env).stdout


def test_the_eras_dates_cite_the_aamc() -> None:
    from cmaplan.core.knowledge import load_knowledge

    kb = load_knowledge()
    assert "aamc-eras-faq" in kb.fact("residency_submit_day").sources
    assert kb.sources["aamc-eras-faq"].where.startswith("https://students-residents.aamc.org/")


@pytest.mark.parametrize(
    ("pace", "hours", "said"),
    [
        (
            "part-time",
            12,
            True,
        ),  # the program fits 12 hours; a 160-hour practicum in 1-2 months not
        ("full-time", 20, True),
        ("full-time", 40, False),
        ("part-time", None, False),  # no hours given: the program's own schedule, unremarked
        ("full-time", 5, False),  # the program does not fit: the externship is dated by its hours
    ],
)
def test_an_externship_shorter_than_its_hours_at_the_persons_pace_says_so(
    tmp_path: Path, pace: str, hours: int | None, said: bool
) -> None:
    extra = {} if hours is None else {"study_hours": hours}
    env = init_on(tmp_path, "2026-12-04", pace=pace, **extra)
    shown = words(cli("show", "externship", env=env).stdout)
    assert ("clinic sites set the hours" in shown) is said
    if hours == 5:  # dated by its own hours: 160 hours at 5 a week are 32 weeks at least
        dated = steps(env)["externship"]
        start = date.fromisoformat(str(dated["start"]))
        assert date.fromisoformat(str(dated["due"])) - start >= timedelta(weeks=32)


CATEGORY_4 = {"experience": "uncertified-ma", "finished_ma_program": True}


@pytest.mark.parametrize(
    ("contact", "practicum", "work", "warned"),
    [(560, 0, 1200, True), (600, 100, 1000, True), (560, 160, 0, False), (700, 200, 0, False)],
)
def test_washington_asks_more_of_a_category_4_program_than_the_aama(
    tmp_path: Path, contact: int, practicum: int, work: int, warned: bool
) -> None:
    env = init_on(
        tmp_path, "2029-03-01", state="WA", program_contact_hours=contact,
        program_practicum_hours=practicum, ma_work_hours=work, **CATEGORY_4,
    )  # fmt: skip
    status = words(cli("status", env=env).stdout)
    assert ("720 clock hours" in status) is warned
    assert ("before you pay the exam fee" in status) is warned
    elsewhere = init_on(
        tmp_path, "2029-03-01", state="TX", program_contact_hours=contact,
        program_practicum_hours=practicum, ma_work_hours=work, **CATEGORY_4,
    )  # fmt: skip
    assert "720 clock hours" not in cli("status", env=elsewhere).stdout


def test_category_4_after_the_pathway_end_date_has_passed_says_so(tmp_path: Path) -> None:
    env = init_on(
        tmp_path, "2032-03-01", program_contact_hours=600, program_practicum_hours=160,
        **CATEGORY_4,
    )  # fmt: skip
    status = words(cli("status", env=env).stdout)
    assert "which has passed" in status
    assert "it may be closed by then" not in status


def test_the_retake_wait_counts_from_the_corrected_application_day(tmp_path: Path) -> None:
    init_on(tmp_path, "2026-08-01", graduated_on=date(2025, 11, 15))
    env = {"CMAPLAN_TODAY": "2026-10-02"}
    cli("check", "exam-apply", "--on", "2026-08-25", env=env)
    cli("check", "exam-apply", "--on", "2026-08-20", env=env)  # a correction
    cli("check", "exam", "--failed", "--on", "2026-10-01", env=env)
    later = {"CMAPLAN_TODAY": "2026-11-20"}
    cli("check", "exam-apply", "--on", "2026-11-19", env=later)
    cli("check", "exam", "--on", "2026-11-20", env=later)  # 90 days from 08-20 end on 11-17


@pytest.mark.parametrize("year", YEARS)
def test_a_slow_lapsed_renewal_picks_a_window_that_outlasts_its_study(
    tmp_path: Path, year: int
) -> None:
    """The application (and its fee) stays on the day to apply; the testing period it picks
    begins once most of the study is done, so the window does not close before then."""
    today = date(year, 7, 1)
    env = init_on(
        tmp_path, today.isoformat(), experience="uncertified-ma", cma_status="lapsed",
        cma_expires=date(year, 3, 1) - timedelta(days=1), study_hours=3,
    )  # fmt: skip
    (step,) = json.loads(cli("timeline", "--json", env=env).stdout)["steps"]
    assert step["by_exam"]["apply_by"] == today.isoformat()
    opens, closes = (date.fromisoformat(d) for d in step["by_exam"]["testing_window"])
    assert opens > today + timedelta(weeks=2)  # not the first day after approval
    assert closes >= today + timedelta(weeks=17)  # 4 months of study fit before it closes
    assert "pick a testing period that begins about" in words(
        cli("show", "recertify", env=env).stdout
    )


def test_a_lapsed_renewal_inside_the_window_is_priced_on_the_day_to_apply(tmp_path: Path) -> None:
    """Within the lapse window at 3 hours a week: apply now at $250 (no reactivation fee yet);
    the plan never dates the application past the window's end at the lower fee."""
    init_on(
        tmp_path, "2026-03-01", experience="uncertified-ma", cma_status="lapsed",
        cma_expires=date(2026, 1, 31), recertify_by="exam", study_hours=3,
    )  # fmt: skip
    env = {"CMAPLAN_TODAY": "2026-04-20"}
    (step,) = json.loads(cli("timeline", "--json", env=env).stdout)["steps"]
    assert step["by_exam"]["apply_by"] == "2026-04-20"
    assert (step["by_exam"]["fee"], step["by_exam"]["reactivation_fee"]) == (250, 0)
    later = {"CMAPLAN_TODAY": "2026-05-26"}  # past the window: the reactivation fee
    (step,) = json.loads(cli("timeline", "--json", env=later).stdout)["steps"]
    assert (step["by_exam"]["fee"], step["by_exam"]["reactivation_fee"]) == (300, 50)


@pytest.mark.parametrize(("hours", "said"), [(3, True), (12, True), (40, False)])
def test_a_renewal_by_exam_whose_study_outlasts_the_pass_by_day_says_so(
    tmp_path: Path, hours: int, said: bool
) -> None:
    env = init_on(
        tmp_path, "2026-03-01", experience="uncertified-ma", cma_status="current",
        cma_expires=date(2026, 5, 31), recertify_by="exam", study_hours=hours,
    )  # fmt: skip
    shown = words(cli("show", "recertify", env=env).stdout)
    assert ("rather than spend an attempt and its fee unprepared" in shown) is said


def test_a_retake_applied_for_on_the_day_of_the_failure_is_the_next_attempts(
    tmp_path: Path,
) -> None:
    init_on(tmp_path, "2026-02-20", graduated_on=date(2025, 5, 25))
    cli("check", "exam-apply", "--on", "2026-02-20", env={"CMAPLAN_TODAY": "2026-02-20"})
    day = {"CMAPLAN_TODAY": "2026-04-01"}
    cli("check", "exam", "--failed", "--on", "2026-04-01", env=day)
    cli("check", "exam-apply", "--on", "2026-04-01", env=day)  # the retake, the same day
    shown = words(cli("show", "exam", env=day).stdout)
    assert "from your application of 2026-02-20" in shown
    cli("check", "exam", "--on", "2026-05-22", env={"CMAPLAN_TODAY": "2026-05-22"})


@pytest.mark.parametrize("late", [1, 10, 40])
def test_a_late_renewal_is_as_late_as_today_says(tmp_path: Path, late: int) -> None:
    """By continuing education, due 30 days before the expiry. (By exam, a pass-by day that has
    gone is no day to count from: the renewal is then due when it can be done, and `status`
    says the gap: tests/test_domain_review40.py.)"""
    init_on(
        tmp_path, "2026-03-01", experience="uncertified-ma", cma_status="current",
        cma_expires=date(2026, 5, 31), recertify_by="ce",
    )  # fmt: skip
    day = date(2026, 5, 1) + timedelta(days=late)
    data = json.loads(cli("status", "--json", env={"CMAPLAN_TODAY": day.isoformat()}).stdout)
    late_items = [s for s in data["next"] if s["id"] == "recertify"]
    assert late_items
    assert late_items[0]["days_late"] == late


def test_init_says_when_category_1_closes_in_a_few_days(tmp_path: Path) -> None:
    from tests.conftest import answers_file

    answers = answers_file(tmp_path, "2026-03-01", graduated_on=date(2025, 3, 5))
    made = words(cli("init", "--answers", str(answers), env={"CMAPLAN_TODAY": "2026-03-01"}).stdout)
    assert "Applying for the exam on 2026-03-05 puts you in Category 1" in made  # not a day late
    assert "Apply by 2026-03-05 (in 4 days) to stay in Category 1 at $125" in made


def test_a_program_with_no_accreditor_may_still_reach_category_4(tmp_path: Path) -> None:
    env = init_on(tmp_path, "2026-03-01")
    cli("program", "add", "Quick MA", "--type", "certificate", "--accreditor", "none",
        "--months", "6", "--starts", "2026-05-04", env=env)  # fmt: skip
    shown = words(cli("program", "compare", env=env).stdout)
    assert "not eligible for the CMA (AAMA)" not in shown.split("Not accredited")[0]
    assert "Category 4 may remain" in shown
    assert "Accredited by another body" not in shown
