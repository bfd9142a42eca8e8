"""A first CMA job marked done while the credential had lapsed (core layer: pure): the title
may not be used then, so `check` says so."""

from __future__ import annotations

from datetime import date

from cmaplan.core.knowledge import Knowledge
from cmaplan.core.model import Plan
from cmaplan.core.planner import finish_step
from cmaplan.core.schedule import forecast


def job_day_words(plan: Plan, day: date, today: date, kb: Knowledge) -> str:
    """A heads-up for a first CMA job marked done on `day` while the credential had expired
    (the title may not be used then); "" otherwise."""
    finish = finish_step(plan, kb)
    if finish == kb.roles.recertification:  # a renewal plan: its finish is the renewal
        return ""
    credential = forecast(plan, today, kb, worded=False).credential
    if credential is None or credential.is_forecast or credential.expires >= day:
        return ""
    return (
        f"Heads-up: your CMA (AAMA) credential expired on {credential.expires}, before "
        f"{day}: a job as a CMA needs it current, so renew it ({kb.roles.recertification})."
    )
