"""The interview behind `cmaplan init` (interview layer).

The questions are data (`questions.py`). `run_interview` walks them with any `ask` function, so
the logic is tested without a terminal, and goes back a question when `ask` raises GoBack;
`asking.ask_in_terminal` is the questionary front end, imported only when a person is asked.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from datetime import date
from typing import Any

from cmaplan.core.knowledge import Knowledge, load_knowledge
from cmaplan.core.model import Profile
from cmaplan.core.plaintext import visible, with_article
from cmaplan.core.planner import recommend
from cmaplan.core.profile import profile_to_dict
from cmaplan.interview.questions import (
    CONFIRM_SAVE,
    Answers,
    Option,
    Question,
    answers_to_profile,
    is_img,
    questions,
)
from cmaplan.views.width import text_width

__all__ = [
    "CONFIRM_SAVE",
    "Answers",
    "Ask",
    "GoBack",
    "Option",
    "Question",
    "answers_to_profile",
    "questions",
    "recommendation_lines",
    "run_interview",
    "wrap",
]


class GoBack(Exception):
    """Raised by an `ask` when the person wants the previous question again."""


def wrap(text: str, indent: str = "", hanging: str | None = None) -> str:
    """Text folded at spaces to the terminal's width (at most 100 columns), for hints and notes.

    Words are never split, ids with hyphens included; `hanging` indents the lines after the first.
    """
    width = text_width(least=40, most=100)
    return textwrap.fill(
        visible(text),  # answers come from a person or an old plan file: data, not control
        width,
        initial_indent=indent,
        subsequent_indent=indent if hanging is None else hanging,
        break_on_hyphens=False,
        break_long_words=False,
    )


def options_for(question: Question, answers: Answers) -> tuple[Option, ...]:
    """The choices that make sense for this person (residency only for physicians)."""
    if question.key == "goal" and not is_img(answers):
        return tuple(o for o in question.options if o.value != "residency")
    return question.options


def comparison(kb: Knowledge) -> list[str]:
    """The certificate/associate comparison shown to someone undecided."""
    return [
        f"{with_article(info.name).capitalize()} takes {kb.fact(info.duration).render()} "
        f"full-time: {info.suits}."
        for info in kb.programs.values()
    ]


def recommendation_lines(answers: Answers, today: date, kb: Knowledge) -> list[str]:
    """The comparison and the suggestion for this person, from what they answered so far."""
    draft = answers_to_profile(
        {**answers, "program": "undecided", "pace": "full-time", "start_date": today},
        {},
        today=None,
    )
    advice = recommend(draft, kb)
    name = with_article(kb.programs[advice.program.value].name)
    return [*comparison(kb), f"Our suggestion for you: {name}, because {advice.reason}"]


Ask = Callable[[Question, Any, tuple[Option, ...], Answers], Any]


def run_interview(
    ask: Ask,
    *,
    previous: Profile | None,
    today: date,
    tell: Callable[[str], None],
    kb: Knowledge | None = None,
) -> Profile:
    """Ask every question that applies and return the profile, checked like an answers file.

    `ask(question, default, options, answers_so_far)` returns the answer's value, or raises
    GoBack to be asked the previous question again (this time's answer as its default); `tell`
    shows a line of text.
    Answers to questions not asked (e.g. study_hours set in a file earlier) carry over.
    """
    kb = kb or load_knowledge()
    earlier = profile_to_dict(previous) if previous else {}
    answers: Answers = {"_today": today, "_previous_start": earlier.get("start_date")}
    every = questions(kb)
    given: Answers = {}  # this time's answers, kept as the defaults when the person goes back
    asked: list[int] = []  # the questions asked so far, by index, for going back
    at = 0
    while at < len(every):
        question = every[at]
        if not question.applies(answers):
            at += 1
            continue
        if question.key in given:
            default = given[question.key]
        else:
            default = question.default(answers, earlier, today)
        try:
            value = ask(question, default, options_for(question, answers), answers)
        except GoBack:
            if asked:  # on the first question there is nothing before: it is asked again
                at = asked.pop()
                for later in every[at:]:
                    answers.pop(later.key, None)
            continue
        answers[question.key] = given[question.key] = value
        asked.append(at)
        at += 1
        if question.key == "program" and value == "undecided":
            for line in recommendation_lines(answers, today, kb):
                tell(line)
    return answers_to_profile(answers, earlier, today=today)
