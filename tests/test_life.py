"""A life simulator: people live with their plans for ten years, month by month, and every read
command is run on each day they look at it.

Each person starts from a shipped example (or answers of their own) on a start day, then lives
the plan one of several ways: on time, late, skipping a season, dropping it after month six,
never touching it, failing to renew, passing the exam early. On every visit the simulator runs
status (and --json), timeline (and --json, --all), show for every step, every export, ceu,
program compare and compare, and checks the invariants below, which restate README's promises:

- every command exits as it should (0, or the one sentence a state calls for), never with a
  traceback or an internal error;
- what is late is said to be late: a step past its due day and not done is "overdue" in the
  JSON views and in status' Next list when it is among the first there;
- one truth per date: a step's due day is the same in timeline --json, status --json and show;
- no step is due before a step it waits for;
- the credential expires at the end of the month 60 months after the month of the exam (or of
  the last renewal), and its dates repeat correctly over several renewal periods.

`pytest -m life` runs every person, every way: the JSON views and status every month, everything
every quarter (CI runs it too). The normal suite runs a sample: two people, two ways, the JSON
views every quarter and everything once a year.

Beside the invariants above: a residency application's first season, once passed with the step
open, is said to have passed; at 160 columns the chart has today's ▼ and reaches the year a year
from today.
"""

from __future__ import annotations

import calendar
import itertools
import json
import re
import tomllib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from cmaplan.core.shipped import example_names
from tests.conftest import cli

EXPORTS = ("ics", "markdown", "html", "svg")
YEARS = 10


def month_end(day: date) -> date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def add_months(day: date, months: int) -> date:
    year, month = divmod(day.month - 1 + months, 12)
    year += day.year
    return day.replace(year=year, month=month + 1, day=min(day.day, 28))


@dataclass
class Life:
    """One person's plan file and the days they have lived with it."""

    plan: Path
    today: date
    checked: set[str] = field(default_factory=set)
    renewed: set[int] = field(default_factory=set)  # the numbers of renewals seen
    counted: dict[str, date] = field(default_factory=dict)  # a season's step: its first due day
    studied: dict[int, tuple[Any, ...]] = field(default_factory=dict)  # study weeks seen begun

    def run(self, *args: str, code: int = 0) -> Any:
        return cli(
            *args,
            code=code,
            env={"CMAPLAN_PLAN": str(self.plan), "CMAPLAN_TODAY": self.today.isoformat()},
        )

    def steps(self) -> list[dict[str, Any]]:
        return list(json.loads(self.run("timeline", "--json").stdout)["steps"])

    def timeline(self) -> dict[str, Any]:
        return dict(json.loads(self.run("timeline", "--json").stdout))

    def check(self, step_id: str, on: date) -> None:
        timeline = self.timeline()
        if step_id == "recertify" and timeline["profile"].get("recertify_by", "ce") == "ce":
            earned = min(on, date.fromisoformat(timeline["credential"]["expires"]))
            for area in ("general", "administrative", "clinical"):  # the period's 60 points
                self.run("ceu", "add", "--area", area, "--points", "20", "--title", area,
                         "--on", earned.isoformat())  # fmt: skip
        self.run("check", step_id, "--on", on.isoformat())
        self.checked.add(step_id)


# --- ways of living a plan --------------------------------------------------------------------
# Each is called on every visit with the steps as timeline --json gives them; it marks done what
# this person would have done by today.

Way = Callable[[Life, list[dict[str, Any]], int], None]


def _due_and_ready(
    life: Life, steps: list[dict[str, Any]], late_by: int
) -> Iterator[dict[str, Any]]:
    done = {s["id"] for s in steps if s["done"]}
    for step in steps:
        due = date.fromisoformat(step["due"])
        if step["done"] or (step["id"] == "recertify" and late_by < 0):
            continue
        if (
            all(a in done for a in step["after"])
            and due + timedelta(days=max(late_by, 0)) <= life.today
        ):
            yield step


def on_time(life: Life, steps: list[dict[str, Any]], month: int) -> None:
    """Does each step on its due day (or today, if later), once what it waits for is done."""
    _do(life, steps, late_by=0)


def late(life: Life, steps: list[dict[str, Any]], month: int) -> None:
    """Does each step about two months after it was due."""
    _do(life, steps, late_by=60)


def gives_up(life: Life, steps: list[dict[str, Any]], month: int) -> None:
    """On time for six months, then never opens the plan's steps again (but still looks)."""
    if month <= 6:
        _do(life, steps, late_by=0)


def never(life: Life, steps: list[dict[str, Any]], month: int) -> None:
    """Looks at the plan and never marks anything."""


def no_renewal(life: Life, steps: list[dict[str, Any]], month: int) -> None:
    """On time, but never renews the credential."""
    _do(life, steps, late_by=-1)


def early(life: Life, steps: list[dict[str, Any]], month: int) -> None:
    """On time, but studies fast: applies for and passes the exam the day each can begin."""
    _do(life, steps, late_by=0, soon=frozenset({"exam-prep", "exam-apply", "exam"}))


def skips_a_season(life: Life, steps: list[dict[str, Any]], month: int) -> None:
    """On time, except that nothing is done in the plan's second year."""
    if not 12 < month <= 24:
        _do(life, steps, late_by=0)


def _do(
    life: Life, steps: list[dict[str, Any]], late_by: int, soon: frozenset[str] = frozenset()
) -> None:
    """Marks done, one at a time, what is due (and ready); the `soon` steps on the day they
    can start instead of the day they are due."""
    for _ in range(len(steps)):  # each round may free steps that wait for the last one
        done = {s["id"] for s in steps if s["done"]}
        early_ones = [
            s
            for s in steps
            if s["id"] in soon
            and not s["done"]
            and all(a in done for a in s["after"])
            and date.fromisoformat(s["start"]) <= life.today
        ]
        ready = early_ones or list(_due_and_ready(life, steps, late_by))
        if not ready:
            return
        step = ready[0]
        due = date.fromisoformat(step["due"]) + timedelta(days=max(late_by, 0))
        if step in early_ones:
            due = date.fromisoformat(step["start"])
        life.check(step["id"], min(max(due, date.fromisoformat(step["start"])), life.today))
        steps = life.steps()


WAYS: dict[str, Way] = {
    "on-time": on_time,
    "late": late,
    "gives-up": gives_up,
    "never": never,
    "no-renewal": no_renewal,
    "skips-a-season": skips_a_season,
    "early": early,
}


# --- people of our own, beside the shipped examples ---------------------------------------------
# Answers dated from the day the life starts, and what they do on their first day.

PEOPLE: dict[str, Callable[[date], tuple[str, list[list[str]]]]] = {
    "img-part-time-nursing": lambda day: (
        f"start_date = {day + timedelta(days=30)}\ndiploma = true\nforeign_medical_degree = true\n"
        "transcripts_in_english = true\ncredentials_evaluated = true\n"
        'program = "associate"\npace = "part-time"\ngoal = "nursing"\nstudy_hours = 12\n'
        'state = "NY"\nexperience = "uncertified-ma"\n',
        [],
    ),
    "student-with-intakes": lambda day: (
        f"start_date = {day}\ndiploma = true\nforeign_medical_degree = false\n"
        'program = "certificate"\npace = "full-time"\ngoal = "career"\nexperience = "none"\n',
        [
            [
                "program",
                "add",
                "City College",
                "--type",
                "certificate",
                "--accreditor",
                "ABHES",
                "--months",
                "11",
                *(a for n in (60, 240, 420, 600) for a in ("--starts", str(day + timedelta(n)))),
            ],
            ["program", "choose", "City College"],
        ],
    ),
    "medic-associate-by-exam": lambda day: (
        f"start_date = {day + timedelta(days=14)}\ndiploma = true\nforeign_medical_degree = false\n"
        'program = "associate"\npace = "part-time"\ngoal = "management"\n'
        'experience = "military"\naama_member = true\nrecertify_by = "exam"\n',
        [],
    ),
}


# --- what must hold on every visit ------------------------------------------------------------


def _study_holds(life: Life, steps: dict[str, dict[str, Any]]) -> None:
    """The study plan runs week after week up to the exam and ends with a final review, and a
    week the plan file holds as begun stays as it was written (README, "Studying for the
    exam": each change recorded writes the weeks)."""
    study = json.loads(life.run("study", "--json").stdout)["plan"]
    if study is None:
        assert "exam" not in steps or steps["exam"]["done"] or steps.get("exam-prep") is None
        return
    weeks = study["weeks"]
    assert weeks[-1]["kind"] == "final", life.today
    for before, after in itertools.pairwise(weeks):
        assert date.fromisoformat(after["starts"]) == date.fromisoformat(
            before["ends"]
        ) + timedelta(1)
    shown = {w["number"]: (w["starts"], w["kind"], w["area"], tuple(w["topics"])) for w in weeks}
    if life.studied.get(1, shown[1])[0] != shown[1][0]:  # a study begun anew (the two-year cap)
        life.studied.clear()
    for number, seen in life.studied.items():
        if number in shown and number <= study["begun_weeks"]:
            assert shown[number] == seen, (life.today, number)
    written = tomllib.loads(life.plan.read_text("utf-8")).get("study", {}).get("weeks", [])
    for week in written:
        if week["from"] <= life.today and week["week"] in shown:
            life.studied.setdefault(week["week"], shown[week["week"]])


def look(life: Life, tmp: Path, *, everything: bool) -> None:
    """The read commands, and the invariants between them: the JSON views and status on every
    visit; with `everything`, the other views, show for every step and every export too."""
    timeline = life.timeline()
    steps = {s["id"]: s for s in timeline["steps"]}
    status = json.loads(life.run("status", "--json").stdout)
    life.run("status")
    _study_holds(life, steps)
    if everything:
        life.run("study")
        _chart_follows_today(life)
        life.run("timeline", "--all")
        life.run("compare")
        recorded = bool(tomllib.loads(life.plan.read_text("utf-8")).get("programs"))
        life.run("program", "compare", code=0 if recorded else 64)  # none: one sentence
        for fmt in EXPORTS:
            life.run("export", fmt, "-o", str(tmp / f"plan.{fmt}"))
        certified = steps.get("exam", {}).get("done", False)
        life.run("ceu", code=0 if certified else 64)
    for step in steps.values():
        if not step["done"]:
            _late_is_said(life, step, steps)
            _missed_season_is_said(life, step)
            if everything:
                shown = life.run("show", step["id"]).stdout
                assert step["due"] in shown, (life.today, step["id"], step["due"])  # one truth
        elif everything:
            life.run("show", step["id"])
        for waited in step["after"]:
            before = steps[waited]
            if not step["done"] and not before["done"]:
                assert step["due"] >= before["due"], (life.today, step["id"], waited)
    for item in status["next"]:
        assert item["due"] == steps[item["id"]]["due"], (life.today, item["id"])  # one truth
        if date.fromisoformat(item["due"]) < life.today:
            assert item["status"] == "overdue", (life.today, item)
    _credential_is_right(life, timeline)


def _late_is_said(life: Life, step: dict[str, Any], steps: dict[str, dict[str, Any]]) -> None:
    if date.fromisoformat(step["due"]) < life.today:
        status = "not-needed" if _passed(step, steps) else "overdue"
        assert step["status"] == status, (life.today, step["id"], step["status"])


def _passed(step: dict[str, Any], steps: dict[str, dict[str, Any]]) -> bool:
    """Whether an open step is no longer needed, as README says: every step that waits for it
    is done, or (a step needed before another that does not wait) that step is under way, every
    step it waits for done."""
    followers = [s for s in steps.values() if step["id"] in s["after"]]
    if followers and all(s["done"] for s in followers):
        return True
    later = steps.get(step.get("needed_by") or "")
    return (
        later is not None
        and bool(later["after"])
        and all(steps[a]["done"] for a in later["after"] if a in steps)
    )


def _missed_season_is_said(life: Life, step: dict[str, Any]) -> None:
    """The first application season the plan counted on: once it passed with the step open,
    the step says a season passed (the latest one), or, once the next is close, that one's day:
    never only a later date."""
    if step["id"] != "residency-apply":
        return
    counted = life.counted.setdefault(step["id"], date.fromisoformat(step["due"]))
    if life.today > counted:
        said = ("passed without this step done", "This season's day is")  # or the next, close
        assert any(w.startswith(said) or said[0] in w for w in step["warnings"]), (
            life.today,
            step,
        )


def _chart_follows_today(life: Life) -> None:
    """At a width with bars: today's mark on the axis, and the axis reaching the year a year
    from today (as 2031 or '31)."""
    out = cli(
        "timeline",
        env={"CMAPLAN_PLAN": str(life.plan), "CMAPLAN_TODAY": life.today.isoformat(),
             "COLUMNS": "160"},
    ).stdout  # fmt: skip
    axis = next(line for line in out.splitlines() if line.lstrip().startswith("Step "))
    assert axis.count("▼") == 1, (life.today, axis)
    ahead = (life.today + timedelta(days=365)).year
    assert str(ahead) in axis or f"'{ahead % 100:02d}" in axis, (life.today, axis)


def _credential_is_right(life: Life, timeline: dict[str, Any]) -> None:
    """60 months after the month of the exam, or of the latest renewal since it."""
    credential = timeline["credential"]
    if credential is None:
        return
    certified = date.fromisoformat(credential["certified_on"])
    renewals = tomllib.loads(life.plan.read_text("utf-8")).get("renewals", [])
    since = max([certified, *(r for r in renewals if r > certified)])
    expires = date.fromisoformat(credential["expires"])
    assert expires == month_end(add_months(since, 60)), (life.today, credential, renewals)
    if renewals:
        life.renewed.add(len(renewals))


# --- the people ---------------------------------------------------------------------------------


def live(example: str, way: str, start: date, tmp: Path, *, every: int, full: int) -> Life:
    """`example`'s person, from `start`, living `way` for YEARS years: each month they do what
    the way says; every `every` months they look at the JSON views and status, every `full`
    months at everything."""
    life = Life(tmp / "plan.toml", start)
    if example in PEOPLE:
        answers, first_day = PEOPLE[example](start)
        (tmp / "answers.toml").write_text(answers, encoding="utf-8")
        life.run("init", "--answers", str(tmp / "answers.toml"))
        for command in first_day:
            life.run(*command)
    else:
        life.run("init", "--example", example)
    for month in range(YEARS * 12 + 1):
        life.today = add_months(start, month)
        WAYS[way](life, life.steps(), month)
        if month % every == 0:
            look(life, tmp, everything=month % full == 0)
    return life


SAMPLE = [
    ("img-residency", "on-time"),
    ("high-school-student", "late"),
    ("student-with-intakes", "skips-a-season"),
]
START = date(2026, 11, 26)


@pytest.mark.parametrize(("example", "way"), SAMPLE, ids=["-".join(s) for s in SAMPLE])
@pytest.mark.slow
def test_a_life_in_quarters(example: str, way: str, tmp_path: Path) -> None:
    live(example, way, START, tmp_path, every=3, full=12)


@pytest.mark.life
@pytest.mark.parametrize("way", sorted(WAYS))
@pytest.mark.parametrize("example", [*example_names(), *PEOPLE])
def test_a_life_month_by_month(example: str, way: str, tmp_path: Path) -> None:
    live(example, way, START + timedelta(days=37), tmp_path, every=1, full=3)


def test_the_simulator_sees_a_crash(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A control: the walk fails when a read command fails on some day."""
    from cmaplan.views import render

    real = render.step_view

    def crash_on_milestones(plan: Any, result: Any, step_id: str, program: str = "") -> Any:
        if step_id == "first-job":
            raise UnboundLocalError("Table")
        return real(plan, result, step_id, program)

    monkeypatch.setattr(render, "step_view", crash_on_milestones)
    with pytest.raises(AssertionError, match="show first-job ended with 70"):
        live("img-residency", "never", START, tmp_path, every=12, full=12)


def test_month_arithmetic() -> None:
    assert month_end(date(2028, 2, 3)) == date(2028, 2, 29)
    assert add_months(date(2026, 11, 30), 3) == date(2027, 2, 28)
    assert re.fullmatch(r"\d{4}-\d\d-\d\d", START.isoformat())
