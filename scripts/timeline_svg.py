"""Regenerate docs/timeline.svg, the timeline picture in README.md.

Run from the repository root:  python scripts/timeline_svg.py [OUTPUT]
It draws the img-residency example as it would look on 2027-09-15, with the first steps done
(one of them late), so the picture shows bars, today's marker, an overdue step and the drift.
"""

from __future__ import annotations

import io
import sys
from datetime import date
from pathlib import Path

from rich.console import Console

from cmaplan.core.model import Plan
from cmaplan.core.planner import build_plan, mark
from cmaplan.core.profile import parse_profile
from cmaplan.core.schedule import forecast
from cmaplan.storage.store import read_example
from cmaplan.views.chart import Timeline

ROOT = Path(__file__).resolve().parent.parent
MADE = date(2026, 11, 26)
TODAY = date(2027, 9, 15)
DONE = {
    "choose-program": date(2027, 1, 29),
    "transcripts": date(2027, 3, 22),  # three weeks late: everything after it moves
    "translation": date(2027, 4, 2),
    "credential-eval": date(2027, 5, 3),
}


def demo_plan() -> Plan:
    """The img-residency example nine months in: the plan the README's pictures show."""
    plan = build_plan(parse_profile(read_example("img-residency", MADE)), today=MADE)
    for step_id, day in DONE.items():
        plan = mark(plan, [step_id], done_on=day)
    return plan


def main(output: Path) -> None:
    plan = demo_plan()
    console = Console(
        record=True, width=120, force_terminal=True, color_system="truecolor", file=io.StringIO()
    )
    console.print(Timeline(plan, forecast(plan, TODAY), show_all=True))
    output.write_text(
        console.export_svg(title="cmaplan timeline", unique_id="cmaplan"), encoding="utf-8"
    )


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "timeline.svg")
