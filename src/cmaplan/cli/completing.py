"""What completes step ids and phase names on the command line (shell layer).

The completion scripts (`cmaplan completion SHELL`) call cmaplan back with _CMAPLAN_COMPLETE set;
these functions give the words that fit, read from the user's plan file. They never fail: a
missing or broken plan just completes nothing.
"""

from __future__ import annotations

import os
from pathlib import Path

import typer


def _plan_ids(ctx: typer.Context) -> list[str]:
    """The step ids of the plan the command line names; none when there is no readable plan."""
    from cmaplan import store

    option = ctx.find_root().params.get("plan")  # a str while completing (typer converts later)
    path = store.resolve_plan_path(Path(option) if option else None, os.environ)
    try:
        document = store.read_toml(path)
    except Exception:  # completion must never print an error into the user's command line
        return []
    steps = document.get("steps", [])
    if not isinstance(steps, list):
        return []
    return [str(s["id"]) for s in steps if isinstance(s, dict) and isinstance(s.get("id"), str)]


def complete_step(ctx: typer.Context, incomplete: str) -> list[str]:
    """Step ids of the user's plan that start with what was typed."""
    typed = incomplete.lower()
    return [i for i in _plan_ids(ctx) if i.startswith(typed)]


def complete_target(ctx: typer.Context, incomplete: str) -> list[str]:
    """Step ids, and `ID.` for checklist items once an id is typed in full."""
    ids = complete_step(ctx, incomplete)
    return [f"{i}." for i in ids] if ids == [incomplete.lower()] else ids


def complete_phase(ctx: typer.Context, incomplete: str) -> list[str]:
    """Phase names."""
    from cmaplan.knowledge import load_knowledge

    return [p for p in load_knowledge().phases if p.startswith(incomplete.lower())]


def complete_example(ctx: typer.Context, incomplete: str) -> list[str]:
    """The shipped examples."""
    from cmaplan.shipped import example_names

    return [n for n in example_names() if n.startswith(incomplete.lower())]


def complete_day(ctx: typer.Context, incomplete: str) -> list[str]:
    """The words a date option takes besides YYYY-MM-DD."""
    return [w for w in ("today", "yesterday") if w.startswith(incomplete.lower())]


def complete_shell(ctx: typer.Context, incomplete: str) -> list[str]:
    from cmaplan.cli.helping import SHELLS

    return [s for s in SHELLS if s.startswith(incomplete.lower())]


def complete_command(ctx: typer.Context, incomplete: str) -> list[str]:
    """cmaplan's commands, for `cmaplan help`."""
    group = ctx.find_root().command
    names: list[str] = group.list_commands(ctx) if hasattr(group, "list_commands") else []
    return [n for n in names if n.startswith(incomplete.lower())]
