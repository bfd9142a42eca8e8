"""The wait before a retake (core layer: pure, no I/O): a failed attempt's testing period must
end first, and it is counted from the application that attempt was taken on (read from the
plan's history), the soonest that period can have begun.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import NamedTuple

from cmaplan.core.knowledge import Knowledge, load_knowledge
from cmaplan.core.model import Plan, Progress, Window


class Retake(NamedTuple):
    """When a retake may be, after the latest failed attempt: the first day allowed, and the
    application that attempt was taken on (None when the plan does not record it: the failed
    attempt's own day stands in for it, the latest its testing period can have begun)."""

    failed_on: date
    applied_on: date | None
    earliest: date

    @property
    def counted_from(self) -> str:
        """The day the waiting period is counted from, in words."""
        if self.applied_on is not None:
            return f"your application of {self.applied_on}"
        return f"the attempt of {self.failed_on} (its application is not recorded)"


def retake(plan: Plan, kb: Knowledge | None = None) -> Retake | None:
    """The retake after the latest failed attempt (None without one). The attempt's testing
    period is one the candidate chose when applying, so it began no sooner than the application:
    counted from that day it ends the soonest it can, and the retake comes after it."""
    kb = kb or load_knowledge()
    failed = plan.progress.get(kb.roles.exam, Progress()).failed
    if not failed:
        return None
    applied_on = application_of(plan, len(failed), kb)
    window = timedelta(days=int(kb.fact("testing_window_days").number()))
    earliest = max(failed[-1] + timedelta(days=1), (applied_on or failed[-1]) + window)
    return Retake(failed[-1], applied_on, earliest)


def application_of(plan: Plan, attempt: int, kb: Knowledge | None = None) -> date | None:
    """The day the failed attempt number `attempt` (from 1) was applied for, as the plan's
    history records it: the application recorded last before that failure was recorded (a
    correction replaces the day it corrects, and a retake applied for on the day of the failure
    is the next attempt's); None if the history does not say."""
    kb = kb or load_knowledge()
    failed = plan.progress.get(kb.roles.exam, Progress()).failed
    on = failed[attempt - 1]
    pending: list[date] = []  # applications recorded since the last failure was
    taken: dict[date, list[date]] = {}  # a failure: the applications recorded before it
    for change in plan.history:
        day = _day_of(change.detail)
        if day is None:
            continue
        if change.step == kb.roles.exam_application and change.action == "done":
            pending.append(day)
        elif change.step == kb.roles.exam and change.action == "exam failed":
            taken[day], pending = pending, []
        elif change.step == kb.roles.exam and change.action == "exam failure taken back":
            pending = taken.pop(day, []) + pending
    applied = [d for d in taken.get(on, []) if d <= on]
    return applied[-1] if applied else _by_days(plan, attempt, kb)


def _by_days(plan: Plan, attempt: int, kb: Knowledge) -> date | None:
    """For a history that does not record the failure (a plan edited by hand): the latest
    application recorded between the attempt before and this one, by their days."""
    failed = plan.progress.get(kb.roles.exam, Progress()).failed
    on = failed[attempt - 1]
    since = failed[attempt - 2] if attempt > 1 else date.min
    applied = [
        day
        for change in plan.history
        if change.step == kb.roles.exam_application and change.action == "done"
        for day in [_day_of(change.detail)]
        if day is not None and since < day <= on
    ]
    return applied[-1] if applied else None


def _day_of(text: str) -> date | None:
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def within_category1(plan: Plan, start: Window, end: Window, today: date, kb: Knowledge) -> Window:
    """An exam application still to make, dated no later than the last day of Category 1 when
    it can start by then: a step of one to two weeks is not to carry a graduate past the lower
    fee by a day or two (the heads-up says the day; the budget and the calendar follow it)."""
    from cmaplan.core.rules import category1_ends

    finished = plan.progress.get(kb.roles.graduation, Progress()).done_on
    graduated = plan.profile.graduated_on or finished
    if graduated is None:
        return end
    closes = category1_ends(graduated, kb)
    if not max(start.expected, today) <= closes < end.expected:
        return end
    return Window(min(end.earliest, closes), closes, end.latest)
