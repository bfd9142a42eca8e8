"""The quick path (no typer) reads a command line exactly as the typer app does, or leaves it to
the app; and the everyday commands do not import what they do not use."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import typer
import typer.main
from hypothesis import given
from hypothesis import strategies as st

from cmaplan import quick
from cmaplan.cli import app
from cmaplan.commands import usage

GROUP = typer.main.get_command(app)
WORDS = [
    "check", "status", "timeline", "note", "undo", "show", "init", "help",
    "--plan", "p.toml", "--plan=q.toml", "--plan=", "--on", "2026-11-20", "--on=today",
    "--undo", "--undo=1", "--note", "hi there", "--note=", "--history", "--json", "--all",
    "--phase", "prepare", "--phase=exam", "--no-bars", "resume", "exam.1", "--", "-", "-h",
    "--help", "--version", "--bogus", "", "-x", "--json=no",
    "export", "ics", "markdown", "-o", "--output", "out.ics", "--output=-", "-o=x.md", "compare",
    "--pace", "part-time", "--program", "Valley", "--start", "2027-09-06", "ceu", "list", "add",
]  # fmt: skip


def _plain(value: Any) -> Any:
    """click's reading of a value as the command's body receives it (typer's conversion)."""
    if isinstance(value, tuple):
        return list(value) or None
    return value


def click_reading(args: list[str]) -> tuple[str | None, str | None, dict[str, Any]]:
    """What the typer app makes of a command line: (--plan typed, command, parameters)."""
    with GROUP.make_context("cmaplan", list(args)) as ctx:
        source = ctx.get_parameter_source("plan")
        typed = ctx.params["plan"] if source and source.name == "COMMANDLINE" else None
        rest = [*getattr(ctx, "_protected_args", []), *ctx.args]
        if not rest:
            return (str(typed) if typed else None), None, {}
        name, command, more = GROUP.resolve_command(ctx, rest)
        assert command is not None
        with command.make_context(name, more, parent=ctx) as sub:
            params = {k: _plain(v) for k, v in sub.params.items()}
    return (str(typed) if typed else None), name, params


@given(st.lists(st.sampled_from(WORDS), max_size=7))
def test_the_quick_path_reads_a_command_line_as_typer_does(args: list[str]) -> None:
    try:
        plan, command, params = quick.read_command(args)
    except quick.Declined:
        return  # the typer app reads it: nothing to compare
    if command in ("--help", "--version"):
        if args[-1] == "help":  # the help command alone: the text of --help
            assert click_reading(args)[1:] == ("help", {"command": None})
        else:
            assert args[-1] in ("-h", "--help", "--version")
        return
    expected_plan, expected_command, expected = click_reading(args)
    assert (plan, command) == (expected_plan, expected_command)
    # Parameters not on the command line take the body's own defaults (None, False).
    assert {k: v for k, v in expected.items() if v not in (None, False)} == {
        k: v for k, v in params.items() if v not in (None, False)
    }


@pytest.mark.parametrize(
    "args",
    [
        ["check", "resume"],
        ["check", "resume", "exam.1", "--on", "2026-11-20", "--note", "a note"],
        ["check", "--undo", "resume"],
        ["--plan", "x.toml", "check", "--", "resume"],
        ["status", "--json", "--history"],
        ["timeline", "--phase", "exam", "--phase=work", "--no-bars", "--all"],
        ["note", "resume", ""],
        ["show", "externship"],
        ["undo"],
        [],
        ["--help"],
        ["--version"],
        ["export", "ics", "-o", "plan.ics"],
        ["export", "markdown"],
        ["compare", "--json", "--pace", "part-time"],
        ["ceu", "--json"],
    ],
)
def test_the_everyday_command_lines_take_the_quick_path(args: list[str]) -> None:
    quick.read_command(args)  # not Declined


def test_the_quick_words_are_the_typer_commands_words() -> None:
    """Every option the quick path knows is the typer command's, of the same kind."""
    ctx = typer.Context(GROUP)
    for name, (options, positional) in quick.SPECS.items():
        command = GROUP.get_command(ctx, name)
        assert command is not None, name
        declared = {o: p for p in command.params for o in p.opts}
        for option, (parameter, kind) in options.items():
            param = declared[option]
            assert param.name == parameter
            is_flag = bool(getattr(param, "is_flag", False))
            assert (kind == quick.FLAG) == is_flag, option
            assert (kind == quick.MANY) == bool(getattr(param, "multiple", False)), option
        arguments = [p for p in command.params if p.param_type_name == "argument"]
        if positional == (quick.MANY,):
            assert [(p.name, p.nargs) for p in arguments] == [(quick.MANY_NAME, -1)]
        else:
            assert [p.name for p in arguments] == list(positional)


def test_help_lists_every_command_with_its_own_first_line() -> None:
    ctx = typer.Context(GROUP)
    names = [name for name, _ in usage.COMMANDS]
    assert sorted(names) == sorted(GROUP.list_commands(ctx))
    for name, summary in usage.COMMANDS:
        command = GROUP.get_command(ctx, name)
        assert command is not None
        assert command.get_short_help_str(limit=1000) == summary, name


# --- the two front doors behave the same ---------------------------------------------------

TYPER = "from cmaplan.cli import main; main()"
QUICK = "from cmaplan.entry import main; main()"


def _run(code: str, args: list[str], plan: Path, cwd: Path) -> tuple[int, str, str, str]:
    env = {**os.environ, "CMAPLAN_PLAN": str(plan), "COLUMNS": "90"}
    done = subprocess.run(
        [sys.executable, "-c", code, *args],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=60,
        check=False,
    )
    text = plan.read_text("utf-8") if plan.exists() else ""
    return done.returncode, done.stdout, done.stderr, text


@pytest.fixture(scope="module")
def example_plan(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("example")
    plan = folder / "plan.toml"
    env = {**os.environ, "CMAPLAN_PLAN": str(plan), "CMAPLAN_TODAY": "2026-11-26"}
    subprocess.run(
        [sys.executable, "-m", "cmaplan", "init", "--example", "img-residency"],
        env=env,
        capture_output=True,
        check=True,
    )
    return plan


@pytest.mark.parametrize(
    "args",
    [
        ["check", "resume"],
        ["check", "resume", "prepare-documents.1", "--on", "yesterday", "--note", "ok"],
        ["check", "--undo", "resume"],
        ["check", "resume", "--on", "2030-01-01"],
        ["check", "no-such-step"],
        ["check"],
        ["note", "resume", "call \x1b[31mthem[/]"],
        ["undo"],
        ["status"],
        ["status", "--json"],
        ["timeline", "--phase", "exam"],
        ["timeline", "--json"],
        ["show", "externship"],
        ["show", "nope"],
        [],
        ["--help"],
        ["help"],
        ["--version"],
        ["--plan", "PLAN", "status"],
        ["--plan", "missing.toml", "check", "resume"],
        ["export", "markdown"],
        ["export", "ics"],
        ["export", "svg", "-o", "OUT/plan.svg"],
        ["export", "pdf"],
        ["export", "answers", "--output", "OUT/"],
        ["compare"],
        ["compare", "--json", "--pace", "part-time"],
        ["compare", "--pace", "slow"],
        ["compare", "--start", "2020-01-01"],
        ["ceu"],
        ["ceu", "--json"],
    ],
)
def test_quick_and_typer_give_the_same_answer(
    args: list[str], example_plan: Path, tmp_path: Path
) -> None:
    def setup(plan: Path, folder: Path) -> None:
        shutil.copy(example_plan, plan)

    typer_door, quick_door = _both_doors(args, tmp_path, setup)
    assert typer_door == quick_door


@pytest.mark.parametrize("args", [["ceu"], ["ceu", "--json"]])
def test_both_doors_give_the_same_ceu_summary_once_certified(
    args: list[str], tmp_path: Path
) -> None:
    def certified(plan: Path, folder: Path) -> None:
        for line in (["init", "--example", "recent-graduate"],
                     ["check", "exam-apply", "exam", "--on", "2026-11-20"]):  # fmt: skip
            assert _run(TYPER, line, plan, folder)[0] == 0

    typer_door, quick_door = _both_doors(args, tmp_path, certified)
    assert typer_door[:3] == quick_door[:3]  # each plan was made anew: its own uid
    assert typer_door[0] == 0, typer_door
    assert "CEUs" in typer_door[1] or '"points"' in typer_door[1]


def _both_doors(args: list[str], tmp_path: Path, setup: Any) -> list[tuple[int, str, str, str]]:
    """The command line through the typer app and through the quick path, each on its own
    copy of the plan that `setup(plan, folder)` makes: exit code, output, errors, plan after."""
    outcomes = []
    for code in (TYPER, QUICK):
        folder = tmp_path / ("typer" if code is TYPER else "quick")
        folder.mkdir()
        plan = folder / "plan.toml"
        setup(plan, folder)
        line = [str(plan) if a == "PLAN" else a.replace("OUT", str(folder)) for a in args]
        quick.read_command(line)  # the quick path does take it (not Declined)
        rc, out, err, text = _run(code, line, plan, folder)
        outcomes.append((rc, out.replace(str(folder), "F"), err.replace(str(folder), "F"), text))
    return outcomes


# --- the guard: nothing imported that the command does not use -----------------------------

HEAVY = ("questionary", "prompt_toolkit", "pydantic", "rich.table", "rich.live", "typer", "click")


def _modules_after(args: list[str], plan: Path) -> set[str]:
    code = (
        "import sys, json\n"
        "from cmaplan.entry import main\n"
        "try:\n"
        "    main(hard_exit=False)\n"
        "except SystemExit as stop:\n"
        "    assert not stop.code, stop.code\n"
        "sys.__stderr__.write(json.dumps(sorted(sys.modules)))\n"
    )
    env = {**os.environ, "CMAPLAN_PLAN": str(plan)}
    done = subprocess.run(
        [sys.executable, "-c", code, *args],
        env=env,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        check=True,
    )
    return set(json.loads(done.stderr.splitlines()[-1]))


def _loaded(modules: set[str], prefix: str) -> list[str]:
    return sorted(m for m in modules if m == prefix or m.startswith(prefix + "."))


@pytest.mark.parametrize(
    ("args", "allowed"),
    [
        (["check", "resume"], ()),
        (["check", "resume", "--undo"], ()),
        (["status"], ("rich",)),
        (["--help"], ()),
        ([], ("rich",)),
    ],
)
def test_everyday_commands_leave_heavy_machinery_unloaded(
    args: list[str], allowed: tuple[str, ...], example_plan: Path, tmp_path: Path
) -> None:
    plan = tmp_path / "plan.toml"
    shutil.copy(example_plan, plan)
    modules = _modules_after(args, plan)
    for name in HEAVY:
        assert not _loaded(modules, name), (args, name)
    if "rich" not in allowed:
        assert not _loaded(modules, "rich"), args


def test_the_guard_sees_modules_a_command_does_use(example_plan: Path, tmp_path: Path) -> None:
    """The control for the guard above: the same probe finds rich's tables under `timeline`
    and typer under a command the quick path leaves to it."""
    plan = tmp_path / "plan.toml"
    shutil.copy(example_plan, plan)
    assert _loaded(_modules_after(["timeline"], plan), "rich.table")
    assert _loaded(_modules_after(["program", "list"], plan), "typer")


@pytest.mark.parametrize(
    ("args", "forecasts"), [(["check", "resume"], 2), (["status"], 1), (["timeline"], 1)]
)
def test_each_command_works_each_thing_out_once(
    args: list[str],
    forecasts: int,
    example_plan: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The plan file is parsed once and forecast once as it is now (check: as it was, to say
    what moved, and as changed); the first plan's finish, which drift is measured from, is
    read from the file, not worked out again."""
    import tomli

    from cmaplan.core import schedule

    plan = tmp_path / "plan.toml"
    shutil.copy(example_plan, plan)
    monkeypatch.setenv("CMAPLAN_PLAN", str(plan))
    counts = {"parse": 0, "forecast": 0}
    real_loads, real_dated = tomli.loads, schedule._dated

    def loads(*args: Any, **kwargs: Any) -> Any:
        counts["parse"] += 1
        return real_loads(*args, **kwargs)

    def dated(*args: Any, **kwargs: Any) -> Any:  # each forecast dates the steps once
        counts["forecast"] += 1
        return real_dated(*args, **kwargs)

    monkeypatch.setattr(tomli, "loads", loads)
    monkeypatch.setattr(schedule, "_dated", dated)
    assert quick.run(args)
    assert counts == {"parse": 1, "forecast": forecasts}


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full (Linux)")
@pytest.mark.parametrize(
    "args", [["status"], ["timeline"], ["show", "externship"], ["--help"], ["--version"]]
)
def test_a_full_disk_is_one_sentence_with_buffered_output(
    args: list[str], example_plan: Path, tmp_path: Path
) -> None:
    """With output buffered (no PYTHONUNBUFFERED), the failed write shows only when the output
    is flushed: that too must be one sentence, never a traceback."""
    plan = tmp_path / "plan.toml"
    shutil.copy(example_plan, plan)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [sys.executable, "-m", "cmaplan", *args],
            env={**env, "CMAPLAN_PLAN": str(plan)},
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            check=False,
        )
    assert done.returncode == 74, done.stderr
    assert done.stderr == "cmaplan: cannot write the output: No space left on device.\n"


def test_a_command_line_that_is_not_utf8_is_one_sentence(
    example_plan: Path, tmp_path: Path
) -> None:
    """Bytes that are not UTF-8 (a terminal in another encoding) arrive as surrogates; they
    could not be saved in the plan, so both doors refuse them before doing anything."""
    for code in (QUICK, TYPER):
        folder = tmp_path / ("q" if code is QUICK else "t")
        folder.mkdir()
        plan = folder / "plan.toml"
        shutil.copy(example_plan, plan)
        before = plan.read_bytes()
        rc, out, err, _ = _run(code, ["note", "resume", "caf\udcff"], plan, folder)
        assert (rc, out) == (64, "")
        assert err == (
            "cmaplan: word 3 of the command line is not UTF-8 text. "
            "Set your terminal to UTF-8, or type that text again.\n"
        )
        assert plan.read_bytes() == before


def test_check_options_without_ids_are_refused_not_dropped(example_plan: Path) -> None:
    """`check --note X` with no id would open the picker and lose the note: refused."""
    from typer.testing import CliRunner

    for args in (["--note", "hi"], ["--on", "2026-11-01"], ["--undo"]):
        result = CliRunner().invoke(app, ["--plan", str(example_plan), "check", *args])
        assert result.exit_code == 64, result.output
        assert "needs the steps it is for" in result.stderr


def test_a_plan_that_is_a_broken_link_is_not_called_missing(tmp_path: Path) -> None:
    loop = tmp_path / "loop"
    loop.symlink_to(loop)
    rc, out, err, _ = _run(QUICK, ["--plan", str(loop)], tmp_path / "unused.toml", tmp_path)
    assert rc == 74
    assert "no plan yet" not in out
    assert "symbolic links" in err


def test_a_text_that_starts_with_a_dash_gets_a_hint(example_plan: Path) -> None:
    from typer.testing import CliRunner

    result = CliRunner().invoke(app, ["--plan", str(example_plan), "note", "resume", "-5 days"])
    assert result.exit_code == 2
    assert "put -- before it" in result.stderr


def test_the_plan_variable_has_one_name() -> None:
    """The typer option and `--help` name the variable the store reads (kept apart so that
    building the command line does not import the store)."""
    from cmaplan.commands import common
    from cmaplan.storage import store

    assert common.ENV_PLAN == store.ENV_PLAN
    assert f"[env var: {store.ENV_PLAN}]" in usage.top_help(100)


def test_every_quick_command_has_a_body_and_every_body_a_reading() -> None:
    assert set(quick.BODIES) == set(quick.SPECS)
    for command in quick.SPECS:
        assert callable(quick._runner(command)), command
