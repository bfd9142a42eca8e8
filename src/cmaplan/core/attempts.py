"""The exam as it happens: the days the rules allow it on, and the attempts a person has made
(core layer: pure, no I/O).

A completing student may test no more than `early_test_days` before finishing coursework and
the practicum (the graduate step: done, or as forecast), and no one tests before applying. An
exam day that the rules forbid is refused with the rule and the earliest day allowed, so a plan
never grants the credential on a day it could not have been earned.
"""

from __future__ import annotations

from datetime import date, timedelta

from cmaplan.core.errors import UsageError
from cmaplan.core.knowledge import Knowledge, load_knowledge
from cmaplan.core.model import Plan, Progress


def earliest_exam_day(plan: Plan, today: date, kb: Knowledge | None = None) -> tuple[date, str]:
    """The first day the exam can be taken in this plan as of `today`, and the rule that sets
    it, in words."""
    kb = kb or load_knowledge()
    early = kb.fact("early_test_days")
    finished = plan.profile.graduated_on
    known = finished is not None
    if finished is None and kb.roles.graduation in plan.ids:
        done = plan.progress.get(kb.roles.graduation, Progress()).done_on
        known = done is not None
        if done is None:
            from cmaplan.core.schedule import forecast

            dated = forecast(plan, today, kb, worded=False).get(kb.roles.graduation)
            finished = dated.due_day
        else:
            finished = done
    candidates: list[tuple[date, str]] = []
    if finished is not None:
        forecast_words = "" if known else " (forecast; mark graduate done with its day if sooner)"
        candidates.append(
            (
                finished - timedelta(days=int(early.number())),
                f"a completing student may test no more than {early.render()} before finishing "
                f"coursework and the practicum, which end on {finished}{forecast_words}",
            )
        )
    applied = plan.progress.get(kb.roles.exam_application, Progress()).done_on
    if applied is not None:
        candidates.append((applied, f"the exam comes after the application, made on {applied}"))
    if not candidates:
        return date.min, ""
    return max(candidates, key=lambda c: c[0])


def check_exam_day(plan: Plan, day: date, today: date, kb: Knowledge | None = None) -> None:
    """Refuse an exam day the rules forbid, with the rule and the earliest day allowed (one
    sentence); nothing is recorded then."""
    earliest, rule = earliest_exam_day(plan, today, kb)
    if day < earliest:
        raise UsageError(f"the exam cannot be on {day}: {rule}, so the earliest day is {earliest}")
