"""Facts and their sources as typed records, a fact as a plan states it, and the texts that
apply under conditions (core layer).

`knowledge.parse_knowledge` builds these once from data/knowledge.toml, checking every kind
(`Sureness`, `SourceKind`, `Unit`) and every value's shape here, so that code reading a fact
never meets a raw TOML value.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Literal, NamedTuple, TypeGuard, TypeVar, assert_never, get_args

# How sure a fact is, and the kinds of source that say so.
Sureness = Literal["official", "seed", "secondary", "estimate"]
SURENESS: tuple[Sureness, ...] = get_args(Sureness)
SourceKind = Literal["official", "seed", "secondary", "ours", "school"]
# The kind of source each sureness needs among a fact's sources (and a kind it must not have).
SURENESS_NEEDS: dict[Sureness, tuple[SourceKind, SourceKind | None]] = {
    "official": ("official", None),
    "seed": ("seed", "official"),
    "secondary": ("secondary", None),
    "estimate": ("ours", None),
}
# What a fact's number counts; the first seven are shown in their own way, the others after it.
Unit = Literal[
    "list",
    "text",
    "month-day",
    "usd",
    "count",
    "percent",
    "factor",
    "days",
    "business days",
    "weeks",
    "months",
    "years",
    "hours",
    "hours a week",
    "minutes",
]
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

Scalar = str | int | float
FactEntry = Scalar | list[Scalar]
# A fact's value: a number or text, a list (a range is two numbers), or a table of those by case.
FactValue = FactEntry | dict[str, FactEntry]


class Source(NamedTuple):
    id: str
    title: str
    where: str
    kind: SourceKind

    def cite(self) -> str:
        """The source as a person reads it: its title and the page (or what it is)."""
        if self.where.startswith("https://"):
            return f"{self.title}: {self.where.removeprefix('https://')}"
        return f"{self.title} ({self.where})"


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


class Fact(NamedTuple):
    name: str
    value: FactValue
    unit: Unit
    sources: tuple[str, ...]
    sure: Sureness
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

    def entry(self, key: str) -> FactEntry:
        """One case of a fact whose value is a table (one value per case)."""
        if not isinstance(self.value, dict) or key not in self.value:
            raise KeyError(f"fact {self.name} has no entry {key!r}")
        return self.value[key]

    def range(self, key: str | None = None) -> tuple[float, float]:
        """The fact as a (shortest, longest) pair; a table of ranges is indexed by `key`."""
        value = self.entry(key) if isinstance(self.value, dict) and key is not None else self.value
        if isinstance(value, list) and len(value) == 2 and all(map(_is_number, value)):
            return float(value[0]), float(value[1])
        if isinstance(value, int | float) and not isinstance(value, bool):
            return float(value), float(value)
        raise TypeError(f"fact {self.name} is not a duration range")

    def number(self, key: str | None = None) -> float:
        """The fact as one number; a table of numbers is indexed by `key`."""
        value = self.entry(key) if key is not None else self.value
        if isinstance(value, int | float) and not isinstance(value, bool):
            return float(value)
        raise TypeError(f"fact {self.name} is not a number")

    def words(self) -> tuple[str, ...]:
        """A list fact's items as the data gives them (a single value is a list of one)."""
        value = self.value
        if isinstance(value, dict):
            raise TypeError(f"fact {self.name} is a table, not a list")
        return tuple(str(v) for v in (value if isinstance(value, list) else [value]))

    def month_day(self) -> tuple[int, int]:
        """A month-day fact as (month, day)."""
        if self.unit != "month-day" or not isinstance(self.value, list):
            raise TypeError(f"fact {self.name} is not a day of the year")
        month, day = self.value
        return int(month), int(day)

    def items(self) -> tuple[str, ...]:
        """A list fact as separate items (checklist entries), each with the fact's label."""
        return tuple(
            f"{item[:-1]}{self.label}." if item.endswith(".") else f"{item}{self.label}"
            for item in self.words()
        )

    def render(self, key: str | None = None) -> str:
        """The fact as a plan states it, with its label when it is our estimate or unconfirmed.

        A fact whose value is a table (one value per case) is rendered for the case `key`.
        """
        value = self.entry(key) if key is not None else self.value
        if isinstance(value, dict):
            raise TypeError(f"fact {self.name} is a table: render one of its entries")
        return _format_value(value, self.unit) + self.label


class FactTable:
    """A table fact in a template: `{exam_fee[2-member]}` renders one case."""

    def __init__(self, fact: Fact) -> None:
        self.fact = fact

    def __getitem__(self, key: str) -> str:
        return self.fact.render(key)


def _format_number(number: Scalar) -> str:
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


def _format_value(value: FactEntry, unit: Unit) -> str:
    if unit == "list":
        return _join([str(item) for item in (value if isinstance(value, list) else [value])])
    if unit == "text":
        return str(value)
    if unit == "month-day":
        if not isinstance(value, list):
            raise TypeError("a day of the year is a [month, day] pair")
        month, day = value
        return f"{MONTHS[int(month) - 1]} {int(day)}"
    if isinstance(value, list):
        low, high = (_format_number(v) for v in value)
        amount = f"{low}–{high}"
    else:
        amount = _format_number(value)
    match unit:
        case "usd":
            return "$" + amount.replace("–", "–$")
        case "count":
            return amount
        case "percent":
            return f"{amount}%"
        case "factor":
            return f"{amount}×"
        case (
            "days" | "business days" | "weeks" | "months" | "years" | "hours" | "hours a week"
        ) | "minutes":
            return f"{amount} {unit}"
        case unknown:
            assert_never(unknown)


def parse_fact(name: str, raw: dict[str, object]) -> Fact:
    """One `[facts.*]` table as a Fact, its kinds and the shape of its value checked."""
    unit = one_of(raw.get("unit"), get_args(Unit), f"fact {name}: unit")
    sure = one_of(raw.get("sure"), SURENESS, f"fact {name}: sure")
    value = raw.get("value")
    if not _is_value(value):
        raise ValueError(f"fact {name}: a value is a number, text, a list or a table of those")
    sources = raw.get("sources", ())
    if not isinstance(sources, list) or not all(isinstance(s, str) for s in sources):
        raise ValueError(f"fact {name}: sources is a list of source ids")
    return Fact(name, value, unit, tuple(sources), sure, bool(raw.get("verify", False)))


K = TypeVar("K", bound=str)


def one_of(value: object, kinds: tuple[K, ...], what: str) -> K:
    """`value` as one of the `kinds` of a literal type; anything else is refused, naming `what`."""
    for kind in kinds:
        if value == kind:
            return kind
    raise ValueError(f"{what} must be one of {', '.join(kinds)}, not {value!r}")


def _is_entry(value: object) -> TypeGuard[FactEntry]:
    scalar = (str, int, float)
    if isinstance(value, list):
        return all(isinstance(v, scalar) and not isinstance(v, bool) for v in value)
    return isinstance(value, scalar) and not isinstance(value, bool)


def _is_value(value: object) -> TypeGuard[FactValue]:
    if isinstance(value, dict):
        return all(isinstance(k, str) and _is_entry(v) for k, v in value.items())
    return _is_entry(value)


def parse_source(key: str, raw: dict[str, object]) -> Source:
    """One `[sources.*]` table as a Source, its kind checked."""
    kind = one_of(raw.get("kind"), get_args(SourceKind), f"source {key}: kind")
    return Source(key, str(raw["title"]), str(raw["where"]), kind)


class Text(NamedTuple):
    """A paragraph or checklist item that applies when every condition in `when` holds."""

    text: str
    when: tuple[str, ...] = ()


def choose(texts: tuple[Text, ...], holds: Callable[[tuple[str, ...]], bool]) -> str:
    """The first text whose conditions hold (`holds(when)` decides)."""
    for item in texts:
        if holds(item.when):
            return item.text
    raise LookupError("a list of variants must end with one that always applies")


def parse_texts(raw: Any) -> tuple[Text, ...]:
    """A text, or a list of texts and `{ when, text }` tables, as Texts."""
    out: list[Text] = []
    if isinstance(raw, str):
        raw = [raw]
    for item in raw or ():
        if isinstance(item, str):
            out.append(Text(item))
        else:
            out.append(Text(str(item["text"]), tuple(item.get("when", ()))))
    return tuple(out)
