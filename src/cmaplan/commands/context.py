"""One run of cmaplan, handed to every command's body (commands layer): the explicit context.

The runner (the quick path, or the typer app's callback) makes one `Run` from the command line
and passes it to the body; nothing about a run is kept in module state. A `Run` knows the plan
the command line named (and whether it was typed there, so that every command a message quotes
repeats it), the files it has read and saved (`storage.files.Files`), and so how to say what
happened — including, when something fails, whether the plan was saved first.
"""

from __future__ import annotations

import errno
import os
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from cmaplan.commands.common import (
    ENV_DEBUG,
    fail,
    interrupted,
    quote,
    reader_gone,
    terminal_columns,
)
from cmaplan.core.errors import CmaplanError
from cmaplan.core.plaintext import visible, visible_lines
from cmaplan.storage.files import Files


def _folded(text: str, width: int) -> str:
    """`text` folded at spaces to `width` (0: left whole), never inside a word, an id, a date
    or a command in backticks; the lines after the first indented two more than it."""
    if width < 20 or len(text) <= width:
        return text
    import textwrap

    indent = " " * (len(text) - len(text.lstrip(" ")))
    # A command in backticks stays on one line: its spaces do not break.
    kept = re.sub(r"`[^`]*`", lambda m: m.group(0).replace(" ", "\u00a0"), text)
    return textwrap.fill(
        kept,
        width,
        subsequent_indent=indent + "  ",
        break_on_hyphens=False,
        break_long_words=False,
    ).replace("\u00a0", " ")


class Run:
    """This run: its --plan (`typed_plan`: given on the command line, not by $CMAPLAN_PLAN) and
    the files it has touched."""

    __slots__ = ("files", "plan", "typed_plan")

    def __init__(self, plan: str | Path | None = None, *, typed: bool = False) -> None:
        self.plan = Path(plan) if plan is not None else None
        self.typed_plan = typed and plan is not None
        self.files = Files()

    def plan_path(self) -> Path:
        """--plan, else $CMAPLAN_PLAN, else plan.toml in the user's data folder."""
        from cmaplan.storage.store import resolve_plan_path

        return resolve_plan_path(self.plan, os.environ)

    def with_plan_option(self, text: str) -> str:
        """Commands quoted in `text` repeat the --plan the user typed, so they work as shown."""
        if not self.typed_plan or self.plan is None:
            return text
        return text.replace("`cmaplan ", f"`cmaplan --plan {quote(str(self.plan))} ")

    def invocation_words(self) -> str:
        """How to call cmaplan again for this plan, for hints inside rendered views."""
        return visible(self.with_plan_option("`cmaplan ")[1:].rstrip())

    def fail(self, message: str, hint: str, code: int) -> SystemExit:
        """One `cmaplan:` sentence on stderr, its commands repeating --plan; the SystemExit."""
        return fail(message, hint, code, self.with_plan_option)

    def warn(self, line: str) -> None:
        """A warning on stderr (the command still did what it was asked), as visible text,
        folded at spaces on a terminal as `say` folds stdout (left whole in a file or a pipe)."""
        width = terminal_columns() - 1 if sys.stderr.isatty() else 0
        sys.stderr.write(_folded(visible(self.with_plan_option(line)), width) + "\n")
        sys.stderr.flush()

    def say(self, *lines: str) -> None:
        """Plain lines on stdout; commands they quote repeat the user's --plan.

        On a terminal a long line is folded at spaces (never inside a word, an id or a date);
        in a file or a pipe it is left whole.
        """
        width = terminal_columns() - 1 if sys.stdout.isatty() else 0
        for line in lines:
            sys.stdout.write(_folded(visible_lines(self.with_plan_option(line)), width) + "\n")
        sys.stdout.flush()

    @contextmanager
    def errors(self) -> Iterator[None]:
        """Turn every failure into one line on stderr and an exit code, never a traceback."""
        saved = self.files.saved
        try:
            yield
            for notice in self.files.notices:  # what a save gave up, once the body is done
                self.warn(notice)
            self.files.notices.clear()
        except CmaplanError as error:
            raise self.fail(error.message, error.hint, error.exit_code) from None
        except (KeyboardInterrupt, EOFError):
            raise self.fail(interrupted(bool(saved)), "", 130) from None
        except BrokenPipeError:
            raise  # the reader went away (`| head`): click exits quietly, as other tools do
        except OSError as error:  # the system refused: a folder out of reach, a full disk
            if reader_gone(error):  # Windows says EINVAL for it (`| Select -First 1`)
                raise BrokenPipeError(errno.EPIPE, "the reader of the output has gone") from None
            after = "; your plan was saved first" if saved else ""
            what = f"cannot use {error.filename}" if error.filename else "cannot write the output"
            raise self.fail(f"{what}: {error.strerror or error}{after}", "", 74) from None
        except Exception as error:
            if os.environ.get(ENV_DEBUG):
                raise
            state = "your plan was saved first" if saved else "your plan file was not changed"
            raise self.fail(
                f"internal error ({type(error).__name__}); {state}",
                f"Please report this; set {ENV_DEBUG}=1 to see the details.",
                70,
            ) from None
