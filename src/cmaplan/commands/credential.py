"""Keeping the credential (commands layer): `cmaplan ceu` (the continuing-education log: its
summary, add, list, remove, import) and `cmaplan recertify --by`."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from cmaplan.commands.common import echo, parse_date, show, today
from cmaplan.commands.context import Run
from cmaplan.commands.wording import as_options, in_csv
from cmaplan.core.errors import FieldError, UsageError
from cmaplan.core.plaintext import plural, visible
from cmaplan.storage.guard import shown


def ceu_summary(run: Run, json_out: bool = False) -> None:
    """The period's CEUs: points per area, approved or not, what is missing, the deadline."""
    with run.errors():
        from cmaplan.core import ceu as rule
        from cmaplan.core import schedule
        from cmaplan.storage import store

        plan = store.load_plan(run.files, run.plan_path(), today())
        result = schedule.forecast(plan, today())
        tally = rule.tally(plan, result)
        if tally is None:
            from cmaplan.core.eligibility import rules as eligibility_rules

            used = eligibility_rules().used_step
            if used in plan.ids:  # every attempt used: no credential to log units for
                raise UsageError(
                    "the CEU log is for a CMA (AAMA) you hold, and no exam attempt is left in "
                    f"this plan: `cmaplan show {used}` lists what remains"
                )
            raise UsageError(
                "the CEU log starts once you hold the credential: mark the exam done first",
                "`cmaplan check exam --on DATE` records the day you passed.",
            )
        from cmaplan.core.renewal import renewal_by_exam, renewal_lines

        renewal = renewal_by_exam(result.credential, plan.profile, result.today)
        if json_out:
            from cmaplan.views.jsonview import tally_to_json

            echo(json.dumps(tally_to_json(tally, result.today, renewal), indent=2))
            return
        from cmaplan.views.render_ceu import tally_view

        lines = renewal_lines(renewal, result.today) if renewal is not None else ()
        show(tally_view(tally, result.today, lines))


def ceu_add(
    run: Run,
    area: str,
    points: float,
    title: str,
    on: str | None = None,
    provider: str | None = None,
    approved: bool | None = None,
    proof: Path | None = None,
) -> None:
    """Record a continuing-education activity."""
    with run.errors():
        from cmaplan.core import ceu as rule
        from cmaplan.core import schedule
        from cmaplan.core.ceu import parse_area
        from cmaplan.core.model import Ceu
        from cmaplan.storage import store
        from cmaplan.storage.paths import user_path

        path = run.plan_path()
        now = today()
        proof = user_path(proof) if proof is not None else None
        if proof is not None and not proof.is_file():
            raise UsageError(f"--proof {proof} is not a file; give where the certificate is kept")
        entry = Ceu(
            on=parse_date(on, "--on") if on is not None else now,
            area=parse_area(area),
            points=points,
            title=title.strip(),
            provider=(provider or "").strip(),
            approved=rule.by_provider(provider or "") if approved is None else approved,
            proof=str(proof.resolve()) if proof else "",
        )
        with store.locked(path):
            plan = store.load_plan(run.files, path, today())
            with as_options():
                rule.check_entry(entry, plan, schedule.forecast(plan, now))
            after = rule.add_entries(plan, [entry], now)
            amount = plural(entry.points, f"{entry.area.value} point")
            said = f"Added {amount}: {visible(entry.title)}."  # a line break shows as ␊
            store.save_change(run.files, path, plan, after, said, now)
        run.say(said)
        if approved is None and entry.provider:
            from cmaplan.core.knowledge import load_knowledge

            total, _, approved_min = rule.requirement(load_knowledge())
            run.say(
                "Counted as AAMA-approved (its provider is the AAMA); add --not-approved if its "
                "certificate does not say so."
                if entry.approved
                else f"Counted as not AAMA-approved: at most {total - approved_min:g} such points "
                "count. If its certificate says AAMA-approved, remove it and add it again with "
                "--approved."
            )
        _summary_line(run, path, now)


def ceu_list(run: Run) -> None:
    """Every CEU recorded, numbered (for `cmaplan ceu remove N`), by period."""
    with run.errors():
        from cmaplan.core import schedule
        from cmaplan.storage import store
        from cmaplan.views.render_ceu import log_view

        plan = store.load_plan(run.files, run.plan_path(), today())
        show(log_view(plan, schedule.forecast(plan, today())))


def ceu_remove(run: Run, number: int) -> None:
    """Delete one CEU (recorded in the history; `cmaplan undo` brings it back)."""
    with run.errors():
        from cmaplan.core import ceu as rule
        from cmaplan.storage import store

        path = run.plan_path()
        now = today()
        with store.locked(path):
            plan = store.load_plan(run.files, path, today())
            after, gone = rule.remove_entry(plan, number, now)
            amount = plural(gone.points, f"{gone.area.value} point")
            said = f"Removed CEU {number}: {amount}, {gone.title}."
            store.save_change(run.files, path, plan, after, said, now)
        run.say(said)


def ceu_import(run: Run, file: Path) -> None:
    """Add CEUs from a CSV file: date, area, points, title, provider, approved. All or nothing."""
    with run.errors():
        from cmaplan.core import ceu as rule
        from cmaplan.core import schedule
        from cmaplan.storage import store

        path = run.plan_path()
        now = today()
        from cmaplan.storage.paths import user_path

        text = store.read_text(user_path(file), what="CSV")
        with store.locked(path):
            plan = store.load_plan(run.files, path, today())
            try:
                entries = rule.read_csv(text, plan, schedule.forecast(plan, now))
            except FieldError as error:
                raise in_csv(error) from None
            entries, known = rule.new_entries(plan, entries)
            already = f"; {plural(known, 'was', 'were')} already in your log" if known else ""
            if not entries:
                run.say(f"Every CEU in {shown(file)} is already in your log; nothing was added.")
                return
            after = rule.add_entries(plan, entries, now)
            said = f"Imported {plural(len(entries), 'CEU')} from {file}{already}."
            store.save_change(run.files, path, plan, after, said, now)
        run.say(said)
        _summary_line(run, path, now)


def recertify(run: Run, by: str) -> None:
    """Choose how you will renew the credential: continuing education (ce) or the exam."""
    with run.errors():
        from cmaplan.core import planner, schedule, tracking
        from cmaplan.core.knowledge import load_knowledge
        from cmaplan.core.model import RecertRoute
        from cmaplan.storage import store

        route = by.strip().lower()
        if route not in {r.value for r in RecertRoute}:
            raise UsageError(f'--by "{by}" is not a route: give ce or exam')
        path = run.plan_path()
        now = today()
        with store.locked(path):
            plan = store.load_plan(run.files, path, today())
            if plan.profile.recertify_by.value == route:
                run.say(f"You already plan to renew by {route}.")
                return
            profile = plan.profile._replace(recertify_by=RecertRoute(route))
            after = tracking.new_answers(plan, planner.rebuild(plan, profile).plan, now)
            store.save_change(
                run.files, path, plan, after, f"the route to recertify ({route}).", now
            )
        step = load_knowledge().roles.recertification
        if step not in after.ids:  # a route that does not reach the exam: nothing to renew yet
            run.say(
                f"You will renew by {route}, once the plan reaches the exam and the credential."
            )
            return
        item = schedule.forecast(after, now).get(step)
        late = f", {schedule.late_words(item.days_late)} late" if item.late_since else ""
        run.say(f"You will renew by {route}: the recertify step is now due {item.due_day}{late}.")


def _summary_line(run: Run, path: Path, now: date) -> None:
    from cmaplan.core import ceu as rule
    from cmaplan.core import schedule
    from cmaplan.storage import store

    plan = store.load_plan(run.files, path, today())
    tally = rule.tally(plan, schedule.forecast(plan, now))
    if tally is None:
        return
    if tally.requirement_met:
        apply_by = tally.period.apply_by
        run.say(
            f"The requirement is met: {plural(tally.total, 'point')} count. Apply by {apply_by}."
        )
    else:
        counted = plural(tally.total, "point")
        verb = "counts" if tally.total == 1 else "count"
        run.say(f"{counted} {verb} so far; still needed: {rule.missing_words(tally)}.")
