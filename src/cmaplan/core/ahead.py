"""Days a plan file records as past that have not come yet (core layer, pure).

`check --on`, `ceu add` and `recertify` take only days that have come; a plan file edited by
hand, or a clock set back, can still hold a later one. Reading on as if it had happened would
date the rest of the plan from it (a first job in 2201), so the plan is refused with the day
and where it is, until the file or the clock is right. A day of slack is left for a person who
crossed time zones since they marked a step.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

from cmaplan.core.errors import PlanFileError
from cmaplan.core.model import Plan

SLACK = timedelta(days=1)  # today where the person is may be a day behind the day they marked


def _recorded(plan: Plan) -> Iterator[tuple[date, str]]:
    for step_id, progress in plan.progress.items():
        if progress.done_on is not None:
            yield progress.done_on, f"the step {step_id} is marked done on"
        for day in progress.failed:
            yield day, f"the step {step_id} records an attempt failed on"
    for day in plan.renewals:
        yield day, "the credential is recorded as renewed on"
    for ceu in plan.ceus:
        yield ceu.on, "a CEU is logged on"


def refuse_days_ahead(plan: Plan, today: date) -> None:
    """PlanFileError naming the first recorded day after today (and the day of slack)."""
    for day, what in _recorded(plan):
        if day > today + SLACK:
            raise PlanFileError(
                f"{what} {day}, a day that has not come yet (today is {today}); "
                "correct that day in the plan file, or the computer's date"
            )
