"""The typer app, and what all its commands share (cli layer).

The app is made from the declared commands (`cli/build.py`); what it adds is click's: help
pages and shell completion. Every command line is read by `commands/reading.py` first, so a
usage error is worded by cmaplan, as on the quick path; Ctrl-C or Ctrl-D outside a command is
one `cmaplan:` sentence and an exit code, never a traceback.
"""

from __future__ import annotations

import os
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
    prepare_streams,
    refuse_undecodable,
    release_gone_stdout,
)
from cmaplan.commands.context import Run
from cmaplan.commands.declared import COMMANDS, PLAN, VERSION
from cmaplan.commands.table import Command as Declared
from cmaplan.core.errors import CommandLineError


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
    """cmaplan's command group: command lines read by cmaplan first, and help listing the
    commands in the order a newcomer meets them."""

    def list_commands(self, ctx: typer.Context) -> list[str]:  # type: ignore[override]
        names = super().list_commands(ctx)
        order = {c.name: n for n, c in enumerate(COMMANDS)}
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
        words = list(sys.argv[1:] if args is None else args)
        refuse_undecodable(words)
        completing = bool(os.environ.get(COMPLETE_VAR))
        if completing:
            from cmaplan.cli.completing import readable_request

            with Run().errors():  # a request no completion script makes: one sentence, exit 2
                if not readable_request(os.environ):  # nothing to complete, quietly
                    return self._ended(0, standalone_mode)
            # typer's completion classes, only when completing; typer's public completion
            # module (it has no __all__, hence the ignore)
            from typer.completion import completion_init  # type: ignore[attr-defined]

            completion_init()
        else:
            from cmaplan.commands.reading import read

            with Run().errors():  # a line cmaplan cannot read never reaches click
                read(words)
        this = Run()  # the callback gives it the --plan; each command's body receives it
        try:
            # The bodies have their own error boundary; this one is click's: a help page or
            # completion that cannot be written, Ctrl-C outside a body.
            with this.errors():
                try:
                    result = super().main(
                        words,
                        prog_name or "cmaplan",
                        complete_var or COMPLETE_VAR,
                        False,
                        obj=this,
                        **extra,
                    )
                except typer.Abort:  # Ctrl-C (or Ctrl-D) outside a command's own boundary
                    raise KeyboardInterrupt from None
                except typer.TyperException:  # a line cmaplan read but click did not: never seen
                    raise CommandLineError(
                        "cannot read that command line", "`cmaplan help` lists the commands."
                    ) from None
        except SystemExit as stop:
            failed = stop.code not in (None, 0)  # and said why, in its one sentence
            code = release_gone_stdout(said=failed)
            if failed or not code:
                raise
            raise SystemExit(code) from None  # a page that could not be written after all
        except BrokenPipeError:  # the reader went away (`| head`): quietly, as click does
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - nothing more may reach the pipe
            code = 1
        else:
            code = result if isinstance(result, int) else 0
        return self._ended(code, standalone_mode)

    @staticmethod
    def _ended(code: int, standalone_mode: bool) -> int:
        code = code or release_gone_stdout()
        if standalone_mode:
            sys.exit(code)
        return code


def run(command: Declared, ctx: typer.Context, values: dict[str, Any]) -> None:
    """Run a declared command's body with the values click read (typer's door)."""
    from cmaplan.commands.reading import body_of

    body = body_of(command.body)
    this = ctx.find_root().obj
    assert isinstance(this, Run)
    if command.door == "typer":  # it needs click's context: a help page, completion
        body(this, ctx=ctx, **values)
    else:
        body(this, **values)


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
            *PLAN.words,
            envvar=ENV_PLAN,
            metavar=PLAN.metavar,
            readable=False,  # cmaplan checks the file itself, with its own one-line errors
            help=PLAN.help,
            show_default=False,
        ),
    ] = None,
    version: Annotated[
        bool,
        typer.Option(*VERSION.words, callback=_version, is_eager=True, help=VERSION.help),
    ] = False,
) -> None:
    """Plan your way to the CMA (AAMA) credential, with dates.

    With no command: your plan's status, or how to start when there is no plan yet.
    """
    source = ctx.get_parameter_source("plan")
    this = ctx.ensure_object(Run)
    this.plan = plan
    this.typed_plan = plan is not None and source is not None and source.name == "COMMANDLINE"
    if ctx.invoked_subcommand is None:
        from cmaplan.commands.views import overview

        overview(this)
