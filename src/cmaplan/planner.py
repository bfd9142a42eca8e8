"""The planner: a profile and a date in, a dated plan out (core layer: pure, no I/O).

`build_plan` chooses the steps that apply to a person and writes their text from the knowledge
base; `forecast` dates them. Both are pure functions of their arguments: the clock is a parameter.
"""

from __future__ import annotations

import string
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

from cmaplan.knowledge import Knowledge, StepTemplate, Text, load_knowledge
from cmaplan.model import (
    Duration,
    Experience,
    Forecast,
    Goal,
    Pace,
    Plan,
    Profile,
    Program,
    Progress,
    Recommendation,
    ScheduledStep,
    Span,
    Status,
    Step,
    Usmle,
    Window,
)

Condition = Callable[[Profile, Program, int], bool]

# The named conditions that knowledge.toml's `when` lists refer to.
CONDITIONS: dict[str, Condition] = {
    "img": lambda p, prog, cat: p.foreign_medical_degree,
    "in_english": lambda p, prog, cat: p.transcripts_in_english,
    "evaluated": lambda p, prog, cat: p.credentials_evaluated,
    "diploma": lambda p, prog, cat: p.diploma,
    "diploma_by": lambda p, prog, cat: p.diploma_by is not None,
    "graduated": lambda p, prog, cat: p.graduated_on is not None,
    "certificate": lambda p, prog, cat: prog is Program.CERTIFICATE,
    "associate": lambda p, prog, cat: prog is Program.ASSOCIATE,
    "undecided": lambda p, prog, cat: p.program is Program.UNDECIDED,
    "part_time": lambda p, prog, cat: p.pace is Pace.PART_TIME,
    "goal_residency": lambda p, prog, cat: p.goal is Goal.RESIDENCY,
    "goal_nursing": lambda p, prog, cat: p.goal is Goal.NURSING,
    "goal_management": lambda p, prog, cat: p.goal is Goal.MANAGEMENT,
    "goal_nursing_or_management": lambda p, prog, cat: p.goal in (Goal.NURSING, Goal.MANAGEMENT),
    "new_to_healthcare": lambda p, prog, cat: p.experience is Experience.NONE,
    "experienced": lambda p, prog, cat: p.experience is not Experience.NONE,
    "experienced_ma": lambda p, prog, cat: (
        p.experience in (Experience.UNCERTIFIED_MA, Experience.MILITARY)
    ),
    "member": lambda p, prog, cat: p.aama_member,
    "category2": lambda p, prog, cat: cat == 2,
    "study_hours": lambda p, prog, cat: p.study_hours is not None,
    "specialty": lambda p, prog, cat: bool(p.specialty),
    "usmle_not_started": lambda p, prog, cat: p.usmle is Usmle.NOT_STARTED,
    "usmle_step1": lambda p, prog, cat: p.usmle is Usmle.STEP1,
    "usmle_step2": lambda p, prog, cat: p.usmle is Usmle.STEP2,
    "usmle_certified": lambda p, prog, cat: p.usmle is Usmle.ECFMG_CERTIFIED,
}


def holds(when: Iterable[str], profile: Profile, program: Program, category: int) -> bool:
    """Whether every condition in `when` holds ("!name" negates one)."""
    for name in when:
        negate = name.startswith("!")
        if CONDITIONS[name.lstrip("!")](profile, program, category) == negate:
            return False
    return True


def plan_anchor(profile: Profile, created: date) -> date:
    """The schedule's first day: the chosen start date, or the day the plan was made if later."""
    return max(profile.start_date, created)


def recommend(profile: Profile, kb: Knowledge) -> Recommendation:
    """Which program suits this person, and why (the first matching rule in the knowledge base)."""
    for rule in kb.recommendations:
        if holds(rule.when, profile, Program(rule.program), 1):
            return Recommendation(Program(rule.program), rule.reason)
    raise LookupError("knowledge.toml must end with a catch-all recommendation")


def exam_category(profile: Profile, created: date, kb: Knowledge) -> int:
    """The exam category of someone who applies when their plan starts."""
    return category_when_applying(profile.graduated_on, plan_anchor(profile, created), kb)


def category_when_applying(graduated_on: date | None, applying_on: date, kb: Knowledge) -> int:
    """Category 1 while applying within the set number of months of graduating, else 2."""
    if graduated_on is None:
        return 1
    months = int(kb.fact("category1_months").number())
    return 1 if applying_on <= graduated_on + relativedelta(months=months) else 2


def exam_fee(profile: Profile, category: int, kb: Knowledge) -> int:
    """Members and Category 1 candidates pay the low fee; others the high one."""
    low, high = kb.fact("exam_fee_low").number(), kb.fact("exam_fee_high").number()
    return int(low if category == 1 or profile.aama_member else high)


def build_plan(profile: Profile, *, today: date, kb: Knowledge | None = None) -> Plan:
    """The plan for `profile`, made on `today`, with nothing done yet."""
    kb = kb or load_knowledge()
    recommendation = recommend(profile, kb) if profile.program is Program.UNDECIDED else None
    program = recommendation.program if recommendation else profile.program
    category = exam_category(profile, today, kb)
    fee = exam_fee(profile, category, kb)
    context = _text_context(profile, program, category, fee, recommendation, kb)
    chosen = [t for t in kb.steps if holds(t.when, profile, program, category)]
    chosen_ids = {t.id for t in chosen}
    steps = tuple(
        _make_step(t, chosen_ids, profile, program, category, context, kb) for t in chosen
    )
    return Plan(
        profile=profile,
        created=today,
        program=program,
        steps=_in_dependency_order(steps),
        recommendation=recommendation,
        exam_category=category,
        exam_fee=fee,
    )


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
        entry = replace(entry, ticked=frozenset(i for i in entry.ticked if 1 <= i <= count))
        if entry != Progress():
            kept[step.id] = entry
    return replace(plan, progress=kept)


# --- text ---------------------------------------------------------------------------------------


class _Context(dict[str, str]):
    """Template values; remembers which facts a text used so the step can cite their sources."""

    def __init__(self, values: Mapping[str, str], kb: Knowledge) -> None:
        super().__init__(values)
        self.kb = kb


def _text_context(
    profile: Profile,
    program: Program,
    category: int,
    fee: int,
    recommendation: Recommendation | None,
    kb: Knowledge,
) -> _Context:
    values = {n: f.render() for n, f in kb.facts.items() if not isinstance(f.value, dict)}
    program_info = kb.programs[program.value]
    part_time_note = ""
    if profile.pace is Pace.PART_TIME:
        part_time_note = f", or about {kb.fact('part_time_factor').render()} that part-time"
    suggestion = ""
    if recommendation is not None:
        name = kb.programs[recommendation.program.value].name
        suggestion = f"{with_article(name)}, because {recommendation.reason}"
    low_fee = kb.fact("exam_fee_low").render()
    high_fee = kb.fact("exam_fee_high").render()
    values.update(
        program_name=program_info.name,
        part_time_note=part_time_note,
        recommendation=suggestion,
        category=f"Category {category}",
        fee=low_fee if fee == kb.fact("exam_fee_low").number() else high_fee,
        diploma_by=profile.diploma_by.isoformat() if profile.diploma_by else "",
        study_hours=str(profile.study_hours or ""),
        specialty=profile.specialty,
        in_state=f" in {profile.state}" if profile.state else "",
    )
    return _Context(values, kb)


def with_article(noun: str) -> str:
    """ "a certificate program", "an associate degree"."""
    return ("an " if noun[:1].lower() in "aeiou" else "a ") + noun


def _fields(text: str) -> list[str]:
    return [name for _, name, _, _ in string.Formatter().parse(text) if name]


def _fill(texts: Iterable[Text], context: _Context, ok: Callable[[Text], bool]) -> list[str]:
    out: list[str] = []
    for item in texts:
        if not ok(item):
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
    category: int,
    context: _Context,
    kb: Knowledge,
) -> Step:
    def applies(item: Text) -> bool:
        return holds(item.when, profile, program, category)

    why = _fill(template.why, context, applies)
    checklist = _fill(template.checklist, context, applies)
    used = [
        n
        for item in (*template.why, *template.checklist)
        if applies(item)
        for n in _fields(item.text)
    ]
    duration_fact = template.duration.get("fact")
    if duration_fact:
        used.append(duration_fact)
    if template.duration.get("kind") == "coursework":
        used.extend([kb.programs[program.value].duration, "externship_weeks"])
        if profile.pace is Pace.PART_TIME:
            used.append("part_time_factor")
    if template.duration.get("kind") == "recertification":
        used.append("recert_months")
    sources: list[str] = list(template.sources)
    for name in used:
        if name in kb.facts:
            sources.extend(kb.fact(name).sources)
    return Step(
        id=template.id,
        phase=template.phase,
        title=template.title,
        why=tuple(why),
        checklist=tuple(checklist),
        after=tuple(a for a in template.after if a in chosen),
        duration=_duration(template, profile, program, kb),
        sources=tuple(dict.fromkeys(sources)),
    )


# --- durations ----------------------------------------------------------------------------------


def _span(amount: float, unit: str) -> Span:
    if unit == "months":
        whole = int(amount)
        return Span(months=whole, days=round((amount - whole) * 30))
    if unit == "weeks":
        return Span(days=round(amount * 7))
    if unit == "days":
        return Span(days=round(amount))
    raise ValueError(f"no duration in {unit}")


def _duration(
    template: StepTemplate, profile: Profile, program: Program, kb: Knowledge
) -> Duration:
    spec = template.duration
    pace = kb.fact("part_time_factor").number() if profile.pace is Pace.PART_TIME else 1.0
    kind = spec.get("kind", "range")
    if kind == "milestone":
        return Duration("milestone")
    if kind == "recertification":
        return Duration("recertification", months=int(kb.fact("recert_months").number()))
    if kind == "coursework":
        # The program's length covers coursework and externship; coursework is what is left.
        total = kb.fact(kb.programs[program.value].duration)
        extern = kb.fact("externship_weeks")
        (t_lo, t_hi), (e_lo, e_hi) = total.range(), extern.range()
        return Duration(
            "range",
            shortest=Span(months=int(t_lo), days=-round(e_lo * 7)),
            longest=Span(months=int(t_hi), days=-round(e_hi * 7)),
            factor=pace,
            is_estimate=pace != 1.0,
        )
    fact = kb.fact(spec["fact"])
    key = getattr(profile, spec["key"]).value if "key" in spec else None
    low, high = fact.range(key)
    until = getattr(profile, spec["until"]) if "until" in spec else None
    if until is not None:
        return Duration("until", until=until)
    return Duration(
        "range",
        shortest=_span(low, fact.unit),
        longest=_span(high, fact.unit),
        factor=pace if spec.get("paced") else 1.0,
        is_estimate=fact.is_estimate or (bool(spec.get("paced")) and pace != 1.0),
    )


def _add(start: date, span: Span, factor: float) -> date:
    end: date = start + relativedelta(months=span.months, days=span.days)
    if factor != 1.0:
        end = start + timedelta(days=round((end - start).days * factor))
    return end


def _end_of_month(day: date) -> date:
    end: date = day + relativedelta(day=31)
    return end


def finish_window(duration: Duration, start: Window) -> Window:
    """When a step that starts within `start` finishes: earliest, expected and latest."""
    if duration.kind == "milestone":
        return start
    if duration.kind == "until":
        until = duration.until or start.expected
        return Window(
            max(start.earliest, until), max(start.expected, until), max(start.latest, until)
        )
    if duration.kind == "recertification":
        months = relativedelta(months=duration.months)
        return Window(
            *(_end_of_month(d) + months for d in (start.earliest, start.expected, start.latest))
        )
    shortest = _add(start.expected, duration.shortest, duration.factor)
    longest = _add(start.expected, duration.longest, duration.factor)
    expected = shortest + (longest - shortest) / 2
    return Window(
        _add(start.earliest, duration.shortest, duration.factor),
        expected,
        _add(start.latest, duration.longest, duration.factor),
    )


# --- schedule -----------------------------------------------------------------------------------


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


def forecast(plan: Plan, today: date) -> Forecast:
    """Date every step as of `today`.

    Done steps keep the day they were done. Each open step starts when the steps before it end;
    one that should have ended before `today` is forecast to end today at the soonest, which moves
    everything after it.
    """
    anchor = plan_anchor(plan.profile, plan.created)
    ends: dict[str, Window] = {}
    done_ids = {k for k, v in plan.progress.items() if v.done_on is not None}
    scheduled: list[ScheduledStep] = []
    for step in plan.steps:
        before = [ends[a] for a in step.after]
        start = Window(
            max([anchor, *(w.earliest for w in before)]),
            max([anchor, *(w.expected for w in before)]),
            max([anchor, *(w.latest for w in before)]),
        )
        progress = plan.progress.get(step.id, Progress())
        if progress.done_on is not None:
            done_on = progress.done_on
            end = Window(done_on, done_on, done_on)
            status = Status.DONE
            start_day = min(start.expected, done_on)
        else:
            planned = finish_window(step.duration, start)
            end = Window(
                *(max(d, today) for d in (planned.earliest, planned.expected, planned.latest))
            )
            start_day = start.expected
            if planned.expected < today:
                status = Status.OVERDUE
            elif start_day <= today and all(a in done_ids for a in step.after):
                status = Status.IN_PROGRESS
            else:
                status = Status.UPCOMING
        ends[step.id] = end
        scheduled.append(ScheduledStep(step, start_day, end.expected, end, status, progress))
    finish_id = "first-job" if "first-job" in ends else plan.steps[-1].id
    return Forecast(today=today, steps=tuple(scheduled), finish=ends[finish_id])


def next_open(result: Forecast) -> ScheduledStep | None:
    """The open step to work on next (the first of `next_actions`), or None when all are done."""
    actions = next_actions(result, 1)
    return actions[0] if actions else None


def original_forecast(plan: Plan) -> Forecast:
    """The schedule as it was on the day the plan was made, before any progress."""
    fresh = replace(plan, progress={})
    return forecast(fresh, plan_anchor(plan.profile, plan.created))


def next_actions(result: Forecast, count: int = 3) -> tuple[ScheduledStep, ...]:
    """What to work on now: overdue and started steps first, then the next to start."""
    open_steps = [s for s in result.steps if not s.is_done]
    rank = {Status.OVERDUE: 0, Status.IN_PROGRESS: 1, Status.UPCOMING: 2}
    ordered = sorted(open_steps, key=lambda s: (rank[s.status], s.start, s.due))
    urgent = [s for s in ordered if s.status is not Status.UPCOMING]
    return tuple(ordered[: max(count, len(urgent))])


def dependents(plan: Plan, step_id: str) -> tuple[str, ...]:
    """The steps that wait for `step_id`."""
    return tuple(s.id for s in plan.steps if step_id in s.after)


@dataclass(frozen=True)
class Drift:
    """How far the forecast finish has moved from the plan as first made (positive: later)."""

    planned: date
    forecast: date

    @property
    def days(self) -> int:
        return (self.forecast - self.planned).days


def drift(plan: Plan, result: Forecast) -> Drift:
    return Drift(original_forecast(plan).finish.expected, result.finish.expected)


# --- changes ------------------------------------------------------------------------------------


def unknown_step_message(plan: Plan, step_id: str) -> str:
    """One sentence for an id the plan does not have, with the closest ids it does have."""
    import difflib

    close = difflib.get_close_matches(step_id, plan.ids, n=3, cutoff=0.5)
    if not close:
        close = [i for i in plan.ids if step_id in i or i in step_id][:3]
    hint = " Did you mean " + " or ".join(f'"{c}"' for c in close) + "?" if close else ""
    return f'this plan has no step "{step_id}".{hint} `cmaplan timeline` lists the ids.'


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
        progress[step_id] = replace(progress.get(step_id, Progress()), done_on=done_on)
    return with_progress(plan, progress)


@dataclass(frozen=True)
class Rebuilt:
    """A plan made anew from changed answers, with what carried over from the old one."""

    plan: Plan
    kept: tuple[str, ...]
    added: tuple[str, ...]
    dropped: tuple[str, ...]


def rebuild(old: Plan, profile: Profile) -> Rebuilt:
    """A new plan for `profile`, keeping done marks, dates and notes of every step it still has.

    The new plan keeps the old one's creation day, so its original schedule stays comparable.
    """
    fresh = build_plan(profile, today=old.created)
    kept_progress = {k: v for k, v in old.progress.items() if k in fresh.ids}
    return Rebuilt(
        plan=replace(with_progress(fresh, kept_progress), history=old.history),
        kept=tuple(k for k, v in kept_progress.items() if v.done_on is not None or v.note),
        added=tuple(i for i in fresh.ids if i not in old.ids),
        dropped=tuple(i for i in old.ids if i not in fresh.ids),
    )
