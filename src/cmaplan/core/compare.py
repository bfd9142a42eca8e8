"""What-if: the person's plan under another route or program, side by side, without changing it
(core layer: pure, no I/O)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any, NamedTuple

from cmaplan.core.candidates import find
from cmaplan.core.conditions import works_to_close
from cmaplan.core.costs import Costs, costs_of
from cmaplan.core.eligibility import Eligibility, of_attempts, of_plan
from cmaplan.core.eligibility import rules as eligibility_rules
from cmaplan.core.knowledge import Knowledge, load_knowledge
from cmaplan.core.model import (
    Candidate,
    Change,
    Pace,
    Plan,
    Program,
    Progress,
    Window,
    with_changes,
)
from cmaplan.core.planner import chosen_candidate, mark, rebuild, waiting_for
from cmaplan.core.schedule import forecast


class Route(NamedTuple):
    """One way through: its name, and the dates and known costs it gives this person."""

    label: str
    program: Program
    pace: Pace
    candidate: Candidate | None
    enrol: date | None  # the program's first day (coursework starts)
    graduate: date | None
    exam: date | None
    finish: Window
    exam_fee: int | None
    program_cost: int | None  # None: unknown ("ask them")
    total: tuple[int, int]  # the known costs of the route, low and high, in cents (core/costs)
    unknown_costs: int  # its cost lines without an amount yet
    days_from_plan: int | None  # the first job against the plan's (later: positive); None
    # when either has no CMA job (a route that does not reach the exam)
    is_current: bool
    eligibility: Eligibility  # a route that does not reach the exam has no exam, fee or job

    @property
    def first_job(self) -> Window | None:
        """The first CMA job's window; None on a route that does not reach the exam."""
        return self.finish if self.eligibility.reaches_exam else None

    @property
    def next_intake(self) -> date | None:
        """The program's first day when it is one of the school's own dates (an estimate is
        not an intake)."""
        c = self.candidate
        return self.enrol if c is not None and self.enrol in c.starts else None


# What "best" means for each row a comparison stars: the highest pass rate, the lowest cost, the
# shortest program, the soonest intake and the soonest first job.
BEST: dict[str, tuple[Callable[[list[Any]], Any], Callable[[Route], Any]]] = {
    "pass_rate": (max, lambda r: r.candidate.pass_rate if r.candidate else None),
    "cost": (min, lambda r: r.candidate.cost if r.candidate else None),
    "months": (min, lambda r: r.candidate.months if r.candidate else None),
    "next_intake": (min, lambda r: r.next_intake),
    "first_job": (min, lambda r: r.first_job.expected if r.first_job else None),
}


def best(routes: list[Route], kb: Knowledge) -> dict[str, list[str]]:
    """For each row, the programs with its best known value. Only a program whose route
    reaches the exam (CAAHEP or ABHES) can be best: another leads to no exam, and one whose
    accreditor is not known yet is a question for the school first."""
    eligible = [r for r in routes if r.candidate and r.eligibility.reaches_exam]
    out: dict[str, list[str]] = {}
    for key, (pick, value_of) in BEST.items():
        known = [v for r in eligible if (v := value_of(r)) is not None]
        if known:
            top = pick(known)
            out[key] = [r.candidate.name for r in eligible if r.candidate and value_of(r) == top]
    return out


def variant(
    plan: Plan,
    *,
    program: Program,
    pace: Pace,
    candidate: Candidate | None,
    start: date | None = None,
    by_program: bool = False,
) -> Plan:
    """The plan as it would be on another route, with the progress made so far; `by_program`:
    through an accredited program, as if the finished one (Category 4's) were not counted."""
    profile = plan.profile._replace(
        program=program,
        pace=pace,
        program_choice=candidate.name if candidate else "",
        start_date=start or plan.profile.start_date,
    )
    if by_program:
        profile = profile._replace(finished_ma_program=False)
    return rebuild(plan, profile).plan


def _as_chosen(plan: Plan, today: date) -> Plan:
    """A program's variant as `program choose` would leave it: the choice itself done today."""
    choice = load_knowledge().roles.program_choice
    chose = plan.progress.get(choice)
    if choice not in plan.ids or (chose is not None and chose.done_on is not None):
        return plan
    if not _settles_choice(plan):
        return plan
    return mark(plan, [choice], done_on=today)


def _settles_choice(plan: Plan) -> bool:
    """Whether the program the plan uses is one its choice step asks for: accredited by CAAHEP
    or ABHES. Another (or one whose accreditor is not known yet) leaves "Choose an accredited
    program" open, so no export ticks it."""
    return of_plan(plan.profile, plan.candidates).route == "standard"


def route(plan: Plan, other: Plan, today: date, label: str, current_finish: date | None) -> Route:
    result = forecast(other, today, worded=False)  # a route is its dates and terms
    steps = {s.step.id: s for s in result.steps}

    def day(step_id: str) -> date | None:
        item = steps.get(step_id)
        if item is None:
            return None
        return item.progress.done_on or item.due

    roles = load_knowledge().roles
    candidate = chosen_candidate(other.profile, other.candidates)
    eligibility = of_attempts(other)
    coursework = steps.get(roles.coursework)
    return Route(
        label=label,
        program=other.program,
        pace=other.profile.pace,
        candidate=candidate,
        enrol=coursework.start if coursework else None,
        graduate=other.profile.graduated_on or day(roles.graduation),
        exam=day(roles.exam),
        finish=result.finish,
        exam_fee=result.exam.fee if result.exam else None,
        program_cost=candidate.cost if candidate else None,
        total=_known_total(other, listed := costs_of(_listed_only(other), result)),
        unknown_costs=len(listed.unknown),
        days_from_plan=None
        if current_finish is None or not eligibility.reaches_exam
        else (result.finish.expected - current_finish).days,
        eligibility=eligibility,
        is_current=(other.program, other.profile.pace, candidate, eligibility.route)
        == (
            plan.program,
            plan.profile.pace,
            chosen_candidate(plan.profile, plan.candidates),
            of_plan(plan.profile, plan.candidates).route,
        )
        and other.profile.start_date == plan.profile.start_date,
    )


def _listed_only(plan: Plan) -> Plan:
    """The plan with only the amounts set for listed lines: the person's own lines are the same
    on every route, and summed once (`_known_total`), not dated again for each."""
    return plan._replace(costs=tuple(e for e in plan.costs if e.line))


def _known_total(plan: Plan, listed: Costs) -> tuple[int, int]:
    low, high = listed.total()
    own = [e for e in plan.costs if not e.line and e.kind == "cost"]
    return low + sum(e.cents for e in own), high + sum(e.up_to or e.cents for e in own)


def routes(
    plan: Plan,
    today: date,
    *,
    pace: Pace | None = None,
    program_name: str | None = None,
    start: date | None = None,
) -> list[Route]:
    """Every route for this person: certificate and associate, full-time and part-time, and each
    candidate program at their pace; narrowed by `pace` or `program_name`, shifted by `start`.
    A plan on Category 4 (a finished program) comes first, as itself: the programs follow only
    for someone whose hours are still to be worked (the other way), and recorded programs."""
    own = of_plan(plan.profile, plan.candidates)
    reaches = of_attempts(plan).reaches_exam
    current = forecast(plan, today).finish.expected if reaches else None  # its first CMA job
    paces = [pace] if pace else [Pace.FULL_TIME, Pace.PART_TIME]
    by_program = own.route == "alternative"
    out: list[Route] = []
    if program_name is None and by_program:
        rules = eligibility_rules()
        for each in [pace] if pace else [plan.profile.pace]:
            other = variant(plan, program=plan.program, pace=each, candidate=None, start=start)
            label = rules.compare_work if works_to_close(plan.profile) else rules.compare_met
            out.append(route(plan, other, today, f"{label} ({each.value})", current))
    if program_name is None and (not by_program or works_to_close(plan.profile)):
        for program in (Program.CERTIFICATE, Program.ASSOCIATE):
            for each in paces:
                other = variant(
                    plan, program=program, pace=each, candidate=None, start=start,
                    by_program=by_program,
                )  # fmt: skip
                label = f"{program.value}, {each.value}"
                out.append(route(plan, other, today, label, current))
    candidates = plan.candidates if program_name is None else (find(plan, program_name),)
    for candidate in candidates:
        for each in [pace] if pace else [plan.profile.pace]:
            other = _as_chosen(
                variant(
                    plan, program=candidate.type, pace=each, candidate=candidate, start=start,
                    by_program=by_program,
                ),
                today,
            )  # fmt: skip
            out.append(route(plan, other, today, f"{candidate.name} ({each.value})", current))
    return out


def routes_note(plan: Plan) -> str:
    """Why the routes shown are these, for a plan on Category 4 ("" for any other plan)."""
    if of_plan(plan.profile, plan.candidates).route != "alternative":
        return ""
    rules = eligibility_rules()
    return rules.compare_note_work if works_to_close(plan.profile) else rules.compare_note_met


def choose(plan: Plan, name: str | None, *, day: date | None, today: date) -> Plan:
    """The plan on the program called `name` (None: back to the plan the answers make); the
    choice is recorded in the profile and choose-program is marked done on `day` (None: today,
    unless it is done already)."""
    # The profile keeps the person's own answer (certificate, associate or undecided): the
    # chosen program's type stands in for it while chosen, and --none brings the answer back.
    if name is None:
        profile = plan.profile._replace(program_choice="")
    else:
        profile = plan.profile._replace(program_choice=find(plan, name).name)
    rebuilt = rebuild(plan, profile).plan
    choice = load_knowledge().roles.program_choice
    chose = rebuilt.progress.get(choice)
    if name is None and plan.profile.program_choice and chose and chose.done_on:
        # Back to undecided: the choice is open again, unless the program is already under way
        # (a step after the choice is done), where reopening it would ask for it again.
        after = waiting_for(rebuilt, choice)
        if not any(rebuilt.progress.get(i, Progress()).done_on for i in after):
            rebuilt = mark(rebuilt, [choice], done_on=None)
            chose = None
    already = chose.done_on if chose else None
    wanted: date | None = day or already or today
    if not _settles_choice(rebuilt):  # not an accredited program: the step is still open
        wanted = already
    if wanted is not None and name is not None and choice in rebuilt.ids and wanted != already:
        # The forecast dates the intake from this day: the plan's steps do not depend on it.
        rebuilt = mark(rebuilt, [choice], done_on=wanted)
    change = Change(today, choice, "program chosen", profile.program_choice or "none")
    return with_changes(rebuilt, change)
