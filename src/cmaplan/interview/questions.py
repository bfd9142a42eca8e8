"""The questions of `cmaplan init`, as data (interview layer: pure, no terminal): each knows when
it applies, its default, and how to check a typed answer; `answers_to_profile` turns the answers
into a profile through the same checks as an answers file. `interview.run_interview` walks them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from typing import Any, Literal, NamedTuple

from cmaplan.core.durations import default_study_hours
from cmaplan.core.errors import AnswersError
from cmaplan.core.held import not_month_end
from cmaplan.core.knowledge import Knowledge, load_knowledge
from cmaplan.core.model import Pace, Profile
from cmaplan.core.numbers import NotANumber, parse_number, quoted
from cmaplan.core.planner import build_plan
from cmaplan.core.profile import STUDY_HOURS, US_STATES, birth_refusal, parse_day, parse_profile
from cmaplan.core.schedule import forecast
from cmaplan.interview.daychecks import (
    expected_day,
    not_after_today,
    not_before_today,
)
from cmaplan.interview.finished_program import SPECS as FINISHED_PROGRAM
from cmaplan.interview.leftover import drop_leftovers

Answers = dict[str, Any]
QuestionKind = Literal["confirm", "select", "date", "number", "text"]  # how it is asked


class Option(NamedTuple):
    value: str
    label: str
    description: str = ""


def _always(answers: Answers) -> bool:
    return True


class Question(NamedTuple):
    """One question. `key` is an answers-file key, or starts with "_" for a helper question."""

    key: str
    kind: QuestionKind
    message: str
    hint: str = ""  # a glossary term, explained under the question
    options: tuple[Option, ...] = ()
    applies: Callable[[Answers], bool] = _always
    fallback: Any = None  # the default when there is no earlier answer
    optional: bool = False  # a text or date that may be left empty
    check: Callable[[Any, Answers, date], str | None] = lambda value, answers, today: None
    limits: tuple[int, int] = STUDY_HOURS  # a number's range

    def default(self, answers: Answers, previous: Mapping[str, Any], today: date) -> Any:
        """The earlier answer when there is one, else a sensible default."""
        if self.key == "_graduated":
            return "graduated_on" in previous
        if self.key in previous:
            return previous[self.key]
        if self.key == "start_date":
            # A student can start once the diploma is in hand.
            expected = answers.get("diploma_by")
            return expected if isinstance(expected, date) and expected > today else today
        if self.key == "study_hours":
            return _default_hours(answers)
        return self.fallback

    def convert(self, text: str, answers: Answers, today: date) -> tuple[Any, str | None]:
        """A typed answer as its value, or an error message to show before asking again."""
        text = text.strip()
        if not text:
            return (None, None) if self.optional else (None, "Please give an answer.")
        if self.kind == "date":
            try:
                value: Any = parse_day(text)
            except ValueError as error:
                return None, f"{str(error)[0].upper()}{str(error)[1:]}."
        elif self.kind == "number":
            low, high = self.limits
            try:
                value = parse_number(text)
            except NotANumber as error:  # ٣, ², 1_0: said, never read as another number
                meant = f' ({error.meant}, not "{quoted(text)}")' if error.meant else ""
                return None, (
                    f"Please give a whole number from {low} to {high}, written with the digits "
                    f"0-9{meant}."
                )
            if not low <= value <= high:
                return None, f"Please give a whole number from {low} to {high}."
        else:
            value = text
        return value, self.check(value, answers, today)


def is_img(a: Answers) -> bool:
    return bool(a.get("foreign_medical_degree"))


def _graduated(a: Answers) -> bool:
    return bool(a.get("_graduated"))


def _sentence(words: str | None) -> str | None:
    """A refusal's words as the interview shows them: a sentence."""
    return None if words is None else f"A date of birth {words.removeprefix('it ')}."


def _default_hours(answers: Answers) -> int:
    """The default hours a week for the pace chosen (full-time for graduates)."""
    return default_study_hours(Pace(answers.get("pace") or Pace.FULL_TIME), load_knowledge())


def _short_text(value: str, answers: Answers, today: date) -> str | None:
    if any(c in value for c in "\n\r\u2028\u2029\x85"):  # a pasted line break: the plan's
        return "Please keep it on one line."  # answers hold a name on one line
    return "Please keep it under 80 characters." if len(value) > 80 else None


def _state_code(value: str, answers: Answers, today: date) -> str | None:
    if value.upper() in US_STATES:
        return None
    return (
        f'"{value}" is not a US state\'s two-letter code: give one such as TX, or leave it empty.'
    )


def _holds_cma(a: Answers) -> bool:  # the CMA (AAMA) already: no program or exam to plan
    return a.get("cma_status") in ("current", "lapsed")


def _in_category2(a: Answers) -> bool:
    """Whether the plan made from these answers forecasts the exam application in the category
    where membership changes the fee (a graduate applying long after graduating)."""
    if not _graduated(a):
        return False
    kb = load_knowledge()
    try:
        draft = answers_to_profile(a, {}, today=a["_today"])
    except AnswersError:
        return False
    terms = forecast(build_plan(draft, today=a["_today"], kb=kb), a["_today"], kb).exam
    return terms is not None and terms.category == kb.rules.exam_category.outside


def questions(kb: Knowledge) -> tuple[Question, ...]:
    """Every question, in the order they are asked."""

    programs = tuple(
        Option(
            key,
            info.name.capitalize(),
            f"{kb.fact(info.duration).render()} full-time; {info.suits}",
        )
        for key, info in kb.programs.items()
    )
    return (
        Question(
            "name",
            "text",
            "What name should your plan show? (optional)",
            optional=True,
            fallback="",
            check=_short_text,
        ),
        Question(
            "foreign_medical_degree",
            "confirm",
            "Did you earn a medical degree outside the US?",
            hint="img",
            fallback=False,
        ),
        Question(
            "transcripts_in_english",
            "confirm",
            "Are your official medical school transcripts already in English?",
            applies=is_img,
            fallback=False,
        ),
        Question(
            "credentials_evaluated",
            "confirm",
            "Has a course-by-course credential evaluation of your degree been done?",
            hint="credential-evaluation",
            applies=is_img,
            fallback=False,
        ),
        Question(
            "diploma",
            "confirm",
            "Do you have a high-school diploma or a GED (or the equivalent from abroad)?",
            applies=lambda a: not is_img(a),
            fallback=True,
        ),
        Question(
            "diploma_by",
            "date",
            "When do you expect your diploma or GED? (YYYY-MM-DD; leave empty if unsure)",
            applies=lambda a: not is_img(a) and not a.get("diploma"),
            optional=True,
            check=expected_day,
        ),
        Question(
            "birth_date",
            "date",
            "Your date of birth? (YYYY-MM-DD; optional: programs often set a minimum age)",
            applies=lambda a: not is_img(a) and not a.get("diploma"),
            optional=True,
            check=lambda value, answers, today: _sentence(birth_refusal(value, today)),
        ),
        Question(
            "experience",
            "select",
            "Have you worked in healthcare?",
            hint="experience",
            options=(
                Option("none", "No, not yet"),
                Option("cna", "Yes, as a nursing assistant (CNA)"),
                Option("uncertified-ma", "Yes, as a medical assistant without a credential"),
                Option("military", "Yes, as a military medic or corpsman"),
            ),
            fallback="none",
        ),
        Question(
            "cma_status",
            "select",
            "Do you hold the CMA (AAMA) credential already?",
            hint="cma-status",
            options=(
                Option("none", "No, never"),
                Option("current", "Yes, and it is current"),
                Option("lapsed", "Yes, but it has expired"),
            ),
            applies=lambda a: a.get("experience", "none") != "none",  # a CMA has worked as an MA
            fallback="none",
        ),
        Question(
            "cma_since",
            "date",
            "When did you pass the exam or last recertify? (YYYY-MM-DD; empty: give the expiry)",
            applies=_holds_cma,
            optional=True,
            check=not_after_today,
        ),
        Question(
            "cma_expires",
            "date",
            "On what day does (or did) it expire? (YYYY-MM-DD, the last day of a month)",
            applies=lambda a: _holds_cma(a) and not a.get("cma_since"),
            check=lambda value, answers, today: not_month_end(value),
        ),
        Question(
            "specialty",
            "text",
            "Which medical field did you practise, or would you like to work in? (optional, "
            "such as cardiology)",
            hint="specialty",
            applies=is_img,
            optional=True,
            fallback="",
            check=_short_text,
        ),
        Question(
            "_graduated",
            "confirm",
            "Have you already finished an accredited medical assisting program?",
            hint="accredited",
            applies=lambda a: (is_img(a) or bool(a.get("diploma"))) and not _holds_cma(a),
            fallback=False,
        ),
        Question(
            "graduated_on",
            "date",
            "On what day did you finish it? (YYYY-MM-DD)",
            applies=_graduated,
            check=not_after_today,
        ),
        *(Question(**spec._asdict()) for spec in FINISHED_PROGRAM),
        Question(
            "goal",
            "select",
            "What is the CMA for, in the long run?",
            options=(
                Option("career", "A long-term career as a medical assistant"),
                Option(
                    "residency", "A step towards a US residency", "for physicians trained abroad"
                ),
                Option("nursing", "A step towards nursing school"),
                Option("management", "A step towards office or practice management"),
            ),
            fallback="career",
        ),
        Question(
            "usmle",
            "select",
            "How far are you with the USMLE?",
            options=(
                Option("not-started", "Not started"),
                Option("step1", "Step 1 passed"),
                Option("step2", "Step 2 CK passed"),
                Option("ecfmg-certified", "ECFMG certified"),
            ),
            applies=lambda a: a.get("goal") == "residency",
            fallback="not-started",
        ),
        Question(
            "program",
            "select",
            "Which program do you want?",
            hint="externship",
            options=(*programs, Option("undecided", "Not sure yet", "we suggest one for you")),
            applies=lambda a: not _graduated(a) and not _holds_cma(a),
            fallback="undecided",
        ),
        Question(
            "pace",
            "select",
            "How will you study?",
            hint="pace",
            options=(Option("full-time", "Full-time"), Option("part-time", "Part-time")),
            applies=lambda a: not _graduated(a) and not _holds_cma(a),
            fallback="full-time",
        ),
        Question(
            "study_hours",
            "number",
            "About how many hours a week can you give to your studies?",
            hint="study-hours",
            applies=lambda a: not _holds_cma(a),
        ),
        Question(
            "start_date", "date", "On what day can you start? (YYYY-MM-DD)", check=not_before_today
        ),
        Question(
            "state",
            "text",
            "Which US state will you work in? (its two-letter code, such as TX; optional)",
            hint="state",
            optional=True,
            fallback="",
            check=_state_code,
        ),
        Question(
            "aama_member",
            "confirm",
            "Are you (or will you become) an AAMA member?",
            hint="member",
            applies=_in_category2,
            fallback=False,
        ),
    )


CONFIRM_SAVE = Question("_save", "confirm", "Save this plan?", fallback=True)


def answers_to_profile(
    answers: Answers, earlier: Mapping[str, Any], *, today: date | None
) -> Profile:
    """The interview's answers as a profile, through the same checks as an answers file."""
    # Earlier answers to questions not asked this time carry over (study_hours from a file, say).
    data = {k: v for k, v in earlier.items() if k not in answers}
    for key, value in answers.items():
        if key.startswith("_"):
            continue
        if value in (None, ""):
            data.pop(key, None)
        else:
            data[key] = value
    if answers.get("_graduated") is False:
        data.pop("graduated_on", None)
    drop_leftovers(data, answers)
    if is_img(answers):
        data["diploma"] = True
    if data.get("diploma") is True:
        data.pop("diploma_by", None)
    data.setdefault("program", "certificate")
    data.setdefault("pace", "full-time")
    try:
        return parse_profile(data, today=today)
    except AnswersError as error:  # a combination the questions should not allow
        raise AnswersError(f"the answers do not fit together: {error.message}") from None
