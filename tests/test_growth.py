"""What cmaplan writes, cmaplan can read — always (issue 21): a save never makes a file the
reader refuses; the largest plan the commands allow costs every command less than twice a
small plan's time; a plan that cannot be read names the backup that can."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from cmaplan.core import planner, tracking
from cmaplan.core.candidates import (
    MAX_CANDIDATES,
    MAX_NAME,
    MAX_STARTS,
    MAX_TEXT,
    MAX_URL,
    candidates_of,
)
from cmaplan.core.ceu import MAX_CEU_TEXT, MAX_LOG, MAX_PROOF
from cmaplan.core.fields import door_length, stored_length
from cmaplan.core.ledger import CostEntry
from cmaplan.core.model import MAX_NOTE, Area, Ceu, Progress
from cmaplan.core.spending import MAX_COSTS, MAX_WHAT
from cmaplan.storage import store
from cmaplan.storage.files import Files
from tests.conftest import TODAY, cli, make_profile


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


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(today=st.dates(date(2026, 1, 1), date(2040, 12, 31)), ahead=st.integers(2, 60_000))
def test_a_file_that_records_a_day_still_to_come_is_refused(
    plan_path: Path, today: date, ahead: int
) -> None:
    """A hand-edited done_on (or a clock set back) after today, past a day's slack for time
    zones, is one sentence naming the file and the day, on every command; a day of slack and
    today itself are read."""
    now = {"CMAPLAN_TODAY": today.isoformat()}
    for old in plan_path.parent.glob("plan.toml*"):
        old.unlink()  # each example starts afresh (hypothesis shares the fixture)
    cli("init", "--example", "recent-graduate", env=now)
    cli("check", "exam-apply", env=now)
    text = plan_path.read_text()
    mark = f"done_on = {today.isoformat()}"
    assert mark in text
    for slack in (0, 1):
        plan_path.write_text(text.replace(mark, f"done_on = {today + timedelta(days=slack)}"))
        cli("status", env=now)
    later = min(today + timedelta(days=ahead), date(2199, 12, 31))
    plan_path.write_text(text.replace(mark, f"done_on = {later}"))
    before = plan_path.read_bytes()
    for args in (["status"], ["timeline"], ["show", "exam-apply"], ["check", "exam"], ["undo"]):
        line = cli(*args, env=now, code=65).stderr.strip()
        assert line.startswith(f"cmaplan: {plan_path}: the step exam-apply is marked done on "), (
            line
        )
        assert f"{later}, a day that has not come yet (today is {today})" in line, line
        assert plan_path.read_bytes() == before


def test_an_undo_that_would_restore_a_day_still_to_come_is_not_saved(plan_path: Path) -> None:
    """A hand-edited day in the undo stack: `undo` refuses, so the plan it leaves stays read."""
    cli("init", "--example", "recent-graduate")
    cli("check", "exam-apply")
    cli("check", "exam-apply", "--undo")
    text = plan_path.read_text()
    assert f"done_on = {TODAY}" in text
    plan_path.write_text(text.replace(f"done_on = {TODAY}", "done_on = 2199-12-31"))
    before = plan_path.read_bytes()
    line = cli("undo", code=65).stderr.strip()
    assert "marked done on 2199-12-31, a day that has not come yet" in line
    assert line.endswith("nothing was saved.")
    assert plan_path.read_bytes() == before
    cli("status")


def test_a_start_later_than_any_plan_can_start_is_refused(plan_path: Path) -> None:
    """A start_date edited to 2199 would date the plan past the last day the reader takes."""
    cli("init", "--example", "recent-graduate")
    text = plan_path.read_text()
    start = next(line for line in text.splitlines() if line.startswith("start_date = "))
    plan_path.write_text(text.replace(start, "start_date = 2199-12-31"))
    line = cli("status", code=65).stderr.strip()
    assert "start_date = 2199-12-31 is not allowed: it is later than any plan can start" in line
    assert line.endswith("give a day up to 2154-12-31.")


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


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=60))
def test_a_text_s_stored_length_is_what_the_plan_file_writes(text: str) -> None:
    import tomli_w

    written = tomli_w.dumps({"k": text})
    assert stored_length(text) == len(written) - len('k = ""\n')


ESCAPED = ['"', "\\", "\x01", "\x1b", "\x7f", "\r"]


@pytest.mark.parametrize("letter", ESCAPED)
def test_text_that_the_file_escapes_is_refused_past_its_stored_limit(
    plan_path: Path, letter: str
) -> None:
    """A text is held to its limit as the plan file stores it, at every door (note, program,
    CEU), with one sentence and nothing written; up to the limit it is taken."""
    cli("init", "--example", "recent-graduate")
    cli("check", "exam-apply", "exam", "--on", "2026-11-20")
    inside = (MAX_NOTE - 2) // door_length(letter)  # between two letters: nothing to strip
    fits, over = "n" + letter * inside + "n", "n" + letter * (inside + 1) + "n"
    cli("note", "resume", fits)
    before = plan_path.read_bytes()
    add = ["program", "add", "P", "--type", "certificate"]
    refused = [
        ["note", "resume", over],
        ["check", "resume", "--note", over],
        [*add, "--note", over],
        [*add, "--city", "c" + letter * (MAX_TEXT // 2) + "c"],
        ["ceu", "add", "--area", "general", "--points", "1", "--title", "T" + letter * 100 + "T"],
    ]
    if not letter.isspace():  # a name's spaces are made one space
        refused.append([*add[:2], "P" + letter * (MAX_NAME // 2) + "P", *add[3:]])
    for args in refused:
        line = cli(*args, code=64).stderr.strip()
        assert line.startswith("cmaplan: "), line
        assert "characters, where it may have" in line, line
        assert "\n" not in line, line
        assert line.endswith("shorten it."), line
        assert plan_path.read_bytes() == before, args
    cli("timeline")


def test_a_plan_written_before_the_stored_limit_is_still_read(plan_path: Path) -> None:
    """The stored-length limit is the doors': texts an older release let in are read."""
    cli("init", "--example", "recent-graduate")
    cli("program", "add", "P", "--type", "certificate", "--note", "n")
    cli("note", "resume", "n")
    old = "\\u0001" * 400  # 400 characters, 2,400 as stored
    text = plan_path.read_text().replace('note = "n"', f'note = "{old}"')
    assert text.count(old) == 2
    plan_path.write_text(text)
    for args in (["status"], ["timeline"], ["program", "list"], ["show", "resume"]):
        cli(*args)
    cli("check", "resume")
    assert plan_path.read_text().count(old) >= 2


def test_the_commands_keep_the_log_at_its_limit(tmp_path: Path, plan_path: Path) -> None:
    """`ceu import` refuses a file that would take the log past what the commands keep."""
    cli("init", "--example", "recent-graduate")
    cli("check", "exam-apply", "exam", "--on", "2026-11-20")
    sheet = tmp_path / "ceus.csv"
    rows = [f"2026-11-{21 + n % 5},general,1,Course {n},,yes" for n in range(MAX_LOG + 1)]
    sheet.write_text("date,area,points,title,provider,approved\n" + "\n".join(rows) + "\n")
    before = plan_path.read_bytes()
    line = cli("ceu", "import", str(sheet), code=64).stderr.strip()
    assert line == (
        f"cmaplan: the log would hold {MAX_LOG + 1} CEUs; it keeps at most {MAX_LOG}, so "
        f"nothing was added. Import at most {MAX_LOG} rows."
    )  # the reason, and what to do: with an empty log, nothing to remove
    assert plan_path.read_bytes() == before


# --- the largest plan the limits allow -----------------------------------------------------------


def largest_plan(path: Path, letter: str = "") -> None:
    """Every log, list and text at the longest cmaplan's commands accept (the CEU log at what
    `ceu add` and `ceu import` keep), and a full undo stack of changes to the longest notes.
    With `letter`, every text is that character as often as the doors let it be typed (their
    limit counts a quote as ten characters, a control character as twenty)."""

    def long(default: str, limit: int) -> str:
        if not letter:
            return default * limit
        return default + letter * ((limit - 1) // door_length(letter))

    profile = make_profile(
        foreign_medical_degree=True, goal="residency", usmle="step1",
        transcripts_in_english=False, credentials_evaluated=False,
    )  # fmt: skip
    plan = planner.build_plan(profile, today=TODAY)
    proof = "/" + long("p", MAX_PROOF - 1)
    text = long("T", MAX_CEU_TEXT)
    ceus = sorted(
        (
            Ceu(TODAY - timedelta(days=n % 365), list(Area)[n % 3], 0.5, text, text, True, proof)
            for n in range(MAX_LOG)
        ),
        key=lambda c: c.on,
    )
    program = {
        "type": "certificate", "months": 10, "pass_rate": None, "part_time_months": None,
        "cost": None, "format": "", "img_support": "unknown",
        "url": "https://example.org/" + "u" * (MAX_URL - 20), "accreditor": long("a", MAX_TEXT),
        "externship": long("e", MAX_TEXT), "city": long("c", MAX_TEXT), "note": long("z", MAX_NOTE),
    }  # fmt: skip
    programs = candidates_of(
        [
            {
                **program,
                "name": f"N{i:03d}" + (long("n", MAX_NAME - 4) if letter != "\n" else "n"),
                "starts": tuple(TODAY + timedelta(days=30 * k + i) for k in range(MAX_STARTS)),
            }
            for i in range(MAX_CANDIDATES)
        ],
        "test",
    )
    money = tuple(  # issue 23: the most money lines the commands keep, each at its longest
        CostEntry(
            long("w", MAX_WHAT) if letter != "\n" else "w" * MAX_WHAT,
            125050 + n,
            "aid" if n % 5 == 0 else "cost",
            on=TODAY,
        )
        for n in range(MAX_COSTS)
    )
    plan = plan._replace(
        ceus=tuple(ceus),
        costs=money,
        candidates=programs,
        progress={s.id: Progress(note=long("n", MAX_NOTE)) for s in plan.steps},
    )
    for n in range(tracking.UNDO_KEEP * 2):
        step = plan.steps[n % len(plan.steps)].id
        changed = {**plan.progress, step: Progress(note=long("nm"[n % 2], MAX_NOTE))}
        plan = tracking.remember(plan, plan._replace(progress=changed), f"note {n}", TODAY)
    path.parent.mkdir(parents=True, exist_ok=True)
    store.save_plan(Files(), path, plan, TODAY)


def _timed(plan: Path, args: list[str], columns: str = "80") -> float:
    """The processor time one command takes (its own and the system's for it): what the plan's
    size costs, not what other work on the machine does to the wall clock."""
    import resource

    env = {**os.environ, "CMAPLAN_PLAN": str(plan), "CMAPLAN_TODAY": TODAY.isoformat()}
    env["COLUMNS"] = columns
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run(
        [sys.executable, "-m", "cmaplan", *args],
        env=env,
        capture_output=True,
        stdin=subprocess.DEVNULL,
        check=False,
    )
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    assert done.returncode == 0, (args, done.stderr[-300:])
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def _ratio(big: Path, small: Path, args: list[str], runs: int = 7) -> float:
    """The fastest of `runs` on the big plan over the fastest on the small one, the two taking
    turns, so a busy moment of the machine falls on both."""
    bigs, smalls = [], []
    for _ in range(runs):
        bigs.append(_timed(big, args))
        smalls.append(_timed(small, args))
    return min(bigs) / min(smalls)


READS = [["status"], ["timeline"], ["show", "resume"], ["timeline", "--json"], ["program", "list"]]
READS += [["export", "ics"], ["export", "markdown"], ["compare"], ["check", "resume"]]


@pytest.mark.slow
@pytest.mark.parametrize("letter", ["", '"', "\\", "\n", "\x01", "\x1b", "中", "😀"])
def test_the_largest_plan_the_limits_allow_is_read_within_twice_a_small_ones_time(
    tmp_path: Path, letter: str
) -> None:
    small, big = tmp_path / "small" / "plan.toml", tmp_path / "big" / "plan.toml"
    cli("init", "--example", "img-residency", env={"CMAPLAN_PLAN": str(small)})
    largest_plan(big, letter)
    # four bytes a character (an emoji) still fit the reader's limit with room for undo
    assert big.stat().st_size < store.MAX_PLAN_BYTES * (0.7 if letter else 0.5)
    slow = []
    for args in READS:
        ratio = _ratio(big, small, args)
        if ratio >= 2:
            slow.append((args, round(ratio, 2)))
    assert not slow, slow


@pytest.mark.slow
@pytest.mark.parametrize("columns", ["20", "100000"])
def test_no_terminal_width_makes_a_command_on_the_largest_plan_slow(
    tmp_path: Path, columns: str
) -> None:
    """A table measured cell by cell took `ceu list` 6.8 s at 20 columns, and a 100,000-column
    layout took `timeline` 5.6 s: the time must follow what is printed, not the width."""
    big = tmp_path / "big" / "plan.toml"
    largest_plan(big)
    slow = []
    for args in (["ceu", "list"], ["timeline"], ["status"], ["program", "list"], ["compare"]):
        odd = min(_timed(big, args, columns) for _ in range(5))
        usual = min(_timed(big, args) for _ in range(5))
        if odd >= 2 * usual:
            slow.append((args, round(odd / usual, 2)))
    assert not slow, slow


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
    elapsed, when = 0, start
    for index, later in line:  # days pass in order, as they do for a person
        elapsed += later
        when = {"CMAPLAN_TODAY": _later(day, elapsed)}
        cli(*COMMANDS[index], env=when, code=None)  # refused or done, never a crash
        cli("status", "--json", env=when)
    for args in (["timeline"], ["ceu", "list"], ["export", "markdown"], ["program", "list"]):
        cli(*args, env=when, code=None if args[0] == "ceu" else 0)


def _later(day: str, days: int) -> str:
    from datetime import date

    moved = date.fromisoformat(day) + timedelta(days=days)
    return min(moved, date(2149, 12, 31)).isoformat()
