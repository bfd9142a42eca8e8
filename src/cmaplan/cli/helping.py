"""`cmaplan completion SHELL` and `cmaplan help [COMMAND]` (cli layer).

The completion scripts are typer's for bash, zsh, fish and PowerShell (`powershell` for
Windows PowerShell 5, `pwsh` for PowerShell 7); what they complete comes from
`completing`.
"""

from __future__ import annotations

from typing import Annotated

import typer

from cmaplan.cli.app import app
from cmaplan.cli.completing import SHELLS, complete_command, complete_shell
from cmaplan.commands.common import COMPLETE_VAR, reporting_errors, say
from cmaplan.core.errors import CommandLineError, UsageError


@app.command()
def completion(
    shell: Annotated[
        str,
        typer.Argument(
            metavar="SHELL",
            help="bash, zsh, fish, powershell or pwsh.",
            autocompletion=complete_shell,
        ),
    ],
) -> None:
    """Print a shell completion script.

    It completes commands, options, phase names and the step ids of your plan.
    """
    with reporting_errors():
        name = shell.strip().lower()
        if name not in SHELLS:
            raise UsageError(f'cmaplan completes in {", ".join(SHELLS)}, not "{shell}"')
        from typer._completion_shared import get_completion_script

        typer.echo(
            get_completion_script(prog_name="cmaplan", complete_var=COMPLETE_VAR, shell=name)
        )


@app.command("help")
def help_command(
    ctx: typer.Context,
    command: Annotated[
        str | None,
        typer.Argument(
            metavar="COMMAND", help="A command, e.g. check.", autocompletion=complete_command
        ),
    ] = None,
) -> None:
    """Help for cmaplan, or for one command."""
    with reporting_errors():
        group = ctx.parent
        assert group is not None
        if command is None:
            say(group.get_help())
            return
        sub = group.command.get_command(group, command.lower())  # type: ignore[attr-defined]
        if sub is None:
            import difflib

            names = group.command.list_commands(group)  # type: ignore[attr-defined]
            close = difflib.get_close_matches(command.lower(), names, n=1)
            hint = f'; did you mean "{close[0]}"?' if close else "."
            raise CommandLineError(
                f'there is no command "{command}"{hint} `cmaplan help` lists them'
            )
        with sub.make_context(command.lower(), [], parent=group, resilient_parsing=True) as sub_ctx:
            say(sub.get_help(sub_ctx))
