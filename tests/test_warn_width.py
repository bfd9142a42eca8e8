"""Warnings on stderr are folded at spaces to the terminal's width, as `say`'s lines on stdout
are, and left whole in a pipe or a file (commands/context.py)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import answers_file, cli

START = "2026-06-01"


def _plan_with_deac(tmp_path: Path) -> dict[str, str]:
    env = {"CMAPLAN_TODAY": START, "CMAPLAN_PLAN": str(tmp_path / "plan.toml")}
    cli("init", "--answers", str(answers_file(tmp_path, START)), "--force", env=env)
    cli(
        "program", "add", "Deac Online", "--type", "certificate", "--accreditor", "DEAC",
        "--months", "9", "--starts", "2026-08-03", "--cost", "4000", env=env,
    )  # fmt: skip
    return env


@pytest.mark.parametrize("columns", [60, 140])
def test_program_choose_folds_its_warning_to_the_terminal(tmp_path: Path, columns: int) -> None:
    """Review of #22: `program choose`'s "Warning:" ran past the terminal's edge while the
    lines before it were folded."""
    import pexpect

    env = _plan_with_deac(tmp_path)
    child = pexpect.spawn(
        sys.executable,
        ["-m", "cmaplan", "program", "choose", "Deac Online"],
        env={**os.environ, **env, "TERM": "xterm", "NO_COLOR": "1", "COLUMNS": str(columns)},
        encoding="utf-8",
        timeout=20,
        dimensions=(40, columns),
    )
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    lines = child.before.replace("\r\n", "\n").splitlines()
    warning = [i for i, line in enumerate(lines) if line.startswith("Warning:")]
    assert warning, lines
    assert all(len(line) <= columns - 1 for line in lines), lines
    # the warning went on after its first line: folded at a space, the rest indented
    assert lines[warning[0] + 1].startswith("  ")
    assert "not eligible" in " ".join(" ".join(lines).split())


def test_a_piped_warning_is_one_whole_line(tmp_path: Path) -> None:
    env = _plan_with_deac(tmp_path)
    done = subprocess.run(
        [sys.executable, "-m", "cmaplan", "program", "choose", "Deac Online"],
        env={**os.environ, **env, "COLUMNS": "60"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    warnings = [line for line in done.stderr.splitlines() if line.startswith("Warning:")]
    assert warnings
    assert any(len(line) > 60 for line in warnings)  # whole: a pipe is read by programs
