"""A study week in words (core layer: pure), for `cmaplan study`, `status`,
`timeline` and the exports."""

from __future__ import annotations

from cmaplan.core.studyplan import StudyPlan, StudyWeek, areas


def week_words(week: StudyWeek, study: StudyPlan) -> str:
    """What a week is for, in a line."""
    if week.kind == "learn" and week.area is not None:
        return f"{areas()[week.area].name}: {'; '.join(week.topics)}"
    if week.kind == "practice":
        by = f" (the application is due {study.apply_by})" if study.apply_by else ""
        return f"Practice exam: a full timed test before you apply{by}, then record it"
    if week.kind == "review":
        return "Review: timed questions from all three areas, and the topics that went worst"
    return "Final review: timed mixed questions; rest the day before the exam"
