"""The one way a record from outside is checked: a field spec (a typed record per field) and one
checker (core layer, stdlib only).

A file's table (the answers, a plan file's steps, history, undo, CEU and program entries) and a
command's options describe their fields as `Field`s; `read` checks a table against its fields
and `check` one value against one field. A refusal is a `FieldError` that names the field, the
value and what is allowed; the shell words it for the door it came through. A new field of a
file is one more `Field` in its table's spec.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any, Literal, NamedTuple

from cmaplan.core.errors import FieldError, Problem
from cmaplan.core.tables import tables

EARLIEST_DAY = date(1950, 1, 1)  # no day about this route can be older
LATEST_DAY = date(2199, 12, 31)  # nor this far ahead: dates stay far from the calendar's end
# The last day that can be today: a plan made then, with its longest route and renewals, is
# still dated before LATEST_DAY, so the file it writes can be read.
LATEST_TODAY = date(2149, 12, 31)

Kind = Literal[
    "bool", "int", "number", "text", "date", "choice", "picks", "dates", "items", "table", "tables"
]


class Field(NamedTuple):
    """One field: its name, kind, whether it must be given, and what it allows.

    Numbers allow `low` to `high` (only above `low` if `above`), in multiples of `step`;
    text allows `low` (not counting spaces around it) to `high` characters, on one line if
    `one_line`, matching `pattern` when not empty;
    a choice allows one of `choices`. `what` says what the value is meant to be ("a web
    address"), for messages. A "tables" field is an array of tables of `spec`, at most `high`;
    "dates" is a list of days, "items" a list of checklist item numbers and "picks" a list of
    different `choices`."""

    name: str
    kind: Kind
    required: bool = False
    low: float | None = None
    high: float | None = None
    choices: tuple[str, ...] = ()
    above: bool = False
    step: float | None = None
    one_line: bool = False
    pattern: re.Pattern[str] | None = None
    what: str = ""
    default: object = None
    spec: tuple[Field, ...] = ()


def allowed(field: Field) -> str:
    """What a field allows, in words ("3 to 24", "true or false", "one of a, b or c")."""
    if field.what and field.kind in ("text", "table"):
        return field.what
    match field.kind:
        case "bool":
            return "true or false"
        case "date":
            return f"a date from {EARLIEST_DAY} to {LATEST_DAY}"
        case "dates":
            return f"a list of dates from {EARLIEST_DAY} to {LATEST_DAY}"
        case "items":
            return "a list of item numbers, such as [1, 3]"
        case "choice":
            return _choices(field.choices)
        case "picks":
            return "a list of different words from: " + ", ".join(field.choices)
        case "table":
            return "a table"
        case "tables":
            return f"an array of tables ([[{field.name}]])"
        case "text":
            if field.high is None:
                return "non-empty text" if field.low else "text"
            line = " on one line" if field.one_line else ""
            if field.low:
                return f"{_n(field.low)} to {_n(field.high)} characters{line}"
            return f"text of at most {_n(field.high)} characters{line}"
        case "int" | "number":
            return _range(field)


def _choices(choices: tuple[str, ...]) -> str:
    if len(choices) == 2:
        return f"{choices[0]} or {choices[1]}"
    return "one of " + ", ".join(choices[:-1]) + f" or {choices[-1]}"


def _range(field: Field) -> str:
    low, high = field.low, field.high
    words = "a whole number" if field.kind == "int" else "a number"
    if low is not None and high is not None:
        words = (
            f"more than {_n(low)} and at most {_n(high)}"
            if field.above
            else f"{_n(low)} to {_n(high)}"
        )
    elif low is not None:
        words = f"more than {_n(low)}" if field.above else f"{words} from {_n(low)}"
    if field.step is not None:
        words += f", in steps of {_n(field.step)}"
    return words


def _n(number: float) -> str:
    return f"{int(number):,}" if float(number).is_integer() else f"{number:g}"


def brief(field: Field) -> str:
    """What a field is, in a word or two ("a date", "true or false"), for a missing one."""
    words = {"date": "a date", "int": "a whole number", "number": "a number", "text": "text"}
    return words.get(field.kind) or allowed(field)


def _refuse(field: Field, value: object, problem: Problem) -> FieldError:
    return FieldError(
        field.name,
        value,
        problem,
        brief(field) if problem == "missing" else allowed(field),
        low=field.low,
        high=field.high,
        choices=field.choices,
        what=field.what,
    )


def is_day(value: object) -> bool:
    """A calendar date (not a date-time) in the range cmaplan can plan with."""
    return (
        isinstance(value, date)
        and not isinstance(value, datetime)
        and EARLIEST_DAY <= value <= LATEST_DAY
    )


def check(field: Field, value: object) -> Any:
    """`value` if `field` allows it (a choice or a list comes back as given); FieldError if not."""
    match field.kind:
        case "bool":
            if not isinstance(value, bool):
                raise _refuse(field, value, "type")
        case "date":
            if not is_day(value):
                wrong = not isinstance(value, date) or isinstance(value, datetime)
                raise _refuse(field, value, "type" if wrong else "range")
        case "dates":
            if not isinstance(value, list | tuple) or not all(is_day(d) for d in value):
                raise _refuse(field, value, "type")
            if field.high is not None and len(value) > field.high:
                raise _refuse(field, value, "count")
        case "items":
            if not isinstance(value, list) or not all(
                isinstance(i, int) and not isinstance(i, bool) and i > 0 for i in value
            ):
                raise _refuse(field, value, "type")
        case "choice":
            if not isinstance(value, str) or value not in field.choices:
                raise _refuse(field, value, "choice")
        case "picks":
            if (
                not isinstance(value, list | tuple)
                or not all(isinstance(v, str) and v in field.choices for v in value)
                or len(set(value)) != len(value)
            ):
                raise _refuse(field, value, "type")
        case "text":
            _text(field, value)
        case "int" | "number":
            _number(field, value)
        case "table":
            if not isinstance(value, Mapping):
                raise _refuse(field, value, "type")
        case "tables":
            if not isinstance(value, list):
                raise _refuse(field, value, "type")
    return value


_SURROGATE = re.compile("[\ud800-\udfff]")


def _text(field: Field, value: object) -> None:
    if not isinstance(value, str):
        raise _refuse(field, value, "type")
    length = len(value.strip()) if field.low else len(value)
    if (field.low is not None and length < field.low) or (
        field.high is not None and len(value) > field.high
    ):
        raise _refuse(field, value, "length")
    if (field.one_line and "\n" in value) or (
        field.pattern is not None and value and not field.pattern.fullmatch(value)
    ):
        raise _refuse(field, value, "form")
    if _SURROGATE.search(value):  # bytes no file can hold as UTF-8 text (a path's)
        raise _refuse(field, value, "form")


# How the plan file writes a character of text (a TOML basic string): a quote, a backslash and
# the control characters with a short escape take two characters there, every other control
# character but the tab six (\\u0001), and anything else one.
_SHORT_ESCAPES = frozenset('"\\\b\n\f\r')
_LONG_ESCAPES = frozenset(chr(c) for c in [*range(0x20), 0x7F]) - _SHORT_ESCAPES - {"\t"}
# What each counts for at the door (`door_length`): ten and twenty letters' reading time.
SHORT_ESCAPE_COUNTS = 10
LONG_ESCAPE_COUNTS = 20


def stored_length(text: str) -> int:
    """How many characters `text` takes in the plan file."""
    return (
        len(text)
        + sum(1 for c in text if c in _SHORT_ESCAPES)
        + sum(5 for c in text if c in _LONG_ESCAPES)
    )


def door_length(text: str) -> int:
    """What `text` counts for at the door: a letter one, an escaped character what reading it
    costs. The reader takes 22 ns for a letter, 220 for a short escape (\\" \\\\ \\n) and 455
    for a long one (\\u0001): a plan of quotes counted as three read at 2.1-2.3 times a small
    plan's time, where letters read at 1.5."""
    short = sum(1 for c in text if c in _SHORT_ESCAPES)
    long = sum(1 for c in text if c in _LONG_ESCAPES)
    return len(text) + short * (SHORT_ESCAPE_COUNTS - 1) + long * (LONG_ESCAPE_COUNTS - 1)


def check_typed(field: Field, value: object) -> Any:
    """`check`, and at the door a text (what a person types or imports, not what a plan file
    already holds) must also fit its limit as the file stores it: escapes cost the reader time,
    so a plan of accepted texts stays as fast to read as one of letters. FieldError "stored"
    (`detail` is the stored length) if not."""
    check(field, value)
    if field.kind == "text" and field.high is not None and isinstance(value, str):
        stored = door_length(value)
        if stored > field.high:
            raise FieldError(
                field.name,
                value,
                "stored",
                f"at most {_n(field.high)} characters as the plan file stores them",
                high=field.high,
                what=field.what,
                detail=stored,
            )
    return value


def stored_words(what: str, stored: object, high: float | None) -> str:
    """The sentence for a text refused by its stored length (`what` names it: "the note")."""
    return (
        f"{what} counts for {stored:,} characters, where it may have {_n(high or 0)}: the plan "
        "file escapes a line break, quote or backslash, which then counts as "
        f"{SHORT_ESCAPE_COUNTS}, and a control character as {LONG_ESCAPE_COUNTS}; shorten it"
    )


def _number(field: Field, value: object) -> None:
    whole = isinstance(value, int) and not isinstance(value, bool)
    if not whole and (field.kind == "int" or not isinstance(value, float)):
        raise _refuse(field, value, "type")
    number: float = value  # type: ignore[assignment]
    low, high = field.low, field.high
    if (
        number != number  # nan
        or (low is not None and (number <= low if field.above else number < low))
        or (high is not None and number > high)
        or (field.step is not None and not float(number / field.step).is_integer())
    ):
        raise _refuse(field, value, "range")


def read(raw: Mapping[str, Any], spec: tuple[Field, ...], at: str) -> dict[str, Any]:
    """The table `raw` (found at `at`) checked against `spec`: each field's value, or its
    default when it is left out; nested arrays of tables are read with their own spec. A key
    not in `spec` was refused by `tables` already; anything else wrong is a FieldError naming
    `at`."""
    out: dict[str, Any] = {}
    for field in spec:
        if field.name not in raw:
            if field.required:
                raise _refuse(field, None, "missing").placed(at)
            out[field.name] = field.default
            continue
        value = raw[field.name]
        if field.kind == "tables":  # `tables` words what is wrong with the array itself
            out[field.name] = read_tables(value, field, f"{at} {field.name}")
            continue
        try:
            out[field.name] = check(field, value)
        except FieldError as error:
            raise error.placed(at) from None
    return out


def read_tables(raw: object, field: Field, at: str) -> list[dict[str, Any]]:
    """Each table of the array `raw` (a "tables" field), checked against its spec."""
    keys = frozenset(f.name for f in field.spec)
    limit = int(field.high) if field.high is not None else 10**6
    return [
        read(entry, field.spec, place) for place, entry in tables(raw, at, field.name, limit, keys)
    ]
