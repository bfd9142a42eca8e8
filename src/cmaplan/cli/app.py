"""The typer app every command registers on, and what all commands share (cli layer).

The one error boundary lives here: a problem the user can fix, a usage error, Ctrl-C or Ctrl-D
is one `cmaplan:` sentence on stderr and an exit code, never a traceback. So do today's date (the
only place that reads the clock), the plan's path, and how output reaches the terminal.
"""

from __future__ import annotations

import difflib
import os
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperCommand, TyperGroup

from cmaplan import __version__
from cmaplan.commands import usage
from cmaplan.commands.common import (
    COMPLETE_VAR,
    ENV_PLAN,
    Invocation,
    fail,
    interrupted,
    prepare_streams,
    refuse_undecodable,
    release_gone_stdout,
)

USAGE_EXIT = 2


class Command(TyperCommand):
    """A command whose usage line shows its arguments as its help names them (ID, not {ID})."""

    def collect_usage_pieces(self, ctx: typer.Context) -> list[str]:  # type: ignore[override]
        return [p.replace("{", "").replace("}", "") for p in super().collect_usage_pieces(ctx)]

    def get_short_help_str(self, limit: int = 45) -> str:
        """The whole first paragraph of the help, for a group's list of commands: click cuts it
        at the terminal's width with "..." (`cmaplan ceu --help`); the list wraps it instead."""
        text = self.short_help or (self.help or "").split("\n\n")[0]
        return " ".join(text.split())


class Group(TyperGroup):
    """cmaplan's command group: usage errors become one sentence, like every other error, and
    help lists the commands in the order a newcomer meets them."""

    def list_commands(self, ctx: typer.Context) -> list[str]:  # type: ignore[override]
        names = super().list_commands(ctx)
        order = {name: n for n, (name, _) in enumerate(usage.COMMANDS)}
        return sorted(names, key=lambda name: order.get(name, len(order)))

    def format_help(self, ctx: typer.Context, formatter: Any) -> None:  # type: ignore[override]
        """The same text the quick path prints for `cmaplan --help`."""
        formatter.write(usage.top_help() + "\n")

    def main(  # type: ignore[override]
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        prepare_streams()
        refuse_undecodable(sys.argv[1:] if args is None else args)
        if os.environ.get(COMPLETE_VAR):  # typer's completion classes, only when completing
            from typer._completion_classes import completion_init

            completion_init()
        try:
            result = super().main(
                args, prog_name or "cmaplan", complete_var or COMPLETE_VAR, False, **extra
            )
        except SystemExit:
            release_gone_stdout()
            raise
        except typer.Abort:  # Ctrl-C outside a command's own error boundary
            from cmaplan.storage.store import SAVED

            fail(interrupted(bool(SAVED)), "", 130)
            code = 130
        except typer.TyperException as error:  # click's usage errors, bundled with typer
            fail(usage_message(error, self, args or sys.argv[1:]), "", USAGE_EXIT)
            code = USAGE_EXIT
        else:
            code = result if isinstance(result, int) else 0
        code = code or release_gone_stdout()
        if standalone_mode:
            sys.exit(code)
        return code


def usage_message(error: typer.TyperException, group: TyperGroup, args: Sequence[str]) -> str:
    """A usage error as one sentence, with a "did you mean" where one fits."""
    ctx = getattr(error, "ctx", None)
    text = error.format_message() if hasattr(error, "format_message") else str(error)
    # The command typed, when there is one: its options are the ones to suggest.
    typed = next((a for a in args if a in group.commands), None)
    sub = group.commands.get(typed) if typed else None
    if isinstance(sub, TyperGroup):  # `cmaplan program add`: the subcommand's own options
        rest = args[list(args).index(typed) + 1 :] if typed else []
        inner = next((a for a in rest if a in sub.commands), None)
        if inner is not None:
            sub, typed = sub.commands[inner], f"{typed} {inner}"
    command = f"cmaplan {typed}" if typed else "cmaplan"
    unknown = re.match(r"No such command '(.+?)'", text)
    if unknown:
        name = unknown.group(1)
        names = group.list_commands(ctx) if ctx is not None else []
        close = difflib.get_close_matches(name, names, n=1, cutoff=0.5)
        hint = f'; did you mean "{close[0]}"?' if close else "."
        return f'there is no command "{name}"{hint} `cmaplan help` lists the commands'
    option = getattr(error, "option_name", None)
    params = list(sub.params if sub is not None else group.params)
    if option and "requires an argument" in text:
        metavar = next((p.metavar for p in params if option in p.opts and p.metavar), "a value")
        return f"{option} needs {metavar}; `{command} --help` says what to give"
    if option:
        if any(option in p.opts for p in group.params):
            return f"{option} goes before the command: `cmaplan {option} FILE {typed}`"
        known = [o for p in params for o in p.opts if o.startswith("-")]
        close = difflib.get_close_matches(option, known, n=1, cutoff=0.5)
        hint = f"; did you mean {close[0]}?" if close else "."
        if not close and (" " in option or option[1:2].isdigit()):  # a value, not an option
            hint = "; to give a text that starts with -, put -- before it."
        return f"`{command}` has no option {option}{hint} `{command} --help` lists them"
    extra = re.match(r"Got unexpected extra argument(?:s|\(s\))? \((.*)\)", text)
    if extra:
        return f"`{command}` does not take {extra.group(1)}; `{command} --help` says what it takes"
    param = getattr(error, "param", None)
    if param is not None and text.startswith("Missing"):
        name = (param.metavar or param.name or "").upper()
        return f"`{command}` needs {name}; `{command} --help` says what to give"
    text = text[:1].lower() + text[1:]
    return f"{text.rstrip('.')}; `{command} --help` says how to use it"


app = typer.Typer(
    name="cmaplan",
    cls=Group,
    help=usage.ABOUT,
    epilog=usage.EPILOG,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"cmaplan {__version__}")
        raise typer.Exit()


@app.callback(invoke_without_command=True)
def main_options(
    ctx: typer.Context,
    plan: Annotated[
        Path | None,
        typer.Option(
            "--plan",
            envvar=ENV_PLAN,
            metavar="FILE",
            readable=False,  # cmaplan checks the file itself, with its own one-line errors
            help="Plan file to use (default: plan.toml in your data folder).",
            show_default=False,
        ),
    ] = None,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    """Plan your way to the CMA (AAMA) credential, with dates.

    With no command: your plan's status, or how to start when there is no plan yet.
    """
    source = ctx.get_parameter_source("plan")
    Invocation.plan = plan
    Invocation.typed_plan = source is not None and source.name == "COMMANDLINE"
    if ctx.invoked_subcommand is None:
        from cmaplan.commands.views import overview

        overview()
