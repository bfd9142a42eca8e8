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
from cmaplan.core.errors import UsageError
from cmaplan.core.knowledge import Knowledge, load_knowledge
from cmaplan.core.model import Change, Plan, Progress, with_changes


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
                finished - timedelta(days=int(early.number())),
                f"a completing student may test no more than {early.render()} before finishing "
                f"coursework and the practicum, which end on {finished}{forecast_words}",
            )
        )
    failed = plan.progress.get(kb.roles.exam, Progress()).failed
    if failed:
        after = failed[-1] + timedelta(days=1)
        candidates.append((after, f"a retake comes after the failed attempt of {failed[-1]}"))
    applied = plan.progress.get(kb.roles.exam_application, Progress()).done_on
    if applied is not None:
        candidates.append((applied, f"the exam comes after the application, made on {applied}"))
    if not candidates:
        return date.min, ""
    return max(candidates, key=lambda c: c[0])


def check_exam_day(plan: Plan, day: date, today: date, kb: Knowledge | None = None) -> None:
    """Refuse an exam day the rules forbid, with the rule and the earliest day allowed (one
    sentence); nothing is recorded then."""
    kb = kb or load_knowledge()
    failed = plan.progress.get(kb.roles.exam, Progress()).failed
    if len(failed) >= int(kb.fact("exam_attempts").number()):
        # "again" only for someone whose eligibility came from an accredited program
        again = "" if holds(["alternative"], plan.profile, plan.program) else " again"
        raise UsageError(
            f"your third attempt failed on {failed[-1]}: there are no more attempts until you "
            f"complete an accredited medical assisting program{again}"
        )
    earliest, rule = earliest_exam_day(plan, today, kb)
    if day < earliest:
        raise UsageError(f"the exam cannot be on {day}: {rule}, so the earliest day is {earliest}")


def record_failure(
    plan: Plan, day: date, today: date, *, undo: bool = False, kb: Knowledge | None = None
) -> tuple[Plan, str]:
    """The plan with a failed exam attempt on `day` recorded (with `undo`: the latest one taken
    back), and what to say. A retake needs a new application, so the application step opens
    again; an attempt on a day the rules forbid, or past the last one allowed, is refused."""
    kb = kb or load_knowledge()
    exam, application = kb.roles.exam, kb.roles.exam_application
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
    if progress.get(application, Progress()).done_on is not None:
        progress[application] = progress[application]._replace(done_on=None)
        said += f" A retake is a new application with its fee: {application} is open again."
    change = Change(today, exam, "exam failed", day.isoformat())
    return _with(plan, progress, change), said


def _with(plan: Plan, progress: dict[str, Progress], change: Change) -> Plan:
    from cmaplan.core.planner import with_progress

    return with_changes(with_progress(plan, progress), change)
