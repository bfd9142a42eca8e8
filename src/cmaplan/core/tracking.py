"""Recording progress: done marks, checklist ticks, notes and the plan's history (core layer).

Pure functions over a Plan: the CLI reads the plan, calls `record`, and saves what comes back.
Every change is also written to the plan's history, so a mistaken check can be found and undone.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import NamedTuple

from cmaplan.core.actions import meaning, recorded
from cmaplan.core.attempts import check_application_day, check_exam_day
from cmaplan.core.errors import FieldError, UsageError
from cmaplan.core.fields import door_length, stored_words
from cmaplan.core.held import credential_start
from cmaplan.core.jobday import job_day_words
from cmaplan.core.knowledge import Knowledge, load_knowledge
from cmaplan.core.model import (
    HISTORY_KEEP,
    MAX_NOTE,
    Change,
    Forecast,
    Plan,
    Profile,
    Progress,
    Snapshot,
    Status,
    with_changes,
)
from cmaplan.core.naming import Target as Target  # `check` and `show` read them here
from cmaplan.core.naming import parse_target as parse_target
from cmaplan.core.planner import finish_step, remake, with_progress
from cmaplan.core.renewal import check_renewal
from cmaplan.core.schedule import due_words, next_actions


def check_done_date(day: date, today: date) -> None:
    """Refuse a done date in the future, with the reason.

    Any past day is fine: people record work they did before they made the plan.
    """
    if day > today:
        raise FieldError("on", day, "ahead", f"{today} or earlier", detail=today)


class Outcome(NamedTuple):
    """The changed plan, what to tell the person, and steps whose checklists are now complete.

    `changes` are the lines of `said` that describe a change (for `undo` to name it).
    """

    plan: Plan
    said: tuple[str, ...]
    complete: tuple[str, ...]
    changes: tuple[str, ...] = ()

    @property
    def summary(self) -> str:
        return " ".join(self.changes)


def combine(first: Outcome, second: Outcome) -> Outcome:
    """Two outcomes applied one after the other, as one change."""
    return Outcome(
        second.plan,
        first.said + second.said,
        first.complete,
        first.changes + second.changes,
    )


def parse_phases(names: Sequence[str], kb: Knowledge | None = None) -> list[str]:
    """Phase names as typed: a key ("prepare") or the heading people see ("Get ready"), in any
    case; an unknown one is one sentence listing the phases."""
    kb = kb or load_knowledge()
    by_word = {key: key for key in kb.phases} | {v.lower(): k for k, v in kb.phases.items()}
    out: list[str] = []
    for name in names:
        key = by_word.get(" ".join(name.lower().split()))
        if key is None:
            listed = ", ".join(f'{k} ("{v}")' for k, v in kb.phases.items())
            raise UsageError(f'there is no phase "{name}"; the phases are {listed}')
        out.append(key)
    return out


def record(
    plan: Plan,
    targets: Sequence[Target],
    *,
    today: date,
    on: date | None = None,
    undo: bool = False,
    note: str | None = None,
    mark_steps: bool = True,
) -> Outcome:
    """Apply one `check` (or `note`) command to the plan.

    Steps are marked done on `on` (default today) or reopened with `undo`; items are ticked or
    unticked. `note` replaces the note of each step named (an empty note clears it). With
    `mark_steps` False only the note changes.
    """
    day = on or today
    if not undo and mark_steps:
        check_done_date(day, today)
    if note is not None:
        note = note.strip()  # a note of spaces is no note: it clears
    if note is not None and len(note) > MAX_NOTE:
        raise UsageError(
            f"the note is {len(note):,} characters long; keep it to {MAX_NOTE:,}",
            "Keep longer documents in a file and note where it is.",
        )
    if note is not None and door_length(note) > MAX_NOTE:
        raise UsageError(stored_words("the note", door_length(note), MAX_NOTE))
    progress = dict(plan.progress)
    history = list(plan.history)
    renewals = list(plan.renewals)
    said: list[str] = []
    changes: list[str] = []
    touched: list[str] = []
    cleared: list[str] = []

    def changed(entry: Change, line: str) -> None:
        history.append(entry)
        said.append(line)
        changes.append(line)

    for target in dict.fromkeys(targets):
        current = progress.get(target.step, Progress())
        if target.item is not None:
            ticked = set(current.ticked)
            if undo:
                ticked.discard(target.item)
            else:
                ticked.add(target.item)
            if ticked != set(current.ticked):
                changed(
                    Change(
                        today, target.step, recorded("ticked", undo=undo), f"item {target.item}"
                    ),
                    f"{'Unticked' if undo else 'Ticked'} {target}.",
                )
            else:
                said.append(f"{target} was already {'unticked' if undo else 'ticked'}.")
            current = current._replace(ticked=frozenset(ticked))
            touched.append(target.step)
        elif mark_steps and plan.step(target.step).duration.is_deadline:
            # Recertifying does not finish the step: it starts the credential's next period.
            line = _renew(plan, renewals, day, undo=undo, given=on is not None)
            if line.startswith(("Recorded", "Took back")):
                action = recorded("renewed", undo=undo)
                changed(Change(today, target.step, action, day.isoformat()), line)
            else:
                said.append(line)
        elif mark_steps and undo:
            if current.done_on is None:
                said.append(f"{target} was not done.")
            else:
                changed(
                    Change(
                        today,
                        target.step,
                        recorded("done", undo=True),
                        f"was done {current.done_on}",
                    ),
                    f"Reopened {target}.",
                )
                current = current._replace(done_on=None)
        elif mark_steps:
            if current.done_on is not None and on is None:
                said.append(f"{target} was already done on {current.done_on}.")
            elif current.done_on != day:
                changed(
                    Change(today, target.step, "done", day.isoformat()),
                    f"Marked {target} done on {day}.",
                )
                current = current._replace(done_on=day)
                said.extend(_open_before(plan, progress, target.step))
        if note is not None and target.item is None and note != current.note:
            # The history says that a note changed, never what it says.
            changed(
                Change(today, target.step, "note", "changed" if note else "cleared"),
                f"{'Saved the note on' if note else 'Cleared the note of'} {target}.",
            )
            if not note:
                cleared.append(target.step)
            current = current._replace(note=note)
        progress[target.step] = current
    result = with_progress(plan, progress)
    exam = load_knowledge().roles.exam
    passed = result.progress.get(exam, Progress()).done_on
    if passed is not None and passed != plan.progress.get(exam, Progress()).done_on:
        check_exam_day(result, passed, today)  # with the rest of this check (graduate) done
    kb = load_knowledge()
    applied = result.progress.get(kb.roles.exam_application, Progress()).done_on
    if (
        applied is not None
        and applied != plan.progress.get(kb.roles.exam_application, Progress()).done_on
    ):
        check_application_day(result, applied, today, kb)
    job = finish_step(result, kb)
    hired = result.progress.get(job, Progress()).done_on
    if hired is not None and hired != plan.progress.get(job, Progress()).done_on:
        said.extend(w for w in [job_day_words(result, hired, today, kb)] if w)
    result = result._replace(history=tuple(history[-HISTORY_KEEP:]), renewals=tuple(renewals))
    if cleared:
        result = forget_notes(result, cleared)
    complete = tuple(
        step_id
        for step_id in dict.fromkeys(touched)
        if not undo and _all_ticked(result, step_id) and result.progress[step_id].done_on is None
    )
    return Outcome(result, tuple(said), complete, tuple(changes))


MAX_RENEWALS = 40


def _renew(plan: Plan, renewals: list[date], day: date, *, undo: bool, given: bool) -> str:
    """Record (or, with undo, take back) a recertification in `renewals`; what to say."""
    if undo:
        if not renewals:
            return "No recertification is recorded to take back."
        gone = renewals.pop()
        return f"Took back the recertification of {gone}."
    exam = credential_start(plan)
    if exam is None:
        raise UsageError(
            "recertifying needs the credential first: mark the exam done",
            "`cmaplan check exam --on DATE` records the day you passed.",
        )
    last = renewals[-1] if renewals else exam
    if day <= last:
        raise FieldError(
            "on", day, "order", f"after {last}", other="the current period's start", detail=last
        )
    check_renewal(plan._replace(renewals=tuple(renewals)), day)
    if len(renewals) >= MAX_RENEWALS:  # two centuries of five-year periods: no one's life
        raise UsageError(f"the plan keeps at most {MAX_RENEWALS} recertifications")
    renewals.append(day)
    return f"Recorded your recertification on {day}: a new period of the credential starts."


def _all_ticked(plan: Plan, step_id: str) -> bool:
    count = plan.step(step_id).checklist_size
    ticked = plan.progress.get(step_id, Progress()).ticked
    return count > 0 and ticked >= set(range(1, count + 1))


def _open_before(plan: Plan, progress: dict[str, Progress], step_id: str) -> Iterable[str]:
    waiting = [a for a in plan.step(step_id).after if progress.get(a, Progress()).done_on is None]
    if waiting:
        yield (
            f"Note: {step_id} usually comes after {', '.join(waiting)}, "
            "not done yet; that is fine if you did things in another order."
        )


class Entry(NamedTuple):
    """One line of the `cmaplan check` picker: a step, or one of its checklist items."""

    value: str  # "externship" or "choose-program.2"
    label: str
    checked: bool = False


def picker_entries(result: Forecast) -> list[Entry]:
    """The open steps, most urgent first, each followed by its checklist items."""
    marks = {Status.OVERDUE: "!", Status.IN_PROGRESS: "▶", Status.UPCOMING: "·"}
    entries: list[Entry] = []
    for item in next_actions(result, count=len(result.steps)):
        entries.append(
            Entry(
                item.step.id,
                f"{marks[item.status]} {item.step.title} ({item.step.id}), {due_words(item)}",
            )
        )
        for number, text in enumerate(item.step.checklist, 1):
            entries.append(
                Entry(
                    f"{item.step.id}.{number}",
                    f"    {number}. {text}",
                    number in item.progress.ticked,
                )
            )
    return entries


def picked_changes(
    plan: Plan, entries: Sequence[Entry], chosen: set[str]
) -> tuple[list[Target], list[Target]]:
    """What the picker's result means: (steps and items to mark, items to untick)."""
    marks = [parse_target(plan, e.value) for e in entries if e.value in chosen and not e.checked]
    unmarks = [parse_target(plan, e.value) for e in entries if e.checked and e.value not in chosen]
    return marks, unmarks


# --- undo ---------------------------------------------------------------------------------------

UNDO_KEEP = 20  # the newest changes that `cmaplan undo` can take back


def answers_now(plan: Plan) -> Profile:
    """The plan's answers as its progress has made them true: a diploma step marked done means
    the person now has their diploma (so a new interview does not ask for it again, nor offer
    the day it was expected, which has passed)."""
    profile = plan.profile
    done = plan.progress.get(load_knowledge().roles.diploma)
    if not profile.diploma and done is not None and done.done_on is not None:
        profile = profile._replace(diploma=True, diploma_by=None)
    return profile


def remember(before: Plan, after: Plan, said: str, today: date) -> Plan:
    """`after`, keeping what `before` had so that `undo` can take the change back.

    A note that `after` cleared is not kept: clearing a note removes its text everywhere.
    """
    kept = dict(before.progress)
    for step_id, progress in before.progress.items():
        cleared = step_id in after.ids and not after.progress.get(step_id, Progress()).note
        if progress.note and cleared:
            kept[step_id] = progress._replace(note="")
    snapshot = Snapshot(
        today,
        said,
        before.profile,
        kept,
        _added(before.history, after.history),
        before.renewals,
        before.ceus,
        before.candidates,
        before.costs,
        before.study,
    )
    return after._replace(undo=(*after.undo, snapshot)[-UNDO_KEEP:])


def forget_notes(plan: Plan, step_ids: Sequence[str]) -> Plan:
    """The plan with every kept copy of these steps' notes gone: from the undo stack, and from
    history entries that older versions of cmaplan wrote with a note's text."""
    gone = set(step_ids)
    undo = tuple(
        s._replace(
            progress={k: v._replace(note="") if k in gone else v for k, v in s.progress.items()},
        )
        for s in plan.undo
    )
    history = tuple(
        c._replace(detail="changed")
        if c.step in gone and meaning(c.action).private and c.detail not in ("changed", "cleared")
        else c
        for c in plan.history
    )
    return plan._replace(undo=undo, history=history)


def _added(before: Sequence[Change], after: Sequence[Change]) -> int:
    """How many entries at the end of `after` are new (the oldest may have been trimmed)."""
    for added in range(len(after) + 1):
        kept = list(after[: len(after) - added])
        if not kept or kept == list(before[-len(kept) :]):
            return added
    return len(after)


def new_answers(old: Plan, new: Plan, today: date) -> Plan:
    """`new` (made from changed answers) with the change in its history, ready to remember."""
    if new.profile == old.profile:
        return new
    return with_changes(new, Change(today, "", "answers", "changed with cmaplan init"))


def undo(plan: Plan) -> tuple[Plan, str]:
    """The plan as it was before its latest remembered change, and what that change was.

    Its history entries go too, so a second undo takes back the change before it.
    """
    if not plan.undo:
        raise UsageError(
            "there is nothing to take back",
            "`cmaplan status --history` lists the changes; "
            "`cmaplan check ID --undo` reopens a step.",
        )
    last = plan.undo[-1]
    restored = remake(
        plan,
        last.profile,
        last.candidates,
        last.progress,
        history=plan.history[: len(plan.history) - last.history_added],
        undo=plan.undo[:-1],
        renewals=last.renewals,
        ceus=last.ceus,
        costs=last.costs,
        study=last.study,
    )
    return restored, last.said
