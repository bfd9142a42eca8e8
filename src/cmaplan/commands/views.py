"""What `timeline`, `status` and `show` do once their words are read (commands layer)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from cmaplan.commands.common import echo, show, today
from cmaplan.commands.context import Run

if TYPE_CHECKING:
    from cmaplan.core.model import Forecast, Plan


def load_forecast(run: Run, path: Path) -> tuple[Plan, Forecast]:
    """The plan in the file at `path`, and its forecast as of today."""
    from cmaplan.core import schedule
    from cmaplan.storage import store

    plan = store.load_plan(run.files, path, today())
    return plan, schedule.forecast(plan, today())


def start_guide(run: Run) -> list[str]:
    """What `cmaplan` alone says before there is a plan."""
    from cmaplan.core.shipped import example_names

    me = run.invocation_words()  # "cmaplan", or "cmaplan --plan FILE" when one was given
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


def overview(run: Run) -> None:
    """`cmaplan` alone: the plan's status, or how to start when there is no plan yet."""
    with run.errors():
        path = run.plan_path()
        if path.exists() or path.is_symlink():  # a broken link: status says what is wrong
            status_of(run, path, history=False, as_json=False)
        else:
            run.say(*start_guide(run))


def timeline(
    run: Run,
    *,
    show_all: bool = False,
    phase: list[str] | None = None,
    no_bars: bool = False,
    json_out: bool = False,
) -> None:
    """`cmaplan timeline`: the whole plan, phase by phase (or as JSON)."""
    with run.errors():
        path = run.plan_path()
        plan, result = load_forecast(run, path)
        if json_out:
            import json

            from cmaplan.views.jsonview import forecast_to_json

            echo(json.dumps(forecast_to_json(plan, result, str(path)), indent=2))
            return
        from cmaplan.core.tracking import parse_phases
        from cmaplan.views.chart import Timeline

        phases = parse_phases(phase) if phase else None
        show(Timeline(plan, result, bars=not no_bars, phases=phases, show_all=show_all))


def status(run: Run, *, history: bool = False, json_out: bool = False) -> None:
    """`cmaplan status`: the short daily view (or as JSON)."""
    with run.errors():
        status_of(run, run.plan_path(), history=history, as_json=json_out)


def status_of(run: Run, path: Path, *, history: bool, as_json: bool) -> None:
    """`cmaplan status` (also what `cmaplan` alone shows once there is a plan)."""
    from cmaplan.views.daily import daily_view

    plan, result = load_forecast(run, path)
    view = daily_view(plan, result)
    if as_json:
        import json

        from cmaplan.views.jsonview import daily_to_json

        out = daily_to_json(view, str(path), history=history, plan=plan)
        echo(json.dumps(out, indent=2))
        return
    from cmaplan.views import render

    show(render.status_view(view, path))
    if history:
        show(render.history_view(plan, run.invocation_words()))


def show_step(run: Run, step_id: str) -> None:
    """`cmaplan show ID`: one step in full."""
    with run.errors():
        from cmaplan.core import tracking
        from cmaplan.views import render

        plan, result = load_forecast(run, run.plan_path())
        target = tracking.parse_target(plan, step_id)  # same checks and hints as `check`
        show(render.step_view(plan, result, target.step, run.invocation_words()))
        if target.item is not None:
            run.say(f"(You asked for item {target.item}; `cmaplan check {target}` ticks it.)")
