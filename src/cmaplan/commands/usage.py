"""What `cmaplan --help` shows: the commands in the order a newcomer meets them (commands layer).

Both front doors print this one text: the quick path without importing typer, and the typer
app (its group's help is formatted here). The summaries are the first lines of the declared
commands' help (`commands/declared.py`).
"""

from __future__ import annotations

import textwrap

from cmaplan.commands import declared
from cmaplan.commands.common import ENV_PLAN
from cmaplan.commands.declared import PLAN, VERSION

ABOUT = "Plan your way to the Certified Medical Assistant (CMA, AAMA) credential, with dates."
EPILOG = "New here? Start with `cmaplan init`, then `cmaplan status` or `cmaplan timeline`."

# (name, summary): the first line of each command's help, in the order `--help` lists them.
COMMANDS: tuple[tuple[str, str], ...] = tuple((c.name, c.summary) for c in declared.COMMANDS)

# (option words, help) of the options that go before the command.
OPTIONS: tuple[tuple[str, str], ...] = (
    (f"{PLAN.label} {PLAN.metavar}", f"{PLAN.help}\n[env var: {ENV_PLAN}]"),
    (VERSION.label, VERSION.help),
    ("-h, --help", "Show this message and exit."),
)


def help_width() -> int:
    """The width help is laid out in: the terminal's, kept between 50 and 78 (as click does)."""
    from cmaplan.views.width import text_width

    return text_width(least=50, most=80)


def _rows(rows: tuple[tuple[str, str], ...], width: int) -> list[str]:
    """Two columns: the words, then their help folded under itself (never cut short); a line
    break in the help starts a new line."""
    first = max(len(words) for words, _ in rows) + 2
    lines = []
    for words, text in rows:
        folded = [
            line
            for part in text.split("\n")
            for line in textwrap.wrap(part, max(width - 2 - first, 20), break_on_hyphens=False)
        ]
        lines.append(f"  {words:<{first}}{folded[0]}".rstrip())
        lines.extend(" " * (2 + first) + more for more in folded[1:])
    return lines


def top_help(width: int | None = None) -> str:
    """The text of `cmaplan --help` (and `cmaplan help`), laid out in `width` columns."""
    width = width or help_width()

    def para(text: str) -> list[str]:
        return textwrap.wrap(text, width, initial_indent="  ", subsequent_indent="  ")

    lines = ["Usage: cmaplan [OPTIONS] COMMAND [ARGS]...", "", *para(ABOUT), ""]
    lines += ["Options:", *_rows(OPTIONS, width), "", "Commands:", *_rows(COMMANDS, width), ""]
    lines += para(EPILOG)
    return "\n".join(lines)
