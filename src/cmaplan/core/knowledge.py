"""The knowledge base: facts, sources, rules and step templates read from data/knowledge.toml
(core layer).

The data ships inside the package and never changes at run time, so it is read once (in its
precompiled form when the wheel has one: see `shipped.knowledge_data`) and cached. Reading it is
the one place that meets raw TOML: `parse_knowledge` builds typed records (facts and sources in
`facts.py`, the `[rules.*]` tables as `Rules`), checking every kind and reference once, and
code reads those. Text is never stated here: this module only gives the data a shape.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import Any, Literal, NamedTuple, get_args

from cmaplan.core.conditions import DATED
from cmaplan.core.facts import (
    MONTHS,
    SURENESS,
    SURENESS_NEEDS,
    Fact,
    FactTable,
    Source,
    Text,
    choose,
    one_of,
    parse_fact,
    parse_source,
    parse_texts,
)
from cmaplan.core.model import Profile
from cmaplan.core.rulebook import Rules, parse_rules, rule_facts
from cmaplan.core.shipped import knowledge_data

__all__ = ["MONTHS", "SURENESS", "Fact", "Knowledge", "Source", "Text", "choose", "load_knowledge"]

# An answer's value as a profile rule names it (`goal = "residency"`, `diploma = true`).
AnswerValue = str | int | float | bool


# How a step template's duration table gives its length: a fact's range (the default), a
# milestone, the program's own length less its externship, a yearly day, or the credential's
# recertification.
SpecKind = Literal["range", "milestone", "program", "yearly", "recertification", "work"]


class DurationSpec(NamedTuple):
    """A step template's `duration` table, typed (read by `durations.step_duration`)."""

    kind: SpecKind = "range"
    fact: str | None = None  # the fact that holds the length (or the yearly day)
    key: str | None = None  # the answer that picks the entry of a table fact ("usmle")
    until: str | None = None  # the answer whose date ends the step when given ("diploma_by")
    paced: bool = False  # stretched for part-time study
    study: str | None = None  # the fact of the reference hours a week that scale it
    hours: str | None = None  # the fact of the hours the step needs (a table by program type)
    # A yearly step only: the fact of the last day its season still takes a late application,
    # and the conditions under which the plan counts on that (an applicant already eligible).
    late: str | None = None
    late_when: tuple[str, ...] = ()


SPEC_KEYS = frozenset(DurationSpec._fields)


def parse_spec(step: str, raw: Mapping[str, object]) -> DurationSpec:
    """A step's duration table as a DurationSpec; an unknown key or kind is refused."""
    unknown = set(raw) - SPEC_KEYS
    if unknown:
        raise ValueError(f"step {step}: unknown duration keys {sorted(unknown)}")
    kind = one_of(raw.get("kind", "range"), get_args(SpecKind), f"step {step}: duration kind")

    def name(key: str) -> str | None:
        value = raw.get(key)
        if value is not None and not isinstance(value, str):
            raise ValueError(f"step {step}: duration {key} is a name")
        return value

    spec = DurationSpec(
        kind,
        name("fact"),
        name("key"),
        name("until"),
        raw.get("paced") is True,
        name("study"),
        name("hours"),
        name("late"),
        _names(step, raw.get("late_when", [])),
    )
    if (spec.late is not None or spec.late_when) and kind != "yearly":
        raise ValueError(f"step {step}: only a yearly duration has a late day")
    needs_fact = kind in ("range", "yearly", "work")
    if needs_fact != (spec.fact is not None):
        what = "needs a fact" if needs_fact else "names no fact"
        raise ValueError(f"step {step}: a {kind} duration {what}")
    return spec


def _names(step: str, raw: object) -> tuple[str, ...]:
    if not isinstance(raw, list) or not all(isinstance(item, str) for item in raw):
        raise ValueError(f"step {step}: duration late_when is a list of conditions")
    return tuple(str(item) for item in raw)


class StepTemplate(NamedTuple):
    id: str
    phase: str
    title: tuple[Text, ...]
    when: tuple[str, ...]
    after: tuple[str, ...]
    why: tuple[Text, ...]
    checklist: tuple[Text, ...]
    sources: tuple[str, ...]
    spec: DurationSpec = DurationSpec()  # its `duration` table, typed
    # Steps it also waits for when the program's hours take all of the person's hours a week
    # (`durations.program_shortfall`): those hours are not counted twice.
    after_paced: tuple[str, ...] = ()
    # A step this one must be done before, which does not wait for it (core/schedule.py).
    needed_by: str = ""


class Roles(NamedTuple):
    """The steps code asks for by what they do (`[roles]` in knowledge.toml): code names a step
    as `kb.roles.exam_application`, never by its id. Each names a step template."""

    program_choice: str  # its done day: a chosen program's intakes count from it
    coursework: str  # a program's first day; its intakes and their warnings
    graduation: str  # the day a student graduates: the exam category counts from it
    exam_application: str  # its day dates the exam category and fee
    exam: str  # passing it certifies; renewals count from it
    exam_study: str  # studying for it: the application waits for a long study
    recertification: str  # the credential's period ends with it; CEUs count towards it
    diploma: str  # done, it means the person now holds a diploma
    externship: str  # the practicum: a minimum age counts at its start
    entry_checks: str  # what a program asks before day one, a minimum age among them


def parse_roles(raw: object) -> Roles:
    """The `[roles]` table as Roles: every role named once, each by a step id (text)."""
    if not isinstance(raw, dict):
        raise ValueError("[roles] is a table of role = step id")
    missing = [r for r in Roles._fields if r not in raw]
    unknown = sorted(set(raw) - set(Roles._fields))
    if missing or unknown:
        raise ValueError(f"[roles]: missing {missing}, unknown {unknown}")
    if not all(isinstance(v, str) for v in raw.values()):
        raise ValueError("[roles]: each role names a step id")
    return Roles(**{r: str(raw[r]) for r in Roles._fields})


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

    if_: dict[str, AnswerValue]
    given: tuple[str, ...]
    then: dict[str, AnswerValue]
    reason: str


class WarningTemplate(NamedTuple):
    """A warning a step can carry; which one applies is decided by the planner."""

    id: str
    steps: tuple[str, ...]  # the steps it can be shown on (`step`, or `steps` in the data)
    text: tuple[Text, ...]


# the facts rendered, by the facts they came from (kept with them, so an id is never reused)
_RENDERED: dict[int, tuple[dict[str, Fact], dict[str, str | FactTable]]] = {}


class Knowledge(NamedTuple):
    sources: dict[str, Source]
    facts: dict[str, Fact]
    steps: tuple[StepTemplate, ...]
    recommendations: tuple[RecommendationRule, ...]
    programs: dict[str, ProgramInfo]
    phases: dict[str, str]
    glossary: dict[str, str]
    rules: Rules
    requires: tuple[ProfileRule, ...]
    implies: tuple[ProfileRule, ...]
    warnings: dict[str, WarningTemplate]
    roles: Roles

    def fact(self, name: str) -> Fact:
        return self.facts[name]

    def values(self) -> Mapping[str, str | FactTable]:
        """Every fact as templates insert it: rendered text, or a table to index. Rendered once
        for a knowledge's facts: a plan of a hundred programs filled its texts 176 times."""
        held = _RENDERED.get(id(self.facts))
        if held is None or held[0] is not self.facts:
            rendered = {
                n: FactTable(f) if isinstance(f.value, dict) else f.render()
                for n, f in self.facts.items()
            }
            held = _RENDERED[id(self.facts)] = (self.facts, rendered)
        return held[1]

    def fill(self, template: str) -> str:
        """A template with its {fact} fields filled in, as the plan states them."""
        return template.format_map(self.values())

    def explain(self, term: str) -> str:
        """The glossary's short explanation of a term, with its facts filled in."""
        return self.fill(self.glossary[term])


def parse_knowledge(data: dict[str, Any]) -> Knowledge:
    """Give the raw TOML its shape, checking that every reference in it resolves."""
    sources = {key: parse_source(key, raw) for key, raw in data["sources"].items()}
    facts = {key: parse_fact(key, raw) for key, raw in data["facts"].items()}
    steps = tuple(
        StepTemplate(
            id=key,
            phase=raw["phase"],
            title=parse_texts(raw["title"]),
            when=tuple(raw.get("when", ())),
            after=tuple(raw.get("after", ())),
            why=parse_texts(raw.get("why")),
            checklist=parse_texts(raw.get("checklist")),
            sources=tuple(raw.get("sources", ())),
            spec=parse_spec(key, raw["duration"]),
            after_paced=tuple(raw.get("after_paced", ())),
            needed_by=str(raw.get("needed_by", "")),
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
    raw_rules = {key: dict(raw) for key, raw in data["rules"].items() if key != "profile"}
    profile_rules = data["rules"].get("profile", {})

    def answers(raw: object, what: str) -> dict[str, AnswerValue]:
        if not isinstance(raw, dict) or not all(
            isinstance(v, str | int | float | bool) for v in raw.values()
        ):
            raise ValueError(f"profile rule: {what} is a table of answers")
        return {str(k): v for k, v in raw.items()}

    def profile_rule(raw: dict[str, Any]) -> ProfileRule:
        return ProfileRule(
            answers(raw.get("if", {}), "if"),
            tuple(raw.get("given", ())),
            answers(raw["then"], "then"),
            str(raw["reason"]),
        )

    warnings = {
        key: WarningTemplate(
            key,
            (str(raw["step"]),) if "step" in raw else tuple(str(s) for s in raw["steps"]),
            parse_texts(raw["text"]),
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
        parse_rules(raw_rules),
        tuple(profile_rule(r) for r in profile_rules.get("requires", ())),
        tuple(profile_rule(r) for r in profile_rules.get("implies", ())),
        warnings,
        parse_roles(data.get("roles")),
    )
    _check_references(knowledge)
    return knowledge


def _check_references(kb: Knowledge) -> None:
    ids = {step.id for step in kb.steps}
    for fact in kb.facts.values():
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
        unknown = [a for a in (*step.after, *step.after_paced) if a not in ids]
        if step.needed_by and step.needed_by not in ids:
            unknown.append(step.needed_by)
        if unknown:
            raise ValueError(f"step {step.id}: comes after unknown steps {unknown}")
        spec_facts = (step.spec.fact, step.spec.study, step.spec.hours)
        if any(fact is not None and fact not in kb.facts for fact in spec_facts):
            raise ValueError(f"step {step.id}: unknown duration fact")
        answers = (step.spec.key, step.spec.until)
        if any(key is not None and key not in Profile._fields for key in answers):
            raise ValueError(f"step {step.id}: duration names an unknown answer")
        missing = [s for s in step.sources if s not in kb.sources]
        if missing:
            raise ValueError(f"step {step.id}: unknown sources {missing}")
        # Which steps a plan has, and how many checklist items each, is known before dating.
        chosen_by = (*step.when, *(w for item in step.checklist for w in item.when))
        dated = sorted({w.lstrip("!") for w in chosen_by} & DATED)
        if dated:
            raise ValueError(
                f"step {step.id}: its when or a checklist item's names {dated}, known only "
                "once the plan is dated (a reason or the title may)"
            )
    for program in kb.programs.values():
        if program.duration not in kb.facts:
            raise ValueError(f"program {program.id}: unknown duration fact")
    for name, sources in kb.rules.all().items():
        missing = [s for s in sources if s not in kb.sources]
        if not sources or missing:
            raise ValueError(f"rule {name}: unknown or no sources {missing}")
    for name, named in rule_facts(kb.rules).items():
        unknown = [f for f in named if f not in kb.facts]
        if unknown:
            raise ValueError(f"rule {name}: unknown facts {unknown}")
    steps_named = (kb.rules.finish.step, *kb.rules.reminders.steps)
    unknown = [s for s in steps_named if s not in ids]
    if unknown:
        raise ValueError(f"rules finish and reminders: unknown steps {unknown}")
    if set(kb.rules.existing_credential.phases) - set(kb.phases):
        raise ValueError("rule existing-credential: unknown phases")
    unknown = [s for s in kb.roles if s not in ids]
    if unknown:
        raise ValueError(f"[roles]: unknown steps {unknown}")
    for warning in kb.warnings.values():
        unknown = [s for s in warning.steps if s not in ids]
        if unknown or not warning.steps:
            raise ValueError(f"warning {warning.id}: unknown or no steps {unknown}")


@functools.cache
def load_knowledge() -> Knowledge:
    """The knowledge shipped with this version of cmaplan."""
    return parse_knowledge(knowledge_data())
