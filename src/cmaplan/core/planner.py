"""The planner: a profile and a date in, a plan out (core layer: pure, no I/O).

`build_plan` chooses the steps that apply to a person, writes their text from the knowledge base
and sets how long each takes; `schedule.forecast` dates them. Both are pure functions of their
arguments: the clock is a parameter.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterable, Mapping
from datetime import date
from typing import NamedTuple

from cmaplan.core.conditions import holds
from cmaplan.core.durations import hours_words, length_words, step_duration, study_hours
from cmaplan.core.knowledge import Knowledge, StepTemplate, Text, choose, load_knowledge
from cmaplan.core.model import (
    Candidate,
    Ceu,
    Change,
    ExamTerms,
    Pace,
    Plan,
    Profile,
    Program,
    Progress,
    Recommendation,
    Snapshot,
    Step,
)
from cmaplan.core.plaintext import same_name, with_article
from cmaplan.core.rules import exam_terms, fee_key

# Template fields and conditions that depend on the forecast day of the exam application: steps
# that use them are written again by `restate` once the plan is dated.
TERMS_FIELDS = frozenset({"category", "fee", "applying"})
TERMS_CONDITIONS = frozenset({"category2"})


def plan_anchor(profile: Profile, created: date) -> date:
    """The schedule's first day: the chosen start date, or the day the plan was made if later."""
    return max(profile.start_date, created)


def recommend(profile: Profile, kb: Knowledge) -> Recommendation:
    """Which program suits this person, and why (the first matching rule in the knowledge base)."""
    for rule in kb.recommendations:
        if holds(rule.when, profile, Program(rule.program)):
            return Recommendation(Program(rule.program), rule.reason)
    raise LookupError("knowledge.toml must end with a catch-all recommendation")


def provisional_terms(profile: Profile, created: date, kb: Knowledge) -> ExamTerms:
    """The exam terms of someone applying when the plan starts, until the plan is dated."""
    return exam_terms(
        profile,
        graduated_on=profile.graduated_on,
        apply_on=plan_anchor(profile, created),
        applied=False,
        kb=kb,
    )


def chosen_candidate(profile: Profile, candidates: Iterable[Candidate]) -> Candidate | None:
    """The candidate program the profile names as chosen, if it is among `candidates`."""
    name = same_name(profile.program_choice)
    return next((c for c in candidates if name and same_name(c.name) == name), None)


def build_plan(
    profile: Profile,
    *,
    today: date,
    kb: Knowledge | None = None,
    candidates: tuple[Candidate, ...] = (),
) -> Plan:
    """The plan for `profile`, made on `today`, with nothing done yet.

    When the profile names a chosen program among `candidates`, its type, length and intake
    dates replace the generic program's.
    """
    kb = kb or load_knowledge()
    candidate = chosen_candidate(profile, candidates)
    advice = recommend(profile, kb) if profile.program is Program.UNDECIDED else None
    program = advice.program if advice else profile.program
    if candidate is not None:
        advice, program = None, candidate.type
    # A graduate's program is behind them: nothing to suggest.
    recommendation = advice if profile.graduated_on is None else None
    terms = provisional_terms(profile, today, kb)
    chosen = [t for t in kb.steps if holds(t.when, profile, program, terms.category)]
    chosen_ids = {t.id for t in chosen}
    context = _text_context(profile, program, terms, recommendation, kb)
    steps = tuple(
        _make_step(t, chosen_ids, profile, program, terms, context, kb, candidate) for t in chosen
    )
    finish = kb.rule("finish")
    label = choose(
        tuple(Text(str(v["text"]), tuple(v.get("when", ()))) for v in finish["label"]),
        lambda when: holds(when, profile, program),
    )
    return Plan(
        profile=profile,
        created=today,
        program=program,
        steps=_in_dependency_order(steps),
        recommendation=recommendation,
        finish_label=label,
        candidates=candidates,
    )


def goal_step(plan: Plan) -> str | None:
    """The id of the step that reaches the goal beyond the first job (the last of the further
    goals: the start of residency, the next career step), or None when the plan has none."""
    further = [s.id for s in plan.steps if s.phase == "next"]
    return further[-1] if further else None


def finish_step(plan: Plan, kb: Knowledge | None = None) -> str:
    """The id of the step whose date is the plan's finish."""
    kb = kb or load_knowledge()
    step_id = str(kb.rule("finish")["step"])
    return step_id if step_id in plan.ids else plan.steps[-1].id


def restate(plan: Plan, terms: ExamTerms, kb: Knowledge | None = None) -> Plan:
    """The plan with the steps whose text depends on the exam terms written for `terms`."""
    kb = kb or load_knowledge()
    templates = {t.id: t for t in kb.steps}
    ids = {s.id for s in plan.steps}
    context = _text_context(plan.profile, plan.program, terms, plan.recommendation, kb)
    steps = tuple(
        _make_step(
            templates[s.id],
            ids,
            plan.profile,
            plan.program,
            terms,
            context,
            kb,
            chosen_candidate(plan.profile, plan.candidates),
        )
        if _uses_terms(templates[s.id])
        else s
        for s in plan.steps
    )
    return plan._replace(steps=steps)


def with_progress(plan: Plan, progress: Mapping[str, Progress]) -> Plan:
    """The plan with recorded progress.

    Entries for steps the plan does not have, and empty entries, are dropped.
    """
    kept: dict[str, Progress] = {}
    for step in plan.steps:
        entry = progress.get(step.id)
        if entry is None:
            continue
        count = len(step.checklist)
        entry = entry._replace(ticked=frozenset(i for i in entry.ticked if 1 <= i <= count))
        if entry != Progress():
            kept[step.id] = entry
    return plan._replace(progress=kept)


# --- text ---------------------------------------------------------------------------------------


class _Context(dict[str, object]):
    """Template values, with the knowledge base they came from."""

    def __init__(self, values: Mapping[str, object], kb: Knowledge) -> None:
        super().__init__(values)
        self.kb = kb


def _text_context(
    profile: Profile,
    program: Program,
    terms: ExamTerms,
    recommendation: Recommendation | None,
    kb: Knowledge,
) -> _Context:
    values = kb.values()
    program_info = kb.programs[program.value]
    part_time_note = ""
    if profile.pace is Pace.PART_TIME:
        part_time_note = f", or about {kb.fact('part_time_factor').render()} that part-time"
    suggestion = ""
    if recommendation is not None:
        name = kb.programs[recommendation.program.value].name
        suggestion = f"{with_article(name)}, because {recommendation.reason}"
    fee_fact = kb.rule_fact("exam-fee", "fact")
    values.update(
        program_name=program_info.name,
        part_time_note=part_time_note,
        recommendation=suggestion,
        category=f"Category {terms.category}",
        fee=fee_fact.render(fee_key(terms.category, profile.aama_member)),
        applying=("Having applied on " if terms.applied else "Applying on ")
        + terms.apply_on.isoformat(),
        diploma_by=profile.diploma_by.isoformat() if profile.diploma_by else "",
        study_hours=hours_words(study_hours(profile, kb)),
        exam_prep_length=_study_length("exam-prep", profile, program, kb),
        usmle_length=_study_length("usmle", profile, program, kb),
        specialty=profile.specialty,
        in_state=f" in {profile.state}" if profile.state else "",
        state=profile.state,
    )
    return _Context(values, kb)


def _study_length(step_id: str, profile: Profile, program: Program, kb: Knowledge) -> str:
    """How long a study step takes this person, in words (for the step's own text)."""
    template = next(t for t in kb.steps if t.id == step_id)
    return length_words(step_duration(template, profile, program, kb))


def _fields(text: str) -> list[str]:
    """The names a template inserts ("exam_fee" for "{exam_fee[2-member]}")."""
    return [
        re.split(r"[.\[]", name)[0]
        for _, name, _, _ in string.Formatter().parse(text)
        if name is not None and name
    ]


def _uses_terms(template: StepTemplate) -> bool:
    texts = (*template.title, *template.why, *template.checklist)
    return any(
        TERMS_FIELDS.intersection(_fields(item.text))
        or TERMS_CONDITIONS.intersection(w.lstrip("!") for w in item.when)
        for item in texts
    )


def _fill(texts: Iterable[Text], context: _Context, ok: Iterable[bool]) -> list[str]:
    out: list[str] = []
    for item, applies in zip(texts, ok, strict=True):
        if not applies:
            continue
        names = _fields(item.text)
        # A checklist item that is just a list fact becomes one item per entry.
        if item.text.strip() == f"{{{names[0] if names else ''}}}" and names[0] in context.kb.facts:
            fact = context.kb.fact(names[0])
            if fact.unit == "list":
                out.extend(fact.items())
                continue
        out.append(item.text.format_map(context))
    return out


def _make_step(
    template: StepTemplate,
    chosen: set[str],
    profile: Profile,
    program: Program,
    terms: ExamTerms,
    context: _Context,
    kb: Knowledge,
    candidate: Candidate | None = None,
) -> Step:
    def applies(item: Text) -> bool:
        return holds(item.when, profile, program, terms.category)

    why_ok = [applies(t) for t in template.why]
    checklist_ok = [applies(t) for t in template.checklist]
    title = choose(template.title, lambda when: holds(when, profile, program, terms.category))
    used = [
        n
        for item, ok in zip(
            (*template.why, *template.checklist), (*why_ok, *checklist_ok), strict=True
        )
        if ok
        for n in _fields(item.text)
    ]
    spec = template.duration
    used.extend(str(spec[k]) for k in ("fact", "study") if k in spec)
    if spec.get("kind") == "coursework":
        used.extend([kb.programs[program.value].duration, "externship_weeks"])
        if profile.pace is Pace.PART_TIME:
            used.append("part_time_factor")
    sources: list[str] = list(template.sources)
    if spec.get("kind") == "coursework" and candidate is not None and candidate.months:
        sources.append("school")
    if spec.get("kind") == "recertification":
        used.append(str(kb.rule("credential-expiry")["months"]))
        sources.extend(kb.rule("credential-expiry")["sources"])
    for name in used:
        if name in kb.facts:
            sources.extend(kb.fact(name).sources)
    return Step(
        id=template.id,
        phase=template.phase,
        title=title,
        why=tuple(_fill(template.why, context, why_ok)),
        checklist=tuple(_fill(template.checklist, context, checklist_ok)),
        after=tuple(a for a in template.after if a in chosen),
        duration=step_duration(template, profile, program, kb, candidate),
        sources=tuple(dict.fromkeys(sources)),
    )


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
    """The steps that wait for `step_id`."""
    return tuple(s.id for s in plan.steps if step_id in s.after)


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
) -> Plan:
    """The plan built anew for `profile` and `candidates` on `old`'s creation day (so its
    original schedule stays comparable), with `progress` on the steps it has, and whatever else
    is not given (history, undo, renewals, CEUs) as `old` had it; its uid and revision too."""
    fresh = build_plan(profile, today=old.created, candidates=candidates)
    same_goal = goal_step(fresh) == goal_step(old)  # a new goal is planned afresh
    return with_progress(fresh, progress)._replace(
        history=old.history if history is None else history,
        undo=old.undo if undo is None else undo,
        renewals=old.renewals if renewals is None else renewals,
        ceus=old.ceus if ceus is None else ceus,
        uid=old.uid,
        revision=old.revision,
        planned_finish=old.planned_finish,
        planned_goal=old.planned_goal if same_goal else None,
    )


def rebuild(old: Plan, profile: Profile) -> Rebuilt:
    """A new plan for `profile`, keeping done marks, dates and notes of every step it still has."""
    plan = remake(old, profile, old.candidates, old.progress)
    return Rebuilt(
        plan=plan,
        kept=tuple(k for k, v in plan.progress.items() if v.done_on is not None or v.note),
        added=tuple(i for i in plan.ids if i not in old.ids),
        dropped=tuple(i for i in old.ids if i not in plan.ids),
    )
