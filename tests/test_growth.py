"""What cmaplan writes, cmaplan can read — always (issue 21): a save never makes a file the
reader refuses, and a plan that cannot be read names the backup that can."""

from __future__ import annotations

import tomllib
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from cmaplan.core.candidates import (
    MAX_URL,
)
from cmaplan.core.model import MAX_PROOF
from cmaplan.storage import store
from tests.conftest import cli


def _noted(plan_path: Path, count: int) -> None:
    """A plan with `count` long notes changed, each change kept for undo."""
    cli("init", "--example", "img-residency")
    steps = [s["id"] for s in tomllib.loads(plan_path.read_text())["steps"]]
    for n in range(count):
        cli("note", steps[n % len(steps)], f"{n} " + "words " * 300)


def test_a_save_past_the_limit_gives_up_the_oldest_undo_with_a_word(
    plan_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _noted(plan_path, 12)
    size = plan_path.stat().st_size
    monkeypatch.setattr(store, "MAX_PLAN_BYTES", size + 1_000)  # the next long note passes it
    result = cli("note", "resume", "x " * 900)
    assert "cmaplan undo can no longer take back the oldest" in result.stderr
    assert plan_path.stat().st_size <= store.MAX_PLAN_BYTES
    kept = len(tomllib.loads(plan_path.read_text())["undo"])
    assert 0 < kept < 13
    for _ in range(kept):  # every change still kept can be taken back, and each file read
        cli("undo")
        cli("status")
    cli("undo", code=64)


def test_a_change_that_cannot_fit_is_refused_and_the_plan_is_untouched(
    plan_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cli("init", "--example", "img-residency")
    before = plan_path.read_bytes()
    monkeypatch.setattr(store, "MAX_PLAN_BYTES", len(before) + 500)
    result = cli("note", "resume", "long " * 300, code=65)
    line = result.stderr.strip()
    assert line.startswith("cmaplan: this change was not saved: it would make")
    assert "cmaplan ceu remove N" in line
    assert "\n" not in line
    assert plan_path.read_bytes() == before


def test_a_plan_that_cannot_be_read_names_its_readable_backup(plan_path: Path) -> None:
    cli("init", "--example", "recent-graduate")
    cli("check", "resume")
    plan_path.write_text(plan_path.read_text().replace("schema = 2", "schema = 2\nschema = 2"))
    line = cli("status", code=65).stderr.strip()
    backup = f"{plan_path}.bak"
    assert f"Its backup {backup}, the plan before its last change, can be read" in line
    assert f"`cmaplan --plan {backup} status` shows it" in line
    assert "Took back" not in cli("--plan", backup, "status").stdout
    plan_path.write_text("")
    Path(backup).write_text("not a plan")
    assert "backup" not in cli("status", code=65).stderr.split(".")[1:2]


def test_days_stay_in_the_range_the_reader_takes(plan_path: Path) -> None:
    """`yesterday` on the first day cmaplan knows, and a today so late that the plan's own
    dates would pass the last day, are refused before anything is written."""
    early = {"CMAPLAN_TODAY": "1950-01-01"}
    cli("init", "--example", "img-residency", env=early)
    before = plan_path.read_bytes()
    line = cli("check", "transcripts", "--on", "yesterday", env=early, code=64).stderr
    assert line.strip() == "cmaplan: --on yesterday is 1949-12-31, before 1950-01-01."
    assert plan_path.read_bytes() == before
    late = cli("status", env={"CMAPLAN_TODAY": "2150-01-01"}, code=64).stderr
    assert "it plans from days up to 2149-12-31; set CMAPLAN_TODAY to one of them" in late
    last = {"CMAPLAN_TODAY": "2149-12-31"}
    cli("init", "--example", "img-residency", "--force", env=last)
    cli("check", "transcripts", env=last)
    cli("timeline", "--json", env=last)  # what it wrote, it reads


def test_long_proofs_and_web_addresses_are_refused_in_one_sentence(
    plan_path: Path, tmp_path: Path
) -> None:
    cli("init", "--example", "recent-graduate")
    long_url = "https://example.org/" + "u" * MAX_URL
    line = cli("program", "add", "Z", "--type", "certificate", "--url", long_url, code=64).stderr
    assert line.strip() == f"cmaplan: --url is {len(long_url):,} characters long: keep it to 2,048."
    cli("check", "exam-apply", "exam", "--on", "2026-11-20")
    deep = tmp_path / ("d" * 200) / ("e" * 200) / ("f" * 120)
    deep.mkdir(parents=True)
    proof = deep / "certificate.pdf"
    proof.write_bytes(b"%PDF")
    args = ["ceu", "add", "--area", "general", "--points", "1", "--title", "T"]
    line = cli(*args, "--proof", str(proof), code=64).stderr.strip()
    assert line == f"cmaplan: the proof's path must be at most {MAX_PROOF} characters."


# --- any accepted commands leave a plan every command reads ------------------------------------

COMMANDS = [
    ["check", "transcripts"],
    ["check", "transcripts", "--undo"],
    ["check", "choose-program", "transcripts.1"],
    ["check", "exam-apply", "exam", "--on", "yesterday"],
    ["note", "resume", "a note [b]old \x1b[31m"],
    ["note", "resume", ""],
    ["undo"],
    ["program", "add", "Valley", "--type", "certificate", "--months", "10"],
    ["program", "choose", "Valley"],
    ["program", "remove", "Valley"],
    ["ceu", "add", "--area", "general", "--points", "1.5", "--title", "Ethics", "--on", "today"],
    ["ceu", "remove", "1"],
    ["recertify", "--by", "exam"],
    ["check", "recertify", "--on", "today"],
    ["init", "--example", "high-school-student", "--force"],
]
DAYS = st.sampled_from(["1950-01-01", "1950-01-02", "2026-12-03", "2031-06-30", "2149-12-31"])


@pytest.mark.slow
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    day=DAYS,
    line=st.lists(
        st.tuples(st.sampled_from(range(len(COMMANDS))), st.sampled_from([0, 1, 45, 400])),
        max_size=12,
    ),
)
@example(day="1950-01-01", line=[(3, 0)])  # yesterday on the first day cmaplan knows
@example(day="2149-12-31", line=[(0, 0), (7, 0), (8, 0), (3, 0), (12, 0), (13, 0)])
@example(day="2026-12-03", line=[(4, 0), (4, 1), (6, 0), (6, 0), (14, 0), (6, 0)])
def test_any_accepted_commands_leave_a_plan_every_command_reads(
    plan_path: Path, day: str, line: list[tuple[int, int]]
) -> None:
    for old in plan_path.parent.glob(plan_path.name + "*"):  # each example's own plan
        old.unlink()
    start = {"CMAPLAN_TODAY": day}
    cli("init", "--example", "img-residency", env=start, code=None)
    if not plan_path.exists():
        return  # an example that cannot be made on that day (refused in one sentence)
    for index, later in line:
        when = {"CMAPLAN_TODAY": _later(day, later)}
        cli(*COMMANDS[index], env=when, code=None)  # refused or done, never a crash
        cli("status", "--json", env=when)
    for args in (["timeline"], ["ceu", "list"], ["export", "markdown"], ["program", "list"]):
        cli(*args, env={"CMAPLAN_TODAY": day}, code=None if args[0] == "ceu" else 0)


def _later(day: str, days: int) -> str:
    from datetime import date

    moved = date.fromisoformat(day) + timedelta(days=days)
    return min(moved, date(2149, 12, 31)).isoformat()
