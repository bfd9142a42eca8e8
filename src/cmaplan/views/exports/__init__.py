"""The plan outside the terminal: a calendar (ics), a document (markdown), a printable page (html),
the timeline picture (svg) and the answers it is made from (an answers file) (views layer: each
is a pure function from the forecast plan to bytes; the command `cmaplan export` writes them).

Every format is made from the plan as forecast today, and includes the person's notes and ticked
items. Each module is imported only by the export that needs it (icalendar is heavy).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cmaplan.core.model import Forecast, Plan

FORMATS = ("ics", "markdown", "html", "svg", "answers")
SUFFIXES = {"ics": ".ics", "markdown": ".md", "html": ".html", "svg": ".svg", "answers": ".toml"}


def export(fmt: str, plan: Plan, result: Forecast) -> bytes:
    """The plan in format `fmt` (one of FORMATS)."""
    if fmt == "ics":
        from cmaplan.views.exports.ics import calendar

        return calendar(plan, result)
    if fmt == "markdown":
        from cmaplan.views.exports.markdown import markdown

        return markdown(plan, result).encode("utf-8")
    if fmt == "html":
        from cmaplan.views.exports.html import page

        return page(plan, result).encode("utf-8")
    if fmt == "svg":
        from cmaplan.views.exports.svg import picture

        return picture(plan, result).encode("utf-8")
    if fmt == "answers":
        from cmaplan.views.exports.answers import answers

        return answers(plan).encode("utf-8")
    raise ValueError(f"no export format {fmt!r}")
