"""What the state a person will work in asks of medical assistants, as knowledge.toml's
`[states.*]` tables state it (core layer: pure, stdlib only).

A state in the table either asks for a state credential before an MA may work there
("credential": the plan gets a step for it before the job search) or lets only a credentialed MA
do some tasks ("tasks": a heads-up on the job search). Every other state still sets what MAs may
do there: the plan says to check it, never that there are no rules.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import Any, Literal, NamedTuple, get_args

from cmaplan.core.shipped import knowledge_data

StateKind = Literal["credential", "tasks"]


class StateRule(NamedTuple):
    """One state's rule for medical assistants: its kind, in the plan's words, with sources."""

    code: str  # the two-letter code, as the answers give it
    name: str  # "Washington"
    kind: StateKind
    text: str  # what the rule asks, in a sentence or two
    sources: tuple[str, ...]
    # A program neither CAAHEP nor ABHES accredits counts for the state's credential only with
    # these clock hours in all, and an externship of at least these (0: no such rule here).
    program_hours: int = 0
    externship_hours: int = 0


def parse_states(data: Mapping[str, Any]) -> dict[str, StateRule]:
    """The `[states.*]` tables of the knowledge data, checked: a known kind, a text, and
    sources the data has."""
    known = set(data.get("sources", {}))
    rules: dict[str, StateRule] = {}
    for code, raw in data.get("states", {}).items():
        kind = raw.get("kind")
        if kind not in get_args(StateKind):
            raise ValueError(f"[states.{code}]: kind must be one of {get_args(StateKind)}")
        sources = tuple(raw.get("sources", ()))
        if not sources or any(s not in known for s in sources):
            raise ValueError(f"[states.{code}]: sources must name known sources")
        if len(code) != 2 or not code.isupper():
            raise ValueError(f"[states.{code}]: a state is its two-letter code")
        names = data.get("state_names", {})
        if names and names.get(code) != raw["name"]:
            raise ValueError(f"[states.{code}]: its name must be the one [state_names] gives")
        hours = (int(raw.get("program_hours", 0)), int(raw.get("externship_hours", 0)))
        rule = StateRule(code, str(raw["name"]), kind, str(raw["text"]), sources, *hours)
        rules[code] = rule
    return rules


@functools.cache
def state_rules() -> dict[str, StateRule]:
    """The shipped state rules, by state code."""
    return parse_states(knowledge_data())


@functools.cache
def state_names() -> dict[str, str]:
    """The name of each state, territory and the District of Columbia, by its two-letter code
    (`[state_names]`, from the USPS's list)."""
    raw = dict(knowledge_data()["state_names"])
    raw.pop("sources")
    return {str(code): str(name) for code, name in raw.items()}


def state_name(state: str) -> str:
    """ "New Jersey" for "NJ": the name a plan writes for a state code."""
    return state_names().get(state, state)


def state_rule(state: str) -> StateRule | None:
    """The rule of `state` (a two-letter code, or "" for none given), if the data has one."""
    return state_rules().get(state) if state else None


def has_kind(state: str, kind: StateKind) -> bool:
    """Whether `state` has a rule of `kind`."""
    rule = state_rule(state)
    return rule is not None and rule.kind == kind
