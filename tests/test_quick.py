"""The quick path (no typer) reads a command line exactly as the typer app does, or leaves it to
the app; and the everyday commands do not import what they do not use."""

from __future__ import annotations

import contextlib
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
from hypothesis import given, settings
from hypothesis import strategies as st

from cmaplan import quick
from cmaplan.cli import app
from cmaplan.commands import usage
from cmaplan.commands.declared import COMMANDS
from cmaplan.commands.reading import body_of, read
from cmaplan.commands.table import Command
from cmaplan.core.errors import CommandLineError

GROUP = typer.main.get_command(app)
WORDS = [
    "check", "status", "timeline", "note", "undo", "show", "init", "help", "program", "choose",
    "--plan", "p.toml", "--plan=q.toml", "--on", "2026-11-20", "--on=today",
    "--undo", "--undo=1", "--note", "hi there", "--note=", "--history", "--json", "--all",
    "--phase", "prepare", "--phase=exam", "--no-bars", "resume", "exam.1", "--", "-", "-h",
    "--help", "--version", "--bogus", "", "-x", "--json=no", "--none", "remove", "3", "-3",
    "export", "ics", "markdown", "-o", "--output", "out.ics", "--output=-", "-o=x.md", "-ox.md",
    "compare", "--pace", "part-time", "--program", "Valley", "--start", "2027-09-06", "ceu",
    "list", "add", "--area", "general", "--points", "1.5", "--title", "--not-approved",
]  # fmt: skip


def _plain(value: Any) -> Any:
    """click's reading of a value as the command's body receives it (typer's conversion)."""
    if isinstance(value, tuple):
        return list(value) or None
    return value


def click_reading(args: list[str]) -> tuple[str | None, tuple[str, ...], dict[str, Any]]:
    """What the typer app makes of a command line: (--plan typed, command words, parameters)."""
    with GROUP.make_context("cmaplan", list(args)) as ctx:
        source = ctx.get_parameter_source("plan")
        typed = ctx.params["plan"] if source and source.name == "COMMANDLINE" else None
        names: tuple[str, ...] = ()
        group, params, here = GROUP, {}, ctx
        rest = [*getattr(ctx, "_protected_args", []), *ctx.args]
        while rest and hasattr(group, "resolve_command"):
            name, command, more = group.resolve_command(here, rest)
            assert command is not None
            assert name is not None
            names += (name,)
            here = command.make_context(name, more, parent=here)
            params = {k: _plain(v) for k, v in here.params.items()}
            group = command
            rest = [*getattr(here, "_protected_args", []), *here.args]
    return (str(typed) if typed else None), names, params


def _paths(
    commands: tuple[Command, ...], above: tuple[Command, ...] = ()
) -> list[tuple[Command, ...]]:
    found = []
    for command in commands:
        found.append((*above, command))
        found += _paths(command.subcommands, (*above, command))
    return found


PATHS = _paths(COMMANDS)
VALUES = ["x", "2026-11-20", "3", "-3", "1.5", "1_0", "nan", "", "-", "--", "-x", "a b"]


@st.composite
def command_lines(draw: st.DrawFn) -> list[str]:
    """A declared command's words, then a mix of its own options (with and without values,
    `--opt=V`, twice), arguments, global options and stray words."""
    path = draw(st.sampled_from(PATHS))
    own = [w for p in path[-1].params for w in (*p.words, p.off) if w]
    pieces = st.one_of(
        st.sampled_from(own or ["--json"]),
        st.sampled_from(own or ["--json"]).map(lambda w: f"{w}=" + "x"),
        st.sampled_from(VALUES),
        st.sampled_from(WORDS),
    )
    head = draw(st.sampled_from([[], ["--plan", "p.toml"], ["--plan=q.toml"], ["--bogus"]]))
    return [*head, *(c.name for c in path), *draw(st.lists(pieces, max_size=8))]


@given(st.one_of(st.lists(st.sampled_from(WORDS), max_size=7), command_lines()))
@settings(max_examples=300)
def test_cmaplan_reads_a_command_line_as_click_does(args: list[str]) -> None:
    """Both doors are made from one declaration: whatever cmaplan reads, click reads the same
    (command, plan, every parameter), and a line cmaplan refuses click refuses too."""
    try:
        line = read(args)
    except CommandLineError as error:
        stricter = ("must be a", '"--" goes after', "takes its value after a space")
        if any(words in error.message for words in stricter) or "help" in args:
            # cmaplan is stricter on purpose: digits for a number (click takes 1_0 and nan, as
            # float() does), a name for a file (click takes ""), no "--" before the command
            # (click reads on past it), no -o=FILE (click would name the file "=FILE"); and
            # the words of `help` name a command before click runs it (test_reading).
            return
        with pytest.raises(typer.TyperException):  # click's usage errors
            click_reading(args)
        return
    if line.ask in ("help", "version", "typer"):  # click prints a page (or completes): Exit
        if line.ask == "help" and args[-1:] == ["help"]:
            return  # `cmaplan help` alone: the text of --help, by the quick path
        if line.ask == "typer" and "--" in args:  # `help -- x`, `check -h --`: click reads it
            with contextlib.suppress(typer.Exit, SystemExit):  # (a page, or the body to run)
                click_reading(args)
            return
        with pytest.raises((typer.Exit, SystemExit, typer.TyperException)):
            click_reading([*args, "--help"] if line.ask == "typer" else args)
        return
    plan, names, params = click_reading(args)
    assert plan == line.plan
    assert names == tuple(c.name for c in line.path)
    if line.ask == "run":  # click hands a path on as text; typer makes it a Path after
        paths = {k for k, v in line.params.items() if isinstance(v, Path)}
        assert {k: Path(v) if k in paths else v for k, v in params.items()} == line.params


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
        ["ceu", "add", "--area", "general", "--points", "1", "--title", "t"],
        ["init", "--answers", "a.toml"],
        ["program", "compare"],
        ["program", "choose", "--none"],
        ["recertify", "--by", "exam"],
    ],
)
def test_every_command_but_help_pages_takes_the_quick_path(args: list[str]) -> None:
    assert read(args).ask != "typer"


def test_the_typer_commands_are_the_declared_commands() -> None:
    """The typer app made from the table has each declared command, with each parameter's
    words and kind (the builder's side of the one declaration)."""

    def compare(group: Any, commands: tuple[Command, ...]) -> None:
        ctx = typer.Context(group)
        assert sorted(group.list_commands(ctx)) == sorted(c.name for c in commands)
        for declared in commands:
            made = group.get_command(ctx, declared.name)
            assert made is not None, declared.name
            params = {p.name: p for p in made.params}
            for param in declared.params:
                got = params[param.name]
                assert got.param_type_name == ("argument" if param.kind == "argument" else "option")
                if param.kind != "argument":
                    assert tuple(got.opts) == param.words
                    assert tuple(getattr(got, "secondary_opts", ())) == (
                        (param.off,) if param.off else ()
                    )
                    assert bool(getattr(got, "is_flag", False)) == (param.kind == "flag")
                assert bool(got.multiple or got.nargs == -1) == param.many, param.name
                assert got.required == param.required, param.name
            assert set(params) == {p.name for p in declared.params}
            if declared.subcommands:
                compare(made, declared.subcommands)

    compare(GROUP, COMMANDS)


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
        ["ceu", "list"],
        ["program", "list"],
        ["program", "compare"],
        ["recertify", "--by", "exam"],
        ["chekc"],
        ["check", "--on"],
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
        with contextlib.suppress(CommandLineError):  # or refuses it, as the typer door must too
            assert read(line).ask != "typer"  # the quick path does take it
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


@pytest.mark.parametrize("args", [["--help"], ["--version"], ["check", "--help"]])
def test_help_and_version_read_no_plan_machinery(
    args: list[str], example_plan: Path, tmp_path: Path
) -> None:
    """What reads no plan loads none of the code that reads, dates or saves one (the run's
    context once pulled in the whole store: --help took 4×F instead of 2.5×F)."""
    plan = tmp_path / "plan.toml"
    shutil.copy(example_plan, plan)
    modules = _modules_after(args, plan)
    for name in ("cmaplan.storage.store", "cmaplan.storage.codec", "cmaplan.core.schedule"):
        assert not _loaded(modules, name), (args, name)


def test_the_guard_sees_modules_a_command_does_use(example_plan: Path, tmp_path: Path) -> None:
    """The control for the guard above: the same probe finds rich's tables under `timeline`
    and typer under a command the quick path leaves to it."""
    plan = tmp_path / "plan.toml"
    shutil.copy(example_plan, plan)
    assert _loaded(_modules_after(["timeline"], plan), "rich.table")
    assert _loaded(_modules_after(["help", "check"], plan), "typer")
    assert _loaded(_modules_after(["check", "resume"], plan), "cmaplan.storage.store")


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


# The typer door's own output: a help page click writes, `help`, completion (issue 21's fuzz
# run: `check --help` onto a full disk was a traceback, and a completion said it twice).
TYPER_OUTPUT = [
    ["check", "--help"],
    ["recertify", "--help"],  # smaller than the buffer: it fails only when it is flushed
    ["ceu", "add", "--help"],
    ["help", "ceu"],
    ["completion", "bash"],
]
COMPLETING = {
    "_CMAPLAN_COMPLETE": "complete_fish",
    "_TYPER_COMPLETE_ARGS": "cmaplan export h",
    "_TYPER_COMPLETE_FISH_ACTION": "get-args",
}


def _onto(stdout: int, args: list[str], plan: Path, extra: dict[str, str]) -> Any:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
    return subprocess.run(
        [sys.executable, "-m", "cmaplan", *args],
        env={**env, "CMAPLAN_PLAN": str(plan), **extra},
        stdout=stdout,
        stderr=subprocess.PIPE,
        text=True,
        check=False,
    )


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full (Linux)")
@pytest.mark.parametrize(
    ("args", "extra"),
    [
        *(([a], {}) for a in ("status", "timeline", "--help", "--version")),
        (["show", "externship"], {}),
        *((args, {}) for args in TYPER_OUTPUT),
        ([], COMPLETING),
    ],
)
def test_a_full_disk_is_one_sentence_with_buffered_output(
    args: list[str], extra: dict[str, str], example_plan: Path, tmp_path: Path
) -> None:
    """With output buffered (no PYTHONUNBUFFERED), the failed write shows only when the output
    is flushed: that too must be one sentence, never a traceback."""
    plan = tmp_path / "plan.toml"
    shutil.copy(example_plan, plan)
    with open("/dev/full", "w") as full:
        done = _onto(full.fileno(), args, plan, extra)
    assert done.returncode == 74, done.stderr
    assert done.stderr == "cmaplan: cannot write the output: No space left on device.\n"


@pytest.mark.parametrize(
    ("args", "extra"), [*((args, {}) for args in TYPER_OUTPUT), ([], COMPLETING)]
)
def test_the_typer_door_ends_quietly_when_the_reader_has_gone(
    args: list[str], extra: dict[str, str], example_plan: Path
) -> None:
    """A pipe whose reader closed it before a word was written (`| head -0`): exit 1, quietly."""
    reader, writer = os.pipe()
    os.close(reader)
    try:
        done = _onto(writer, args, example_plan, extra)
    finally:
        os.close(writer)
    assert (done.returncode, done.stderr) == (1, "")


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


def test_every_declared_body_takes_its_declared_parameters() -> None:
    """Each body exists and its signature takes the run, then each declared parameter by
    name (TypeError otherwise)."""
    import inspect

    def walk(commands: tuple[Command, ...]) -> None:
        for command in commands:
            body = body_of(command.body)
            names = {p.name: None for p in command.params}
            extra = {"ctx": None} if command.door == "typer" else {}
            inspect.signature(body).bind(None, **names, **extra)  # the Run, then each one
            walk(command.subcommands)

    walk(COMMANDS)
