"""A step that was never marked done, but whose every follower was, is no longer needed: it is
neither late nor next, over the years the plan lives ("Study for the exam ... about 5 years
late" on the status of a CMA who passed in 2027)."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from dateutil.relativedelta import relativedelta

from cmaplan.core.model import Plan, Status
from cmaplan.core.planner import build_plan, mark
from cmaplan.core.profile import parse_profile
from cmaplan.core.schedule import due_words, forecast, next_actions
from tests.conftest import cli, init_on

START = date(2026, 12, 4)
GRADUATE = {
    "start_date": START,
    "diploma": True,
    "foreign_medical_degree": False,
    "program": "certificate",
    "pace": "full-time",
    "goal": "career",
    "graduated_on": date(2026, 11, 16),
}


def passed_plan() -> Plan:
    plan = build_plan(parse_profile(GRADUATE, today=START), today=START)
    plan = mark(plan, ["exam-apply"], done_on=date(2027, 1, 20))
    return mark(plan, ["exam"], done_on=date(2027, 3, 1))


def test_study_for_an_exam_passed_is_no_longer_needed_on_every_month_of_eight_years() -> None:
    plan = passed_plan()
    seen = 0
    for months in range(0, 8 * 12):
        today = date(2027, 3, 2) + relativedelta(months=months)
        result = forecast(plan, today)
        prep = result.get("exam-prep")
        assert prep.status is Status.NOT_NEEDED, today
        assert prep.late_since is None
        assert prep.due == date(2027, 3, 1)
        assert not prep.is_open
        assert not prep.warnings
        assert "exam-prep" not in {s.step.id for s in next_actions(result, len(result.steps))}
        assert due_words(prep) == "no longer needed: the steps after it were done by 2027-03-01"
        assert result.get("resume").is_open  # its follower, the job search, is still to do
        seen += 1
    assert seen == 96


def test_a_step_with_one_follower_still_open_stays_open() -> None:
    plan = build_plan(parse_profile(GRADUATE, today=START), today=START)
    # the exam, exam-prep's one follower, is still open
    plan = mark(plan, ["exam-apply"], done_on=date(2027, 1, 20))
    result = forecast(plan, date(2027, 6, 1))
    assert result.get("exam-prep").status is Status.OVERDUE
    assert result.get("exam-prep") in next_actions(result)


def test_the_commands_say_it_and_leave_it_out_of_what_is_next(tmp_path: Path) -> None:
    env = init_on(tmp_path, START.isoformat(), graduated_on=date(2026, 11, 16))
    fresh = cli("timeline", env=env).stdout
    assert "not needed" not in fresh  # the legend names the mark only where it is shown
    later = {"CMAPLAN_TODAY": "2027-03-02"}
    cli("check", "exam-apply", "--on", "2027-01-20", env=later)
    cli("check", "exam", "--on", "2027-03-01", env=later)
    for day in ("2027-06-01", "2030-01-15", "2032-05-10", "2034-12-31"):
        env = {"CMAPLAN_TODAY": day, "COLUMNS": "120"}
        status = cli("status", env=env).stdout
        assert "exam-prep" not in status, (day, status)
        timeline = cli("timeline", "--all", env=env).stdout
        assert re.search(r"^–\s+Study for the exam\s+exam-prep\s+2027-03-01", timeline, re.M)
        assert "– not needed" in timeline
        shown = cli("show", "exam-prep", env=env).stdout
        assert "not needed" in shown
        assert "No longer needed: the steps after it were done by 2027-03-01." in shown
        assert "late" not in shown
        ics = cli("export", "ics", "-o", "-", env=env).stdout.replace("\r\n ", "")
        event = ics.split("SUMMARY:No longer needed: Study for the exam")[1].split("END:VEVENT")[0]
        assert "BEGIN:VALARM" not in event
        markdown = cli("export", "markdown", "-o", "-", env=env).stdout
        assert "no longer needed" in markdown
    cli("check", "exam-prep", "--on", "2027-02-20", env={"CMAPLAN_TODAY": "2027-06-01"})
    shown = cli("show", "exam-prep", env={"CMAPLAN_TODAY": "2027-06-01"}).stdout
    assert "Done on 2027-02-20." in shown  # still a step the person can mark done


def test_a_first_job_waits_for_a_lapsed_credential_to_be_renewed_on_every_month() -> None:
    """A CMA who passed in 2027 and has not found a job: once the credential has expired, the
    first job is forecast no earlier than the renewal, and the headline says why."""
    from cmaplan.core.schedule import headline_notes

    plan = passed_plan()
    lapsed = 0
    for months in range(0, 8 * 12):
        today = date(2027, 3, 2) + relativedelta(months=months)
        result = forecast(plan, today)
        assert result.credential is not None
        notes = " ".join(headline_notes(plan, result))
        waits = "A job as a CMA waits until your credential is current again" in notes
        if result.credential.expires >= today:
            assert not waits, today
            continue
        lapsed += 1
        assert waits, today
        recertify = result.get("recertify")
        assert result.finish.expected >= recertify.window.expected, today
        assert result.finish.latest >= recertify.window.latest, today
    assert lapsed > 24  # 2032-04 on: the case was seen


def test_a_lapsed_cma_renewing_by_exam_is_told_of_the_fee_not_of_continuing_education(
    tmp_path: Path,
) -> None:
    init_on(tmp_path, START.isoformat(), graduated_on=date(2026, 11, 16))
    later = {"CMAPLAN_TODAY": "2027-03-02"}
    cli("check", "exam-apply", "--on", "2027-01-20", env=later)
    cli("check", "exam", "--on", "2027-03-01", env=later)
    env = {"CMAPLAN_TODAY": "2032-05-10", "COLUMNS": "200"}
    cli("recertify", "--by", "exam", env=env)
    status = cli("status", env=env).stdout
    assert "until you pass the exam again you may not use the title" in status
    assert "a $50 reactivation fee comes on top of the exam fee" in status
    assert "continuing education" not in status
    shown = cli("show", "recertify", env=env).stdout
    assert "3.  Renew as soon as you can" in shown
    assert "Renew before the expiry date" not in shown
    assert "Renewing early does not add the time left" not in shown  # nothing left to lose
    current = cli("show", "recertify", env={"CMAPLAN_TODAY": "2030-05-10"}).stdout
    assert "3.  Renew before the expiry date shown in this plan." in current


def test_a_step_needed_before_the_externship_is_not_late_while_the_externship_waits() -> None:
    """health-records is needed by the externship, which waits for the coursework: on every
    month before the externship could begin, it is due by then, not "months late"; once the
    externship could begin (coursework done), it is no longer a step of the plan's own: the
    program asks for it by then."""
    student = {**GRADUATE, "start_date": date(2026, 1, 5)}
    del student["graduated_on"]
    plan = build_plan(parse_profile(student, today=date(2026, 1, 5)), today=date(2026, 1, 5))
    before = ["choose-program", "apply-program", "financial-aid", "entry-checks"]
    plan = mark(plan, [s for s in before if s in plan.ids], done_on=date(2026, 2, 1))
    for months in range(1, 30):
        day = date(2026, 2, 1) + relativedelta(months=months)
        item = forecast(plan, day).get("health-records")
        assert item.status is not Status.OVERDUE, day
        assert item.due >= day, day
        assert "late" not in due_words(item), day
    finished = mark(plan, ["coursework"], done_on=date(2026, 12, 1))
    later = forecast(finished, date(2027, 1, 15)).get("health-records")
    assert later.status is Status.NOT_NEEDED
