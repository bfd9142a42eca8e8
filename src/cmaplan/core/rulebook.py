"""The AAMA's rules as the knowledge data states them (`[rules.*]`), as typed records (core
layer).

`parse_rules` reads each raw table once, naming any missing or wrongly typed value;
`rules.py` does the date arithmetic they describe, and `knowledge.py` checks that the facts,
steps and sources they name exist.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal, NamedTuple, get_args

from cmaplan.core.facts import Text, one_of, parse_texts
from cmaplan.core.model import RecertRoute

# How the credential's months are counted from the day of certification.
CountedFrom = Literal["end-of-month"]


class ExamCategoryRule(NamedTuple):
    """An application within `window` (a fact, in months) of graduating is category `inside`;
    a later one is category `outside`."""

    window: str
    inside: int
    outside: int
    sources: tuple[str, ...]


class ExamFeeRule(NamedTuple):
    """The exam fee is the entry of the table fact `fact` for the category and membership."""

    fact: str
    sources: tuple[str, ...]


class CredentialExpiryRule(NamedTuple):
    """The credential is current for `months` (a fact) counted as `counted_from` says."""

    months: str
    counted_from: CountedFrom
    sources: tuple[str, ...]


class RecertifyLeadRule(NamedTuple):
    """How long before the expiry the recertify step is due: a fact for each route."""

    leads: dict[RecertRoute, str]
    sources: tuple[str, ...]


class FinishRule(NamedTuple):
    """The step where a plan's forecast finish is measured, and what the finish is called."""

    step: str
    label: tuple[Text, ...]
    sources: tuple[str, ...]


class RemindersRule(NamedTuple):
    """The calendar's reminders: the steps that get one, and how many days before."""

    steps: tuple[str, ...]
    days_before: int
    expiry_days_before: tuple[int, ...]
    sources: tuple[str, ...]


class ExistingCredentialRule(NamedTuple):
    """A person who holds the credential already plans only the steps of `phases`."""

    phases: tuple[str, ...]
    sources: tuple[str, ...]


class LapseWindowRule(NamedTuple):
    """An expired credential can be renewed by CE for `months` (a fact) after its expiry,
    counted as `counted_to` says."""

    months: str
    counted_to: CountedFrom
    sources: tuple[str, ...]


class Rules(NamedTuple):
    exam_category: ExamCategoryRule
    exam_fee: ExamFeeRule
    credential_expiry: CredentialExpiryRule
    recertify_lead: RecertifyLeadRule
    finish: FinishRule
    reminders: RemindersRule
    existing_credential: ExistingCredentialRule
    lapse_window: LapseWindowRule

    def all(self) -> dict[str, tuple[str, ...]]:
        """Every rule's name in the data, with its sources."""
        return {name.replace("_", "-"): rule.sources for name, rule in self._asdict().items()}


class _Table:
    """One raw `[rules.*]` table, read a key at a time, each wrong value named."""

    def __init__(self, name: str, raw: Mapping[str, object]) -> None:
        self.name, self.raw = name, raw

    def _get(self, key: str) -> object:
        if key not in self.raw:
            raise ValueError(f"rule {self.name}: {key} is missing")
        return self.raw[key]

    def text(self, key: str) -> str:
        value = self._get(key)
        if not isinstance(value, str):
            raise ValueError(f"rule {self.name}: {key} is text")
        return value

    def number(self, key: str) -> int:
        value = self._get(key)
        if not isinstance(value, int) or isinstance(value, bool):
            raise ValueError(f"rule {self.name}: {key} is a whole number")
        return value

    def texts(self, key: str) -> tuple[str, ...]:
        value = self._get(key)
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ValueError(f"rule {self.name}: {key} is a list of text")
        return tuple(value)

    def numbers(self, key: str) -> tuple[int, ...]:
        value = self._get(key)
        if not isinstance(value, list) or not all(type(v) is int for v in value):
            raise ValueError(f"rule {self.name}: {key} is a list of whole numbers")
        return tuple(value)


def parse_rules(raw: Mapping[str, Mapping[str, object]]) -> Rules:
    """The `[rules.*]` tables (but the profile's) as typed records."""
    known = {name.replace("_", "-") for name in Rules._fields}
    unknown = set(raw) - known - {"profile"}
    if unknown:
        raise ValueError(f"unknown rules {sorted(unknown)}")
    missing = known - set(raw)
    if missing:
        raise ValueError(f"rules {sorted(missing)} are missing")
    t = {name: _Table(name, table) for name, table in raw.items()}
    category, fee, expiry = t["exam-category"], t["exam-fee"], t["credential-expiry"]
    lead, finish, reminders = t["recertify-lead"], t["finish"], t["reminders"]
    return Rules(
        ExamCategoryRule(
            category.text("window"),
            category.number("inside"),
            category.number("outside"),
            category.texts("sources"),
        ),
        ExamFeeRule(fee.text("fact"), fee.texts("sources")),
        CredentialExpiryRule(
            expiry.text("months"),
            one_of(
                expiry.text("counted_from"),
                get_args(CountedFrom),
                "rule credential-expiry: counted_from",
            ),
            expiry.texts("sources"),
        ),
        RecertifyLeadRule(
            {route: lead.text(route.value) for route in RecertRoute}, lead.texts("sources")
        ),
        FinishRule(
            finish.text("step"), parse_texts(finish.raw.get("label")), finish.texts("sources")
        ),
        RemindersRule(
            reminders.texts("steps"),
            reminders.number("days_before"),
            reminders.numbers("expiry_days_before"),
            reminders.texts("sources"),
        ),
        ExistingCredentialRule(
            t["existing-credential"].texts("phases"), t["existing-credential"].texts("sources")
        ),
        LapseWindowRule(
            t["lapse-window"].text("months"),
            one_of(
                t["lapse-window"].text("counted_to"),
                get_args(CountedFrom),
                "rule lapse-window: counted_to",
            ),
            t["lapse-window"].texts("sources"),
        ),
    )


def rule_facts(rules: Rules) -> dict[str, tuple[str, ...]]:
    """The facts each rule names, by rule."""
    return {
        "exam-category": (rules.exam_category.window,),
        "exam-fee": (rules.exam_fee.fact,),
        "credential-expiry": (rules.credential_expiry.months,),
        "recertify-lead": tuple(rules.recertify_lead.leads.values()),
        "lapse-window": (rules.lapse_window.months,),
    }
