"""What a written export of the plan says, independent of its format (views layer: pure).

The markdown document and the html page both render this outline, so they never disagree.
"""

from __future__ import annotations

from datetime import date
from typing import NamedTuple

from cmaplan.core.costs import Costs, costs_of, payment_words
from cmaplan.core.drift import Drift
from cmaplan.core.eligibility import phase_titles
from cmaplan.core.knowledge import Knowledge, load_knowledge
from cmaplan.core.model import Forecast, Plan, ScheduledStep, Status, Window
from cmaplan.core.money import span_text
from cmaplan.core.plaintext import plural
from cmaplan.core.planner import finish_step
from cmaplan.core.schedule import due_words
from cmaplan.views.daily import daily_view

STATUS_WORDS = {
    Status.DONE: "done",
    Status.IN_PROGRESS: "under way",
    Status.OVERDUE: "overdue",
    Status.UPCOMING: "planned",
    Status.CLOSED: "closed: no attempt left",
    Status.NOT_NEEDED: "no longer needed",
}


class Item(NamedTuple):
    """One checklist item and whether it is ticked."""

    text: str
    ticked: bool


class StepOutline(NamedTuple):
    id: str
    title: str
    status: Status
    done: bool
    when: str  # "done on 2027-01-20", "due 2027-03-01", "due 2027-03-01, 9 days late"
    start: date
    due: date
    why: tuple[str, ...]
    checklist: tuple[Item, ...]
    note: str
    warnings: tuple[str, ...]


class PhaseOutline(NamedTuple):
    title: str
    steps: tuple[StepOutline, ...]


class CostRow(NamedTuple):
    """One line of what the route costs, in words."""

    due: str
    what: str
    amount: str
    note: str


class Outline(NamedTuple):
    title: str  # "Amina's plan to the CMA (AAMA)"
    who: str  # "certificate program, full-time"
    today: date
    progress: str  # "4 of 21 steps done (19%)"
    finish: str  # "First CMA job: expected 2028-07-17 (between 2028-02-12 and 2028-12-20)"
    goal: str  # the same for the goal beyond the first job; "" without one
    notes: tuple[str, ...]
    credential: str  # "" before the exam; "The credential expires on 2033-05-31 ..."
    phases: tuple[PhaseOutline, ...]
    sources: tuple[str, ...]
    costs: tuple[CostRow, ...] = ()
    money: tuple[str, ...] = ()  # the totals and the next payment, in sentences
    funding: tuple[str, ...] = ()  # the ways to pay that fit, each with what to check
    study: tuple[str, ...] = ()  # the study plan's weeks, each in a line (core/studyplan.py)


def step_outline(item: ScheduledStep) -> StepOutline:
    step = item.step
    if item.progress.done_on is not None:
        when = f"done on {item.progress.done_on}"
    else:
        when = due_words(item)
    checklist = tuple(
        Item(text, item.progress.has_ticked(number))
        for number, text in enumerate(step.checklist, 1)
    )
    return StepOutline(
        id=step.id,
        title=step.title,
        status=item.status,
        done=item.is_done,
        when=when,
        start=item.start,
        due=item.progress.done_on or item.late_since or item.due,
        why=step.why,
        checklist=checklist,
        note=item.progress.note,
        warnings=item.warnings,
    )


def _reaching(label: str, window: Window, reached: date | None, moved: Drift) -> str:
    """ "First CMA job: expected 2028-10-16 (between ... and ...); first planned for 2028-07-17,
    91 days later" — or "reached on" once it is done."""
    if reached is not None:
        return f"{label}: reached on {reached}"
    text = f"{label}: expected {window.expected}"
    if window.earliest != window.latest:
        text += f" (between {window.earliest} and {window.latest})"
    if moved.days:
        text += f"; first planned for {moved.planned}, {moved.words}"
    return text


def outline(plan: Plan, result: Forecast, kb: Knowledge | None = None) -> Outline:
    """The plan as forecast, for a document."""
    kb = kb or load_knowledge()
    view = daily_view(plan, result, kb)
    title = f"{view.name}'s plan" if view.name else "Your plan"
    reached = result.get(finish_step(plan, kb)).progress.done_on
    finish_text = _reaching(plan.finish_label, result.finish, reached, view.drift)
    renewed = view.credential.renewed_on if view.credential and view.renews else None
    if reached is None and renewed is not None and view.credential is not None:  # as status
        finish_text = (
            f"{plan.finish_label}: renewed on {renewed}; the new expiry is "
            f"{view.credential.expires}"
        )
    goal_text = ""
    if view.goal is not None and view.goal_drift is not None:
        goal = view.goal
        goal_text = _reaching(goal.step.title, goal.window, goal.progress.done_on, view.goal_drift)
    credential = ""
    if result.credential is not None:
        from cmaplan.core.held import credential_words

        credential = credential_words(result.credential, result.today, kb)
    phases = []
    for phase, phase_title in phase_titles(plan.profile, plan.candidates, kb).items():
        rows = [s for s in result.steps if s.step.phase == phase]
        rows.sort(key=lambda s: (s.progress.done_on or s.late_since or s.due, s.start))
        if rows:
            phases.append(PhaseOutline(phase_title, tuple(step_outline(s) for s in rows)))
    cited = dict.fromkeys(source for s in result.steps for source in s.step.sources)
    money = costs_of(plan, result)  # in the document's order: by the day each is due
    cited.update(dict.fromkeys(source for way in money.funding for source in way.sources))
    return Outline(
        title=f"{title} to the CMA (AAMA)",
        who=view.program,
        today=result.today,
        progress=f"{view.done} of {view.total} steps done ({view.percent}%)",
        finish=finish_text,
        goal=goal_text,
        notes=view.notes,
        credential=credential,
        phases=tuple(phases),
        sources=tuple(kb.sources[s].cite() for s in cited),
        costs=tuple(
            CostRow(
                str(line.due) if line.due else "no day",
                line.what + (" (money coming in)" if line.kind == "aid" else ""),
                line.amount,
                line.note,
            )
            for line in money.lines
        ),
        money=_money_words(money),
        funding=tuple(
            f"{way.name}: {way.check}" + (f" {way.note}" if way.note else "")
            for way in money.funding
        ),
        study=_study_lines(plan, result, kb),
    )


def _study_lines(plan: Plan, result: Forecast, kb: Knowledge) -> tuple[str, ...]:
    """The study plan's weeks, each in a line ("Week 3, from 2028-04-06: General: ..."), then
    the practice scores and how ready they say the person is."""
    from cmaplan.core.readiness import readiness
    from cmaplan.core.studylog import score_words
    from cmaplan.core.studyplan import study_plan
    from cmaplan.core.studywords import shared_words, week_words

    study = study_plan(plan, result, kb)
    if study is None:
        return ()
    lines = [
        f"Week {w.number}, from {w.starts}: {week_words(w, study)}{shared_words(study, w)}"
        for w in study.weeks
    ]
    lines += [f"Practice score of {s.on}: {score_words(s)}" for s in plan.study.scores]
    return (*lines, readiness(plan.study, kb).words)


def _money_words(money: Costs) -> tuple[str, ...]:
    if not money.lines:
        return ()
    words = [f"Known costs: {span_text(*money.total())} in US dollars"]
    aid = money.total("aid")
    if aid[1]:
        words[0] += f", with {span_text(*aid)} coming in"
    if money.unknown:
        words.append(
            f"{plural(len(money.unknown), 'line')} without an amount yet (—): the total is "
            "more than this until you fill them in."
        )
    paying = payment_words(money)
    if paying:
        words.append(paying.split(" · ")[0] + ".")
    return tuple(words)
