"""Recertifying by exam: the days to apply, test and pass by, and the fee (core layer: pure).

The AAMA's rules (knowledge.toml): pass at least `recert_exam_lead_months` before the expiry,
the application received at least `recert_exam_apply_days` before it, approval in some business
days and then a testing window of `testing_window_days`; the Category 3 fee by membership, plus
the reactivation fee once the credential has been expired for longer than the lapse window. The
day to apply by is our estimate (`recert_exam_apply_months` before the pass-by day), so that
approval and a seat in the window both fit before it.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import NamedTuple

from dateutil.relativedelta import relativedelta

from cmaplan.core.errors import UsageError
from cmaplan.core.knowledge import Knowledge, load_knowledge
from cmaplan.core.model import Credential, Plan, Profile, RecertRoute
from cmaplan.core.rules import lapse_ends


class ExamRenewal(NamedTuple):
    """The exam route's days and fee for one credential period, as of a day.

    `pass_by` is None once the credential has expired: there is no day left to keep it without
    a gap, and it is current again from the day the exam is passed."""

    apply_by: date  # our estimate; today once it has passed
    window_opens: date  # the earliest day of the testing window: apply_by and approval
    window_closes: date
    pass_by: date | None
    received_by: date  # the AAMA's own latest day for the application, to avoid a lapse
    fee: int  # the exam fee for this person's membership, and any reactivation fee
    reactivation: int  # 0, or the reactivation fee within `fee`
    member: bool


def add_business_days(day: date, count: int) -> date:
    """`count` working days (Monday to Friday) after `day`."""
    while count > 0:
        day += timedelta(days=1)
        if day.weekday() < 5:
            count -= 1
    return day


def exam_renewal(
    credential: Credential, profile: Profile, today: date, kb: Knowledge | None = None
) -> ExamRenewal:
    """The exam route for `credential` as of `today`."""
    kb = kb or load_knowledge()
    expires = credential.expires
    expired = expires < today
    lead = int(kb.fact("recert_exam_lead_months").number())
    pass_by: date = expires - relativedelta(months=lead)
    ahead = int(kb.fact("recert_exam_apply_months").number())
    apply_by: date = pass_by - relativedelta(months=ahead)
    if expired or apply_by < today:
        apply_by = today
    opens = add_business_days(apply_by, int(kb.fact("approval_business_days").range()[1]))
    closes = opens + timedelta(days=int(kb.fact("testing_window_days").number()))
    member = profile.aama_member
    fee = int(kb.fact("recert_exam_fee").number("member" if member else "nonmember"))
    beyond = expired and today > lapse_ends(expires, kb)
    reactivation = int(kb.fact("reactivation_fee").number()) if beyond else 0
    received_by = expires - timedelta(days=int(kb.fact("recert_exam_apply_days").number()))
    return ExamRenewal(
        apply_by=apply_by,
        window_opens=opens,
        window_closes=closes,
        pass_by=None if expired else pass_by,
        received_by=received_by,
        fee=fee + reactivation,
        reactivation=reactivation,
        member=member,
    )


def renewal_lines(
    renewal: ExamRenewal, today: date, kb: Knowledge | None = None
) -> tuple[str, ...]:
    """The exam route in plain sentences: when to apply, the testing window, the day to pass
    by, and the fee."""
    kb = kb or load_knowledge()
    estimate = kb.fact("recert_exam_apply_months")
    approval = kb.fact("approval_business_days").render()
    window = kb.fact("testing_window_days").render()
    when = "now" if renewal.apply_by <= today else f"by {renewal.apply_by}"
    lines = [
        f"Apply for the exam {when} (we plan {estimate.render()} before the day to pass by). "
        f"Approval takes about {approval}; then you book a seat inside a testing window of "
        f"{window}, about {renewal.window_opens} to {renewal.window_closes}."
    ]
    if renewal.pass_by is not None:
        lead = kb.fact("recert_exam_lead_months").render()
        lines.append(
            f"Pass it by {renewal.pass_by} ({lead} before the expiry) to keep the credential "
            f"without a gap; the AAMA must have your application by {renewal.received_by}."
        )
    else:
        lines.append("The credential is current again from the day you pass.")
    rate = "the AAMA member fee" if renewal.member else "the non-member fee"
    fee = f"The fee is ${renewal.fee:,} ({rate}"
    if renewal.reactivation:
        fee += f", with the ${renewal.reactivation:,} reactivation fee after a lapse of more than "
        fee += f"about {kb.fact('lapse_months').render()}"
    lines.append(fee + ").")
    return tuple(lines)


def renewal_by_exam(
    credential: Credential | None, profile: Profile, today: date, kb: Knowledge | None = None
) -> ExamRenewal | None:
    """The exam route when it is the one to take: chosen (`recertify_by = "exam"`), or the only
    one left once the lapse window has closed; None otherwise or without a credential."""
    if credential is None:
        return None
    kb = kb or load_knowledge()
    closed = credential.expires < today and today > lapse_ends(credential.expires, kb)
    if profile.recertify_by is not RecertRoute.EXAM and not closed:
        return None
    return exam_renewal(credential, profile, today, kb)


def check_renewal(plan: Plan, day: date, kb: Knowledge | None = None) -> None:
    """Refuse a renewal on `day` that the rules do not allow, in one sentence: by continuing
    education, once the lapse window has closed or without the period's points; nothing is
    recorded then; by exam, a day sooner after the period began than an application can be
    approved."""
    from cmaplan.core.ceu import missing_words, tally
    from cmaplan.core.schedule import forecast

    kb = kb or load_knowledge()
    counted = tally(plan, forecast(plan, day, kb, worded=False), kb)
    if counted is None:
        return
    if plan.profile.recertify_by is RecertRoute.EXAM:
        began = counted.period.starts
        soonest = add_business_days(began, int(kb.fact("approval_business_days").range()[0]))
        if day < soonest:
            raise UsageError(
                f"renewing on {day} by exam is too soon: the exam takes a new application, "
                f"approved in about {kb.fact('approval_business_days').render()}, after the "
                f"period began on {began}; the earliest day is {soonest}"
            )
        return
    if counted.lapsed:
        raise UsageError(
            f"renewing on {day} by continuing education is too late: the credential expired on "
            f"{counted.period.expires} and CE counted only until "
            f"{lapse_ends(counted.period.expires, kb)}; renew by exam (`cmaplan recertify --by "
            "exam`)"
        )
    if not counted.requirement_met:
        raise UsageError(
            f"renewing on {day} by continuing education needs the period's points, and "
            f"{missing_words(counted)} are still needed; add them with `cmaplan ceu add`, or "
            "renew by exam (`cmaplan recertify --by exam`)"
        )
