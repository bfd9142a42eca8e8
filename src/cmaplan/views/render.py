"""Rich renderables for a plan (views layer): builds what to show, never prints it.

The status, one step and the history, and what the timeline (`chart`) shares with them. Colour
is decided by the Console (NO_COLOR, pipes), and every status also has its own character, so
nothing depends on colour alone. Text from the plan file is data: it is shown as plain Text,
never parsed as markup.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, assert_never

from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.text import Text

if TYPE_CHECKING:
    from rich.table import Table

from cmaplan.core.actions import history_words
from cmaplan.core.drift import Drift
from cmaplan.core.durations import DAYS_PER_MONTH, duration_days
from cmaplan.core.eligibility import phase_titles
from cmaplan.core.knowledge import MONTHS, load_knowledge
from cmaplan.core.model import Duration, Forecast, Plan, ScheduledStep, Status
from cmaplan.core.plaintext import visible
from cmaplan.core.planner import dependents
from cmaplan.core.schedule import due_words
from cmaplan.core.stepdates import when_words
from cmaplan.views.daily import Daily
from cmaplan.views.grid import Column, Grid

MARKS: dict[Status, tuple[str, str]] = {
    Status.DONE: ("✔", "green"),
    Status.IN_PROGRESS: ("▶", "cyan"),
    Status.OVERDUE: ("!", "bold red"),
    Status.UPCOMING: ("·", "dim"),
    Status.CLOSED: ("✘", "yellow"),
    Status.NOT_NEEDED: ("–", "dim"),
}


def duration_words(duration: Duration) -> str:
    """A step's length as a short range in one unit, e.g. "1–3 mo"; * marks our estimate."""
    match duration.kind:
        case "milestone":
            return "—"
        case "until":
            return f"until {duration.until}"
        case "recertification":
            return "deadline"
        case "yearly":
            month, day = duration.month_day
            opens = f"≈{MONTHS[month - 1][:3]} {day}"
            if duration.late_day is None:
                return opens
            month, day = duration.late_day
            return f"{opens}–{MONTHS[month - 1][:3]} {day}"
        case "range":
            pass
        case unknown:
            assert_never(unknown)
    low, high = duration_days(duration)
    unit, size = ("mo", DAYS_PER_MONTH) if high >= 60 else ("wk", 7.0) if high >= 14 else ("d", 1.0)
    low_n, high_n = max(1, round(low / size)), round(high / size)
    text = f"{high_n} {unit}" if low_n == high_n else f"{low_n}–{high_n} {unit}"
    # The school's own length is not ours (only its externship's share is, marked on that row).
    return text + ("*" if duration.is_estimate and not duration.school_months else "")


def header(view: Daily) -> Text:
    """Who, which program, today, and how far along."""
    text = Text()
    text.append(f"{visible(view.name)}'s plan" if view.name else "Your plan", style="bold")
    text.append(" to the CMA (AAMA)", style="bold")
    if view.program:
        text.append(f" · {view.program}")
    text.append(f"\nToday {view.today} · {view.done} of {view.total} steps done ({view.percent}%)")
    return text


def finish_lines(view: Daily, *, study: bool = True) -> Text:
    """The expected finish with its range, and how far it moved from the first plan; with
    `study`, this week of the study plan while it runs."""
    text = Text()
    label, finish, moved = view.finish_label, view.finish, view.drift
    renewed = view.credential.renewed_on if view.credential and view.renews else None
    if view.reached_on is not None:
        text.append(f"{label}: reached on ")
        text.append(str(view.reached_on), style="bold green")
    elif renewed is not None and view.credential is not None:  # the credential line says it
        text.append(f"{label}: renewed on ")
        text.append(str(renewed), style="bold green")
        text.append(f"; the new expiry is {view.credential.expires}")
    elif view.overdue:  # not "expected today": the step is late, and says since when
        text.append(f"{label}: not yet, ")
        text.append(view.overdue, style="bold red")
    else:
        text.append(f"{label}: expected ")
        text.append(str(finish.expected), style="bold")
        if finish.earliest != finish.latest:  # a range of one day is no range
            text.append(f" (earliest {finish.earliest}, latest {finish.latest})")
        _moved(text, moved)
    goal, goal_moved = view.goal, view.goal_drift
    if goal is not None and goal_moved is not None:  # the goal beyond the first job, alike
        window = goal.window
        text.append(f"\n{visible(goal.step.title)}: ")
        if goal.is_done:
            text.append(f"done on {goal.progress.done_on}", style="bold green")
        else:
            text.append("expected ")
            text.append(str(window.expected), style="bold")
            if window.earliest != window.latest:  # a range of one day is no range
                text.append(f" (earliest {window.earliest}, latest {window.latest})")
            _moved(text, goal_moved)
        step = view.goal_next  # said unless "Next" above shows it, or it is the goal itself
        if step is not None and step not in view.next and step.step.id != goal.step.id:
            text.append(f"\nNext for it: {visible(step.step.title)} ({step.step.id}), ")
            text.append(due_words(step), style="red" if step.late_since else "")
    if view.study and study:
        text.append(f"\n{view.study} · `cmaplan study`")
    return text


def _moved(text: Text, moved: Drift) -> None:
    if moved.days:
        style = "red" if moved.days > 0 else "green"
        text.append(f"\nPlanned {moved.planned} → forecast {moved.forecast}: ")
        text.append(moved.words, style=style)


# --- status -------------------------------------------------------------------------------------


def _titled_table(title: str) -> Table:
    """A borderless, headerless table under a bold title (rich's Table is imported only by
    the views that show one: `status` does without)."""
    from rich.table import Table

    return Table(
        box=None,
        show_header=False,
        pad_edge=False,
        title=title,
        title_justify="left",
        title_style="bold",
    )


def status_view(view: Daily, path: Path) -> RenderableType:
    """The short daily view: progress, what to do next (overdue first), warnings, the finish."""
    parts: list[RenderableType] = [header(view)]
    if view.starts_on is not None:
        when = when_words(view.starts_on, view.today)
        parts.append(Text(f"Your plan starts on {view.starts_on} ({when}).", style="bold"))
    if view.next:
        parts.append(_NextSteps(view))
    else:
        parts.append(Text("Every step is done. Congratulations!", style="bold green"))
    if view.warnings:
        table = Grid(
            "Heads-up", Column(style="bold yellow"), Column(style="cyan"), Column(True, "", 20)
        )
        for step_id, warning in view.warnings:
            table.add_row("!", step_id, warning)
        parts.append(table)
    parts.append(finish_lines(view))
    if view.payment:
        parts.append(Text(view.payment))
    parts.extend(Text(note) for note in view.notes)
    credential = view.credential
    if credential is not None:
        from cmaplan.core.held import credential_words

        parts.append(Text(credential_words(credential, view.today)))
    parts.append(Text(f"Plan file: {visible(str(path))}", style="dim"))
    return Group(*parts)


class _NextSteps:
    """What to do next: a table when it fits, else each step on lines of its own."""

    NARROW = 64

    def __init__(self, view: Daily) -> None:
        self.view = view

    def _when(self, item: ScheduledStep) -> Text:
        if item.late_since is not None:
            return Text(due_words(item), style="bold red")
        return Text(f"{due_words(item)} ({when_words(item.due, self.view.today)})")

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        if options.max_width < self.NARROW:
            yield Text("Next", style="bold")
            for item in self.view.next:
                mark, style = MARKS[item.status]
                line = Text(f"{mark} ", style=style)
                line.append(visible(item.step.title))
                yield line
                yield Text(f"  {item.step.id} · ").append_text(self._when(item))
            return
        table = Grid(
            "Next", Column(), Column(True, "", 16), Column(style="cyan"), Column(True, "", 14)
        )
        for item in self.view.next:
            mark, style = MARKS[item.status]
            title = Text(visible(item.step.title))
            table.add_row(Text(mark, style=style), title, item.step.id, self._when(item))
        yield table


# --- one step -----------------------------------------------------------------------------------


def _between(first: date, last: date) -> str:
    """ "between A and B", or "on A" when both are the same day."""
    return f"on {first}" if first == last else f"between {first} and {last}"


def step_view(
    plan: Plan, result: Forecast, step_id: str, invoked: str = "cmaplan"
) -> RenderableType:
    """Everything about one step: why, checklist, dependencies, dates, note and sources."""
    from rich.table import Table  # status does without it; a step needs it whatever it holds

    kb = load_knowledge()
    item = result.get(step_id)
    step = item.step
    mark, style = MARKS[item.status]
    parts: list[RenderableType] = []
    title = Text()
    title.append(f"{mark} ", style=style)
    title.append(step.title, style="bold")
    phase = phase_titles(plan.profile, plan.candidates, kb)[step.phase]
    title.append(f"  ({step.id} · {phase} · {item.status.value.replace('-', ' ')})", style="dim")
    parts.append(title)
    dates = Text()
    if item.progress.done_on is not None:
        dates.append(f"Done on {item.progress.done_on}.", style="green")
    elif item.status is Status.NOT_NEEDED:
        dates.append(due_words(item).capitalize() + ".")
    elif item.late_since is not None:
        dates.append(due_words(item).capitalize(), style="bold red")
        dates.append(f" · forecast to finish {_between(item.window.earliest, item.window.latest)}")
    else:
        dates.append(
            f"Due {item.due}" if item.start == item.due else f"Start {item.start} · due {item.due}"
        )
        window = item.window
        if window.earliest < item.start:  # the range is the whole route's, not this step's own
            dates.append(
                f" · as soon as {window.earliest} or as late as {window.latest}, as the steps"
                " before it go fast or slow"
            )
        else:
            dates.append(f" · finishes {_between(window.earliest, window.latest)}")
    if step.duration.is_yearly:
        dates.append("\nOn the yearly cycle: the date is approximate; check this year's dates.")
    elif step.duration.is_deadline and result.credential is not None:
        credential = result.credential
        verb = "expired" if credential.expires < result.today else "expires"
        dates.append(f"\nThe credential {verb} on {credential.expires}")
        if credential.is_forecast:
            dates.append(f" if you pass the exam on {credential.certified_on} as forecast")
        dates.append(".")
        from cmaplan.core.renewal import renewal_by_exam, renewal_lines

        renewal = renewal_by_exam(credential, plan.profile, result.today, kb)
        if renewal is not None:
            dates.append("\nBy exam: " + " ".join(renewal_lines(renewal, result.today, kb)))
    elif item.progress.done_on is not None and step.duration.kind == "until":
        pass  # the day it was waiting for no longer matters once it is done
    else:
        dates.append(f"\nTakes {duration_words(step.duration)}")
        if step.duration.school_months:  # the school's length; only the split is ours
            months = f"{step.duration.school_months:g}"
            dates.append(
                f" (the school's {months} months less the externship, whose length is our estimate)"
            )
        elif step.duration.is_estimate:
            dates.append(" (our estimate)")
    parts.append(dates)
    if item.warnings:
        warnings = Text()
        for number, warning in enumerate(item.warnings):
            warnings.append("\n" if number else "")
            warnings.append("! ", style="bold yellow")
            warnings.append(warning)
        parts.append(warnings)
    parts.append(Text("\n".join(visible(line) for line in step.why)))
    if step.checklist:
        checklist = Table(box=None, show_header=False, pad_edge=False, title_justify="left")
        checklist.title = Text.assemble(
            ("Checklist", "bold"), (f"  (tick one: {invoked} check {step.id}.N)", "dim")
        )
        checklist.add_column(no_wrap=True)
        checklist.add_column(overflow="fold")
        for number, entry in enumerate(step.checklist, 1):
            box_mark = "☑" if item.progress.has_ticked(number) else "☐"
            checklist.add_row(f"  {box_mark} {number}.", Text(visible(entry)))
        parts.append(checklist)
    links = Table(box=None, show_header=False, pad_edge=False)
    links.add_column(no_wrap=True, style="bold")
    links.add_column(overflow="fold")
    if step.after:
        links.add_row("Waits for", ", ".join(_step_ref(result, a) for a in step.after))
    later = dependents(plan, step.id)
    if later:
        links.add_row("Needed by", ", ".join(_step_ref(result, a) for a in later))
    if links.row_count:
        parts.append(links)
    money = _costs_at(plan, result, step.id)
    if money is not None:
        parts.append(money)
    if item.progress.note:
        note = Text("Note: ", style="italic")
        note.append(visible(item.progress.note))
        parts.append(note)
    sources = _titled_table("Sources")
    sources.add_column(no_wrap=True)
    sources.add_column(overflow="fold", style="dim")
    for source_id in step.sources:
        sources.add_row(" ", kb.sources[source_id].cite())
    parts.append(sources)
    return Group(*(_spaced(parts)))


def _costs_at(plan: Plan, result: Forecast, step_id: str) -> Table | None:
    """The costs paid at this step (`cmaplan costs` has them all), or None."""
    from cmaplan.core.costs import costs_of, step_costs

    lines = step_costs(costs_of(plan, result), step_id)
    if not lines:
        return None
    table = _titled_table("Costs")
    table.add_column(no_wrap=True)
    table.add_column(overflow="fold")
    table.add_column(justify="right", no_wrap=True)
    for line in lines:
        coming = " (money coming in)" if line.kind == "aid" else ""
        table.add_row(" ", Text(visible(line.what) + coming), line.amount)
    return table


def _step_ref(result: Forecast, step_id: str) -> str:
    item = result.get(step_id)
    return f"{step_id} ({MARKS[item.status][0]} {item.status.value})"


def _spaced(parts: list[RenderableType]) -> Iterable[RenderableType]:
    for number, part in enumerate(parts):
        if number:
            yield Text("")
        yield part


HISTORY_SHOWN = 20


def history_view(plan: Plan, invoked: str = "cmaplan") -> RenderableType:
    """The latest changes, newest first, so that a mistaken check can be found and undone."""
    if not plan.history:
        return Text("No changes recorded yet.", style="dim")
    table = _titled_table("Latest changes")
    table.add_column(no_wrap=True)
    table.add_column(no_wrap=True)
    table.add_column(style="cyan", no_wrap=True)
    table.add_column(overflow="fold")
    for change in reversed(plan.history[-HISTORY_SHOWN:]):
        words, detail = history_words(change.action, change.detail)
        step = Text(visible(change.step), style="cyan")
        table.add_row(str(change.on), words, step, Text(visible(detail)))
    hint = Text(f"Take back the latest change with `{invoked} undo`.", style="dim")
    return Group(table, hint)
