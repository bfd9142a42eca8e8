"""The timeline: the plan phase by phase, with bars on a month axis (views layer: builds a rich
renderable, never prints it).

It adapts to the width it is given: bars when there is room, the Start column instead of bars in
between, four columns on a narrow terminal. Ids, dates and durations are never cut; a title that
does not fit wraps at word boundaries. Within a phase, steps come in date order.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date, timedelta

from rich import box
from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
from rich.table import Table
from rich.text import Text

from cmaplan.core.eligibility import phase_titles
from cmaplan.core.knowledge import MONTHS, load_knowledge
from cmaplan.core.model import Forecast, Plan, ScheduledStep, Status
from cmaplan.core.plaintext import visible
from cmaplan.views.axis import chart_bounds
from cmaplan.views.daily import daily_view
from cmaplan.views.render import MARKS, duration_words, finish_lines, header

BAR_CHARS: dict[Status, tuple[str, str]] = {
    Status.DONE: ("█", "green"),
    Status.IN_PROGRESS: ("▓", "cyan"),
    Status.OVERDUE: ("▓", "red"),
    Status.UPCOMING: ("░", "grey62"),
    Status.CLOSED: ("✘", "yellow"),
    Status.NOT_NEEDED: ("–", "grey62"),
}
LATEST = "┄"  # from the expected end to the latest it may take
DEADLINE = "⚑"  # a step that is a deadline (recertify), not work of that length
MARKS_LEGEND = "✔ done  ▶ in progress  ! overdue  · upcoming"
RARE_MARKS = {Status.NOT_NEEDED: "– not needed", Status.CLOSED: "✘ no attempt left"}
BARS_LEGEND = (
    f"█ done  ▓ under way  ░ planned  {LATEST} up to the latest  ◆ milestone  {DEADLINE} deadline"
    "  │ today  ← earlier"
)


def marks_legend(result: Forecast) -> str:
    """The marks' legend, with the rare ones (a step no longer needed, an exam with no attempt
    left) only when the plan shows them."""
    present = {s.status for s in result.steps}
    rare = "".join(f"  {words}" for status, words in RARE_MARKS.items() if status in present)
    return MARKS_LEGEND + rare


LONG_DONE_DAYS = 30  # a phase finished longer ago than this is folded into one line
MIN_BAR_WIDTH = 16
MIN_TITLE = 16  # below this a title wraps into a column of single words
COMPACT_BELOW = 72
GAP = 3  # between two columns: padding on each side and the separator
EXPIRY_TITLE = "CMA (AAMA) expires"


class _Axis:
    """Columns for days between `start` and `end`."""

    def __init__(self, start: date, end: date, width: int) -> None:
        self.start, self.end, self.width = start, end, width
        self.span = max(1, (end - start).days)

    def col(self, day: date) -> int:
        position = round((day - self.start).days / self.span * (self.width - 1))
        return min(self.width - 1, max(0, position))

    def months(self) -> Iterator[date]:
        day = self.start
        while day <= self.end:
            yield day
            day = (day.replace(day=28) + timedelta(days=4)).replace(day=1)

    def _label(self, month: date, per_month: float) -> str:
        """A month's label: its year in January (and at the axis start), else the month or
        quarter when the axis has room for them."""
        if month.month == 1 or month == self.start:
            return str(month.year) if per_month * 12 >= 6 else f"'{month.year % 100:02d}"
        if per_month >= 4:
            return MONTHS[month.month - 1][:3]
        if per_month * 3 >= 3 and month.month in (4, 7, 10):
            return f"Q{(month.month - 1) // 3 + 1}"
        return ""

    def header(self, today: date) -> Text:
        cells = [" "] * self.width
        per_month = self.width / max(1, self.span / 30.44)
        mark = self.col(today)
        # Today first, then the years (Januaries, then the axis start), then months or quarters;
        # a year that would cover today's mark starts just after it instead.
        cells[mark] = "▼"
        months = sorted(self.months(), key=lambda m: (m.month != 1, m != self.start, m))
        years = [m for m in months if m.month == 1 or m == self.start]
        for month in [*years, *(m for m in months if m not in years)]:
            col = self.col(month)
            label = self._label(month, per_month)
            if month in years and label and col <= mark < col + len(label):
                col = mark + 1
            if month in years and col + len(label) > self.width:  # the last year: end-aligned
                col = self.width - len(label)
            inside = cells[col : col + len(label)]
            edges = [cells[i] for i in (col - 1, col + len(label)) if 0 <= i < self.width]
            free = all(c == " " for c in inside) and all(c in " ▼" for c in edges)
            if label and col + len(label) <= self.width and free:
                cells[col : col + len(label)] = list(label)
            elif per_month >= 2 and cells[col] == " " and (col == 0 or cells[col - 1] == " "):
                cells[col] = "·"
        text = Text("".join(cells), style="dim")
        if cells[mark] == "▼":
            text.stylize("bold yellow", mark, mark + 1)
        return text

    def bar(self, item: ScheduledStep, today: date) -> Text:
        cells = [" "] * self.width
        styles = [""] * self.width
        char, style = BAR_CHARS[item.status]
        start, end = self.col(item.start), self.col(item.due)
        if item.step.duration.kind == "milestone":
            cells[end], styles[end] = "◆", style or "bold"
        elif item.step.duration.is_deadline and not item.is_done:
            cells[end], styles[end] = DEADLINE, "bold " + style
        else:
            for i in range(start, max(end, start + 1)):
                cells[i], styles[i] = char, style
        if not item.is_done and not item.step.duration.is_deadline:
            for i in range(end + 1, self.col(item.window.latest) + 1):
                if cells[i] == " ":
                    cells[i], styles[i] = LATEST, "dim"
        if item.due > self.end or (item.window.latest > self.end and not item.is_done):
            cells[-1], styles[-1] = "→", "dim"
        if (item.progress.done_on or item.due) < self.start:  # over before the chart opens
            cells[0], styles[0] = "←", "dim"
        return self._with_today(cells, styles, today)

    def marker(self, day: date, today: date) -> Text:
        """A single ◆ on `day` (or → past the chart), with today's line."""
        cells = [" "] * self.width
        if day > self.end:
            cells[-1] = "→"
        else:
            cells[self.col(day)] = "◆"
        return self._with_today(cells, [""] * self.width, today)

    def _with_today(self, cells: list[str], styles: list[str], today: date) -> Text:
        mark = self.col(today)
        # Today's line runs through bars too; a milestone, deadline or arrow on the day stays.
        bars = {char for char, _ in BAR_CHARS.values()}
        here = cells[mark]
        alone = (
            here in bars and here not in cells[max(0, mark - 1) : mark] + cells[mark + 1 : mark + 2]
        )
        if here in {" ", LATEST} or (here in bars and not alone):  # a one-cell bar stays seen
            cells[mark], styles[mark] = "│", "bold yellow"
        text = Text()
        for cell, cell_style in zip(cells, styles, strict=True):
            text.append(cell, style=cell_style)
        return text


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
        self.phase_titles = phase_titles(plan.profile, plan.candidates, self.kb)
        self.view = daily_view(plan, result, self.kb)  # the headline and the finish, once
        self.takes = max(len("Takes"), *(len(duration_words(s.duration)) for s in plan.steps))
        self.id_width = max(len(s.step.id) for s in result.steps)
        self.longest = max(len(s.step.title) + 2 for s in result.steps)  # room for " ✎"

    def _is_long_done(self, rows: list[ScheduledStep]) -> bool:
        days = [s.progress.done_on for s in rows]
        if not all(days):
            return False
        last = max(d for d in days if d is not None)
        return (self.result.today - last).days > LONG_DONE_DAYS

    def _layout(self, width: int) -> tuple[bool, int, int] | None:
        """(compact, title width, bar width) for a total width; a bar width of 0 means no bars.
        None: not even the four narrow columns fit, so each step takes lines of its own.

        A title gets all the room it needs before the bars do; past that it wraps. The other
        columns are never narrower than what they hold.
        """
        if self.bars and width >= COMPACT_BELOW:
            # The bar shows when a step starts, so the Start column makes way for it.
            fixed = 1 + self.id_width + 10 + self.takes + 5 * GAP  # mark, id, due, takes
            title = min(self.longest, max(20, width - fixed - MIN_BAR_WIDTH * 2))
            bars = width - fixed - title
            if bars >= MIN_BAR_WIDTH:
                return False, title, bars
        fixed = 1 + self.id_width + 10 + 10 + self.takes + 5 * GAP  # mark, id, start, due, takes
        if width >= COMPACT_BELOW and width - fixed >= MIN_TITLE:
            return False, min(self.longest, width - fixed), 0
        fixed = 1 + self.id_width + 10 + 3 * GAP  # mark, id, due
        if width - fixed >= MIN_TITLE:
            return True, min(self.longest, width - fixed), 0
        return None

    def _rows(self, phase: str) -> list[ScheduledStep]:
        """A phase's steps in the order of the dates the Due column shows."""
        rows = [s for s in self.result.steps if s.step.phase == phase]
        return sorted(rows, key=lambda s: (s.progress.done_on or s.late_since or s.due, s.start))

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        layout = self._layout(options.max_width)
        if layout is None:
            yield from self._stacked()
            return
        compact, title_width, bar_width = layout
        axis = _Axis(*chart_bounds(self.result), bar_width) if bar_width else None

        table = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False, expand=False)
        table.add_column("", no_wrap=True, width=1)
        table.add_column("Step", overflow="fold", width=title_width)
        table.add_column("id", style="cyan", no_wrap=True, min_width=self.id_width)
        if not compact and axis is None:
            table.add_column("Start", no_wrap=True, min_width=10)
        table.add_column("Due", no_wrap=True, min_width=10)
        if not compact:
            table.add_column("Takes", no_wrap=True, justify="right", min_width=self.takes)
        if axis is not None:
            table.add_column(axis.header(self.result.today), no_wrap=True, width=bar_width)

        folded = False
        for phase, phase_title in self.phase_titles.items():
            if self.phases is not None and phase not in self.phases:
                continue
            rows = self._rows(phase)
            if not rows:
                continue
            if not self.show_all and self._is_long_done(rows):
                folded = True
                table.add_row(*self._folded(phase_title, rows, compact, axis, len(table.columns)))
                continue
            table.add_row("", Text(phase_title, style="bold underline"))
            for number, item in enumerate(rows, 1):
                expiry = self._expiry_cells(item, compact, axis)
                is_last = number == len(rows)
                studying = self._study_cells(item, compact, axis)
                last_row = is_last and not expiry and not studying
                table.add_row(*self._cells(item, compact, axis), end_section=last_row)
                if studying:
                    table.add_row(*studying, end_section=is_last and not expiry)
                if expiry:
                    table.add_row(*expiry, end_section=is_last)
        yield header(self.view)
        yield table
        yield finish_lines(self.view, study=False)  # said in the exam phase, under exam-prep
        legend = marks_legend(self.result)
        if not compact:  # a Takes column to mark
            legend += "  * our estimate"
        if axis is not None:
            legend += "\n" + BARS_LEGEND
        if axis is None and self.bars and console.is_terminal:
            legend += "  (widen the terminal for bars)"
        yield Text(legend, style="dim")
        if folded:
            yield Text("Finished phases are folded; --all shows every step.", style="dim")

    def _stacked(self) -> Iterator[RenderableType]:
        """For a very narrow width: each step as a title line and an "id · due" line, folded at
        spaces, so that ids and dates stay whole."""
        yield header(self.view)
        for phase, phase_title in self.phase_titles.items():
            rows = self._rows(phase)
            if not rows or (self.phases is not None and phase not in self.phases):
                continue
            yield Text(phase_title, style="bold underline")
            for item in rows:
                mark, style = MARKS[item.status]
                line = Text(f"{mark} ", style=style)
                line.append(visible(item.step.title) + (" ✎" if item.progress.note else ""))
                yield line
                day = item.progress.done_on or item.late_since or item.due
                yield Text(f"  {item.step.id} · {day}")
        yield finish_lines(self.view)
        yield Text(marks_legend(self.result), style="dim")

    def _folded(
        self,
        phase_title: str,
        rows: list[ScheduledStep],
        compact: bool,
        axis: _Axis | None,
        columns: int,
    ) -> list[RenderableType]:
        last = max(s.progress.done_on for s in rows if s.progress.done_on)
        summary = Text(f"{phase_title} ({len(rows)} done)", style="green")
        cells: list[RenderableType] = [Text("✔", style="green"), summary, ""]
        if not compact and axis is None:
            cells.append("")
        cells.append(Text(str(last), style="green"))
        return cells + [""] * (columns - len(cells))

    def _expiry_cells(
        self, item: ScheduledStep, compact: bool, axis: _Axis | None
    ) -> list[RenderableType]:
        """The credential's expiry, as its own dated row under the recertify step."""
        credential = self.result.credential
        if not item.step.duration.is_deadline or credential is None:
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

    def _study_cells(
        self, item: ScheduledStep, compact: bool, axis: _Axis | None
    ) -> list[RenderableType]:
        """This week of the study plan, as its own row under the exam-prep step while the
        study runs (`cmaplan study` has the weeks)."""
        from cmaplan.core.studyplan import study_plan, week_of
        from cmaplan.core.studywords import focus_name

        if item.step.id != self.kb.roles.exam_study or not self.view.study:
            return []
        study = study_plan(self.plan, self.result, self.kb)
        week = week_of(study, self.result.today) if study is not None else None
        if study is None or week is None:
            return []
        focus = focus_name(week)
        text = Text(f"  week {week.number} of {len(study.weeks)}: {focus}", style="dim")
        cells: list[RenderableType] = ["", text, ""]
        if not compact and axis is None:
            cells.append(week.starts.isoformat())
        cells.append(week.ends.isoformat())
        if not compact:
            cells.append("")
        if axis is not None:
            cells.append("")
        return cells

    def _cells(
        self, item: ScheduledStep, compact: bool, axis: _Axis | None
    ) -> list[RenderableType]:
        mark, style = MARKS[item.status]
        due = Text(item.due.isoformat())
        if item.progress.done_on is not None:
            due = Text(f"{item.progress.done_on}", style="green")
        elif item.late_since is not None:
            due = Text(f"{item.late_since}", style="bold red")  # the day it was due
        title = Text(visible(item.step.title) + (" ✎" if item.progress.note else ""))
        cells: list[RenderableType] = [Text(mark, style=style), title, item.step.id]
        if not compact and axis is None:
            cells.append(item.start.isoformat())
        cells.append(due)
        if not compact:
            cells.append(duration_words(item.step.duration))
        if axis is not None:
            cells.append(axis.bar(item, self.result.today))
        return cells
