"""The knowledge base: facts, sources and step templates read from data/knowledge.toml (core layer).

The data ships inside the package and never changes at run time, so it is read once (in its
precompiled form when the wheel has one: see `shipped.knowledge_data`) and cached.
Text is never stated here: this module only gives the data a shape and formats a fact for display.
"""

from __future__ import annotations

import functools
from typing import Any, NamedTuple

from cmaplan.core.shipped import knowledge_data

SURENESS = ("official", "seed", "secondary", "estimate")
# The kind of source each sureness needs among a fact's sources (and a kind it must not have).
SURENESS_NEEDS = {
    "official": ("official", None),
    "seed": ("seed", "official"),
    "secondary": ("secondary", None),
    "estimate": ("ours", None),
}
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


class Source(NamedTuple):
    id: str
    title: str
    where: str
    kind: str

    def cite(self) -> str:
        """The source as a person reads it: its title and the page (or what it is)."""
        if self.where.startswith("https://"):
            return f"{self.title}: {self.where.removeprefix('https://')}"
        return f"{self.title} ({self.where})"


class Fact(NamedTuple):
    name: str
    value: Any
    unit: str
    sources: tuple[str, ...]
    sure: str
    verify: bool = False

    @property
    def is_estimate(self) -> bool:
        return self.sure == "estimate"

    @property
    def label(self) -> str:
        """What the plan adds after the fact: our estimate, or a second-hand fact to confirm."""
        if self.is_estimate:
            return " (our estimate)"
        if self.verify or self.sure == "secondary":
            return " (to confirm)"
        return ""

    def entry(self, key: str) -> Any:
        """One case of a fact whose value is a table (one value per case)."""
        if not isinstance(self.value, dict) or key not in self.value:
            raise KeyError(f"fact {self.name} has no entry {key!r}")
        return self.value[key]

    def range(self, key: str | None = None) -> tuple[float, float]:
        """The fact as a (shortest, longest) pair; a table of ranges is indexed by `key`."""
        value = self.value[key] if isinstance(self.value, dict) and key is not None else self.value
        if isinstance(value, list) and len(value) == 2:
            return float(value[0]), float(value[1])
        if isinstance(value, int | float) and not isinstance(value, bool):
            return float(value), float(value)
        raise TypeError(f"fact {self.name} is not a duration range")

    def number(self) -> float:
        if isinstance(self.value, int | float) and not isinstance(self.value, bool):
            return float(self.value)
        raise TypeError(f"fact {self.name} is not a number")

    def items(self) -> tuple[str, ...]:
        """A list fact as separate items (checklist entries), each with the fact's label."""
        values = [str(v) for v in (self.value if isinstance(self.value, list) else [self.value])]
        return tuple(
            f"{item[:-1]}{self.label}." if item.endswith(".") else f"{item}{self.label}"
            for item in values
        )

    def render(self, key: str | None = None) -> str:
        """The fact as a plan states it, with its label when it is our estimate or unconfirmed.

        A fact whose value is a table (one value per case) is rendered for the case `key`.
        """
        value = self.entry(key) if key is not None else self.value
        return _format_value(value, self.unit) + self.label


class Text(NamedTuple):
    """A paragraph or checklist item that applies when every condition in `when` holds."""

    text: str
    when: tuple[str, ...] = ()


def choose(texts: tuple[Text, ...], holds: Any) -> str:
    """The first text whose conditions hold (`holds(when)` decides)."""
    for item in texts:
        if holds(item.when):
            return item.text
    raise LookupError("a list of variants must end with one that always applies")


class StepTemplate(NamedTuple):
    id: str
    phase: str
    title: tuple[Text, ...]
    when: tuple[str, ...]
    after: tuple[str, ...]
    duration: dict[str, Any]
    why: tuple[Text, ...]
    checklist: tuple[Text, ...]
    sources: tuple[str, ...]


class RecommendationRule(NamedTuple):
    when: tuple[str, ...]
    program: str
    reason: str


class ProgramInfo(NamedTuple):
    id: str
    name: str
    duration: str
    suits: str


class ProfileRule(NamedTuple):
    """Answers that go together: when every `if` answer holds and every `given` answer is there,
    the `then` answers must hold (a requirement) or are filled in (an implication)."""

    if_: dict[str, Any]
    given: tuple[str, ...]
    then: dict[str, Any]
    reason: str


class WarningTemplate(NamedTuple):
    """A warning a step can carry; which one applies is decided by the planner."""

    id: str
    steps: tuple[str, ...]  # the steps it can be shown on (`step`, or `steps` in the data)
    text: tuple[Text, ...]


class FactTable:
    """A table fact in a template: `{exam_fee[2-member]}` renders one case."""

    def __init__(self, fact: Fact) -> None:
        self.fact = fact

    def __getitem__(self, key: str) -> str:
        return self.fact.render(key)


class Knowledge(NamedTuple):
    sources: dict[str, Source]
    facts: dict[str, Fact]
    steps: tuple[StepTemplate, ...]
    recommendations: tuple[RecommendationRule, ...]
    programs: dict[str, ProgramInfo]
    phases: dict[str, str]
    glossary: dict[str, str]
    rules: dict[str, dict[str, Any]]
    requires: tuple[ProfileRule, ...]
    implies: tuple[ProfileRule, ...]
    warnings: dict[str, WarningTemplate]

    def fact(self, name: str) -> Fact:
        return self.facts[name]

    def rule(self, name: str) -> dict[str, Any]:
        return self.rules[name]

    def rule_fact(self, rule: str, key: str) -> Fact:
        """The fact a rule names under `key`."""
        return self.facts[str(self.rules[rule][key])]

    def values(self) -> dict[str, Any]:
        """Every fact as templates insert it: rendered text, or a table to index."""
        return {
            n: FactTable(f) if isinstance(f.value, dict) else f.render()
            for n, f in self.facts.items()
        }

    def fill(self, template: str) -> str:
        """A template with its {fact} fields filled in, as the plan states them."""
        return template.format_map(self.values())

    def explain(self, term: str) -> str:
        """The glossary's short explanation of a term, with its facts filled in."""
        return self.fill(self.glossary[term])


def _format_number(number: float) -> str:
    return f"{number:,.0f}" if float(number).is_integer() else f"{number:g}"


def _join(items: list[str]) -> str:
    if all(item.endswith((".", "?", "!")) for item in items):
        return " ".join(items)
    if any("," in item for item in items):
        return "; ".join(items)
    if len(items) <= 1:
        return "".join(items)
    if len(items) == 2:
        return f"{items[0]} and {items[1]}"
    return ", ".join(items[:-1]) + ", and " + items[-1]


def _format_value(value: Any, unit: str) -> str:
    if unit == "list":
        return _join([str(item) for item in value])
    if unit == "text":
        return str(value)
    if unit == "month-day":
        month, day = value
        return f"{MONTHS[int(month) - 1]} {int(day)}"
    if isinstance(value, list):
        low, high = (_format_number(v) for v in value)
        amount = f"{low}–{high}"
    else:
        amount = _format_number(value)
    if unit == "usd":
        return "$" + amount.replace("–", "–$")
    if unit == "count":
        return amount
    if unit == "percent":
        return f"{amount}%"
    if unit == "factor":
        return f"{amount}×"
    return f"{amount} {unit}"


def _texts(raw: Any) -> tuple[Text, ...]:
    out: list[Text] = []
    if isinstance(raw, str):
        raw = [raw]
    for item in raw or ():
        if isinstance(item, str):
            out.append(Text(item))
        else:
            out.append(Text(str(item["text"]), tuple(item.get("when", ()))))
    return tuple(out)


def parse_knowledge(data: dict[str, Any]) -> Knowledge:
    """Give the raw TOML its shape, checking that every reference in it resolves."""
    sources = {
        key: Source(key, raw["title"], raw["where"], raw["kind"])
        for key, raw in data["sources"].items()
    }
    facts = {
        key: Fact(
            key,
            raw["value"],
            raw["unit"],
            tuple(raw["sources"]),
            raw["sure"],
            bool(raw.get("verify", False)),
        )
        for key, raw in data["facts"].items()
    }
    steps = tuple(
        StepTemplate(
            id=key,
            phase=raw["phase"],
            title=_texts(raw["title"]),
            when=tuple(raw.get("when", ())),
            after=tuple(raw.get("after", ())),
            duration=dict(raw["duration"]),
            why=_texts(raw.get("why")),
            checklist=_texts(raw.get("checklist")),
            sources=tuple(raw.get("sources", ())),
        )
        for key, raw in data["steps"].items()
    )
    recommendations = tuple(
        RecommendationRule(tuple(raw["when"]), raw["program"], raw["reason"])
        for raw in data["recommendations"]
    )
    programs = {
        key: ProgramInfo(key, raw["name"], raw["duration"], raw["suits"])
        for key, raw in data["programs"].items()
    }
    glossary = {key: str(raw["text"]) for key, raw in data.get("glossary", {}).items()}
    rules = {key: dict(raw) for key, raw in data["rules"].items() if key != "profile"}
    profile_rules = data["rules"].get("profile", {})

    def profile_rule(raw: dict[str, Any]) -> ProfileRule:
        return ProfileRule(
            dict(raw.get("if", {})),
            tuple(raw.get("given", ())),
            dict(raw["then"]),
            str(raw["reason"]),
        )

    warnings = {
        key: WarningTemplate(
            key,
            (str(raw["step"]),) if "step" in raw else tuple(str(s) for s in raw["steps"]),
            _texts(raw["text"]),
        )
        for key, raw in data.get("warnings", {}).items()
    }
    knowledge = Knowledge(
        sources,
        facts,
        steps,
        recommendations,
        programs,
        dict(data["phases"]),
        glossary,
        rules,
        tuple(profile_rule(r) for r in profile_rules.get("requires", ())),
        tuple(profile_rule(r) for r in profile_rules.get("implies", ())),
        warnings,
    )
    _check_references(knowledge)
    return knowledge


def _check_references(kb: Knowledge) -> None:
    ids = {step.id for step in kb.steps}
    for fact in kb.facts.values():
        if fact.sure not in SURENESS:
            raise ValueError(f"fact {fact.name}: sure must be one of {SURENESS}")
        missing = [s for s in fact.sources if s not in kb.sources]
        if not fact.sources or missing:
            raise ValueError(f"fact {fact.name}: unknown or no sources {missing}")
        kinds = {kb.sources[s].kind for s in fact.sources}
        needed, excluded = SURENESS_NEEDS[fact.sure]
        if needed not in kinds or excluded in kinds:
            raise ValueError(
                f"fact {fact.name}: sure = {fact.sure} does not agree with its sources {kinds}"
            )
    for step in kb.steps:
        if step.phase not in kb.phases:
            raise ValueError(f"step {step.id}: unknown phase {step.phase}")
        unknown = [a for a in step.after if a not in ids]
        if unknown:
            raise ValueError(f"step {step.id}: comes after unknown steps {unknown}")
        if "fact" in step.duration and step.duration["fact"] not in kb.facts:
            raise ValueError(f"step {step.id}: unknown duration fact")
        missing = [s for s in step.sources if s not in kb.sources]
        if missing:
            raise ValueError(f"step {step.id}: unknown sources {missing}")
    for program in kb.programs.values():
        if program.duration not in kb.facts:
            raise ValueError(f"program {program.id}: unknown duration fact")
    for name, rule in kb.rules.items():
        missing = [s for s in rule.get("sources", ()) if s not in kb.sources]
        if not rule.get("sources") or missing:
            raise ValueError(f"rule {name}: unknown or no sources {missing}")
    for warning in kb.warnings.values():
        unknown = [s for s in warning.steps if s not in ids]
        if unknown or not warning.steps:
            raise ValueError(f"warning {warning.id}: unknown or no steps {unknown}")


@functools.cache
def load_knowledge() -> Knowledge:
    """The knowledge shipped with this version of cmaplan."""
    return parse_knowledge(knowledge_data())
