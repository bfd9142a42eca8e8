"""The second domain review of #22 (eighteen people off the main road), each finding an example
of a class, run as a person would across the years: the testing period an application opens,
the application's own day, the study pace against that period, CEUs from other bodies, the
felony check before every fee, Category 4's outpatient hours and its fee, a job while the
credential has lapsed, and the words after a lapsed credential is renewed."""

from __future__ import annotations

import csv
import json
from datetime import date, timedelta
from pathlib import Path

import pytest

from tests.conftest import answers_file, cli, init_on

YEARS = [2026, 2029, 2032]


def steps(env: dict[str, str]) -> dict[str, dict[str, object]]:
    data = json.loads(cli("timeline", "--json", env=env).stdout)
    return {s["id"]: s for s in data["steps"]}


@pytest.mark.parametrize("year", YEARS)
def test_a_testing_period_that_closed_without_an_exam_is_said(tmp_path: Path, year: int) -> None:
    env = init_on(tmp_path, f"{year}-12-04", graduated_on=date(year, 11, 13))
    cli("check", "exam-apply", "--on", f"{year}-11-16", env=env)
    ends = date(year, 11, 16) + timedelta(days=90)
    later = {"CMAPLAN_TODAY": (ends + timedelta(days=30)).isoformat()}
    status = " ".join(cli("status", env=later).stdout.split())
    assert f"ended on {ends}" in status
    assert "the fee is not refunded" in status
    soon = {"CMAPLAN_TODAY": f"{year}-12-10"}
    assert "testing period" not in cli("status", env=soon).stdout  # still inside it


@pytest.mark.parametrize("year", YEARS)
def test_no_one_applies_before_their_program_begins(tmp_path: Path, year: int) -> None:
    init_on(tmp_path, f"{year}-06-02")
    env = {"CMAPLAN_TODAY": f"{year}-07-01"}
    refused = cli("check", "exam-apply", "--on", f"{year}-06-20", env=env, code=64)
    assert "only completing students and graduates may apply" in refused.stderr
    assert "Having applied" not in cli("show", "exam-apply", env=env).stdout  # nothing recorded


@pytest.mark.parametrize("hours", [3, 5, 8, 12])
@pytest.mark.parametrize("pace", ["full-time", "part-time"])
def test_at_any_study_pace_the_exam_is_forecast_inside_the_testing_period(
    tmp_path: Path, hours: int, pace: str
) -> None:
    env = init_on(tmp_path, "2026-12-07", pace=pace, study_hours=hours)
    dated = steps(env)
    applied = date.fromisoformat(str(dated["exam-apply"]["due"]))
    exam = date.fromisoformat(str(dated["exam"]["due"]))
    assert (exam - applied).days <= 90, (applied, exam)


def test_a_graduate_still_applies_at_once_when_the_study_fits_the_period(tmp_path: Path) -> None:
    env = init_on(tmp_path, "2026-12-04", graduated_on=date(2026, 11, 13))
    assert "exam-prep" not in steps(env)["exam-apply"]["after"]


def test_a_ceu_from_another_body_is_not_counted_as_aama_approved(tmp_path: Path) -> None:
    env = init_on(
        tmp_path, "2026-12-07", experience="uncertified-ma", cma_status="current",
        cma_since=date(2022, 3, 15),
    )  # fmt: skip
    added = cli("ceu", "add", "--area", "clinical", "--points", "2", "--title", "CMAC module",
                "--provider", "AMCA", "--on", "2025-05-01", env=env)  # fmt: skip
    assert "Counted as not AAMA-approved" in added.stdout
    cli("ceu", "add", "--area", "general", "--points", "1", "--title", "AAMA course",
        "--provider", "AAMA", "--on", "2025-05-02", env=env)  # fmt: skip
    sheet = tmp_path / "ceus.csv"
    with sheet.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(["date", "area", "points", "title", "provider", "approved"])
        writer.writerow(["2025-06-01", "general", "1", "NHA CCMA CE", "NHA", ""])
        writer.writerow(["2025-06-02", "general", "1", "Said approved", "NHA", "yes"])
    cli("ceu", "import", str(sheet), env=env)
    summary = json.loads(cli("ceu", "--json", env=env).stdout)
    text = json.dumps(summary)
    assert '"approved": 2' in text or '"approved": 2.0' in text  # the AAMA's and the one said so


def test_the_felony_check_comes_before_every_fee(tmp_path: Path) -> None:
    env = init_on(tmp_path, "2026-12-07", graduated_on=date(2026, 10, 1))
    shown = " ".join(cli("show", "exam-apply", env=env).stdout.split())
    assert "felony" in shown
    assert "before you pay the fee" in shown
    assert "disciplinary standards" in shown  # its source


def test_category4_hours_count_in_an_outpatient_setting_and_its_fee_is_published(
    tmp_path: Path,
) -> None:
    answers = answers_file(
        tmp_path, "2026-12-07", experience="uncertified-ma", finished_ma_program=True,
        program_contact_hours=560, program_practicum_hours=100, ma_work_hours=400,
    )  # fmt: skip
    env = {"CMAPLAN_TODAY": "2026-12-07"}
    cli("init", "--answers", str(answers), env=env)
    work = " ".join(cli("show", "alternative-work", env=env).stdout.split())
    assert "outpatient setting" in work
    review = " ".join(cli("show", "alternative-review", env=env).stdout.split())
    assert "outpatient setting" in review
    assert "2029-08-31" in review  # the pilot's end date an earlier copy gave
    apply = " ".join(cli("show", "exam-apply", env=env).stdout.split())
    assert "the fee for you: $250" in apply
    dated = steps(env)
    assert dated["exam-prep"]["start"] >= dated["alternative-work"]["due"]  # study after work


def test_a_job_while_the_credential_has_lapsed_is_said(tmp_path: Path) -> None:
    env = init_on(tmp_path, "2026-11-20", graduated_on=date(2026, 10, 30))
    cli("check", "exam-apply", "--on", "2026-11-05", env=env)
    cli("check", "exam", "--on", "2026-12-01", env={"CMAPLAN_TODAY": "2026-12-01"})
    late = {"CMAPLAN_TODAY": "2031-11-15"}
    status = " ".join(cli("status", env=late).stdout.split())
    assert "expires on 2031-12-31, before the first CMA job" in status
    hired = cli("check", "first-job", "--on", "2032-05-01", env={"CMAPLAN_TODAY": "2032-06-01"})
    assert "expired on 2031-12-31, before 2032-05-01" in " ".join(hired.stdout.split())


def test_after_a_lapsed_credential_is_renewed_the_words_say_it_is_current(tmp_path: Path) -> None:
    env = init_on(
        tmp_path, "2026-12-04", experience="uncertified-ma", cma_status="lapsed",
        cma_expires=date(2026, 6, 30), recertify_by="exam",
    )  # fmt: skip
    cli("check", "recertify", "--on", "2026-12-01", env=env)
    shown = " ".join(cli("show", "recertify", env=env).stdout.split())
    assert "has expired" not in shown
    assert "Pass it by 2031-10-31" in shown
    assert "must have your application by" not in shown  # a day after the pass-by day
    markdown = cli("export", "markdown", env=env).stdout
    assert "renewed on 2026-12-01; the new expiry is 2031-12-31" in markdown


def test_ceus_earned_in_time_can_be_logged_after_the_lapse_window(tmp_path: Path) -> None:
    env = init_on(tmp_path, "2026-11-20", graduated_on=date(2026, 10, 30))
    cli("check", "exam-apply", "--on", "2026-11-05", env=env)
    cli("check", "exam", "--on", "2026-12-01", env={"CMAPLAN_TODAY": "2026-12-01"})
    late = {"CMAPLAN_TODAY": "2032-05-01"}
    cli("ceu", "add", "--area", "general", "--points", "20", "--title", "g", "--on",
        "2028-01-01", env=late)  # fmt: skip


def test_a_program_without_an_accreditor_is_said_plainly(tmp_path: Path) -> None:
    env = init_on(tmp_path, "2026-12-04")
    added = cli("program", "add", "Nobody MA", "--type", "certificate", "--accreditor", "none",
                env=env)  # fmt: skip
    assert "Nobody MA is not accredited." in " ".join(added.stderr.split())
    assert "accredited by none" not in added.stderr


def test_someone_who_finished_a_program_is_not_sent_to_volunteer(tmp_path: Path) -> None:
    env = init_on(
        tmp_path, "2026-12-04", finished_ma_program=True, program_contact_hours=300,
        program_practicum_hours=0,
    )  # fmt: skip
    assert "volunteer" not in steps(env)


def test_an_answers_file_cannot_choose_a_program_the_plan_does_not_record(tmp_path: Path) -> None:
    answers = answers_file(tmp_path, "2027-01-15", program_choice="nope")
    refused = cli("init", "--answers", str(answers), code=65)
    assert 'program_choice = "nope" names no program this plan records' in refused.stderr


def test_the_interview_refuses_a_pasted_line_break_at_the_question() -> None:
    """#21: a name with a line break was taken, and the whole interview refused at its end."""
    from cmaplan.core.knowledge import load_knowledge
    from cmaplan.interview.questions import questions

    for key in ("name", "specialty"):
        question = next(q for q in questions(load_knowledge()) if q.key == key)
        said = question.check("A\nB", {}, date(2026, 12, 4))
        assert said == "Please keep it on one line."
        assert question.check("Ana", {}, date(2026, 12, 4)) is None
