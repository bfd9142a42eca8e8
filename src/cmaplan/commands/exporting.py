"""What `cmaplan export FORMAT [-o FILE]` does once its words are read (commands layer)."""

from __future__ import annotations

import errno
import os
import re
import sys
from pathlib import Path

from cmaplan.commands.common import today
from cmaplan.commands.context import Run
from cmaplan.core.errors import CommandLineError, UsageError
from cmaplan.storage.guard import shown
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
        if output == "":
            raise UsageError(
                "--output needs a file name, such as plan" + SUFFIXES[name],
                "Or leave it out (or give -) to write the export to the screen.",
            )
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

        descriptor = None if output in (None, "-") else _descriptor(output)
        if descriptor is not None:  # `-o /dev/stderr 2>>log`: added to what it writes to
            plan = store.load_plan(run.files, path, today())
            data = render(name, plan, schedule.forecast(plan, today()))
            _write_all(descriptor, data, output or "")
            return
        target = None if output in (None, "-") else user_path(Path(output))
        if target is not None:  # refused before anything is read or written
            store.check_export_target(target, plan=path)
        plan = store.load_plan(run.files, path, today())
        data = render(name, plan, schedule.forecast(plan, today()))
        if target is None or _is_stdout(target):  # `-o /dev/stdout >> log` adds to the log
            sys.stdout.buffer.write(data)
            sys.stdout.flush()
            return
        commit_write(prepare_write(target, data, what="export", keep_mode=True))  # no lock held
        hint = "" if target.suffix == SUFFIXES[name] else f" (a {SUFFIXES[name]} file)"
        run.say(f"Wrote your plan as {name}{hint} to {shown(target)}.")


_DESCRIPTORS = re.compile(r"/dev/(?:std(in|out|err)|fd/([0-9]{1,4}))|/proc/self/fd/([0-9]{1,4})")
_STD = {"in": 0, "out": 1, "err": 2}


def _descriptor(output: str) -> int | None:
    """The open descriptor an output names (`/dev/stdout`, `/dev/stderr`, `/dev/fd/3`,
    `/proc/self/fd/1`), or None: writing through one adds to what it goes to (a pipe, a log
    `>>` appends to); replacing the file behind it would throw away what is there."""
    found = _DESCRIPTORS.fullmatch(output)
    if found is None:
        return None
    std, number, proc = found.groups()
    return _STD[std] if std else int(number or proc)


def _write_all(fd: int, data: bytes, output: str) -> None:
    if fd == 0:
        raise UsageError(f"--output {output} is standard input, which cannot be written to")
    try:
        if fd == 1:
            sys.stdout.buffer.write(data)
            sys.stdout.flush()
            return
        if fd == 2:
            sys.stderr.flush()
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
    except OSError as error:
        if error.errno == errno.EPIPE:
            raise
        raise UsageError(
            f"--output {output} is not open for writing ({error.strerror or error})"
        ) from None


def _is_stdout(target: Path) -> bool:
    """Whether `target` is the file standard output already goes to (`/dev/stdout`, or the
    log that `>>` appends to): replacing it would throw away what is there."""
    try:
        return os.path.samestat(os.stat(target), os.fstat(sys.stdout.fileno()))
    except (OSError, ValueError):  # no such file yet, or stdout is not a real file (a test)
        return False
