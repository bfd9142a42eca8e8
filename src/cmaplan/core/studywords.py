"""A study week in words (core layer: pure), for `cmaplan study`, `status`, `timeline`, the
plan file and the exports."""

from __future__ import annotations

from cmaplan.core.practice import StudyWeek
from cmaplan.core.studyplan import StudyPlan, areas

KIND_NAMES = {"review": "Review", "practice": "Practice exam", "final": "Final review"}


def week_words(week: StudyWeek, study: StudyPlan | None) -> str:
    """What a week is for, in a line."""
    if week.kind == "learn" and week.area is not None:
        words = f"{areas()[week.area].name}: {'; '.join(week.topics)}"
        if week.opens_with_test:
            return f"First a timed practice test to see where you stand (record it), then {words}"
        return words
    if week.kind == "practice":
        ahead = study is not None and study.apply_by and week.number > study.kept_begun
        by = f" (the application is due {study.apply_by})" if ahead and study else ""
        return f"Practice exam: a full timed test before you apply{by}, then record it"
    if week.kind == "review":
        return "Review: timed questions from all three areas, and the topics that went worst"
    return "Final review: timed mixed questions; rest the day before the exam"


def focus_name(week: StudyWeek) -> str:
    """A week's focus in a word or two: its area, or what kind of week it is."""
    return areas()[week.area].name if week.area is not None else KIND_NAMES[week.kind]


def shared_words(study: StudyPlan | None, week: StudyWeek) -> str:
    """ " (beside your externship: fewer hours)" for a week that shares its hours; else ""."""
    step = study.beside.get(week.number) if study is not None else None
    return f" (beside your {step}: fewer hours for this)" if step else ""
