"""The fuzz run over the whole command line (issue 21; the harness is `tests/clifuzz.py`):
every declared command with generated arguments, option values, plans and environments ends
with a code README lists, never 70, never a traceback, and says why on stderr when it fails.

CI runs a modest sample (CMAPLAN_FUZZ_RUNS invocations, 1,000 by default, about 20 s); the
full run of 20,000 invocations, over every core:

    .venv/bin/python -m tests.clifuzz --runs 20000

or through pytest, in one process (about twice as long on two cores):

    CMAPLAN_FUZZ_RUNS=20000 .venv/bin/python -m pytest tests/test_cli_fuzz.py

A finding names its case; `python -m tests.clifuzz --seed SEED --case N` runs it again.
"""

from __future__ import annotations

import os
import random
from collections.abc import Iterator
from pathlib import Path

import pytest

from cmaplan.commands import views
from cmaplan.commands.reading import read
from cmaplan.core.errors import CommandLineError
from tests import clifuzz
from tests.clifuzz import COMMAND_PATHS, NO_FACTS, Case, Draw, Worker

pytestmark = pytest.mark.slow  # a thousand invocations, and some through the real script

RUNS = int(os.environ.get("CMAPLAN_FUZZ_RUNS", "1000"))
SEED = os.environ.get("CMAPLAN_FUZZ_SEED", "ci")
EVERY = 40  # about 25 cases through the real script, each compared with the in-process run


@pytest.fixture(scope="module")
def worker(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Worker]:
    made = Worker(tmp_path_factory.mktemp("fuzz"))
    yield made
    made.close()


def test_the_fuzzed_command_line_ends_as_readme_says(worker: Worker) -> None:
    tally = clifuzz.run_cases(worker, SEED, clifuzz.plan_run(SEED, RUNS), every=EVERY)
    assert tally.runs == RUNS
    assert tally.compared > 0  # the sample through the real script did run
    assert not tally.findings, clifuzz.report(tally, SEED)
    assert 70 not in tally.codes
    # The run reaches the commands' bodies, not only the reading of their words.
    assert tally.codes[0] > RUNS / 4, tally.codes


def test_the_run_finds_an_internal_error(worker: Worker, monkeypatch: pytest.MonkeyPatch) -> None:
    """A control: a command that crashes is found, with where it crashed."""

    def broken(*args: object, **kwargs: object) -> None:
        raise ValueError("planted")

    monkeypatch.setattr(views, "status", broken)
    case = Case(0, "changed", (("status",), ("timeline", "--json")), ())
    outcomes, findings = worker.check(case)
    assert [o.code for o in outcomes] == [70, 0]
    assert {f.problem for f in findings} == {"internal error"}
    assert findings[0].line == 0
    assert "test_cli_fuzz.py" in findings[0].where
    assert "ValueError: planted" in findings[0].where


@pytest.mark.parametrize("stdout", ["pipe", "full", "gone"])
def test_the_in_process_run_is_the_script_s(worker: Worker, stdout: str) -> None:
    """The same invocations through the installed script, in processes of their own, do
    exactly what they do in-process: exit code, stdout and stderr; also when stdout is a
    full disk or a pipe whose reader has gone."""
    case = Case(
        0,
        "certified",
        (
            ("ceu", "add", "--area", "general", "--points", "1.5", "--title", "x"),
            ("--plan", "plan.toml", "ceu", "list"),
            ("export", "markdown"),
            ("check", "nope"),
            ("completion", "fish"),
            ("timeline", "--phase", "keep"),
            ("check", "--help"),
        ),
        (("COLUMNS", "70"), ("NO_COLOR", None)),
        "ascii",
        stdout=stdout,
    )
    inside = worker.run(case)
    outside = worker.run(case, clifuzz.run_in_subprocess)
    assert [o[:3] for o in inside] == [o[:3] for o in outside]
    if stdout == "pipe":
        assert [o.code for o in inside] == [0, 0, 0, 64, 0, 0, 0]


def test_every_declared_command_is_drawn() -> None:
    drawn: set[tuple[str, ...]] = set()
    names = {tuple(c.name for c in path) for path in COMMAND_PATHS}
    for number in range(3000):
        case = clifuzz.make_case("cover", number, ["missing"], {"missing": NO_FACTS})
        for line in case.lines:
            words = [w for w in line if not w.startswith("-")]
            drawn.update(n for n in names if tuple(words[: len(n)]) == n)
    assert drawn == names


def test_the_valid_values_are_read_as_valid() -> None:
    """With every value drawn valid, nearly every command line reads (the rest carry the
    noise of a stray word or one word too few), so the run reaches the bodies."""
    read_fine = 0
    lines = 0
    for number in range(2000):
        rng = random.Random(number)
        path = COMMAND_PATHS[number % len(COMMAND_PATHS)]
        line = clifuzz.command_line(path, Draw(rng, NO_FACTS, 1.0))
        lines += 1
        try:
            read(line)
            read_fine += 1
        except CommandLineError:
            pass
    assert read_fine > 0.85 * lines


def test_every_option_has_valid_values() -> None:
    """An option added to the declarations gets valid values in the run (by what completes
    it, its metavar or, for a file, its name), not only hostile ones."""
    draw = Draw(random.Random(0), NO_FACTS, 1.0)
    for path in COMMAND_PATHS:
        for param in path[-1].params:
            if param.kind != "flag":
                assert clifuzz._valid(param, draw), (path[-1].name, param.name)


def test_a_case_folder_holds_what_its_words_name(worker: Worker) -> None:
    case = Case(0, "missing", (("ceu", "import", "ceus-cr.csv", "-o", "linked.md", "fifo"),), ())
    here = clifuzz.stage(case, worker.fixtures, worker.case_folder)
    assert (here / "ceus-cr.csv").read_bytes().count(b"\r") > 1
    assert (here / "linked.md").is_symlink()
    assert (here / "fifo").is_fifo()
    assert not (here / "plan.toml").exists()
    assert Path(clifuzz.base_env(worker.case_folder)["HOME"]).is_dir()
