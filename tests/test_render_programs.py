"""The program and route tables are drawn from the typed routes, and say what the JSON view says."""

from __future__ import annotations

from datetime import date

import pytest
from rich.console import Console, RenderableType

from cmaplan.core.candidates import add
from cmaplan.core.compare import Route, routes
from cmaplan.core.model import Candidate, Program
from cmaplan.core.money import span_text
from cmaplan.core.planner import build_plan
from cmaplan.views.jsonview import program_rows, route_rows
from cmaplan.views.render_programs import ASK, ROWS, comparison_table, routes_table
from tests.conftest import TODAY, make_profile

VALLEY = Candidate(
    "Valley College",
    Program.CERTIFICATE,
    accreditor="CAAHEP",
    months=10,
    starts=(date(2027, 8, 30),),
    cost=12500,
    pass_rate=88.0,
    format="hybrid",
)
METRO = Candidate("Metro Tech", Program.ASSOCIATE, accreditor="Other Body", img_support="yes")


def _routes() -> list[Route]:
    plan = build_plan(make_profile(foreign_medical_degree=True), today=TODAY)
    plan = add(add(plan, VALLEY, TODAY), METRO, TODAY)
    return routes(plan, TODAY)


def _text(renderable: RenderableType, width: int) -> str:
    console = Console(width=width, record=True, color_system=None)
    console.print(renderable)
    return console.export_text()


def test_every_row_is_one_the_json_view_has() -> None:
    programs = program_rows([r for r in _routes() if r.candidate])["programs"]
    assert {row.key for row in ROWS} <= set(programs[0])


@pytest.mark.parametrize("width", [200, 40])
def test_the_program_table_shows_each_known_answer_and_asks_the_rest(width: int) -> None:
    chosen = [r for r in _routes() if r.candidate]
    out = _text(comparison_table(chosen, img=True, part_time=False), width)
    json = program_rows(chosen)
    lines = [" ".join(line.replace("│", " ").split()) for line in out.splitlines()]
    for row in ROWS:
        if row.key == "part_time_months":  # asked of part-time students only
            assert not any(line.startswith(row.label) for line in lines)
            continue
        assert any(line.startswith(row.label) for line in lines), row.label
    assert "$12,500 ★" in out
    assert "88% ★" in out
    assert out.count(ASK) >= 4  # Metro said nothing of its length, cost, pass rate, format
    assert json["best"]["cost"] == ["Valley College"]
    assert "Not accredited by CAAHEP or ABHES: Metro Tech." in " ".join(out.split())
    for program in json["programs"]:
        if program["eligibility"]["reaches_exam"]:
            assert program["first_job"]["expected"] in out
        else:  # Metro: another body, so no exam and no job date, and the table says so
            assert program["first_job"] is None
            assert program["exam"] is None
            flat = " ".join(out.split())
            assert "not Category 1 or 2; Category 4 may remain" in flat
            assert "no CMA job on this route" in flat


def test_support_for_imgs_is_asked_of_imgs_only() -> None:
    chosen = [r for r in _routes() if r.candidate]
    assert "Support for IMGs" in _text(comparison_table(chosen, img=True, part_time=False), 200)
    assert "Support for IMGs" not in _text(
        comparison_table(chosen, img=False, part_time=False), 200
    )


@pytest.mark.parametrize("width", [120, 60])
def test_the_routes_table_says_what_the_json_view_says(width: int) -> None:
    found = _routes()
    out = " ".join(_text(routes_table(found, "First CMA job"), width).split())
    for entry in route_rows(found)["routes"]:
        if entry["first_job"] is None:  # Metro: its route does not reach the exam
            assert entry["eligibility"]["route"] == "none"
            assert entry["costs"]["exam_fee_cents"] is None
            assert "not Category 1 or 2" in out  # a table cell may fold the rest of the words
            continue
        assert entry["first_job"]["expected"] in out
        assert f"{entry['first_job']['earliest']} to {entry['first_job']['latest']}" in out
        costs = entry["costs"]
        known = span_text(costs["known_low_cents"], costs["known_high_cents"])
        lines = costs["unknown_lines"]
        assert (f"{known} + {lines} to fill in" if lines else known) in out
    assert "your plan" in out
