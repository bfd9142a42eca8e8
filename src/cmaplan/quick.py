"""The quick path: commands run without importing typer (console script).

`cmaplan check ID`, `status`, `timeline` are run many times a day; typer and its click take
about 45 ms to import, several times the whole budget of such a command. So the entry point
reads the command line here, against the commands as declared (`commands/declared.py`, which
the typer app is made from too), and calls the command's body itself. Only a help page, shell
completion, `cmaplan help COMMAND` and `cmaplan completion` go to the typer app.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence


def run(args: Sequence[str]) -> bool:
    """Run the command line unless it is typer's (True: done); False: typer's turn.

    Exits as the typer app would: SystemExit with the command's code, 1 on a closed pipe.
    """
    from cmaplan.commands.common import COMPLETE_VAR, echo, prepare_streams, refuse_undecodable
    from cmaplan.commands.context import Run

    if os.environ.get(COMPLETE_VAR):
        return False
    prepare_streams()
    refuse_undecodable(args)
    from cmaplan.commands.reading import body_of, read

    with Run().errors():  # a command line it cannot read: one sentence, exit 2
        line = read(args)
    if line.ask == "typer":
        return False
    this = Run(line.plan, typed=line.plan is not None)
    try:
        with this.errors():  # Ctrl-C between the body's own boundary and the end, too
            if line.ask == "overview":
                from cmaplan.commands.views import overview

                overview(this)
            elif line.ask == "help":
                from cmaplan.commands.usage import top_help

                echo(top_help())
            elif line.ask == "version":
                from cmaplan import __version__

                echo(f"cmaplan {__version__}")
            else:
                body_of(line.command.body)(this, **line.params)
            sys.stdout.flush()  # whatever is still buffered: a full disk is one sentence
    except BrokenPipeError:  # the reader went away (`| head`): quietly, as click does
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - nothing more may reach the pipe
        raise SystemExit(1) from None
    return True
