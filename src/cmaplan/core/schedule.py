"""Dating a plan: when each step starts and is due, as of a given day (core layer: pure, no I/O).

`forecast(plan, today)` walks the steps in dependency order. Done steps keep the day they were
done; open steps start when the steps before them end, and one that should have ended before
`today` is forecast to end today at the soonest, which moves everything after it. The exam terms,
the credential's expiry and each step's warnings follow from those dates, and the steps' words
are written for the dated plan (`steptext.word_steps`), once.
"""

from __future__ import annotations

from datetime import date
from typing import NamedTuple

from dateutil.relativedelta import relativedelta

from cmaplan.core.eligibility import category_of, of_plan
from cmaplan.core.eligibility import rules as eligibility_rules
from cmaplan.core.headsup import plan_warnings, step_warnings
from cmaplan.core.held import credential_start, held_since, renewal_gap
from cmaplan.core.knowledge import Knowledge, load_knowledge
from cmaplan.core.lapsedjob import after_renewal, lapsed_job_note
from cmaplan.core.model import (
    CmaStatus,
    Credential,
    ExamTerms,
    Forecast,
    Plan,
    Progress,
    ScheduledStep,
    Status,
    Step,
    Window,
    WordedStep,
)
from cmaplan.core.planner import finish_step, plan_anchor
from cmaplan.core.renewaldays import is_late_renewal, late_renewal, route_of
from cmaplan.core.rules import credential_expiry, exam_fee, exam_terms
from cmaplan.core.stepdates import as_planned, finish_window, missed_season, next_intake
from cmaplan.core.steptext import unworded, word_steps
from cmaplan.core.waiting import retake, within_category1


class _Dated(NamedTuple):
    """A step with its dates, before it has words (a `ScheduledStep` once worded)."""

    step: Step
    start: date
    window: Window  # when it ends; `expected` is its due day
    status: Status
    progress: Progress
    late_since: date | None
    missed: date | None
    slipping: date | None

    def worded(self, text: WordedStep, today: date) -> ScheduledStep:
        return ScheduledStep(
            text,
            self.start,
            self.window.expected,
            self.window,
            self.status,
            self.progress,
            late_since=self.late_since,
            missed=self.missed,
            slipping=self.slipping,
            today=today,
        )


def _dated(plan: Plan, today: date, kb: Knowledge) -> list[_Dated]:
    anchor = plan_anchor(plan.profile, plan.created)
    ends: dict[str, Window] = {}
    done_ids = {k for k, v in plan.progress.items() if v.done_on is not None}
    # Intakes are measured from the day the program was chosen, seasons from the plan as meant
    # to run from its start (a late choice of program can cost a season).
    chose_on = plan.progress.get(kb.roles.program_choice, Progress()).done_on
    meant_seasons = as_planned(plan, None, kb)
    meant = as_planned(plan, chose_on, kb) if chose_on else meant_seasons
    scheduled: list[_Dated] = []
    held = held_since(plan.profile, kb) if kb.roles.exam not in plan.ids else None
    used_step = eligibility_rules().used_step
    closed_exam = used_step in plan.ids
    again = None if closed_exam else retake(plan, kb)
    # A step not done whose every follower is: passed on the first of their days (studying for
    # an exam already passed is no longer work to do, nor late).
    followers: dict[str, list[date | None]] = {}
    for step in plan.steps:
        for a in step.after:
            followers.setdefault(a, []).append(plan.progress.get(step.id, Progress()).done_on)
    passed_on = {
        k: min(d for d in days if d is not None)
        for k, days in followers.items()
        if all(d is not None for d in days)
    }
    # A step needed before another that does not wait for it (what a program asks before day
    # one): moot once that step is under way, every step it waits for done.
    for step in plan.steps:
        if step.needed_by:
            waited = [
                plan.progress.get(a, Progress()).done_on for a in plan.step(step.needed_by).after
            ]
            if waited and all(d is not None for d in waited):
                day = max(d for d in waited if d is not None)
                passed_on[step.id] = min(passed_on.get(step.id, day), day)
    for step in plan.steps:
        before_ = [ends[a] for a in step.after]
        if step.duration.is_deadline and (renewals(plan, kb) or held):
            renewed = renewals(plan, kb)[-1] if renewals(plan, kb) else held  # the period's start
            assert renewed is not None
            before_ = [Window(renewed, renewed, renewed)]
        floor = [] if step.duration.is_deadline and before_ else [anchor]
        if step.id == used_step:  # what remains after the last attempt: a choice for now
            floor.append(today)
        if again is not None and step.id in (kb.roles.exam_application, kb.roles.exam):
            floor.append(again.earliest)  # the retake's application and exam wait for the period
        start = Window(
            max([*floor, *(w.earliest for w in before_)]),
            max([*floor, *(w.expected for w in before_)]),
            max([*floor, *(w.latest for w in before_)]),
        )
        intakes = step.duration.intakes
        if intakes:  # a chosen program starts on one of its intake dates
            start = Window(*(next_intake(d, intakes) for d in start))
        progress = plan.progress.get(step.id, Progress())
        late_since = missed = slipping = None
        if step.id == kb.roles.exam and closed_exam and progress.failed:
            last = progress.failed[-1]  # every attempt used: the exam ends with the last one
            end = Window(last, last, last)
            status = Status.CLOSED
            start_day = min(start.expected, last)
        elif progress.done_on is not None:
            done_on = progress.done_on
            end = Window(done_on, done_on, done_on)
            status = Status.DONE
            start_day = min(start.expected, done_on)
        elif step.id in passed_on and not step.duration.is_deadline:
            by = passed_on[step.id]
            end = Window(by, by, by)
            status = Status.NOT_NEEDED
            start_day = min(start.expected, by)
        else:
            seasons_from = start
            if step.duration.is_yearly:  # a season that has passed: the next one, said
                seasons_from = Window(*(max(d, today) for d in start))
            planned = finish_window(step.duration, seasons_from, kb)
            end = Window(*(max(d, today) for d in planned))
            renewing = step.duration.kind == "recertification"
            no_day = renewing and is_late_renewal(plan.profile, start, today, kb)  # no pass-by
            if renewing and (planned.expected < today or no_day):
                end = late_renewal(plan.profile, start, end, today, kb)
            if step.id == kb.roles.exam_application:  # never past Category 1 when it can be made
                end = within_category1(plan, start, end, today, kb)
            start_day = start.expected
            if step.duration.is_yearly:  # work for a season begins once the one before it closed
                start_day = max(start_day, planned.expected - relativedelta(years=1, days=-1))
            counted = meant_seasons if step.duration.is_yearly else meant
            missed, slipping = missed_season(step.duration, counted[step.id], start_day, end, today)
            if planned.expected < today and not no_day:  # else due when a seat and study allow
                status = Status.OVERDUE
                late_since = planned.expected
            elif no_day or (
                start_day <= today
                and all(a in done_ids for a in step.after)
                and not step.duration.is_deadline  # a deadline years ahead is not work under way
            ):
                status = Status.IN_PROGRESS
            else:
                status = Status.UPCOMING
        ends[step.id] = end
        scheduled.append(
            _Dated(step, start_day, end, status, progress, late_since, missed, slipping)
        )
    return _needed_by(scheduled, today)


def _needed_by(scheduled: list[_Dated], today: date) -> list[_Dated]:
    """A step needed before another (what a program asks before day one) is due by the day
    that one starts: past its own estimate, it is late only once that one could have begun (the
    steps it waits for all done) and its day has come."""
    by_id = {d.step.id: d for d in scheduled}
    kept = []
    for d in scheduled:
        later = by_id.get(d.step.needed_by)
        if d.status is not Status.OVERDUE or later is None:
            kept.append(d)
            continue
        waits = any(by_id[a].progress.done_on is None for a in later.step.after if a in by_id)
        needed = max(later.start, today)
        if waits or later.start > today:
            status = Status.IN_PROGRESS if d.start <= today else Status.UPCOMING
            d = d._replace(window=Window(needed, needed, needed), status=status, late_since=None)
        kept.append(d)
    return kept


def _as_of(plan: Plan, today: date, kb: Knowledge) -> Plan:
    """The plan as its words should read on `today`: a credential the person holds (or passed
    the exam for in this plan) that has expired since is lapsed, one renewed since is current,
    and once its lapse window has closed it is renewed by exam."""
    profile = plan.profile
    since = credential_start(plan, kb)
    if since is None:
        return plan
    renewed = renewals(plan, kb)
    expires = credential_expiry(renewed[-1] if renewed else since, kb)
    if expires < today:
        profile = profile._replace(cma_status=CmaStatus.LAPSED)
    elif profile.cma_status is CmaStatus.LAPSED:  # renewed since: current again
        profile = profile._replace(cma_status=CmaStatus.CURRENT)
    profile = profile._replace(recertify_by=route_of(profile.recertify_by, expires, today, kb))
    return plan if profile == plan.profile else plan._replace(profile=profile)


def renewals(plan: Plan, kb: Knowledge | None = None) -> tuple[date, ...]:
    """The recertifications that count: those after the exam was passed (a renewal recorded
    before the exam was re-dated does not start a period)."""
    passed = credential_start(plan, kb)
    return tuple(r for r in plan.renewals if passed is not None and r > passed)


def _day(items: dict[str, _Dated], step_id: str) -> tuple[date, bool] | None:
    """The day a step was done (True) or is forecast to be (False); None if it is not there."""
    item = items.get(step_id)
    if item is None or item.status is Status.CLOSED:  # an exam with no attempt left: no day
        return None
    if item.progress.done_on is not None:
        return item.progress.done_on, True
    return item.window.expected, False


def forecast(
    plan: Plan, today: date, kb: Knowledge | None = None, *, worded: bool = True
) -> Forecast:
    """Date every step as of `today`, with the exam terms, the credential and the warnings, and
    word every step for those dates (not `worded`: the dates and terms alone, for comparing
    routes, with no words and no warnings)."""
    kb = kb or load_knowledge()
    dated = {s.step.id: s for s in _dated(plan, today, kb)}
    terms: ExamTerms | None = None
    applying = _day(dated, kb.roles.exam_application)
    if applying is not None:
        graduated = plan.profile.graduated_on
        if graduated is None:
            graduation = _day(dated, kb.roles.graduation)
            graduated = graduation[0] if graduation else None
        terms = exam_terms(
            plan.profile,
            graduated_on=graduated,
            apply_on=applying[0],
            applied=applying[1],
            kb=kb,
        )
        route = of_plan(plan.profile, plan.candidates, kb).route
        category = category_of(route, terms.category, kb)
        if category is None:  # never a category or fee on a route that does not reach the exam
            terms = None
        elif category != terms.category:  # Category 4: its own fee, once its review is passed
            fee = exam_fee(plan.profile, category, kb)
            terms = terms._replace(category=category, fee=fee, category1_ends=None)
    words = word_steps(_as_of(plan, today, kb), terms, kb) if worded else unworded(plan)
    items = {k: v.worded(words[k], today) for k, v in dated.items()}
    credential = None
    exam = _day(dated, kb.roles.exam)
    held = held_since(plan.profile, kb)
    if exam is None and held is not None:  # a CMA already: the period the person gave
        exam = (held, True)
    if exam is not None:
        renewed_on = renewals(plan, kb)[-1] if renewals(plan, kb) else None
        expires = credential_expiry(renewed_on or exam[0], kb)
        credential = Credential(
            certified_on=exam[0],
            expires=expires,
            is_forecast=not exam[1],
            route=route_of(plan.profile.recertify_by, expires, today, kb),
            renewed_on=renewed_on,
        )
    finish_id = finish_step(plan, kb)
    items = after_renewal(items, finish_id, credential, today, kb)
    warned = items
    if worded:
        found = plan_warnings(plan, terms, credential, today, kb)
        warned = {
            k: v._replace(warnings=step_warnings(plan, v, items, found, today, kb))
            for k, v in items.items()
        }
    return Forecast(
        today=today,
        steps=tuple(warned[s.id] for s in plan.steps),
        finish=warned[finish_id].window,
        exam=terms,
        credential=credential,
    )


# --- reading a forecast -------------------------------------------------------------------------


def next_actions(result: Forecast, count: int = 3) -> tuple[ScheduledStep, ...]:
    """What to work on now, by urgency and consequence (README, "What comes next"): overdue
    steps first, the longest overdue first; then the rest by the day each is due, soonest
    first; on the same day, a step whose miss costs the credential or a year (recertifying, a
    yearly application) before the others. At least `count` steps, and every one that is
    overdue or under way."""
    open_steps = [s for s in result.steps if s.is_open]

    def order(s: ScheduledStep) -> tuple[int, date, int, date]:
        costly = s.step.duration.is_deadline or s.step.duration.is_yearly
        if s.late_since is not None:
            return 0, s.late_since, 0 if costly else 1, s.start
        return 1, s.due, 0 if costly else 1, s.start

    ordered = sorted(open_steps, key=order)
    urgent = [s for s in ordered if s.status is not Status.UPCOMING]
    shown = ordered[:count]
    return tuple(shown + [s for s in urgent if s not in shown])


def due_words(item: ScheduledStep) -> str:
    """ "due 2027-06-10", or for an overdue step "due 2027-06-10, 83 days late" (an exam with
    no attempt left: the day the last one failed)."""
    if item.status is Status.CLOSED:
        return f"no attempt left (the last failed on {item.due})"
    if item.status is Status.NOT_NEEDED and item.step.step.needed_by:
        return f"no longer needed: {item.step.step.needed_by} was under way by {item.due}"
    if item.status is Status.NOT_NEEDED:
        return f"no longer needed: the steps after it were done by {item.due}"
    if item.late_since is None:
        return f"due {item.due}"
    return f"due {item.late_since}, {late_words(item.days_late)} late"


def late_words(days: int) -> str:
    """How late, as a person says it: "1 day", "83 days", "about 4 months", "about 4 years and
    6 months" (a long span in days, "1636 days", says little)."""
    if days < 100:  # about three months: still counted in days
        return f"{days} day{'s' if days != 1 else ''}"
    months = round(days / 30.4375)  # the mean month of the Gregorian calendar
    if months < 24:
        return f"about {months} months"
    years, rest = divmod(months, 12)
    extra = f" and {rest} month{'s' if rest != 1 else ''}" if rest else ""
    return f"about {years} years{extra}"


def next_open(result: Forecast) -> ScheduledStep | None:
    """The open step to work on next (the first of `next_actions`), or None when all are done."""
    actions = next_actions(result, 1)
    return actions[0] if actions else None


def route_years(plan: Plan, result: Forecast) -> float:
    """Years from the plan's first day to its expected finish."""
    return (result.finish.expected - plan_anchor(plan.profile, plan.created)).days / 365.25


def headline_notes(plan: Plan, result: Forecast, kb: Knowledge | None = None) -> list[str]:
    """What a person should see beside the plan's headline: how the whole route compares with
    the source guide's range (physicians trained abroad), and warnings about the plan as a whole
    (full-time study with few hours)."""
    kb = kb or load_knowledge()
    notes: list[str] = []
    if plan.profile.foreign_medical_degree and plan.profile.graduated_on is None:
        fact = kb.fact("img_total_years")
        notes.append(
            f"Physicians trained abroad usually take {fact.render()} from the start to a first "
            f"CMA job; your plan takes {route_years(plan, result):.1f} years."
        )
    route = of_plan(plan.profile, plan.candidates, kb)
    if not route.reaches_exam:  # said first: the plan holds no exam, fee or CMA job date
        notes.append(f"{route.reason} {eligibility_rules().closed_note}")
    if eligibility_rules().used_step in plan.ids:
        notes.append(kb.fill(eligibility_rules().used_note))
    exam = result.exam
    if plan.profile.graduated_on is not None and exam is not None and not exam.applied:
        notes.append(
            f"Applying for the exam on {exam.apply_on} puts you in Category {exam.category}; "
            f"the fee for you is ${exam.fee}."
        )
        if kb.roles.exam_application in plan.ids:  # Category 1 closing: a fee to save, said
            notes.extend(result.get(kb.roles.exam_application).warnings)  # where it is read
    notes.extend(program_warnings(result, kb))
    gap = renewal_gap(result, kb)
    if gap is not None:
        notes.append(
            f"As forecast, the renewal comes after the credential expires on {gap}: you may "
            "not use the title from the next day until you pass."
        )
    lapsed = lapsed_job_note(result, finish_step(plan, kb), kb)
    if lapsed:
        notes.append(lapsed)
    return notes


def program_warnings(result: Forecast, kb: Knowledge | None = None) -> tuple[str, ...]:
    """The warnings on the program's coursework (an unaccredited choice, intakes that come too
    early); none when the plan has no coursework."""
    coursework = (kb or load_knowledge()).roles.coursework
    return tuple(w for s in result.steps if s.step.id == coursework for w in s.warnings)
