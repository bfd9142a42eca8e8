"""The pace a plan can keep: the hours a step needs against the hours a week a person gives,
as the least time the step can take, and whether a program fits its own length at those hours
(core layer: pure, no I/O)."""

from __future__ import annotations

import math
from typing import NamedTuple

from cmaplan.core.knowledge import DurationSpec, Knowledge
from cmaplan.core.model import Program

WEEK_DAYS = 7.0


def needed_hours(spec: DurationSpec, program: Program, kb: Knowledge) -> float | None:
    """The hours of work the step of `spec` needs (its `hours` fact, by program type when the
    fact is a table), or None when the step names none."""
    if spec.hours is None:
        return None
    fact = kb.fact(spec.hours)
    return fact.number(program.value) if isinstance(fact.value, dict) else fact.number()


def least_days(hours: float, per_week: int) -> float:
    """The fewest days `hours` of work take at `per_week` hours a week."""
    return hours / per_week * WEEK_DAYS


def paced_factor(factor: float, shortest_days: float, hours: float, per_week: int) -> float:
    """`factor` (the stretch a range already has), raised so that the range's shortest length,
    `shortest_days` before any stretch, is at least the days `hours` take at `per_week`."""
    if shortest_days <= 0:
        return factor
    return max(factor, least_days(hours, per_week) / shortest_days)


class Shortfall(NamedTuple):
    """A program that cannot be done in its own length at the hours a week given: the hours a
    week it asks for at that length, and how long it takes at the person's hours."""

    needed_per_week: int  # rounded up
    takes_days: float  # coursework and practicum, at the person's hours


def shortfall(total_hours: float, longest_days: float, per_week: int) -> Shortfall | None:
    """Whether `total_hours` (coursework and practicum) fit in the program's longest planned
    length, `longest_days`, at `per_week` hours a week; a Shortfall when they do not."""
    if longest_days <= 0:
        return None
    weeks = longest_days / WEEK_DAYS
    needed = total_hours / weeks
    if per_week >= needed:
        return None
    return Shortfall(math.ceil(needed), least_days(total_hours, per_week))
