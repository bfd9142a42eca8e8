"""Shared fixtures: every test runs with its own plan location, a fixed today, and no colour."""

from __future__ import annotations

import functools
import os
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import typer.main
import typer.testing

from cmaplan.core.model import Profile
from cmaplan.core.profile import parse_profile

TODAY = date(2026, 11, 26)
ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "src" / "cmaplan" / "examples"


# typer's runner builds the click command from the app's signatures on every invoke, which took
# most of an in-process command's time (typing.get_type_hints over every command's parameters);
# the `cmaplan` script builds it once per process. Every runner in the suite builds it once per app.
assert callable(getattr(typer.testing, "_get_command", None)), "typer's runner has changed"
typer.testing._get_command = functools.cache(typer.main.get_command)  # type: ignore[attr-defined]


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Point the plan, the data folder and the clock at safe places for each test."""
    plan = tmp_path / "data" / "plan.toml"
    monkeypatch.setenv("CMAPLAN_PLAN", str(plan))
    monkeypatch.setenv("CMAPLAN_TODAY", TODAY.isoformat())
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.delenv("CMAPLAN_DEBUG", raising=False)
    from cmaplan import entry

    def exit_here(code: object) -> None:  # never os._exit the test run itself
        raise SystemExit(code)

    monkeypatch.setattr(entry, "_exit", exit_here)
    return plan


@pytest.fixture
def plan_path(isolated: Path) -> Path:
    return isolated


BASE: dict[str, Any] = {
    "start_date": date(2027, 1, 4),
    "diploma": True,
    "foreign_medical_degree": False,
    "program": "certificate",
    "pace": "full-time",
    "goal": "career",
}


def make_profile(**changes: Any) -> Profile:
    """A valid profile: the base answers with `changes` applied (None removes a key)."""
    data = {**BASE, **changes}
    data = {k: v for k, v in data.items() if v is not None}
    return parse_profile(data, today=TODAY)


LEARN = os.environ.get("CMAPLAN_TEST_LEARN")  # a file: record unexpected codes, for a rewrite


def answers_file(folder: Path, start: str, **answers: object) -> Path:
    """An answers file (`folder`/a.toml) of a person who starts on `start`: a US high-school
    graduate on a full-time certificate on the career road, unless `answers` say otherwise."""
    import tomli_w

    data = {
        "start_date": date.fromisoformat(start), "diploma": True, "foreign_medical_degree": False,
        "program": "certificate", "pace": "full-time", "goal": "career", **answers,
    }  # fmt: skip
    file = folder / "a.toml"
    file.write_text(tomli_w.dumps(data), encoding="utf-8")
    return file


def init_on(folder: Path, start: str, **answers: object) -> dict[str, str]:
    """A plan made on `start` from `answers_file(folder, start, **answers)` (replacing any):
    the environment of that day, for the commands that follow."""
    env = {"CMAPLAN_TODAY": start}
    cli("init", "--answers", str(answers_file(folder, start, **answers)), "--force", env=env)
    return env


def cli(
    *args: str, code: int | None = 0, env: dict[str, str] | None = None, input: str | None = None
) -> Any:
    """cmaplan ARGS in this process, through typer's runner: the one way the tests run a
    command. It fails unless the command ends with exit `code` (None: done, or refused in one
    sentence with one of README's codes), and on any traceback or internal error, so no test
    can pass on the empty output of a crash."""
    import sys

    from typer.testing import CliRunner

    from cmaplan.cli import app

    result = CliRunner().invoke(app, list(args), env=env, input=input)
    if code is None:  # whatever the line's state calls for, but never a crash
        crashed = result.exception is not None and not isinstance(result.exception, SystemExit)
        assert not crashed, (args, result.exception)
        assert result.exit_code in (0, 1, 2, 64, 65, 66, 73, 74), (args, result.stderr)
        assert "internal error" not in result.stderr
        assert "Traceback" not in result.stderr
        if result.exit_code:
            assert result.stderr.startswith("cmaplan: "), (args, result.stderr)
        return result
    if result.exit_code != code and LEARN:
        caller = sys._getframe(1)
        while caller.f_code.co_filename == __file__ or caller.f_code.co_name == "run":
            caller = caller.f_back  # type: ignore[assignment]
        with open(LEARN, "a", encoding="utf-8") as out:
            out.write(f"{caller.f_code.co_filename}:{caller.f_lineno}:{result.exit_code}\n")
        return result
    assert result.exit_code == code, (
        f"cmaplan {' '.join(args)} ended with {result.exit_code}, not {code}\n"
        f"stdout: {result.stdout}\nstderr: {result.stderr}"
    )
    if code != 70:  # the one test of the internal-error sentence asks for it
        assert "internal error" not in result.stderr, result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    if code == 0 and result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result


def spawn_cmaplan(plan: Path, today: str, *args: str) -> Any:
    """cmaplan in a real pseudo-terminal (pexpect), with its own plan and today."""
    import os
    import sys

    import pexpect

    env = {
        **os.environ,
        "CMAPLAN_PLAN": str(plan),
        "CMAPLAN_TODAY": today,
        "TERM": "xterm",
        "NO_COLOR": "1",
        "PROMPT_TOOLKIT_NO_CPR": "1",  # no cursor-position queries to wait for
    }
    child = pexpect.spawn(
        sys.executable,
        ["-m", "cmaplan", *args],
        env=env,
        encoding="utf-8",
        timeout=20,
        dimensions=(40, 120),
    )
    # pexpect sleeps 50 ms before each send, for programs that print a password prompt before
    # they turn echo off. prompt_toolkit is in raw mode before it draws a question (which the
    # tests wait for before they type), and keeps keys typed ahead for the next question.
    child.delaybeforesend = None
    return child


def finish(child: Any) -> int:
    """Wait for a spawned cmaplan to end; its exit status."""
    import pexpect

    child.expect(pexpect.EOF)
    child.wait()  # the process has ended: closing need not sleep first to let it
    child.ptyproc.delayafterclose = 0
    child.close()
    return int(child.exitstatus if child.exitstatus is not None else -1)


# Property-based tests: a modest number of examples in CI, many with HYPOTHESIS_PROFILE=long.
from hypothesis import settings  # noqa: E402

settings.register_profile("ci", max_examples=40, deadline=None)
settings.register_profile("long", max_examples=3000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


def worded(plan: Any, today: date | None = None) -> dict[str, Any]:
    """The plan's steps with their words, as the plan file and every view show them on `today`
    (default: the day the plan was made): the words follow the dated plan."""
    from cmaplan.core.schedule import forecast

    return {s.step.id: s.step for s in forecast(plan, today or plan.created).steps}
