"""Eligibility for the CMA (AAMA) exam as the AAMA defines it: the four categories, and which
route each program a plan uses leads to (core layer: pure, no I/O).

Every program, recorded (`cmaplan program add`) or assumed by the plan, gets a route:
"standard" (CAAHEP or ABHES: Category 1, or 2 applying later), "alternative" (a finished
non-accredited program whose hours meet Category 4, after the AAMA's document review),
"unknown" (no accreditor recorded: ask the program) or "none" (another accreditor: not eligible
for the CMA (AAMA) by that program). Only the first two reach the exam; the planner plans the
exam, its category, fee and date, and a CMA job only for them (README, "Eligibility and the
program you choose"). The words and numbers are data: `[eligibility]` in knowledge.toml.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Literal, NamedTuple

from dateutil.relativedelta import relativedelta

from cmaplan.core.conditions import works_to_close
from cmaplan.core.knowledge import Knowledge, load_knowledge
from cmaplan.core.model import Candidate, Plan, Profile
from cmaplan.core.pathway import gaps, thresholds, work_short
from cmaplan.core.plaintext import same_name
from cmaplan.core.rules import accreditor_name, is_accredited
from cmaplan.core.shipped import knowledge_data

Route = Literal["standard", "alternative", "unknown", "none"]
OPEN_ROUTES: tuple[Route, ...] = ("standard", "alternative")
Accreditation = Literal["accredited", "unknown", "other"]
# What a person types for a program that no body accredits.
NO_ACCREDITOR = frozenset({"none", "no", "n/a", "not accredited", "unaccredited"})


class Category(NamedTuple):
    """One of the AAMA's eligibility categories and what it asks."""

    number: int
    name: str
    condition: str  # a template: facts in braces


class Rules(NamedTuple):
    """The `[eligibility]` table of knowledge.toml."""

    exam_phases: tuple[str, ...]  # planned only on a route that reaches the exam
    closed_step: str  # planned instead, on a route that does not
    review_step: str  # Category 4's document review
    alternative_category: int
    finish_label: str
    closed_phase_titles: Mapping[str, str]  # a phase's title when the route is closed
    closed_note: str  # beside the headline of a plan whose route does not reach the exam
    used_step: str  # planned after the exam step once every attempt has failed
    used_label: str  # the finish of such a plan
    used_note: str  # beside its headline
    used_reason: str  # why such a plan's route no longer reaches the exam
    graduate_open: str  # the graduation step's words, by whether the route reaches the exam
    graduate_closed: str
    alternative_fee: str
    compare_met: str  # `compare`'s name for a Category 4 plan, and why it shows no program
    compare_work: str
    compare_note_met: str
    compare_note_work: str
    categories: tuple[Category, ...]
    reasons: Mapping[str, str]
    missing: Mapping[str, str]
    sources: tuple[str, ...]


class Eligibility(NamedTuple):
    """The route a program leads to, why, and (when it does not reach the exam) what remains."""

    route: Route
    program: str  # the recorded program's name; "" for the program the plan assumes
    accreditor: str
    reason: str
    options: tuple[str, ...] = ()  # the routes that remain, when this one is closed
    attempts_used: bool = False  # closed by the last failed attempt, not by the program

    @property
    def reaches_exam(self) -> bool:
        return self.route in OPEN_ROUTES

    @property
    def words(self) -> str:
        """The route in a few words, as a table cell shows it. A program neither CAAHEP nor
        ABHES accredits is closed to Categories 1 and 2 only: at a school accredited by a body
        the USDE or CHEA recognises, Category 4 may remain once it is finished."""
        if self.attempts_used:
            return ATTEMPTS_USED_WORDS
        if self.route == "none":  # Category 4 asks for an accredited school, not program
            return OTHER_BODY_WORDS
        return ROUTE_WORDS[self.route]


ROUTE_WORDS: dict[Route, str] = {
    "standard": "Category 1 or 2",
    "alternative": "Category 4, after the document review",
    "unknown": "not yet known: ask the program",
    "none": "not eligible for the CMA (AAMA)",
}
OTHER_BODY_WORDS = "not Category 1 or 2; Category 4 may remain (ask)"
ATTEMPTS_USED_WORDS = "every attempt used: eligible again after an accredited program"


@functools.cache
def rules() -> Rules:
    """The eligibility table, checked against the knowledge base (its steps and sources)."""
    raw = knowledge_data()["eligibility"]
    kb = load_knowledge()
    found = Rules(
        exam_phases=tuple(str(p) for p in raw["exam_phases"]),
        closed_step=str(raw["closed_step"]),
        review_step=str(raw["review_step"]),
        alternative_category=int(raw["alternative_category"]),
        finish_label=str(raw["finish_label"]),
        closed_phase_titles={str(k): str(v) for k, v in raw["closed_phase_titles"].items()},
        closed_note=str(raw["closed_note"]),
        used_step=str(raw["used_step"]),
        used_label=str(raw["used_label"]),
        used_note=str(raw["used_note"]),
        used_reason=str(raw["used_reason"]),
        graduate_open=str(raw["graduate_open"]),
        graduate_closed=str(raw["graduate_closed"]),
        alternative_fee=str(raw["alternative_fee"]),
        compare_met=str(raw["compare_met"]),
        compare_work=str(raw["compare_work"]),
        compare_note_met=kb.fill(str(raw["compare_note_met"])),
        compare_note_work=kb.fill(str(raw["compare_note_work"])),
        categories=tuple(
            Category(int(c["number"]), str(c["name"]), str(c["condition"]))
            for c in raw["categories"]
        ),
        reasons={str(k): str(v) for k, v in raw["reasons"].items()},
        missing={str(k): str(v) for k, v in raw["missing"].items()},
        sources=tuple(str(s) for s in raw["sources"]),
    )
    ids = {t.id for t in kb.steps}
    if not {found.closed_step, found.review_step, found.used_step} <= ids:
        raise ValueError("[eligibility]: closed_step, review_step and used_step name steps")
    if not set(found.exam_phases) | set(found.closed_phase_titles) <= set(kb.phases):
        raise ValueError("[eligibility]: exam_phases are phases")
    if not found.sources or not set(found.sources) <= set(kb.sources):
        raise ValueError("[eligibility]: unknown or no sources")
    if sorted(c.number for c in found.categories) != [1, 2, 3, 4]:
        raise ValueError("[eligibility]: the four categories, 1 to 4")
    return found


def categories(kb: Knowledge | None = None) -> tuple[tuple[str, str], ...]:
    """The four categories, each with its condition in words."""
    kb = kb or load_knowledge()
    return tuple((c.name, kb.fill(c.condition)) for c in rules().categories)


def accreditation(accreditor: str, kb: Knowledge | None = None) -> Accreditation:
    """CAAHEP or ABHES ("accredited"), nothing recorded ("unknown"), or any other body or
    "none" ("other")."""
    known = is_accredited(accreditor, kb or load_knowledge())
    return "unknown" if known is None else "accredited" if known else "other"


def counts_as_accredited(
    accredited_from: date | None, enrolled_until: date, graduated_on: date, kb: Knowledge
) -> bool:
    """The AAMA's rule for a newly accredited program: it counts when it was accredited at any
    time while the student was enrolled (by `enrolled_until`), or within the grace months after
    the student graduated."""
    if accredited_from is None:
        return False
    months = int(kb.fact("accreditation_grace_months").number())
    latest: date = graduated_on + relativedelta(months=months)
    return accredited_from <= max(enrolled_until, latest)


def _filled(template: str, kb: Knowledge, **values: str) -> str:
    """A template with facts and `values` (a program's name, as typed) filled in."""
    return template.format_map({**kb.values(), **values})


def _reason(key: str, kb: Knowledge, program: str = "", accreditor: str = "") -> str:
    text = rules().reasons[key]
    return _filled(text, kb, program=program or "This program", accreditor=accreditor)


def closed_options(kb: Knowledge | None = None) -> tuple[str, ...]:
    """What remains when a program does not lead to the exam."""
    return (kb or load_knowledge()).fact("closed_route_choices").items()


def of_candidate(candidate: Candidate, kb: Knowledge | None = None) -> Eligibility:
    """The route a recorded program leads to, by its accreditor."""
    kb = kb or load_knowledge()
    name, typed = candidate.name, candidate.accreditor.strip()
    match accreditation(typed, kb):
        case "accredited":
            spelled = accreditor_name(typed, kb)
            return Eligibility(
                "standard", name, spelled, _reason("standard-chosen", kb, name, spelled)
            )
        case "unknown":
            return Eligibility(
                "unknown", name, "", _reason("unknown", kb, name), closed_options(kb)
            )
        case "other":
            said = "unaccredited" if same_name(typed) in NO_ACCREDITOR else "none"
            return Eligibility(
                "none", name, typed, _reason(said, kb, name, typed), closed_options(kb)
            )


def chosen(profile: Profile, candidates: Iterable[Candidate]) -> Candidate | None:
    """The recorded program the profile names as chosen."""
    name = same_name(profile.program_choice)
    return next((c for c in candidates if name and same_name(c.name) == name), None)


def of_plan(
    profile: Profile, candidates: Iterable[Candidate], kb: Knowledge | None = None
) -> Eligibility:
    """The route of the program the plan uses: a graduate's accredited program, a finished
    program that meets Category 4, the chosen recorded program, or the accredited program the
    plan assumes."""
    kb = kb or load_knowledge()
    if profile.graduated_on is not None:
        return Eligibility("standard", "", "", _reason("graduate", kb))
    if gaps(profile) == ():
        return Eligibility("alternative", "", "", _reason("alternative", kb))
    if works_to_close(profile):  # the work hours still to come: worked first, then the review
        return Eligibility("alternative", "", "", _reason("work-then-review", kb))
    candidate = chosen(profile, candidates)
    if candidate is not None:
        return of_candidate(candidate, kb)
    return Eligibility("standard", "", "", _reason("standard-assumed", kb))


def phase_titles(
    profile: Profile, candidates: Iterable[Candidate], kb: Knowledge | None = None
) -> dict[str, str]:
    """The phases' titles for this plan, in order: on a route that does not reach the exam, a
    phase named for accredited programs ("Accredited program") is named for the chosen one."""
    kb = kb or load_knowledge()
    titles = dict(kb.phases)
    if not of_plan(profile, candidates, kb).reaches_exam:
        titles.update(rules().closed_phase_titles)
    return titles


def of_attempts(plan: Plan, kb: Knowledge | None = None) -> Eligibility:
    """The route of the plan as its attempts leave it: `of_plan`, unless every attempt at the
    exam has failed, which closes the route until an accredited program is completed again."""
    kb = kb or load_knowledge()
    found = of_plan(plan.profile, plan.candidates, kb)
    if not found.reaches_exam or rules().used_step not in plan.ids:
        return found
    options = kb.fact("attempts_used_choices").items()
    reason = kb.fill(rules().used_reason)
    return Eligibility("none", found.program, found.accreditor, reason, options, True)


def category_of(route: Route, standard: int, kb: Knowledge | None = None) -> int | None:
    """The category an application is made in on this route (`standard`: Category 1 or 2, by
    the day of application); None for a route that does not reach the exam."""
    if route == "standard":
        return standard
    if route == "alternative":
        return rules().alternative_category
    return None


def missing_words(profile: Profile, kb: Knowledge | None = None) -> str:
    """What the person's finished program lacks for Category 4, said plainly ("" when they
    finished none)."""
    kb = kb or load_knowledge()
    found = gaps(profile)
    if found is None:
        return ""
    texts = rules().missing
    if not found:
        return kb.fill(texts["met"])

    def hours(value: int | None) -> str:
        return "none given" if value is None else f"{value} hours"

    need = thresholds()
    values = {
        "given": hours(profile.program_contact_hours),
        "practicum": hours(profile.program_practicum_hours),
        "work": hours(profile.ma_work_hours),
        "contact_short": f"{need.contact - (profile.program_contact_hours or 0):,} hours",
        "work_short": f"{work_short_hours(profile):,} hours",
    }
    listed = "; ".join(_filled(texts[g], kb, **values) for g in found)
    # Class hours of a finished program cannot grow; work hours can (README, "Eligibility").
    if "unknown_hours" in found:
        so = "so_unknown"
    elif "contact" in found:
        so = "so_closed"
    else:
        so = "so_working" if works_to_close(profile) else "so_work"
    return f"{kb.fill(texts['intro'])} {listed}. {_filled(texts[so], kb, **values)}"


def work_short_hours(profile: Profile) -> int:
    """The hours of MA work short of Category 4's (0 when none are short)."""
    short = work_short(profile)
    if short is not None:
        return short
    return max(0, thresholds().work - (profile.ma_work_hours or 0))
