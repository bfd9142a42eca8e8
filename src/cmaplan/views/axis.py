"""The days a timeline chart covers, for the terminal and the picture alike (views layer: pure)."""

from __future__ import annotations

from datetime import date, timedelta

from cmaplan.core.model import Forecast

LOOK_BACK_DAYS = 92  # the chart follows today: it opens at most about three months before it
LOOK_AHEAD_DAYS = 366  # and runs at least a year past it


def chart_bounds(result: Forecast) -> tuple[date, date]:
    """The chart's days: from the plan's first day, or three months before today once that is
    later, to the latest finish, a year past today, or the due day of the next open step,
    whichever is last. So today and what is ahead are always on it, years into the plan."""
    today = result.today
    starts = [s.start for s in result.steps]
    first = max(min([*starts, today]), today - timedelta(days=LOOK_BACK_DAYS))
    open_days = [s.due_day for s in result.steps if s.is_open]
    last = max(
        result.finish.latest, today + timedelta(days=LOOK_AHEAD_DAYS), min(open_days or [today])
    )
    return first.replace(day=1), last + timedelta(days=14)
