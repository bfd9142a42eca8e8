"""The key days of renewing a CMA (AAMA) credential, worked out once for every view (core
layer: pure): the route the renewal takes as of a day (the exam once the lapse window has
closed) and, by exam, the days to apply, test and pass by, and the fee.

The AAMA's rules (knowledge.toml): pass at least `recert_exam_lead_months` before the expiry,
the application received at least `recert_exam_apply_days` before it, approval in some business
days and then a testing window of `testing_window_days`; the Category 3 fee by membership, plus
the reactivation fee once the credential has been expired for longer than the lapse window
(and, between the 90 days of the AAMA's notice and the month's end of its FAQ, as a fee that
may apply). The day to apply by is our estimate (`recert_exam_apply_months` before the pass-by
day), so that approval and a seat in the window both fit before it.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import NamedTuple

from dateutil.relativedelta import relativedelta

from cmaplan.core.durations import duration_days, step_duration
from cmaplan.core.knowledge import Knowledge
from cmaplan.core.model import Profile, Program, RecertRoute, Window
from cmaplan.core.rules import credential_expiry, lapse_ends, lapse_safe


class ExamRenewal(NamedTuple):
    """The exam route's days and fee for one credential period, as of a day: the one set of key
    days that status, show, ceu, timeline, --json and the calendar all state.

    `pass_by` is None once it can no longer be made (the credential has expired, or the day or
    the approval before a seat has gone): there is no day left to keep it without a gap, and
    it is current again from the day the exam is passed. While there is one, the testing window
    is cut to end on it: a seat booked later would come too late."""

    apply_by: date  # our estimate; today once it has passed
    window_opens: date  # the earliest day of the testing window: apply_by and approval
    window_closes: date  # the window's last day, or the pass-by day when that comes sooner
    pass_by: date | None
    received_by: date | None  # the AAMA's latest day for the application; None with no pass_by
    fee: int  # the exam fee for this person's membership, and any reactivation fee
    reactivation: int  # 0, or the reactivation fee within `fee`
    member: bool
    expires: date  # the period's expiry
    missed_pass_by: date | None = None  # the pass-by day that has gone, while not yet expired
    reactivation_maybe: int = 0  # the reactivation fee, on top of `fee` if the AAMA counts days
    after_study: date | None = None  # a long study: the testing period picked to start then
    study_ends: date | None = None  # the study the exam needs, started today, ends (expected)


def add_business_days(day: date, count: int) -> date:
    """`count` working days (Monday to Friday) after `day`."""
    while count > 0:
        day += timedelta(days=1)
        if day.weekday() < 5:
            count -= 1
    return day


def is_closed(expires: date, today: date, kb: Knowledge) -> bool:
    """Whether the lapse window of a credential that expires on `expires` has closed by
    `today`: continuing education no longer counts, and the exam is the only way to renew."""
    return today > lapse_ends(expires, kb)


def route_of(chosen: RecertRoute, expires: date, today: date, kb: Knowledge) -> RecertRoute:
    """The route the renewal takes as of `today`: the chosen one, or the exam once the lapse
    window has closed."""
    return RecertRoute.EXAM if is_closed(expires, today, kb) else chosen


def exam_days(expires: date, profile: Profile, today: date, kb: Knowledge) -> ExamRenewal:
    """The exam route for a period that expires on `expires`, as of `today`."""
    lead = int(kb.fact("recert_exam_lead_months").number())
    pass_by: date | None = expires - relativedelta(months=lead)
    assert pass_by is not None
    ahead = int(kb.fact("recert_exam_apply_months").number())
    apply_by: date = pass_by - relativedelta(months=ahead)
    approval = int(kb.fact("approval_business_days").range()[1])
    missed = None
    if expires < today or add_business_days(max(apply_by, today), approval) > pass_by:
        missed = None if expires < today else pass_by
        pass_by = None
    window = int(kb.fact("testing_window_days").number())
    late_study = None
    if pass_by is None or apply_by < today:
        apply_by = today
    opens = add_business_days(apply_by, approval)
    if pass_by is None:
        # No day left to keep it: a study longer than the window allows (less a fortnight to
        # book a seat) starts the testing period the application picks later, so the window
        # does not close before the person is ready; the application itself, and its fee,
        # stay on the day to apply.
        seat = int(kb.fact("seat_booking_days").number())
        after = round(renewal_study_days(profile, kb, longest=True)) - window + seat
        if after > 0 and today + timedelta(days=after) > opens:
            opens = late_study = today + timedelta(days=after)
    closes = opens + timedelta(days=window)
    if pass_by is not None:
        closes = min(closes, pass_by)
    member = profile.aama_member
    fee = int(kb.fact("recert_exam_fee").number("member" if member else "nonmember"))
    beyond = expires < today and is_closed(expires, today, kb)
    # Between the 90 days the AAMA's notice counts and the month's end its FAQ counts to, the
    # fee may or may not carry the reactivation fee: both are said, never one alone.
    between = expires < today and not beyond and today > lapse_safe(expires, kb)
    reactivation_fee = int(kb.fact("reactivation_fee").number())
    reactivation = reactivation_fee if beyond else 0
    received = expires - timedelta(days=int(kb.fact("recert_exam_apply_days").number()))
    return ExamRenewal(
        apply_by=apply_by,
        window_opens=opens,
        window_closes=closes,
        pass_by=pass_by,
        received_by=received if pass_by is not None else None,
        fee=fee + reactivation,
        reactivation=reactivation,
        member=member,
        expires=expires,
        missed_pass_by=missed,
        reactivation_maybe=reactivation_fee if between else 0,
        after_study=late_study,
        study_ends=today + timedelta(days=round(renewal_study_days(profile, kb))),
    )


def late_renewal(
    profile: Profile, start: Window, end: Window, today: date, kb: Knowledge
) -> Window:
    """A late renewal's days on the route it takes as of `today`: by exam, never before the
    testing window opens, and (there is no day left to pass by) within that window; by CE once
    expired, from today (points all AAMA-approved are processed at once) to the last day CE
    counts, expected once an online application would be processed (never "today": the points
    may still be missing)."""
    expires = credential_expiry(start.expected, kb)
    if route_of(profile.recertify_by, expires, today, kb) is not RecertRoute.EXAM:
        if expires >= today:
            return end
        weeks = kb.fact("recert_ce_online_weeks").range()[1]
        closes = max(lapse_ends(expires, kb), today)
        expected = min(today + timedelta(weeks=weeks), closes)
        return Window(end.earliest, max(end.expected, expected), max(end.latest, closes))
    days = exam_days(expires, profile, today, kb)
    latest = end.latest if days.pass_by is not None else max(end.latest, days.window_closes)
    opens = days.window_opens
    expected = max(end.expected, opens)
    if days.pass_by is None and days.study_ends is not None:  # studied from today, then a seat
        expected = max(expected, days.study_ends)
        latest = max(latest, days.study_ends)
    return Window(max(end.earliest, opens), min(expected, max(latest, opens)), max(latest, opens))


def is_late_renewal(profile: Profile, start: Window, today: date, kb: Knowledge) -> bool:
    """Whether a renewal by exam has no pass-by day left (the day or the approval before a seat
    has gone, or the credential has expired): it is then forecast from `late_renewal` and due
    when the testing window and the study allow, not on a day that cannot be kept, nor counted
    late from it. (A pass-by day still ahead stays the due day; a study that outlasts it is a
    heads-up.)"""
    expires = credential_expiry(start.expected, kb)
    if route_of(profile.recertify_by, expires, today, kb) is not RecertRoute.EXAM:
        return False
    return exam_days(expires, profile, today, kb).pass_by is None


def renewal_study_days(profile: Profile, kb: Knowledge, *, longest: bool = False) -> float:
    """The expected days of study for the exam at the person's hours a week: the exam is the
    one a new candidate takes, studied as a new candidate's study step is sized (our estimate);
    with `longest`, the most it may take."""
    template = next(t for t in kb.steps if t.id == kb.roles.exam_study)
    low, high = duration_days(step_duration(template, profile, Program.CERTIFICATE, kb))
    return high if longest else (low + high) / 2
