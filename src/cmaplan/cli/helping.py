"""The bodies of `cmaplan completion SHELL` and `cmaplan help [COMMAND]` (cli layer): the two
commands that need click, declared with the others in `commands/declared.py`.

The completion scripts are typer's for bash, zsh, fish and PowerShell (`powershell` for
Windows PowerShell 5, `pwsh` for PowerShell 7); what they complete comes from
`completing`.
"""

from __future__ import annotations

import typer

from cmaplan.cli.completing import SHELLS
from cmaplan.commands.common import COMPLETE_VAR
from cmaplan.commands.context import Run
from cmaplan.core.errors import CommandLineError, UsageError


def completion(run: Run, ctx: typer.Context, shell: str) -> None:
    """Print the completion script of `shell`."""
    with run.errors():
        name = shell.strip().lower()
        if name not in SHELLS:
            raise UsageError(f'cmaplan completes in {", ".join(SHELLS)}, not "{shell}"')
        # typer's public completion module (it has no __all__, hence the ignore)
        from typer.completion import get_completion_script  # type: ignore[attr-defined]

        typer.echo(
            get_completion_script(prog_name="cmaplan", complete_var=COMPLETE_VAR, shell=name)
        )


def help_command(run: Run, ctx: typer.Context, command: str | None = None) -> None:
    """Help for cmaplan, or for one command."""
    with run.errors():
        group = ctx.parent
        assert group is not None
        if command is None:
            run.say(group.get_help())
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
            run.say(sub.get_help(sub_ctx))
