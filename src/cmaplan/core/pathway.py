"""The Alternative Pathway's hours (Category 4 of the CMA (AAMA) exam): whether the
non-accredited MA program a person finished meets them (core layer: pure, no I/O).

Apart from `eligibility.py` because the planner's conditions ask it, and they come before the
knowledge base: the three numbers are read from the shipped data itself, where they are facts
with their sources (`[facts.alternative_*_hours]`).
"""

from __future__ import annotations

import functools
from typing import Literal, NamedTuple

from cmaplan.core.model import Profile
from cmaplan.core.shipped import knowledge_data

# What a finished program can lack: its classes, its practicum (or the work that stands in for
# it), or the hours themselves, not given yet.
Gap = Literal["contact", "practicum", "unknown_hours"]


class Thresholds(NamedTuple):
    contact: int  # academic contact hours, practicum not counted
    practicum: int  # a practicum of this many hours...
    work: int  # ...or this many hours of MA work after the program


@functools.cache
def thresholds() -> Thresholds:
    """The Alternative Pathway's hours, as the knowledge base states them."""
    facts = knowledge_data()["facts"]

    def hours(name: str) -> int:
        value = facts[name]["value"]
        if type(value) is not int:
            raise ValueError(f"fact {name}: a whole number of hours")
        return value

    return Thresholds(
        hours("alternative_contact_hours"),
        hours("alternative_practicum_hours"),
        hours("alternative_work_hours"),
    )


def gaps(profile: Profile, limits: Thresholds | None = None) -> tuple[Gap, ...] | None:
    """What the person's finished non-accredited program lacks for Category 4: None when they
    finished none, () when its hours meet the criteria."""
    if not profile.finished_ma_program:
        return None
    need = limits or thresholds()
    contact, practicum = profile.program_contact_hours, profile.program_practicum_hours
    if contact is None or (practicum is None and profile.ma_work_hours is None):
        return ("unknown_hours",)
    out: list[Gap] = []
    if contact < need.contact:
        out.append("contact")
    if (practicum or 0) < need.practicum and (profile.ma_work_hours or 0) < need.work:
        out.append("practicum")
    return tuple(out)


def work_short(profile: Profile, limits: Thresholds | None = None) -> int | None:
    """The hours of MA work still missing when they are all that the finished program lacks
    for Category 4 (its classes meet it, its practicum does not); None otherwise. Unlike class
    hours, which a finished program cannot gain, work hours grow with every week worked."""
    if gaps(profile, limits) != ("practicum",):
        return None
    need = limits or thresholds()
    return need.work - (profile.ma_work_hours or 0)


def meets_hours(profile: Profile, limits: Thresholds | None = None) -> bool:
    """Whether the person finished a non-accredited program whose hours meet Category 4's."""
    return gaps(profile, limits) == ()
