"""The practice scores and study settings a person records (core layer, stdlib only): the plan
file's [study] table.

A score is one practice test on a day: its overall percent and the percent of each content area
it reported (any of them may be missing, not all), with where it came from: the AAMA's practice
exam, another practice test, or the score report of a real attempt (which feeds the next plan's
weights like any other). `target` is the percent the person aims for (None: our default), and
`calendar` puts the study weeks into `cmaplan export ics` (off unless asked: a week is an
event, and a calendar is not to be flooded).
"""

from __future__ import annotations

from datetime import date
from typing import Literal, NamedTuple, get_args

from cmaplan.core.kinds import Area

MAX_SCORES = 300  # a score a week for years is a few hundred
MAX_WEEKS = 520  # the weeks of a study plan the file keeps (ten years of them)
ScoreSource = Literal["aama", "other", "exam"]
SCORE_SOURCES: tuple[ScoreSource, ...] = get_args(ScoreSource)
AREAS: tuple[Area, ...] = (Area.GENERAL, Area.ADMINISTRATIVE, Area.CLINICAL)
WeekKind = Literal["learn", "review", "practice", "final"]
WEEK_KINDS: tuple[WeekKind, ...] = get_args(WeekKind)


class Score(NamedTuple):
    """One practice test: whole percents from 0 to 100, each given or not (never all missing)."""

    on: date
    source: ScoreSource = "other"
    overall: int | None = None
    general: int | None = None
    administrative: int | None = None
    clinical: int | None = None

    def of(self, area: Area) -> int | None:
        """The percent this test gave the area, if it gave one."""
        value: int | None = getattr(self, area.value)
        return value

    @property
    def is_empty(self) -> bool:
        return self.overall is None and all(self.of(a) is None for a in AREAS)


class Study(NamedTuple):
    """What the person set for the months before the exam, and the scores they recorded."""

    target: int | None = None  # their own target percent; None: the knowledge's default
    calendar: bool = False  # the study weeks as events of `cmaplan export ics`
    scores: tuple[Score, ...] = ()  # by day, oldest first (the order recorded within a day)


def with_score(study: Study, score: Score) -> Study:
    """`study` with one more score, in its place by day (after those of the same day)."""
    at = sum(1 for s in study.scores if s.on <= score.on)
    return study._replace(scores=(*study.scores[:at], score, *study.scores[at:]))


class StudyWeek(NamedTuple):
    """One week of the study plan (core/studyplan.py): the plan file keeps the weeks as last
    written, so that a week once begun stays as it was."""

    number: int  # from 1
    starts: date
    ends: date  # the week's last day (the exam's eve for the last week)
    kind: WeekKind
    area: Area | None = None  # a learning week's area; None for the other kinds
    topics: tuple[str, ...] = ()
    opens_with_test: bool = False  # the first week, before any score: a timed test first
