"""The plan as an iCalendar file (RFC 5545), made with the icalendar library (views layer: pure).

One all-day event per step, on the day it is due (or was done), and one per milestone that is
not a step: the program's start, the end of the exam's Category 1 window, the credential's
expiry. Each carries the step's why, checklist (ticked items marked), note and status. The
deadlines that cost money or the credential get reminders (knowledge.toml's
[rules.reminders]). UIDs come from the plan's own uid, so re-importing or subscribing updates
events instead of duplicating them; SEQUENCE grows with every save of the plan and every day.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from icalendar import Alarm, Calendar, Event, vText

from cmaplan.core.eligibility import of_plan, phase_titles
from cmaplan.core.knowledge import Knowledge, load_knowledge
from cmaplan.core.model import Credential, Forecast, Plan, RecertRoute, ScheduledStep, Status
from cmaplan.core.plaintext import plural, visible, visible_lines
from cmaplan.core.renewal import ExamRenewal, renewal_by_exam, renewal_lines
from cmaplan.core.rules import lapse_ends, lapse_safe
from cmaplan.core.schedule import due_words

PRODID = "-//cmaplan//CMA (AAMA) plan//EN"


class _Text(vText):
    """A TEXT value escaped as RFC 5545 says and no more. icalendar's own escaping takes a
    backslash and an N as a line break ("\\N" is one in the RFC's escaped form), so a note that
    holds one would come out changed: here it is a backslash, then an N."""

    def to_ical(self) -> bytes:
        text = str(self).replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
        return text.replace("\n", "\\n").encode("utf-8")


def _text(text: str, *, lines: bool = False) -> _Text:
    """Text from the plan as a calendar shows it: `visible`, on one line unless `lines`."""
    return _Text(visible_lines(text) if lines else visible(text))


def _sequence(plan: Plan, today: date) -> int:
    """Grows with every save of the plan and with every day, so that a newer export wins."""
    return plan.revision * 100_000 + min(99_999, max(0, (today - plan.created).days))


def _event(plan: Plan, key: str, summary: str, day: date, description: str, today: date) -> Event:
    event = Event()
    event.add("uid", f"{key}.{plan.uid}@cmaplan")
    event.add("dtstamp", datetime(today.year, today.month, today.day, tzinfo=UTC))
    event.add("sequence", _sequence(plan, today))
    event.add("summary", _text(summary))
    event.add("dtstart", day)
    event.add("dtend", day + timedelta(days=1))
    event.add("transp", "TRANSPARENT")  # a reminder of a date, not time that is busy
    event.add("description", _text(description, lines=True))
    return event


def _alarm(days: int, text: str) -> Alarm:
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", _text(text))
    alarm.add("trigger", timedelta(days=-days))
    return alarm


def _describe(item: ScheduledStep) -> str:
    step = item.step
    first = f"Done on {item.progress.done_on}" if item.is_done else due_words(item).capitalize()
    lines = [first]
    lines += [f"Heads-up: {w}" for w in item.warnings]
    lines += ["", *step.why]
    if step.checklist:
        lines += ["", "Checklist:"]
        lines += [
            f"[{'x' if item.progress.has_ticked(n) else ' '}] {text}"
            for n, text in enumerate(step.checklist, 1)
        ]
    if item.progress.note:
        lines += ["", f"Your note: {item.progress.note}"]
    lines += ["", f"cmaplan id: {step.id} (cmaplan show {step.id})"]
    return "\n".join(lines)


def calendar(plan: Plan, result: Forecast) -> bytes:
    """The plan's calendar as iCalendar bytes."""
    kb = load_knowledge()
    reminders = kb.rules.reminders
    days = reminders.days_before
    today = result.today
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    name = f"{plan.profile.name}'s plan" if plan.profile.name else "My plan"
    cal.add("x-wr-calname", _text(f"{name} to the CMA (AAMA)"))
    phases = phase_titles(plan.profile, plan.candidates, kb)
    renewal = renewal_by_exam(result.credential, plan.profile, today, kb)
    for item in result.steps:
        day = item.progress.done_on or item.due_day
        late = f"Late since {item.due_day}: " if item.late_since else ""
        summary = ("Done: " if item.is_done else late) + item.step.title
        if item.status is Status.CLOSED:
            summary = f"No attempt left: {item.step.title}"
        if item.status is Status.NOT_NEEDED:
            summary = f"No longer needed: {item.step.title}"
        event = _event(plan, item.step.id, summary, day, _describe(item), today)
        event.add("status", "CONFIRMED" if item.is_done else "TENTATIVE")
        event.add("categories", [phases[item.step.phase]])
        # By exam, the day to pass by comes too late for a reminder: the day to apply has them.
        by_exam = renewal is not None and item.step.id == kb.roles.recertification
        if item.is_open and item.step.id in reminders.steps and not by_exam:
            event.add_component(_alarm(days, f"Due in {plural(days, 'day')}: {item.step.title}"))
        cal.add_component(event)
    for event in _milestones(plan, result, today):
        cal.add_component(event)
    for event in _payments(plan, result, days):
        cal.add_component(event)
    if plan.study.calendar:  # opt-in (`cmaplan study calendar on`): a week is an event
        for event in study_events(plan, result, kb):
            cal.add_component(event)
    recertify = kb.roles.recertification
    if renewal is not None and recertify in plan.ids and not result.get(recertify).is_done:
        cal.add_component(_apply_by(plan, renewal, today, kb))
    data: bytes = cal.to_ical()
    return data


def _payments(plan: Plan, result: Forecast, days: int) -> list[Event]:
    """One event a day with payments: still to make, with a reminder `days` before it; made
    (its step done, its day passed), kept as paid so that a calendar's copy is updated, not
    orphaned. Lines due on one day share it, so a long list does not flood the calendar."""
    from cmaplan.core.costs import CostLine, costs_of

    # A listed line keeps its own event (its uid stays as its day moves); the person's own
    # lines share one event a day.
    groups: dict[tuple[str, date, bool], list[CostLine]] = {}
    for line in costs_of(plan, result).lines:
        if line.kind == "cost" and line.due is not None:
            key = f"payment-yours-{line.due}" if line.key.isdigit() else f"payment-{line.key}"
            groups.setdefault((key, line.due, line.paid), []).append(line)
    events = []
    for (key, day, paid), lines in sorted(groups.items(), key=lambda g: (g[0][1], g[0][0])):
        amounts = ", ".join(
            f"{line.what} ({'amount to fill in' if line.low is None else line.amount})"
            for line in lines[:3]
        )
        more = f" and {len(lines) - 3} more" if len(lines) > 3 else ""
        summary = f"{'Paid' if paid else 'Payment due'}: {amounts}{more}"
        about = "\n".join(f"{line.what}: {line.amount}. {line.note}".strip() for line in lines)
        about += "\n`cmaplan costs` lists every cost of your route."
        event = _event(plan, key, summary, day, about, result.today)
        event.add("status", "CONFIRMED" if paid else "TENTATIVE")
        event.add("categories", ["Payments"])
        if not paid:
            event.add_component(_alarm(days, f"Payment in {plural(days, 'day')}: {amounts}"))
        events.append(event)
    return events


def _milestones(plan: Plan, result: Forecast, today: date) -> list[Event]:
    kb = load_knowledge()
    reminders = kb.rules.reminders
    days = reminders.days_before
    events: list[Event] = []
    if kb.roles.coursework in plan.ids:
        start = result.get(kb.roles.coursework)
        events.append(
            _event(
                plan,
                "program-start",
                "Your accredited program starts"
                if of_plan(plan.profile, plan.candidates, kb).route == "standard"
                else "Your program starts",
                start.start,
                "The first day of coursework, as forecast.",
                today,
            )
        )
    exam = result.exam
    if exam is not None and exam.category1_ends is not None and not exam.applied:
        event = _event(
            plan,
            "category1-ends",
            "Last day to apply for the CMA (AAMA) exam in Category 1",
            exam.category1_ends,
            " ".join(result.get(kb.roles.exam_application).warnings) or kb.explain("member"),
            today,
        )
        event.add("status", "TENTATIVE")
        event.add_component(_alarm(days, f"{plural(days, 'day')} left to apply in Category 1"))
        events.append(event)
    credential = result.credential
    if credential is not None:
        renewal = renewal_by_exam(credential, plan.profile, today, kb)
        event = _event(
            plan,
            "credential-expires",
            "Your CMA (AAMA) credential expires",
            credential.expires,
            _expiry_words(credential, renewal),
            today,
        )
        event.add("status", "TENTATIVE" if credential.is_forecast else "CONFIRMED")
        # By exam, the reminders lead to the day to pass by: none after it (it would be too late)
        last = renewal.pass_by if renewal is not None and renewal.pass_by else credential.expires
        for days in reminders.expiry_days_before:
            if renewal is None or credential.expires - timedelta(days=int(days)) <= last:
                event.add_component(_alarm(int(days), f"CMA (AAMA) expires in {days} days"))
        events.append(event)
        expired = credential.expires < today
        if not credential.is_forecast and expired and credential.route is RecertRoute.CE:
            events.append(_ce_window_end(plan, credential, today, kb))
    return events


def _expiry_words(credential: Credential, renewal: ExamRenewal | None) -> str:
    """What to do before the credential expires, on the route the renewal takes."""
    if renewal is None:
        return (
            "Before this day, log your continuing education units and apply to recertify. "
            "Run: cmaplan show recertify (and cmaplan ceu for the units you have logged)."
        )
    if renewal.pass_by is not None:
        how = f"Pass the exam by {renewal.pass_by} to keep the credential without a gap"
    else:
        how = "The credential is current again from the day you pass the exam"
    return f"{how}. Run: cmaplan show recertify"


def _ce_window_end(plan: Plan, credential: Credential, today: date, kb: Knowledge) -> Event:
    """The last day continuing education still renews an expired credential: after it, the
    renewal takes the exam and the reactivation fee."""
    closes = lapse_safe(credential.expires, kb)
    fee = kb.fact("reactivation_fee").render()
    counted = kb.fact("lapse_days").render()
    faq = lapse_ends(credential.expires, kb)
    then = (
        "continuing education may no longer count: renewing takes the exam again and the "
        f"{fee} reactivation fee on top of the exam fee. Run: cmaplan show recertify (and "
        "cmaplan ceu for the units you have logged)"
    )
    if today > closes:  # past the notice's days: the FAQ's month's end is the last day left
        text = (
            f"The last day the AAMA's FAQ counts (its 2020 notice counted {counted}, to {closes}, "
            f"now past): renew as soon as you can. After it, {then}"
        )
        closes = faq
    else:
        text = (
            f"To be safe, renew by this day ({counted} after the expiry; the AAMA's FAQ counts to "
            f"{faq}). If the credential is still expired after it, {then}"
        )
    event = _event(
        plan,
        "ce-window-ends",
        "Last day to renew your CMA (AAMA) by continuing education",
        closes,
        text,
        today,
    )
    event.add("status", "TENTATIVE")
    days = kb.rules.reminders.days_before
    if closes - timedelta(days=days) >= today:
        left = f"{plural(days, 'day')} left to renew by continuing education"
        event.add_component(_alarm(days, left))
    return event


def _apply_by(plan: Plan, renewal: ExamRenewal, today: date, kb: Knowledge) -> Event:
    """The day to apply for the recertification exam, with reminders a month and a week ahead
    (knowledge.toml's recert_apply_reminder_days), so there is time to apply and book a seat."""
    lines = renewal_lines(renewal, today, kb)
    event = _event(
        plan,
        "recertify-apply",
        "Apply for the CMA (AAMA) recertification exam",
        renewal.apply_by,
        "\n".join((*lines, "", "cmaplan id: recertify (cmaplan show recertify)")),
        today,
    )
    event.add("status", "TENTATIVE")
    low, high = kb.fact("recert_apply_reminder_days").range()
    for lead in sorted({int(high), int(low)}, reverse=True):
        if renewal.apply_by - timedelta(days=lead) >= today:
            event.add_component(_alarm(lead, f"Apply for the recertification exam in {lead} days"))
    return event


def study_events(plan: Plan, result: Forecast, kb: Knowledge) -> list[Event]:
    """One event a study week, spanning it, with its focus: all-day and free, so they sit on a
    calendar without blocking it."""
    from cmaplan.core.studyplan import study_plan
    from cmaplan.core.studywords import focus_name, shared_words, week_words

    study = study_plan(plan, result, kb)
    if study is None:
        return []
    events = []
    for week in study.weeks:
        focus = focus_name(week)
        text = (
            f"{week_words(week, study)}.\nAbout {study.hours} hours this week"
            f"{shared_words(study, week)}. Run: cmaplan study"
        )
        event = _event(
            plan,
            f"study-week-{week.number}",
            f"Study (week {week.number}): {focus}",
            week.starts,
            text,
            result.today,
        )
        del event["dtend"]  # the whole week, not its first day
        event.add("dtend", week.ends + timedelta(days=1))
        event.add("status", "TENTATIVE")
        events.append(event)
    return events
