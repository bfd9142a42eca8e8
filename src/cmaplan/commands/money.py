"""What the route costs (commands layer): `cmaplan costs` and `costs add|set|edit|remove`."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from cmaplan.commands.common import echo, parse_date, show, today
from cmaplan.commands.context import Run
from cmaplan.core.errors import UsageError

if TYPE_CHECKING:
    from cmaplan.core.ledger import CostEntry


def costs(run: Run, json_out: bool = False) -> None:
    """Every cost on your route, dated and summed; the months of heavy spending; how to pay."""
    with run.errors():
        from cmaplan.core import schedule
        from cmaplan.core.costs import costs_of
        from cmaplan.storage import store

        now = today()
        plan = store.load_plan(run.files, run.plan_path(), now)
        result = schedule.forecast(plan, now)
        found = costs_of(plan, result)
        if json_out:
            from cmaplan.views.jsonview import costs_json

            echo(json.dumps(costs_json(found), indent=2))
            return
        from cmaplan.views.render_costs import costs_view

        show(costs_view(plan, found, result))


def costs_add(
    run: Run,
    what: str,
    amount: str,
    on: str | None = None,
    step: str | None = None,
    aid: bool = False,
) -> None:
    """Add a cost of your own, or money coming in (--aid)."""
    with run.errors():
        from cmaplan.core import schedule, spending
        from cmaplan.core.ledger import CostEntry
        from cmaplan.core.money import amount_option
        from cmaplan.storage import store

        if on is not None and step is not None:
            raise UsageError("give --on DATE or --step ID, not both")
        cents, up_to = amount_option(amount, "AMOUNT", span=True)
        entry = CostEntry(
            " ".join(what.split()),
            cents,
            "aid" if aid else "cost",
            parse_date(on, "--on") if on is not None else None,
            (step or "").strip().lower(),  # step ids in any case, as everywhere
            up_to=up_to,
        )
        path = run.plan_path()
        now = today()
        with store.locked(path):
            plan = store.load_plan(run.files, path, now)
            spending.check_entry(entry, plan, schedule.forecast(plan, now))
            after = spending.add_cost(plan, entry, now)
            number = len(spending.own(after))
            said = f"Added line {number}: {_said(entry)}."
            store.save_change(run.files, path, plan, after, said, now)
        run.say(said)
        run.say("`cmaplan costs` shows it with the rest.")


def costs_set(run: Run, line: str, amount: str) -> None:
    """Fill in the amount of a line that has no price yet (a range: 40-60)."""
    with run.errors():
        from cmaplan.core import schedule, spending
        from cmaplan.core.ledger import CostEntry
        from cmaplan.core.money import amount_option
        from cmaplan.storage import store

        cents, up_to = amount_option(amount, "AMOUNT", span=True)
        key = line.strip().lower()
        path = run.plan_path()
        now = today()
        with store.locked(path):
            plan = store.load_plan(run.files, path, now)
            entry = CostEntry(key, cents, up_to=up_to)
            after = spending.set_line(plan, schedule.forecast(plan, now), key, entry, now)
            said = f"Set {key} to {spending.amount_of(entry)}."
            store.save_change(run.files, path, plan, after, said, now)
        run.say(said)


def costs_edit(
    run: Run,
    number: int,
    what: str | None = None,
    amount: str | None = None,
    on: str | None = None,
    step: str | None = None,
    kind: str | None = None,
) -> None:
    """Change a line you added (only what you give)."""
    with run.errors():
        from cmaplan.core import schedule, spending
        from cmaplan.core.money import amount_option
        from cmaplan.core.plaintext import visible
        from cmaplan.storage import store

        path = run.plan_path()
        now = today()
        with store.locked(path):
            plan = store.load_plan(run.files, path, now)
            old = spending.numbered(plan, number)
            new = old
            if what is not None:
                new = new._replace(what=" ".join(what.split()))
            if amount is not None:
                cents, up_to = amount_option(amount, "--amount", span=True)
                new = new._replace(cents=cents, up_to=up_to)
            if on is not None:
                new = new._replace(on=parse_date(on, "--on"), step="")
            if step is not None:
                new = new._replace(step=step.strip().lower(), on=None)
            if kind is not None:
                word = kind.strip().lower()
                if word not in ("cost", "aid"):
                    raise UsageError(f'--kind must be cost or aid, not "{visible(kind)}"')
                new = new._replace(kind="aid" if word == "aid" else "cost")
            if new == old:
                run.say(f"Line {number} already says that; nothing changed.")
                return
            spending.check_entry(new, plan, schedule.forecast(plan, now))
            after = spending.edit_cost(plan, number, new, now)
            said = f"Changed line {number}: {_said(new)}."
            store.save_change(run.files, path, plan, after, said, now)
        run.say(said)


def costs_remove(run: Run, line: str) -> None:
    """Remove a line you added (its number), or the amount you set for a listed line."""
    with run.errors():
        from cmaplan.core import spending
        from cmaplan.storage import store

        key = line.strip().lower()
        path = run.plan_path()
        now = today()
        with store.locked(path):
            plan = store.load_plan(run.files, path, now)
            after, gone = spending.remove_cost(plan, key, now)
            said = f"Removed {gone}."
            store.save_change(run.files, path, plan, after, said, now)
        run.say(said + " `cmaplan undo` brings it back.")


def _said(entry: CostEntry) -> str:
    from cmaplan.core.plaintext import visible
    from cmaplan.core.spending import amount_of

    amount = amount_of(entry)
    coming = " coming in" if entry.kind == "aid" else ""
    when = f", due {entry.on}" if entry.on else f", at {entry.step}" if entry.step else ""
    return f"{visible(entry.what)}, {amount}{coming}{when}"
