"""Date arithmetic of single steps, and the plan as it was meant to run (core layer: pure).

`finish_window` says when a step ends given when it starts; `as_planned` walks a plan with every
open step on its expected length and no day floored at today, which is what a yearly season or a
program's intake is measured against: the season the plan counted on, not the one a slip forced.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache
from typing import assert_never

from dateutil.relativedelta import relativedelta

from cmaplan.core.knowledge import Knowledge, load_knowledge
from cmaplan.core.model import Duration, Plan, Progress, Span, Window
from cmaplan.core.planner import plan_anchor
from cmaplan.core.rules import before, credential_expiry


@lru_cache(maxsize=8192)  # the same spans from the same days, over a forecast's walks and routes
def add_span(start: date, span: Span, factor: float) -> date:
    end: date = start + relativedelta(months=span.months, days=span.days)
    if factor != 1.0:
        end = start + timedelta(days=round((end - start).days * factor))
    return end


def next_yearly(
    day: date, month_day: tuple[int, int], late_day: tuple[int, int] | None = None
) -> date:
    """The first `month_day` on or after `day`; with a `late_day`, `day` itself when it falls in
    a season already open (between `month_day` and `late_day` of its year)."""
    month, dom = month_day
    candidate = date(day.year, month, dom)
    if late_day is not None and candidate <= day <= date(day.year, *late_day):
        return day
    return candidate if candidate >= day else date(day.year + 1, month, dom)


def season_close(day: date, duration: Duration) -> date:
    """The last day the season of `day` (a yearly step's date) takes the step: its late day
    when `day` fell in an open season, else `day` itself."""
    late = duration.late_day
    if late is not None and date(day.year, *duration.month_day) <= day <= date(day.year, *late):
        return date(day.year, *late)
    return day


def next_intake(day: date, intakes: tuple[date, ...]) -> date:
    """The first intake on or after `day` (the day itself when the school gave none later)."""
    return min((d for d in intakes if d >= day), default=day)


def finish_window(duration: Duration, start: Window, kb: Knowledge | None = None) -> Window:
    """When a step that starts within `start` finishes: earliest, expected and latest."""
    match duration.kind:
        case "milestone":
            return start
        case "until":
            until = duration.until or start.expected
            return Window(*(max(d, until) for d in start))
        case "recertification":
            known = kb or load_knowledge()
            return Window(*(before(credential_expiry(d, known), duration.lead) for d in start))
        case "yearly":
            return Window(*(next_yearly(d, duration.month_day, duration.late_day) for d in start))
        case "range":
            shortest = add_span(start.expected, duration.shortest, duration.factor)
            longest = add_span(start.expected, duration.longest, duration.factor)
            return Window(
                add_span(start.earliest, duration.shortest, duration.factor),
                shortest + (longest - shortest) / 2,
                add_span(start.latest, duration.longest, duration.factor),
            )
        case unknown:
            assert_never(unknown)


def as_planned(plan: Plan, chose_on: date | None, kb: Knowledge) -> dict[str, tuple[date, date]]:
    """Each step's start (for a program: its intake) and end had every step run to plan from the
    plan's first day: an open step takes its expected length and a done one ends on the day
    it was done if that was sooner. A program's intake is never one before `chose_on`, the day
    the program was chosen: an intake that passed before then was never the person's to miss."""
    anchor = plan_anchor(plan.profile, plan.created)
    ends: dict[str, date] = {}
    planned: dict[str, tuple[date, date]] = {}
    for step in plan.steps:
        if step.duration.is_deadline:  # an expiry is not a step a season or an intake waits for
            ends[step.id] = anchor
            planned[step.id] = (anchor, anchor)
            continue
        start = max([anchor, *(ends[a] for a in step.after)])
        if step.duration.intakes:
            start = next_intake(max(start, chose_on or start), step.duration.intakes)
        end = finish_window(step.duration, Window(start, start, start), kb).expected
        done_on = plan.progress.get(step.id, Progress()).done_on
        planned[step.id] = (start, end)
        ends[step.id] = end if done_on is None else min(done_on, end)
    return planned


def when_words(day: date, today: date) -> str:
    """ "today", "tomorrow", "in 12 days"."""
    days = (day - today).days
    if days < 0:
        return "yesterday" if days == -1 else f"{-days} days ago"
    return {0: "today", 1: "tomorrow"}.get(days, f"in {days} days")


def missed_season(
    duration: Duration, meant: tuple[date, date], start: date, end: Window, today: date
) -> tuple[date | None, date | None]:
    """For an open yearly step (its season) or a program (its intake): the latest season or
    intake the plan counted on that passed without it, and one still ahead that the forecast no
    longer makes (a slip before it that moved it on)."""
    if duration.is_yearly:  # a season open for a late application lasts to its late day
        counted, now = season_close(meant[1], duration), end.expected
        latest = next_yearly(today, duration.month_day) - relativedelta(years=1)
    elif duration.intakes and (start > today or start not in duration.intakes):
        # once the program has begun on an intake, a miss is old news
        counted, now = meant[0], start
        latest = max((d for d in duration.intakes if d < today), default=counted)
    else:
        return None, None
    if now <= counted:
        return None, None
    if counted < today:
        return max(counted, latest), None
    return None, counted
