"""The daily view behind `cmaplan status`: one object that the terminal view and `--json` both
render (views layer: pure, no I/O)."""

from __future__ import annotations

from datetime import date
from typing import NamedTuple

from cmaplan.core.costs import costs_of, payment_words
from cmaplan.core.drift import Drift, drift, finish_late, goal_drift, is_renewal_plan
from cmaplan.core.eligibility import of_plan
from cmaplan.core.held import holds_credential, renewal_gap
from cmaplan.core.knowledge import Knowledge, load_knowledge
from cmaplan.core.model import Credential, Forecast, Plan, RecertRoute, ScheduledStep, Window
from cmaplan.core.planner import finish_step, goal_step, plan_anchor
from cmaplan.core.renewal import ExamRenewal
from cmaplan.core.schedule import headline_notes, next_actions
from cmaplan.core.stepdates import when_words


class Daily(NamedTuple):
    """What a person needs to know today about their plan."""

    name: str
    program: str  # "certificate program, full-time"; empty for a graduate
    today: date
    done: int
    total: int
    starts_on: date | None  # the plan's first day, while it is still ahead
    next: tuple[ScheduledStep, ...]  # overdue first, then under way, then the next to start
    warnings: tuple[tuple[str, str], ...]  # (step id, sentence) for every open step
    finish_label: str
    finish: Window
    reached_on: date | None  # the day the finish step was done
    drift: Drift
    goal: ScheduledStep | None  # the further goal's last step (residency, the next career step)
    goal_drift: Drift | None
    goal_next: ScheduledStep | None  # the goal's own next step, by the same urgency as `next`
    notes: tuple[str, ...]  # the route compared with the guide, the exam terms, and so on
    credential: Credential | None
    renews: bool = False  # the finish is the renewal of a credential held (not a first job)
    overdue: str = ""  # the finish step itself is late: "due 2026-06-18, 27 days late"
    payment: str = ""  # the next payment, in words (core/costs.payment_words)
    study: str = ""  # this week of the study plan, while it runs (core/studyplan.py)

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 100


def daily_view(plan: Plan, result: Forecast, kb: Knowledge | None = None) -> Daily:
    """The daily view of a plan as forecast."""
    kb = kb or load_knowledge()
    program = ""
    route = of_plan(plan.profile, plan.candidates, kb)
    if route.route == "alternative":  # a program finished: no program, no pace to name
        program = route.words
    elif plan.profile.graduated_on is None and not holds_credential(plan.profile):
        program = f"{kb.programs[plan.program.value].name}, {plan.profile.pace}"
    anchor = plan_anchor(plan.profile, plan.created)
    finish = result.get(finish_step(plan, kb))
    warned = tuple((s.step.id, w) for s in result.steps for w in s.warnings)
    notes = tuple(n for n in headline_notes(plan, result, kb) if n not in {w for _, w in warned})
    ready = readiness_note(plan, result, kb)
    if ready:
        notes = (*notes, ready)
    keeping = _keeping(plan, result, kb)
    if keeping is not None:
        line, warning = keeping
        notes = (*notes, line)
        if warning:
            warned = (*warned, (kb.roles.recertification, warning))
    return Daily(
        name=plan.profile.name,
        program=program,
        today=result.today,
        done=sum(1 for s in result.steps if s.is_done),
        total=len(result.steps),
        starts_on=anchor if result.today < anchor else None,
        next=next_actions(result),
        warnings=warned,
        finish_label=plan.finish_label,
        finish=result.finish,
        reached_on=finish.progress.done_on,
        drift=drift(plan, result),
        goal=result.get(goal) if (goal := goal_step(plan)) else None,
        goal_drift=goal_drift(plan, result),
        goal_next=next(
            (s for s in next_actions(result, len(result.steps)) if s.step.phase == "next"), None
        ),
        notes=notes,
        credential=result.credential
        if result.credential and not result.credential.is_forecast
        else None,
        renews=is_renewal_plan(plan, kb),
        overdue=finish_late(plan, result, kb),  # a renewal's: forecast from its window instead
        payment=payment_words(costs_of(plan, result)),
        study=study_line(plan, result, kb),
    )


def study_line(plan: Plan, result: Forecast, kb: Knowledge) -> str:
    """This week of the study plan, in a line, while it runs; "" before and after."""
    from cmaplan.core.studyplan import study_plan, week_of
    from cmaplan.core.studywords import week_words

    study = study_plan(plan, result, kb)
    week = week_of(study, result.today) if study is not None else None
    if study is None or week is None:
        return ""
    return f"Study, week {week.number} of {len(study.weeks)}: {week_words(week, study)}"


def readiness_note(plan: Plan, result: Forecast, kb: Knowledge) -> str:
    """With the exam near and practice scores below the target: that, in a line; else ""."""
    if not plan.study.scores:
        return ""
    from cmaplan.core.readiness import name_of, readiness
    from cmaplan.core.studyplan import study_plan

    study = study_plan(plan, result, kb)
    ready = readiness(plan.study, kb)
    near = int(kb.fact("study_warning_days").number())
    if study is None or ready.verdict != "below" or (study.exam_on - result.today).days > near:
        return ""
    below = ", ".join(f"{name_of(a)} {v}%" for a, v in ready.below)
    return (
        f"Your latest practice scores are below your target of {ready.target}% ({below}) with "
        f"the exam forecast for {study.exam_on} ({when_words(study.exam_on, result.today)}): "
        "`cmaplan study` shows the weeks left."
    )


def _keeping(plan: Plan, result: Forecast, kb: Knowledge) -> tuple[str, str] | None:
    """Once certified: the period's CEU progress (or the exam route), and a warning when the
    last day to apply is within the warning months and the requirement is not met."""
    from dateutil.relativedelta import relativedelta

    from cmaplan.core.ceu import missing_words, tally

    counted = tally(plan, result, kb)
    if counted is None or counted.lapsed:  # a lapse has its own warning on the recertify step
        return None
    period = counted.period
    months = int(kb.fact("recert_warning_months").number())
    # Past the expiry the recertify step's own warning says what to do by when: not this one.
    expired = result.credential is not None and result.credential.expires < result.today
    soon = not expired and result.today >= period.apply_by - relativedelta(months=months)
    when = when_words(period.apply_by, result.today)
    # What is still needed is said once: under Heads-up when the day is near, else here.
    warning = ""
    if period.route is RecertRoute.CE:
        line = f"CEUs this period: {counted.total:g} of {kb.fact('ceu_total').render()} count"
        if counted.requirement_met:
            line += "; the requirement is met."
        elif soon:
            line += "."
            warning = (
                f"Recertify: apply by {period.apply_by} ({when}); "
                f"still needed: {missing_words(counted)}."
            )
        else:
            line += f"; still needed: {missing_words(counted)}."
    else:
        from cmaplan.core.renewal import exam_renewal, fee_words

        assert result.credential is not None  # a period has one
        renewal = exam_renewal(result.credential, plan.profile, result.today, kb)
        by = "now" if renewal.apply_by <= result.today else f"by {renewal.apply_by}"
        if renewal.pass_by is None:  # expired, or too late to pass in time: no day to pass by
            fee = fee_words(renewal, kb)
            gap = renewal_gap(result, kb) is not None  # the headline says the expiry then
            line = f"You renew by exam: apply {by}, fee {fee}; {_again(renewal, gap)}."
            return line, ""
        apply = f"apply {by}, pass by {renewal.pass_by}, fee ${renewal.fee:,}"
        line = "You renew by exam." if soon else f"You renew by exam: {apply}."
        if soon:
            when = when_words(renewal.pass_by, result.today)
            warning = f"Recertify: {apply} (the pass-by day is {when})."
            if renewal.study_ends is not None and renewal.study_ends > renewal.pass_by:
                warning += (
                    f" At your hours a week the study runs to about {renewal.study_ends}, after "
                    "it: `cmaplan show recertify` says what you can do."
                )
    return line, warning


def _again(renewal: ExamRenewal, gap: bool) -> str:
    """When the credential is current again once no day is left to pass by."""
    if renewal.expires >= renewal.window_opens and not gap:
        return f"it expires on {renewal.expires} and is current again from the day you pass"
    return f"it is current again from the day you pass (a seat from {renewal.window_opens})"
