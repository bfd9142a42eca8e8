"""The commands that only read the plan: `timeline`, `status` and `show` (shell layer)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from cmaplan.cli.app import app, plan_path, program, reporting_errors, say, show, today
from cmaplan.cli.completing import complete_phase, complete_step

if TYPE_CHECKING:
    from cmaplan.model import Forecast, Plan


def load_forecast(path: Path) -> tuple[Plan, Forecast]:
    """The plan in the file at `path`, and its forecast as of today."""
    from cmaplan import schedule, store

    plan = store.load_plan(path)
    return plan, schedule.forecast(plan, today())


def start_guide() -> list[str]:
    """What `cmaplan` alone says before there is a plan."""
    from cmaplan.shipped import example_names

    me = program()  # "cmaplan", or "cmaplan --plan FILE" when one was given
    return [
        "cmaplan lays out your dated route to the CMA (AAMA) credential. You have no plan yet.",
        "",
        f"  {me} init",
        "      answer a few questions; your plan is saved",
        f"  {me} init --example NAME",
        "      start from an example: " + ", ".join(example_names()),
        "  cmaplan help",
        "      every command",
    ]


@app.command()
def timeline(
    show_all: Annotated[
        bool, typer.Option("--all", help="Also list the steps of phases finished long ago.")
    ] = False,
    phase: Annotated[
        list[str] | None,
        typer.Option(
            "--phase",
            metavar="NAME",
            help="Show only this phase (repeatable): prepare, program, exam, work, next, keep, "
            'or its heading, e.g. "get ready".',
            autocompletion=complete_phase,
        ),
    ] = None,
    no_bars: Annotated[bool, typer.Option("--no-bars", help="Leave out the bar chart.")] = False,
    json_out: Annotated[
        bool, typer.Option("--json", help="Print the plan as one JSON object instead.")
    ] = False,
) -> None:
    """Your whole plan, phase by phase.

    Dates, status and a bar chart of the months ahead; --json for one JSON object.
    """
    with reporting_errors():
        path = plan_path()
        plan, result = load_forecast(path)
        if json_out:
            from cmaplan.jsonview import forecast_to_json

            typer.echo(json.dumps(forecast_to_json(plan, result, str(path)), indent=2))
            return
        from cmaplan.chart import Timeline
        from cmaplan.tracking import parse_phases

        phases = parse_phases(phase) if phase else None
        show(Timeline(plan, result, bars=not no_bars, phases=phases, show_all=show_all))


@app.command()
def status(
    history: Annotated[
        bool, typer.Option("--history", help="Also list the latest changes to the plan.")
    ] = False,
    json_out: Annotated[
        bool, typer.Option("--json", help="Print the daily view as one JSON object instead.")
    ] = False,
) -> None:
    """The short daily view.

    Progress, what is next (overdue first), warnings and the expected finish.
    """
    with reporting_errors():
        status_of(plan_path(), history=history, as_json=json_out)


def status_of(path: Path, *, history: bool, as_json: bool) -> None:
    """`cmaplan status` (also what `cmaplan` alone shows once there is a plan)."""
    from cmaplan.daily import daily_view

    plan, result = load_forecast(path)
    view = daily_view(plan, result)
    if as_json:
        from cmaplan.jsonview import daily_to_json

        out = daily_to_json(view, str(path), history=history, plan=plan)
        typer.echo(json.dumps(out, indent=2))
        return
    from cmaplan import render

    show(render.status_view(view, path))
    if history:
        show(render.history_view(plan, program()))


@app.command("show")
def show_step(
    step_id: Annotated[
        str,
        typer.Argument(
            metavar="ID", help="A step id, e.g. externship.", autocompletion=complete_step
        ),
    ],
) -> None:
    """One step in full.

    Why it matters for you, its checklist, dates, what it waits for, your note and sources.
    """
    with reporting_errors():
        from cmaplan import render, tracking

        plan, result = load_forecast(plan_path())
        target = tracking.parse_target(plan, step_id)  # same checks and hints as `check`
        show(render.step_view(plan, result, target.step, program()))
        if target.item is not None:
            say(f"(You asked for item {target.item}; `cmaplan check {target}` ticks it.)")
