"""What completes step ids and phase names on the command line (cli layer).

The completion scripts (`cmaplan completion SHELL`) call cmaplan back with _CMAPLAN_COMPLETE set;
these functions give the words that fit, read from the user's plan file. They never fail: a
missing or broken plan just completes nothing, and so does a request whose line cannot be read
(`readable_request`).
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from pathlib import Path

import typer

from cmaplan.commands.common import COMPLETE_VAR
from cmaplan.core.errors import CommandLineError

SHELLS = ("bash", "zsh", "fish", "powershell", "pwsh")  # what `cmaplan completion` writes for
INSTRUCTIONS = ("complete", "source")  # _CMAPLAN_COMPLETE=complete_bash: the words; source_bash


def readable_request(environ: Mapping[str, str]) -> bool:
    """Whether the completion scripts' request can be read: False when the line to complete
    cannot be (bash's COMP_WORDS unset, its COMP_CWORD not a number): there is nothing to
    offer, and nothing may be printed into the person's command line. A CommandLineError when
    $_CMAPLAN_COMPLETE asks for what no script of cmaplan's asks (`complete_tcsh`, `bogus`)."""
    asked = environ.get(COMPLETE_VAR, "")
    instruction, _, shell = asked.partition("_")
    if instruction not in INSTRUCTIONS or shell not in SHELLS:
        shown = asked if len(asked) <= 40 else asked[:40] + "…"
        raise CommandLineError(
            f"{COMPLETE_VAR}={shown} is not a request for completion cmaplan knows: it takes "
            f"complete_SHELL or source_SHELL, for a SHELL of {', '.join(SHELLS)}",
            "`cmaplan completion SHELL` prints the script that sets it.",
        )
    if instruction == "complete" and shell == "bash":  # the others send the line as one text
        place = environ.get("COMP_CWORD", "")
        return "COMP_WORDS" in environ and re.fullmatch(r"[0-9]{1,6}", place) is not None
    return True


def _plan_tables(ctx: typer.Context, key: str) -> list[dict[str, object]]:
    """The `[[key]]` tables of the plan the command line names; none when there is no readable
    plan."""
    from cmaplan.storage import store
    from cmaplan.storage.files import Files

    option = ctx.find_root().params.get("plan")  # a str while completing (typer converts later)
    try:
        path = store.resolve_plan_path(Path(option) if option else None, os.environ)
        document = store.read_toml(Files(), path)
    except Exception:  # completion must never print an error into the user's command line
        return []
    tables = document.get(key, [])
    return [t for t in tables if isinstance(t, dict)] if isinstance(tables, list) else []


def _typable(words: list[str]) -> list[str]:
    """The words a person can type and a shell can show: a name from the plan that holds a
    control character (an escape sequence, a bell) is never handed to the shell, which would
    print it to the terminal or put it in the command line."""
    from cmaplan.core.plaintext import visible

    return [w for w in words if w.isprintable() and visible(w) == w]


def _plan_ids(ctx: typer.Context) -> list[str]:
    """The step ids of the plan the command line names."""
    ids = [str(s["id"]) for s in _plan_tables(ctx, "steps") if isinstance(s.get("id"), str)]
    return _typable(ids)


def complete_step(ctx: typer.Context, incomplete: str) -> list[str]:
    """Step ids of the user's plan that start with what was typed."""
    typed = incomplete.lower()
    return [i for i in _plan_ids(ctx) if i.startswith(typed)]


def complete_target(ctx: typer.Context, incomplete: str) -> list[str]:
    """Step ids, `ID.` once an id is typed in full, and `ID.N` for its checklist items."""
    step_id, dot, _ = incomplete.lower().partition(".")
    if dot:
        for step in _plan_tables(ctx, "steps"):
            checklist = step.get("checklist")
            if step.get("id") == step_id and isinstance(checklist, list):
                items = [f"{step_id}.{n}" for n in range(1, len(checklist) + 1)]
                return [i for i in items if i.startswith(incomplete.lower())]
        return []
    ids = complete_step(ctx, incomplete)
    return [f"{i}." for i in ids] if ids == [incomplete.lower()] else ids


def complete_program(ctx: typer.Context, incomplete: str) -> list[str]:
    """The names of the programs recorded in the plan."""
    names = [
        str(p["name"]) for p in _plan_tables(ctx, "programs") if isinstance(p.get("name"), str)
    ]
    return [n for n in _typable(names) if n.lower().startswith(incomplete.lower())]


def complete_area(ctx: typer.Context, incomplete: str) -> list[str]:
    """The CEU areas."""
    from cmaplan.core.model import Area

    return [a.value for a in Area if a.value.startswith(incomplete.lower())]


def complete_phase(ctx: typer.Context, incomplete: str) -> list[str]:
    """Phase names."""
    from cmaplan.core.knowledge import load_knowledge

    return [p for p in load_knowledge().phases if p.startswith(incomplete.lower())]


def complete_example(ctx: typer.Context, incomplete: str) -> list[str]:
    """The shipped examples."""
    from cmaplan.core.shipped import example_names

    return [n for n in example_names() if n.startswith(incomplete.lower())]


def complete_day(ctx: typer.Context, incomplete: str) -> list[str]:
    """The words a date option takes besides YYYY-MM-DD."""
    return [w for w in ("today", "yesterday") if w.startswith(incomplete.lower())]


def complete_shell(ctx: typer.Context, incomplete: str) -> list[str]:
    return [s for s in SHELLS if s.startswith(incomplete.lower())]


def complete_command(ctx: typer.Context, incomplete: str) -> list[str]:
    """cmaplan's commands, for `cmaplan help`."""
    group = ctx.find_root().command
    names: list[str] = group.list_commands(ctx) if hasattr(group, "list_commands") else []
    return [n for n in names if n.startswith(incomplete.lower())]


def complete_format(ctx: typer.Context, incomplete: str) -> list[str]:
    """The export formats."""
    from cmaplan.views.exports import FORMATS

    return [f for f in FORMATS if f.startswith(incomplete.lower())]
