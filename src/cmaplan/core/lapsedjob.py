"""A lapsed CMA (AAMA) and a first CMA job not yet found: the title may not be used until the
credential is current again, so the job waits for the renewal (core layer: pure)."""

from __future__ import annotations

from datetime import date

from cmaplan.core.knowledge import Knowledge
from cmaplan.core.model import Credential, Forecast, ScheduledStep, Window


def after_renewal(
    items: dict[str, ScheduledStep],
    finish_id: str,
    credential: Credential | None,
    today: date,
    kb: Knowledge,
) -> dict[str, ScheduledStep]:
    """A first CMA job waits for a lapsed credential to be current again: the title may not be
    used until it is renewed, so the finish is forecast no earlier than the renewal."""
    recertify = items.get(kb.roles.recertification)
    finish = items[finish_id]
    lapsed = (
        credential is not None
        and not credential.is_forecast
        and credential.expires < max(today, finish.window.expected)
    )
    if not lapsed or recertify is None or not recertify.is_open or not finish.is_open:
        return items
    if finish_id == recertify.step.id or finish.late_since is not None:
        return items
    window = Window(*(max(a, b) for a, b in zip(finish.window, recertify.window, strict=True)))
    return {**items, finish_id: finish._replace(window=window, due=window.expected)}


def lapsed_job_note(result: Forecast, finish_id: str, kb: Knowledge) -> str:
    """The headline's word when a first CMA job waits for the renewal of a lapsed credential."""
    credential = result.credential
    finish = result.get(finish_id)
    if credential is None or credential.is_forecast:
        return ""
    before_job = credential.expires < finish.window.expected
    if credential.expires >= result.today and not before_job:
        return ""
    recertify = kb.roles.recertification
    if (
        finish_id == recertify
        or not finish.is_open
        or all(s.step.id != recertify for s in result.steps)
    ):
        return ""
    if not result.get(recertify).is_open:
        return ""
    if credential.expires >= result.today:  # it expires before the job is forecast
        return (
            f"Your credential expires on {credential.expires}, before the first CMA job is "
            f"forecast: renew it ({recertify}) first, as the title may not be used once it has "
            "lapsed."
        )
    return (
        "A job as a CMA waits until your credential is current again: the first one is "
        f"forecast after you renew ({recertify})."
    )
