"""`cmaplan costs` as a person reads it (views layer): every cost of the route by phase, the
money coming in, the months of heavy spending, the totals and the ways to pay."""

from __future__ import annotations

from datetime import date

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from cmaplan.core.costs import CostLine, Costs
from cmaplan.core.eligibility import phase_titles
from cmaplan.core.knowledge import load_knowledge
from cmaplan.core.model import Forecast, Plan
from cmaplan.core.money import span_text
from cmaplan.core.plaintext import plural, visible

BAR = 24  # the longest bar of the by-month view, in cells
YOURS = "Your own lines"


def _phase_of(line: CostLine, phases: dict[str, str], titles: dict[str, str]) -> str:
    if line.kind == "aid":
        return "Money coming in"
    return titles.get(phases.get(line.step, ""), YOURS)


def costs_view(plan: Plan, costs: Costs, result: Forecast) -> RenderableType:
    """The whole view; text from the person is shown as text (never markup)."""
    head = Text("What your route costs", style="bold")
    head.append(f"\nToday {costs.today} · US dollars, rounded to the dollar")
    table = Table(box=None, pad_edge=False, show_header=True, header_style="bold")
    table.add_column("Due", no_wrap=True, min_width=10)
    table.add_column("What", overflow="fold", ratio=3)
    table.add_column("Amount", justify="right", no_wrap=True)
    table.add_column("Where the amount comes from", overflow="fold", ratio=4)
    groups: dict[str, list[CostLine]] = {}
    # The phases by the timeline's own headings ("The program you chose" for one that may not
    # reach the exam), each step's phase looked up once.
    titles = phase_titles(plan.profile, plan.candidates, load_knowledge())
    phases = {s.step.id: s.step.phase for s in result.steps}
    order = [*titles.values(), YOURS, "Money coming in"]
    for line in costs.lines:
        groups.setdefault(_phase_of(line, phases, titles), []).append(line)
    for heading in sorted(groups, key=lambda h: order.index(h) if h in order else len(order)):
        table.add_row("", Text(heading, style="bold"), "", "")
        for line in groups[heading]:
            table.add_row(*_row(line))
    parts: list[RenderableType] = [head, table, _totals(costs)]
    months = costs.by_month()
    if months:
        parts.append(_months(months))
    if costs.funding:
        parts.append(_funding(costs))
    parts.append(
        Text(
            "Published fees change: check the current price before you pay. Add your own "
            "lines with `cmaplan costs add WHAT AMOUNT`, money coming in with --aid.",
            style="dim",
        )
    )
    return Group(*parts)


def _row(line: CostLine) -> tuple[Text, Text, Text, Text]:
    due = Text(str(line.due) if line.due else "no day")
    what = Text(visible(line.what))
    if line.key.isdigit():
        what = Text(f"{line.key}. ") + what
    elif line.settable:
        what.append(f"\n  {line.key}", style="dim")  # the LINE `costs set` takes
    if line.paid:
        what.append(" (paid)" if line.kind == "cost" else " (received)", style="dim")
    note = visible(line.note)
    style = "yellow" if line.low is None else ""
    return due, what, Text(line.amount, style=style), Text(note, style="dim")


def _totals(costs: Costs) -> Text:
    low, high = costs.total()
    text = Text("Total known costs: ", style="bold")
    text.append(span_text(low, high))
    to_pay = costs.total(paid=False)
    if to_pay != (low, high):
        text.append(f" (still to pay {span_text(*to_pay)})")
    aid_low, aid_high = costs.total("aid")
    if aid_high:
        text.append(f" · money coming in {span_text(aid_low, aid_high)}")
        text.append(f" · yours to pay {span_text(max(0, low - aid_high), max(0, high - aid_low))}")
    missing = costs.unknown
    if missing:
        text.append(
            f"\n{plural(len(missing), 'line')} without an amount yet (—): the total is more "
            "than this until you fill them in with `cmaplan costs set LINE AMOUNT`, LINE as "
            "shown under its name.",
            style="yellow",
        )
    following = costs.next_payment()
    if following is not None:
        text.append(
            f"\nNext payment: {visible(following.what)}, {following.amount}, due {following.due}."
        )
    return text


def _months(months: list[tuple[date, int, int]]) -> Table:
    table = Table(box=None, pad_edge=False, title="By month (still to pay)", title_justify="left")
    table.add_column("Month", no_wrap=True)
    table.add_column("Amount", justify="right", no_wrap=True)
    table.add_column("", no_wrap=True)
    top = max(high for _, _, high in months) or 1
    for month, low, high in months:
        cells = max(1, round(BAR * high / top)) if high else 0
        table.add_row(f"{month:%Y-%m}", span_text(low, high), "█" * cells)
    return table


def _funding(costs: Costs) -> Group:
    kb = load_knowledge()
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column(overflow="fold")
    for way in costs.funding:
        text = Text(f"{way.name}: ", style="bold")
        text.append(way.check, style="")
        if way.note:
            text.append(f"\n{way.note}")
        cited = "; ".join(kb.sources[s].cite() for s in way.sources)
        text.append(f"\nSource: {cited}", style="dim")
        grid.add_row("•", text)
    return Group(Text("How you might pay", style="bold"), grid)
