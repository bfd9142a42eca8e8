"""The money a person records (core layer, stdlib only): the plan file's [[costs]] entries.

An entry is a cost the person adds (a laptop, a bus pass), money coming in (aid, a scholarship,
an employer's help), or the amount of a line `cmaplan costs` lists without a price it can state
(`line` names it: "background-check"). Amounts are whole cents (core/money.py).
"""

from __future__ import annotations

from datetime import date
from typing import Literal, NamedTuple, get_args

MAX_COSTS = 200  # entries a plan keeps: a long list is a few dozen
MAX_WHAT = 80  # the characters of a line's WHAT

CostKind = Literal["cost", "aid"]
COST_KINDS: tuple[CostKind, ...] = get_args(CostKind)


class CostEntry(NamedTuple):
    """One recorded amount: due `on` a day, or when `step` starts (neither: when the program
    starts); `line` set: the amount of that listed line, which then says so."""

    what: str
    cents: int
    kind: CostKind = "cost"
    on: date | None = None
    step: str = ""
    line: str = ""
    up_to: int | None = None  # a range: `cents` to `up_to`
