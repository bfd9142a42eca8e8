"""Rich renderables for choosing a program: the programs compared, and the routes side by side
(views layer)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import NamedTuple

from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.table import Table
from rich.text import Text

from cmaplan.core.compare import Route, best
from cmaplan.core.knowledge import load_knowledge
from cmaplan.core.model import Candidate
from cmaplan.core.plaintext import visible
from cmaplan.core.rules import is_accredited

ASK = "ask them"
NO_EXAM = "none on this route"  # a program that does not lead to the CMA (AAMA) exam
NO_JOB = "no CMA job on this route"


def _text(value: object) -> str | None:
    """What the school said, as typed; None (a question for the school) when it said nothing."""
    return None if value is None or value == "" else visible(str(value))


def _months(value: int | None) -> str | None:
    return None if value is None else f"{value} months"


class Row(NamedTuple):
    """One school question of the comparison: its label, its name (as `best` and the JSON view
    name it), and a program's cell (None: "ask them")."""

    label: str
    key: str
    cell: Callable[[Route, Candidate], str | None]


ROWS = (
    Row("Accreditor", "accreditor", lambda r, c: _text(c.accreditor)),
    Row("CMA (AAMA) route", "route", lambda r, c: r.eligibility.words),
    Row("Type", "type", lambda r, c: _text(c.type.value)),
    Row("Length (full-time)", "months", lambda r, c: _months(c.months)),
    Row("Length (part-time)", "part_time_months", lambda r, c: _months(c.part_time_months)),
    Row("Format", "format", lambda r, c: _text(c.format)),
    Row("First intake for you", "next_intake", lambda r, c: _text(r.next_intake)),
    Row("Tuition", "cost", lambda r, c: None if c.cost is None else f"${c.cost:,}"),
    Row("Books, supplies, fees", "fees", lambda r, c: None if c.fees is None else f"${c.fees:,}"),
    Row("Route's known costs", "total", lambda r, c: route_total(r)),
    Row(
        "First-time pass rate",
        "pass_rate",
        lambda r, c: None if c.pass_rate is None else f"{c.pass_rate:g}%",
    ),
    Row("Externship sites", "externship", lambda r, c: _text(c.externship)),
    Row(
        "Support for IMGs",
        "img_support",
        lambda r, c: None if c.img_support == "unknown" else _text(c.img_support),
    ),
    Row("You would enrol", "enrol", lambda r, c: _text(r.enrol)),
    Row("Graduate", "graduate", lambda r, c: _text(r.graduate)),
    Row(
        "Exam",
        "exam",
        lambda r, c: _text(r.exam) if r.eligibility.reaches_exam else NO_EXAM,
    ),
)


def _candidate(route: Route) -> Candidate:
    assert route.candidate is not None, "only a candidate program's route is compared"
    return route.candidate


LABEL_WIDTH = max(len(row.label) for row in ROWS)
DATE_CELL = len("2028-08-21 ★")  # the narrowest a program's column can be without splitting


class _ByWidth:
    """The wide table where it fits; else one block per program, so no date is ever split."""

    def __init__(self, wide: RenderableType, narrow: RenderableType, need: int) -> None:
        self.wide, self.narrow, self.need = wide, narrow, need

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield self.wide if options.max_width >= self.need else self.narrow


class _Shown(NamedTuple):
    """What the comparison shows: the programs' routes, the best of each row, the rows asked."""

    routes: list[Route]
    best: dict[str, list[str]]
    rows: tuple[Row, ...]


def comparison_table(routes: list[Route], *, img: bool, part_time: bool) -> RenderableType:
    """A column per program (each a candidate's route), the school questions as rows; ★ marks
    the best of a row. On a terminal too narrow for that, the same rows program by program. The
    questions for physicians trained abroad are asked of them only (`img`); the part-time
    length, of those who study part-time or have recorded one."""
    recorded = any(_candidate(r).part_time_months is not None for r in routes)
    skip = set() if img else {"img_support"}
    if not (part_time or recorded):
        skip.add("part_time_months")
    rows = tuple(row for row in ROWS if row.key not in skip)
    shown = _Shown(routes, best(routes, load_knowledge()), rows)
    need = LABEL_WIDTH + 4 + len(routes) * (DATE_CELL + 3)
    return _ByWidth(_wide(shown), _narrow(shown), need)


def _cells(route: Route, shown: _Shown, wide: bool) -> list[tuple[str, Text]]:
    """One program's rows, label and cell, ★ on the best of a row; the first job last, its
    range under it (`wide`) or beside it."""
    c = _candidate(route)
    cells = []
    for row in shown.rows:
        text = row.cell(route, c) or ASK
        star = c.name in shown.best.get(row.key, [])
        cells.append((row.label, Text(text + (" ★" if star else ""), style=_style(text, star))))
    job = route.first_job
    label = "First job (range)" if wide else "First job"
    if job is None:  # no CMA job on a route that does not reach the exam
        cells.append((label, Text(NO_JOB, style="yellow")))
        return cells
    star = c.name in shown.best.get("first_job", [])
    between = "\n" if wide else " ("
    text = f"{job.expected}{' ★' if star else ''}{between}{job.earliest} to {job.latest}"
    cells.append((label, Text(text + ("" if wide else ")"), style="bold green" if star else "")))
    return cells


def _heading(route: Route) -> str:
    return visible(_candidate(route).name) + (" ▶" if route.is_current else "")


def _narrow(shown: _Shown) -> RenderableType:
    blocks: list[RenderableType] = [Text("Your programs", style="bold")]
    for route in shown.routes:
        grid = Table.grid(padding=(0, 2))
        grid.add_column(style="bold", no_wrap=True)
        grid.add_column()
        for label, cell in _cells(route, shown, False):
            grid.add_row(label, cell)
        blocks += [Text("\n" + _heading(route), style="bold"), grid]
    return Group(*blocks, *_notes(shown.routes))


def _style(text: str, star: bool) -> str:
    return "dim italic" if text == ASK else ("bold green" if star else "")


def _wide(shown: _Shown) -> RenderableType:
    table = Table(title="Your programs", title_justify="left", header_style="bold")
    table.add_column("")
    for route in shown.routes:
        table.add_column(Text(_heading(route)), overflow="fold")
    columns = [_cells(route, shown, True) for route in shown.routes]
    for row in zip(*columns, strict=True):
        table.add_row(Text(row[0][0], style="bold"), *(cell for _, cell in row))
    return Group(table, *_notes(shown.routes))


def _notes(routes: list[Route]) -> list[RenderableType]:
    notes: list[RenderableType] = [
        Text(
            '★ best of the row · ▶ the program your plan uses · "ask them": a question for '
            "the school",
            style="dim",
        )
    ]
    kb = load_knowledge()
    unaccredited = [
        _candidate(r).name for r in routes if is_accredited(_candidate(r).accreditor, kb) is False
    ]
    if unaccredited:
        notes.append(
            Text(
                "Not accredited by CAAHEP or ABHES: "
                + ", ".join(visible(n) for n in unaccredited)
                + ". "
                + kb.explain("not-accredited"),
                style="bold",
            )
        )
    return notes


ROUTES_MIN_WIDTH = 80  # below this the routes table would split dates: one route at a time


def routes_table(routes: list[Route], label: str) -> RenderableType:
    """Every route side by side, against the current plan; on a narrow terminal, route by
    route, so that no date is split across lines."""
    return _Routes(routes, label)


class _Routes:
    def __init__(self, routes: list[Route], label: str) -> None:
        self.label = label
        self.routes = [_route_cells(r) for r in routes]

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        if options.max_width >= ROUTES_MIN_WIDTH:
            yield self._table()
            return
        yield Text("Routes for you", style="italic")
        for route, graduate, job, window, moved, costs in self.routes:
            block = Text()
            block.append_text(route)
            for name, value in (
                ("Graduate", graduate),
                (self.label, f"{job} ({window})"),
                ("vs. your plan", moved),
                ("Known costs", costs),
            ):
                block.append(f"\n  {name}: ", style="bold")
                block.append(value)
            yield Text("")
            yield block

    def _table(self) -> Table:
        table = Table(title="Routes for you", title_justify="left", header_style="bold")
        table.add_column("Route", overflow="fold", min_width=12)
        table.add_column("Graduate", no_wrap=True, min_width=10)
        table.add_column(f"{self.label} (range)", overflow="fold", min_width=13)
        table.add_column("vs. your plan", overflow="fold", min_width=8)
        table.add_column("Known costs", overflow="fold", min_width=15)
        for route, graduate, job, window, moved, costs in self.routes:
            table.add_row(route, graduate, f"{job}\n{window}", moved, costs)
        return table


def _route_cells(r: Route) -> tuple[Text, str, str, str, str, str]:
    """A route's cells: its name, graduation, expected job and range, the move, the costs."""
    days = r.days_from_plan
    moved = (
        "your plan"
        if r.is_current
        else "—"
        if days is None
        else ("same" if days == 0 else f"{days:+d} days")
    )
    costs = [route_total(r)]
    job = r.first_job
    if job is None:  # no exam, fee or job date on a route that does not reach the exam
        label = Text(visible(r.label), style="bold" if r.is_current else "")
        return label, _day(r.graduate), r.eligibility.words, "—", "—", ", ".join(costs) or "—"
    return (
        Text(visible(r.label), style="bold" if r.is_current else ""),
        _day(r.graduate),
        str(job.expected),
        f"{job.earliest} to {job.latest}",
        moved,
        ", ".join(costs) or "—",
    )


def route_total(r: Route) -> str:
    """A route's known costs summed, and how many of its lines still have no amount."""
    from cmaplan.core.money import span_text

    total = span_text(*r.total)
    return f"{total} + {r.unknown_costs} to fill in" if r.unknown_costs else total


def _day(day: date | None) -> str:
    return day.isoformat() if day else "—"
