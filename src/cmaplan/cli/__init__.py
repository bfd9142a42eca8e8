"""The typer app (cli layer): one module per group of commands, one shared app.

`app` holds the global options and turns click's usage errors into one sentence; `making`
(init), `views` (timeline, status, show), `progress` (check, note, undo), `credential` (ceu,
recertify), `programs` (program, compare), `exporting` (export) and `helping` (completion,
help) declare their commands on it. The everyday commands' bodies live in `cmaplan.commands`, which
`cmaplan.quick` calls without typer; heavy modules (rich, the interview) are imported inside the
command that needs them.
"""

from cmaplan.cli import credential, exporting, helping, making, programs, progress, views
from cmaplan.cli.app import Command, app

for _info in (
    *app.registered_commands,
    *(
        c
        for g in app.registered_groups
        if g.typer_instance
        for c in g.typer_instance.registered_commands
    ),
):
    _info.cls = Command

__all__ = [
    "app",
    "credential",
    "exporting",
    "helping",
    "main",
    "making",
    "programs",
    "progress",
    "views",
]


def main() -> None:
    """Console-script entry point."""
    app()
