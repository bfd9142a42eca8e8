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
from cmaplan.core.model import Forecast, Plan
from cmaplan.core.practice import AREAS, MAX_SCORES, SCORE_SOURCES, Score, Study
from cmaplan.core.tables import unknown_keys

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
# Written for the person to read, rebuilt from the forecast on every save: not read.
STUDY_KEYS = frozenset({f.name for f in STUDY_FIELDS} | {"weeks"})


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
    """The study plan's weeks as the file shows them ({} without a study plan): one line a
    week, for the person reading the file; cmaplan works them out again each time."""
    from cmaplan.core.studyplan import study_plan
    from cmaplan.core.studywords import week_words

    study = study_plan(plan, result)
    if study is None:
        return {}
    return {
        "weeks": [
            {"week": w.number, "from": w.starts, "to": w.ends, "focus": week_words(w, study)}
            for w in study.weeks
        ]
    }


def scores_of(tables: Sequence[Mapping[str, Any]], where: str) -> tuple[Score, ...]:
    """Checked [[study.scores]] tables as scores: each with a percent, in order of day."""
    out: list[Score] = []
    for number, table in enumerate(tables, 1):
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


def read_study(raw: object, where: str = "[study]") -> Study:
    """The plan file's [study] table (absent: nothing set)."""
    if raw is None:
        return Study()
    if not isinstance(raw, Mapping):
        raise PlanFileError(f"{where} must be a table.")
    unknown_keys(raw, STUDY_KEYS, where)
    if not isinstance(raw.get("weeks", []), list):
        raise PlanFileError(f"{where} weeks must be a list (cmaplan writes it for you to read).")
    values = fields.read(raw, STUDY_FIELDS, where)
    return Study(
        values["target"], values["calendar"], scores_of(values["scores"], f"{where} scores")
    )
