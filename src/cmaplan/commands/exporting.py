"""What `cmaplan export FORMAT [-o FILE]` does once its words are read (commands layer)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from cmaplan.commands.common import today
from cmaplan.commands.context import Run
from cmaplan.core.errors import CommandLineError, UsageError
from cmaplan.views.exports import FORMATS, named


def export(run: Run, fmt: str, output: str | None = None) -> None:
    """The plan as forecast today in format `fmt`, to `output` (None or "-": stdout)."""
    with run.errors():
        from cmaplan.core import schedule
        from cmaplan.storage import store
        from cmaplan.storage.files import commit_write, prepare_write
        from cmaplan.views.exports import SUFFIXES
        from cmaplan.views.exports import export as render

        name = named(fmt)
        if name is None:
            raise CommandLineError(
                f'there is no export format "{fmt}"; the formats are {", ".join(FORMATS)}'
            )
        path = run.plan_path()
        if output not in (None, "-") and (
            output.endswith(("/", os.sep)) or os.path.isdir(os.path.expanduser(output))
        ):  # a folder, typed with or without its slash: the same sentence, a usage error
            folder = output.rstrip("/" + os.sep) or output
            stem = "my-answers" if name == "answers" else "plan"  # not the plan's own name
            suggestion = os.path.join(folder, f"{stem}{SUFFIXES[name]}")
            raise UsageError(
                f"--output {output} names a folder; give a file name, such as {suggestion}"
            )
        from cmaplan.storage.paths import user_path

        target = None if output in (None, "-") else user_path(Path(output))
        if target is not None:  # refused before anything is read or written
            store.check_export_target(target, plan=path)
        plan = store.load_plan(run.files, path)
        data = render(name, plan, schedule.forecast(plan, today()))
        if target is None:
            sys.stdout.buffer.write(data)
            sys.stdout.flush()
            return
        commit_write(prepare_write(target, data, what="export", keep_mode=True))  # no lock held
        hint = "" if target.suffix == SUFFIXES[name] else f" (a {SUFFIXES[name]} file)"
        run.say(f"Wrote your plan as {name}{hint} to {target}.")
