"""How wide cmaplan lays out what a person reads (views layer): the one reading of the terminal.

shutil asks the terminal (or $COLUMNS, or gives 80 x 24 off a terminal); every fold, help page,
question and rich view takes its width from here.
"""

from __future__ import annotations

import os
import shutil


def terminal_size() -> os.terminal_size:
    """The terminal's columns and lines."""
    return shutil.get_terminal_size()


def columns() -> int:
    """The terminal's columns."""
    return terminal_size().columns


def text_width(*, least: int, most: int, margin: int = 2) -> int:
    """The columns to fold text in: the terminal's, at most `most`, less `margin` (room for the
    cursor and a frame), and never under `least` (a very narrow terminal wraps on its own)."""
    return max(least, min(most, columns()) - margin)
