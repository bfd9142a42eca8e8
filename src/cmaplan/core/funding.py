"""The ways to pay for a program that fit a person (core layer: pure): the funding routes of
knowledge.toml's price list, with the FAFSA's school years dated for their program."""

from __future__ import annotations

from datetime import date
from typing import NamedTuple

from cmaplan.core.knowledge import load_knowledge
from cmaplan.core.model import Plan, ScheduledStep
from cmaplan.core.pricelist import price_list


class FundingLine(NamedTuple):
    """A way to pay that fits this person's answers, what to check, and its dated note."""

    key: str
    name: str
    check: str
    note: str
    sources: tuple[str, ...]


def funding_for(
    plan: Plan, dated: dict[str, ScheduledStep], today: date
) -> tuple[FundingLine, ...]:
    """The ways to pay that fit this person, while there is a program to pay for."""
    roles = load_knowledge().roles
    coursework = dated.get(roles.coursework)
    if coursework is None or coursework.is_done:
        return ()
    graduation = dated.get(roles.graduation)
    ends = graduation.due_day if graduation is not None else coursework.due_day
    return tuple(
        FundingLine(
            f.key, f.name, f.check, _fafsa_note(f.dated, coursework, ends, today), f.sources
        )
        for f in price_list().funding
        if f.fits(plan.profile, plan.program)
    )


def _fafsa_note(kind: str, coursework: ScheduledStep, ends: date, today: date) -> str:
    """The FAFSA's school years for a program forecast from `coursework.start` to `ends`: one
    form for each school year (1 July to 30 June) the program runs in."""
    if kind != "fafsa":
        return ""
    kb = load_knowledge()
    start = coursework.start
    month, day = kb.fact("fafsa_year_start").month_day()
    opens_month, opens_day = kb.fact("fafsa_opens").month_day()

    def year_of(when: date) -> int:
        return when.year if when >= date(when.year, month, day) else when.year - 1

    years = list(range(year_of(start), year_of(max(ends, start)) + 1))
    said = []
    for first in years:
        opens = date(first - 1, opens_month, opens_day)
        when = f"opened around {opens}: file it now" if opens <= today else f"opens around {opens}"
        said.append(f"{first}–{str(first + 1)[2:]} (its form {when})")
    span = f"from {start} to {ends}" if ends > start else f"to start on {start}"
    each = "a FAFSA for each school year" if len(years) > 1 else "the FAFSA for its school year"
    return (
        f"Your program is forecast to run {span}: file {each}, "
        + " and ".join(said)
        + ". Each year's federal deadline is 30 June at its end, but your state and school set "
        "earlier ones."
    )
