"""Rich renderables for choosing a program: the programs compared, and the routes side by side
(views layer)."""

from __future__ import annotations

from typing import Any

from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.table import Table
from rich.text import Text

from cmaplan.core.knowledge import load_knowledge
from cmaplan.core.plaintext import visible

ASK = "ask them"
ROWS = (
    ("Accreditor", "accreditor", None),
    ("Type", "type", None),
    ("Length (full-time)", "months", "months"),
    ("Length (part-time)", "part_time_months", None),
    ("Format", "format", None),
    ("First intake for you", "next_intake", "next_intake"),
    ("Cost", "cost", "cost"),
    ("First-time pass rate", "pass_rate", "pass_rate"),
    ("Externship sites", "externship", None),
    ("Support for IMGs", "img_support", None),
    ("You would enrol", "enrol", None),
    ("Graduate", "graduate", None),
    ("Exam", "exam", None),
)


def _cell(key: str, value: Any) -> str:
    if value is None:
        return ASK
    if key == "cost":
        return f"${value:,}"
    if key == "pass_rate":
        return f"{value:g}%"
    if key in ("months", "part_time_months"):
        return f"{value} months"
    return visible(str(value))


LABEL_WIDTH = max(len(label) for label, _, _ in ROWS)
DATE_CELL = len("2028-08-21 ★")  # the narrowest a program's column can be without splitting


class _ByWidth:
    """The wide table where it fits; else one block per program, so no date is ever split."""

    def __init__(self, wide: RenderableType, narrow: RenderableType, need: int) -> None:
        self.wide, self.narrow, self.need = wide, narrow, need

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield self.wide if options.max_width >= self.need else self.narrow


def comparison_table(rows: dict[str, Any], *, img: bool, part_time: bool) -> RenderableType:
    """A column per program, the school questions as rows; ★ marks the best of a row. On a
    terminal too narrow for that, the same rows program by program. The questions for
    physicians trained abroad are asked of them only (`img`); the part-time length, of those who
    study part-time or have recorded one."""
    recorded = any(p["part_time_months"] is not None for p in rows["programs"])
    skip = set() if img else {"img_support"}
    if not (part_time or recorded):
        skip.add("part_time_months")
    shown = {**rows, "rows": tuple(r for r in ROWS if r[1] not in skip)}
    need = LABEL_WIDTH + 4 + len(rows["programs"]) * (DATE_CELL + 3)
    return _ByWidth(_wide(shown), _narrow(shown), need)


def _cells(
    p: dict[str, Any],
    best: dict[str, list[str]],
    wide: bool,
    shown_rows: tuple[tuple[str, str, str | None], ...] = ROWS,
) -> list[tuple[str, Text]]:
    """One program's rows, label and cell, ★ on the best of a row; the first job last, its
    range under it (`wide`) or beside it."""
    cells = []
    for label, key, best_key in shown_rows:
        text = _cell(key, p[key])
        star = best_key is not None and p["name"] in best.get(best_key, [])
        cells.append((label, Text(text + (" ★" if star else ""), style=_style(text, star))))
    job = p["first_job"]
    star = p["name"] in best.get("first_job", [])
    between = "\n" if wide else " ("
    text = f"{job['expected']}{' ★' if star else ''}{between}{job['earliest']} to {job['latest']}"
    label = "First job (range)" if wide else "First job"
    cells.append((label, Text(text + ("" if wide else ")"), style="bold green" if star else "")))
    return cells


def _narrow(rows: dict[str, Any]) -> RenderableType:
    programs, best = rows["programs"], rows["best"]
    blocks: list[RenderableType] = [Text("Your programs", style="bold")]
    for p in programs:
        grid = Table.grid(padding=(0, 2))
        grid.add_column(style="bold", no_wrap=True)
        grid.add_column()
        for label, cell in _cells(p, best, False, rows["rows"]):
            grid.add_row(label, cell)
        title = Text("\n" + visible(p["name"]) + (" ▶" if p["chosen"] else ""), style="bold")
        blocks += [title, grid]
    return Group(*blocks, *_notes(programs))


def _style(text: str, star: bool) -> str:
    return "dim italic" if text == ASK else ("bold green" if star else "")


def _wide(rows: dict[str, Any]) -> RenderableType:
    programs = rows["programs"]
    table = Table(title="Your programs", title_justify="left", header_style="bold")
    table.add_column("")
    for p in programs:
        table.add_column(Text(visible(p["name"]) + (" ▶" if p["chosen"] else "")), overflow="fold")
    columns = [_cells(p, rows["best"], True, rows["rows"]) for p in programs]
    for row in zip(*columns, strict=True):
        table.add_row(Text(row[0][0], style="bold"), *(cell for _, cell in row))
    return Group(table, *_notes(programs))


def _notes(programs: list[dict[str, Any]]) -> list[RenderableType]:
    notes: list[RenderableType] = [
        Text(
            '★ best of the row · ▶ the program your plan uses · "ask them": a question for '
            "the school",
            style="dim",
        )
    ]
    unaccredited = [p["name"] for p in programs if p["accredited"] is False]
    if unaccredited:
        notes.append(
            Text(
                "Accredited by another body: "
                + ", ".join(visible(n) for n in unaccredited)
                + ". "
                + load_knowledge().explain("not-accredited"),
                style="bold",
            )
        )
    return notes


ROUTES_MIN_WIDTH = 80  # below this the routes table would split dates: one route at a time


def routes_table(rows: dict[str, Any], label: str) -> RenderableType:
    """Every route side by side, against the current plan; on a narrow terminal, route by
    route, so that no date is split across lines."""
    return _Routes(rows, label)


class _Routes:
    def __init__(self, rows: dict[str, Any], label: str) -> None:
        self.label = label
        self.routes = [_route_cells(r) for r in rows["routes"]]

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
        table.add_column("Known costs", overflow="fold", min_width=9)
        for route, graduate, job, window, moved, costs in self.routes:
            table.add_row(route, graduate, f"{job}\n{window}", moved, costs)
        return table


def _route_cells(r: dict[str, Any]) -> tuple[Text, str, str, str, str, str]:
    """A route's cells: its name, graduation, expected job and range, the move, the costs."""
    job = r["first_job"]
    days = r["days_from_plan"]
    moved = "your plan" if r["current"] else ("same" if days == 0 else f"{days:+d} days")
    costs = []
    if r["costs"]["exam_fee"] is not None:
        costs.append(f"exam ${r['costs']['exam_fee']}")
    if r["candidate"]:
        program_cost = r["costs"]["program"]
        costs.append(
            f"program ${program_cost:,}" if program_cost is not None else f"program: {ASK}"
        )
    return (
        Text(visible(r["route"]), style="bold" if r["current"] else ""),
        r["graduate"] or "—",
        str(job["expected"]),
        f"{job['earliest']} to {job['latest']}",
        moved,
        ", ".join(costs) or "—",
    )
