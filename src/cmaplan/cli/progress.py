"""The typer declarations of `check`, `note` and `undo` (cli layer): their words, help and
completion. What they do lives in `cmaplan.commands.progress`, which the quick path calls directly.
"""

from __future__ import annotations

from typing import Annotated

import typer

from cmaplan.cli.app import app
from cmaplan.cli.completing import complete_day, complete_target
from cmaplan.commands import progress


@app.command()
def check(
    targets: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="[ID|ID.N]...",
            help="Steps (externship) or checklist items (choose-program.2); none: a list.",
            show_default=False,
            autocompletion=complete_target,
        ),
    ] = None,
    on: Annotated[
        str | None,
        typer.Option(
            "--on",
            metavar="DATE",
            help="The day you did it: YYYY-MM-DD, today or yesterday (default today).",
            autocompletion=complete_day,
        ),
    ] = None,
    undo: Annotated[
        bool, typer.Option("--undo", help="Reopen the steps, or untick the items.")
    ] = False,
    note: Annotated[
        str | None, typer.Option("--note", metavar="TEXT", help="Keep a note on the steps.")
    ] = None,
) -> None:
    """Mark steps done or tick checklist items.

    The rest of the plan moves to match. With no ID, pick from a list.
    """
    progress.check(targets, on=on, undo=undo, note=note)


@app.command()
def note(
    step_id: Annotated[
        str,
        typer.Argument(
            metavar="ID", help="The step to keep a note on.", autocompletion=complete_target
        ),
    ],
    text: Annotated[str, typer.Argument(metavar="TEXT", help='The note; "" clears it.')],
) -> None:
    """Keep a note on a step.

    The step is not marked done; "" clears the note.
    """
    progress.note(step_id, text)


@app.command("undo")
def undo_change() -> None:
    """Take back the latest change.

    A check, an untick, a note or new answers; run it again to go further back.
    """
    progress.undo_change()
