"""The plan outside the terminal, in the formats of `REGISTRY` (views layer: each is a pure
function from the forecast plan to bytes; the command `cmaplan export` writes them).

Every format is made from the plan as forecast today, and includes the person's notes and ticked
items. Each module is imported only by the export that needs it (icalendar is heavy).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from cmaplan.core.model import Forecast, Plan


def _ics(plan: Plan, result: Forecast) -> bytes:
    from cmaplan.views.exports.ics import calendar

    return calendar(plan, result)


def _markdown(plan: Plan, result: Forecast) -> bytes:
    from cmaplan.views.exports.markdown import markdown

    return markdown(plan, result).encode("utf-8")


def _html(plan: Plan, result: Forecast) -> bytes:
    from cmaplan.views.exports.html import page

    return page(plan, result).encode("utf-8")


def _svg(plan: Plan, result: Forecast) -> bytes:
    from cmaplan.views.exports.svg import picture

    return picture(plan, result).encode("utf-8")


def _answers(plan: Plan, result: Forecast) -> bytes:
    from cmaplan.views.exports.answers import answers

    return answers(plan).encode("utf-8")


class Format(NamedTuple):
    """One export format: the file suffix it suggests, how it is made (its module is imported
    only when that format is asked for), what it is, in a few words for `export --help`, and
    other names people type for it."""

    suffix: str
    make: Callable[[Plan, Forecast], bytes]
    what: str
    aliases: tuple[str, ...] = ()


# The formats, in the order help lists them: adding one is an entry here and its module.
REGISTRY: dict[str, Format] = {
    "ics": Format(".ics", _ics, "a calendar", ("ical",)),
    "markdown": Format(".md", _markdown, "a document", ("md",)),
    "html": Format(".html", _html, "a page to print or share", ("htm",)),
    "svg": Format(".svg", _svg, "the timeline as a picture"),
    "answers": Format(".toml", _answers, "your answers, for init --answers"),
}
FORMATS = tuple(REGISTRY)
SUFFIXES = {name: spec.suffix for name, spec in REGISTRY.items()}


def listed() -> str:
    """The formats as help lists them: "ics (a calendar), markdown, ... or answers (...)"."""
    words = [f"{name} ({spec.what})" for name, spec in REGISTRY.items()]
    return ", ".join(words[:-1]) + ", or " + words[-1]


def named(word: str) -> str | None:
    """The format a person means by `word` (its name or an alias, in any case), or None."""
    key = word.strip().lower()
    return next((n for n, f in REGISTRY.items() if key == n or key in f.aliases), None)


def export(fmt: str, plan: Plan, result: Forecast) -> bytes:
    """The plan in format `fmt` (one of FORMATS)."""
    spec = REGISTRY.get(fmt)
    if spec is None:
        raise ValueError(f"no export format {fmt!r}")
    return spec.make(plan, result)
