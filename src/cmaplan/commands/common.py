"""What every command shares, free of typer so the quick path can use it (commands layer).

Today's date (the only place that reads the clock), a date and a word as a person types them,
how output reaches the terminal (text from a person or a file shown as text, a reader
that went away), and the one-sentence failure (`fail`) that the run's error boundary,
`context.Run.errors`, ends with: a problem the user can fix, Ctrl-C or Ctrl-D is one `cmaplan:`
sentence on stderr and an exit code, never a traceback.
"""

from __future__ import annotations

import errno
import io
import os
import re
import sys
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING

from cmaplan.core.errors import UsageError
from cmaplan.core.plaintext import visible
from cmaplan.storage import host

if TYPE_CHECKING:
    from rich.console import RenderableType

ENV_TODAY = "CMAPLAN_TODAY"
ENV_DEBUG = "CMAPLAN_DEBUG"
ENV_PLAN = "CMAPLAN_PLAN"
COMPLETE_VAR = "_CMAPLAN_COMPLETE"  # set by the completion scripts when they ask for words


class _ClosedBytes(io.RawIOBase):
    def write(self, data: object) -> int:
        raise OSError(errno.EBADF, "standard output is closed")


class _Closed(io.TextIOBase):
    """Standard output that was closed before cmaplan started (text, and bytes for exports)."""

    buffer = _ClosedBytes()

    def write(self, text: str) -> int:
        raise OSError(errno.EBADF, "standard output is closed")


def reader_gone(error: OSError) -> bool:
    """Whether a failed write means the program reading cmaplan's output has gone (`| head`):
    EPIPE, or on Windows EINVAL, which it says instead."""
    if error.errno == errno.EPIPE:
        return True
    return host.WINDOWS and error.errno == errno.EINVAL and error.filename is None


def release_gone_stdout(*, said: bool = False) -> int:
    """Flush standard output. If that fails, point it at nothing, so that no later flush (the
    interpreter's own, at its end) fails again with a traceback: the exit code it calls for,
    1 when the reader has gone (quietly), 74 with one sentence otherwise (a full disk); else 0.
    `said`: the run has already failed with its own sentence, so nothing more is written."""
    try:
        sys.stdout.flush()
    except OSError as error:
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - nothing more may reach the pipe
        if reader_gone(error):
            return 1
        if not said:
            sys.stderr.write(f"cmaplan: cannot write the output: {error.strerror or error}.\n")
        return 74
    return 0


def refuse_undecodable(args: Sequence[str]) -> None:
    """Refuse a command line with bytes that are not UTF-8 text (a terminal set to another
    encoding): they could not be saved in the plan, which is UTF-8."""
    for number, arg in enumerate(args, 1):
        try:
            arg.encode("utf-8")
        except UnicodeEncodeError:
            raise fail(
                f"word {number} of the command line is not UTF-8 text",
                "Set your terminal to UTF-8, or type that text again.",
                UsageError.exit_code,
            ) from None


# What a symbol cmaplan prints becomes where the output cannot show it: a Windows console or
# file in cp1252, PYTHONIOENCODING=ascii. Anything else it cannot show becomes "?". The symbols
# of one legend get stand-ins apart from each other and from the marks printed as they are (the
# "*" of an estimate, the "!" of overdue); inside a table only one-character stand-ins are used,
# since rich has measured the cells before the text is encoded.
PLAIN = {
    "→": "->",
    "←": "<-",
    "–": "-",
    "—": "-",
    "·": "-",
    "…": "...",
    "≈": "~",
    "×": "x",
    "▶": ">",
    "▼": "v",
    "★": "+",
    "◆": "o",
    "⚑": "^",
    "✔": "+",
    "✓": "+",
    "✗": "x",
    "✘": "x",
    "✎": "~",
    "☑": "[x]",
    "☐": "[ ]",
    "█": "#",
    "▓": "=",
    "░": ":",
    "│": "|",
    "┄": "-",
    "‘": "'",
    "’": "'",
    "“": '"',
    "”": '"',
    "␡": "^?",
    **{chr(0x2400 + code): "^" + chr(code + 64) for code in range(32)},  # ␛ -> ^[
}
FALLBACK = "cmaplan-plain"


def _plain(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeEncodeError):
        raise error
    bad = error.object[error.start : error.end]
    return "".join(PLAIN.get(char) or _letters(char, error.encoding) for char in bad), error.end


def _letters(char: str, encoding: str) -> str:
    """A letter without the marks the output cannot show (É -> E), else "?" (Ł has none)."""
    import unicodedata

    base = "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))
    try:
        base.encode(encoding)
    except UnicodeEncodeError:
        return "?"
    return base or "?"


def prepare_streams() -> None:
    """Before any command: a closed stdout fails with one sentence when written, and a terminal
    or file that cannot show a character (a cp1252 Windows console, PYTHONIOENCODING=ascii)
    gets a plain stand-in for it ("->" for "→"), or "?"."""
    if sys.stdout is None:
        sys.stdout = _Closed()
    import codecs

    codecs.register_error(FALLBACK, _plain)
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors=FALLBACK)


def fail(message: str, hint: str, code: int, reword: Callable[[str], str] = str) -> SystemExit:
    """Write one `cmaplan:` sentence (and its hint) on stderr; the SystemExit to raise.
    `reword`: what the run does to commands it quotes (`Run.with_plan_option`)."""
    text = message.strip()
    if text and text[-1] not in ".?!":
        text += "."
    if hint:
        text += " " + hint
    # One line, whatever the message quotes (a key or a path with a line break in it).
    sys.stderr.write(f"cmaplan: {visible(reword(text))}\n")
    return SystemExit(code)


def interrupted(saved: bool) -> str:
    """What Ctrl-C did: nothing, or nothing more than the save already made."""
    return "interrupted after your plan was saved" if saved else "interrupted; nothing was changed"


# --- the day, and words as a person types them -----------------------------------------------


def today() -> date:
    """Today's date, or $CMAPLAN_TODAY (YYYY-MM-DD) for what-if questions and tests."""
    from cmaplan.core.fields import LATEST_TODAY

    override = os.environ.get(ENV_TODAY)
    day = parse_date(override, ENV_TODAY) if override else _local_day()
    if day > LATEST_TODAY:
        raise UsageError(
            f"today ({day}) is past what cmaplan plans for: it plans from days up to "
            f"{LATEST_TODAY}"
            + (f"; set {ENV_TODAY} to one of them" if override else "; check the clock")
        )
    return day


def _local_day() -> date:
    """The day on this computer's clock, in its time zone; in UTC when the zone cannot be used
    (TZ=UTC+24 and other offsets of a day or more make datetime refuse it)."""
    try:
        return date.today()  # noqa: DTZ011 - the day on the local clock is what is meant
    except (ValueError, OverflowError, OSError):
        return datetime.now(UTC).date()


RELATIVE_DAYS = {"today": 0, "yesterday": 1}


def parse_date(text: str, what: str) -> date:
    """A YYYY-MM-DD date (or "today", "yesterday"), or one sentence saying why it is not one."""
    from cmaplan.core.profile import parse_day

    back = RELATIVE_DAYS.get(text.strip().lower())
    if back is not None and what != ENV_TODAY:
        from cmaplan.core.fields import EARLIEST_DAY

        day = today() - timedelta(days=back)
        if day < EARLIEST_DAY:  # yesterday, on the first day cmaplan knows
            raise UsageError(f"{what} {text.strip()} is {day}, before {EARLIEST_DAY}")
        return day
    try:
        day = parse_day(text)
    except ValueError as error:
        if what == ENV_TODAY and "out of range" in str(error):
            from cmaplan.core.fields import EARLIEST_DAY, LATEST_TODAY

            raise UsageError(  # today has its own range: a plan made then must fit the file
                f"{what} {text.strip()} is out of range: use a day from {EARLIEST_DAY} to "
                f"{LATEST_TODAY}"
            ) from None
        raise UsageError(f"{what} {error}") from None
    return day


# Needs no quotes in bash, zsh, PowerShell or cmd (not @, PowerShell's splatting, nor %, cmd's
# variables).
_SAFE = re.compile(r"[\w+=:,./\\-]+")


def quote(word: str, *, windows: bool | None = None) -> str:
    """A word as a shell takes it back: shlex's POSIX quoting, or on Windows double quotes,
    which PowerShell and cmd both read (single quotes, PowerShell's literal string, when the
    word holds a double quote, a $ or a backtick)."""
    if not (host.WINDOWS if windows is None else windows):
        import shlex

        return shlex.quote(word)
    if _SAFE.fullmatch(word):
        return word
    if any(char in word for char in '"$`'):
        return "'" + word.replace("'", "''") + "'"
    return f'"{word}"'


# --- output -------------------------------------------------------------------------------------


def terminal_columns() -> int:
    """The terminal's width, as shutil works it out (imported only when output is a terminal)."""
    from cmaplan.views.width import columns

    return columns()


def echo(text: str) -> None:
    """One piece of output as it is (JSON, a document): never folded."""
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def show(renderable: RenderableType) -> None:
    """Print a rich renderable: colour and width as the terminal and NO_COLOR say.

    Off a terminal (a file, a pipe) rich pads lines to the width; those spaces are dropped.
    The output is flushed before it returns, so that a failed write is the command's error.
    """
    from rich.console import Console

    from cmaplan.views.width import LEAST_COLUMNS, terminal_size

    console = Console(highlight=False)
    size = terminal_size()  # rich's own reading takes any COLUMNS; a dumb terminal gets 80 x 25
    console.size = (max(size.columns, LEAST_COLUMNS), size.lines)
    if console.is_terminal:
        console.print(renderable)
        sys.stdout.flush()
        return
    with console.capture() as captured:
        console.print(renderable)
    sys.stdout.write("".join(line.rstrip() + "\n" for line in captured.get().splitlines()))
    sys.stdout.flush()  # a full disk is found here, inside the command's error boundary
