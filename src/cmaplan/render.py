"""Rich renderables for a plan (shell layer): builds what to show, never prints it.

The timeline adapts to the width it is given: bars on a month axis when there is room, fewer
columns on a narrow terminal. Colour is decided by the Console (NO_COLOR, pipes), and every status
also has its own character, so nothing depends on colour alone.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from pathlib import Path

from rich import box
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.table import Table
from rich.text import Text

from cmaplan.durations import DAYS_PER_MONTH, duration_days
from cmaplan.knowledge import MONTHS, Knowledge, load_knowledge
from cmaplan.model import Duration, Forecast, Plan, ScheduledStep, Status
from cmaplan.planner import dependents, finish_step, plan_anchor
from cmaplan.schedule import drift, headline_notes, next_actions

MARKS: dict[Status, tuple[str, str]] = {
    Status.DONE: ("✔", "green"),
    Status.IN_PROGRESS: ("▶", "cyan"),
    Status.OVERDUE: ("!", "bold red"),
    Status.UPCOMING: ("·", "dim"),
}
BAR_CHARS: dict[Status, tuple[str, str]] = {
    Status.DONE: ("█", "green"),
    Status.IN_PROGRESS: ("▓", "cyan"),
    Status.OVERDUE: ("▓", "red"),
    Status.UPCOMING: ("░", "grey62"),
}
LEGEND = "✔ done  ▶ in progress  ! overdue  · upcoming  * our estimate"
LONG_DONE_DAYS = 30  # a phase finished longer ago than this is folded into one line
MIN_BAR_WIDTH = 16
COMPACT_BELOW = 72


def duration_words(duration: Duration) -> str:
    """A step's length as a short range in one unit, e.g. "1–3 mo"; * marks our estimate."""
    if duration.kind == "milestone":
        return "—"
    if duration.kind == "until":
        return f"until {duration.until}"
    if duration.kind == "recertification":
        return "deadline"
    if duration.kind == "yearly":
        month, day = duration.month_day
        return f"≈{MONTHS[month - 1][:3]} {day}"
    low, high = duration_days(duration)
    unit, size = ("mo", DAYS_PER_MONTH) if high >= 60 else ("wk", 7.0) if high >= 14 else ("d", 1.0)
    low_n, high_n = max(1, round(low / size)), round(high / size)
    text = f"{high_n} {unit}" if low_n == high_n else f"{low_n}–{high_n} {unit}"
    return text + ("*" if duration.is_estimate else "")


def _days_words(days: int) -> str:
    if days == 0:
        return "today"
    unit = "day" if abs(days) == 1 else "days"
    return f"in {days} {unit}" if days > 0 else f"{-days} {unit} ago"


def _title(plan: Plan) -> str:
    return f"{plan.profile.name}'s plan" if plan.profile.name else "Your plan"


def header(plan: Plan, result: Forecast, kb: Knowledge | None = None) -> Text:
    """Who, which program, today, and how far along."""
    kb = kb or load_knowledge()
    done = sum(1 for s in result.steps if s.is_done)
    total = len(result.steps)
    text = Text()
    text.append(f"{_title(plan)} to the CMA (AAMA)", style="bold")
    if plan.profile.graduated_on is None:
        text.append(f" · {kb.programs[plan.program.value].name}, {plan.profile.pace}")
    text.append(f"\nToday {result.today} · {done} of {total} steps done")
    text.append(f" ({round(100 * done / total)}%)")
    return text


def finish_lines(plan: Plan, result: Forecast) -> Text:
    """The expected finish with its range, and how far it moved from the first plan."""
    finish = result.finish
    text = Text()
    reached = result.get(finish_step(plan))
    if reached.progress.done_on is not None:
        text.append(f"{plan.finish_label}: reached on ")
        text.append(str(reached.progress.done_on), style="bold green")
        return text
    text.append(f"{plan.finish_label}: expected ")
    text.append(str(finish.expected), style="bold")
    text.append(f" (earliest {finish.earliest}, latest {finish.latest})")
    moved = drift(plan, result)
    if moved.days:
        later = "later" if moved.days > 0 else "earlier"
        style = "red" if moved.days > 0 else "green"
        text.append(f"\nPlanned {moved.planned} → forecast {moved.forecast}: ")
        text.append(f"{abs(moved.days)} days {later}", style=style)
    return text


# --- the timeline -------------------------------------------------------------------------------


def _axis_bounds(plan: Plan, result: Forecast) -> tuple[date, date]:
    starts = [s.start for s in result.steps]
    first = min([*starts, result.today]) if starts else result.today
    last = max(result.finish.latest, result.today)
    first = first.replace(day=1)
    return first, last + timedelta(days=14)


class _Axis:
    def __init__(self, start: date, end: date, width: int) -> None:
        self.start, self.end, self.width = start, end, width
        self.span = max(1, (end - start).days)

    def col(self, day: date) -> int:
        position = round((day - self.start).days / self.span * (self.width - 1))
        return min(self.width - 1, max(0, position))

    def months(self) -> Iterable[date]:
        day = self.start
        while day <= self.end:
            yield day
            day = (day.replace(day=28) + timedelta(days=4)).replace(day=1)

    def header(self, today: date) -> Text:
        cells = [" "] * self.width
        per_month = self.width / max(1, self.span / 30.44)
        # Januaries first, so that a year's own label wins over the label of the axis start.
        months = sorted(self.months(), key=lambda m: (m.month != 1, m))
        for month in months:
            col = self.col(month)
            if month.month == 1 or month == self.start:
                label = str(month.year) if per_month * 12 >= 6 else f"'{month.year % 100:02d}"
                if col + len(label) <= self.width and all(
                    c == " " for c in cells[col : col + len(label) + 1]
                ):
                    cells[col : col + len(label)] = list(label)
            elif per_month >= 2 and cells[col] == " ":
                cells[col] = "·"
        mark = self.col(today)
        if cells[mark] == " ":
            cells[mark] = "▼"
        text = Text("".join(cells), style="dim")
        text.stylize("bold yellow", mark, mark + 1)
        return text

    def bar(self, item: ScheduledStep, today: date) -> Text:
        cells = [" "] * self.width
        styles = [""] * self.width
        char, style = BAR_CHARS[item.status]
        start, end = self.col(item.start), self.col(item.due)
        if item.step.duration.kind == "milestone":
            cells[end], styles[end] = "◆", style or "bold"
        else:
            for i in range(start, max(end, start + 1)):
                cells[i], styles[i] = char, style
        if not item.is_done:
            for i in range(end + 1, self.col(item.window.latest) + 1):
                if cells[i] == " ":
                    cells[i], styles[i] = "·", "dim"
        if item.due > self.end or item.window.latest > self.end:
            cells[-1], styles[-1] = "→", "dim"
        mark = self.col(today)
        if cells[mark] == " ":
            cells[mark], styles[mark] = "│", "yellow"
        text = Text()
        for cell, cell_style in zip(cells, styles, strict=True):
            text.append(cell, style=cell_style)
        return text

    def marker(self, day: date, today: date) -> Text:
        """A single ◆ on `day` (or → past the chart), with today's line."""
        cells = [" "] * self.width
        if day > self.end:
            cells[-1] = "→"
        else:
            cells[self.col(day)] = "◆"
        mark = self.col(today)
        if cells[mark] == " ":
            cells[mark] = "│"
        return Text("".join(cells))


EXPIRY_TITLE = "CMA (AAMA) expires"


class Timeline:
    """The plan phase by phase, with a bar per step when the width allows."""

    def __init__(
        self,
        plan: Plan,
        result: Forecast,
        *,
        bars: bool = True,
        phases: Iterable[str] | None = None,
        show_all: bool = False,
    ) -> None:
        self.plan, self.result = plan, result
        self.bars, self.show_all = bars, show_all
        self.phases = set(phases) if phases else None
        self.kb = load_knowledge()
        self.takes = max(len("Takes"), *(len(duration_words(s.duration)) for s in plan.steps))

    def _is_long_done(self, rows: list[ScheduledStep]) -> bool:
        days = [s.progress.done_on for s in rows]
        if not all(days):
            return False
        last = max(d for d in days if d is not None)
        return (self.result.today - last).days > LONG_DONE_DAYS

    def _layout(self, width: int) -> tuple[bool, int, int]:
        """(compact, title width, bar width) for a total width; a bar width of 0 means no bars."""
        id_width = max(len(s.step.id) for s in self.result.steps)
        if width < COMPACT_BELOW:
            # mark, title, id, due: four columns, three gaps of three characters
            return True, max(12, width - (1 + id_width + 10 + 9)), 0
        if self.bars:
            # The bar shows when a step starts, so the Start column makes way for it.
            fixed = 1 + id_width + 10 + self.takes + 3 * 5  # mark, id, due, takes, five gaps
            title = min(40, max(20, width - fixed - max(MIN_BAR_WIDTH, (width - fixed) // 2 - 4)))
            bars = width - fixed - title
            if bars >= MIN_BAR_WIDTH:
                return False, title, bars
        fixed = 1 + id_width + 10 + 10 + self.takes + 3 * 5  # mark, id, start, due, takes, gaps
        return False, max(12, min(50, width - fixed)), 0

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        compact, title_width, bar_width = self._layout(options.max_width)
        id_width = max(len(s.step.id) for s in self.result.steps)
        axis = _Axis(*_axis_bounds(self.plan, self.result), bar_width) if bar_width else None
        show_bars = axis is not None

        table = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False, expand=False)
        table.add_column("", no_wrap=True, width=1)
        table.add_column("Step", no_wrap=True, overflow="ellipsis", width=title_width)
        table.add_column("id", style="cyan", no_wrap=True, width=id_width)
        if not compact and axis is None:
            table.add_column("Start", no_wrap=True, width=10)
        table.add_column("Due", no_wrap=True, width=10)
        if not compact:
            table.add_column("Takes", no_wrap=True, justify="right", width=self.takes)
        if axis is not None:
            table.add_column(axis.header(self.result.today), no_wrap=True, width=bar_width)

        blank = [""] * (len(table.columns) - 2)
        for phase, phase_title in self.kb.phases.items():
            if self.phases is not None and phase not in self.phases:
                continue
            rows = [s for s in self.result.steps if s.step.phase == phase]
            if not rows:
                continue
            if not self.show_all and self._is_long_done(rows):
                last = max(s.progress.done_on for s in rows if s.progress.done_on)
                summary = Text(f"{phase_title} ({len(rows)} done)", style="green")
                cells: list[RenderableType] = [Text("✔", style="green"), summary, ""]
                if not compact and axis is None:
                    cells.append("")
                cells.append(Text(str(last), style="green"))
                cells.extend([""] * (len(table.columns) - len(cells)))
                table.add_row(*cells, end_section=True)
                continue
            table.add_row("", Text(phase_title, style="bold underline"), *blank)
            for number, item in enumerate(rows, 1):
                expiry = self._expiry_cells(item, compact, axis)
                is_last = number == len(rows)
                table.add_row(*self._cells(item, compact, axis), end_section=is_last and not expiry)
                if expiry:
                    table.add_row(*expiry, end_section=is_last)
        yield header(self.plan, self.result, self.kb)
        yield table
        yield finish_lines(self.plan, self.result)
        yield Text(
            LEGEND + ("" if show_bars or not self.bars else "  (widen the terminal for bars)"),
            style="dim",
            overflow="fold",
        )
        if not self.show_all and any(
            self._is_long_done([s for s in self.result.steps if s.step.phase == p])
            for p in self.kb.phases
            if any(s.step.phase == p for s in self.result.steps)
        ):
            yield Text("Finished phases are folded; --all shows every step.", style="dim")

    def _expiry_cells(
        self, item: ScheduledStep, compact: bool, axis: _Axis | None
    ) -> list[RenderableType]:
        """The credential's expiry, as its own dated row under the recertify step."""
        credential = self.result.credential
        if item.step.duration.kind != "recertification" or credential is None:
            return []
        cells: list[RenderableType] = [Text("◆", style="bold"), Text(EXPIRY_TITLE), ""]
        if not compact and axis is None:
            cells.append("")
        cells.append(credential.expires.isoformat())
        if not compact:
            cells.append("")
        if axis is not None:
            cells.append(axis.marker(credential.expires, self.result.today))
        return cells

    def _cells(
        self, item: ScheduledStep, compact: bool, axis: _Axis | None
    ) -> list[RenderableType]:
        mark, style = MARKS[item.status]
        due: Text = Text(item.due.isoformat())
        if item.progress.done_on is not None:
            due = Text(f"{item.progress.done_on}", style="green")
        elif item.status is Status.OVERDUE:
            due = Text(f"{item.due}", style="bold red")
        title = Text(item.step.title + (" ✎" if item.progress.note else ""))
        cells: list[RenderableType] = [Text(mark, style=style), title, item.step.id]
        if not compact and axis is None:
            cells.append(item.start.isoformat())
        cells.append(due)
        if not compact:
            cells.append(duration_words(item.step.duration))
        if axis is not None:
            cells.append(axis.bar(item, self.result.today))
        return cells


# --- status -------------------------------------------------------------------------------------


def _titled_table(title: str) -> Table:
    """A borderless, headerless table under a bold title."""
    return Table(
        box=None,
        show_header=False,
        pad_edge=False,
        title=title,
        title_justify="left",
        title_style="bold",
    )


def status_view(plan: Plan, result: Forecast, path: Path) -> RenderableType:
    """The short daily view: progress, what to do next, anything overdue, the finish, the file."""
    parts: list[RenderableType] = [header(plan, result)]
    begins = plan_anchor(plan.profile, plan.created)
    if result.today < begins:
        days = (begins - result.today).days
        parts.append(Text(f"Your plan starts on {begins} ({_days_words(days)}).", style="bold"))
    overdue = [s for s in result.steps if s.status is Status.OVERDUE]
    if overdue:
        lines = Text()
        lines.append("Overdue:", style="bold red")
        for item in overdue:
            lines.append(f"\n  ! {item.step.title} ({item.step.id})")
        parts.append(lines)
    actions = next_actions(result)
    if actions:
        table = _titled_table("Next")
        table.add_column(no_wrap=True)
        table.add_column(overflow="fold")
        table.add_column(style="cyan", no_wrap=True)
        table.add_column(no_wrap=True)
        for item in actions:
            mark, style = MARKS[item.status]
            days = (item.due - result.today).days
            when = (
                "due today"
                if item.status is Status.OVERDUE
                else f"due {item.due} ({_days_words(days)})"
            )
            table.add_row(Text(mark, style=style), item.step.title, item.step.id, when)
        parts.append(table)
    else:
        parts.append(Text("Every step is done. Congratulations!", style="bold green"))
    warned = [s for s in result.steps if s.warnings]
    if warned:
        table = _titled_table("Heads-up")
        table.add_column(no_wrap=True, style="bold yellow")
        table.add_column(style="cyan", no_wrap=True)
        table.add_column(overflow="fold")
        for item in warned:
            for warning in item.warnings:
                table.add_row("!", item.step.id, warning)
        parts.append(table)
    parts.append(finish_lines(plan, result))
    for note in headline_notes(plan, result):
        if not any(note in s.warnings for s in warned):
            parts.append(Text(note))
    credential = result.credential
    if credential is not None and not credential.is_forecast:
        since = credential.renewed_on or credential.certified_on
        verb = "renewed on" if credential.renewed_on else "since"
        if credential.expires < result.today:
            parts.append(Text(f"CMA (AAMA) {verb} {since}; it expired on {credential.expires}."))
        else:
            parts.append(Text(f"CMA (AAMA) {verb} {since}, current until {credential.expires}."))
    parts.append(Text(f"Plan file: {path}", style="dim"))
    return Group(*parts)


# --- one step -----------------------------------------------------------------------------------


def step_view(plan: Plan, result: Forecast, step_id: str) -> RenderableType:
    """Everything about one step: why, checklist, dependencies, dates, note and sources."""
    kb = load_knowledge()
    item = result.get(step_id)
    step = item.step
    mark, style = MARKS[item.status]
    parts: list[RenderableType] = []
    title = Text()
    title.append(f"{mark} ", style=style)
    title.append(step.title, style="bold")
    title.append(f"  ({step.id} · {kb.phases[step.phase]} · {item.status.value})", style="dim")
    parts.append(title)
    dates = Text()
    if item.progress.done_on is not None:
        dates.append(f"Done on {item.progress.done_on}.", style="green")
    else:
        dates.append(f"Start {item.start} · due {item.due}")
        dates.append(f" · finishes between {item.window.earliest} and {item.window.latest}")
    if step.duration.kind == "yearly":
        dates.append("\nOn the yearly cycle: the date is approximate; check this year's dates.")
    elif step.duration.kind == "recertification" and result.credential is not None:
        credential = result.credential
        dates.append(f"\nThe credential expires on {credential.expires}")
        if credential.is_forecast:
            dates.append(f" if you pass the exam on {credential.certified_on} as forecast")
        dates.append(".")
    else:
        dates.append(f"\nTakes {duration_words(step.duration)}")
        if step.duration.is_estimate:
            dates.append(" (our estimate)")
    parts.append(dates)
    if item.warnings:
        warnings = Text()
        for number, warning in enumerate(item.warnings):
            warnings.append("\n" if number else "")
            warnings.append("! ", style="bold yellow")
            warnings.append(warning)
        parts.append(warnings)
    parts.append(Text("\n".join(step.why)))
    if step.checklist:
        checklist = Text("Checklist", style="bold")
        checklist.append(f"  (tick one: cmaplan check {step.id}.N)", style="dim")
        for number, entry in enumerate(step.checklist, 1):
            box_mark = "☑" if number in item.progress.ticked else "☐"
            checklist.append(f"\n  {box_mark} {number}. {entry}")
        parts.append(checklist)
    links = Text()
    if step.after:
        links.append("After: ", style="bold")
        links.append(", ".join(_step_ref(result, a) for a in step.after))
    later = dependents(plan, step.id)
    if later:
        links.append("\n" if step.after else "")
        links.append("Before: ", style="bold")
        links.append(", ".join(_step_ref(result, a) for a in later))
    if links:
        parts.append(links)
    if item.progress.note:
        parts.append(Text(f"Note: {item.progress.note}", style="italic"))
    sources = _titled_table("Sources")
    sources.add_column(no_wrap=True)
    sources.add_column(overflow="fold", style="dim")
    for source_id in step.sources:
        source = kb.sources[source_id]
        sources.add_row(" ", source.cite())
    parts.append(sources)
    return Group(*(_spaced(parts)))


def _step_ref(result: Forecast, step_id: str) -> str:
    item = result.get(step_id)
    return f"{step_id} ({MARKS[item.status][0]} {item.status.value})"


def _spaced(parts: list[RenderableType]) -> Iterable[RenderableType]:
    for number, part in enumerate(parts):
        if number:
            yield Text("")
        yield part


HISTORY_SHOWN = 20
HISTORY_WORDS = {
    "done": "marked done",
    "reopened": "reopened",
    "ticked": "ticked",
    "unticked": "unticked",
    "note": "note",
}


def history_view(plan: Plan) -> RenderableType:
    """The latest changes, newest first, so that a mistaken check can be found and undone."""
    if not plan.history:
        return Text("No changes recorded yet.", style="dim")
    table = _titled_table("Latest changes")
    table.add_column(no_wrap=True)
    table.add_column(no_wrap=True)
    table.add_column(style="cyan", no_wrap=True)
    table.add_column(overflow="fold")
    for change in reversed(plan.history[-HISTORY_SHOWN:]):
        detail = change.detail
        if change.action == "done":
            detail = f"on {change.detail}"
        elif change.action == "note":
            detail = f'"{change.detail}"' if change.detail else "(cleared)"
        table.add_row(str(change.on), HISTORY_WORDS[change.action], change.step, detail)
    hint = Text("Undo a check with `cmaplan check ID --undo`.", style="dim")
    return Group(table, hint)
