"""Seasons and intakes (issue 19): a residency season or a program's intake that the plan
counted on is warned before it passes, said once it has, and a slip that already costs it is
said while there is still time to make it up. The person's own "Next for it" for the goal."""

from __future__ import annotations

import json
import re
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from cmaplan.core.knowledge import load_knowledge
from cmaplan.core.model import Plan
from cmaplan.core.planner import build_plan, mark
from cmaplan.core.schedule import forecast
from cmaplan.core.stepdates import as_planned
from tests.conftest import TODAY, cli, make_profile


def run(*args: str, on: date | None = None, code: int = 0) -> Any:
    """cmaplan ARGS as of `on` (default the suite's today); fails on another exit code."""
    return cli(*args, code=code, env={"CMAPLAN_TODAY": (on or TODAY).isoformat()})


def steps(on: date) -> dict[str, dict[str, Any]]:
    return {s["id"]: s for s in json.loads(run("timeline", "--json", on=on).stdout)["steps"]}


def day(text: str) -> date:
    return date.fromisoformat(text)


# --- A program's intake -------------------------------------------------------------------------


def chosen_with_intakes() -> tuple[date, date, date]:
    """An undecided CNA who chose a program with three intakes, the first some weeks after
    the day they are due to have applied: returns the three intake days."""
    run("init", "--example", "undecided-cna")
    run("program", "add", "Valley", "--type", "certificate", "--accreditor", "CAAHEP")
    run("program", "choose", "Valley")
    applied = day(steps(TODAY)["apply-program"]["due"])
    first, second, third = (applied + timedelta(days=n) for n in (40, 130, 300))
    starts = [a for d in (first, second, third) for a in ("--starts", d.isoformat())]
    run("program", "edit", "Valley", "--months", "10", *starts)
    return first, second, third


def test_an_intake_is_warned_before_it_passes_and_said_after() -> None:
    first, second, _ = chosen_with_intakes()
    assert day(steps(TODAY)["coursework"]["start"]) == first
    assert steps(TODAY)["coursework"]["warnings"] == []  # months ahead: nothing to say yet
    close = first - timedelta(days=20)
    warned = steps(close)["coursework"]["warnings"]
    assert warned == [
        f'Valley starts on {first} (in 20 days): finish "Apply and enrol" before then, or '
        f"you wait for its next intake, {second}."
    ]
    assert any("Valley starts on" in w["text"] for w in _status(close)["warnings"])
    after = first + timedelta(days=3)  # still not enrolled
    moved = steps(after)["coursework"]
    assert day(moved["start"]) == second
    assert moved["warnings"] == [
        f"The intake of Valley on {first} passed before you were ready to begin: the program "
        f"now starts on {second}, and every step after it moves with it."
    ]
    shown = " ".join(run("show", "coursework", on=after).stdout.split())
    assert f"The intake of Valley on {first} passed" in shown
    # Enrolled late: said until the program begins, then old news.
    run("check", "apply-program", "--on", after.isoformat(), on=after)
    assert "passed before you were ready" in steps(after)["coursework"]["warnings"][0]
    assert steps(second + timedelta(days=1))["coursework"]["warnings"] == []


def test_a_slip_that_already_costs_the_intake_is_said_while_it_can_be_made_up() -> None:
    """A physician whose degree evaluation runs late: applying and enrolling after it now ends
    after the intake the plan counted on, weeks before that intake passes."""
    run("init", "--example", "img-residency")
    counted, later = date(2027, 6, 7), date(2027, 9, 6)
    starts = ["--starts", counted.isoformat(), "--starts", later.isoformat()]
    run("program", "add", "Valley", "--type", "certificate", "--accreditor", "CAAHEP", *starts)
    run("program", "choose", "Valley")
    assert day(steps(TODAY)["coursework"]["start"]) == counted
    on = date(2027, 5, 1)
    run("check", "transcripts", "translation", "--on", "2027-03-10", on=on)
    coursework = steps(on)["coursework"]
    assert day(coursework["start"]) == later
    assert coursework["warnings"] == [
        f'The plan counted on the intake of Valley on {counted}, but as things stand "Apply '
        f'and enrol" will not be done by then, so the program starts on {later} instead. Done '
        f"before {counted}, the earlier start still holds."
    ]


def test_a_done_program_keeps_the_intake_it_started_on() -> None:
    """Once coursework is done its start stays the intake, not the day of enrolment."""
    first, _, _ = chosen_with_intakes()
    applied = day(steps(TODAY)["apply-program"]["due"])
    run("check", "apply-program", "--on", applied.isoformat(), on=applied)
    ended = first + timedelta(days=300)
    run("check", "coursework", "--on", ended.isoformat(), on=ended)
    assert day(steps(ended)["coursework"]["start"]) == first
    calendar = run("export", "ics", "-o", "-", on=ended).stdout
    starts = calendar.split("SUMMARY:Your accredited program starts")[1]
    assert f"DTSTART;VALUE=DATE:{first:%Y%m%d}" in starts.split("END:VEVENT")[0]


def test_an_intake_that_passed_before_the_program_was_chosen_was_never_missed() -> None:
    run("init", "--example", "undecided-cna")
    later = TODAY + timedelta(days=200)
    passed, ahead = TODAY + timedelta(days=60), later + timedelta(days=90)
    run(
        "program", "add", "Valley", "--type", "certificate", "--accreditor", "CAAHEP",
        "--starts", passed.isoformat(), "--starts", ahead.isoformat(), "--past", on=later,
    )  # fmt: skip
    run("program", "choose", "Valley", on=later)
    coursework = steps(later)["coursework"]
    assert day(coursework["start"]) == ahead
    assert not [w for w in coursework["warnings"] if "passed" in w]


def _status(on: date) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(run("status", "--json", on=on).stdout)
    return data


# --- A residency season -------------------------------------------------------------------------

BEFORE_GOAL = [
    "transcripts", "translation", "credential-eval", "choose-program", "apply-program",
    "coursework", "externship", "graduate", "exam-apply", "exam-prep", "exam", "resume",
    "employer-policy", "job-search",
]  # fmt: skip


def img_at_first_job(job_on: date) -> None:
    run("init", "--example", "img-residency")
    run("check", *BEFORE_GOAL, "--on", "2028-05-17", on=job_on)
    run("check", "first-job", "--on", job_on.isoformat(), on=job_on)


def test_a_late_first_job_costs_the_residency_season_and_is_said_a_year_ahead() -> None:
    """The first job came six weeks late: the USMLE now ends after the 2029 season, which the
    plan counted on. Said at once, with what to finish to keep it; not a year later."""
    on = date(2028, 9, 5)
    img_at_first_job(date(2028, 9, 1))
    apply = steps(on)["residency-apply"]
    assert apply["due"] == "2030-09-15"
    (warning,) = apply["warnings"]
    assert warning.startswith("The plan counted on the season of 2029-09-15, but")
    assert '"Continue the USMLE"' in warning
    assert "Done before 2029-09-15" in warning
    assert steps(on)["match"]["warnings"] == []  # said once, on the step to act on
    status = _status(on)
    assert status["goal"]["expected"] == "2031-07-01"
    assert status["goal"]["next"]["id"] in {"letters", "usmle"}


def test_a_season_close_at_hand_is_warned_and_a_passed_one_said_once() -> None:
    img_at_first_job(date(2028, 7, 17))  # on time: the plan still counts on 2029-09-15
    run("check", "letters", "usmle", "--on", "2029-06-30", on=date(2029, 6, 30))
    assert steps(date(2029, 7, 1))["residency-apply"]["warnings"] == []
    (warning,) = steps(date(2029, 8, 25))["residency-apply"]["warnings"]
    assert warning.startswith("This season's day is 2029-09-15 (in 21 days)")
    assert "the next is 2030-09-15, a year later" in warning
    after = steps(date(2029, 9, 20))
    assert after["residency-apply"]["warnings"][0].startswith("The season of 2029-09-15 passed")
    assert after["match"]["warnings"] == []
    assert after["residency-start"]["warnings"] == []
    text = " ".join(run("status", on=date(2029, 9, 20)).stdout.split())
    assert text.count("The season of 2029-09-15 passed") == 1


# --- The plan as it was meant to run ------------------------------------------------------------


def test_as_planned_is_the_first_forecast_whatever_is_done_late() -> None:
    plan: Plan = build_plan(make_profile(start_date=TODAY), today=TODAY)
    kb = load_knowledge()
    first = forecast(plan, TODAY)
    meant = as_planned(plan, None, kb)
    for item in first.steps:
        if not item.step.duration.is_deadline:
            assert meant[item.step.id] == (item.start, item.due), item.step.id
    late = TODAY + timedelta(days=400)
    done_late = mark(plan, [plan.steps[0].id], done_on=late)
    assert as_planned(done_late, None, kb) == meant  # lateness is not what was meant


# --- Text for physicians trained abroad is theirs alone -----------------------------------------

PHYSICIAN_ONLY = re.compile(
    r"trained abroad|medical school|your (medical )?degree|USMLE|residency|\bIMGs?\b|"
    r"from abroad|as a physician",
    re.IGNORECASE,
)


@pytest.mark.parametrize(
    "example", ["high-school-student", "military-medic", "part-time-career-changer",
                "recent-graduate", "undecided-cna"],
)  # fmt: skip
def test_no_one_else_reads_what_is_written_for_physicians(example: str) -> None:
    """Every word of a non-physician's plan, as `show` and `status` print it, over its life."""
    run("init", "--example", example)
    ids = list(steps(TODAY))
    for years in (0, 1, 3):
        on = TODAY + timedelta(days=365 * years)
        texts = [run("show", step_id, on=on).stdout for step_id in ids]
        texts.append(run("status", on=on).stdout)
        texts.append(run("timeline", on=on).stdout)
        for text in texts:
            found = PHYSICIAN_ONLY.search(" ".join(text.split()))
            assert found is None, f"{example}: {found.group(0)!r} in {text[:200]}"


# --- From a hostile review: the last intake, the next season, the wait, the words --------------


def valley(*intakes: str) -> None:
    run("init", "--example", "undecided-cna", on=date(2026, 12, 1))
    starts = [a for d in intakes for a in ("--starts", d)]
    run("program", "add", "Valley", "--type", "certificate", "--accreditor", "CAAHEP",
        "--months", "10", *starts, on=date(2026, 12, 1))  # fmt: skip
    run("program", "choose", "valley", on=date(2026, 12, 1))


def test_the_last_intake_has_no_made_up_next_one_and_its_miss_is_said() -> None:
    valley("2027-02-01", "2027-06-07", "2027-09-06")
    (close,) = steps(date(2027, 8, 1))["coursework"]["warnings"]
    assert "next intake" not in close
    assert "You recorded no later intake" in close
    (on_the_day,) = steps(date(2027, 9, 6))["coursework"]["warnings"]
    assert 'finish "Apply and enrol" today.' in on_the_day
    (missed,) = steps(date(2027, 9, 7))["coursework"]["warnings"]
    assert missed.startswith("The intake of Valley on 2027-09-06 passed")
    assert "you recorded none after it" in missed


def test_after_a_missed_intake_the_next_one_is_warned_when_close() -> None:
    valley("2027-06-07", "2027-09-06", "2028-01-10")
    assert "2027-06-07 passed" in steps(date(2027, 7, 1))["coursework"]["warnings"][0]
    (close,) = steps(date(2027, 8, 1))["coursework"]["warnings"]
    assert close.startswith("Valley starts on 2027-09-06 (in 36 days)")
    assert close.endswith("or you wait for its next intake, 2028-01-10.")


def test_a_slip_of_two_seasons_says_two_years() -> None:
    run("init", "--example", "img-residency", on=date(2026, 12, 1))
    (slip,) = steps(date(2028, 6, 1))["residency-apply"]["warnings"]
    assert "this step waits 2 years, to 2031-09-15" in slip


def test_after_a_missed_season_the_next_one_is_warned_when_close() -> None:
    img_at_first_job(date(2028, 7, 17))
    (close,) = steps(date(2030, 8, 15))["residency-apply"]["warnings"]
    assert close.startswith("This season's day is 2030-09-15 (in 31 days)")


def test_after_a_missed_season_the_application_starts_on_a_fixed_day() -> None:
    img_at_first_job(date(2028, 7, 17))
    run("check", "usmle", "letters", "--on", "2029-10-10", on=date(2029, 11, 1))
    starts = {steps(date(y, m, 1))["residency-apply"]["start"] for y, m in ((2029, 11), (2030, 3))}
    assert starts == {"2029-10-10"}


def test_a_late_program_choice_keeps_the_residency_slip_said() -> None:
    run("init", "--example", "img-residency", on=date(2026, 12, 1))
    on = date(2027, 8, 1)
    assert "counted on the season" in steps(on)["residency-apply"]["warnings"][0]
    run("program", "add", "Metro", "--type", "certificate", "--accreditor", "ABHES",
        "--months", "10", "--starts", "2027-06-01", "--starts", "2027-10-04",
        "--starts", "2028-01-10", "--past", on=on)  # fmt: skip
    run("program", "choose", "metro", on=on)
    assert "counted on the season" in steps(on)["residency-apply"]["warnings"][0]


def test_a_new_goal_is_not_compared_with_the_old_ones_first_plan() -> None:
    run("init", "--example", "undecided-cna", on=date(2026, 12, 1))
    run("init", "--example", "img-residency", "--force", on=date(2026, 12, 1))
    goal = _status(date(2026, 12, 1))["goal"]
    assert (goal["step"], goal["moved_days"]) == ("residency-start", 0)


def test_undeciding_a_program_under_way_does_not_reopen_the_choice() -> None:
    valley("2027-06-07", "2027-09-06")
    run("check", "apply-program", "--on", "2027-06-01", on=date(2027, 6, 1))
    run("check", "coursework", "--on", "2028-04-01", on=date(2028, 4, 1))
    run("program", "choose", "--none", on=date(2028, 4, 1))
    assert steps(date(2028, 4, 1))["choose-program"]["done"] is True


def test_init_says_a_reached_first_job_was_reached(tmp_path: Path) -> None:
    img_at_first_job(date(2028, 7, 15))
    answers = tmp_path / "mine.toml"
    run("export", "answers", "-o", str(answers), on=date(2028, 8, 1))
    out = run("init", "--answers", str(answers), "--force", on=date(2028, 8, 1)).stdout
    assert "First CMA job reached on 2028-07-15." in out
    assert "program_choice" not in answers.read_text()


def test_no_hint_names_a_file_it_would_then_refuse(plan_path: Path) -> None:
    run("init", "--example", "img-residency")
    refused = run("init", "--save-answers", str(plan_path), code=64)
    assert "export answers" not in refused.stderr
    folder = plan_path.parent / "out"
    folder.mkdir()
    said = run("export", "answers", "-o", f"{folder}/", code=64).stderr
    assert str(folder / "my-answers.toml") in said
