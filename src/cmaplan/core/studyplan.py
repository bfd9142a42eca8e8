"""The months before the exam, week by week (core layer: pure): what to study when, from the
start of exam preparation to the exam day as forecast, and how ready the person's own practice
scores say they are.

The time goes to the exam's three areas by their share of the questions (knowledge.toml's
`exam_area_share`), times an emphasis by background (`study_emphasis`), times, once scores exist,
how far the latest score of each area is below the person's target. Every
`study_review_every_weeks` weeks of new topics a review week follows; the week before the
application is due holds a full practice exam (so the fee is paid knowing where one stands),
and the last week is a final review. Nothing here promises a pass: readiness is the person's
own scores against their own target.
"""

from __future__ import annotations

import functools
from datetime import date, timedelta
from typing import Literal, NamedTuple

from cmaplan.core.durations import study_hours
from cmaplan.core.kinds import Area, Experience
from cmaplan.core.knowledge import Knowledge, load_knowledge
from cmaplan.core.model import Forecast, Plan, Profile
from cmaplan.core.practice import AREAS, Score, Study
from cmaplan.core.shipped import knowledge_data

WeekKind = Literal["learn", "review", "practice", "final"]
Background = Literal["img", "new", "cna", "military", "uncertified-ma"]
GAP_POINTS = 20  # points under the target that double an area's weight (our estimate)
MAX_GAP_FACTOR = 3.0
MET_FACTOR = 0.8  # an area at or above the target keeps some time, to stay there


class AreaInfo(NamedTuple):
    area: Area
    name: str
    topics: tuple[str, ...]


class StudyWeek(NamedTuple):
    number: int  # from 1
    starts: date
    ends: date  # the week's last day (the exam's eve for the last week)
    kind: WeekKind
    area: Area | None  # a learning week's area; None for review, practice and final weeks
    topics: tuple[str, ...]


class StudyPlan(NamedTuple):
    starts: date
    exam_on: date
    hours: int  # the hours a week the person gave
    weights: dict[Area, float]  # each area's share of the learning weeks, summing to 1
    weeks: tuple[StudyWeek, ...]
    apply_by: date | None  # the application's forecast day, when it falls inside the plan
    background: Background


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
    """Each area's share of the learning weeks: the exam's share, the background's emphasis,
    and how far below the target the latest score of the area is."""
    emphasis = kb.fact("study_emphasis").entry(background(profile))
    assert isinstance(emphasis, list)
    aim = target(study, kb)
    raw: dict[Area, float] = {}
    for index, area in enumerate(AREAS):
        weight = float(kb.fact("exam_area_share").number(area.value)) * float(emphasis[index])
        scored = latest(study.scores, area)
        if scored is not None:
            gap = aim - scored[1]
            weight *= min(MAX_GAP_FACTOR, 1 + gap / GAP_POINTS) if gap > 0 else MET_FACTOR
        raw[area] = weight
    total = sum(raw.values())
    return {a: w / total for a, w in raw.items()}


def study_plan(plan: Plan, result: Forecast, kb: Knowledge | None = None) -> StudyPlan | None:
    """The weeks from the start of exam preparation to the exam as forecast; None when the
    plan has no exam to study for (a renewal by CE, a route closed) or it is passed."""
    kb = kb or load_knowledge()
    by_id = {s.step.id: s for s in result.steps}
    prep, exam = by_id.get(kb.roles.exam_study), by_id.get(kb.roles.exam)
    if prep is None or exam is None or exam.is_done:
        return None
    starts, exam_on = prep.start, max(exam.due, prep.start + timedelta(days=1))
    application = by_id.get(kb.roles.exam_application)
    apply_by = None
    if application is not None and not application.is_done and starts < application.due:
        apply_by = min(application.due, exam_on)
    shares = weights(plan.profile, plan.study, kb)
    count = max(1, -(-(exam_on - starts).days // 7))
    kinds = _kinds(count, starts, apply_by, int(kb.fact("study_review_every_weeks").number()))
    learning = [n for n, k in enumerate(kinds) if k == "learn"]
    assigned = _assign(len(learning), shares)
    per_area = {a: assigned.count(a) for a in AREAS}
    seen = dict.fromkeys(AREAS, 0)
    weeks = []
    for number, kind in enumerate(kinds):
        week_start = starts + timedelta(weeks=number)
        ends = min(week_start + timedelta(days=6), exam_on - timedelta(days=1))
        area: Area | None = None
        topics: tuple[str, ...] = ()
        if kind == "learn":
            area = assigned[learning.index(number)]
            topics = _topics(areas()[area].topics, seen[area], per_area[area])
            seen[area] += 1
        weeks.append(StudyWeek(number + 1, week_start, max(ends, week_start), kind, area, topics))
    hours = study_hours(plan.profile, kb)
    return StudyPlan(
        starts, exam_on, hours, shares, tuple(weeks), apply_by, background(plan.profile)
    )


def _kinds(count: int, starts: date, apply_by: date | None, every: int) -> list[WeekKind]:
    """What each week is for: the last a final review, the one before the application a
    practice exam, a review after every `every` weeks of new topics, the rest new topics."""
    kinds: list[WeekKind] = ["learn"] * count
    kinds[-1] = "final"
    if apply_by is not None and count > 1:
        week = min(count - 2, max(0, (apply_by - starts).days // 7 - 1))
        kinds[week] = "practice"
    run = 0
    for n in range(count - 1):
        if kinds[n] != "learn":
            run = 0
            continue
        run += 1
        if run > every:
            kinds[n], run = "review", 0
    return kinds


def _assign(count: int, shares: dict[Area, float]) -> list[Area]:
    """`count` learning weeks dealt to the areas by their shares, interleaved: each week to the
    area furthest behind its share (the larger share first on a tie)."""
    given = dict.fromkeys(AREAS, 0)
    order = sorted(AREAS, key=lambda a: -shares[a])
    out: list[Area] = []
    for n in range(1, count + 1):
        area = max(order, key=lambda a: shares[a] * n - given[a])
        given[area] += 1
        out.append(area)
    return out


def _topics(topics: tuple[str, ...], index: int, weeks: int) -> tuple[str, ...]:
    """The topics of an area's `index`-th week of `weeks`: all of them spread over its weeks,
    in order, and once each week has one, round again."""
    if weeks >= len(topics):
        return (topics[index % len(topics)],)
    low, high = index * len(topics) // weeks, (index + 1) * len(topics) // weeks
    return topics[low:high]


def week_of(study: StudyPlan, day: date) -> StudyWeek | None:
    """The week `day` falls in; None before the study starts or from the exam day on."""
    return next((w for w in study.weeks if w.starts <= day <= w.ends), None)
