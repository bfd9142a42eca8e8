"""The console script's entry point (shell layer).

The everyday commands take the quick path (`cmaplan.quick`, no typer); everything else goes to
the typer app. Ctrl-C while cmaplan is still starting up ends it quietly, as Ctrl-C later does,
instead of with a Python traceback.
"""

from __future__ import annotations

import sys


def main() -> None:
    """Start cmaplan; an interrupt outside a command's own error boundary is one sentence."""
    try:
        from cmaplan import quick

        if not quick.run(sys.argv[1:]):
            from cmaplan.cli import main as run

            run()
    except KeyboardInterrupt:
        from cmaplan.run.common import interrupted

        store = sys.modules.get("cmaplan.store")
        sys.stderr.write(f"cmaplan: {interrupted(bool(getattr(store, 'SAVED', None)))}.\n")
        raise SystemExit(130) from None
