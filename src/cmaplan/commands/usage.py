"""What `cmaplan --help` shows: the commands in the order a newcomer meets them (commands layer).

Both front doors print this one text: the quick path without importing typer, and the typer
app (its group's help is formatted here). A test keeps each summary equal to the first line of
the command's own help.
"""

from __future__ import annotations

import shutil
import textwrap

ABOUT = "Plan your way to the Certified Medical Assistant (CMA, AAMA) credential, with dates."
EPILOG = "New here? Start with `cmaplan init`, then `cmaplan status` or `cmaplan timeline`."

# (name, summary): the first line of each command's help, in the order `--help` lists them.
COMMANDS: tuple[tuple[str, str], ...] = (
    ("init", "Make your plan (or change your answers)."),
    ("status", "The short daily view."),
    ("timeline", "Your whole plan, phase by phase."),
    ("show", "One step in full."),
    ("check", "Mark steps done or tick checklist items."),
    ("note", "Keep a note on a step."),
    ("undo", "Take back the latest change."),
    ("ceu", "Your continuing-education log, against the recertification rule."),
    (
        "recertify",
        "Choose how you will renew the credential: continuing education (ce) or the exam.",
    ),
    ("program", "The programs you are considering, compared, and the one you chose."),
    ("compare", "What if: every route side by side, without changing your plan."),
    ("export", "Export your plan: a calendar, a document, a web page, a picture or your answers."),
    ("help", "Help for cmaplan, or for one command."),
    ("completion", "Print a shell completion script."),
)

# (option words, help) of the options that go before the command.
OPTIONS: tuple[tuple[str, str], ...] = (
    (
        "--plan FILE",
        "Plan file to use (default: plan.toml in your data folder).\n[env var: CMAPLAN_PLAN]",
    ),
    ("--version", "Show the version."),
    ("-h, --help", "Show this message and exit."),
)


def help_width() -> int:
    """The width help is laid out in: the terminal's, kept between 50 and 78 (as click does)."""
    return max(min(shutil.get_terminal_size().columns, 80) - 2, 50)


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
