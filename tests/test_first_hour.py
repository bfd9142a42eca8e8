"""The first hour with cmaplan, as a newcomer meets it (issue 9): hints that work as written,
output that is never cut, one style of error, undo, completion, and names people type."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pexpect
import pytest
from typer.testing import CliRunner, Result

from tests.conftest import EXAMPLES, TODAY, cli, finish, spawn_cmaplan

runner = CliRunner()
POSIX = pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX")


def run(*args: str, env: dict[str, str] | None = None, code: int = 0) -> Result:
    """cmaplan ARGS; the test fails unless it exits with `code` (conftest.cli)."""
    return cli(*args, code=code, env=env)


def one_line(result: Result, code: int) -> str:
    assert result.exit_code == code, (result.stdout, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("cmaplan: ")
    assert "Traceback" not in result.stderr
    assert "╭" not in result.stderr  # no boxed panel
    return lines[0]


def init(example: str = "img-residency", *extra: str) -> Result:
    result = run("init", "--example", example, *extra)
    assert result.exit_code == 0, result.stderr
    return result


# --- 1. Hints work exactly as written ---------------------------------------------------------


def test_hints_repeat_the_plan_option_the_user_typed(tmp_path: Path) -> None:
    plan = tmp_path / "demo plan.toml"
    out = run("--plan", str(plan), "init", "--example", "img-residency").stdout
    assert f"`cmaplan --plan '{plan}' timeline`" in out
    error = one_line(run("--plan", str(plan), "check", "transcrpts", code=64), 64)
    assert f"`cmaplan --plan '{plan}' timeline` lists the ids" in error
    missing = one_line(run("--plan", str(tmp_path / "none.toml"), "status", code=66), 66)
    assert f"`cmaplan --plan {tmp_path / 'none.toml'} init`" in missing


def test_hints_stay_short_when_the_plan_comes_from_the_environment() -> None:
    assert "See it with `cmaplan timeline`" in init().stdout


# --- 2. Overdue steps say when they were due and how late they are -----------------------------


def test_an_overdue_step_shows_its_due_date_and_lateness_once() -> None:
    init()
    late = {"CMAPLAN_TODAY": "2027-06-01", "COLUMNS": "140"}
    out = run("status", env=late).stdout
    assert "due 2027-03-01, 92 days late" in out
    assert out.count("Request official transcripts") == 1
    assert "due today" not in out
    timeline = run("timeline", "--phase", "prepare", env=late).stdout
    row = next(line for line in timeline.splitlines() if "transcripts" in line)
    assert "2027-03-01" in row
    assert "2027-06-01" not in row


# --- 3. Output to a file or a pipe is never cut -----------------------------------------------


def _assert_nothing_cut(out: str, titles: list[str], ids: list[str]) -> None:
    assert "…" not in out
    words = set(out.split())
    for step_id in ids:
        assert step_id in words, step_id
    for title in titles:
        for word in title.split():
            assert word in words, (title, word)


@pytest.mark.parametrize("columns", ["20", "45", "50", "60", "72", "77", "100", "140"])
@pytest.mark.parametrize("command", ["timeline", "status"])
def test_output_to_a_file_is_never_cut(command: str, columns: str) -> None:
    init("high-school-student")  # the longest Takes: "until 2027-06-11"
    run("check", "volunteer.1")
    data = json.loads(run("timeline", "--json").stdout)
    late = {"COLUMNS": columns, "CMAPLAN_TODAY": "2027-06-20"}  # overdue steps too
    out = run(command, env=late).stdout
    assert max(len(line) for line in out.splitlines()) <= int(columns)
    assert all(line == line.rstrip() for line in out.splitlines())  # no padding to the width
    steps = data["steps"] if command == "timeline" else []
    _assert_nothing_cut(out, [s["title"] for s in steps], [s["id"] for s in steps])
    for day in re.findall(r"\b\d{4}-[\d-]*", out):
        assert re.fullmatch(r"\d{4}-\d\d-\d\d", day), day  # no date split over two lines
    if command == "timeline" and columns == "140":
        for step in steps:  # room enough: every title on one line
            assert step["title"] in out, step["title"]


def test_output_through_a_real_pipe_is_never_cut(tmp_path: Path) -> None:
    plan = tmp_path / "plan.toml"
    env = {**os.environ, "CMAPLAN_PLAN": str(plan)}
    env.pop("COLUMNS", None)
    subprocess.run(
        [sys.executable, "-m", "cmaplan", "init", "--example", "img-residency"], env=env, check=True
    )
    out = subprocess.run(
        [sys.executable, "-m", "cmaplan", "timeline"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    data = json.loads(
        subprocess.run(
            [sys.executable, "-m", "cmaplan", "timeline", "--json"],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    )
    steps = data["steps"]
    _assert_nothing_cut(out, [s["title"] for s in steps], [s["id"] for s in steps])
    assert "\x1b[" not in out


# --- 4. A big change asks first; undo takes changes back ---------------------------------------


def test_undo_walks_back_through_checks_notes_and_new_answers(plan_path: Path) -> None:
    init()
    original = tomllib.loads(plan_path.read_text())
    assert run("check", "transcripts", "translation").exit_code == 0
    assert run("note", "transcripts", "two copies").exit_code == 0
    assert run("check", "transcripts.1").exit_code == 0
    assert run("init", "--example", "undecided-cna", "--force").exit_code == 0
    assert "transcripts" not in {s["id"] for s in tomllib.loads(plan_path.read_text())["steps"]}

    said = run("undo").stdout
    assert "Took back: the new answers of cmaplan init." in said
    steps = {s["id"]: s for s in tomllib.loads(plan_path.read_text())["steps"]}
    assert steps["transcripts"]["note"] == "two copies"  # the old plan, with its progress
    assert "Took back: Ticked transcripts.1." in run("undo").stdout
    assert "Took back: Saved the note on transcripts." in run("undo").stdout
    said = run("undo").stdout
    assert "Marked transcripts done" in said
    assert "Marked translation done" in said
    doc = tomllib.loads(plan_path.read_text())
    assert doc["profile"] == original["profile"]
    assert not any(s["done"] or s.get("note") for s in doc["steps"])
    assert "history" not in doc
    one_line(run("undo", code=64), 64)


@POSIX
def test_the_picker_asks_before_marking_many_steps(tmp_path: Path) -> None:
    plan = tmp_path / "plan.toml"
    on = {"CMAPLAN_PLAN": str(plan), "CMAPLAN_TODAY": "2027-01-10"}
    cli("init", "--example", "img-residency", env=on)
    child = spawn_cmaplan(plan, "2027-01-10", "check")
    child.expect_exact("Tick what you have done")
    child.send("a")  # questionary: toggle everything
    child.send("\r")
    child.expect_exact("whole steps:")
    child.expect_exact("Mark all")
    child.send("n")
    child.expect_exact("Nothing changed.")
    assert finish(child) == 0
    doc = tomllib.loads(plan.read_text())
    assert not any(s["done"] for s in doc["steps"])
    assert not any(s.get("ticked") for s in doc["steps"])


# --- 5. Ctrl-D cancels like Ctrl-C -------------------------------------------------------------


@POSIX
@pytest.mark.parametrize("at", ["text", "confirm", "select"])
def test_ctrl_d_cancels_the_interview(tmp_path: Path, at: str) -> None:
    plan = tmp_path / "plan.toml"
    child = spawn_cmaplan(plan, TODAY.isoformat(), "init")
    child.expect_exact("What name should your plan show?")
    if at != "text":
        child.send("Sam\r")
        child.expect_exact("Did you earn a medical degree outside the US?")
        if at == "select":
            child.send("n")
            child.expect_exact("Do you have a high-school diploma")
            child.send("y")
            child.expect_exact("Have you worked in healthcare?")
    child.send("\x04")
    child.expect_exact("cmaplan: interrupted; nothing was changed.")
    assert finish(child) == 130
    assert list(tmp_path.iterdir()) == []


@POSIX
def test_ctrl_d_cancels_the_picker(tmp_path: Path) -> None:
    plan = tmp_path / "plan.toml"
    on = {"CMAPLAN_PLAN": str(plan), "CMAPLAN_TODAY": "2027-01-10"}
    cli("init", "--example", "img-residency", env=on)
    before = plan.read_bytes()
    child = spawn_cmaplan(plan, "2027-01-10", "check")
    child.expect_exact("Tick what you have done")
    child.send("\x04")
    child.expect_exact("nothing was changed")
    assert finish(child) == 130
    assert plan.read_bytes() == before


# --- 6. One style of error; cmaplan alone; help ---------------------------------------------


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["timline"], 'there is no command "timline"; did you mean "timeline"?'),
        (["check", "--onn", "x"], "has no option --onn; did you mean --on?"),
        (["show"], "`cmaplan show` needs ID"),
        (["status", "--jsn"], "did you mean --json?"),
        (["init", "--example"], "--example"),
        (["completion", "tcsh"], 'not "tcsh"'),
        (
            ["program", "add", "X", "--accredited", "caahep"],
            "`cmaplan program add` has no option --accredited; did you mean --accreditor?",
        ),
        (["ceu", "add", "--pointz", "2"], "`cmaplan ceu add` has no option --pointz"),
        (["program", "remove"], "`cmaplan program remove` needs NAME"),
    ],
)
def test_usage_errors_are_one_sentence(args: list[str], words: str) -> None:
    code = 2 if args[0] != "completion" else 64
    line = one_line(run(*args, code=code), code)
    assert words in line


def test_cmaplan_alone_shows_a_guide_then_the_status(plan_path: Path) -> None:
    guide = run()
    assert guide.exit_code == 0
    assert "You have no plan yet" in guide.stdout
    assert "cmaplan init --example NAME" in guide.stdout
    assert not plan_path.parent.exists()
    init()
    status = run()
    assert status.exit_code == 0
    assert "Next" in status.stdout
    assert "Plan file:" in status.stdout


def test_help_and_help_command_use_the_projects_metavars() -> None:
    top = run("help")
    assert top.exit_code == 0
    assert top.stdout == run("--help").stdout
    for command in ("init", "status", "timeline", "show", "check", "note", "undo", "completion"):
        text = run("help", command).stdout
        assert text == run(command, "--help").stdout, command
        assert "<" not in text
        assert "{" not in text
    assert "--on DATE" in run("help", "check").stdout
    assert "--plan FILE" in top.stdout
    assert "--answers FILE" in run("help", "init").stdout
    one_line(
        run("help", "chek", code=2), 2
    )  # an unknown command is a usage error, like `cmaplan chek`


# --- 7. Shell completion ------------------------------------------------------------------------


def _bash(script: str, plan: Path) -> str:
    bin_dir = str(Path(sys.executable).parent)
    env = {
        **os.environ,
        "PATH": bin_dir + os.pathsep + os.environ["PATH"],
        "CMAPLAN_PLAN": str(plan),
    }
    result = subprocess.run(["bash", "-c", script], capture_output=True, text=True, env=env)
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.mark.skipif(shutil.which("bash") is None, reason="bash is not installed")
@pytest.mark.skipif(
    shutil.which("cmaplan", path=str(Path(sys.executable).parent)) is None,
    reason="the cmaplan script is not installed beside this Python",
)
def test_bash_completion_completes_commands_options_ids_and_phases(plan_path: Path) -> None:
    init()

    def complete(*words: str) -> list[str]:
        line = " ".join(words)
        script = (
            "source <(cmaplan completion bash) && complete -p cmaplan && "
            f"COMP_WORDS=({line}) && COMP_CWORD={len(words) - 1} && "
            '_cmaplan_completion cmaplan && printf "%s\\n" "${COMPREPLY[@]}"'
        )
        out = _bash(script, plan_path).splitlines()
        assert out[0].startswith("complete ")  # the script registered itself
        return out[1:]

    assert "show" in complete("cmaplan", "sh")
    assert "status" in complete("cmaplan", "st")
    assert set(complete("cmaplan", "show", "tra")) == {"transcripts", "translation"}
    assert "--note" in complete("cmaplan", "check", "--n")
    assert complete("cmaplan", "timeline", "--phase", "pr") == ["prepare", "program"]
    assert "exam-apply" in complete("cmaplan", "check", "exam-")


@pytest.mark.parametrize(("shell", "words"), [("zsh", "compdef"), ("fish", "complete --command")])
def test_zsh_and_fish_scripts(shell: str, words: str) -> None:
    result = run("completion", shell)
    assert result.exit_code == 0
    assert words in result.stdout
    assert "_CMAPLAN_COMPLETE" in result.stdout


@pytest.mark.parametrize("place", ["x", "", "1.5", "-1", " 1", "1_0", "٣", "9" * 30])
def test_completion_whose_place_is_not_a_number_completes_nothing(place: str) -> None:
    """bash's COMP_CWORD is the number of the word to complete; anything else completes
    nothing, quietly (it was a traceback once, then a silent exit 1)."""
    env = {"_CMAPLAN_COMPLETE": "complete_bash", "COMP_WORDS": "cmaplan sh", "COMP_CWORD": place}
    result = run(env=env)
    assert (result.stdout, result.stderr) == ("", "")
    assert run(env={**env, "COMP_CWORD": "1"}).stdout.split() == ["show"]


def test_completion_without_the_line_completes_nothing() -> None:
    result = run(env={"_CMAPLAN_COMPLETE": "complete_bash", "COMP_CWORD": "1"})
    assert (result.stdout, result.stderr) == ("", "")


@pytest.mark.parametrize("asked", ["bogus", "complete_tcsh", "bash_complete", "complete_bash\n"])
def test_a_completion_request_no_script_makes_is_one_sentence(asked: str) -> None:
    """click said "Shell tcsh not supported." (no `cmaplan:`) and exited 1."""
    result = run(
        env={"_CMAPLAN_COMPLETE": asked, "COMP_WORDS": "cmaplan ", "COMP_CWORD": "1"}, code=2
    )
    line = one_line(result, 2)
    assert line.startswith("cmaplan: _CMAPLAN_COMPLETE=")
    assert "complete_SHELL or source_SHELL" in line
    assert "`cmaplan completion SHELL` prints the script that sets it." in line
    assert result.stdout == ""


def test_the_script_completes_nothing_for_a_malformed_place(plan_path: Path) -> None:
    """The same through the installed script, in a process of its own."""
    env = {**os.environ, "_CMAPLAN_COMPLETE": "complete_bash", "COMP_WORDS": "cmaplan sh"}
    done = subprocess.run(
        [sys.executable, "-m", "cmaplan"],
        env={**env, "COMP_CWORD": "x"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")


# --- 8. Names people type ----------------------------------------------------------------------


def test_ids_and_phases_are_matched_in_any_case_and_by_heading() -> None:
    init()
    assert "Marked transcripts done" in run("check", "TRANSCRIPTS").stdout
    assert run("show", "Transcripts").exit_code == 0
    out = run("timeline", "--phase", "get ready", "--phase", "EXAM", env={"COLUMNS": "140"}).stdout
    assert "transcripts" in out
    assert "exam-apply" in out
    assert "coursework" not in out


@pytest.mark.parametrize(
    ("typed", "suggested", "not_suggested"),
    [
        ("transcrpts", ["transcripts"], ["externship", "translation"]),
        ("exam-aply", ["exam-apply"], ["resume"]),
        ("job", ["job-search", "first-job"], ["usmle"]),
    ],
)
def test_suggestions_come_from_ids_that_look_alike(
    typed: str, suggested: list[str], not_suggested: list[str]
) -> None:
    init()
    line = one_line(run("show", typed, code=64), 64)
    for step_id in suggested:
        assert f'"{step_id}"' in line
    for step_id in not_suggested:
        assert f'"{step_id}"' not in line


# --- 9. Words in show --------------------------------------------------------------------------


def test_show_says_waits_for_and_needed_by_and_one_date_for_an_equal_range() -> None:
    init("recent-graduate")
    assert run("check", "exam-apply", "--on", "2026-11-20").exit_code == 0
    out = run("show", "exam-prep", env={"COLUMNS": "140"}).stdout
    assert "After:" not in out
    assert "Before:" not in out
    assert "Needed by" in out
    out = run("show", "exam", env={"COLUMNS": "140"}).stdout
    assert re.search(r"Waits for\s+exam-apply", out)
    start_line = run("show", "resume", env={"COLUMNS": "140"}).stdout
    assert "between" in start_line or " on " in start_line
    late = run("show", "resume", env={"COLUMNS": "140", "CMAPLAN_TODAY": "2027-06-01"}).stdout
    assert "forecast to finish on 2027-06-01" in late  # earliest == latest: one date


# --- 10. Examples ship with the package ---------------------------------------------------------


def test_examples_are_installed_and_listed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # nowhere near the repository
    assert "img-residency" in run("init", "--help").stdout
    init("military-medic")
    line = one_line(run("init", "--example", "militray-medic", "--force", code=64), 64)
    assert 'did you mean "military-medic"' in line.lower()
    one_line(run("init", "--example", "x", "--answers", "y.toml", code=64), 64)


EXAMPLE_DAYS = ["2026-11-26", "2027-06-12", "2028-02-29", "2031-01-01", "2036-11-30"]


@pytest.mark.parametrize("day", EXAMPLE_DAYS)
def test_every_example_makes_a_valid_plan_on_any_day(day: str, plan_path: Path) -> None:
    """The examples describe people relative to the day they are used (2027-06-12 is the day
    after the high-school example's fixed diploma date, which once made it exit 65)."""
    from datetime import date

    from cmaplan.core.shipped import example_names

    today = date.fromisoformat(day)
    for name in example_names():
        run("init", "--example", name, "--force", env={"CMAPLAN_TODAY": day})
        answers = tomllib.loads(plan_path.read_text())["profile"]
        start = answers["start_date"]
        assert 0 <= (start - today).days <= 120, (name, start)  # a few weeks or months ahead
        if "diploma_by" in answers:
            assert answers["diploma_by"] > today
        if "graduated_on" in answers:
            assert answers["graduated_on"] < today
        run("status", env={"CMAPLAN_TODAY": day})


# --- 11. A failed command changes nothing on disk --------------------------------------------


@pytest.mark.parametrize(
    "args", [["check", "transcripts"], ["note", "transcripts", "x"], ["undo"], ["check"]]
)
def test_commands_before_any_plan_leave_no_files(args: list[str], plan_path: Path) -> None:
    one_line(run(*args, code=66), 66)
    assert not plan_path.parent.exists()


def test_the_most_specific_error_wins(plan_path: Path, tmp_path: Path) -> None:
    init()
    before = plan_path.read_bytes()
    line = one_line(run("init", "--answers", str(tmp_path / "missing.toml"), code=66), 66)
    assert "no answers file" in line
    assert plan_path.read_bytes() == before


# --- 12. Messages a non-programmer can act on --------------------------------------------------


def test_a_quoted_date_says_to_remove_the_quotes(tmp_path: Path) -> None:
    answers = tmp_path / "a.toml"
    text = (EXAMPLES / "military-medic.toml").read_text()
    answers.write_text(re.sub(r"start_date = (\S+)", r'start_date = "\1"', text))
    line = one_line(run("init", "--answers", str(answers), code=65), 65)
    assert "without quotes" in line


@pytest.mark.parametrize(("word", "day"), [("today", "2026-11-26"), ("Yesterday", "2026-11-25")])
def test_on_accepts_today_and_yesterday(word: str, day: str) -> None:
    init()
    assert f"Marked transcripts done on {day}." in run("check", "transcripts", "--on", word).stdout


# --- 13. The timeline picture -------------------------------------------------------------------


def test_timeline_rows_are_in_date_order_and_marks_are_distinct() -> None:
    init()
    out = run("timeline", env={"COLUMNS": "160"}).stdout
    data = json.loads(run("timeline", "--json").stdout)
    start = {s["id"]: s["due"] for s in data["steps"]}  # rows come by the day each is due
    phase_of = {s["id"]: s["phase"] for s in data["steps"]}
    rows: list[str] = []  # the id column of each row: the last word of the row that is an id
    for line in out.splitlines():
        found = [word for word in line.split() if word in start]
        # a step's row, not a heading or the goal's "Next for it" line under the chart
        if found and re.search(r"\d{4}-\d\d-\d\d", line) and not line.startswith("Next"):
            rows.append(found[-1])
    for phase in set(phase_of.values()):
        starts = [start[i] for i in rows if phase_of[i] == phase]
        assert starts == sorted(starts), phase
    assert "┄" in out  # the latest possible end has its own mark
    recert = next(line for line in out.splitlines() if " recertify " in line)
    assert "⚑" in recert or "→" in recert  # a deadline, not five years of bar
    assert "░░░░░░" not in recert
    header = out.splitlines()[2]
    assert re.search(r"\bQ[234]\b|\b(Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\b", header)


# --- 14. The interview at 60 columns ------------------------------------------------------------


@POSIX
def test_the_interview_at_60_columns_wraps_words_and_gives_reasons_beside_questions(
    tmp_path: Path,
) -> None:
    env = {
        **{k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")},
        "CMAPLAN_PLAN": str(tmp_path / "plan.toml"),
        "CMAPLAN_TODAY": TODAY.isoformat(),
        "TERM": "xterm",
        "NO_COLOR": "1",
        "PROMPT_TOOLKIT_NO_CPR": "1",
    }
    child: Any = pexpect.spawn(
        sys.executable,
        ["-m", "cmaplan", "init"],
        env=env,
        encoding="utf-8",
        timeout=20,
        dimensions=(40, 60),
    )
    child.expect_exact("What name should your plan show?")
    child.send("\r")
    child.expect_exact("Did you earn a medical degree")
    child.send("n")
    child.expect(
        r"Do you have a high-school diploma or a GED \(or the(?:\s|\x1b\[[\d;]*m)+equivalent"
    )
    child.send("n")
    child.expect_exact("When do you expect your diploma")
    child.send("2027-02-30\r")
    child.expect(r"2027-02-30(?:\s|\x1b\[\d*C)+is(?:\s|\x1b\[\d*C)+not")
    child.send("\x15" + "2027-06-11\r")
    child.expect_exact("Your date of birth?")
    child.send("\r")  # optional: left empty
    child.expect_exact("Have you worked in healthcare?")
    for _ in range(5):  # experience, goal, program, pace, hours: the defaults
        child.send("\r")
    child.expect_exact("On what day can you start?")
    child.expect_exact("2027-06-11")  # the default follows the diploma
    child.send("\x03")
    assert finish(child) == 130


# --- 15. status --json --------------------------------------------------------------------------


def test_status_json_is_the_daily_view_as_one_object(plan_path: Path) -> None:
    init()
    run("check", "transcripts")
    data = json.loads(run("status", "--json", env={"CMAPLAN_TODAY": "2027-06-01"}).stdout)
    assert list(data) == [
        "schema",
        "plan",
        "today",
        "name",
        "program",
        "done",
        "total",
        "percent",
        "starts_on",
        "next",
        "warnings",
        "finish",
        "goal",
        "notes",
        "study_this_week",
        "next_payment",
        "credential",
        "eligibility",
    ]
    assert data["study_this_week"] is None  # the study for the exam is a year ahead
    assert data["next_payment"].startswith("Next payment: ")  # the first cost ahead (issue 23)
    assert data["eligibility"]["route"] == "standard"  # the accredited program it assumes
    assert data["goal"]["step"] == "residency-start"  # her goal beyond the first job
    assert data["done"] == 1
    assert data["next"][0]["status"] == "overdue"
    assert data["next"][0]["days_late"] > 0
    assert data["finish"]["label"] == "First CMA job"
    with_history = json.loads(run("status", "--json", "--history").stdout)
    assert with_history["history"][0]["action"] == "done"


def test_every_usage_line_names_arguments_as_their_help_does() -> None:
    """`cmaplan program add [OPTIONS] NAME`, never `{NAME}`, for subcommands too."""
    for args in (["show"], ["program", "add"], ["program", "remove"], ["ceu", "remove"]):
        usage = run(*args, "--help").stdout.splitlines()[0]
        assert usage.startswith(f"Usage: cmaplan {' '.join(args)}")
        assert "{" not in usage, usage


@pytest.mark.parametrize("group", ["ceu", "program"])
def test_a_groups_help_lists_each_command_whole(group: str) -> None:
    """click cuts a command's summary with '...' at the terminal's width; cmaplan wraps it."""
    out = run(group, "--help", env={"COLUMNS": "60"}).stdout
    commands = out[out.index("Commands:") :]
    assert "..." not in commands
    assert " ".join(commands.split()).count(".") >= 4  # each summary ends its sentence


def test_completion_offers_checklist_items_programs_and_areas(plan_path: Path) -> None:
    """`check ID.<TAB>` offers the step's items; `program choose` the recorded programs and
    `ceu add --area` the areas, never file names."""
    import subprocess
    import sys

    init()
    run("program", "add", "Valley College", "--type", "certificate")

    def complete(line: str) -> list[str]:
        env = {
            **os.environ,
            "CMAPLAN_PLAN": str(plan_path),
            "_CMAPLAN_COMPLETE": "complete_powershell",
            "_TYPER_COMPLETE_ARGS": line,
            "_TYPER_COMPLETE_WORD_TO_COMPLETE": line.rsplit(" ", 1)[-1],
        }
        done = subprocess.run(
            [sys.executable, "-m", "cmaplan"], env=env, capture_output=True, text=True, check=False
        )
        assert done.returncode == 0, done.stderr
        return [row.split(":::")[0] for row in done.stdout.splitlines()]

    assert complete("cmaplan check transcripts.") == ["transcripts.1", "transcripts.2"]
    assert complete("cmaplan check transcripts.2") == ["transcripts.2"]
    assert complete("cmaplan program choose Va") == ["Valley College"]
    assert complete("cmaplan program remove V") == ["Valley College"]
    assert complete("cmaplan ceu add --area c") == ["clinical"]


@pytest.mark.parametrize("shell", ["complete_bash", "complete_zsh", "complete_powershell"])
def test_completion_never_hands_control_characters_to_the_shell(
    plan_path: Path, shell: str
) -> None:
    """A program named with an escape sequence (OSC to retitle the terminal, a bell, a screen
    clear) is shown as ␛ by every view; completion leaves it out rather than give the shell
    bytes it would print to the terminal."""
    import subprocess
    import sys

    init()
    run("program", "add", "Evil\x1b]0;PWNED\x07\x1b[2J", "--type", "certificate")
    run("program", "add", "Valley College", "--type", "certificate")
    env = {
        **os.environ, "CMAPLAN_PLAN": str(plan_path), "_CMAPLAN_COMPLETE": shell,
        "COMP_WORDS": "cmaplan program choose ", "COMP_CWORD": "3",
        "_TYPER_COMPLETE_ARGS": "cmaplan program choose ", "_TYPER_COMPLETE_WORD_TO_COMPLETE": "",
    }  # fmt: skip
    done = subprocess.run(
        [sys.executable, "-m", "cmaplan"], env=env, capture_output=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert b"Valley College" in done.stdout
    assert not any(byte < 0x20 and byte not in b"\n\t" for byte in done.stdout), done.stdout
