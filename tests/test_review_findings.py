"""Findings of the domain review, each an example of a class, as CLI runs with exit codes:
undoing a step undoes what it recorded; a season's next date is the next the plan can make; a
start too far ahead is said so; a number never shows as "-0"; a done step stops waiting."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import cli


@pytest.mark.parametrize("year", [2026, 2029])
def test_reopening_the_choice_drops_the_program_it_recorded(plan_path: Path, year: int) -> None:
    env = {"CMAPLAN_TODAY": f"{year}-02-01"}
    cli("init", "--example", "high-school-student", "--force", env=env)
    cli("program", "add", "Metro", "--type", "certificate", "--accreditor", "ABHES", env=env)
    cli("program", "choose", "metro", env=env)
    assert 'program_choice = "Metro"' in plan_path.read_text().split("[[steps]]")[0]
    reopened = cli("check", "choose-program", "--undo", env=env)
    assert "no longer uses Metro" in reopened.stdout
    assert "program_choice" not in plan_path.read_text().split("[[steps]]")[0]
    assert "▶" not in cli("program", "list", env=env).stdout.split("\n")[0]
    taken_back = cli("undo", env=env)
    assert "Dropped the choice of Metro" in taken_back.stdout
    assert 'program_choice = "Metro"' in plan_path.read_text().split("[[steps]]")[0]


def test_reopening_another_step_keeps_the_choice(plan_path: Path) -> None:
    cli("init", "--example", "high-school-student", "--force")
    cli("program", "add", "Metro", "--type", "certificate", "--accreditor", "ABHES")
    cli("program", "choose", "metro")
    cli("check", "volunteer")
    assert "no longer uses" not in cli("check", "volunteer", "--undo").stdout
    assert 'program_choice = "Metro"' in plan_path.read_text().split("[[steps]]")[0]


@pytest.mark.parametrize("rate", ["-0", "-0.0", "0"])
def test_a_pass_rate_of_zero_never_shows_as_minus_zero(rate: str) -> None:
    cli("init", "--example", "high-school-student", "--force")
    cli("program", "add", "Zero", "--type", "certificate", "--pass-rate", rate)
    shown = cli("program", "compare").stdout
    assert "-0%" not in shown
    assert " 0% " in shown


def test_a_hand_edited_minus_zero_reads_as_zero(plan_path: Path) -> None:
    cli("init", "--example", "high-school-student", "--force")
    cli("program", "add", "Zero", "--type", "certificate", "--pass-rate", "5")
    plan_path.write_text(plan_path.read_text().replace("pass_rate = 5.0", "pass_rate = -0.0"))
    shown = cli("program", "compare").stdout
    assert "-0%" not in shown


@pytest.mark.parametrize(
    ("start", "words"),
    [("2020-01-01", "has passed"), ("2031-11-27", "is more than 5 years away")],
    ids=["past", "far-ahead"],
)
def test_compare_says_why_a_start_is_refused(start: str, words: str) -> None:
    cli("init", "--example", "high-school-student", "--force")
    refused = cli("compare", "--start", start, code=64)
    assert f"--start {start} {words}" in refused.stderr
    assert "not ahead of you" not in refused.stderr
    cli("compare", "--start", "2031-11-26")


def test_a_done_diploma_no_longer_says_the_plan_waits() -> None:
    cli("init", "--example", "high-school-student", "--force")
    before = " ".join(cli("show", "diploma").stdout.split())
    assert "the plan waits for that date" in before
    cli("check", "diploma")
    after = " ".join(cli("show", "diploma").stdout.split())
    assert "the plan waits" not in after
    assert "Takes until" not in after
    assert "no longer wait" in after
    cli("check", "diploma", "--undo")
    assert "the plan waits for that date" in " ".join(cli("show", "diploma").stdout.split())


def test_a_missed_season_names_the_next_the_plan_can_make() -> None:
    cli("init", "--example", "img-residency", "--force")
    ids = [
        "transcripts", "translation", "credential-eval", "choose-program", "apply-program",
        "coursework", "externship", "graduate", "exam-apply", "exam-prep", "exam", "resume",
        "employer-policy", "job-search", "first-job", "letters", "usmle",
    ]  # fmt: skip
    cli("check", *ids, "--on", "2029-08-01", env={"CMAPLAN_TODAY": "2029-09-01"})
    shown = " ".join(
        cli("show", "residency-apply", env={"CMAPLAN_TODAY": "2029-09-25"}).stdout.split()
    )
    assert "the next the plan can make is 2030-09-15" in shown
