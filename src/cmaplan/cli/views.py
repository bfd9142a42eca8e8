"""The typer declarations of `timeline`, `status` and `show` (cli layer): their words, help
and completion. What they do lives in `cmaplan.commands.views`, which the quick path calls directly.
"""

from __future__ import annotations

from typing import Annotated

import typer

from cmaplan.cli.app import app
from cmaplan.cli.completing import complete_phase, complete_step
from cmaplan.commands import views


@app.command()
def timeline(
    show_all: Annotated[
        bool, typer.Option("--all", help="Also list the steps of phases finished long ago.")
    ] = False,
    phase: Annotated[
        list[str] | None,
        typer.Option(
            "--phase",
            metavar="NAME",
            help="Show only this phase (repeatable): prepare, program, exam, work, next, keep, "
            'or its heading, e.g. "get ready".',
            autocompletion=complete_phase,
        ),
    ] = None,
    no_bars: Annotated[bool, typer.Option("--no-bars", help="Leave out the bar chart.")] = False,
    json_out: Annotated[
        bool, typer.Option("--json", help="Print the plan as one JSON object instead.")
    ] = False,
) -> None:
    """Your whole plan, phase by phase.

    Dates, status and a bar chart of the months ahead; --json for one JSON object.
    """
    views.timeline(show_all=show_all, phase=phase, no_bars=no_bars, json_out=json_out)


@app.command()
def status(
    history: Annotated[
        bool, typer.Option("--history", help="Also list the latest changes to the plan.")
    ] = False,
    json_out: Annotated[
        bool, typer.Option("--json", help="Print the daily view as one JSON object instead.")
    ] = False,
) -> None:
    """The short daily view.

    Progress, what is next (overdue first), warnings and the expected finish.
    """
    views.status(history=history, json_out=json_out)


@app.command("show")
def show_step(
    step_id: Annotated[
        str,
        typer.Argument(
            metavar="ID", help="A step id, e.g. externship.", autocompletion=complete_step
        ),
    ],
) -> None:
    """One step in full.

    Why it matters for you, its checklist, dates, what it waits for, your note and sources.
    """
    views.show_step(step_id)
