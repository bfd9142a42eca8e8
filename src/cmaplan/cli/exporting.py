"""`cmaplan export FORMAT [-o FILE]`: the plan as a calendar, a document, a web page, a picture,
or the answers it is made from (cli layer)."""

from __future__ import annotations

from typing import Annotated

import typer

from cmaplan.cli.app import app
from cmaplan.views.exports import FORMATS


def _complete_format(ctx: typer.Context, incomplete: str) -> list[str]:
    return [f for f in FORMATS if f.startswith(incomplete.lower())]


@app.command()
def export(
    fmt: Annotated[
        str,
        typer.Argument(
            metavar="FORMAT",
            help="ics (a calendar), markdown, html (a page to print or share), svg, or "
            "answers (your answers, for init --answers).",
            autocompletion=_complete_format,
        ),
    ],
    output: Annotated[
        str | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            help="Write to FILE (replaced whole); - or none: stdout.",
        ),
    ] = None,
) -> None:
    """Export your plan: a calendar, a document, a web page, a picture or your answers.

    Made from the plan as forecast today, with your notes and ticked items.
    """
    from cmaplan.commands.exporting import export as body

    body(fmt, output)
