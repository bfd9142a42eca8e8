"""Recertifying by exam in words, and the check of a renewal's day (core layer: pure); the days
themselves are `renewaldays.py`'s.

"""

from __future__ import annotations

from datetime import date

from cmaplan.core.errors import UsageError
from cmaplan.core.knowledge import Knowledge, load_knowledge
from cmaplan.core.model import Credential, Plan, Profile, RecertRoute
from cmaplan.core.renewaldays import ExamRenewal, add_business_days, exam_days, route_of
from cmaplan.core.rules import lapse_ends, lapse_safe

__all__ = ["ExamRenewal", "add_business_days", "exam_days", "exam_renewal", "route_of"]


def exam_renewal(
    credential: Credential, profile: Profile, today: date, kb: Knowledge | None = None
) -> ExamRenewal:
    """The exam route for `credential` as of `today`."""
    return exam_days(credential.expires, profile, today, kb or load_knowledge())


def renewal_lines(
    renewal: ExamRenewal, today: date, kb: Knowledge | None = None
) -> tuple[str, ...]:
    """The exam route in plain sentences: when to apply, the testing window, the day to pass
    by, and the fee."""
    kb = kb or load_knowledge()
    estimate = kb.fact("recert_exam_apply_months")
    approval = kb.fact("approval_business_days").render()
    window = kb.fact("testing_window_days").render()
    if renewal.after_study is not None and renewal.after_study > today:
        when = (
            f"now, and pick a testing period that begins about {renewal.after_study}, once most "
            "of your study is done (our estimate; the application lets you choose its start): "
            "a window that closes before you are ready loses the fee"
        )
    elif renewal.pass_by is None or renewal.apply_by <= today:
        when = "now"
    else:
        when = f"by {renewal.apply_by} (we plan {estimate.render()} before the day to pass by)"
    seat = f"about {renewal.window_opens} to {renewal.window_closes}"
    if renewal.pass_by is not None:  # the window is cut to end on it
        seat = f"{seat} (book a day by then: {renewal.window_closes} is the last day to pass by)"
        if renewal.window_closes < renewal.pass_by:
            seat = f"about {renewal.window_opens} to {renewal.window_closes}"
    lines = [
        f"Apply for the exam {when}. Approval takes about {approval}; then you book a seat "
        f"inside a testing window of {window}, {seat}."
    ]
    if renewal.pass_by is not None:
        lead = kb.fact("recert_exam_lead_months").render()
        lines.append(
            f"Pass it by {renewal.pass_by} ({lead} before the expiry) to keep the credential "
            "without a gap."
        )
        if renewal.study_ends is not None and renewal.study_ends > renewal.pass_by:
            lines.append(
                f"At your hours a week, the study the exam needs runs to about "
                f"{renewal.study_ends} (our estimate), after that day: give it more hours, renew "
                "with continuing education instead, or sit the exam later and accept a gap, "
                "rather than spend an attempt and its fee unprepared."
            )
    elif renewal.missed_pass_by is not None:
        lines.append(
            f"The day to pass by without a gap ({renewal.missed_pass_by}) can no longer be made: "
            f"the credential expires on {renewal.expires} and is current again from the day "
            "you pass."
        )
    else:
        lines.append("The credential is current again from the day you pass.")
    rate = "the AAMA member fee" if renewal.member else "the non-member fee"
    fee = f"The fee is ${renewal.fee:,} ({rate}"
    if renewal.reactivation:
        fee += f", with the ${renewal.reactivation:,} reactivation fee after a lapse of more than "
        fee += f"about {kb.fact('lapse_months').render()}"
    lines.append(fee + f"){maybe_words(renewal, kb)}.")
    return tuple(lines)


def fee_words(renewal: ExamRenewal, kb: Knowledge) -> str:
    """The fee as a short phrase: "$250", or "$250, or $300 if …" while the reactivation fee
    may or may not apply."""
    if not renewal.reactivation_maybe:
        return f"${renewal.fee:,}"
    total = renewal.fee + renewal.reactivation_maybe
    return f"${renewal.fee:,}, or ${total:,} with the reactivation fee (see the heads-up)"


def maybe_words(renewal: ExamRenewal, kb: Knowledge) -> str:
    """While the AAMA's two counts of the lapse disagree on today (past its notice's days,
    within its FAQ's months): the fee with the reactivation fee too, and why; else ""."""
    if not renewal.reactivation_maybe:
        return ""
    total = renewal.fee + renewal.reactivation_maybe
    return (
        f", or ${total:,} with the ${renewal.reactivation_maybe:,} reactivation fee if the AAMA "
        f"counts the lapse as its notice does ({kb.fact('lapse_days').render()}, to "
        f"{lapse_safe(renewal.expires, kb)}; its FAQ counts to {lapse_ends(renewal.expires, kb)})"
    )


def renewal_by_exam(
    credential: Credential | None, profile: Profile, today: date, kb: Knowledge | None = None
) -> ExamRenewal | None:
    """The exam route when it is the one to take: chosen (`recertify_by = "exam"`), or the only
    one left once the lapse window has closed; None otherwise or without a credential."""
    if credential is None:
        return None
    kb = kb or load_knowledge()
    if route_of(profile.recertify_by, credential.expires, today, kb) is not RecertRoute.EXAM:
        return None
    return exam_renewal(credential, profile, today, kb)


def check_renewal(plan: Plan, day: date, kb: Knowledge | None = None) -> None:
    """Refuse a renewal on `day` that the rules do not allow, in one sentence: by continuing
    education, once the lapse window has closed or without the period's points; nothing is
    recorded then; by exam, a day before the testing window can open (`soonest_by_exam`)."""
    from cmaplan.core.ceu import missing_words, tally
    from cmaplan.core.schedule import forecast

    kb = kb or load_knowledge()
    counted = tally(plan, forecast(plan, day, kb, worded=False), kb)
    if counted is None:
        return
    if plan.profile.recertify_by is RecertRoute.EXAM:
        soonest = soonest_by_exam(plan, counted.period.starts, counted.period.expires, day, kb)
        if day < soonest:
            raise UsageError(
                f"renewing on {day} by exam is too soon: the exam takes an application, approved "
                f"in about {kb.fact('approval_business_days').render()}, and then a seat in the "
                f"testing window; the earliest day is {soonest}"
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


def soonest_by_exam(plan: Plan, began: date, expires: date, day: date, kb: Knowledge) -> date:
    """The first day a renewal by exam on `day` can be on: approval after the period began; and
    a day from the plan's first on, when the plan was made once the day to apply had passed (it
    said "apply now"), no sooner than the testing window it gave then (a pass before the plan
    was made was applied for before it)."""
    approval = kb.fact("approval_business_days").range()
    soonest = add_business_days(began, int(approval[0]))
    if day < plan.created:
        return soonest
    at_start = exam_days(expires, plan.profile, max(plan.created, began), kb)
    if at_start.apply_by <= plan.created:
        soonest = max(soonest, at_start.window_opens)
    return soonest
