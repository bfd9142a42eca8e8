"""The exam as it happens: the days the rules allow it on, and the attempts a person has made
(core layer: pure, no I/O).

A completing student may test no more than `early_test_days` before finishing coursework and
the practicum (the graduate step: done, or as forecast), and no one tests before applying. An
exam day that the rules forbid is refused with the rule and the earliest day allowed, so a plan
never grants the credential on a day it could not have been earned.
"""

from __future__ import annotations

from datetime import date, timedelta

from cmaplan.core.conditions import holds
from cmaplan.core.eligibility import rules as eligibility_rules
from cmaplan.core.errors import UsageError
from cmaplan.core.knowledge import Knowledge, load_knowledge
from cmaplan.core.model import Change, Plan, Progress, with_changes
from cmaplan.core.rules import earliest_test
from cmaplan.core.waiting import retake


def earliest_exam_day(plan: Plan, today: date, kb: Knowledge | None = None) -> tuple[date, str]:
    """The first day the exam can be taken in this plan as of `today`, and the rule that sets
    it, in words."""
    kb = kb or load_knowledge()
    early = kb.fact("early_test_days")
    finished = plan.profile.graduated_on
    known = finished is not None
    if finished is None and kb.roles.graduation in plan.ids:
        done = plan.progress.get(kb.roles.graduation, Progress()).done_on
        known = done is not None
        if done is None:
            from cmaplan.core.schedule import forecast

            dated = forecast(plan, today, kb, worded=False).get(kb.roles.graduation)
            finished = dated.due_day
        else:
            finished = done
    candidates: list[tuple[date, str]] = []
    if finished is not None:
        forecast_words = "" if known else " (forecast; mark graduate done with its day if sooner)"
        candidates.append(
            (
                earliest_test(finished, kb),
                f"a completing student may test no more than {early.render()} before finishing "
                f"coursework and the practicum, which end on {finished}{forecast_words}",
            )
        )
    again = retake(plan, kb)
    if again is not None:
        candidates.append(
            (
                again.earliest,
                f"a retake comes {kb.fact('retake_wait').render()}, and counted from "
                f"{again.counted_from} (the soonest that period can have begun), the "
                f"{kb.fact('testing_window_days').render()} of the attempt of {again.failed_on} "
                f"end on {again.earliest - timedelta(days=1)}",
            )
        )
    review = eligibility_rules().review_step
    reviewed = plan.progress.get(review, Progress()).done_on
    if reviewed is not None:
        candidates.append(
            (reviewed, f"the exam comes after the document review, done on {reviewed}")
        )
    applied = plan.progress.get(kb.roles.exam_application, Progress()).done_on
    if applied is not None:
        candidates.append((applied, f"the exam comes after the application, made on {applied}"))
    if not candidates:
        return date.min, ""
    return max(candidates, key=lambda c: c[0])


def missing_before_exam(plan: Plan, kb: Knowledge | None = None) -> str | None:
    """What must be recorded before any exam day, in words (None when nothing is missing): a
    program chosen on a student route (graduating does not stand in for it: the plan would go
    on asking for the choice), the Category 4 review, and the application."""
    kb = kb or load_knowledge()

    def done(step: str) -> bool:
        return step not in plan.ids or plan.progress.get(step, Progress()).done_on is not None

    if not done(kb.roles.program_choice):  # on a student route: the exam follows a program
        return (
            "no program is chosen yet, and the exam comes after finishing one: choose it first "
            f"(`cmaplan program choose NAME`, or `cmaplan check {kb.roles.program_choice} --on "
            "DATE` with the day you chose it)"
        )
    review = eligibility_rules().review_step
    if not done(review):
        return (
            "the AAMA's document review comes before registering for a Category 4 exam: mark "
            f"it done with its day first (`cmaplan check {review} --on DATE`)"
        )
    application = kb.roles.exam_application
    if not done(application):
        return (
            "no one tests before applying: mark the application done with its day first "
            f"(`cmaplan check {application} --on DATE`, in the same command if you like)"
        )
    return None


def check_exam_day(plan: Plan, day: date, today: date, kb: Knowledge | None = None) -> None:
    """Refuse an exam day (passed or failed) the rules forbid, with the rule and the earliest
    day allowed (one sentence); nothing is recorded then."""
    kb = kb or load_knowledge()
    failed = plan.progress.get(kb.roles.exam, Progress()).failed
    allowed = int(kb.fact("exam_attempts").number())
    if len(failed) >= allowed:
        # "again" only for someone whose eligibility came from an accredited program
        again = "" if holds(["alternative"], plan.profile, plan.program) else " again"
        raise UsageError(
            f"your last attempt (of {allowed}) failed on {failed[-1]}: there are no more attempts "
            f"until you complete an accredited medical assisting program{again}; `cmaplan show "
            f"{eligibility_rules().used_step}` lists what remains"
        )
    missing = missing_before_exam(plan, kb)
    if missing is not None:
        raise UsageError(f"the exam cannot be on {day}: {missing}")
    earliest, rule = earliest_exam_day(plan, today, kb)
    if day < earliest:
        raise UsageError(f"the exam cannot be on {day}: {rule}, so the earliest day is {earliest}")


def check_application_day(plan: Plan, day: date, today: date, kb: Knowledge | None = None) -> None:
    """Refuse an exam application on a day no one could apply: before the program's coursework
    began (only completing students and graduates may), or before a Category 4 review."""
    kb = kb or load_knowledge()
    review = eligibility_rules().review_step
    reviewed = plan.progress.get(review, Progress()).done_on
    if review in plan.ids and (reviewed is None or day < reviewed):
        raise UsageError(
            f"the application cannot be on {day}: the AAMA's document review comes before "
            f"registering for a Category 4 exam (`cmaplan check {review} --on DATE` first)"
        )
    coursework = kb.roles.coursework
    finished = (coursework, kb.roles.graduation)  # either done: a completing student or more
    if coursework not in plan.ids or any(
        plan.progress.get(f, Progress()).done_on for f in finished
    ):
        return
    from cmaplan.core.schedule import forecast

    began = forecast(plan, today, kb, worded=False).get(coursework).start
    if day < began:
        raise UsageError(
            f"the application cannot be on {day}: only completing students and graduates may "
            f"apply, and your coursework starts on {began} (mark apply-program and coursework "
            "done with their days if you are further along)"
        )


def record_failure(
    plan: Plan, day: date, today: date, *, undo: bool = False, kb: Knowledge | None = None
) -> tuple[Plan, str]:
    """The plan with a failed exam attempt on `day` recorded (with `undo`: the latest one taken
    back), and what to say. A retake needs a new application, so the application step opens
    again; an attempt on a day the rules forbid, or past the last one allowed, is refused."""
    kb = kb or load_knowledge()
    exam, application = kb.roles.exam, kb.roles.exam_application
    if exam not in plan.ids:  # nothing would be kept: never say it was recorded
        raise UsageError(
            "this plan has no exam step (it renews a CMA (AAMA) you hold, or its route does not "
            "reach the exam), so there is no attempt to record here; keep a failed renewal "
            "exam with `cmaplan note recertify TEXT` (cmaplan does not count those attempts yet)"
        )
    progress = dict(plan.progress)
    current = progress.get(exam, Progress())
    if undo:
        if not current.failed:
            return plan, "No failed attempt is recorded to take back."
        gone = current.failed[-1]
        progress[exam] = current._replace(failed=current.failed[:-1])
        change = Change(today, exam, "exam failure taken back", gone.isoformat())
        return _with(plan, progress, change), f"Took back the failed attempt of {gone}."
    if current.done_on is not None:
        raise UsageError(
            f"the exam is marked passed on {current.done_on}; take that back first with "
            "`cmaplan check exam --undo`"
        )
    if day > today:
        raise UsageError(f"the attempt of {day} is in the future (today is {today})")
    check_exam_day(plan, day, today, kb)
    progress[exam] = current._replace(failed=(*current.failed, day))
    said = f"Recorded a failed attempt on {day}."
    if len(progress[exam].failed) >= int(kb.fact("exam_attempts").number()):
        said += (
            " That was your last attempt: there is no retake to apply or pay for, and the plan "
            f"now ends at {eligibility_rules().used_step}, which lists what remains."
        )
    elif progress.get(application, Progress()).done_on is not None:
        progress[application] = progress[application]._replace(done_on=None)
        said += f" A retake is a new application with its fee: {application} is open again."
    change = Change(today, exam, "exam failed", day.isoformat())
    return _with(plan, progress, change), said


def _with(plan: Plan, progress: dict[str, Progress], change: Change) -> Plan:
    """The plan remade with `progress`: the last attempt failed (or taken back) changes which
    steps it has (README, "When every attempt is used")."""
    from cmaplan.core.planner import remake

    return with_changes(remake(plan, plan.profile, plan.candidates, progress), change)
