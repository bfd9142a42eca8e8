"""How ready a person's own practice scores say they are, and how each area moved (core layer:
pure). Readiness is stated against the person's target and never as a promise: a practice
percent is not the AAMA's scaled score, and no practice test predicts a pass.
"""

from __future__ import annotations

from datetime import date
from typing import Literal, NamedTuple

from cmaplan.core.kinds import Area
from cmaplan.core.knowledge import Knowledge
from cmaplan.core.practice import AREAS, Score, Study
from cmaplan.core.studyplan import areas, latest, target

Verdict = Literal["unmeasured", "below", "met"]


class Trend(NamedTuple):
    """One area's scores (None: overall), oldest first, as (day, percent)."""

    area: Area | None
    points: tuple[tuple[date, int], ...]

    @property
    def change(self) -> int | None:
        """The latest percent less the first; None with fewer than two."""
        return self.points[-1][1] - self.points[0][1] if len(self.points) > 1 else None


class Readiness(NamedTuple):
    target: int
    verdict: Verdict
    below: tuple[tuple[Area | None, int], ...]  # what is under the target, with its percent
    words: str


def trends(scores: tuple[Score, ...]) -> tuple[Trend, ...]:
    """Overall and each area, with the scores that gave it."""
    out = [Trend(None, tuple((s.on, s.overall) for s in scores if s.overall is not None))]
    for area in AREAS:
        points = tuple((s.on, v) for s in scores if (v := s.of(area)) is not None)
        out.append(Trend(area, points))
    return tuple(out)


def readiness(study: Study, kb: Knowledge) -> Readiness:
    """The latest score of each area and overall against the target, with the day of each, in
    plain words; how steady it is; never a promise."""
    aim = target(study, kb)
    if not study.scores:
        return Readiness(
            aim,
            "unmeasured",
            (),
            f"No practice scores yet: take a timed practice test and record it with `cmaplan "
            f"study score` (your target is {aim}%).",
        )
    found = [(a, f) for a in (None, *AREAS) if (f := latest(study.scores, a)) is not None]
    below = tuple((a, f[1]) for a, f in found if f[1] < aim)
    listed = _dated([(a, f) for a, f in found if f[1] < aim])
    promise = "a practice percent is not the exam's scaled score and promises no pass"
    if below and all(a is None for a, _ in below):
        return Readiness(
            aim,
            "below",
            below,
            f"Below your target of {aim}%: {listed}. No area's latest score is under it, so "
            "take a full test that scores each area to see where the points go.",
        )
    if below:
        return Readiness(
            aim,
            "below",
            below,
            f"Below your target of {aim}%: {listed}. The weeks ahead go most to the areas "
            f"furthest below it, by their share of the exam; {promise}.",
        )
    scored = _dated(found)
    words = f"Your latest scores meet your target of {aim}%: {scored}"
    unscored = [areas()[a].name for a in AREAS if latest(study.scores, a) is None]
    if unscored:
        words += f"; no test has scored {_join(unscored)} yet"
    overall = [s.overall for s in study.scores if s.overall is not None]
    if len(overall) > 1 and overall[-2] < aim:
        earlier = [s for s in study.scores if s.overall is not None][-2]
        words += (
            f"; the full test before (on {earlier.on}, {earlier.overall}%) was under it: one "
            "more will show whether it holds"
        )
    return Readiness(aim, "met", (), f"{words}. Still, {promise}.")


def _dated(figures: list[tuple[Area | None, tuple[date, int]]]) -> str:
    """Figures with the day of the test each comes from, said once for those of one test:
    "overall 58% and general 55% (2026-12-21); clinical competency 70% (2026-12-01)"."""
    days = list(dict.fromkeys(day for _, (day, _) in figures))
    return "; ".join(
        _join([f"{name_of(a)} {v}%" for a, (d, v) in figures if d == day]) + f" ({day})"
        for day in days
    )


def name_of(area: Area | None) -> str:
    """An area's name as the plan writes it; None is the overall score."""
    return "overall" if area is None else areas()[area].name.lower()


def _join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]
