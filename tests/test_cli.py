"""The commands as a person runs them: output, files written, and every error path."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tomllib
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from cmaplan.cli import app
from tests.conftest import EXAMPLES, ROOT, TODAY, cli

runner = CliRunner()
IMG = EXAMPLES / "img-residency.toml"


def run(*args: str, env: dict[str, str] | None = None, code: int = 0) -> Result:
    """cmaplan ARGS; the test fails unless it exits with `code` (conftest.cli)."""
    return cli(*args, code=code, env=env)


def one_line_error(result: Result, code: int) -> str:
    """The error is a single line on stderr starting with 'cmaplan:', and nothing else."""
    assert result.exit_code == code, (result.stdout, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("cmaplan: ")
    assert "Traceback" not in result.stderr + result.stdout
    return lines[0]


def init(answers: Path = IMG, *extra: str) -> Result:
    result = run("init", "--answers", str(answers), *extra)
    assert result.exit_code == 0, result.stderr
    return result


# --- init ---------------------------------------------------------------------------------------


def test_init_writes_the_plan_and_says_where(plan_path: Path) -> None:
    result = init()
    assert f"Saved your plan to {plan_path}." in result.stdout
    assert "steps. First CMA job expected" in result.stdout
    doc = tomllib.loads(plan_path.read_text())
    assert doc["schema"] == 2
    assert doc["profile"]["goal"] == "residency"
    assert {s["id"] for s in doc["steps"]} >= {"transcripts", "translation", "usmle"}


@pytest.mark.parametrize("example", sorted(EXAMPLES.glob("*.toml")), ids=lambda p: p.stem)
def test_every_example_makes_a_plan_that_reads_back(example: Path, plan_path: Path) -> None:
    init(example)
    result = run("timeline", "--json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["plan"] == str(plan_path)
    assert data["steps"][-1]["id"] == "recertify"


def test_examples_cover_the_four_personas() -> None:
    names = {p.stem for p in EXAMPLES.glob("*.toml")}
    assert {
        "img-residency",
        "high-school-student",
        "part-time-career-changer",
        "undecided-cna",
    } <= names


def test_init_refuses_to_replace_a_plan_without_force(plan_path: Path) -> None:
    init()
    before = plan_path.read_bytes()
    result = run("init", "--answers", str(EXAMPLES / "undecided-cna.toml"), code=73)
    line = one_line_error(result, 73)
    assert "already exists" in line
    assert "--force" in line
    assert plan_path.read_bytes() == before


def test_init_force_replaces_and_keeps_progress(plan_path: Path) -> None:
    init()
    assert run("check", "transcripts", "--on", "2026-11-26").exit_code == 0
    result = init(EXAMPLES / "military-medic.toml", "--force")
    assert "Steps no longer in your plan:" in result.stdout
    assert "New steps: other-credentials" in result.stdout
    assert (plan_path.parent / "plan.toml.bak").exists()
    result = init(IMG, "--force")
    assert "transcripts" not in [
        s["id"] for s in tomllib.loads(plan_path.read_text())["steps"] if s["done"]
    ]


def test_init_force_keeps_done_marks_of_remaining_steps(plan_path: Path) -> None:
    init()
    run("check", "choose-program", "--on", "2026-11-26")
    result = init(IMG, "--force")
    assert "Kept your progress on: choose-program." in result.stdout
    steps = {s["id"]: s for s in tomllib.loads(plan_path.read_text())["steps"]}
    assert steps["choose-program"]["done_on"] == date(2026, 11, 26)


def test_init_says_when_the_start_date_has_passed(tmp_path: Path) -> None:
    answers = tmp_path / "a.toml"
    answers.write_text(IMG.read_text().replace("2027-01-04", "2026-01-05"))
    result = init(answers)
    assert "has passed, so the plan starts today" in result.stdout


def test_init_tells_the_undecided_what_the_plan_assumes() -> None:
    result = init(EXAMPLES / "undecided-cna.toml")
    assert "You have not chosen a program yet; the plan assumes an associate degree." in (
        result.stdout
    )


@pytest.mark.parametrize(
    ("content", "code", "fragment"),
    [
        (
            'pace = "x"\nstart_date = 2027\n-\n',
            65,
            "is not valid TOML: Expected '=' after a key in a key/value pair (at line 3, column 2)",
        ),
        ('start_date = 2027-01-04\npase = "x"\n', 65, 'unknown key "pase"; did you mean "pace"?'),
        (IMG.read_text().replace('"full-time"', '"fast"'), 65, 'pace = "fast" is not allowed'),
        (IMG.read_text().replace("2027-01-04", "2027-02-30"), 65, "is not valid TOML"),
    ],
    ids=["toml", "unknown-key", "bad-value", "impossible-date"],
)
def test_bad_answers_are_one_sentence(
    tmp_path: Path, plan_path: Path, content: str, code: int, fragment: str
) -> None:
    answers = tmp_path / "answers.toml"
    answers.write_text(content)
    line = one_line_error(run("init", "--answers", str(answers), code=65), code)
    assert fragment in line
    assert str(answers) in line
    assert not plan_path.exists()


def test_missing_answers_file(tmp_path: Path) -> None:
    line = one_line_error(run("init", "--answers", str(tmp_path / "nope.toml"), code=66), 66)
    assert "there is no answers file at" in line


def test_init_without_answers_and_without_a_terminal_says_what_to_do() -> None:
    line = one_line_error(run("init", code=64), 64)
    assert "--answers FILE" in line


# --- timeline -----------------------------------------------------------------------------------


def test_timeline_lists_every_step_by_phase_with_dates() -> None:
    init()
    result = run("timeline")
    assert result.exit_code == 0
    out = result.stdout
    assert "Amina's plan" in out
    for phase in (
        "Get ready",
        "Accredited program",
        "CMA (AAMA) exam",
        "Work as a CMA",
        "Keep the credential",
    ):
        assert phase in out
    assert out.index("Get ready") < out.index("Accredited program") < out.index("Work as a CMA")
    assert "transcripts" in out
    assert "2027-03-01" in out  # transcripts' due date
    assert "our estimate" in out


def test_timeline_json_is_one_object_with_the_documented_fields(plan_path: Path) -> None:
    init()
    data = json.loads(run("timeline", "--json").stdout)
    assert data["schema"] == 1
    assert data["today"] == TODAY.isoformat()
    assert data["plan"] == str(plan_path)
    assert set(data["finish"]) == {"earliest", "expected", "latest"}
    step = data["steps"][0]
    assert step == {
        "id": "transcripts",
        "phase": "prepare",
        "title": step["title"],
        "after": [],
        "needed_by": None,
        "start": "2027-01-04",
        "due": step["due"],
        "days_late": 0,
        "expected": step["due"],  # not late: due on the day it is expected
        "earliest": step["earliest"],
        "latest": step["latest"],
        "done": False,
        "done_on": None,
        "status": "upcoming",
        "warnings": [],
    }
    assert data["credential"]["forecast"] is True
    recertify = next(s for s in data["steps"] if s["id"] == "recertify")
    assert recertify["expires"] == data["credential"]["expires"]


def test_timeline_without_a_plan() -> None:
    line = one_line_error(run("timeline", code=66), 66)
    assert "cmaplan init" in line


def test_timeline_with_a_broken_plan_names_file_line_and_column(plan_path: Path) -> None:
    plan_path.parent.mkdir(parents=True)
    plan_path.write_text("schema = 1\nstuff = ]\nother = 2\n")
    line = one_line_error(run("timeline", code=65), 65)
    assert str(plan_path) in line
    assert "line 2, column 9" in line


def test_plan_option_beats_the_environment(tmp_path: Path) -> None:
    other = tmp_path / "other.toml"
    assert run("--plan", str(other), "init", "--answers", str(IMG)).exit_code == 0
    assert other.exists()
    assert run("--plan", str(other), "timeline").exit_code == 0


def test_today_can_be_set_for_what_if(monkeypatch: pytest.MonkeyPatch) -> None:
    init()
    monkeypatch.setenv("CMAPLAN_TODAY", "2027-06-01")
    data = json.loads(run("timeline", "--json").stdout)
    assert data["today"] == "2027-06-01"
    assert {s["status"] for s in data["steps"]} >= {"overdue"}


@pytest.mark.parametrize("value", ["tomorrow", "2027-02-30"])
def test_a_bad_today_override_is_refused(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    init()
    monkeypatch.setenv("CMAPLAN_TODAY", value)
    line = one_line_error(run("timeline", code=64), 64)
    assert "CMAPLAN_TODAY" in line


@pytest.mark.parametrize("value", ["1949-12-31", "2150-01-01", "2199-12-31", "2200-01-01"])
def test_a_today_out_of_range_names_the_range_today_has(
    monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    """Other dates may reach 2199-12-31; today only 2149-12-31 (a plan made then must still fit
    the file). The sentence named 2199 for 1949-12-31, and then refused 2199-12-31."""
    init()
    monkeypatch.setenv("CMAPLAN_TODAY", value)
    line = one_line_error(run("status", code=64), 64)
    assert "2149-12-31" in line
    assert "2199" not in line.replace(value, "")


# --- check --------------------------------------------------------------------------------------


def _steps(plan_path: Path) -> dict[str, dict[str, object]]:
    return {s["id"]: s for s in tomllib.loads(plan_path.read_text())["steps"]}


def test_check_marks_done_today_and_reforecasts(
    plan_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    init()
    monkeypatch.setenv("CMAPLAN_TODAY", "2027-01-20")
    result = run("check", "transcripts", "choose-program")
    assert result.exit_code == 0, result.stderr
    assert "Marked transcripts done on 2027-01-20." in result.stdout
    assert "Marked choose-program done on 2027-01-20." in result.stdout
    moved = result.stdout.splitlines()[-1]
    assert moved.startswith("First CMA job: 2028-07-17 → 2028-06-05 (42 days earlier); next: ")
    assert "next: Get a certified English translation (translation), due" in moved
    steps = _steps(plan_path)
    assert steps["transcripts"]["done"] is True
    assert steps["transcripts"]["done_on"] == date(2027, 1, 20)
    assert steps["translation"]["start"] == date(2027, 1, 20)


def test_check_on_another_day(plan_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    init()
    monkeypatch.setenv("CMAPLAN_TODAY", "2027-01-20")
    assert run("check", "transcripts", "--on", "2027-01-10").exit_code == 0
    assert _steps(plan_path)["transcripts"]["done_on"] == date(2027, 1, 10)


def test_check_undo_reopens(plan_path: Path) -> None:
    init()
    run("check", "transcripts")
    result = run("check", "transcripts", "--undo")
    assert result.exit_code == 0
    assert "Reopened transcripts." in result.stdout
    assert _steps(plan_path)["transcripts"]["done"] is False
    assert "done_on" not in _steps(plan_path)["transcripts"]


def test_check_unknown_id_suggests_and_writes_nothing(plan_path: Path) -> None:
    init()
    before = plan_path.read_bytes()
    line = one_line_error(run("check", "transcripts", "extern", code=64), 64)
    assert 'no step "extern"' in line
    assert 'Did you mean "externship"' in line
    assert plan_path.read_bytes() == before


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["--on", "2027-02-30"], "is not a real date"),
        (["--on", "next week"], "is not a date: use YYYY-MM-DD"),
        (["--on", "2026-12-25"], "is in the future"),
        (["--on", "2026-11-01", "--undo"], "do not go together"),
    ],
    ids=["impossible", "words", "future", "undo-and-on"],
)
def test_check_refuses_bad_dates(plan_path: Path, args: list[str], fragment: str) -> None:
    init()
    before = plan_path.read_bytes()
    line = one_line_error(run("check", "transcripts", *args, code=64), 64)
    assert fragment in line
    assert plan_path.read_bytes() == before


def test_check_without_a_plan() -> None:
    one_line_error(run("check", "exam", code=66), 66)


def test_after_every_step_what_is_left_is_keeping_the_credential() -> None:
    init()
    ids = [s["id"] for s in json.loads(run("timeline", "--json").stdout)["steps"]]
    result = run("check", *[i for i in ids if i != "recertify"])
    assert result.exit_code == 0, result.stderr
    assert "next: Recertify your CMA (AAMA) (recertify)" in result.stdout


# --- the boundary -------------------------------------------------------------------------------


def test_an_internal_error_is_one_line_without_personal_data(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    init()
    from cmaplan.core import schedule

    def explode(*args: object, **kwargs: object) -> None:
        raise RuntimeError("Amina secret")

    monkeypatch.setattr(schedule, "forecast", explode)
    line = one_line_error(run("timeline", code=70), 70)
    assert "internal error (RuntimeError)" in line
    assert "Amina" not in line


def test_version_and_help() -> None:
    assert run("--version").stdout.startswith("cmaplan ")
    result = run("--help")
    assert result.exit_code == 0
    for command in ("init", "timeline", "check"):
        assert command in result.stdout


def test_every_command_has_help_and_is_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text()
    for command in app.registered_commands:
        assert command.callback is not None
        assert command.callback.__doc__
        name = command.name or command.callback.__name__
        assert f"cmaplan {name}" in readme, name


def test_python_dash_m_works(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "cmaplan", "--version"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0
    assert result.stdout.startswith("cmaplan ")


def test_the_console_script_runs_without_a_plan_cleanly(tmp_path: Path) -> None:
    script = Path(sys.executable).parent / "cmaplan"
    result = subprocess.run([script, "timeline"], capture_output=True, text=True, check=False)
    assert result.returncode == 66
    assert result.stderr.startswith("cmaplan: there is no plan file")


HEAVY = ("questionary", "prompt_toolkit", "rich", "cmaplan.views.render", "cmaplan.interview.flow")


@pytest.mark.parametrize(
    "args",
    [["check", "choose-program"], ["timeline", "--json"], ["--version"]],
    ids=["check", "timeline-json", "version"],
)
def test_quick_commands_do_not_import_the_heavy_modules(args: list[str]) -> None:
    init()
    code = (
        "import sys\n"
        "from cmaplan.cli import app\n"
        f"try:\n    app({args!r})\n"
        "except SystemExit as exit:\n    assert not exit.code, exit.code\n"
        f"print('HEAVY=' + ','.join(m for m in {HEAVY!r} if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip().splitlines()[-1] == "HEAVY="


def test_init_in_a_pipe_does_not_hang(plan_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "cmaplan", "init"],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert result.returncode == 64
    assert result.stderr.startswith("cmaplan: there is no terminal to ask the questions on.")
    assert "--answers FILE" in result.stderr
    assert not plan_path.exists()


# --- timeline options, status and show ----------------------------------------------------------


def test_timeline_in_a_pipe_is_plain_text(monkeypatch: pytest.MonkeyPatch) -> None:
    init()
    monkeypatch.delenv("NO_COLOR")
    out = run("timeline").stdout
    assert "\x1b[" not in out
    assert "transcripts" in out


def test_timeline_phase_option(monkeypatch: pytest.MonkeyPatch) -> None:
    init()
    out = run("timeline", "--phase", "exam", "--phase", "keep").stdout
    assert "exam-prep" in out
    assert "recertify" in out
    assert "transcripts" not in out


def test_timeline_unknown_phase_is_refused() -> None:
    init()
    line = one_line_error(run("timeline", "--phase", "exams", code=64), 64)
    assert 'there is no phase "exams"; the phases are prepare ("Get ready"), program' in line


def test_timeline_no_bars(monkeypatch: pytest.MonkeyPatch) -> None:
    init()
    monkeypatch.setenv("COLUMNS", "140")
    assert "░" in run("timeline").stdout
    assert "░" not in run("timeline", "--no-bars").stdout


def test_timeline_narrow_terminal_has_no_line_wider_than_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    init()
    monkeypatch.setenv("COLUMNS", "60")
    out = run("timeline").stdout
    assert max(len(line) for line in out.splitlines()) <= 60


def test_status_shows_progress_next_steps_and_the_file(plan_path: Path) -> None:
    init()
    run("check", "transcripts")
    result = run("status")
    assert result.exit_code == 0
    assert "1 of 24 steps done (4%)" in result.stdout
    assert "Next" in result.stdout
    assert "translation" in result.stdout
    assert str(plan_path.name) in result.stdout


def test_status_without_a_plan() -> None:
    one_line_error(run("status", code=66), 66)


def test_show_one_step() -> None:
    init()
    run("check", "graduate", "--on", "2026-11-26")
    out = run("show", "externship").stdout
    assert "Do your externship" in out
    assert "Checklist" in out
    assert re.search(r"Waits for\s+coursework", out)
    assert "Needed by" in run("show", "coursework").stdout
    assert "Sources" in out


def test_show_unknown_step_suggests() -> None:
    init()
    line = one_line_error(run("show", "exma", code=64), 64)
    assert 'Did you mean "exam"' in line


# --- check: items, notes, history, the picker off a terminal, the lock --------------------------


def test_check_ticks_a_checklist_item_and_says_how_to_close(
    plan_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    init()
    monkeypatch.setenv("CMAPLAN_TODAY", "2027-01-10")
    result = run("check", "graduate.1")
    assert result.exit_code == 0, result.stderr
    assert "Ticked graduate.1." in result.stdout
    assert "Every item of graduate is ticked; `cmaplan check graduate` closes it." in result.stdout
    assert _steps(plan_path)["graduate"]["ticked"] == [1]
    assert _steps(plan_path)["graduate"]["done"] is False


def test_check_bad_item_number_is_refused(plan_path: Path) -> None:
    init()
    before = plan_path.read_bytes()
    line = one_line_error(run("check", "choose-program.9", code=64), 64)
    assert "has items 1 to 6; choose-program.9 is not one of them" in line
    assert plan_path.read_bytes() == before


def test_check_with_a_note_and_note_command(plan_path: Path) -> None:
    init()
    result = run("check", "choose-program", "--note", "picked City College")
    assert "Saved the note on choose-program." in result.stdout
    assert _steps(plan_path)["choose-program"]["note"] == "picked City College"
    result = run("note", "exam", "book a morning slot")
    assert result.exit_code == 0
    assert _steps(plan_path)["exam"]["note"] == "book a morning slot"
    assert _steps(plan_path)["exam"]["done"] is False
    assert "Note: book a morning slot" in run("show", "exam").stdout
    assert run("note", "exam", "").stdout.strip() == "Cleared the note of exam."


def test_work_done_before_the_plan_existed_can_be_recorded(plan_path: Path) -> None:
    init()
    result = run("check", "transcripts", "--on", "2026-10-20")
    assert result.exit_code == 0, result.stderr
    assert "Marked transcripts done on 2026-10-20." in result.stdout
    data = json.loads(run("timeline", "--json").stdout)
    transcripts = next(s for s in data["steps"] if s["id"] == "transcripts")
    assert transcripts["done_on"] == "2026-10-20"


def test_check_out_of_order_says_so() -> None:
    init()
    # the exam comes at most 30 days before graduating, after a program and an application
    run("check", "choose-program", "graduate")
    result = run("check", "exam-apply", "exam")
    assert result.exit_code == 0
    assert "Note: exam usually comes after exam-prep" in result.stdout


def test_status_history_lists_changes_newest_first() -> None:
    init()
    run("check", "choose-program")
    run("check", "choose-program", "--undo")
    out = run("status", "--history").stdout
    assert "Latest changes" in out
    assert out.index("reopened") < out.index("marked done")
    assert "Take back the latest change with `cmaplan undo`." in out


def test_check_without_ids_off_a_terminal_asks_for_an_id() -> None:
    init()
    line = one_line_error(run("check", code=64), 64)
    assert "say which step to mark, for example `cmaplan check choose-program`" in line


def test_the_files_beside_the_plan_are_private_and_no_temporary_file_is_left(
    plan_path: Path,
) -> None:
    init()
    run("check", "resume")
    names = sorted(p.name for p in plan_path.parent.iterdir())
    assert names == ["plan.toml", "plan.toml.bak", "plan.toml.lock"]
    for file in plan_path.parent.iterdir():
        assert (file.stat().st_mode & 0o777) == 0o600


def test_a_held_lock_times_out_with_one_sentence(plan_path: Path) -> None:
    from cmaplan.core.errors import StorageError
    from cmaplan.storage import store

    def take_it_too() -> None:
        with store.locked(plan_path, timeout=0.2):
            pass

    init()
    # A second lock on the same file (a separate open file, as another process has) must wait,
    # then give up with a sentence rather than hang.
    with store.locked(plan_path), pytest.raises(StorageError, match="is busy"):
        take_it_too()


def test_two_processes_racing_checks_all_land(plan_path: Path) -> None:
    init()
    ids = [s["id"] for s in json.loads(run("timeline", "--json").stdout)["steps"]]
    ids.remove("recertify")  # recertifying needs the exam done: it is not a step to race
    ids.remove("exam")  # nor the exam, which needs graduation (nearly) done: it comes last
    ids.remove("exam-apply")  # nor the application, which needs the coursework begun (#22)
    halves = [ids[0::2], ids[1::2]]
    script = (
        "import sys\n"
        "from cmaplan.cli import app\n"
        "for step in sys.argv[1:]:\n"
        "    try:\n"
        "        app(['check', step])\n"
        "    except SystemExit as exit:\n"
        "        assert not exit.code, exit.code\n"
    )
    racers = [
        subprocess.Popen([sys.executable, "-c", script, *half], stdout=subprocess.DEVNULL)
        for half in halves
    ]
    assert [racer.wait(timeout=120) for racer in racers] == [0, 0]
    run("check", "exam-apply", "exam")
    ids += ["exam-apply", "exam"]
    steps = _steps(plan_path)
    assert all(steps[i]["done"] for i in ids), [i for i in ids if not steps[i]["done"]]
    history = tomllib.loads(plan_path.read_text())["history"]
    assert sorted(h["step"] for h in history) == sorted(ids)


def test_timeline_honours_no_color_even_when_colour_is_forced(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import re

    colour = re.compile(r"\x1b\[[0-9;]*(3[0-7]|38;|9[0-7])")
    init()
    run("check", "choose-program")
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.delenv("NO_COLOR")
    assert colour.search(run("timeline").stdout)
    monkeypatch.setenv("NO_COLOR", "1")
    assert not colour.search(run("timeline").stdout)


@pytest.mark.parametrize("zone", ["UTC+24", "UTC-25", "<+99>-99", "EST+30", "Nowhere/Zone", ""])
def test_any_time_zone_gives_a_day(zone: str, tmp_path: Path) -> None:
    """TZ with an offset of a day or more made datetime refuse the local time: exit 70 on every
    command. The day then comes from the clock as well as it can, and the command runs."""
    env = {**os.environ, "TZ": zone, "CMAPLAN_PLAN": str(tmp_path / "plan.toml")}
    env.pop("CMAPLAN_TODAY", None)
    for args in (["init", "--example", "recent-graduate"], ["status"], ["timeline"]):
        done = subprocess.run(
            [sys.executable, "-m", "cmaplan", *args], env=env, capture_output=True, text=True,
            check=False,
        )  # fmt: skip
        assert done.returncode == 0, (zone, args, done.stderr)


@pytest.mark.parametrize("key", ["name", "specialty"])
@pytest.mark.parametrize("brk", ["\\n", "\\r\\n", "x\\n"])
def test_a_line_break_in_a_one_line_answer_is_named_as_such(
    tmp_path: Path, plan_path: Path, key: str, brk: str
) -> None:
    """A three-character name with a line break was refused as "at most 80 characters"."""
    example = (ROOT / "src/cmaplan/examples/img-residency.toml").read_text()
    kept = "\n".join(line for line in example.splitlines() if not line.startswith(f"{key} ="))
    answers = tmp_path / "answers.toml"
    answers.write_text(f'{kept}\n{key} = "a{brk}b"\n')
    line = one_line_error(run("init", "--answers", str(answers), code=65), 65)
    assert f" {key} = " in line
    assert line.endswith("is not allowed: it must be on one line, and this holds a line break.")
    assert not plan_path.exists()
