"""What `check`, `note` and `undo` do once their words are read (commands layer).

Each reads the plan under its lock, asks the core for the change, and saves the plan with what
it replaced, so that `cmaplan undo` can take it back.
"""

from __future__ import annotations

import re
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from cmaplan.commands.common import parse_date, today
from cmaplan.commands.context import Run
from cmaplan.commands.wording import as_options
from cmaplan.core.errors import NoTerminalError, UsageError

if TYPE_CHECKING:
    from cmaplan.core import tracking
    from cmaplan.core.model import Forecast, Plan

CONFIRM_ABOVE = 3  # marking more steps than this at once from the picker asks first


def check(
    run: Run,
    targets: list[str] | None,
    *,
    on: str | None = None,
    undo: bool = False,
    note: str | None = None,
    failed: bool = False,
) -> None:
    """Mark steps done or tick items (`cmaplan check`); no targets: pick from a list."""
    with run.errors():
        from cmaplan.core import tracking
        from cmaplan.storage import store

        path = run.plan_path()
        now = today()
        if failed:
            _record_failure(run, path, targets or [], on, undo, note, now)
            return
        if undo and on is not None:
            raise UsageError("--on and --undo do not go together: --undo reopens a step")
        day = parse_date(on, "--on") if on is not None else None
        if not targets:
            if on is not None or undo or note is not None:
                given = "--on" if on is not None else "--undo" if undo else "--note"
                raise UsageError(
                    f"{given} needs the steps it is for: `cmaplan check ID {given} ...`",
                    "`cmaplan timeline` lists the ids.",
                )
            _check_interactively(run, path, now)
            return
        with store.locked(path):
            plan = store.load_plan(run.files, path, today())
            chosen = [tracking.parse_target(plan, text) for text in targets]
            with as_options():  # a day refused is worded as the --on given
                outcome = tracking.record(plan, chosen, today=now, on=day, undo=undo, note=note)
            if undo:
                outcome = _undo_recorded(run, plan, outcome, now)
            result = store.save_change(run.files, path, plan, outcome.plan, outcome.summary, now)
        report(run, plan, outcome, now, result)
        _offer_to_close(run, path, outcome.complete, now)


def _undo_recorded(
    run: Run, before: Plan, outcome: tracking.Outcome, now: date
) -> tracking.Outcome:
    """A reopened step takes back what it recorded: the program chosen with it."""
    from cmaplan.core.reopening import drop_reopened_choice

    after, dropped = drop_reopened_choice(before, outcome.plan, today=now)
    if not dropped:
        return outcome
    line = (
        f"Your plan no longer uses {dropped}: it follows your answers again "
        "(`cmaplan program choose NAME` to choose one)."
    )
    return outcome._replace(
        plan=after,
        said=(*outcome.said, line),
        changes=(*outcome.changes, f"Dropped the choice of {dropped}."),
    )


def _record_failure(
    run: Run,
    path: Path,
    targets: list[str],
    on: str | None,
    undo: bool,
    note: str | None,
    now: date,
) -> None:
    """`cmaplan check exam --failed [--on DAY | --undo]`: a failed attempt, or its taking back."""
    from cmaplan.core import tracking
    from cmaplan.core.attempts import record_failure
    from cmaplan.core.knowledge import load_knowledge
    from cmaplan.storage import store

    exam = load_knowledge().roles.exam
    if targets != [exam] or note is not None or (undo and on is not None):
        raise UsageError(
            f"--failed records one exam attempt: `cmaplan check {exam} --failed --on DATE` "
            f"(or `--failed --undo` to take the latest back)"
        )
    day = parse_date(on, "--on") if on is not None else now
    with store.locked(path):
        plan = store.load_plan(run.files, path, today())
        after, said = record_failure(plan, day, now, undo=undo)
        if after is plan:
            run.say(said)
            return
        outcome = tracking.Outcome(after, (said,), (), (said,))
        result = store.save_change(run.files, path, plan, after, said, now)
    report(run, plan, outcome, now, result)


def note(run: Run, step_id: str, text: str) -> None:
    """Keep a note on a step (`cmaplan note`); "" clears it."""
    with run.errors():
        from cmaplan.core import tracking
        from cmaplan.storage import store

        path = run.plan_path()
        now = today()
        with store.locked(path):
            plan = store.load_plan(run.files, path, today())
            # A note belongs to a step: `note volunteer.1 TEXT` keeps it on volunteer.
            target = tracking.Target(tracking.parse_target(plan, step_id).step)
            outcome = tracking.record(plan, [target], today=now, note=text, mark_steps=False)
            store.save_change(run.files, path, plan, outcome.plan, outcome.summary, now)
        run.say(*(outcome.said or (f"{target.step} already has that note.",)))


def undo_change(run: Run) -> None:
    """Take back the latest change (`cmaplan undo`)."""
    with run.errors():
        from cmaplan.core import tracking
        from cmaplan.storage import store

        path = run.plan_path()
        now = today()
        with store.locked(path):
            plan = store.load_plan(run.files, path, today())
            reverted, what = tracking.undo(plan)
            if reverted.study != plan.study:  # the weeks ahead follow the scores taken back
                from cmaplan.core.studylog import replanned

                reverted = replanned(reverted, now)
            result = store.save_plan(run.files, path, reverted, now)
        run.say(f"Took back: {what}")
        run.say(_moved(plan, reverted, now, result))
        left = len(reverted.undo)
        if left:
            run.say(f"`cmaplan undo` again takes back the change before it ({left} more kept).")


def _moved(
    before: Plan,
    after: Plan,
    now: date,
    result: Forecast | None = None,
    was: Forecast | None = None,
) -> str:
    """How the finish moved, and the next step (`result`: the forecast of `after`, `was`: that
    of `before`, if worked out already)."""
    from cmaplan.core import drift
    from cmaplan.core import schedule as sched

    result = result or sched.forecast(after, now)
    was = was or sched.forecast(before, now)
    change = drift.Drift(was.finish.expected, result.finish.expected)
    label = after.finish_label
    renewed = result.credential.renewed_on if result.credential else None
    if drift.is_renewal_plan(after) and renewed is not None:
        assert result.credential is not None  # renewed on a day
        moved = f"{label}: renewed on {renewed}, current until {result.credential.expires}"
    elif drift.is_renewal_plan(after):  # the rules' deadline: it does not drift
        moved = f"{label}: expected {change.forecast}"
    elif label != before.finish_label:  # a finish of another kind: no drift between the two
        moved = f"{label}: {change.forecast}"
    elif not change.days:
        moved = f"{label}: {change.forecast} (unchanged)"
    else:
        moved = f"{label}: {change.planned} → {change.forecast} ({change.words})"
    late = drift.finish_late(after, result)
    if late:
        moved = f"{label}: not yet, {late}"  # as status says it, not today
    nxt = sched.next_open(result)
    if nxt is None:
        return f"{moved}. Every step is done. Congratulations!"
    return f"{moved}; next: {nxt.step.title} ({nxt.step.id}), {sched.due_words(nxt)}."


def report(
    run: Run, before: Plan, outcome: tracking.Outcome, now: date, result: Forecast | None = None
) -> None:
    """What changed, then one line: how the finish moved, and the next step; then each warning
    the change brought that the plan did not carry before (an application that opens a period
    with no allowed exam day says so when it is recorded, not only in `status`)."""
    from cmaplan.core import schedule as sched

    result = result or sched.forecast(outcome.plan, now)
    was = sched.forecast(before, now)
    run.say(*outcome.said)
    run.say(_moved(before, outcome.plan, now, result, was))
    run.say(*_new_warnings(was, result))


def _new_warnings(before: Forecast, after: Forecast) -> list[str]:
    """The warnings on open steps of `after` that no step of `before` carried, as lines: one
    whose only change is a day or an amount (the externship's forecast moved) is not new."""
    old = {_gist(text) for item in before.steps for text in item.warnings}
    return [
        f"Heads-up ({item.step.id}): {text}"
        for item in after.steps
        if item.is_open
        for text in item.warnings
        if _gist(text) not in old
    ]


def _gist(warning: str) -> str:
    """A warning without its figures: the same warning with other days or amounts."""
    return re.sub(r"[0-9]", "", warning)


def _is_interactive() -> bool:
    return bool(sys.stdin and sys.stdin.isatty() and sys.stdout and sys.stdout.isatty())


def _offer_to_close(run: Run, path: Path, steps: tuple[str, ...], now: date) -> None:
    """A step whose checklist is all ticked: ask to mark it done (or say how, off a terminal)."""
    if not steps:
        return
    if not _is_interactive():
        for step_id in steps:
            run.say(f"Every item of {step_id} is ticked; `cmaplan check {step_id}` closes it.")
        return
    from cmaplan.core import tracking
    from cmaplan.interview import asking
    from cmaplan.storage import store

    for step_id in steps:
        try:
            close = asking.confirm(f"Every item of {step_id} is ticked. Mark the step done?")
        except KeyboardInterrupt:  # the ticks are saved already: only this question is dropped
            run.say(f"Left {step_id} open; your ticks are saved.")
            return
        if not close:
            continue
        with store.locked(path):
            plan = store.load_plan(run.files, path, today())
            outcome = tracking.record(plan, [tracking.Target(step_id)], today=now)
            result = store.save_change(run.files, path, plan, outcome.plan, outcome.summary, now)
        report(run, plan, outcome, now, result)


def _check_interactively(run: Run, path: Path, now: date) -> None:
    """`cmaplan check` alone: tick steps and items in a list (a terminal is needed)."""
    from cmaplan.core import schedule, tracking
    from cmaplan.storage import store

    plan = store.load_plan(run.files, path, today())  # no plan: say so before asking for a terminal
    if not _is_interactive():
        nxt = schedule.next_open(schedule.forecast(plan, now))
        example = nxt.step.id if nxt else plan.ids[0]
        raise NoTerminalError(
            f"say which step to mark, for example `cmaplan check {example}`",
            "`cmaplan timeline` lists the ids.",
        )
    from cmaplan.interview import asking

    entries = tracking.picker_entries(schedule.forecast(plan, now))
    if not entries:
        run.say("Every step is done. Congratulations!")
        return
    chosen = set(asking.pick(entries))
    steps = [e for e in entries if e.value in chosen and not e.checked and "." not in e.value]
    if len(steps) > CONFIRM_ABOVE:
        run.say(f"You ticked {len(steps)} whole steps:", *(f"  {e.label.strip()}" for e in steps))
        if not asking.confirm(f"Mark all {len(steps)} steps done?", default=False):
            run.say("Nothing changed.")
            return
    with store.locked(path):
        fresh = store.load_plan(run.files, path, today())
        ticks, unticks = tracking.picked_changes(fresh, entries, chosen)
        outcome = tracking.record(fresh, ticks, today=now)
        if unticks:
            undone = tracking.record(outcome.plan, unticks, today=now, undo=True)
            outcome = tracking.combine(outcome, undone)
        result = store.save_change(run.files, path, fresh, outcome.plan, outcome.summary, now)
    if not outcome.said:
        run.say("Nothing changed.")
        return
    report(run, fresh, outcome, now, result)
    _offer_to_close(run, path, outcome.complete, now)
