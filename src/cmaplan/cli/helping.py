"""The bodies of `cmaplan completion SHELL` and `cmaplan help [COMMAND]` (cli layer): the two
commands that need click, declared with the others in `commands/declared.py`.

The completion scripts are typer's for bash, zsh, fish and PowerShell (`powershell` for
Windows PowerShell 5, `pwsh` for PowerShell 7); what they complete comes from
`completing`.
"""

from __future__ import annotations

import typer

from cmaplan.cli.completing import SHELLS
from cmaplan.commands.common import COMPLETE_VAR, echo
from cmaplan.commands.context import Run
from cmaplan.core.errors import UsageError


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


def help_command(run: Run, ctx: typer.Context, command: list[str] | None = None) -> None:
    """Help for cmaplan, or for one command (`cmaplan help ceu add`): the page `--help` shows."""
    with run.errors():
        root = ctx.parent
        assert root is not None
        if not command:
            echo(root.get_help())
            return
        from cmaplan.commands.reading import command_path

        here, found = root, root.command
        for declared in command_path([word.lower() for word in command]):
            found = found.get_command(here, declared.name)  # type: ignore[attr-defined]
            here = found.make_context(declared.name, [], parent=here, resilient_parsing=True)
        echo(found.get_help(here))
