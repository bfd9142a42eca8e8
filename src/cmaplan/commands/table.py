"""What a command is made of (commands layer): the records `commands/declared.py` declares
every command with, once.

Both front doors are made from those declarations: `commands/reading.py` reads a command line
against them (the quick path, without typer; every usage error worded by cmaplan) and
`cli/build.py` makes the typer app from them (help pages, shell completion).
"""

from __future__ import annotations

from typing import Literal, NamedTuple

ParamKind = Literal["argument", "option", "flag"]
# What an option's or argument's text is turned into before the body sees it.
ValueKind = Literal["text", "whole", "number", "path", "command"]  # command: words naming one
# What completes it on the command line (`cli/completing.py` has one function for each).
Completion = Literal[
    "step", "target", "phase", "day", "program", "area", "example", "shell", "command", "format"
]
# Which door runs the command: the quick path, or typer (it needs click's help or completion).
Door = Literal["quick", "typer"]


class Param(NamedTuple):
    """One argument, option or flag, and the keyword its body takes it by."""

    name: str
    kind: ParamKind
    words: tuple[str, ...] = ()  # an option's words, the long one first ("--output", "-o")
    metavar: str = ""
    help: str = ""
    value: ValueKind = "text"
    many: bool = False  # an option given again adds a value; an argument takes any number
    required: bool = False
    default: bool | None = False  # a flag's value when it is not given (None: not said)
    off: str = ""  # a flag's word for False ("--not-approved"), when it has one
    complete: Completion | None = None

    @property
    def label(self) -> str:
        """How a message names it: its first word, or an argument's metavar."""
        return self.words[0] if self.words else self.metavar or self.name.upper()


class Command(NamedTuple):
    """A command, or a group of subcommands (`ceu`, `program`) with its own body when alone."""

    name: str
    help: str  # the first line is the summary `cmaplan --help` lists; a blank line, then more
    body: tuple[str, str]  # (module under cmaplan, function), called with keyword arguments
    params: tuple[Param, ...] = ()
    subcommands: tuple[Command, ...] = ()
    door: Door = "quick"
    epilog: tuple[str, str] | None = None  # (module, function): the text after its help page

    @property
    def summary(self) -> str:
        return self.help.split("\n\n")[0]

    def sub(self, name: str) -> Command | None:
        return next((c for c in self.subcommands if c.name == name), None)


def opt(
    name: str,
    words: str,
    metavar: str,
    text: str,
    value: ValueKind = "text",
    *,
    many: bool = False,
    required: bool = False,
    complete: Completion | None = None,
) -> Param:
    """An option that takes a value; `words` are its words, space-separated ("--output -o")."""
    return Param(
        name,
        "option",
        tuple(words.split()),
        metavar,
        text,
        value,
        many=many,
        required=required,
        complete=complete,
    )


def flag(name: str, word: str, text: str, *, default: bool | None = False, off: str = "") -> Param:
    """An option that is there or not (`off`: its word for no, e.g. --not-approved)."""
    return Param(name, "flag", (word,), help=text, default=default, off=off)


def arg(
    name: str,
    metavar: str,
    text: str = "",
    value: ValueKind = "text",
    *,
    many: bool = False,
    required: bool = False,
    complete: Completion | None = None,
) -> Param:
    """An argument, by position (`many`: any number of them)."""
    return Param(
        name,
        "argument",
        metavar=metavar,
        help=text,
        value=value,
        many=many,
        required=required,
        complete=complete,
    )
