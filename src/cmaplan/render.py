"""Rich renderables for a plan (shell layer): builds what to show, never prints it."""

from __future__ import annotations

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from cmaplan.knowledge import load_knowledge
from cmaplan.model import Duration, Forecast, Plan, Span, Status

MARKS: dict[Status, tuple[str, str]] = {
    Status.DONE: ("✔", "green"),
    Status.IN_PROGRESS: ("▶", "cyan"),
    Status.OVERDUE: ("!", "bold red"),
    Status.UPCOMING: ("·", "dim"),
}


def _days(span: Span, factor: float) -> float:
    return (span.months * 30.44 + span.days) * factor


def duration_words(duration: Duration) -> str:
    """A step's length as a short range in one unit, e.g. "1–3 mo"; * marks our estimate."""
    if duration.kind == "milestone":
        return "—"
    if duration.kind == "until":
        return f"until {duration.until}"
    if duration.kind == "recertification":
        return f"{duration.months} mo"
    low = _days(duration.shortest, duration.factor)
    high = _days(duration.longest, duration.factor)
    unit, size = ("mo", 30.44) if high >= 60 else ("wk", 7.0) if high >= 14 else ("d", 1.0)
    low_n, high_n = max(1, round(low / size)), round(high / size)
    text = f"{high_n} {unit}" if low_n == high_n else f"{low_n}–{high_n} {unit}"
    return text + ("*" if duration.is_estimate else "")


def header(plan: Plan, result: Forecast) -> Text:
    title = f"{plan.profile.name}'s plan" if plan.profile.name else "Your plan"
    done = sum(1 for s in result.steps if s.is_done)
    text = Text()
    text.append(f"{title} to the CMA (AAMA)", style="bold")
    text.append(f" · {load_knowledge().programs[plan.program.value].name}, {plan.profile.pace}")
    text.append(f"\nToday {result.today} · {done} of {len(result.steps)} steps done · ")
    text.append("first job expected ", style="")
    text.append(f"{result.finish.expected}", style="bold")
    text.append(f" (between {result.finish.earliest} and {result.finish.latest})")
    return text


def timeline(plan: Plan, result: Forecast) -> RenderableType:
    """The plan phase by phase: status, title, id, dates and duration of each step."""
    kb = load_knowledge()
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, expand=False)
    table.add_column("", no_wrap=True)
    table.add_column("Step", ratio=1, min_width=16)
    table.add_column("id", style="cyan", no_wrap=True)
    table.add_column("Start", no_wrap=True)
    table.add_column("Due", no_wrap=True)
    table.add_column("Takes", no_wrap=True, justify="right")
    for phase, phase_title in kb.phases.items():
        rows = [s for s in result.steps if s.step.phase == phase]
        if not rows:
            continue
        table.add_row("", Text(phase_title, style="bold underline"), "", "", "", "")
        for number, item in enumerate(rows, 1):
            mark, style = MARKS[item.status]
            due: str | Text = item.due.isoformat()
            if item.progress.done_on is not None:
                due = Text(f"✔ {item.progress.done_on}", style="green")
            elif item.status is Status.OVERDUE:
                due = Text(f"{item.due} !", style="red")
            table.add_row(
                Text(mark, style=style),
                item.step.title,
                item.step.id,
                item.start.isoformat(),
                due,
                duration_words(item.step.duration),
                end_section=number == len(rows),
            )
    legend = "✔ done  ▶ in progress  ! overdue  · upcoming  * our estimate"
    return Group(
        header(plan, result),
        table,
        Text(legend, style="dim"),
        Text("Mark a step done: cmaplan check ID", style="dim"),
    )
