"""How far a plan has moved since it was first made (core layer, pure): the plan as first
forecast, the finish's and the further goal's drift from it, and whether the finish is a
renewal, whose day the rules set and so does not drift.
"""

from __future__ import annotations

from datetime import date
from typing import NamedTuple

from cmaplan.core.eligibility import rules as eligibility_rules
from cmaplan.core.knowledge import Knowledge, load_knowledge
from cmaplan.core.model import Forecast, Plan
from cmaplan.core.planner import finish_step, goal_step, plan_anchor
from cmaplan.core.schedule import due_words, forecast, late_words


def original_forecast(plan: Plan) -> Forecast:
    """The schedule as it was on the day the plan was made, before any progress."""
    fresh = plan._replace(progress={})
    return forecast(fresh, plan_anchor(plan.profile, plan.created))


class Drift(NamedTuple):
    """How far the forecast finish has moved from the plan as first made (positive: later)."""

    planned: date
    forecast: date

    @property
    def days(self) -> int:
        return (self.forecast - self.planned).days

    @property
    def words(self) -> str:
        """ "unchanged", "1 day later", "23 days earlier", "about 4 years and 11 months later"
        (a drift of years in days, "1788 days later", says little)."""
        if not self.days:
            return "unchanged"
        return f"{late_words(abs(self.days))} {'later' if self.days > 0 else 'earlier'}"


def first_planned(plan: Plan) -> tuple[date, date | None]:
    """The expected finish, and the further goal's (None without one), of the plan as first
    made: as the plan file keeps them, or, for a plan from before they were kept, from its
    steps as they are now without progress (worked out once for both)."""
    goal = goal_step(plan)
    finish, reached = plan.planned_finish, plan.planned_goal
    if finish is None or (goal is not None and reached is None):
        original = original_forecast(plan)
        finish = finish or original.finish.expected
        reached = reached or (original.get(goal).window.expected if goal else None)
    return finish, reached if goal else None


def finish_late(plan: Plan, result: Forecast, kb: Knowledge | None = None) -> str:
    """The finish step's own lateness ("due 2026-06-18, 27 days late"), or "": what every view
    says instead of forecasting a late finish for today. A renewal's late finish is forecast
    from its testing window instead."""
    kb = kb or load_knowledge()
    finish = result.get(finish_step(plan, kb))
    if finish.late_since is None or finish.is_done or is_renewal_plan(plan, kb):
        return ""
    return due_words(finish)


def is_renewal_plan(plan: Plan, kb: Knowledge | None = None) -> bool:
    """Whether the plan's finish is the renewal of a credential the person holds: a day the
    rules set (the route's deadline, the testing window), not one the person's pace moves."""
    kb = kb or load_knowledge()
    return finish_step(plan, kb) == kb.roles.recertification


def drift(plan: Plan, result: Forecast) -> Drift:
    """From the plan as first made to today's forecast. None once every exam attempt is used
    (the finish is then of another kind, with nothing planned to compare it with); and a
    renewal's day does not drift: it moves when the route changes (the exam's pass-by day
    comes before the CE's apply-by day), which is neither good news nor a slip."""
    if eligibility_rules().used_step in plan.ids or is_renewal_plan(plan):
        return Drift(result.finish.expected, result.finish.expected)
    return Drift(first_planned(plan)[0], result.finish.expected)


def goal_drift(plan: Plan, result: Forecast) -> Drift | None:
    """The same for the further goal's last step (README, "The goal beyond the first job")."""
    goal, planned = goal_step(plan), first_planned(plan)[1]
    if goal is None or planned is None:
        return None
    return Drift(planned, result.get(goal).window.expected)
