"""Changes to the study record (core layer: pure): a practice score added or removed, the
target set, the study weeks put into the calendar or taken out. Each is checked against the
day and the plan, and refused in one sentence; each writes one history entry."""

from __future__ import annotations

from datetime import date

from cmaplan.core.errors import UsageError
from cmaplan.core.model import Change, Plan, with_changes
from cmaplan.core.practice import AREAS, MAX_SCORES, Score, with_score
from cmaplan.core.studyplan import areas

STEP = "study"  # what the history's entries name
SCORES_HINT = "`cmaplan study` numbers the scores you recorded."


def check_score(score: Score, today: date) -> None:
    """A score that could be true: some percent given, each 0 to 100, on a day not after
    today."""
    if score.is_empty:
        raise UsageError(
            "give the overall percent, an area's (--general, --administrative, --clinical), or "
            "both",
            "e.g. `cmaplan study score 72 --clinical 68`.",
        )
    for name, value in (("overall", score.overall), *((a.value, score.of(a)) for a in AREAS)):
        if value is not None and not 0 <= value <= 100:
            raise UsageError(
                f"the {name} percent must be a whole number from 0 to 100, not {value}"
            )
    if score.on > today:
        raise UsageError(
            f"--on {score.on} is after today ({today}): record a practice test once you took it"
        )


def add_score(plan: Plan, score: Score, today: date) -> Plan:
    """The plan with one more practice score."""
    check_score(score, today)
    if len(plan.study.scores) >= MAX_SCORES:
        raise UsageError(
            f"the plan keeps at most {MAX_SCORES} practice scores; remove an old one first",
            SCORES_HINT,
        )
    change = Change(today, STEP, "score added", f"{score.on}: {score_words(score)}")
    return with_changes(
        replanned(plan._replace(study=with_score(plan.study, score)), today), change
    )


def remove_score(plan: Plan, number: int, today: date) -> tuple[Plan, Score]:
    """The plan without its practice score `number` (from 1, as `cmaplan study` lists them)."""
    scores = plan.study.scores
    if not 1 <= number <= len(scores):
        have = f"1 to {len(scores)}" if len(scores) > 1 else "only 1" if scores else "none yet"
        raise UsageError(f"there is no practice score {number} (the plan has {have})", SCORES_HINT)
    gone = scores[number - 1]
    kept = (*scores[: number - 1], *scores[number:])
    change = Change(today, STEP, "score removed", f"{gone.on}: {score_words(gone)}")
    after = replanned(plan._replace(study=plan.study._replace(scores=kept)), today)
    return with_changes(after, change), gone


def set_target(plan: Plan, percent: int, today: date) -> Plan:
    """The plan with the person's own target percent."""
    if not 1 <= percent <= 100:
        raise UsageError(f"the target must be a whole percent from 1 to 100, not {percent}")
    change = Change(today, STEP, "study changed", f"target {percent}%")
    return with_changes(
        replanned(plan._replace(study=plan.study._replace(target=percent)), today), change
    )


def set_calendar(plan: Plan, shown: bool, today: date) -> Plan:
    """The plan with its study weeks in the exported calendar, or not."""
    change = Change(today, STEP, "study changed", f"calendar {'on' if shown else 'off'}")
    return with_changes(plan._replace(study=plan.study._replace(calendar=shown)), change)


def replanned(plan: Plan, today: date) -> Plan:
    """The plan with only the weeks begun kept as written: the weeks ahead are planned again
    from its scores and target."""
    return plan._replace(study_weeks=tuple(w for w in plan.study_weeks if w.starts <= today))


def score_words(score: Score) -> str:
    """A score in a line: "72% overall; general 80%, clinical 68%"."""
    parts = [f"{score.overall}% overall"] if score.overall is not None else []
    named = [f"{areas()[a].name.lower()} {v}%" for a in AREAS if (v := score.of(a)) is not None]
    if named:
        parts.append(", ".join(named))
    return "; ".join(parts)
