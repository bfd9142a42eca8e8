"""The plan file's [study] table: the person's target, whether the study weeks go into the
calendar, and their practice scores as [[study.scores]] (storage layer).

Every key is checked: one this release does not know is refused with the sentence every other
table gives (cmaplan would drop it on the next save), so that nothing a newer cmaplan wrote is
lost without a word. The table is left out while it holds nothing.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from cmaplan.core import fields
from cmaplan.core.errors import PlanFileError
from cmaplan.core.fields import Field
from cmaplan.core.kinds import Area
from cmaplan.core.model import Forecast, Plan
from cmaplan.core.practice import (
    AREAS,
    MAX_SCORES,
    MAX_WEEKS,
    SCORE_SOURCES,
    WEEK_KINDS,
    Score,
    Study,
    StudyWeek,
)
from cmaplan.core.tables import tables, unknown_keys

SCORE_FIELDS: tuple[Field, ...] = (
    Field("on", "date", True),
    Field("source", "choice", True, choices=SCORE_SOURCES),
    *(Field(name, "int", low=0, high=100) for name in ("overall", *(a.value for a in AREAS))),
)
SCORES = Field("scores", "tables", high=MAX_SCORES, spec=SCORE_FIELDS, default=())
STUDY_FIELDS: tuple[Field, ...] = (
    Field("target", "int", low=1, high=100),
    Field("calendar", "bool", default=False),
    SCORES,
)
STUDY_KEYS = frozenset({f.name for f in STUDY_FIELDS} | {"weeks"})
# The study plan as last written: a week once begun is kept as it was (core/studyplan.py).
WEEK_FIELDS: tuple[Field, ...] = (
    Field("week", "int", True, low=1, high=MAX_WEEKS),
    Field("from", "date", True),
    Field("to", "date", True),
    Field("kind", "choice", True, choices=WEEK_KINDS),
    Field("area", "choice", choices=tuple(a.value for a in AREAS), default=""),
    Field("test", "bool", default=False),
    Field("focus", "text", high=2000, default=""),  # for the person: worked out again
)
WEEK_KEYS = frozenset({f.name for f in WEEK_FIELDS} | {"topics"})  # topics: a list of texts


def score_entry(score: Score) -> dict[str, Any]:
    """A practice score as the plan file stores it (the percents it has)."""
    table: dict[str, Any] = {"on": score.on, "source": score.source}
    for name in ("overall", *(a.value for a in AREAS)):
        if getattr(score, name) is not None:
            table[name] = getattr(score, name)
    return table


def study_table(study: Study) -> dict[str, Any]:
    """The [study] table; empty while nothing is set."""
    table: dict[str, Any] = {}
    if study.target is not None:
        table["target"] = study.target
    if study.calendar:
        table["calendar"] = True
    if study.scores:
        table["scores"] = [score_entry(s) for s in study.scores]
    return table


def weeks_table(plan: Plan, result: Forecast) -> dict[str, Any]:
    """The study plan's weeks as the file keeps them ({} without a study plan): what each is
    for, with a line for the person reading the file."""
    from cmaplan.core.studyplan import study_plan
    from cmaplan.core.studywords import week_words

    study = study_plan(plan, result)
    shown = study.weeks if study is not None else plan.study_weeks  # passed: kept as they were
    weeks = []
    for w in shown:
        table: dict[str, Any] = {"week": w.number, "from": w.starts, "to": w.ends, "kind": w.kind}
        if w.area is not None:
            table["area"] = w.area.value
        if w.topics:
            table["topics"] = list(w.topics)
        if w.opens_with_test:
            table["test"] = True
        table["focus"] = week_words(w, study)
        weeks.append(table)
    return {"weeks": weeks} if weeks else {}


def weeks_of(raw: object, where: str) -> tuple[StudyWeek, ...]:
    """The weeks the file keeps, checked: numbered from 1, each after the one before."""
    if raw is None:
        return ()
    out: list[StudyWeek] = []
    found = tables(raw, where, "study.weeks", MAX_WEEKS, WEEK_KEYS)
    for number, (place, entry) in enumerate(found, 1):
        topics = entry.get("topics", [])
        if not isinstance(topics, list) or not all(
            isinstance(t, str) and len(t) <= 200 for t in topics
        ):
            raise PlanFileError(f"{place}: topics must be a list of short texts.")
        table = fields.read({k: v for k, v in entry.items() if k != "topics"}, WEEK_FIELDS, place)
        starts, ends = table["from"], table["to"]
        if table["week"] != number or ends < starts or (out and starts <= out[-1].ends):
            raise PlanFileError(
                f"{where} number {number}: the weeks must be numbered from 1, in order, each "
                "ending on or after its first day (cmaplan writes them: remove the list to have "
                "it written again)."
            )
        area = Area(table["area"]) if table["area"] else None
        week = StudyWeek(number, starts, ends, table["kind"], area, tuple(topics), table["test"])
        out.append(week)
    return tuple(out)


def scores_of(entries: Sequence[Mapping[str, Any]], where: str) -> tuple[Score, ...]:
    """Checked [[study.scores]] tables as scores: each with a percent, in order of day."""
    out: list[Score] = []
    for number, table in enumerate(entries, 1):
        score = Score(
            table["on"],
            table["source"],
            table["overall"],
            *(table[a.value] for a in AREAS),
        )
        if score.is_empty:
            raise PlanFileError(f"{where} number {number} has no percent: give overall or an area.")
        if out and score.on < out[-1].on:
            raise PlanFileError(
                f"{where} number {number} ({score.on}) comes before the score above it "
                f"({out[-1].on}): keep them in order of day."
            )
        out.append(score)
    return tuple(out)


def read_study(raw: object, where: str = "[study]") -> tuple[Study, tuple[StudyWeek, ...]]:
    """The plan file's [study] table (absent: nothing set) and the weeks it keeps."""
    if raw is None:
        return Study(), ()
    if not isinstance(raw, Mapping):
        raise PlanFileError(f"{where} must be a table.")
    unknown_keys(raw, STUDY_KEYS, where)
    values = fields.read(raw, STUDY_FIELDS, where)
    scores = scores_of(values["scores"], f"{where} scores")
    study = Study(values["target"], values["calendar"], scores)
    return study, weeks_of(raw.get("weeks"), f"{where} weeks")
