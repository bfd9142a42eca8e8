"""Rich renderables for the months before the exam: the study plan week by week, the practice
scores with their trend, and readiness (views layer: pure)."""

from __future__ import annotations

from datetime import date, timedelta

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from cmaplan.core.knowledge import Knowledge
from cmaplan.core.model import Forecast, Plan
from cmaplan.core.practice import AREAS
from cmaplan.core.readiness import name_of, trends
from cmaplan.core.stepdates import when_words
from cmaplan.core.studyplan import StudyPlan, areas, practice_sources, week_of
from cmaplan.core.studywords import shared_words, week_words

BACKGROUNDS = {
    "img": "a physician trained abroad",
    "new": "new to healthcare work",
    "cna": "a CNA",
    "military": "a military medic",
    "uncertified-ma": "a working MA",
}


def exam_lines(kb: Knowledge) -> Text:
    """The exam's format and content shares, with what is still to confirm."""
    share = kb.fact("exam_area_share")
    shares = ", ".join(
        f"{areas()[a].name} {share.render(a.value).removesuffix(share.label)}" for a in AREAS
    )
    page = kb.sources["aama-content-outline"].where.removeprefix("https://")
    return Text(
        f"The exam: {kb.fact('exam_questions').render()} multiple-choice questions in "
        f"{kb.fact('exam_segments').render()} segments of "
        f"{kb.fact('exam_segment_minutes').render()}. Shares of the "
        f"{kb.fact('exam_scored_questions').number():g} scored questions: {shares}, as "
        f"exam-preparation pages give them; check them on the AAMA's content outline, {page}."
    )


def study_view(
    plan: Plan, result: Forecast, study: StudyPlan | None, kb: Knowledge
) -> RenderableType:
    """`cmaplan study`: the weeks and the scores (the command says readiness after it)."""
    today = result.today
    parts: list[RenderableType] = [Text("Studying for the CMA (AAMA) exam", style="bold")]
    exam = next((s for s in result.steps if s.step.id == kb.roles.exam), None)
    if exam is not None and exam.is_done:
        parts.append(Text(f"You passed the exam on {exam.progress.done_on}: well done."))
    elif study is None:
        parts.append(Text("This plan has no exam on its route to study for."))
    else:
        parts.extend(_weeks(study, today))
        parts.extend(_around(result, study, kb))
    parts.append(exam_lines(kb))
    parts.extend(_scores(plan))
    return Group(*parts)


def _around(result: Forecast, study: StudyPlan, kb: Knowledge) -> list[RenderableType]:
    """What the weeks lead to: an exam due already, a failed attempt, the step's estimate."""
    by_id = {s.step.id: s for s in result.steps}
    exam, prep = by_id[kb.roles.exam], by_id.get(kb.roles.exam_study)
    lines = []
    if exam.late_since is not None:
        lines.append(
            f"The exam was due on {exam.late_since}: once you have sat it, record it with "
            "`cmaplan check exam --on DATE` (or `--failed`)."
        )
    failed = exam.progress.failed
    if failed and failed[-1] >= study.starts:
        lines.append(
            f"Your attempt of {failed[-1]} did not pass: the weeks from here lead to the retake, "
            f"forecast for {study.exam_on}; record its score report with `--source exam` and the "
            "weeks ahead follow it."
        )
    if prep is not None and prep.late_since is not None:
        lines.append(
            f"The exam-prep step was due on {prep.late_since}: mark it done (`cmaplan check "
            f"{prep.step.id}`) once your main study is behind you; these weeks keep you "
            "practising until the exam all the same."
        )
    elif prep is not None and not prep.is_done and prep.due < study.exam_on - timedelta(days=7):
        lines.append(
            f"The exam-prep step is planned to {prep.due}; the weeks after it keep you "
            "practising until the exam."
        )
    return [Text(line) for line in lines]


def _weeks(study: StudyPlan, today: date) -> list[RenderableType]:
    count = len(study.weeks)
    head = Text(
        f"{count} week{'s' if count != 1 else ''} from {study.starts} to the exam on "
        f"{study.exam_on} (as forecast) · about {study.hours} hours a week. A week once begun "
        "stays as it was; the weeks ahead follow your scores and the exam's day."
    )
    split = ", ".join(f"{areas()[a].name} {round(w * 100)}%" for a, w in study.weights.items())
    head.append(
        f"\nThe weeks ahead by area: {split}, from the exam's shares, your background "
        f"({BACKGROUNDS[study.background]}) and your scores (our estimate)."
    )
    table = Table(box=None, pad_edge=False, show_header=True, header_style="bold")
    table.add_column("", width=1)
    table.add_column("Week", justify="right")
    table.add_column("From", no_wrap=True)
    table.add_column("Focus", ratio=1)
    now = week_of(study, today)
    for week in study.weeks:
        mark = "▶" if week == now else ("✔" if week.ends < today else "")
        focus = week_words(week, study) + shared_words(study, week)
        table.add_row(mark, str(week.number), str(week.starts), focus)
    parts: list[RenderableType] = [head, table]
    if now is not None:
        parts.append(Text(f"This week ({now.number} of {count}): {week_words(now, study)}."))
    elif today < study.starts:
        parts.append(
            Text(f"The study starts on {study.starts} ({when_words(study.starts, today)}).")
        )
    return parts


SHORT_SOURCES = {"aama": "AAMA", "other": "other", "exam": "exam report"}


def _scores(plan: Plan) -> list[RenderableType]:
    scores = plan.study.scores
    parts: list[RenderableType] = []
    if scores:
        table = Table(box=None, pad_edge=False, show_header=True, header_style="bold")
        table.add_column("#", justify="right", no_wrap=True)
        table.add_column("Date", no_wrap=True)
        table.add_column("Source", no_wrap=True)
        for name in ("Overall", "General", "Admin", "Clinical"):
            table.add_column(name, justify="right", no_wrap=True)
        for number, s in enumerate(scores, 1):
            cells = [s.overall, *(s.of(a) for a in AREAS)]
            table.add_row(
                str(number),
                str(s.on),
                SHORT_SOURCES[s.source],
                *("—" if c is None else f"{c}%" for c in cells),
            )
        used = dict.fromkeys(s.source for s in scores)
        legend = "; ".join(f"{SHORT_SOURCES[k]}: {practice_sources()[k]}" for k in used)
        parts.extend([Text("Practice scores", style="bold"), table, Text(f"({legend})")])
        moved = [
            f"{name_of(t.area)} {t.points[0][1]}% → {t.points[-1][1]}% ({t.change:+d})"
            for t in trends(scores)
            if t.change is not None
        ]
        if moved:
            parts.append(Text("Since your first score: " + ", ".join(moved) + "."))
    return parts
