"""What `cmaplan compare` does once its words are read (commands layer)."""

from __future__ import annotations

import json

from cmaplan.commands.common import echo, parse_date, show, today
from cmaplan.commands.context import Run
from cmaplan.core.errors import UsageError


def compare(
    run: Run,
    json_out: bool = False,
    pace: str | None = None,
    program: str | None = None,
    start: str | None = None,
) -> None:
    """Every route side by side (only `pace`, only `program`, as if starting on `start`)."""
    with run.errors():
        from cmaplan.core.compare import routes
        from cmaplan.core.model import Pace
        from cmaplan.core.profile import horizon
        from cmaplan.storage import store

        pace = pace.strip().lower() if pace is not None else None
        if pace is not None and pace not in ("full-time", "part-time"):
            raise UsageError("--pace must be full-time or part-time")
        now = today()
        day = parse_date(start, "--start") if start is not None else None
        if day is not None and not now <= day <= horizon(now):
            from cmaplan.core.profile import HORIZON_YEARS

            why = (
                "has passed"
                if day < now
                else f"is more than {HORIZON_YEARS} years away, beyond what a plan can start on"
            )
            raise UsageError(
                f"--start {day} {why}: give a day from today ({now}) to {horizon(now)}"
            )
        plan = store.load_plan(run.files, run.plan_path(), today())
        found = routes(
            plan, now, pace=Pace(pace) if pace else None, program_name=program, start=day
        )
        if json_out:
            from cmaplan.views.jsonview import route_rows

            echo(json.dumps(route_rows(found), indent=2))
            return
        from cmaplan.core.conditions import holds
        from cmaplan.core.knowledge import choose, load_knowledge
        from cmaplan.views.render_programs import routes_table

        # the column is the first CMA job, even when the plan's own route does not reach it
        label = choose(
            load_knowledge().rules.finish.label,
            lambda when: holds(when, plan.profile, plan.program),
        )
        show(routes_table(found, label))
        from cmaplan.core.compare import routes_note

        note = routes_note(plan)
        if note and program is None:
            from rich.text import Text

            show(Text(note))
