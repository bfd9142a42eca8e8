"""How wide cmaplan lays out what a person reads (views layer): the one reading of the terminal.

As shutil does, $COLUMNS and $LINES come first, then the terminal, then 80 x 24; unlike shutil,
only a number in digits 0-9 counts, and the columns are kept to what a screen can show: a
COLUMNS of 100000 would make every view lay out (and pad) lines no one can read, and take
seconds to do it. Every fold, help page, question and rich view takes its width from here.
"""

from __future__ import annotations

import os
import sys

MOST_COLUMNS = 500  # wider than any screen shows at a readable size
LEAST_COLUMNS = 20  # views are laid out at least this wide: a narrower terminal wraps them
MOST_LINES = 10_000
FALLBACK = os.terminal_size((80, 24))


def terminal_size() -> os.terminal_size:
    """The terminal's columns and lines, each at least 1 and at most what a screen shows."""
    try:
        asked = os.get_terminal_size(sys.__stdout__.fileno()) if sys.__stdout__ else FALLBACK
    except (AttributeError, ValueError, OSError):  # no terminal, or a stream without a number
        asked = FALLBACK
    columns = _from_env("COLUMNS") or asked.columns or FALLBACK.columns
    lines = _from_env("LINES") or asked.lines or FALLBACK.lines
    return os.terminal_size((min(columns, MOST_COLUMNS), min(lines, MOST_LINES)))


def _from_env(name: str) -> int:
    """A positive number in the variable, or 0 when it holds none (unset, words, other digits)."""
    value = os.environ.get(name, "")
    if not (value.isascii() and value.isdigit()) or len(value) > 9:
        return 0
    return int(value)


def columns() -> int:
    """The terminal's columns."""
    return terminal_size().columns


def text_width(*, least: int, most: int, margin: int = 2) -> int:
    """The columns to fold text in: the terminal's, at most `most`, less `margin` (room for the
    cursor and a frame), and never under `least` (a very narrow terminal wraps on its own)."""
    return max(least, min(most, columns()) - margin)
