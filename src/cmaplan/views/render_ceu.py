"""Rich renderables for keeping the credential: the CEU summary and the log (views layer)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import NamedTuple

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, Group, RenderableType
from rich.segment import Segment
from rich.table import Table
from rich.text import Text

from cmaplan.core.ceu import Tally, current_period, missing_words, requirement
from cmaplan.core.knowledge import load_knowledge
from cmaplan.core.model import Area, Forecast, Plan, RecertRoute
from cmaplan.core.plaintext import plural, visible
from cmaplan.core.rules import lapse_ends
from cmaplan.core.stepdates import when_words

ROUTES = {"ce": "continuing education", "exam": "the exam"}


def tally_view(tally: Tally, today: date, by_exam: tuple[str, ...] = ()) -> RenderableType:
    """The period's points against the rule, what is missing, the dates and the pace; `by_exam`
    is the exam route's days and fee in sentences, when it is the route to take."""
    kb = load_knowledge()
    total, each, approved_min = requirement(kb)
    period = tally.period
    route = ROUTES.get(period.route, period.route)
    head = Text("CEUs for your CMA (AAMA)", style="bold")
    head.append(f"\nPeriod {period.starts} to {period.expires} · you renew by {route}")
    if period.route is RecertRoute.EXAM and period.apply_by <= today:
        head.append(" · apply for the exam now")
    else:  # by exam, the day to apply (the day to pass by is in the lines below)
        verb = "apply for the exam by" if period.route is RecertRoute.EXAM else "apply by"
        head.append(f" · {verb} {period.apply_by} ({when_words(period.apply_by, today)})")
    table = Table(box=None, pad_edge=False, show_header=True, header_style="bold")
    table.add_column("Area")
    table.add_column("Counted", justify="right")
    table.add_column("Needed", justify="right")

    def mark(row: str) -> str:
        return "·" if tally.missing[row] else "✔"

    for area in Area:
        counted = f"{tally.counted[area]:g}"
        table.add_row(f"{mark(area.value)} {area.value}", counted, f"{each:g}")
    table.add_row(f"{mark('total')} all areas", f"{tally.total:g}", f"{total:g}")
    table.add_row(f"{mark('approved')} AAMA-approved", f"{tally.approved:g}", f"{approved_min:g}")
    parts: list[RenderableType] = [head, table]
    if tally.not_approved > tally.total - tally.approved:  # some of them do not count
        parts.append(
            Text(
                f"{tally.not_approved:g} points are not AAMA-approved; only "
                f"{total - approved_min:g} of them count."
            )
        )
    if tally.lapsed:
        parts.append(
            Text(
                f"The credential expired on {period.expires}, and the window to renew by "
                f"continuing education closed on {lapse_ends(period.expires, kb)}: CEUs no "
                "longer count. Renewing now takes the exam again (and a reactivation fee).",
                style="bold red",
            )
        )
        parts.extend(Text(line) for line in by_exam)
        return Group(*parts)
    if period.route is RecertRoute.EXAM:
        parts.append(
            Text(
                "You renew by exam, so these points are for your records; "
                "`cmaplan recertify --by ce` switches to continuing education."
            )
        )
        parts.extend(Text(line) for line in by_exam)
    elif tally.requirement_met:
        parts.append(Text("The requirement is met: you can apply to recertify.", style="green"))
    else:
        parts.append(Text(f"Still needed: {missing_words(tally)}."))
        if tally.on_pace is None:
            parts.append(Text("It is too early in the period to judge your pace."))
        elif tally.on_pace:
            parts.append(Text("At your pace so far you will make it in time."))
        else:
            parts.append(Text("At your pace so far you will not make it in time.", style="bold"))
    if today > period.expires:
        parts.append(Text(f"The credential expired on {period.expires}.", style="bold red"))
    hint = "Add one with `cmaplan ceu add`; `cmaplan ceu list` shows them all."
    parts.append(Text(hint, style="dim"))
    return Group(*parts)


def log_view(plan: Plan, result: Forecast) -> RenderableType:
    """Every CEU, numbered, marked when it counts in the current period."""
    if not plan.ceus:
        return Text("No CEUs recorded yet. Add one with `cmaplan ceu add`.", style="dim")
    period = current_period(plan, result)
    current = (
        {n for n, c in enumerate(plan.ceus) if period.starts <= c.on <= period.expires}
        if period
        else set(range(len(plan.ceus)))
    )
    log = CeuLog(tuple(_rows(plan, current)))
    note = Text("Entries marked (earlier) belong to an earlier period.", style="dim")
    return Group(log, note) if len(current) < len(plan.ceus) else log


class Row(NamedTuple):
    """One CEU as the log shows it: the short columns, the title, and whether it is dim."""

    cells: tuple[str, ...]
    title: str
    earlier: bool


HEADS = ("#", "Date", "Area", "Points", "AAMA")
NARROW = 24  # with fewer columns left for the title, each CEU is told on lines of its own


class CeuLog:
    """The log as columns, laid out once for the width it is given.

    A table that measures every cell costs time by the cell; a log of hundreds of long titles
    and proof paths made `ceu list` take seconds. The short columns have known widths, so only
    the title is folded: the time follows the lines printed, at any width.
    """

    def __init__(self, rows: tuple[Row, ...]) -> None:
        self.rows = rows

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> Iterator[Segment]:
        widths = [
            max(cell_len(h), *(cell_len(r.cells[i]) for r in self.rows))
            for i, h in enumerate(HEADS)
        ]
        lead = sum(widths) + 2 * len(widths)
        stacked = options.max_width - lead < NARROW
        indent = 4 if stacked else lead
        if not stacked:
            head = "  ".join(h.ljust(w) for h, w in zip(HEADS, widths, strict=True))
            yield from _line(console, Text(f"{head}  Title", style="bold"))
        for row in self.rows:
            style = "dim" if row.earlier else ""
            title = Text(row.title, style=style)
            lines = list(title.wrap(console, max(options.max_width - indent, 1), overflow="fold"))
            if stacked:  # a narrow screen: the facts in words, then the title under them
                number, on, area, points, aama = row.cells
                approved = "AAMA-approved" if aama == "yes" else "not AAMA-approved"
                amount = plural(float(points), "point")
                facts = Text(f"{number}. {on} · {area} · {amount} · {approved}", style)
                first = facts.wrap(console, options.max_width)[0]
                yield from _line(console, first)
                rest = Text(facts.plain[len(first.plain) :].strip(), style)
                for fact in rest.wrap(console, max(options.max_width - 4, 1)) if rest else ():
                    yield from _line(console, Text("    ", style) + fact)
            else:
                cells = "  ".join(c.ljust(w) for c, w in zip(row.cells, widths, strict=True))
                yield from _line(console, Text(cells + "  ", style) + lines.pop(0))
            for line in lines:
                yield from _line(console, Text(" " * indent, style) + line)


def _line(console: Console, line: Text) -> Iterator[Segment]:
    """One line as it is, already folded: rich is not asked to fold it again."""
    yield from line.render(console)
    yield Segment.line()


def _rows(plan: Plan, current: set[int]) -> Iterator[Row]:
    for number, c in enumerate(plan.ceus, 1):
        title = visible(c.title) + (f" ({visible(c.provider)})" if c.provider else "")
        if number - 1 not in current:
            title += " (earlier)"
        if c.proof:
            title += f" · proof: {visible(c.proof)}"
        cells = (
            str(number),
            str(c.on),
            c.area.value,
            f"{c.points:g}",
            "yes" if c.approved else "no",
        )
        yield Row(cells, title, number - 1 not in current)
