"""The errors a user can meet, each with its exit code (core layer, stdlib only).

A CmaplanError's message is one sentence meant for the person at the terminal; the CLI prints it
without a traceback. Messages never carry a traceback's worth of personal data: at most the value
that was wrong.
"""

from __future__ import annotations


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
