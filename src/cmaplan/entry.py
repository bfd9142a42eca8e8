"""The console script's entry point (shell layer): Ctrl-C while cmaplan is still starting up
ends it quietly, as Ctrl-C later does, instead of with a Python traceback."""

from __future__ import annotations

import sys


def main() -> None:
    """Start cmaplan; an interrupt before the command runs has changed nothing."""
    try:
        from cmaplan.cli import main as run
    except KeyboardInterrupt:
        sys.stderr.write("cmaplan: interrupted; nothing was changed.\n")
        raise SystemExit(130) from None
    run()
