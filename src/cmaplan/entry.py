"""The console script's entry point (console script).

Every command takes the quick path (`cmaplan.quick`, no typer); a help page, `help COMMAND`,
`completion` and shell completion go to the typer app. Ctrl-C while cmaplan is still starting
up ends it quietly, as Ctrl-C later does, instead of with a Python traceback.

A command of the quick path ends with os._exit once its output is flushed, as mypy does: the
interpreter's teardown of every module would add ~9 ms to each run, and nothing is left to
clean up (files are written, closed and fsynced by then; the plan's lock goes with the process).
"""

from __future__ import annotations

import os
import sys
from typing import NoReturn


def main(*, hard_exit: bool = True) -> None:
    """Start cmaplan; an interrupt outside a command's own error boundary is one sentence."""
    try:
        from cmaplan import quick

        try:
            handled = quick.run(sys.argv[1:])
        except SystemExit as stop:
            if not hard_exit or _observed():
                raise
            _exit(stop.code)
        if handled and hard_exit and not _observed():
            _exit(0)
        if not handled:
            from cmaplan.cli import main as run

            run()
    except KeyboardInterrupt:  # while starting up, before any command ran: nothing was saved
        try:
            from cmaplan.commands.common import interrupted

            said = interrupted(False)
        except BaseException:  # a second Ctrl-C while that loads: still no traceback
            said = "interrupted"
        sys.stderr.write(f"cmaplan: {said}.\n")
        raise SystemExit(130) from None


def _observed() -> bool:
    """A profiler, debugger or coverage tracer is running: let the interpreter end normally,
    so that it writes what it gathered."""
    return sys.gettrace() is not None or sys.getprofile() is not None


def _exit(code: object) -> NoReturn:
    """Flush what was written and end the process with `code` (as SystemExit reads it)."""
    if code is None:
        status = 0
    elif isinstance(code, int):
        status = code
    else:  # a message: SystemExit prints it and exits 1
        sys.stderr.write(f"{code}\n")
        status = 1
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # gone or closed: what was said is all there is
            status = status or 1
    os._exit(status)
