"""The typer app (cli layer), made from the declared commands.

`app` (the group, its global options and error boundary), `build` (the declared commands as
typer commands), `completing` (what completes on the command line) and `helping` (the bodies of
`cmaplan help COMMAND` and `cmaplan completion`, which need click). Every other body lives in
`cmaplan.commands`, which the quick path calls without typer.
"""

from cmaplan.cli.app import Command, app, run
from cmaplan.cli.build import add_commands
from cmaplan.commands.declared import COMMANDS

add_commands(app, COMMANDS, run, Command)

__all__ = ["app", "main"]


def main() -> None:
    """Console-script entry point."""
    app()
