"""The quick path: the everyday commands run without importing typer (console script).

`cmaplan check ID`, `status`, `timeline` and a few more are run many times a day (and `export`,
`compare` and `ceu` would cost over 10×F through typer); typer and its
click take about 45 ms to import, several times the whole budget of such a command. So the
entry point first reads the command line here, against the same words the typer app declares,
and calls the command's body (`cmaplan.commands`) itself. Anything it is not sure of — an option it
does not know, a value that looks like an option, `--help` after a command, completion — is left
to the typer app, which also gives every usage error. A test holds the two readings equal.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from typing import Any

FLAG, VALUE, MANY = "flag", "value", "many"

# command → ({option: (parameter, kind)}, positional parameters; MANY takes any number)
Spec = tuple[dict[str, tuple[str, str]], tuple[str, ...]]
SPECS: dict[str, Spec] = {
    "check": (
        {"--on": ("on", VALUE), "--undo": ("undo", FLAG), "--note": ("note", VALUE)},
        (MANY,),
    ),
    "note": ({}, ("step_id", "text")),
    "undo": ({}, ()),
    "status": ({"--history": ("history", FLAG), "--json": ("json_out", FLAG)}, ()),
    "timeline": (
        {
            "--all": ("show_all", FLAG),
            "--phase": ("phase", MANY),
            "--no-bars": ("no_bars", FLAG),
            "--json": ("json_out", FLAG),
        },
        (),
    ),
    "show": ({}, ("step_id",)),
    "export": ({"--output": ("output", VALUE), "-o": ("output", VALUE)}, ("fmt",)),
    "ceu": ({"--json": ("json_out", FLAG)}, ()),
    "compare": (
        {
            "--json": ("json_out", FLAG),
            "--pace": ("pace", VALUE),
            "--program": ("program", VALUE),
            "--start": ("start", VALUE),
        },
        (),
    ),
}
GLOBAL_ONLY = {"--help": "--help", "-h": "--help", "--version": "--version"}
MANY_NAME = "targets"  # the name of check's list of ids


class Declined(Exception):
    """The quick path is not sure of this command line; the typer app reads it."""


def _value(args: list[str], at: int, inline: str | None) -> tuple[str, int]:
    """An option's value (`--on=DAY` or `--on DAY`) and where reading goes on."""
    if inline is not None:
        return inline, at + 1
    if at + 1 >= len(args) or args[at + 1].startswith("-"):
        raise Declined  # missing, or looks like an option: typer says what is wrong
    return args[at + 1], at + 2


def read_command(args: Sequence[str]) -> tuple[str | None, str | None, dict[str, Any]]:
    """(the --plan given or None, the command or None, its parameters), or Declined.

    None as the command: nothing but global options, i.e. `cmaplan` alone; "--help" and
    "--version" as the command: that option alone (`cmaplan help` alone is "--help" too).
    """
    words = list(args)
    plan: str | None = None
    at = 0
    while at < len(words) and words[at].startswith("-"):
        name, eq, inline = words[at].partition("=")
        if name == "--plan" and plan is None:
            plan, at = _value(words, at, inline if eq else None)
            if not plan:
                raise Declined
        elif not eq and name in GLOBAL_ONLY and len(words) == at + 1:
            return plan, GLOBAL_ONLY[name], {}
        else:
            raise Declined
    if at == len(words):
        return plan, None, {}
    command = words[at]
    if command == "help" and at + 1 == len(words):  # `cmaplan help`: the same text as --help
        return plan, "--help", {}
    spec = SPECS.get(command)
    if spec is None:
        raise Declined
    options, positional = spec
    params: dict[str, Any] = {}
    given: list[str] = []
    at += 1
    while at < len(words):
        word = words[at]
        if word == "--":
            given.extend(words[at + 1 :])
            break
        if word == "-":
            raise Declined  # stdin as a file, to click: not one of these commands' words
        if not word.startswith("-"):
            given.append(word)
            at += 1
            continue
        name, eq, inline = word.partition("=")
        parameter, kind = options.get(name, ("", ""))
        if not parameter:
            raise Declined  # --help, a typo, a short option: typer answers
        if kind == FLAG:
            if eq:
                raise Declined
            params[parameter] = True
            at += 1
        elif kind == VALUE:
            if parameter in params:
                raise Declined  # given twice: typer decides which counts
            params[parameter], at = _value(words, at, inline if eq else None)
        else:
            value, at = _value(words, at, inline if eq else None)
            params.setdefault(parameter, []).append(value)
    if positional == (MANY,):
        params[MANY_NAME] = given or None
    elif len(given) != len(positional):
        raise Declined
    else:
        params.update(zip(positional, given, strict=True))
    return plan, command, params


# command -> (module under cmaplan.commands, function): imported only for the command run.
BODIES: dict[str, tuple[str, str]] = {
    "check": ("progress", "check"),
    "note": ("progress", "note"),
    "undo": ("progress", "undo_change"),
    "status": ("views", "status"),
    "timeline": ("views", "timeline"),
    "show": ("views", "show_step"),
    "export": ("exporting", "export"),
    "ceu": ("credential", "ceu_summary"),
    "compare": ("routes", "compare"),
}


def _runner(command: str) -> Callable[..., None]:
    """The body of a command (its module imported only for the command run)."""
    from importlib import import_module

    module, name = BODIES[command]
    body: Callable[..., None] = getattr(import_module(f"cmaplan.commands.{module}"), name)
    return body


def run(args: Sequence[str]) -> bool:
    """Run the command line if the quick path is sure of it (True); False: typer's turn.

    Exits as the typer app would: SystemExit with the command's code, 1 on a closed pipe.
    """
    from pathlib import Path

    from cmaplan.commands.common import (
        COMPLETE_VAR,
        Invocation,
        echo,
        prepare_streams,
        refuse_undecodable,
        reporting_errors,
    )

    if os.environ.get(COMPLETE_VAR):
        return False
    try:
        plan, command, params = read_command(args)
    except Declined:
        return False

    prepare_streams()
    refuse_undecodable(args)
    Invocation.plan = Path(plan) if plan is not None else None
    Invocation.typed_plan = plan is not None
    try:
        if command is None:
            from cmaplan.commands.views import overview

            overview()
        elif command.startswith("-"):
            with reporting_errors():  # a full disk or a closed stdout: one sentence
                if command == "--help":
                    from cmaplan.commands.usage import top_help

                    echo(top_help())
                else:
                    from cmaplan import __version__

                    echo(f"cmaplan {__version__}")
        else:
            _runner(command)(**params)
        with reporting_errors():  # whatever is still buffered: a full disk is one sentence
            sys.stdout.flush()
    except BrokenPipeError:  # the reader went away (`| head`): quietly, as click does
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - nothing more may reach the pipe
        raise SystemExit(1) from None
    return True
