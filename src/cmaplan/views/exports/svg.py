"""The timeline picture as a standalone SVG (views layer: pure).

Bars on a month axis, phase by phase: done, under way, overdue and planned steps told apart by
fill and pattern (so they stay apart printed in black and white), a dashed line up to the latest
a step may take, diamonds for milestones, a flag for a deadline, today's line and the range of
the expected finish. Built with ElementTree, so every text is escaped, and made `visible`
(`_el`), so the file is well-formed.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date, timedelta

from cmaplan.core.eligibility import phase_titles
from cmaplan.core.knowledge import MONTHS, load_knowledge
from cmaplan.core.model import Forecast, Plan, ScheduledStep, Status
from cmaplan.core.plaintext import visible
from cmaplan.views.axis import chart_bounds
from cmaplan.views.exports.outline import STATUS_WORDS

SVG = "http://www.w3.org/2000/svg"
WIDTH = 960
LABEL_MAX = 400  # the most room for the step titles (a 12px character is about 6.6px wide)
ROW = 22
TOP = 56  # the axis labels and the legend above the rows
STYLE = """
text { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; font-size: 12px;
       fill: #1a1a1a; }
.phase { font-weight: 700; }
.axis { fill: #4d4d4d; font-size: 11px; }
.grid { stroke: #d9d9d9; stroke-width: 1; }
.bar-done { fill: #1b5e20; }
.bar-in-progress { fill: url(#stripes); stroke: #0d47a1; stroke-width: 1; }
.bar-overdue { fill: #b71c1c; stroke: #000; stroke-width: 1.5; }
.bar-upcoming { fill: #ffffff; stroke: #424242; stroke-width: 1; }
.bar-closed { fill: #fff3e0; stroke: #e65100; stroke-width: 1; }
.bar-not-needed { fill: #eeeeee; stroke: #9e9e9e; stroke-width: 1; stroke-dasharray: 2 2; }
.latest { stroke: #424242; stroke-width: 1; stroke-dasharray: 3 3; }
.today { stroke: #c62828; stroke-width: 1.5; stroke-dasharray: 5 3; }
.finish { fill: #fff3cd; stroke: #8a6d00; stroke-width: 1; }
.mark { fill: #1a1a1a; }
"""
CLASSES = {
    Status.DONE: "bar-done",
    Status.IN_PROGRESS: "bar-in-progress",
    Status.OVERDUE: "bar-overdue",
    Status.UPCOMING: "bar-upcoming",
    Status.CLOSED: "bar-closed",
    Status.NOT_NEEDED: "bar-not-needed",
}


class _Axis:
    def __init__(self, first: date, last: date, left: float) -> None:
        self.first, self.last, self.left = first, last, left
        self.span = max(1, (last - first).days)

    def x(self, day: date) -> float:
        clipped = min(max(day, self.first), self.last)
        return self.left + (clipped - self.first).days / self.span * (WIDTH - self.left - 10)


def _el(parent: ET.Element, tag: str, text: str = "", **attrs: object) -> ET.Element:
    """A child element. Every text and attribute value of the picture passes here and is made
    `visible`: ElementTree escapes markup but writes any character, even those XML 1.0 does
    not allow (most controls, U+FFFE, U+FFFF), which no XML reader then accepts."""
    element = ET.SubElement(
        parent, tag, {k.rstrip("_").replace("_", "-"): visible(str(v)) for k, v in attrs.items()}
    )
    if text:
        element.text = visible(text)
    return element


def _months(axis: _Axis) -> list[date]:
    out, day = [], axis.first
    while day <= axis.last:
        out.append(day)
        day = (day.replace(day=28) + timedelta(days=4)).replace(day=1)
    return out


def _axis(svg: ET.Element, axis: _Axis, bottom: float) -> None:
    months = _months(axis)
    per_month = (WIDTH - axis.left) / max(1, len(months))
    taken = -100.0  # where the last label ends
    for month in months:
        x = axis.x(month)
        _el(svg, "line", class_="grid", x1=x, y1=TOP - 8, x2=x, y2=bottom)
        close_to_january = month == axis.first and month.month > 10
        if (month.month == 1 or month == axis.first) and not close_to_january:
            label = (
                str(month.year)
                if month.month == 1
                else f"{MONTHS[month.month - 1][:3]} {month.year}"
            )
        elif per_month >= 28:
            label = MONTHS[month.month - 1][:3]
        elif per_month >= 10 and month.month in (4, 7, 10):
            label = f"Q{(month.month - 1) // 3 + 1}"
        else:
            continue
        wide = 7 * len(label)  # about 7 px a character at the axis font size
        if x + 2 + wide > WIDTH - 2:  # the last label ends at the right edge, never past it
            x = WIDTH - 4 - wide
        if x < taken:
            continue
        _el(svg, "text", label, class_="axis", x=x + 2, y=TOP - 12)
        taken = x + wide + 6


def _bar(svg: ET.Element, item: ScheduledStep, axis: _Axis, y: float) -> None:
    x_start, x_due = axis.x(item.start), axis.x(item.due)
    kind = item.step.duration
    if item.due > axis.last:  # past the chart: say when instead
        _el(svg, "text", f"→ {item.due}", class_="axis", x=WIDTH - 110, y=y + 15)
        return
    if kind.kind == "milestone":
        _diamond(svg, x_due, y + ROW / 2, CLASSES[item.status])
    elif kind.is_deadline and not item.is_done:
        _el(svg, "line", class_="latest", x1=x_due, y1=y + 3, x2=x_due, y2=y + ROW - 3)
        _el(svg, "polygon", class_="mark", points=_flag(x_due, y + 3))
    else:
        width = max(3.0, x_due - x_start)
        _el(
            svg,
            "rect",
            class_=CLASSES[item.status],
            x=x_start,
            y=y + 5,
            width=width,
            height=ROW - 10,
        )
    if not item.is_done and not kind.is_deadline and item.window.latest > item.due:
        x_latest = axis.x(item.window.latest)
        _el(svg, "line", class_="latest", x1=x_due, y1=y + ROW / 2, x2=x_latest, y2=y + ROW / 2)


def _diamond(svg: ET.Element, x: float, y: float, klass: str) -> None:
    points = f"{x},{y - 6} {x + 6},{y} {x},{y + 6} {x - 6},{y}"
    _el(svg, "polygon", class_=klass, points=points)


def _flag(x: float, y: float) -> str:
    return f"{x},{y} {x + 10},{y + 4} {x},{y + 8}"


def picture(plan: Plan, result: Forecast, *, standalone: bool = True) -> str:
    """The timeline picture; `standalone` adds the XML declaration (off when inlined in html)."""
    kb = load_knowledge()
    longest = max(len(s.step.title) + 2 for s in result.steps)
    axis = _Axis(*chart_bounds(result), left=min(LABEL_MAX, 24 + 6.6 * longest))
    rows: list[tuple[str, ScheduledStep | None]] = []
    for phase, title in phase_titles(plan.profile, plan.candidates, kb).items():
        steps = [s for s in result.steps if s.step.phase == phase]
        if steps:
            rows.append((title, None))
            rows += [("", s) for s in sorted(steps, key=lambda s: (s.start, s.due))]
    height = TOP + ROW * len(rows) + 40
    name = f"{plan.profile.name}'s plan" if plan.profile.name else "Your plan"
    svg = ET.Element(
        "svg",
        {
            "xmlns": SVG,
            "width": str(WIDTH),
            "height": str(height),
            "viewBox": f"0 0 {WIDTH} {height}",
            "role": "img",
            "aria-labelledby": "cmaplan-title cmaplan-desc",
        },
    )
    _el(svg, "title", f"{name} to the CMA (AAMA): timeline", id="cmaplan-title")
    finish = result.finish
    done = sum(1 for s in result.steps if s.is_done)
    _el(
        svg,
        "desc",
        f"{len(result.steps)} steps, {done} done, as of {result.today}. {plan.finish_label} "
        f"expected {finish.expected}, between {finish.earliest} and {finish.latest}.",
        id="cmaplan-desc",
    )
    defs = _el(svg, "defs")
    pattern = _el(
        defs,
        "pattern",
        id="stripes",
        width=6,
        height=6,
        patternUnits="userSpaceOnUse",
        patternTransform="rotate(45)",
    )
    _el(pattern, "rect", width=6, height=6, fill="#bbdefb")
    _el(pattern, "line", x1=0, y1=0, x2=0, y2=6, stroke="#0d47a1", stroke_width=3)
    ET.SubElement(svg, "style").text = STYLE  # the one text not made `visible`: its lines are CSS
    bottom = TOP + ROW * len(rows)
    _el(
        svg,
        "rect",
        class_="finish",
        x=axis.x(finish.earliest),
        y=TOP - 6,
        width=max(2.0, axis.x(finish.latest) - axis.x(finish.earliest)),
        height=bottom - TOP + 6,
    )
    _axis(svg, axis, bottom)
    for number, (label, item) in enumerate(rows):
        y = TOP + ROW * number
        if item is None:
            _el(svg, "text", label, class_="phase", x=4, y=y + 15)
            continue
        mark = "✔ " if item.is_done else ""
        _el(svg, "text", f"{mark}{item.step.title}", x=14, y=y + 15)
        group = _el(svg, "g")
        _el(
            group,
            "title",
            f"{item.step.title} ({item.step.id}): {STATUS_WORDS[item.status]}, "
            f"{item.progress.done_on or item.due_day}",
        )
        _bar(group, item, axis, y)
    x_today = axis.x(result.today)
    _el(svg, "line", class_="today", x1=x_today, y1=TOP - 8, x2=x_today, y2=bottom)
    _el(svg, "text", "today", class_="axis", x=x_today + 3, y=bottom + 14)  # a year from the edge
    _legend(svg, bottom + 30, plan.finish_label)
    if standalone:  # on its own, the picture says whose plan it is
        heading = f"{name} to the CMA (AAMA), as of {result.today}"
        _el(svg, "text", heading, class_="phase", x=4, y=16)
    body = ET.tostring(svg, encoding="unicode")
    return ('<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n") if standalone else body


def _legend(svg: ET.Element, y: float, finish_label: str) -> None:
    x = 4.0
    for status in (Status.DONE, Status.IN_PROGRESS, Status.OVERDUE, Status.UPCOMING):
        _el(svg, "rect", class_=CLASSES[status], x=x, y=y - 9, width=18, height=10)
        _el(svg, "text", STATUS_WORDS[status], x=x + 22, y=y)
        x += 95
    _diamond(svg, x + 6, y - 4, "mark")
    _el(svg, "text", "milestone", x=x + 16, y=y)
    _el(svg, "polygon", class_="mark", points=_flag(x + 95, y - 9))
    _el(svg, "text", "deadline", x=x + 110, y=y)
    _el(svg, "rect", class_="finish", x=x + 180, y=y - 9, width=18, height=10)
    _el(svg, "text", f"{finish_label}: range", x=x + 202, y=y)
