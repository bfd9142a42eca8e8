"""knowledge.toml's `[money]`: the cost lines a route can have and the ways to pay (core layer,
stdlib only), read once and checked against the rest of the knowledge."""

from __future__ import annotations

import functools
from typing import Any, Literal, NamedTuple, get_args

from cmaplan.core.conditions import CONDITIONS, holds
from cmaplan.core.eligibility import rules as eligibility_rules
from cmaplan.core.knowledge import load_knowledge
from cmaplan.core.model import Profile, Program
from cmaplan.core.shipped import knowledge_data

Price = Literal["program", "exam", "recertify", "fill"]
ProgramField = Literal["", "cost", "fees"]  # which of a recorded program's amounts: `program add`
Dated = Literal["", "fafsa"]


class PriceLine(NamedTuple):
    key: str
    what: str
    step: str  # paid when this step starts
    price: Price
    when: tuple[str, ...]
    hint: str  # where a person finds the price, facts filled in
    sources: tuple[str, ...]
    field: ProgramField = ""  # a "program" line: the recorded program's cost or fees

    def fits(self, profile: Profile, program: Program) -> bool:
        return holds(self.when, profile, program)


class Funding(NamedTuple):
    key: str
    name: str
    check: str
    when: tuple[str, ...]
    dated: Dated
    sources: tuple[str, ...]

    def fits(self, profile: Profile, program: Program) -> bool:
        return holds(self.when, profile, program)


class PriceList(NamedTuple):
    lines: tuple[PriceLine, ...]
    funding: tuple[Funding, ...]
    alternative_fee: str  # the Category 4 fee, as eligibility states it


def parse_prices(raw: dict[str, Any]) -> PriceList:
    """The `[money]` table, checked: known steps, sources, conditions and kinds of price."""
    kb = load_knowledge()
    steps = {t.id for t in kb.steps}

    def checked(key: str, entry: dict[str, Any]) -> tuple[tuple[str, ...], tuple[str, ...]]:
        when = tuple(str(w) for w in entry.get("when", ()))
        sources = tuple(str(s) for s in entry.get("sources", ()))
        unknown = [w for w in when if w.lstrip("!") not in CONDITIONS]
        missing = [s for s in sources if s not in kb.sources]
        if unknown or missing or not sources:
            raise ValueError(f"money {key}: unknown conditions {unknown} or sources {missing}")
        return when, sources

    lines = []
    for key, entry in raw["lines"].items():
        when, sources = checked(key, entry)
        price = entry["price"]
        if price not in get_args(Price) or entry["step"] not in steps:
            raise ValueError(f"money line {key}: unknown price {price} or step {entry['step']}")
        field = entry.get("field", "")
        if field not in get_args(ProgramField) or (price == "program") != bool(field):
            raise ValueError(f"money line {key}: a program line names its field, cost or fees")
        hint = kb.fill(str(entry.get("hint", "")))
        what, step = str(entry["what"]), entry["step"]
        lines.append(PriceLine(key, what, step, price, when, hint, sources, field))
    funding = []
    for key, entry in raw["funding"].items():
        when, sources = checked(key, entry)
        dated = entry.get("dated", "")
        if dated not in get_args(Dated):
            raise ValueError(f"money funding {key}: unknown dated {dated}")
        funding.append(Funding(key, str(entry["name"]), str(entry["check"]), when, dated, sources))
    return PriceList(tuple(lines), tuple(funding), kb.fill(eligibility_rules().alternative_fee))


@functools.cache
def price_list() -> PriceList:
    """The price list shipped with this version of cmaplan."""
    return parse_prices(knowledge_data()["money"])
