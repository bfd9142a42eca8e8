"""`cmaplan study --json`: the study plan, the scores and readiness as one object (views
layer: pure), made from the same records the terminal view is."""

from __future__ import annotations

from datetime import date
from typing import Any

from cmaplan.core.model import Plan
from cmaplan.core.practice import AREAS
from cmaplan.core.readiness import Readiness
from cmaplan.core.studyplan import StudyPlan, week_of


def study_json(
    plan: Plan, study: StudyPlan | None, ready: Readiness, today: date
) -> dict[str, Any]:
    """The object `cmaplan study --json` prints."""
    weeks = None
    if study is not None:
        now = week_of(study, today)
        weeks = {
            "starts": study.starts.isoformat(),
            "exam_on": study.exam_on.isoformat(),
            "hours_a_week": study.hours,
            "apply_by": study.apply_by.isoformat() if study.apply_by else None,
            "background": study.background,
            "weights": {a.value: round(w, 4) for a, w in study.weights.items()},
            "this_week": now.number if now else None,
            "kept_weeks": study.kept,
            "begun_weeks": study.kept_begun,
            "weeks": [
                {
                    "number": w.number,
                    "starts": w.starts.isoformat(),
                    "ends": w.ends.isoformat(),
                    "kind": w.kind,
                    "area": w.area.value if w.area else None,
                    "topics": list(w.topics),
                    "opens_with_test": w.opens_with_test,
                    "beside": study.beside.get(w.number),
                }
                for w in study.weeks
            ],
        }
    return {
        "today": today.isoformat(),
        "plan": weeks,
        "target": ready.target,
        "readiness": {
            "verdict": ready.verdict,
            "below": [{"area": a.value if a else "overall", "percent": v} for a, v in ready.below],
            "words": ready.words,
        },
        "calendar": plan.study.calendar,
        "scores": [
            {
                "number": n,
                "on": s.on.isoformat(),
                "source": s.source,
                "overall": s.overall,
                **{a.value: s.of(a) for a in AREAS},
            }
            for n, s in enumerate(plan.study.scores, 1)
        ],
    }
