"""The warnings a forecast carries (core layer: pure): those of the plan as a whole, each shown
on the steps its template names in the knowledge base, and those of one step's timing — a
yearly season or a program's intake passed, slipping, or close (README, "Seasons and intakes").
"""

from __future__ import annotations

from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

from cmaplan.core.conditions import holds
from cmaplan.core.durations import (
    DAYS_PER_MONTH,
    few_hours_for_full_time,
    hours_words,
    program_shortfall,
    study_hours,
)
from cmaplan.core.eligibility import of_plan
from cmaplan.core.eligibility import rules as eligibility_rules
from cmaplan.core.knowledge import Knowledge, choose
from cmaplan.core.model import Credential, ExamTerms, Plan, Progress, ScheduledStep, Status
from cmaplan.core.planner import chosen_candidate, goal_step
from cmaplan.core.renewaldays import add_business_days
from cmaplan.core.retakes import attempt_warnings
from cmaplan.core.rules import earliest_test, fee_key, is_accredited, lapse_ends, lapse_safe
from cmaplan.core.states import state_rule
from cmaplan.core.stepdates import next_yearly, season_close, when_words
from cmaplan.core.waiting import retake

_SETTLED = (Status.DONE, Status.NOT_NEEDED)  # a step before another that no longer holds it back


def plan_warnings(
    plan: Plan,
    terms: ExamTerms | None,
    credential: Credential | None,
    today: date,
    kb: Knowledge,
) -> list[tuple[str, dict[str, str]]]:
    """The warnings that hold for the plan as a whole, each with its template's fields; each
    template names the step it is shown on."""
    found: list[tuple[str, dict[str, str]]] = []
    if terms is not None:
        found.extend(_category_warnings(plan, terms, today, kb))
    slow = _pace_warning(plan, kb)
    if slow is not None:
        found.append(slow)
    elif few_hours_for_full_time(plan.profile, kb):
        found.append(
            ("full-time-hours", {"study_hours": hours_words(study_hours(plan.profile, kb))})
        )
    chosen = chosen_candidate(plan.profile, plan.candidates)
    if chosen is not None and is_accredited(chosen.accreditor, kb) is False:
        found.append(
            (
                "chosen-not-accredited",
                {"program_name": chosen.name, "accreditor": chosen.accreditor},
            )
        )
    found.extend(attempt_warnings(plan, terms, kb))
    if credential is not None and credential.expires < today:
        last_day = lapse_ends(credential.expires, kb)
        safe = lapse_safe(credential.expires, kb)
        fields = {
            "expires": credential.expires.isoformat(),
            "lapse_ends": last_day.isoformat(),
            "lapse_safe": safe.isoformat(),
        }
        if today > last_day:
            found.append(("credential-lapsed", fields))
        elif today > safe:  # the AAMA's two counts of the lapse disagree on today
            found.append(("credential-expired-between", fields))
        else:
            found.append(("credential-expired", {**fields, "when": when_words(safe, today)}))
    return found


def _pace_warning(plan: Plan, kb: Knowledge) -> tuple[str, dict[str, str]] | None:
    """The program's hours do not fit in its length at the person's hours a week."""
    if plan.profile.graduated_on is not None:
        return None
    chosen = chosen_candidate(plan.profile, plan.candidates)
    short = program_shortfall(plan.profile, plan.program, kb, chosen)
    if short is None:
        return None
    contact = kb.fact("coursework_contact_hours").number(plan.program.value)
    months = max(1, round(short.takes_days / DAYS_PER_MONTH))
    fields = {
        "study_hours": hours_words(study_hours(plan.profile, kb)),
        "coursework_hours": hours_words(int(contact)),
        "takes": f"{months} months",
        "pace": plan.profile.pace.value,
        "program_name": chosen.name if chosen else kb.programs[plan.program.value].name,
        "needed": hours_words(short.needed_per_week),
    }
    return "pace-too-slow", fields


def step_warnings(
    plan: Plan,
    item: ScheduledStep,
    items: dict[str, ScheduledStep],
    found: list[tuple[str, dict[str, str]]],
    today: date,
    kb: Knowledge,
) -> tuple[str, ...]:
    """The warnings shown on one open step: those of the plan whose template names this step,
    and for a yearly step or a chosen program the season or intake it missed, is about to miss,
    or is coming close to (README, "Seasons and intakes")."""
    if item.is_done or item.status is Status.NOT_NEEDED:
        return ()
    wanted = list(found)
    duration = item.step.duration
    # A program whose route to the exam is unknown or closed: no intake to hurry for.
    hurry = not duration.intakes or of_plan(plan.profile, plan.candidates, kb).reaches_exam
    timing = (
        _timing_warnings(plan, item, items, today, kb)
        if (duration.is_yearly or duration.intakes) and hurry
        else []
    )
    wanted.extend(timing)
    wanted.extend(_window_warnings(item, items, today, kb))
    wanted.extend(_period_warnings(item, items, kb))
    wanted.extend(_pathway_warnings(plan, item, items, today, kb))
    wanted.extend(_age_warnings(plan, item, items, kb))
    wanted.extend(_state_program_warnings(plan, item))
    said = any(w == "intake-missed-last" for w, _ in timing)  # says it, with the miss
    if duration.intakes and hurry and item.start not in duration.intakes and not said:
        wanted.append(("no-intake-left", {"program_name": plan.profile.program_choice}))
    return tuple(
        _warning_text(plan, warning_id, fields, kb)
        for warning_id, fields in wanted
        if item.step.id in kb.warnings[warning_id].steps
    )


def _state_program_warnings(plan: Plan, item: ScheduledStep) -> list[tuple[str, dict[str, str]]]:
    """On a Category 4 review: a state whose credential asks more hours of a non-accredited
    program (and its externship) than the person's finished program has."""
    rule = state_rule(plan.profile.state)
    if rule is None or not rule.program_hours or item.step.id != eligibility_rules().review_step:
        return []
    practicum = plan.profile.program_practicum_hours or 0
    given = (plan.profile.program_contact_hours or 0) + practicum
    if given >= rule.program_hours and practicum >= rule.externship_hours:
        return []
    fields = {
        "state_name": rule.name,
        "program_hours": f"{rule.program_hours:,}",
        "externship_hours": f"{rule.externship_hours:,}",
        "given": f"{given:,}",
        "practicum": f"a practicum of {practicum:,} hours" if practicum else "no practicum",
    }
    return [("state-program-short", fields)]


def _age_warnings(
    plan: Plan, item: ScheduledStep, items: dict[str, ScheduledStep], kb: Knowledge
) -> list[tuple[str, dict[str, str]]]:
    """A person who turns the minimum age programs commonly set only after their externship is
    forecast to start: said on the entry checks while they are open, else on the externship."""
    born, externship = plan.profile.birth_date, items.get(kb.roles.externship)
    if born is None or externship is None or externship.is_done:
        return []
    checks = items.get(kb.roles.entry_checks)
    open_checks = checks is not None and checks.is_open
    said_on = kb.roles.entry_checks if open_checks else kb.roles.externship
    age = int(kb.fact("minimum_age").number())
    turns = born + relativedelta(years=age)
    if item.step.id != said_on or turns <= externship.start:
        return []
    dated = {"age": str(age), "turns": str(turns), "externship": str(externship.start)}
    return [("younger-than-minimum", dated)]


def _pathway_warnings(
    plan: Plan,
    item: ScheduledStep,
    items: dict[str, ScheduledStep],
    today: date,
    kb: Knowledge,
) -> list[tuple[str, dict[str, str]]]:
    """A Category 4 review or exam forecast after the pathway's end date (as last read), or
    expected before it but at the latest after it: said on the review while it is open, as
    soon as the exam it leads to may come after that day (years ahead, while another route is
    still cheap to choose), then on the exam."""
    review = eligibility_rules().review_step
    if review not in plan.ids:
        return []
    if item.step.id != review and plan.progress.get(review, Progress()).done_on is None:
        return []  # said once, on the review, until it is done
    ends = date.fromisoformat(str(kb.fact("alternative_pathway_end").value))
    if today > ends:  # the end date is behind: whether it is open is the question now
        return [("pathway-end-passed", {})]
    exam = items.get(kb.roles.exam)
    what, due, latest = "This step", item.due, item.window.latest
    if item.step.id == review and exam is not None and exam.due > item.due:
        what, due, latest = "Your exam", exam.due, max(exam.window.latest, exam.due)
    fields = {"due": due.isoformat(), "what": what, "latest": latest.isoformat()}
    if due > ends:
        return [("pathway-may-close", fields)]
    return [("pathway-may-run-late", fields)] if latest > ends else []  # expected inside


def _period_warnings(
    item: ScheduledStep, items: dict[str, ScheduledStep], kb: Knowledge
) -> list[tuple[str, dict[str, str]]]:
    """On an application still to make: a testing period that began with it would close
    before the exam may come (a long study the application does not wait for), so the person
    picks a later start."""
    exam, study = items.get(kb.roles.exam), items.get(kb.roles.exam_study)
    if item.step.id != kb.roles.exam_application or exam is None or exam.is_done:
        return []
    window = timedelta(days=int(kb.fact("testing_window_days").number()))
    approval = int(kb.fact("approval_business_days").range()[1])
    # Latest against latest: the slack of the steps before both is the same.
    if add_business_days(item.window.latest, approval) + window >= exam.window.latest:
        return []
    fields = {
        "starts": min(exam.start, exam.window.latest - window).isoformat(),
        "exam_latest": exam.window.latest.isoformat(),
        "study_ends": (study.due if study is not None else exam.start).isoformat(),
    }
    return [("testing-period-later", fields)]


def _window_warnings(
    item: ScheduledStep, items: dict[str, ScheduledStep], today: date, kb: Knowledge
) -> list[tuple[str, dict[str, str]]]:
    """For an exam not yet taken after an application made: the testing period that began with
    it has closed, or ends before the exam's forecast day."""
    application = items.get(kb.roles.exam_application)
    if item.step.id != kb.roles.exam or application is None:
        return []
    applied = application.progress.done_on
    if applied is None or any(day >= applied for day in item.progress.failed):
        return []
    ends = applied + timedelta(days=int(kb.fact("testing_window_days").number()))
    fields = {"applied": applied.isoformat(), "window_ends": ends.isoformat()}
    if today > ends:
        return [("testing-window-closed", fields)]
    graduation = items.get(kb.roles.graduation)
    if graduation is not None and not graduation.is_done:  # a completing student's 30 days
        earliest = earliest_test(graduation.due_day, kb)
        if earliest > ends:
            dated = {"earliest": earliest.isoformat(), "finished": graduation.due_day.isoformat()}
            return [("testing-window-too-early", {**fields, **dated})]
    if item.due > ends:
        return [("testing-window-late", {**fields, "due": item.due.isoformat()})]
    return []


def _timing_warnings(
    plan: Plan,
    item: ScheduledStep,
    items: dict[str, ScheduledStep],
    today: date,
    kb: Knowledge,
) -> list[tuple[str, dict[str, str]]]:
    duration = item.step.duration
    kind = "season" if duration.is_yearly else "intake"
    day = item.due if duration.is_yearly else item.start  # the season's day, the program's start
    # the last day it can be made: a season open to a late application lasts to its late day
    closes = season_close(day, duration) if duration.is_yearly else day
    if duration.is_yearly:
        later: date | None = next_yearly(closes + relativedelta(days=1), duration.month_day)
    else:
        later = min((d for d in duration.intakes if d > day), default=None)
    no_intake = bool(duration.intakes) and day not in duration.intakes  # all before ready day
    open_before = [items[a] for a in item.step.after if items[a].status not in _SETTLED]
    fields = {
        "program_name": plan.profile.program_choice,
        "day": day.isoformat(),
        "when": when_words(day, today),
        "by": "today" if day == today else "before then",
        "next": later.isoformat() if later else "",
        "steps": " and ".join(f'"{s.step.title}"' for s in open_before),
    }
    goal = goal_step(plan)
    fields["goal"] = ""
    if goal is not None and goal in items and goal != item.step.id:
        fields["goal"] = f' ("{items[goal].step.title}" now {items[goal].due})'
    # A season's miss is said once, on the first open step of a seasonal chain (the application,
    # not the match and start that follow it); the next season or intake, once close, instead.
    close = (closes - today).days <= kb.fact("season_warning_days").number()
    waiting = bool(open_before) or duration.is_yearly  # a yearly step is itself the deadline
    if today <= closes and close and waiting and not no_intake:
        closing = {**fields, "day": closes.isoformat(), "when": when_words(closes, today)}
        closing["by"] = "today" if closes == today else "before then"
        return [(f"{kind}-closing" + ("" if later else "-last"), closing)]
    follows = any(s.step.duration.is_yearly for s in open_before)
    if item.missed is not None and not follows:
        missed = {**fields, "missed": item.missed.isoformat()}
        return [(f"{kind}-missed" + ("-last" if no_intake else ""), missed)]
    if item.slipping is not None:
        years = day.year - item.slipping.year
        wait = "a year" if years == 1 else f"{years} years"
        return [
            (f"{kind}-slipping", {**fields, "counted": item.slipping.isoformat(), "wait": wait})
        ]
    return []


def _category_warnings(
    plan: Plan, terms: ExamTerms, today: date, kb: Knowledge
) -> list[tuple[str, dict[str, str]]]:
    """Category 1 closing soon, or missed by the forecast application, or over already."""
    ends = terms.category1_ends
    if ends is None:
        return []
    inside, outside = kb.rules.exam_category.inside, kb.rules.exam_category.outside
    fees = kb.fact(kb.rules.exam_fee.fact)
    member = plan.profile.aama_member
    fields = {
        "category1_ends": ends.isoformat(),
        "when": when_words(ends, today),
        "fee": fees.render(fee_key(terms.category, member)),
        "fee_inside": fees.render(fee_key(inside, member)),
        "fee_after": fees.render(fee_key(outside, member=False)),
    }
    if ends < today:
        return [("category-closed", fields)] if terms.category == outside else []
    again = retake(plan, kb)
    if again is not None and again.earliest > ends:  # the retake's application comes too late
        after = {"fee": fees.render(fee_key(outside, member)), "retake_from": str(again.earliest)}
        return [("category-after-retake", {**fields, **after})]
    warn_days = kb.fact("category_warning_days").number()
    closing = (ends - today).days <= warn_days or (ends - terms.apply_on).days <= warn_days
    return [("category-closing", fields)] if closing or terms.category == outside else []


def _warning_text(plan: Plan, warning_id: str, fields: dict[str, str], kb: Knowledge) -> str:
    """A warning's template for this person, filled in."""
    template = kb.warnings[warning_id]
    text = choose(template.text, lambda when: holds(when, plan.profile, plan.program))
    return text.format_map({**kb.values(), **fields})
