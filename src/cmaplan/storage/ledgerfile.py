"""The plan file's [[costs]]: the money a person recorded (storage layer).

An amount is kept exactly, as text in dollars ("1250" or "1250.50": core/money.stored), never
as a binary float; `up_to` is the top of a range.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from cmaplan.core import fields
from cmaplan.core.errors import PlanFileError
from cmaplan.core.fields import Field
from cmaplan.core.ledger import COST_KINDS, MAX_COSTS, MAX_WHAT, CostEntry
from cmaplan.core.money import STORED, from_stored, stored

_AMOUNT = 'an amount in dollars as text, such as "1250" or "1250.50"'
COST_FIELDS: tuple[Field, ...] = (
    Field("what", "text", True, 1, MAX_WHAT, one_line=True),
    Field("amount", "text", True, pattern=STORED, what=_AMOUNT),
    Field("up_to", "text", pattern=STORED, what=_AMOUNT, default=""),
    Field("kind", "choice", choices=COST_KINDS, default="cost"),
    Field("on", "date"),
    Field("step", "text", high=80, default=""),
    Field("line", "text", high=80, default=""),
)
COSTS = Field("costs", "tables", high=MAX_COSTS, spec=COST_FIELDS)


def cost_entry(entry: CostEntry) -> dict[str, Any]:
    """A recorded amount as the plan file stores it."""
    table: dict[str, Any] = {"what": entry.what, "amount": stored(entry.cents)}
    if entry.up_to is not None:
        table["up_to"] = stored(entry.up_to)
    if entry.kind != "cost":
        table["kind"] = entry.kind
    if entry.on is not None:
        table["on"] = entry.on
    for key in ("step", "line"):
        if getattr(entry, key):
            table[key] = getattr(entry, key)
    return table


def costs_of_tables(entries: Sequence[Mapping[str, Any]], where: str) -> tuple[CostEntry, ...]:
    """The entries of [[costs]] tables the field spec has checked."""
    out = []
    for number, table in enumerate(entries, 1):
        low = from_stored(table["amount"])
        high = from_stored(table["up_to"]) if table["up_to"] else None
        if high is not None and high < low:
            raise PlanFileError(
                f"{where} number {number}: up_to ({table['up_to']}) is less than amount "
                f"({table['amount']})."
            )
        out.append(
            CostEntry(
                table["what"], low, table["kind"], table["on"], table["step"], table["line"], high
            )
        )
    return tuple(out)


def read_costs(raw: object, where: str) -> tuple[CostEntry, ...]:
    """The plan file's [[costs]], each table checked."""
    return costs_of_tables(fields.read_tables(raw, COSTS, where), where)
