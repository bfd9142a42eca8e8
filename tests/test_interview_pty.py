"""The real interview in a pseudo-terminal (pexpect), as a person types it.

Each persona's answers are typed at the questions; the plan written must equal the plan that the
same answers give from an answers file.
"""

from __future__ import annotations

import sys
import tomllib
from pathlib import Path
from typing import Any

import pexpect
import pytest

from tests.conftest import EXAMPLES, TODAY, cli, finish, spawn_cmaplan

UP, DOWN, ENTER, CLEAR = "\x1b[A", "\x1b[B", "\r", "\x15"  # Ctrl-U clears a prefilled answer
BACK = "\x1b[Z"  # Shift+Tab: the question before
# prompt_toolkit turns bracketed paste on as it opens a question, once the terminal is raw. Keys
# typed before that, between two questions, would meet the terminal's line editing instead.
OPENS = "\x1b[?2004h"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX"),
]


def spawn(plan: Path, *args: str) -> pexpect.spawn:
    return spawn_cmaplan(plan, TODAY.isoformat(), "init", *args)


def answer(child: pexpect.spawn, script: list[tuple[str, str]]) -> None:
    """Type each answer's keys once its question is open (the text may have been drawn before:
    an answered question is drawn again as it closes, and a question is asked again)."""
    for prompt, keys in script:
        if keys:
            child.expect_exact(OPENS)
        child.expect_exact(prompt)
        for key in [keys] if keys in (UP, DOWN) else _split(keys):
            child.send(key)


def _split(keys: str) -> list[str]:
    """Send arrow keys one by one so each is read as a whole escape sequence."""
    out: list[str] = []
    while keys:
        if keys.startswith((UP, DOWN)):
            out.append(keys[:3])
            keys = keys[3:]
        else:
            out.append(keys[0])
            keys = keys[1:]
    return out


def without_uid(document: dict[str, Any]) -> dict[str, Any]:
    """A plan document without its uid: every new plan gets a random one."""
    return {k: v for k, v in document.items() if k != "uid"}


def plan_from_answers(tmp_path: Path, answers: str) -> dict[str, Any]:
    answers_file = tmp_path / "answers.toml"
    answers_file.write_text(answers)
    plan = tmp_path / "from-file.toml"
    cli("init", "--answers", str(answers_file), env={"CMAPLAN_PLAN": str(plan)})
    return tomllib.loads(plan.read_text())


PERSONAS = {
    "img-residency": (
        [
            ("What name should your plan show?", "Amina" + ENTER),
            ("Did you earn a medical degree outside the US?", "y"),
            ("already in English?", "n"),
            ("credential evaluation of your degree", "n"),
            ("Have you worked in healthcare?", ENTER),
            ("Which medical field did you practise", "internal medicine" + ENTER),
            ("already finished an accredited", "n"),
            ("What is the CMA for, in the long run?", DOWN + ENTER),
            ("How far are you with the USMLE?", DOWN + ENTER),
            ("Which program do you want?", UP + UP + ENTER),
            ("How will you study?", ENTER),
            ("hours a week can you give to your studies", CLEAR + "25" + ENTER),
            ("On what day can you start?", CLEAR + "2027-01-04" + ENTER),
            ("Which US state will you work in?", "tx" + ENTER),
        ],
        """
        name = "Amina"
        state = "TX"
        specialty = "internal medicine"
        start_date = 2027-01-04
        diploma = true
        foreign_medical_degree = true
        transcripts_in_english = false
        credentials_evaluated = false
        program = "certificate"
        pace = "full-time"
        goal = "residency"
        usmle = "step1"
        study_hours = 25
        """,
    ),
    "high-school-student": (
        [
            ("What name should your plan show?", ENTER),
            ("Did you earn a medical degree outside the US?", "n"),
            ("Do you have a high-school diploma", "n"),
            ("When do you expect your diploma", "2027-06-11" + ENTER),
            ("Your date of birth?", "2009-04-02" + ENTER),
            ("Have you worked in healthcare?", ENTER),
            ("What is the CMA for, in the long run?", ENTER),
            ("Which program do you want?", UP + UP + ENTER),
            ("How will you study?", ENTER),
            ("hours a week can you give to your studies", ENTER),
            ("On what day can you start?", CLEAR + "2027-01-04" + ENTER),
            ("Which US state will you work in?", ENTER),
        ],
        """
        start_date = 2027-01-04
        diploma = false
        diploma_by = 2027-06-11
        foreign_medical_degree = false
        program = "certificate"
        pace = "full-time"
        goal = "career"
        study_hours = 20
        birth_date = 2009-04-02
        """,
    ),
    "undecided-cna": (
        [
            ("What name should your plan show?", "Dee" + ENTER),
            ("Did you earn a medical degree outside the US?", "n"),
            ("Do you have a high-school diploma", "y"),
            ("Have you worked in healthcare?", DOWN + ENTER),
            ("Do you hold the CMA (AAMA) credential already?", ENTER),
            ("already finished an accredited", "n"),
            ("that is NOT accredited by CAAHEP or ABHES", ENTER),
            ("What is the CMA for, in the long run?", DOWN + ENTER),
            ("Which program do you want?", ENTER),
            ("Our suggestion for you: an associate degree", ""),
            ("How will you study?", ENTER),
            ("hours a week can you give to your studies", CLEAR + "12" + ENTER),
            ("On what day can you start?", CLEAR + "2027-03-01" + ENTER),
            ("Which US state will you work in?", "WA" + ENTER),
        ],
        """
        name = "Dee"
        start_date = 2027-03-01
        diploma = true
        foreign_medical_degree = false
        program = "undecided"
        pace = "full-time"
        goal = "nursing"
        experience = "cna"
        study_hours = 12
        state = "WA"
        """,
    ),
}


@pytest.mark.parametrize("persona", list(PERSONAS))
def test_the_interview_writes_the_same_plan_as_the_answers_file(
    persona: str, tmp_path: Path
) -> None:
    script, answers = PERSONAS[persona]
    plan = tmp_path / "interview.toml"
    child = spawn(plan)
    answer(child, script)
    child.expect_exact("First CMA job expected")
    child.expect_exact("Your next steps:")
    answer(child, [("Save this plan?", "y")])
    # The path may fold at the terminal's width (a parallel run's folder is longer).
    child.expect_exact("Saved your plan to")
    assert finish(child) == 0
    expected = plan_from_answers(tmp_path, "\n".join(line.strip() for line in answers.split("\n")))
    assert without_uid(tomllib.loads(plan.read_text())) == without_uid(expected)


def test_a_bad_start_date_is_asked_again_with_its_reason(tmp_path: Path) -> None:
    plan = tmp_path / "plan.toml"
    child = spawn(plan)
    answer(child, PERSONAS["high-school-student"][0][:-2])
    answer(child, [("On what day can you start?", CLEAR + "2027-02-30" + ENTER)])
    # prompt_toolkit may redraw the message moving the cursor over spaces already on screen.
    child.expect(r"2027-02-30(?:\s|\x1b\[\d*C)+is(?:\s|\x1b\[\d*C)+not(?:\s|\x1b\[\d*C)+a")
    answer(child, [("On what day can you start?", CLEAR + "2026-01-05" + ENTER)])
    child.expect_exact("has passed")
    answer(child, [("On what day can you start?", CLEAR + "2027-01-15" + ENTER)])
    answer(child, [("Which US state will you work in?", ENTER), ("Save this plan?", "y")])
    assert finish(child) == 0
    assert tomllib.loads(plan.read_text())["profile"]["start_date"].isoformat() == "2027-01-15"


def test_a_date_of_birth_that_cannot_be_right_is_asked_again(tmp_path: Path) -> None:
    plan = tmp_path / "plan.toml"
    child = spawn(plan)
    answer(child, PERSONAS["high-school-student"][0][:4])
    answer(child, [("Your date of birth?", "2021-04-02" + ENTER)])
    child.expect_exact("years old today")  # a typo in the year: asked again, with the reason
    answer(child, [("Your date of birth?", CLEAR + ENTER)])  # optional: left empty
    answer(child, PERSONAS["high-school-student"][0][5:])
    answer(child, [("Save this plan?", "y")])
    assert finish(child) == 0
    assert "birth_date" not in tomllib.loads(plan.read_text())["profile"]


def _existing_plan(tmp_path: Path) -> Path:
    plan = tmp_path / "plan.toml"
    cli("init", "--answers", str(EXAMPLES / "undecided-cna.toml"), env={"CMAPLAN_PLAN": str(plan)})
    return plan


@pytest.mark.parametrize("key", ["\x03", "\x1b"], ids=["ctrl-c", "esc"])
def test_cancelling_mid_interview_leaves_the_plan_untouched(tmp_path: Path, key: str) -> None:
    plan = _existing_plan(tmp_path)
    before = plan.read_bytes()
    child = spawn(plan)
    child.expect_exact("your earlier answers are the defaults")
    answer(child, [("What name should your plan show?", ENTER)])
    child.expect_exact("Did you earn a medical degree outside the US?")
    child.send(key)
    child.expect_exact("cmaplan: interrupted; nothing was changed.")
    assert finish(child) == 130
    assert plan.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix != ".lock") == ["plan.toml"]


def test_cancelling_a_first_interview_leaves_no_file(tmp_path: Path) -> None:
    plan = tmp_path / "plan.toml"
    child = spawn(plan)
    answer(child, [("What name should your plan show?", "Sam" + ENTER)])
    child.expect_exact("Did you earn a medical degree outside the US?")
    child.send("\x03")
    assert finish(child) == 130
    assert list(tmp_path.iterdir()) == []


def test_declining_to_save_writes_nothing(tmp_path: Path) -> None:
    plan = tmp_path / "plan.toml"
    child = spawn(plan)
    answer(child, PERSONAS["high-school-student"][0])
    answer(child, [("Save this plan?", "n")])
    child.expect_exact("nothing was saved")
    assert finish(child) == 1
    assert not plan.exists()


def test_a_rerun_keeps_progress_and_offers_earlier_answers(tmp_path: Path) -> None:
    plan = _existing_plan(tmp_path)
    cli("check", "choose-program", env={"CMAPLAN_PLAN": str(plan)})
    child = spawn(plan)
    # Accept every earlier answer, then switch the goal from nursing to management.
    answer(
        child,
        [
            ("What name should your plan show?", ENTER),
            ("Did you earn a medical degree outside the US?", ENTER),
            ("Do you have a high-school diploma", ENTER),
            ("Have you worked in healthcare?", ENTER),
            ("Do you hold the CMA (AAMA) credential already?", ENTER),
            ("already finished an accredited", ENTER),
            ("that is NOT accredited by CAAHEP or ABHES", ENTER),
            ("What is the CMA for, in the long run?", DOWN + ENTER),
            ("Which program do you want?", ENTER),
            ("How will you study?", ENTER),
            ("hours a week can you give to your studies", ENTER),
            ("On what day can you start?", ENTER),
            ("Which US state will you work in?", ENTER),
            ("Save this plan?", "y"),
        ],
    )
    child.expect_exact("Kept your progress on: choose-program.")
    assert finish(child) == 0
    doc = tomllib.loads(plan.read_text())
    assert doc["profile"]["goal"] == "management"
    assert doc["profile"]["experience"] == "cna"
    steps = {s["id"]: s for s in doc["steps"]}
    assert steps["choose-program"]["done"] is True
    assert (tmp_path / "plan.toml.bak").exists()


def test_save_answers_writes_a_file_that_reproduces_the_plan(tmp_path: Path) -> None:
    plan = tmp_path / "plan.toml"
    saved = tmp_path / "mine.toml"
    child = spawn(plan, "--save-answers", str(saved))
    answer(child, PERSONAS["img-residency"][0])
    answer(child, [("Save this plan?", "y")])
    assert finish(child) == 0
    assert tomllib.loads(saved.read_text())["goal"] == "residency"
    assert (saved.stat().st_mode & 0o777) == 0o600
    again = plan_from_answers(tmp_path, saved.read_text())
    assert without_uid(again) == without_uid(tomllib.loads(plan.read_text()))


def test_shift_tab_goes_back_a_question_with_the_answer_given(tmp_path: Path) -> None:
    """A high-school student who said "no diploma" goes back from the date, says yes, and the
    date question is gone; Shift+Tab on the first question asks it again."""
    plan = tmp_path / "plan.toml"
    child = spawn(plan)
    child.expect_exact("Shift+Tab goes back a question")
    answer(child, [("What name should your plan show?", BACK)])
    answer(child, [("What name should your plan show?", "Sam" + ENTER)])
    answer(child, [("Did you earn a medical degree outside the US?", "n")])
    answer(child, [("Do you have a high-school diploma", "n")])
    answer(child, [("When do you expect your diploma", BACK)])
    answer(child, [("Do you have a high-school diploma", "y")])
    answer(child, [("Have you worked in healthcare?", BACK)])
    answer(child, [("Do you have a high-school diploma", ENTER)])  # yes, as given
    answer(
        child,
        [
            ("Have you worked in healthcare?", ENTER),
            ("already finished an accredited", "n"),
            ("that is NOT accredited by CAAHEP or ABHES", ENTER),
            ("What is the CMA for, in the long run?", ENTER),
            ("Which program do you want?", UP + UP + ENTER),
            ("How will you study?", ENTER),
            ("hours a week can you give to your studies", ENTER),
            ("On what day can you start?", CLEAR + "2027-01-04" + ENTER),
            ("Which US state will you work in?", "Texas" + ENTER),
        ],
    )
    child.expect_exact("is not a US state")
    answer(child, [("Which US state will you work in?", CLEAR + "tx" + ENTER)])
    answer(child, [("Save this plan?", "y")])
    assert finish(child) == 0
    profile = tomllib.loads(plan.read_text())["profile"]
    assert (profile["name"], profile["diploma"], profile["state"]) == ("Sam", True, "TX")
    assert "diploma_by" not in profile


def test_an_optional_answer_can_be_cleared_on_a_rerun(tmp_path: Path) -> None:
    """Amina's plan has a name and a state: emptied (Ctrl-U, Enter) they are gone."""
    plan = tmp_path / "plan.toml"
    cli("init", "--answers", str(EXAMPLES / "img-residency.toml"), env={"CMAPLAN_PLAN": str(plan)})
    child = spawn(plan)
    answer(child, [("What name should your plan show?", CLEAR + ENTER)])
    for prompt in (
        "Did you earn a medical degree outside the US?",
        "already in English?",
        "credential evaluation of your degree",
        "Have you worked in healthcare?",
        "Which medical field did you practise",
        "already finished an accredited",
        "What is the CMA for, in the long run?",
        "How far are you with the USMLE?",
        "Which program do you want?",
        "How will you study?",
        "hours a week can you give to your studies",
        "On what day can you start?",
    ):
        answer(child, [(prompt, ENTER)])
    answer(child, [("Which US state will you work in?", CLEAR + ENTER), ("Save this plan?", "y")])
    assert finish(child) == 0
    profile = tomllib.loads(plan.read_text())["profile"]
    assert "name" not in profile
    assert "state" not in profile
    assert profile["specialty"] == "internal medicine"
