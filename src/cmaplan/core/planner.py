"""The planner: a profile and a date in, a plan out (core layer: pure, no I/O).

`build_plan` chooses the steps that apply to a person and sets how long each takes;
`schedule.forecast` dates them, and `steptext.word_steps` then writes their words once for the
dated plan. All are pure functions of their arguments: the clock is a parameter.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from typing import NamedTuple

from cmaplan.core.candidates import chosen_candidate as chosen_candidate
from cmaplan.core.conditions import holds
from cmaplan.core.durations import duration_days, program_shortfall, step_duration
from cmaplan.core.eligibility import of_plan
from cmaplan.core.eligibility import rules as eligibility_rules
from cmaplan.core.held import holds_credential
from cmaplan.core.knowledge import Knowledge, choose, load_knowledge
from cmaplan.core.ledger import CostEntry
from cmaplan.core.model import (
    Candidate,
    Ceu,
    Change,
    Plan,
    Profile,
    Program,
    Progress,
    Recommendation,
    Snapshot,
    Step,
)
from cmaplan.core.practice import Study
from cmaplan.core.rules import category_when_applying
from cmaplan.core.steptext import checklist_size


def plan_anchor(profile: Profile, created: date) -> date:
    """The schedule's first day: the chosen start date, or the day the plan was made if later."""
    return max(profile.start_date, created)


def recommend(profile: Profile, kb: Knowledge) -> Recommendation:
    """Which program suits this person, and why (the first matching rule in the knowledge base)."""
    for rule in kb.recommendations:
        if holds(rule.when, profile, Program(rule.program)):
            return Recommendation(Program(rule.program), rule.reason)
    raise LookupError("knowledge.toml must end with a catch-all recommendation")


def build_plan(
    profile: Profile,
    *,
    today: date,
    kb: Knowledge | None = None,
    candidates: tuple[Candidate, ...] = (),
    attempts_failed: int = 0,
) -> Plan:
    """The plan for `profile`, made on `today`, with nothing done yet: its steps and their
    lengths (their words follow the dated plan: `steptext`).

    When the profile names a chosen program among `candidates`, its type, length and intake
    dates replace the generic program's. Once `attempts_failed` reaches the AAMA's limit, the
    exam step stays (it holds the attempts) but nothing after it is planned: no retake, fee,
    credential or CMA job, only the step that says what remains.
    """
    kb = kb or load_knowledge()
    candidate = chosen_candidate(profile, candidates)
    advice = recommend(profile, kb) if profile.program is Program.UNDECIDED else None
    program = advice.program if advice else profile.program
    if candidate is not None:
        advice, program = None, candidate.type
    # A graduate's program is behind them: nothing to suggest.
    recommendation = advice if profile.graduated_on is None else None
    chosen = [t for t in kb.steps if holds(t.when, profile, program)]
    # A program that does not lead to the exam: no exam, fee or CMA job is planned after it,
    # only the step that finds a route (README, "Eligibility and the program you choose").
    route, closed = of_plan(profile, candidates, kb), eligibility_rules()
    if route.route == "alternative":  # a finished program, on Category 4: none to suggest
        recommendation = None
    used = route.reaches_exam and attempts_used(attempts_failed, kb)
    if used:
        kept = {kb.roles.exam, closed.used_step}
        chosen = [t for t in chosen if t.phase not in closed.exam_phases or t.id in kept]
    else:
        chosen = [t for t in chosen if t.id != closed.used_step]
    if route.reaches_exam:
        chosen = [t for t in chosen if t.id != closed.closed_step]
    else:
        chosen = [t for t in chosen if t.phase not in closed.exam_phases]
    if holds_credential(profile):  # a CMA already: the plan starts at the renewal
        recommendation = None
        chosen = [t for t in chosen if t.phase in kb.rules.existing_credential.phases]
    chosen_ids = {t.id for t in chosen}
    # hours a week that the program takes in full: a step that would share them waits instead
    short = program_shortfall(profile, program, kb, candidate) is not None
    steps = tuple(
        Step(
            id=t.id,
            phase=t.phase,
            after=tuple(a for a in (*t.after, *t.after_paced * short) if a in chosen_ids),
            duration=step_duration(t, profile, program, kb, candidate),
            checklist_size=checklist_size(t, profile, program, kb),
            needed_by=t.needed_by if t.needed_by in chosen_ids else "",
        )
        for t in chosen
    )
    steps = _apply_after_long_study(steps, profile, today, kb)
    label = choose(kb.rules.finish.label, lambda when: holds(when, profile, program))
    if not route.reaches_exam:
        label = closed.finish_label
    elif used:
        label = closed.used_label
    return Plan(
        profile=profile,
        created=today,
        program=program,
        steps=_in_dependency_order(steps),
        recommendation=recommendation,
        finish_label=label,
        candidates=candidates,
    )


def attempts_used(failed: int, kb: Knowledge | None = None) -> bool:
    """Whether `failed` attempts at the exam are all the AAMA allows."""
    return failed >= int((kb or load_knowledge()).fact("exam_attempts").number())


def failed_attempts(progress: Mapping[str, Progress], kb: Knowledge | None = None) -> int:
    """How many failed exam attempts `progress` records."""
    return len(progress.get((kb or load_knowledge()).roles.exam, Progress()).failed)


def goal_step(plan: Plan) -> str | None:
    """The id of the step that reaches the goal beyond the first job (the last of the further
    goals: the start of residency, the next career step), or None when the plan has none."""
    further = [s.id for s in plan.steps if s.phase == "next"]
    return further[-1] if further else None


def finish_step(plan: Plan, kb: Knowledge | None = None) -> str:
    """The id of the step whose date is the plan's finish."""
    kb = kb or load_knowledge()
    step_id = kb.rules.finish.step
    if step_id in plan.ids:
        return step_id
    if eligibility_rules().used_step in plan.ids:  # every attempt used: the plan ends there
        return eligibility_rules().used_step
    closed = eligibility_rules().closed_step  # a route that does not reach the exam ends there
    return closed if closed in plan.ids else plan.steps[-1].id


def with_progress(plan: Plan, progress: Mapping[str, Progress]) -> Plan:
    """The plan with recorded progress.

    Entries for steps the plan does not have, and empty entries, are dropped.
    """
    kept: dict[str, Progress] = {}
    for step in plan.steps:
        entry = progress.get(step.id)
        if entry is None:
            continue
        count = step.checklist_size
        entry = entry._replace(ticked=frozenset(i for i in entry.ticked if 1 <= i <= count))
        if entry != Progress():
            kept[step.id] = entry
    return plan._replace(progress=kept)


# --- structure ----------------------------------------------------------------------------------


def _in_dependency_order(steps: tuple[Step, ...]) -> tuple[Step, ...]:
    """Steps in knowledge order, except that each comes after the steps it depends on."""
    placed: dict[str, Step] = {}
    pending = list(steps)
    while pending:
        ready = [s for s in pending if all(a in placed for a in s.after)]
        if not ready:
            raise ValueError("the steps depend on each other in a circle")
        placed[ready[0].id] = ready[0]
        pending.remove(ready[0])
    return tuple(placed.values())


def dependents(plan: Plan, step_id: str) -> tuple[str, ...]:
    """The steps that wait for `step_id`, and the one it must be done before."""
    needed = [s.needed_by for s in plan.steps if s.id == step_id and s.needed_by]
    return tuple(s.id for s in plan.steps if step_id in s.after or s.id in needed)


def waiting_for(plan: Plan, step_id: str) -> set[str]:
    """The ids of every step that waits, directly or through others, for `step_id`."""
    found: set[str] = set()
    for step in plan.steps:  # in dependency order: a step's own waits come before it
        if step_id in step.after or found & set(step.after):
            found.add(step.id)
    return found


def mark(plan: Plan, ids: Iterable[str], *, done_on: date | None) -> Plan:
    """Mark steps done on `done_on`, or reopen them when `done_on` is None; notes are kept.

    Raises KeyError with the first id the plan does not have; nothing changes then.
    """
    wanted = list(dict.fromkeys(ids))
    for step_id in wanted:
        if step_id not in plan.ids:
            raise KeyError(step_id)
    progress = dict(plan.progress)
    for step_id in wanted:
        progress[step_id] = progress.get(step_id, Progress())._replace(done_on=done_on)
    return with_progress(plan, progress)


class Rebuilt(NamedTuple):
    """A plan made anew from changed answers, with what carried over from the old one."""

    plan: Plan
    kept: tuple[str, ...]
    added: tuple[str, ...]
    dropped: tuple[str, ...]


def remake(
    old: Plan,
    profile: Profile,
    candidates: tuple[Candidate, ...],
    progress: Mapping[str, Progress],
    *,
    history: tuple[Change, ...] | None = None,
    undo: tuple[Snapshot, ...] | None = None,
    renewals: tuple[date, ...] | None = None,
    ceus: tuple[Ceu, ...] | None = None,
    costs: tuple[CostEntry, ...] | None = None,
    study: Study | None = None,
) -> Plan:
    """The plan built anew for `profile` and `candidates` on `old`'s creation day (so its
    original schedule stays comparable), with `progress` on the steps it has, and whatever else
    is not given (history, undo, renewals, CEUs) as `old` had it; its uid and revision too."""
    # What the last failed attempt set aside comes back with the steps it belongs to; while
    # every attempt is used, the progress of the steps the plan no longer has waits in `dormant`.
    progress = {**old.dormant, **progress}
    fresh = build_plan(
        profile,
        today=old.created,
        candidates=candidates,
        attempts_failed=failed_attempts(progress),
    )
    used = eligibility_rules().used_step in fresh.ids
    dormant = {k: v for k, v in progress.items() if used and k not in fresh.ids and v != Progress()}
    same_goal = goal_step(fresh) == goal_step(old)  # a new goal is planned afresh
    return with_progress(fresh, progress)._replace(
        history=old.history if history is None else history,
        undo=old.undo if undo is None else undo,
        renewals=old.renewals if renewals is None else renewals,
        ceus=old.ceus if ceus is None else ceus,
        costs=old.costs if costs is None else costs,
        study=old.study if study is None else study,
        study_weeks=old.study_weeks,
        uid=old.uid,
        revision=old.revision,
        # a finish of another kind (a route to settle, not a CMA job) is planned afresh
        planned_finish=old.planned_finish if finish_step(fresh) == finish_step(old) else None,
        planned_goal=old.planned_goal if same_goal else None,
        dormant=dormant,
    )


def _apply_after_long_study(
    steps: tuple[Step, ...], profile: Profile, today: date, kb: Knowledge
) -> tuple[Step, ...]:
    """The exam application waits for the studying when the study and the wait for a seat
    could not both fit in the testing period the application opens (kb.roles.exam_study);
    except for a graduate still in Category 1 whom the wait could push into Category 2 and
    its fee: they apply within it and pick a later testing period (the exam-apply step's
    `testing-period-later` heads-up)."""
    by_id = {s.id: s for s in steps}
    study, apply, exam = (
        by_id.get(r) for r in (kb.roles.exam_study, kb.roles.exam_application, kb.roles.exam)
    )
    if study is None or apply is None or exam is None or study.id in apply.after:
        return steps
    longest = duration_days(study.duration)[1] + duration_days(exam.duration)[1]
    if longest <= kb.fact("testing_window_days").number():
        return steps
    graduated = profile.graduated_on
    if graduated is not None:
        anchor = plan_anchor(profile, today)
        studied = anchor + timedelta(days=round(duration_days(study.duration)[1]))
        first = category_when_applying(graduated, anchor, kb)
        if category_when_applying(graduated, studied, kb) != first:
            return steps
    waits = apply._replace(after=(*apply.after, study.id))
    return tuple(waits if s.id == apply.id else s for s in steps)


def rebuild(old: Plan, profile: Profile) -> Rebuilt:
    """A new plan for `profile`, keeping done marks, dates and notes of every step it still has."""
    plan = remake(old, profile, old.candidates, old.progress)
    return Rebuilt(
        plan=plan,
        kept=tuple(
            k for k, v in plan.progress.items() if v.done_on is not None or v.note or v.failed
        ),
        added=tuple(i for i in plan.ids if i not in old.ids),
        dropped=tuple(i for i in old.ids if i not in plan.ids),
    )
