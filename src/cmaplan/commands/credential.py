"""What `cmaplan ceu` alone does once its words are read (commands layer)."""

from __future__ import annotations

import json

from cmaplan.commands.common import echo, plan_path, reporting_errors, show, today
from cmaplan.core.errors import UsageError


def ceu_summary(json_out: bool = False) -> None:
    """The period's CEUs: points per area, approved or not, what is missing, the deadline."""
    with reporting_errors():
        from cmaplan.core import ceu as rule
        from cmaplan.core import schedule
        from cmaplan.storage import store

        plan = store.load_plan(plan_path())
        result = schedule.forecast(plan, today())
        tally = rule.tally(plan, result)
        if tally is None:
            raise UsageError(
                "the CEU log starts once you hold the credential: mark the exam done first",
                "`cmaplan check exam --on DATE` records the day you passed.",
            )
        if json_out:
            from cmaplan.views.jsonview import tally_to_json

            echo(json.dumps(tally_to_json(tally, result.today), indent=2))
            return
        from cmaplan.views.render_ceu import tally_view

        show(tally_view(tally, result.today))
