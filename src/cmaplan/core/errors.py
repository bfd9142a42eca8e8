"""The errors a user can meet, each with its exit code (core layer, stdlib only).

A CmaplanError's message is one sentence meant for the person at the terminal; the CLI prints it
without a traceback. Messages never carry a traceback's worth of personal data: at most the value
that was wrong.
"""

from __future__ import annotations

from datetime import date
from typing import Literal


class CmaplanError(Exception):
    """Base class: a problem the user can fix. `exit_code` follows BSD sysexits where one fits."""

    exit_code = 1

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


class UsageError(CmaplanError):
    """The command line asks for something impossible (an unknown step, a bad date)."""

    exit_code = 64


class CommandLineError(CmaplanError):
    """The command line names something that does not exist (a command): like click's usage
    errors, exit 2."""

    exit_code = 2


class AnswersError(CmaplanError):
    """An answers file or a [profile] table holds an unknown key or an impossible value."""

    exit_code = 65


class PlanMissingError(CmaplanError):
    """There is no plan file yet."""

    exit_code = 66


class PlanFileError(CmaplanError):
    """The plan file exists but cannot be read or understood."""

    exit_code = 65


class PlanTooLargeError(CmaplanError):
    """A change would make the plan file larger than cmaplan reads: it is not saved."""

    exit_code = 65


class PlanExistsError(CmaplanError):
    """init would replace a plan the user has not asked to replace."""

    exit_code = 73


class StorageError(CmaplanError):
    """The operating system refused to read or write a file."""

    exit_code = 74


class NoTerminalError(CmaplanError):
    """An interactive command was run without a terminal to ask on."""

    exit_code = 64


class NotSaved(CmaplanError):
    """The user declined to save at the end of the interview."""

    exit_code = 1


# What is wrong with a value: left out, of another type, outside its range, not one of its
# choices, too long or short, not of its form, too many, before another field, too far ahead
# or already passed.
Problem = Literal[
    "missing",
    "type",
    "range",
    "choice",
    "length",
    "form",
    "count",
    "order",
    "ahead",
    "passed",
    "stored",
]


class FieldError(CmaplanError):
    """One field of a record holds what it must not: which field, the value, the problem and
    what is allowed (its words, and its range or choices). The core raises it without knowing
    where the value came from; the shell words it for its door (`commands/wording.py` for an
    option, `storage/filewords.py` for a file) and `message` is only the neutral fallback.

    `what` says what the value is meant to be ("a web address"), when its field says;
    `at` names the record in its file ("[[programs]] number 2"), when a file's reader knows it;
    `other` is the field an "order" problem is measured against; `detail` carries a day or a
    count a message needs (the limit passed, today)."""

    exit_code = 65

    def __init__(
        self,
        field: str,
        value: object,
        problem: Problem,
        allowed: str,
        *,
        low: float | None = None,
        high: float | None = None,
        choices: tuple[str, ...] = (),
        what: str = "",
        at: str = "",
        other: str = "",
        detail: object = None,
    ) -> None:
        self.field, self.value, self.problem, self.allowed = field, value, problem, allowed
        self.low, self.high, self.choices, self.what = low, high, choices, what
        self.at, self.other, self.detail = at, other, detail
        if problem == "missing":
            message = f"{field} is missing: give {allowed}."
        else:
            message = f"{field} is {shown(value)}; it must be {allowed}."
        super().__init__(message)

    def placed(self, at: str) -> FieldError:
        """The same error, found in the record `at`."""
        return FieldError(
            self.field,
            self.value,
            self.problem,
            self.allowed,
            low=self.low,
            high=self.high,
            choices=self.choices,
            what=self.what,
            at=at,
            other=self.other,
            detail=self.detail,
        )


def shown(value: object) -> str:
    """A value as a message shows it: TOML-like, and never long."""
    if isinstance(value, bool):
        text = "true" if value else "false"
    elif isinstance(value, str):
        text = f'"{value}"'
    elif isinstance(value, dict):
        text = "a table"
    elif isinstance(value, list | tuple):
        more = ", ..." if len(value) > 3 else ""
        text = "[" + ", ".join(shown(item) for item in value[:3]) + more + "]"
    elif isinstance(value, date):
        text = value.isoformat()
    elif isinstance(value, float):
        text = f"{value:g}"
    else:
        text = str(value)
    return text if len(text) <= 40 else text[:37] + "..."
