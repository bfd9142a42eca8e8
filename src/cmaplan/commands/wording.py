"""How a refused field is worded when it came from the command line (commands layer): the
option's door of a `FieldError` (`storage/filewords.py` is the file's).

The core names the field (`months`); here it becomes the option a person typed (`--months`),
in one sentence that says what to give instead.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from cmaplan.core.errors import FieldError, UsageError, shown
from cmaplan.core.fields import stored_words


def option(field: str) -> str:
    """The option that gives a field: part_time_months is --part-time-months."""
    return "--" + field.replace("_", "-")


def _n(number: float | None) -> str:
    if number is None:
        return ""
    return f"{int(number):,}" if float(number).is_integer() else f"{number:g}"


def _points(points: object) -> str:
    """Points as a person would write them, to the digit: 2, 1.5, 0.5000000000000001, nan."""
    if not isinstance(points, float | int):
        return shown(points)
    if points != points or abs(points) == float("inf"):
        return repr(points)
    if float(points).is_integer():
        return str(int(points))  # 1000000000000000, not 1e+15 or 1000000000000000.0
    short = f"{points:g}"
    return short if float(short) == points else repr(points)  # 0.5000000000000001, not 0.5


def entry_message(error: FieldError) -> str | None:
    """The sentence for a CEU's field, given as an option of `ceu add` or in a row of the
    CSV file `ceu import` reads (the words name no option, so both doors share them)."""
    match error.field, error.problem:
        case "title" | "provider", "stored":
            return stored_words(f"the {error.field}", error.detail, error.high)
        case "proof", "stored":
            return stored_words("the proof's path", error.detail, error.high)
        case "proof", "form":
            return (
                "the proof's full path holds bytes that are not UTF-8 text, which the plan file "
                "cannot keep: rename that folder or file, or keep the certificate elsewhere"
            )
        case "points", _:
            return f"{_points(error.value)} points is not allowed: give {error.allowed}"
        case "title", "length" if isinstance(error.value, str) and not error.value.strip():
            return "a title must have words, not only spaces"
        case "title", _:
            return f"a title must be {error.allowed}"
        case "provider", _:
            return f"a provider must be at most {_n(error.high)} characters"
        case "proof", _:
            return f"the proof's path must be at most {_n(error.high)} characters"
    return None


def in_csv(error: FieldError) -> UsageError:
    """A CEU row's refused field, with the line it is on: nothing of the file is imported."""
    words = entry_message(error) or f"{error.field} must be {error.allowed}"
    return UsageError(f"{error.at}: {words}; nothing was imported")


def option_message(error: FieldError) -> str:
    """The sentence for a field given as an option (a program's fields keep their own words)."""
    opt, value, low, high = option(error.field), error.value, _n(error.low), _n(error.high)
    entry = entry_message(error)
    if entry is not None:
        return entry
    match error.field, error.problem:
        case "name" | "note", "stored":
            return stored_words(f"the {error.field}", error.detail, error.high)
        case _, "stored":
            return stored_words(opt, error.detail, error.high)
        case "name", _:
            return f"a program's name must be {low} to {high} characters on one line"
        case "type", _:
            return f"{opt} must be {error.allowed}"
        case "months", "range":
            return f"{value} months is not {error.what}: give {opt} {low} to {high}"
        case "part_time_months", "order":
            return (
                f"{opt} {value} is shorter than {option(error.other)} {error.detail}: "
                "part-time study takes longer"
            )
        case "part_time_months", "range":
            return f"{opt} must be {low} to {high} months"
        case "pass_rate", "range":
            return f"{opt} {value:g} is not a percentage from {low} to {high}"
        case "cost", "range":
            return f"{opt} {value:,} is not a program's cost: give {low} to {high} dollars"
        case "format", "choice":
            return f"{opt} must be one of {', '.join(error.choices)}"
        case "img_support", "choice":
            return f"{opt} must be {', '.join(error.choices[:-1])} or {error.choices[-1]}"
        case "url", "length":
            return f"{opt} is {len(str(value)):,} characters long: keep it to {high}"
        case "url", _:
            return f"{opt} {value} is not {error.allowed}"
        case "starts", "count":
            return f"give at most {high} start dates"
        case "starts", "ahead":
            return f"{opt} {value} is more than {error.detail} years ahead; check it"
        case "starts", "passed":
            return (
                f"{opt} {value} has passed (today is {error.detail}); give intakes still "
                "ahead, or add --past to record one that was"
            )
        case "accreditor" | "externship" | "city", "length":
            return f"keep each description under {high} characters"
        case "on", "ahead":
            return (
                f"{opt} {value} is in the future; you can only mark what is done "
                f"(today is {error.detail})"
            )
        case "on", "order":
            return f"{opt} {value} is not after the start of the current period ({error.detail})"
        case "note", "length":
            return f"keep the note under {error.high:g} characters"
    return f"{opt} {shown(value)} is not allowed: give {error.allowed}"


@contextmanager
def as_options() -> Iterator[None]:
    """Word a FieldError raised inside as the command line's (a UsageError, exit 64)."""
    try:
        yield
    except FieldError as error:
        raise UsageError(option_message(error)) from None
