"""A CMA (AAMA) the person holds already: the cma_status answer, its dates, and where the
credential's current period starts (core layer: pure, no I/O).

A current or lapsed CMA's plan has no program and no exam: it starts at the renewal (the
phases of knowledge.toml's `[rules.existing-credential]`), and the credential's period is
counted from the day the person gave: their certification or last recertification, or, when
only the expiry is known, the first day of the month the period began in.
"""

from __future__ import annotations

from datetime import date

from dateutil.relativedelta import relativedelta

from cmaplan.core.errors import AnswersError
from cmaplan.core.knowledge import Knowledge, load_knowledge
from cmaplan.core.model import (
    CmaStatus,
    Credential,
    Forecast,
    Plan,
    Profile,
    Progress,
    RecertRoute,
)
from cmaplan.core.rules import credential_expiry, lapse_ends, lapse_safe


def holds_credential(profile: Profile) -> bool:
    """Whether the person holds the CMA (AAMA) already, current or lapsed."""
    return profile.cma_status is not CmaStatus.NONE


def month_end(day: date) -> date:
    """The last day of `day`'s month."""
    last: date = day + relativedelta(day=31)
    return last


def not_month_end(day: date) -> str | None:
    """Why `day` cannot be the expiry of a CMA (AAMA), or None when it can."""
    last = month_end(day)
    return None if day == last else f"It expires on the last day of a month: give {last}."


def held_since(profile: Profile, kb: Knowledge | None = None) -> date | None:
    """The day the credential the person holds began its period; None without one."""
    if not holds_credential(profile):
        return None
    if profile.cma_since is not None:
        return profile.cma_since
    if profile.cma_expires is None:
        return None
    months = int((kb or load_knowledge()).fact("recert_months").number())
    began: date = profile.cma_expires - relativedelta(months=months, day=1)
    return began


def held_expires(profile: Profile, kb: Knowledge | None = None) -> date | None:
    """The day the credential the person holds expires (or expired); None without one."""
    since = held_since(profile, kb)
    return credential_expiry(since, kb or load_knowledge()) if since is not None else None


def credential_start(plan: Plan, kb: Knowledge | None = None) -> date | None:
    """The day the credential began: the exam passed in this plan, else the credential the
    person said they hold; None while neither is known."""
    kb = kb or load_knowledge()
    passed = plan.progress.get(kb.roles.exam, Progress()).done_on
    return passed if passed is not None else held_since(plan.profile, kb)


def check_held(profile: Profile, today: date | None, where: str, kb: Knowledge) -> None:
    """Refuse cma_status and its dates when they do not fit together (or, given `today`, with
    the day): one sentence naming the answer and what is allowed."""
    status, since, expires = profile.cma_status, profile.cma_since, profile.cma_expires
    if status is CmaStatus.NONE:
        for name, day in (("cma_since", since), ("cma_expires", expires)):
            if day is not None:
                raise AnswersError(
                    f'{where}{name} = {day} is not allowed without cma_status = "current" or '
                    '"lapsed": it dates a CMA (AAMA) you hold.'
                )
        return
    if since is None and expires is None:
        raise AnswersError(
            f'{where}cma_status = "{status}" needs cma_since (the day you were certified or '
            "last recertified) or cma_expires (the day it expires or expired)."
        )
    if expires is not None and expires != month_end(expires):
        raise AnswersError(
            f"{where}cma_expires = {expires} is not allowed: the CMA (AAMA) expires on the last "
            f"day of a month; give {month_end(expires)}."
        )
    implied = held_expires(profile, kb)
    assert implied is not None  # a status with a day
    if since is not None and expires is not None and expires != implied:
        raise AnswersError(
            f"{where}cma_expires = {expires} is not allowed with cma_since = {since}: that "
            f"period ends on {implied}; give one of the two."
        )
    if today is None:
        return
    if since is not None and since > today:
        raise AnswersError(
            f"{where}cma_since = {since} is not allowed: it is after today ({today}); give the "
            "day you passed the exam or last recertified."
        )
    if status is CmaStatus.CURRENT and implied < today:
        raise AnswersError(
            f'{where}cma_status = "current" is not allowed: the credential expired on {implied}, '
            'before today; set cma_status = "lapsed".'
        )
    if status is CmaStatus.LAPSED and implied >= today:
        raise AnswersError(
            f'{where}cma_status = "lapsed" is not allowed: the credential is current until '
            f'{implied}; set cma_status = "current".'
        )


def credential_words(credential: Credential, today: date, kb: Knowledge | None = None) -> str:
    """The credential in one sentence, as of `today`: current until its expiry, forecast, or
    expired, in which case it is never called current (nor its holder a CMA)."""
    kb = kb or load_knowledge()
    since = credential.renewed_on or credential.certified_on
    began = f"renewed on {since}" if credential.renewed_on else f"since {since}"
    if credential.is_forecast:
        return (
            f"The CMA (AAMA) credential expires on {credential.expires} if the exam is passed "
            f"on {credential.certified_on} as forecast."
        )
    if credential.expires >= today:
        return f"CMA (AAMA) {began}, current until {credential.expires}."
    closes, safe = lapse_ends(credential.expires, kb), lapse_safe(credential.expires, kb)
    if today > closes:
        route = f"after {closes} renewing takes the exam again"
    elif today > safe:  # past the notice's 90 days, within the FAQ's months
        route = (
            f"renewing by exam, apply now: after {safe} the reactivation fee may apply"
            if credential.route is RecertRoute.EXAM
            else f"renew by continuing education now: the AAMA's FAQ counts to {closes}, its "
            f"notice only to {safe}"
        )
    elif credential.route is RecertRoute.EXAM:
        route = f"renewing by exam, apply by {safe} to be safe from the reactivation fee"
    else:
        route = f"renew by continuing education by {safe} to be safe (the AAMA counts to {closes})"
    return (
        f"Your CMA (AAMA) expired on {credential.expires}: {kb.fact('lapsed_no_title').render()}; "
        f"{route}."
    )


def renewal_gap(result: Forecast, kb: Knowledge) -> date | None:
    """The expiry of a credential still current whose renewal is forecast after it (a gap
    ahead); None otherwise."""
    held = result.credential
    if held is None or held.is_forecast or held.expires < result.today:
        return None
    renewal = next((s for s in result.steps if s.step.id == kb.roles.recertification), None)
    if renewal is None or renewal.is_done or renewal.window.expected <= held.expires:
        return None
    return held.expires
