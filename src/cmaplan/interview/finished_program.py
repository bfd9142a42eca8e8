"""The interview's questions about a non-accredited medical assisting program the person
already finished, and its hours (interview layer: pure, no terminal). Asked only of someone who
may have one: someone with a diploma, not an IMG, not a graduate of an accredited program, and
no military medic (whose route is their training). With them the plan offers Category 4's
document review where the hours meet it (core/eligibility.py, README "Eligibility and the
program you choose").

`questions.questions()` asks them after the accredited-graduate question, as `Question`s.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

from cmaplan.core.profile import PROGRAM_HOURS

Answers = dict[str, Any]
BACKGROUNDS = ("uncertified-ma", "none", "cna")  # a working MA, a career changer, a CNA


class Spec(NamedTuple):
    """One question, in the fields of `questions.Question`."""

    key: str
    kind: str
    message: str
    hint: str
    applies: Callable[[Answers], bool]
    fallback: Any = None
    limits: tuple[int, int] = PROGRAM_HOURS


def may_have_finished_one(a: Answers) -> bool:
    """Whether to ask about a finished non-accredited program at all."""
    return (
        not a.get("foreign_medical_degree")
        and bool(a.get("diploma"))  # a postsecondary program needs one
        and not a.get("_graduated")
        and a.get("experience", "none") in BACKGROUNDS
    )


def finished_one(a: Answers) -> bool:
    return may_have_finished_one(a) and bool(a.get("finished_ma_program"))


def works_as_ma(a: Answers) -> bool:
    return finished_one(a) and a.get("experience") == "uncertified-ma"


SPECS: tuple[Spec, ...] = (
    Spec(
        "finished_ma_program",
        "confirm",
        "Have you finished a medical assisting program that is NOT accredited by CAAHEP or ABHES?",
        "finished-program",
        may_have_finished_one,
        fallback=False,
    ),
    Spec(
        "program_contact_hours",
        "number",
        "About how many hours of classes did it have, practicum not counted?",
        "finished-program",
        finished_one,
    ),
    Spec(
        "program_practicum_hours",
        "number",
        "How many hours of practicum (externship) did it have? (0 if none)",
        "finished-program",
        finished_one,
        fallback=0,
    ),
    Spec(
        "ma_work_hours",
        "number",
        "About how many hours have you worked as a medical assistant since you finished it?",
        "finished-program",
        works_as_ma,
        fallback=0,
    ),
)
