"""The months before the exam (commands layer): `cmaplan study` and `study score|remove|target|
calendar`. Each change is a transaction: lock, load, change, save with what undo needs."""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING

from cmaplan.commands.common import echo, parse_date, show, today
from cmaplan.commands.context import Run
from cmaplan.core.errors import UsageError

if TYPE_CHECKING:
    from collections.abc import Callable
    from datetime import date

    from cmaplan.core.model import Plan

_PERCENT = re.compile(r"\s*([0-9]{1,3})\s*%?\s*")


def study_show(run: Run, json_out: bool = False) -> None:
    """The study plan week by week, your scores and how ready they say you are."""
    with run.errors():
        from cmaplan.core import schedule
        from cmaplan.core.knowledge import load_knowledge
        from cmaplan.core.readiness import readiness
        from cmaplan.core.studyplan import study_plan
        from cmaplan.storage import store

        now = today()
        plan = store.load_plan(run.files, run.plan_path(), now)
        kb = load_knowledge()
        result = schedule.forecast(plan, now)
        weeks = study_plan(plan, result, kb)
        ready = readiness(plan.study, kb)
        if json_out:
            from cmaplan.views.studyjson import study_json

            echo(json.dumps(study_json(plan, weeks, ready, now), indent=2))
            return
        from cmaplan.views.render_study import study_view

        show(study_view(plan, result, weeks, kb))
        if weeks is None:
            return
        run.say(ready.words)
        run.say(
            "Record a test: `cmaplan study score 72 --clinical 68 --source aama`; set your "
            f"target (now {ready.target}%): `cmaplan study target PERCENT`."
        )


def parse_percent(text: str | None, what: str, low: int = 0) -> int | None:
    """A whole percent typed as 72 or 72%; None when not given; else one sentence."""
    if text is None:
        return None
    found = _PERCENT.fullmatch(text)
    if found is None or int(found.group(1)) > 100:
        raise UsageError(f'{what} "{_shown(text)}" is not a whole percent from {low} to 100')
    if int(found.group(1)) < low:
        raise UsageError(f"{what} must be a whole percent from {low} to 100, not {found.group(1)}")
    return int(found.group(1))


def _shown(text: str) -> str:
    """What a person typed, as a message shows it: visible, and cut when long."""
    from cmaplan.core.plaintext import visible

    return visible(text) if len(text) <= 40 else visible(text[:40]) + "…"


def study_score(
    run: Run,
    overall: str | None = None,
    general: str | None = None,
    administrative: str | None = None,
    clinical: str | None = None,
    on: str | None = None,
    source: str | None = None,
) -> None:
    """Record a practice test."""
    with run.errors():
        from cmaplan.core.practice import SCORE_SOURCES, Score
        from cmaplan.core.studylog import add_score, score_words

        now = today()
        kind = "other" if source is None else source.strip().lower()
        if kind not in SCORE_SOURCES:
            raise UsageError(
                f'--source must be one of {", ".join(SCORE_SOURCES)}, not "{_shown(source or "")}"'
            )
        score = Score(
            parse_date(on, "--on") if on is not None else now,
            kind,
            parse_percent(overall, "PERCENT"),
            parse_percent(general, "--general"),
            parse_percent(administrative, "--administrative"),
            parse_percent(clinical, "--clinical"),
        )
        said = f"Recorded a practice score of {score.on}: {score_words(score)}."
        after = _change(run, now, lambda plan: (add_score(plan, score, now), said))
        run.say(said)
        _after_change(run, after)


def study_remove(run: Run, number: int) -> None:
    """Remove a practice score."""
    with run.errors():
        from cmaplan.core.studylog import remove_score, score_words

        now = today()

        def removed(plan: Plan) -> tuple[Plan, str]:
            after, gone = remove_score(plan, number, now)
            return after, f"Removed practice score {number} ({gone.on}: {score_words(gone)})."

        _change(run, now, removed, say=True)
        run.say("`cmaplan undo` brings it back.")


def study_target(run: Run, percent: str) -> None:
    """Set the practice percent you aim for."""
    with run.errors():
        from cmaplan.core.studylog import set_target

        value = parse_percent(percent, "PERCENT", low=1)
        assert value is not None  # a required argument
        now = today()
        said = f"Your practice target is now {value}%."
        after = _change(run, now, lambda plan: (set_target(plan, value, now), said), say=True)
        _after_change(run, after)


def study_calendar(run: Run, state: str) -> None:
    """Put the study weeks into the exported calendar, or take them out."""
    with run.errors():
        from cmaplan.core.studylog import set_calendar
        from cmaplan.storage import store

        word = state.strip().lower()
        if word not in ("on", "off"):
            raise UsageError(f'give on or off, not "{_shown(state)}"')
        now = today()
        path = run.plan_path()
        with store.locked(path):
            plan = store.load_plan(run.files, path, now)
            if plan.study.calendar == (word == "on"):
                where = "already in" if word == "on" else "already left out of"
                run.say(f"Your study weeks are {where} `cmaplan export ics`.")
                return
            after = set_calendar(plan, word == "on", now)
            store.save_change(
                run.files, path, plan, after, f"Study weeks in the calendar: {word}.", now
            )
        if word == "on":
            run.say("Your study weeks go into `cmaplan export ics` from now on, one event a week.")
        else:
            run.say("Your study weeks are left out of `cmaplan export ics` from now on.")


def _change(
    run: Run, now: date, change: Callable[[Plan], tuple[Plan, str]], *, say: bool = False
) -> Plan:
    """One change as a transaction: lock, load, change, save with what undo needs; the plan
    after it (and, with `say`, what it was, said)."""
    from cmaplan.storage import store

    path = run.plan_path()
    with store.locked(path):
        plan = store.load_plan(run.files, path, now)
        after, said = change(plan)
        store.save_change(run.files, path, plan, after, said, now)
    if say:
        run.say(said)
    return after


def _after_change(run: Run, plan: Plan) -> None:
    """After a score or a target: how ready the scores now say you are, in one line (while
    there is an exam ahead to be ready for)."""
    from cmaplan.core.knowledge import load_knowledge
    from cmaplan.core.model import Progress
    from cmaplan.core.readiness import readiness

    kb = load_knowledge()
    exam = kb.roles.exam
    if exam in plan.ids and plan.progress.get(exam, Progress()).done_on is None:
        run.say(readiness(plan.study, kb).words)
