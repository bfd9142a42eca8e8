"""Changes to the money a person records (core layer: pure): `cmaplan costs add`, `set`,
`edit` and `remove`, each checked and kept in the history (and so taken back by `undo`)."""

from __future__ import annotations

import re
import unicodedata
from datetime import date

from cmaplan.core.costs import CostLine, costs_of
from cmaplan.core.errors import UsageError
from cmaplan.core.fields import door_length
from cmaplan.core.ledger import MAX_COSTS, MAX_WHAT, CostEntry
from cmaplan.core.model import Change, Forecast, Plan, with_changes
from cmaplan.core.money import dollars_text, span_text
from cmaplan.core.plaintext import visible
from cmaplan.core.pricelist import price_list


def own(plan: Plan) -> tuple[CostEntry, ...]:
    """The lines the person added (numbered from 1 in this order), not the amounts they set."""
    return tuple(e for e in plan.costs if not e.line)


def check_entry(entry: CostEntry, plan: Plan, result: Forecast) -> None:
    """Refuse an entry cmaplan could not place: text it cannot keep, a range upside down, a day
    outside the plan, a step the plan does not have."""
    if not entry.what.strip():
        raise UsageError("WHAT must say what the money is for, not only spaces")
    if "\n" in entry.what or door_length(entry.what) > MAX_WHAT:
        raise UsageError(f"WHAT must be at most {MAX_WHAT} characters, on one line")
    check_range(entry)
    if entry.on is not None:
        first, last = plan_span(plan, result)
        if not first <= entry.on <= last:
            raise UsageError(f"--on {entry.on} is outside your plan, which runs {first} to {last}")
    if entry.step and entry.step not in plan.ids:
        raise UsageError(
            f'your plan has no step "{visible(entry.step)}"',
            "`cmaplan timeline` lists the steps with their ids.",
        )


def check_range(entry: CostEntry) -> None:
    """Refuse a range whose top is below its bottom (the reader refuses it too)."""
    if entry.up_to is not None and entry.up_to < entry.cents:
        raise UsageError(
            f"the range {dollars_text(entry.cents)} to {dollars_text(entry.up_to)} is upside "
            "down; give the lower amount first"
        )


def plan_span(plan: Plan, result: Forecast) -> tuple[date, date]:
    """The days a payment can fall on: from the day the plan was made (or an earlier step's
    done day) to the last step's due day."""
    days = [s.start for s in result.steps] + [s.due for s in result.steps]
    return min([plan.created, *days]), max([result.today, *days])


def add_cost(plan: Plan, entry: CostEntry, today: date) -> Plan:
    """The plan with one more line of the person's."""
    if len(plan.costs) >= MAX_COSTS:
        raise UsageError(
            f"the plan keeps at most {MAX_COSTS} amounts; remove one first",
            "`cmaplan costs` numbers them.",
        )
    detail = f"{amount_of(entry)} {entry.kind}"
    change = Change(today, "costs", "cost added", detail)
    return with_changes(plan._replace(costs=(*plan.costs, entry)), change)


def set_line(plan: Plan, result: Forecast, key: str, entry: CostEntry, today: date) -> Plan:
    """The plan with the person's amount for the listed line `key` (one without a price)."""
    check_range(entry)
    lines = {line.key: line for line in costs_of(plan, result).lines if not line.key.isdigit()}
    line = lines.get(key)
    settable = [k for k, v in lines.items() if v.settable]
    if line is None or key not in settable:
        known = ", ".join(settable) or "none in this plan"
        if line is not None:
            raise UsageError(
                f'the line "{key}" has its amount from {_whence(line)}; `costs set` fills in '
                f"the lines without one: {known}"
            )
        raise UsageError(f'there is no line "{visible(key)}" to fill in; the lines are: {known}')
    kept = tuple(e for e in plan.costs if e.line != key)
    change = Change(today, "costs", "cost changed", f"{key}: {amount_of(entry)}")
    placed = entry._replace(line=key, what=line.what, on=None, step="")
    return with_changes(plan._replace(costs=(*kept, placed)), change)


def _whence(line: CostLine) -> str:
    """Where a listed line that cannot be set has its amount from, by its price in the data."""
    price = next(p.price for p in price_list().lines if p.key == line.key)
    if price == "program":
        return "the program you chose (`cmaplan program edit`)"
    return "the fee the AAMA publishes"


def edit_cost(plan: Plan, number: int, new: CostEntry, today: date) -> Plan:
    """The plan with the person's line `number` replaced by `new`."""
    old = numbered(plan, number)
    costs = tuple(new if e is old else e for e in plan.costs)
    change = Change(today, "costs", "cost changed", f"line {number}: {amount_of(new)}")
    return with_changes(plan._replace(costs=costs), change)


def remove_cost(plan: Plan, key: str, today: date) -> tuple[Plan, str]:
    """The plan without the person's line `key` (its number), or without the amount they set
    for a listed line (it is to fill in again); and what went, in words."""
    if re.fullmatch(r"[0-9]{1,9}", key):
        gone = numbered(plan, int(key))
        said = f"line {key}, {visible(gone.what)}"
    elif any(unicodedata.digit(c, None) is not None for c in key):  # "٢", "²", "①"
        raise UsageError(
            f'"{visible(key)}" is not a line number: give it with the digits 0-9',
            "`cmaplan costs` numbers the lines you added.",
        )
    else:
        found = next((e for e in plan.costs if e.line and e.line == key.strip()), None)
        if found is None:
            raise UsageError(
                f'there is no amount of yours for "{visible(key)}" to remove',
                "`cmaplan costs` lists the lines: give a number, or a line you filled in.",
            )
        gone, said = found, f"your amount for {key}"
    kept = tuple(e for e in plan.costs if e is not gone)
    change = Change(today, "costs", "cost removed", amount_of(gone))
    return with_changes(plan._replace(costs=kept), change), said


def numbered(plan: Plan, number: int) -> CostEntry:
    mine = own(plan)
    if not 1 <= number <= len(mine):
        have = f"lines 1 to {len(mine)}" if len(mine) > 1 else "only line 1" if mine else "none"
        raise UsageError(
            f"there is no line {number} of yours; you added {have}",
            "`cmaplan costs` numbers the lines you added.",
        )
    return mine[number - 1]


def amount_of(entry: CostEntry) -> str:
    """An entry's amount as shown: "$45", or a range "$40–$60"."""
    return span_text(entry.cents, entry.up_to if entry.up_to is not None else entry.cents)
