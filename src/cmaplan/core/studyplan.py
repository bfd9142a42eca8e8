"""The months before the exam, week by week (core layer: pure): what to study when, from the
start of exam preparation to the exam day as forecast.

Weeks run Monday to Sunday (the first from the day the study starts). A week that has begun
stays as it was last written to the plan file (`Plan.study_weeks`): only the weeks ahead are
planned again when a score, the target or the exam day changes, so nothing already studied is
rewritten. The weeks ahead go to the three areas by their share of the questions
(`exam_area_share`), times an emphasis by background (`study_emphasis`) for an area not yet
scored, or, once scored, by how far its latest score is below the person's target. Every area
gets weeks enough for its topics still to come (at most `MAX_TOPICS` a week) while the weeks
allow; every `study_review_every_weeks` weeks of new topics a review week follows; the week
before the application is due holds a full practice exam (so the fee is paid knowing where one
stands); a first week without any score opens with a timed practice test, and the last week is
a final review. Nothing here promises a pass.
"""

from __future__ import annotations

import functools
from datetime import date, timedelta
from typing import Literal, NamedTuple

from cmaplan.core.durations import study_hours
from cmaplan.core.kinds import Area, Experience
from cmaplan.core.knowledge import Knowledge, load_knowledge
from cmaplan.core.model import Forecast, Plan, Profile
from cmaplan.core.practice import AREAS, Score, Study, StudyWeek, WeekKind
from cmaplan.core.shipped import knowledge_data

Background = Literal["img", "new", "cna", "military", "uncertified-ma"]
MAX_TOPICS = 3  # topics in one week, while the weeks allow
LONGEST_WEEKS = 104  # the weeks a study plan lists at most, up to the exam
GAP_POINTS = 40  # points under the target that double an area's weight (our estimate)
MAX_GAP_FACTOR = 2.0
MET_FACTOR = 0.85  # an area at or above the target keeps most of its time, to stay there


class AreaInfo(NamedTuple):
    area: Area
    name: str
    topics: tuple[str, ...]


class StudyPlan(NamedTuple):
    starts: date
    exam_on: date
    hours: int  # the hours a week the person gave
    weights: dict[Area, float]  # each area's share of the weeks ahead, summing to 1
    weeks: tuple[StudyWeek, ...]
    apply_by: date | None  # the application's forecast day, when it falls inside the plan
    background: Background
    kept: int  # how many of the weeks are kept as written (begun, or nothing changed since)
    kept_begun: int  # how many of the weeks have begun
    beside: dict[int, str]  # week number → the step that shares its hours ("externship")


@functools.cache
def areas() -> dict[Area, AreaInfo]:
    """The exam's three areas with their topics, as knowledge.toml's [study.areas] gives them."""
    raw = knowledge_data()["study"]["areas"]
    found = {
        a: AreaInfo(a, str(raw[a.value]["name"]), tuple(raw[a.value]["topics"])) for a in AREAS
    }
    if set(raw) != {a.value for a in AREAS} or not all(i.topics for i in found.values()):
        raise ValueError("[study.areas] must give topics for general, administrative, clinical")
    return found


def practice_sources() -> dict[str, str]:
    """What each source of a score is, in words ("the AAMA's practice exam")."""
    return {str(k): str(v) for k, v in knowledge_data()["study"]["practice_sources"].items()}


def background(profile: Profile) -> Background:
    """Whose emphasis the plan takes: a physician trained abroad, or by experience."""
    if profile.foreign_medical_degree:
        return "img"
    kinds: dict[Experience, Background] = {
        Experience.CNA: "cna",
        Experience.MILITARY: "military",
        Experience.UNCERTIFIED_MA: "uncertified-ma",
    }
    return kinds.get(profile.experience, "new")


def target(study: Study, kb: Knowledge) -> int:
    """The percent the person aims for: their own, or our default."""
    return study.target or int(kb.fact("study_target_percent").number())


def latest(scores: tuple[Score, ...], area: Area | None) -> tuple[date, int] | None:
    """The latest score of an area (None: overall), with its day; None without one."""
    for score in reversed(scores):
        value = score.overall if area is None else score.of(area)
        if value is not None:
            return score.on, value
    return None


def weights(profile: Profile, study: Study, kb: Knowledge) -> dict[Area, float]:
    """Each area's share of the weeks ahead: the exam's share, times the background's emphasis
    while the area has no score, or how far below the target its latest score is once it has."""
    emphasis = kb.fact("study_emphasis").entry(background(profile))
    assert isinstance(emphasis, list)
    aim = target(study, kb)
    raw: dict[Area, float] = {}
    for index, area in enumerate(AREAS):
        weight = float(kb.fact("exam_area_share").number(area.value))
        scored = latest(study.scores, area)
        if scored is None:
            weight *= float(emphasis[index])
        elif scored[1] < aim:
            weight *= min(MAX_GAP_FACTOR, 1 + (aim - scored[1]) / GAP_POINTS)
        else:
            weight *= MET_FACTOR
        raw[area] = weight
    total = sum(raw.values())
    return {a: w / total for a, w in raw.items()}


def week_starts(first: date, exam_on: date) -> list[date]:
    """The first day of each week from `first` to the exam's eve: then every Monday (a first
    week shorter than three days runs on to the Sunday after)."""
    days = [first]
    monday = first + timedelta(days=7 - first.weekday())
    if (monday - first).days < 3:  # a first week of a day or two joins the next
        monday += timedelta(weeks=1)
    while monday < exam_on:
        days.append(monday)
        monday += timedelta(weeks=1)
    return days


def study_plan(plan: Plan, result: Forecast, kb: Knowledge | None = None) -> StudyPlan | None:
    """The weeks from the start of exam preparation to the exam as forecast; None when the
    plan has no exam to study for (a renewal, a route closed) or it is passed."""
    kb = kb or load_knowledge()
    by_id = {s.step.id: s for s in result.steps}
    prep, exam = by_id.get(kb.roles.exam_study), by_id.get(kb.roles.exam)
    if prep is None or exam is None or exam.is_done:
        return None
    today = result.today
    # At most two years of weeks before the exam: a study begun (or due) long before is not
    # weeks of its own to list, and the file keeps what it can read back.
    earliest = exam.due - timedelta(weeks=LONGEST_WEEKS)
    # Begun: their day has come, and so has the study's (weeks of a plan that has slipped since,
    # its preparation now ahead, were never this study's: it starts anew from its day).
    begun = [w for w in plan.study_weeks if w.starts <= today] if prep.start <= today else []
    first = begun[0].starts if begun and begun[0].number == 1 else prep.start
    first = max(first, earliest)
    exam_on = max(exam.due, first + timedelta(days=1))
    starts = week_starts(first, exam_on)
    # The weeks as last written: all of them while their days are still the plan's (nothing
    # changed since: what a week ahead shows today is what it will be), else those begun.
    stored = [w.starts for w in plan.study_weeks] == starts
    kept: list[StudyWeek] = []
    for week, day in zip(plan.study_weeks if stored else begun, starts, strict=False):
        if week.number != len(kept) + 1 or week.starts != day:
            break
        kept.append(week._replace(ends=_ends(starts, len(kept), exam_on)))
    application = by_id.get(kb.roles.exam_application)
    apply_by = None
    if application is not None and not application.is_done and first < application.due:
        apply_by = min(application.due, exam_on)
    shares = weights(plan.profile, plan.study, kb)
    every = int(kb.fact("study_review_every_weeks").number())
    failed = exam.progress.failed
    kinds = _kinds(starts, kept, apply_by, every, failed[-1] if failed else None)
    ahead = _ahead(kinds, kept, shares, baseline=not plan.study.scores)
    weeks = tuple(kept) + tuple(
        w._replace(number=n + 1, starts=starts[n], ends=_ends(starts, n, exam_on))
        for n, w in enumerate(ahead, start=len(kept))
    )
    return StudyPlan(
        first,
        exam_on,
        study_hours(plan.profile, kb),
        shares,
        weeks,
        apply_by,
        background(plan.profile),
        len(kept),
        sum(1 for w in weeks if w.starts <= today),
        _beside(weeks, result, kb),
    )


def _ends(starts: list[date], index: int, exam_on: date) -> date:
    following = starts[index + 1] if index + 1 < len(starts) else exam_on
    return max(starts[index], following - timedelta(days=1))


def _kinds(
    starts: list[date],
    kept: list[StudyWeek],
    apply_by: date | None,
    every: int,
    failed_on: date | None,
) -> list[WeekKind]:
    """What each week is for: the weeks kept as they were; of the rest, the last a final review,
    the one before the application a practice exam, a review after every `every` weeks of new
    topics, the others new topics."""
    learn: list[WeekKind] = ["learn"] * (len(starts) - len(kept))
    kinds: list[WeekKind] = [w.kind for w in kept] + learn
    if len(kinds) > len(kept):
        kinds[-1] = "final"
    if apply_by is not None and len(starts) > 1:
        before = [n for n, day in enumerate(starts) if day + timedelta(days=6) < apply_by]
        week = min(before[-1] if before else 0, len(starts) - 2)
        # one before each application: a retake's too (the kept one was for the attempt)
        since = [w for w in kept if failed_on is None or w.starts > failed_on]
        if week >= len(kept) and all(w.kind != "practice" for w in since):
            kinds[week] = "practice"
    run = 0
    for n in range(len(kinds) - 1):
        if kinds[n] != "learn":
            run = 0
            continue
        run += 1
        if run > every and n >= len(kept):
            kinds[n], run = "review", 0
    return kinds


def _ahead(
    kinds: list[WeekKind], kept: list[StudyWeek], shares: dict[Area, float], *, baseline: bool
) -> list[StudyWeek]:
    """The weeks after the kept ones (numbers and days filled in by the caller): each area's
    topics still to come spread over weeks enough to hold them, the rest by the shares."""
    learning = [n for n in range(len(kept), len(kinds)) if kinds[n] == "learn"]
    done = {a: [t for w in kept if w.area is a for t in w.topics] for a in AREAS}
    todo = {a: [t for t in areas()[a].topics if t not in done[a]] for a in AREAS}
    count = _counts(len(learning), todo, shares, {a: sum(w.area is a for w in kept) for a in AREAS})
    order = _interleave(count, shares)
    given = dict.fromkeys(AREAS, 0)
    out: list[StudyWeek] = []
    undated = date.min  # the caller dates the weeks
    for n in range(len(kept), len(kinds)):
        kind = kinds[n]
        if kind != "learn":
            out.append(StudyWeek(n + 1, undated, undated, kind))
            continue
        area = order[learning.index(n)]
        topics = _topics(todo[area], areas()[area].topics, given[area], count[area])
        given[area] += 1
        opens = baseline and n == 0
        out.append(StudyWeek(n + 1, undated, undated, "learn", area, topics, opens))
    return out


def _counts(
    weeks: int, todo: dict[Area, list[str]], shares: dict[Area, float], had: dict[Area, int]
) -> dict[Area, int]:
    """How many of the `weeks` ahead each area gets: first weeks enough for its topics still to
    come (fewer, one each, when the weeks are short), then the rest to the area furthest below
    its share of all the weeks, kept ones counted."""
    need = {a: -(-len(todo[a]) // MAX_TOPICS) for a in AREAS}
    count = dict.fromkeys(AREAS, 0)
    by_share = sorted(AREAS, key=lambda a: -shares[a])
    left = weeks
    for area in by_share:  # one each first
        if need[area] and left:
            count[area], left = 1, left - 1
    while left and any(count[a] < need[a] for a in AREAS):  # then to the most topics a week
        area = max(
            (a for a in by_share if count[a] < need[a]),
            key=lambda a: (len(todo[a]) / count[a], shares[a]),
        )
        count[area] += 1
        left -= 1
    total = weeks + sum(had.values())
    while left > 0:
        area = max(by_share, key=lambda a: shares[a] * total - had[a] - count[a])
        count[area] += 1
        left -= 1
    return count


def _interleave(count: dict[Area, int], shares: dict[Area, float]) -> list[Area]:
    """The areas' weeks in an order that spreads each over the whole stretch."""
    total = sum(count.values())
    given = dict.fromkeys(AREAS, 0)
    out: list[Area] = []
    for n in range(1, total + 1):
        open_ = [a for a in AREAS if given[a] < count[a]]
        area = max(open_, key=lambda a: (count[a] * n / total - given[a], shares[a]))
        given[area] += 1
        out.append(area)
    return out


def _topics(todo: list[str], every: tuple[str, ...], index: int, weeks: int) -> tuple[str, ...]:
    """The topics of an area's `index`-th week ahead of `weeks`: those still to come spread over
    as many weeks as they need, then the area's topics again, one a week, as review."""
    first = min(weeks, -(-len(todo) // MAX_TOPICS))
    if index < first:
        low, high = index * len(todo) // first, (index + 1) * len(todo) // first
        return tuple(todo[low:high])
    return (every[(index - first) % len(every)],)


def _beside(weeks: tuple[StudyWeek, ...], result: Forecast, kb: Knowledge) -> dict[int, str]:
    """The weeks that share their hours with the coursework or the externship (as done, or as
    forecast)."""
    found: dict[int, str] = {}
    for role, name in ((kb.roles.externship, "externship"), (kb.roles.coursework, "classes")):
        step = next((s for s in result.steps if s.step.id == role), None)  # done: its days
        if step is None:
            continue
        for week in weeks:
            if week.starts <= step.due and week.ends >= step.start and week.number not in found:
                found[week.number] = name
    return found


def week_of(study: StudyPlan, day: date) -> StudyWeek | None:
    """The week `day` falls in; None before the study starts or from the exam day on."""
    return next((w for w in study.weeks if w.starts <= day <= w.ends), None)
