"""The residency route as NRMP and ECFMG state it: the Match needs ECFMG's confirmation of the
exams and of the clinical and communication skills requirements (a Pathway, OET Medicine) by
the rank-order-list deadline, and an IMG already ECFMG certified applies in the next season."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cmaplan.core.planner import build_plan
from cmaplan.core.profile import parse_profile
from cmaplan.core.schedule import forecast
from tests.conftest import answers_file, cli

IMG = {
    "diploma": True,
    "foreign_medical_degree": True,
    "program": "certificate",
    "pace": "full-time",
    "goal": "residency",
}


def _first_september_15_after(day: date) -> date:
    this_year = date(day.year, 9, 15)
    return this_year if this_year >= day else date(day.year + 1, 9, 15)


def _season_for(day: date) -> date:
    """When an application ready on `day` goes out: that day in a season still open (from
    September 15 to November 30, the Match's standard registration deadline), else the next
    season's first day."""
    if date(day.year, 9, 15) <= day <= date(day.year, 11, 30):
        return day
    return _first_september_15_after(day)


@settings(max_examples=40, deadline=None)
@given(st.dates(min_value=date(2026, 1, 1), max_value=date(2034, 12, 31)))
def test_an_ecfmg_certified_img_applies_in_the_open_or_next_season(today: date) -> None:
    profile = parse_profile({**IMG, "start_date": today, "usmle": "ecfmg-certified"}, today=today)
    dated = forecast(build_plan(profile, today=today), today)
    ready = dated.get("residency-ready")
    applied = dated.get("residency-apply")
    # ready within its longest estimate (3 months), then in the season open on that day, or the
    # first one after it
    assert applied.due <= _season_for(ready.window.latest)
    assert applied.due == _season_for(ready.window.expected)
    assert dated.get("residency-start").due.year == applied.due.year + 1
    ids = {s.step.step.id for s in dated.steps}
    assert "letters" not in ids
    assert "usmle" not in ids


@pytest.mark.parametrize("usmle", ["not-started", "step1", "step2"])
def test_the_match_needs_the_skills_requirements_too(usmle: str) -> None:
    today = date(2027, 2, 1)
    profile = parse_profile({**IMG, "start_date": today, "usmle": usmle}, today=today)
    dated = forecast(build_plan(profile, today=today), today)
    for step_id in ("usmle", "residency-apply"):
        step = dated.get(step_id).step
        words = " ".join((*step.why, *step.checklist))
        assert "Step 1 and Step 2 CK" in words
        assert "Pathway" in words
        assert "OET Medicine" in words
        assert "rank-order-list deadline" in words
        assert {"nrmp-ecfmg", "ecfmg-pathways"} <= set(step.sources)


@pytest.mark.parametrize("year", [2026, 2027, 2029, 2031, 2033])
def test_the_cli_dates_a_certified_imgs_season_in_any_year(tmp_path: Path, year: int) -> None:
    answers = answers_file(
        tmp_path,
        f"{year}-01-10",
        foreign_medical_degree=True,
        goal="residency",
        usmle="ecfmg-certified",
    )
    env = {"CMAPLAN_TODAY": f"{year}-01-05"}
    cli("init", "--answers", str(answers), "--force", env=env)
    shown = " ".join(cli("show", "residency-apply", env=env).stdout.split())
    assert f"due {year}-09-15" in shown
    assert "OET Medicine" in shown
    cli("show", "letters", env=env, code=64)


def test_a_plan_saved_with_the_old_certified_steps_still_loads(plan_path: Path) -> None:
    """A release before this one gave an ECFMG-certified IMG letters and usmle steps; a file
    that lists them with nothing recorded loads, and a recorded one is refused, not lost."""
    tmp = plan_path.parent / "a.toml"
    plan_path.parent.mkdir(parents=True, exist_ok=True)
    tmp.write_text(
        "start_date = 2027-01-10\ndiploma = true\nforeign_medical_degree = true\n"
        'program = "certificate"\npace = "full-time"\ngoal = "residency"\n'
        'usmle = "ecfmg-certified"\n'
    )
    cli("init", "--answers", str(tmp), "--force")
    text = plan_path.read_text()
    old_step = '\n[[steps]]\nid = "letters"\ndone = false\nnote = ""\n'
    plan_path.write_text(text + old_step)
    assert "residency-ready" in cli("status").stdout + cli("timeline").stdout
    plan_path.write_text(text + old_step.replace('note = ""', 'note = "asked Dr. B"'))
    refused = cli("status", code=65)
    assert '"letters"' in refused.stderr


@pytest.mark.parametrize("goal", ["nursing", "career", "management"])
def test_nursings_credit_question_comes_before_the_program_choice(goal: str) -> None:
    today = date(2027, 2, 1)
    profile = parse_profile(
        {**IMG, "foreign_medical_degree": False, "goal": goal, "start_date": today}, today=today
    )
    dated = forecast(build_plan(profile, today=today), today)
    choose = dated.get("choose-program").step
    asked = " ".join((*choose.why, *choose.checklist))
    assert ("credits" in asked) is (goal == "nursing")
    if goal == "nursing":
        later = dated.get("career-next").step
        assert not any("which of your credits transfer" in item for item in later.checklist)
        assert dated.get("choose-program").due < dated.get("apply-program").due


@pytest.mark.parametrize("year", [2026, 2030])
def test_the_cli_asks_about_credits_at_the_program_choice(tmp_path: Path, year: int) -> None:
    answers = answers_file(tmp_path, f"{year}-01-10", program="undecided", goal="nursing")
    env = {"CMAPLAN_TODAY": f"{year}-01-05"}
    cli("init", "--answers", str(answers), "--force", env=env)
    shown = " ".join(cli("show", "choose-program", env=env).stdout.split())
    assert "which credits a nursing school would take" in shown


def test_an_img_is_never_told_clinical_items_are_review() -> None:
    today = date(2027, 2, 1)
    profile = parse_profile({**IMG, "goal": "career", "start_date": today}, today=today)
    dated = forecast(build_plan(profile, today=today), today)
    text = " ".join(" ".join((*s.step.why, *s.step.checklist)) for s in dated.steps).lower()
    assert "mostly review" not in text
    assert "will be review" not in text
    prep = dated.get("exam-prep").step
    words = " ".join(prep.why)
    assert "largest of the three areas" in words
    assert "not what a physician knows" in words
    assert "exam-outline-secondary" in prep.sources


def test_the_cli_tells_an_img_to_study_the_clinical_area(tmp_path: Path) -> None:
    answers = answers_file(tmp_path, "2028-01-10", foreign_medical_degree=True, program="undecided")
    env = {"CMAPLAN_TODAY": "2028-01-05"}
    cli("init", "--answers", str(answers), "--force", env=env)
    shown = " ".join(cli("show", "exam-prep", env=env).stdout.split())
    assert "Study that area as new" in shown
    assert "(to confirm)" in shown
    choose = " ".join(cli("show", "choose-program", env=env).stdout.split())
    assert "science will be review" not in choose


@pytest.mark.parametrize("year", [2026, 2028, 2031, 2034])
def test_a_certified_img_ready_in_an_open_season_applies_in_it(tmp_path: Path, year: int) -> None:
    """Review of #22: ECFMG certified, starting when the season had just opened, the 1-3 months
    to get the application ready pushed it a whole year (residency a year later)."""
    start = f"{year}-09-07"
    answers = answers_file(
        tmp_path,
        start,
        foreign_medical_degree=True,
        transcripts_in_english=True,
        credentials_evaluated=True,
        goal="residency",
        usmle="ecfmg-certified",
    )
    env = {"CMAPLAN_TODAY": start}
    cli("init", "--answers", str(answers), "--force", env=env)
    shown = " ".join(cli("show", "residency-apply", env=env).stdout.split())
    assert f"Due {year}-11-" in shown
    assert "November 30" in shown
    assert "standard registration closes" in shown
    status = cli("status", env=env).stdout
    assert f"Start residency training: expected {year + 1}-07-01" in status
    assert "Sep 15–Nov 30" in cli("timeline", env=env).stdout


@pytest.mark.parametrize("year", [2026, 2029, 2033])
def test_a_certified_img_ready_after_the_season_closes_waits_and_is_told_why(
    tmp_path: Path, year: int
) -> None:
    start = f"{year}-10-20"  # ready about two months on: after November 30
    answers = answers_file(
        tmp_path, start, foreign_medical_degree=True, goal="residency", usmle="ecfmg-certified"
    )
    env = {"CMAPLAN_TODAY": start}
    cli("init", "--answers", str(answers), "--force", env=env)
    shown = " ".join(cli("show", "residency-apply", env=env).stdout.split())
    assert f"due {year + 1}-09-15" in shown
    assert "ready after that day, it waits for the next season" in shown
    status = cli("status", env=env).stdout
    line = next(x for x in status.splitlines() if x.startswith("Start residency training"))
    assert f"expected {year + 2}-07-01" in line


@pytest.mark.parametrize("year", [2026, 2030])
def test_the_open_season_closing_is_warned_on_its_last_day(tmp_path: Path, year: int) -> None:
    start = f"{year}-09-07"
    answers = answers_file(
        tmp_path, start, foreign_medical_degree=True, goal="residency", usmle="ecfmg-certified"
    )
    cli("init", "--answers", str(answers), "--force", env={"CMAPLAN_TODAY": start})
    env = {"CMAPLAN_TODAY": f"{year}-10-20"}
    shown = " ".join(cli("show", "residency-apply", env=env).stdout.split())
    assert f"This season's day is {year}-11-30 (in 41 days)" in shown
    assert f"the next is {year + 1}-09-15" in shown
    late = {"CMAPLAN_TODAY": f"{year}-12-05"}
    status = " ".join(cli("status", env=late).stdout.split())
    assert f"the next the plan can make is {year + 1}-09-15" in status
    assert f"Start residency training: expected {year + 2}-07-01" in status


@pytest.mark.parametrize("today", [date(2027, 2, 1), date(2031, 9, 20)])
def test_the_uncertified_still_wait_for_the_next_season(today: date) -> None:
    profile = parse_profile({**IMG, "start_date": today, "usmle": "step2"}, today=today)
    applied = forecast(build_plan(profile, today=today), today).get("residency-apply")
    assert applied.step.step.duration.late_day is None
    assert (applied.due.month, applied.due.day) == (9, 15)
