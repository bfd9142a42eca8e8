"""The fuzz run over the whole command line (issue 21): every command and subcommand that
`commands/declared.py` declares, with generated arguments and option values, run against
several plans in several environments. No invocation may end with an internal error (exit 70)
or a traceback; each must end with a code README lists, and say why, in one `cmaplan:`
sentence on stderr, when it is not 0 (a reader gone and fish's "nothing to complete" are exit
1, quietly).

The slow test `tests/test_cli_fuzz.py` runs a modest sample; the full run (20,000 invocations
over every core, two to seven minutes on two, as busy as the machine is) is

    .venv/bin/python -m tests.clifuzz --runs 20000

It prints the figures (invocations, time, the exit codes, the slowest invocations) and each
class of finding with its first case; `--seed S --case N` runs one case again and shows what
each invocation did (with CMAPLAN_DEBUG=1's traceback when it crashed), `--json FILE` keeps
the findings.

How an invocation is run: in-process, through the console script's own entry point
(`cmaplan.entry.main`, with its final `os._exit` caught rather than made), with the case's
environment (TZ read again), argv, working folder and fresh standard streams: no terminal,
stdout and stderr encoded as a pipe's would be, or a stdout that refuses every write (a full
disk, a reader gone). What the interpreter does at its end is done too (a failed flush of
stdout is exit 120). Every `SUBPROCESS_EVERY`-th case also runs through the installed script,
each invocation in a process of its own, and both must do the same (exit code, stdout,
stderr). A case is one to four invocations on the same files; each case gets a fresh copy of
its plan in a scratch folder (on tmpfs where there is one), with HOME and XDG_DATA_HOME inside
it: no generated path reaches outside that folder but /dev/null and the shipped examples, which
are only read.

What is generated:

- the command: each declared command path (a group alone too), its parameters included or
  left out, options in any order, `--opt=VALUE`, `-oVALUE`, repeated (up to 25 times), a value
  missing, stray words, unknown options, `--`, `-h`, `--plan` before the command (twice too);
- the values, valid for a share of the cases that the case draws (so that some reach deep into
  the bodies): valid ones (the plan's step ids and checklist items, its programs, the phases,
  formats, shells, dates around today, the files of the case folder), near-valid ones (case,
  spaces, typos, `1_0`, a decimal comma, other scripts' digits), boundary numbers and dates,
  texts at and over each length limit, huge values, empty strings, control characters,
  surrogateescape'd bytes, markup and links, and paths of every kind: '' and '-', folders,
  /dev/null, a FIFO, links (dangling, looping), missing folders, names of 236-300 bytes, paths
  over PATH_MAX; CSV files as spreadsheets write them and as they should not;
- the plan: each shipped example made with `init --answers`, a plan after many changes (checks,
  ticks, notes, undo, programs, new answers, a full undo stack), a certified plan with a CEU
  log, one renewed, one with every step done, one whose notes, programs and CEUs hold hostile
  text, the largest plan the commands allow (tests/test_growth.py), one made on a far-future
  day and one on the first day cmaplan knows, no plan at all, and files that are no plan;
- the environment: CMAPLAN_TODAY (the plan's day, later, the last day cmaplan plans for, past
  it, malformed, or the real clock in odd time zones), COLUMNS, LINES, NO_COLOR, FORCE_COLOR,
  TERM, CMAPLAN_PLAN or the data folder (XDG_DATA_HOME and HOME as they come), an ASCII, latin-1
  or cp1252 output, and shell completion's variables (_CMAPLAN_COMPLETE, COMP_WORDS,
  COMP_CWORD, _TYPER_COMPLETE_*) well-formed or not.
"""

from __future__ import annotations

import argparse
import contextlib
import errno
import faulthandler
import functools
import io
import json
import os
import random
import re
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import tomllib
import traceback
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from datetime import date, timedelta
from pathlib import Path
from typing import NamedTuple, NoReturn

from cmaplan import entry
from cmaplan.commands.declared import COMMANDS, HELP_WORDS, PLAN, VERSION
from cmaplan.commands.table import Command, Param

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "src" / "cmaplan" / "examples"
TODAY = date(2026, 11, 26)  # as tests/conftest.py sets it
LAST_TODAY = date(2149, 12, 31)  # cmaplan.core.fields.LATEST_TODAY: the last day it plans from
README_EXITS = frozenset({0, 1, 2, 64, 65, 66, 70, 73, 74, 130})  # README, "Errors and exit codes"
SUBPROCESS_EVERY = 50  # every 50th case runs through the real script too, and must agree
HERE = "@HERE@"  # in a generated value: the case's working folder, an absolute path
HUGE = 100_000  # bytes in one word at most: Linux takes 128 KiB for one word of argv
TIMEOUT = 60  # seconds one invocation may take before the run calls it a hang


def _paths(
    commands: Sequence[Command], above: tuple[Command, ...] = ()
) -> list[tuple[Command, ...]]:
    found: list[tuple[Command, ...]] = []
    for command in commands:
        found.append((*above, command))
        found += _paths(command.subcommands, (*above, command))
    return found


# Every command and subcommand, a group alone too (`cmaplan ceu`), from the declarations.
COMMAND_PATHS: list[tuple[Command, ...]] = _paths(COMMANDS)


# --- a case, and what it did --------------------------------------------------------------------


class Case(NamedTuple):
    """One to four invocations, one after the other on the same files: the plan they run
    against, each one's words after `cmaplan`, the environment (None: unset) over the base one,
    and how the output is encoded."""

    number: int
    plan: str
    lines: tuple[tuple[str, ...], ...]
    env: tuple[tuple[str, str | None], ...]
    encoding: str = "utf-8"
    default_folder: bool = False  # the plan is in the data folder, not named by CMAPLAN_PLAN
    stdout: str = "pipe"  # or "gone" (the reader closed the pipe), "full" (as /dev/full)

    def shown(self, line: int | None = None) -> str:
        """The case as shell lines (HERE: its working folder; the plan is plan.toml there)."""
        env = " ".join(f"{k}={_quoted(v)}" if v is not None else f"-u {k}" for k, v in self.env)
        lines = self.lines if line is None else self.lines[: line + 1]
        words = " && ".join("cmaplan " + " ".join(_quoted(a) for a in ln) for ln in lines)
        return f"[plan {self.plan}, {self.encoding}, stdout {self.stdout}] env {env} {words}"


def _quoted(word: str) -> str:
    """A word as a shell takes it, a long one shortened (its length said)."""
    if len(word) <= 120:
        return shlex.quote(word)
    return shlex.quote(word[:60]) + f"...[{len(word)} characters]"


class Outcome(NamedTuple):
    code: int
    stdout: bytes
    stderr: str
    seconds: float = 0.0


class Finding(NamedTuple):
    """A case that broke a rule: what it broke, and where (the traceback's last cmaplan frame
    and the exception, from the case run again with CMAPLAN_DEBUG=1)."""

    case: Case
    line: int  # which of its invocations
    problem: str
    code: int
    stderr: str
    where: str

    @property
    def kind(self) -> str:
        """The class it belongs to: the rule, and where the code broke it."""
        return f"{self.problem} @ {self.where}" if self.where else self.problem


def problems(case: Case, outcome: Outcome) -> list[str]:
    """The rules this outcome breaks (none: it is fine)."""
    found: list[str] = []
    err = outcome.stderr
    if outcome.code == 70 or "cmaplan: internal error" in err:
        found.append("internal error")
    if "Traceback" in err or b"Traceback (most recent call last)" in outcome.stdout:
        found.append("traceback")
    if outcome.code not in README_EXITS:
        found.append(f"exit {outcome.code}, which README does not list")
    env = dict(case.env)
    # fish asks whether there is anything to complete, and typer's script reads exit 1 as no
    fish_says_no = (
        env.get("_CMAPLAN_COMPLETE") == "complete_fish"
        and env.get("_TYPER_COMPLETE_FISH_ACTION") == "is-args"
        and outcome.code == 1
        and not err
    )
    # the reader went away: quietly, as click and other tools end (README's exit 1)
    reader_gone = case.stdout == "gone" and outcome.code == 1 and not err
    if outcome.code == 0 or fish_says_no or reader_gone:
        pass
    elif not err.strip():
        found.append(f"exit {outcome.code} with nothing on stderr")
    elif not err.startswith("cmaplan: "):
        found.append("stderr that does not start with 'cmaplan: '")
    elif len(err.strip().splitlines()) > 1:
        found.append("more than one line on stderr")
    return found


# --- running one case ---------------------------------------------------------------------------


def _exit_status(code: object) -> tuple[int, str]:
    """What the interpreter makes of SystemExit(code): the status, and what it prints."""
    if code is None:
        return 0, ""
    if isinstance(code, int):
        return code, ""
    return 1, f"{code}\n"


@contextlib.contextmanager
def _process_state(env: dict[str, str], cwd: Path) -> Iterator[None]:
    """os.environ, the working folder, argv and the standard streams, as they were after."""
    saved_env = dict(os.environ)
    saved_cwd = os.getcwd()
    saved = (sys.argv, sys.stdin, sys.stdout, sys.stderr)
    os.environ.clear()
    os.environ.update(env)
    time.tzset()  # the C library reads TZ again, as a process of its own would at its start
    os.chdir(cwd)
    try:
        yield
    finally:
        for stream in (sys.stdout, sys.stderr):
            if stream not in saved:
                with contextlib.suppress(Exception):
                    stream.close()
        sys.argv, sys.stdin, sys.stdout, sys.stderr = saved
        os.chdir(saved_cwd)
        os.environ.clear()
        os.environ.update(saved_env)
        time.tzset()


class _Kept(io.BytesIO):
    """Bytes written to a stream, kept when the stream is closed."""

    def close(self) -> None:
        pass


class _Refusing(io.RawIOBase):
    """Standard output that the system refuses to write: a reader gone (EPIPE, as a closed
    pipe says it once Python ignores SIGPIPE), or a full disk (ENOSPC, as /dev/full)."""

    def __init__(self, number: int) -> None:
        super().__init__()
        self.number = number

    def writable(self) -> bool:
        return True

    def write(self, data: object) -> int:
        raise OSError(self.number, os.strerror(self.number))


STDOUTS = {"gone": errno.EPIPE, "full": errno.ENOSPC}  # and "pipe": a pipe that reads it all


class _Exited(BaseException):
    """os._exit(status), which the entry point ends a quick-path command with."""

    def __init__(self, status: int) -> None:
        super().__init__(status)
        self.status = status


def _hard_exit(status: int) -> NoReturn:
    raise _Exited(status)


def _interpreter_end(code: int, encoding: str) -> tuple[int, str]:
    """What the interpreter's own end does after SystemExit(code): it flushes stdout, and a
    failure there is its message on stderr and exit 120."""
    try:
        sys.stdout.flush()
    except OSError as error:
        stream = f"<_io.TextIOWrapper name='<stdout>' mode='w' encoding='{encoding}'>"
        return 120, f"Exception ignored in: {stream}\n{type(error).__name__}: {error}\n"
    return code, ""


def run_in_process(
    args: Sequence[str], env: dict[str, str], cwd: Path, encoding: str, stdout: str = "pipe"
) -> Outcome:
    """`cmaplan ARGS` as the console script runs it, in this process: its entry point (its
    own os._exit, caught), the environment, folder and streams a process of its own would have
    (no terminal; stdout and stderr as a pipe's, in `encoding`; or a stdout that refuses)."""
    out, err = _Kept(), _Kept()
    buffer: io.BufferedIOBase = out
    if stdout in STDOUTS:
        buffer = io.BufferedWriter(_Refusing(STDOUTS[stdout]))
    started = time.perf_counter()
    real_exit, observed, patched = os._exit, entry._observed, entry._exit
    with _process_state(env, cwd):
        sys.argv = ["cmaplan", *args]
        sys.stdin = io.TextIOWrapper(io.BytesIO(b""), encoding=encoding)
        sys.stdout = io.TextIOWrapper(buffer, encoding=encoding, errors="strict")
        sys.stderr = io.TextIOWrapper(err, encoding=encoding, errors="backslashreplace")
        os._exit = _hard_exit
        entry._observed = lambda: False  # as when no debugger or coverage tracer runs
        entry._exit = ENTRY_EXIT  # tests/conftest.py puts a SystemExit in its place
        extra = ""
        try:
            entry.main()
            code, extra = _interpreter_end(0, encoding)
        except _Exited as done:
            code = done.status
        except SystemExit as stop:
            code, extra = _exit_status(stop.code)
            code, more = _interpreter_end(code, encoding)
            extra += more
        except BaseException:  # what the interpreter would print: a traceback, exit 1
            extra = traceback.format_exc()
            code = 1
        finally:
            os._exit, entry._observed, entry._exit = real_exit, observed, patched
        with contextlib.suppress(Exception):
            sys.stderr.flush()
    seconds = time.perf_counter() - started
    said = err.getvalue().decode(encoding, "replace") + extra
    return Outcome(code, out.getvalue(), said, seconds)


SCRIPT = Path(sys.executable).with_name("cmaplan")
ENTRY_EXIT = entry._exit  # as the module has it, taken before any test replaces it


def run_in_subprocess(
    args: Sequence[str], env: dict[str, str], cwd: Path, encoding: str, stdout: str = "pipe"
) -> Outcome:
    """`cmaplan ARGS` through the installed script, in a process of its own."""
    command = [str(SCRIPT)] if SCRIPT.exists() else [sys.executable, "-m", "cmaplan"]
    started = time.perf_counter()
    with contextlib.ExitStack() as stack:
        target: int | None = subprocess.PIPE
        if stdout == "full":
            target = stack.enter_context(open("/dev/full", "wb")).fileno()
        elif stdout == "gone":  # a pipe whose reader has closed it
            reader, target = os.pipe()
            os.close(reader)
            stack.callback(os.close, target)
        done = subprocess.run(
            [*command, *args],
            env={**env, "PYTHONIOENCODING": encoding},
            cwd=cwd,
            stdin=subprocess.DEVNULL,
            stdout=target,
            stderr=subprocess.PIPE,
            timeout=TIMEOUT,
            check=False,
        )
    seconds = time.perf_counter() - started
    said = done.stderr.decode(encoding, "replace")
    return Outcome(done.returncode, done.stdout or b"", said, seconds)


Runner = Callable[[Sequence[str], dict[str, str], Path, str, str], Outcome]


# --- the plans ------------------------------------------------------------------------------


class PlanFacts(NamedTuple):
    """What the generator takes from a plan: its day, step ids, checklists and programs."""

    today: date
    ids: tuple[str, ...]
    items: dict[str, int]
    programs: tuple[str, ...]


NO_FACTS = PlanFacts(TODAY, ("resume", "externship", "exam"), {"resume": 3}, ("Valley",))
CSV_HEADER = "date,area,points,title,provider,approved\n"


def _csv(rows: int, start: date, *, span: int = 100) -> str:
    """`rows` CEUs on the `span` days from `start`."""
    areas = ("general", "administrative", "clinical")
    lines = [
        f"{start + timedelta(days=n % span)},{areas[n % 3]},{1 + n % 4 / 2},Course {n},Inc,yes\n"
        for n in range(rows)
    ]
    return CSV_HEADER + "".join(lines)


def csv_files(start: date) -> dict[str, bytes]:
    """CEU files as spreadsheets write them, and as they should not."""
    good = _csv(3, start)
    return {
        "ceus.csv": good.encode(),
        "ceus-crlf.csv": good.replace("\n", "\r\n").encode(),
        "ceus-cr.csv": good.replace("\n", "\r").encode(),
        "ceus-semicolon.csv": good.replace(",", ";").replace(";1.5;", ";1,5;").encode(),
        "ceus-bom.csv": b"\xef\xbb\xbf" + good.encode(),
        "ceus-sep.csv": ("sep=;\n" + good.replace(",", ";")).encode(),
        "ceus-header.csv": CSV_HEADER.encode(),
        "ceus-empty.csv": b"",
        "ceus-wide.csv": (CSV_HEADER + f"{start},general,1,{'x' * 140_000},P,yes\n").encode(),
        "ceus-quote.csv": (CSV_HEADER + f'{start},general,1,"open quote,P,yes\n').encode(),
        "ceus-latin1.csv": (CSV_HEADER + f"{start},general,1,Café,P,yes\n").encode("latin-1"),
        "ceus-450.csv": _csv(450, start).encode(),
        "ceus-many.csv": _csv(600, start).encode(),
        "ceus-bad.csv": (CSV_HEADER + "1949-12-31,nope,-1,,P,maybe\n\x00\n").encode(),
    }


HOSTILE_TEXT = [  # kept in a plan's notes, programs and CEUs, for every view and export to show
    "see https://example.org/x and <https://x.org> [link](http://y.org)",
    "\x1b[31mred\x1b[0m \x07 bell",
    "<script>alert(1)</script> & ]]> \"quoted\" 'single'",
    "\ufffe \uffff nonchars",
    "\u202eevil\u202c rtl \u200b zero width",
    "line\u2028sep \x85 next",
    "[bold]markup[/bold] [/] {0} %(x)s $HOME",
    "BEGIN:VEVENT\nEND:VCALENDAR",
    "# heading\n| table |\n```code```",
    "💊" * 50,
]


# How each plan is made: (CMAPLAN_TODAY, command lines); each must exit 0.
def _recipes() -> dict[str, tuple[date, list[list[str]]]]:
    recipes: dict[str, tuple[date, list[list[str]]]] = {}
    for answers in sorted(EXAMPLES.glob("*.toml")):
        recipes[f"example-{answers.stem}"] = (TODAY, [["init", "--answers", str(answers)]])
    img = str(EXAMPLES / "img-residency.toml")
    changed = [["init", "--answers", img]]
    for n in range(3):
        changed += [
            ["program", "add", f"School {n}", "--type", "certificate", "--months", str(9 + n),
             "--starts", str(TODAY + timedelta(days=60 * (n + 1))), "--cost", "15000"],
        ]  # fmt: skip
    changed += [
        ["check", "resume", "--on", "yesterday", "--note", "sent to three clinics"],
        ["note", "transcripts", "Call the registrar. " * 50],
        ["check", "transcripts.1"],
        ["check", "transcripts.1", "--undo"],
        ["undo"],
        ["program", "edit", "School 1", "--pass-rate", "87.5", "--img-support", "yes"],
        ["program", "choose", "School 1"],
        ["check", "transcripts"],
        ["undo"],
        ["program", "choose", "--none"],
        ["program", "remove", "School 2"],
        ["init", "--answers", img, "--force"],
    ]
    for n in range(30):  # a full undo stack
        changed.append(["note", "resume", f"note {n} " + "x" * (n * 40)])
    recipes["changed"] = (TODAY, changed)
    graduate = str(EXAMPLES / "recent-graduate.toml")
    passed = TODAY - timedelta(days=200)
    recipes["certified"] = (
        TODAY,
        [
            ["init", "--answers", graduate],
            ["check", "exam-apply", "exam", "--on", str(passed)],
            ["ceu", "import", "ceus-450.csv"],
            ["ceu", "add", "--area", "clinical", "--points", "2.5", "--title", "Phlebotomy"],
            ["recertify", "--by", "exam"],
            ["recertify", "--by", "ce"],
        ],
    )
    hostile = [
        ["init", "--answers", graduate],
        ["check", "exam-apply", "exam", "--on", str(passed)],
    ]
    for n, text in enumerate(HOSTILE_TEXT):
        one_line = " ".join(text.split())[:80]
        hostile += [
            ["note", "exam-apply" if n % 2 else "exam", text],
            ["ceu", "add", "--area", "general", "--points", "1", "--title", one_line[:200],
             "--provider", one_line[:200], "--on", str(passed + timedelta(days=n))],
        ]  # fmt: skip
    for n, text in enumerate(HOSTILE_TEXT[:6]):
        hostile.append(
            ["program", "add", f"P{n} " + " ".join(text.split())[:40], "--type", "associate",
             "--city", " ".join(text.split())[:80], "--url", "https://x.org/" + str(n),
             "--note", " ".join(text.split())[:200], "--externship", "Clinic & <co>"]
        )  # fmt: skip
    recipes["hostile"] = (TODAY, hostile)
    recipes["far-future"] = (
        LAST_TODAY - timedelta(days=100),
        [["init", "--example", "high-school-student"], ["check", "resume"]],
    )
    recipes["ancient"] = (  # made on the first day cmaplan knows: decades overdue since
        date(1950, 1, 2),
        [["init", "--example", "img-residency"], ["check", "resume", "--on", "today"]],
    )
    recipes["all-done"] = (
        TODAY,
        [
            ["init", "--answers", graduate],
            ["check", "exam-apply", "exam", "--on", str(passed)],
            # the period's 60 points, so that renewing by continuing education is allowed
            ["ceu", "add", "--area", "general", "--points", "30", "--title", "Course A"],
            ["ceu", "add", "--area", "administrative", "--points", "15", "--title", "Course B"],
            ["ceu", "add", "--area", "clinical", "--points", "15", "--title", "Course C"],
            ["check", ALL],
        ],
    )
    renewal = TODAY + timedelta(days=1600)  # a month before the credential expires
    recipes["renewed"] = (
        TODAY,
        [
            ["init", "--answers", graduate],
            ["check", "exam-apply", "exam", "--on", str(passed)],
            [f"{TODAY_IS}{renewal}"],
            ["ceu", "import", "ceus-450.csv"],
            ["check", "recertify", "--on", "today"],
        ],
    )
    return recipes


ALL = "@ALL@"  # in a recipe's line: the line for each step of the plan, in the plan's order
TODAY_IS = "@TODAY="  # a recipe's line: the day of the lines after it


PLAIN_FILES = {  # plans that are files but no plan (the file fuzz of test_fuzz.py goes further)
    "empty-file": b"",
    "not-a-plan": b"[[steps]]\nid = 3\n",
    "binary": bytes(range(256)),
}


class Fixtures(NamedTuple):
    folder: Path
    facts: dict[str, PlanFacts]  # by plan name; "missing" and PLAIN_FILES have NO_FACTS


def _facts(plan: Path, day: date) -> PlanFacts:
    document = tomllib.loads(plan.read_text("utf-8"))
    steps = [s for s in document.get("steps", []) if isinstance(s, dict)]
    return PlanFacts(
        day,
        tuple(str(s["id"]) for s in steps),
        {str(s["id"]): len(s.get("checklist", [])) for s in steps},
        tuple(str(p["name"]) for p in document.get("programs", [])),
    )


def base_env(case_folder: Path) -> dict[str, str]:
    """The environment every case starts from: a home and data folder of its own."""
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(case_folder / "home"),
        "XDG_DATA_HOME": str(case_folder / "xdg"),
        "LANG": "C.UTF-8",
        "NO_COLOR": "1",
        "COLUMNS": "100",
        "CMAPLAN_TODAY": TODAY.isoformat(),
        "CMAPLAN_PLAN": str(case_folder / "here" / "plan.toml"),
    }


def build_fixtures(folder: Path) -> Fixtures:
    """Every plan, made with cmaplan's own commands in `folder`."""
    facts: dict[str, PlanFacts] = {}
    for name, (day, lines) in _recipes().items():
        here = folder / name
        (here / "home").mkdir(parents=True)
        (here / "here").mkdir()
        for csv_name, data in csv_files(day - timedelta(days=150)).items():
            (here / "here" / csv_name).write_bytes(data)
        env = {**base_env(here), "CMAPLAN_TODAY": day.isoformat()}
        for line in lines:
            if line[0].startswith(TODAY_IS):
                day = date.fromisoformat(line[0].removeprefix(TODAY_IS))
                env["CMAPLAN_TODAY"] = day.isoformat()
                for csv_name, data in csv_files(day - timedelta(days=150)).items():
                    (here / "here" / csv_name).write_bytes(data)
                continue
            each = [line]
            if ALL in line:  # one line for each step, in the plan's order
                ids = _facts(here / "here" / "plan.toml", day).ids
                each = [[step if w == ALL else w for w in line] for step in ids]
            for one in each:
                done = run_in_process(one, env, here / "here", "utf-8")
                assert done.code == 0, (name, one, done.stderr)
        facts[name] = _facts(here / "here" / "plan.toml", day)
    largest = folder / "largest" / "here"  # every log, list and text at its longest
    largest.mkdir(parents=True)
    from tests.test_growth import largest_plan

    largest_plan(largest / "plan.toml")
    facts["largest"] = _facts(largest / "plan.toml", TODAY)
    for name, data in PLAIN_FILES.items():
        (folder / name / "here").mkdir(parents=True)
        (folder / name / "here" / "plan.toml").write_bytes(data)
        facts[name] = NO_FACTS
    facts["missing"] = NO_FACTS
    return Fixtures(folder, facts)


def stage(case: Case, fixtures: Fixtures, folder: Path) -> Path:
    """A fresh case folder: the plan (in `here`, or the data folder), an answers file, CSV
    files of CEUs, a certificate, a folder, links (to files inside it), a FIFO. Its working
    folder."""
    shutil.rmtree(folder, ignore_errors=True)
    here = folder / "here"
    for made in (here / "dir", folder / "home", folder / "xdg"):
        made.mkdir(parents=True)
    source = fixtures.folder / case.plan / "here"
    for name in ("plan.toml", "plan.toml.bak"):
        if (source / name).exists():
            target = folder / "xdg" / "cmaplan" if case.default_folder else here
            target.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source / name, target / name)
    shutil.copyfile(EXAMPLES / "img-residency.toml", here / "answers.toml")
    named = " ".join([*(a for line in case.lines for a in line), *(v for _, v in case.env if v)])
    # Only the files a case names: making them all would take longer than most invocations.
    if ".csv" in named:
        for name, data in csv_files(fixtures.facts[case.plan].today - timedelta(days=100)).items():
            (here / name).write_bytes(data)
    if "proof" in named:
        (here / "proof.pdf").write_bytes(b"%PDF-1.4\n")
    if "readonly" in named:
        (here / "readonly.md").write_text("read only\n", "utf-8")
        (here / "readonly.md").chmod(0o444)
    if ".md" in named:
        (here / "target.md").write_text("someone's file\n", "utf-8")
        (here / "linked.md").symlink_to("target.md")
        (here / "dangling.md").symlink_to("nope/gone.md")
        (here / "loop.md").symlink_to("loop.md")
    if "fifo" in named:
        os.mkfifo(here / "fifo")
    return here


# --- what is generated -----------------------------------------------------------------------

SCRIPTS = {  # the digits 0-9 of other scripts
    "arabic-indic": "٠١٢٣٤٥٦٧٨٩",
    "devanagari": "०१२३४५६७८९",
    "full-width": "０１２３４５６７８９",
    "math-bold": "𝟎𝟏𝟐𝟑𝟒𝟓𝟔𝟕𝟖𝟗",
}
WEIRD = [
    "", " ", "\t", "\n", "\x01", "\x1b[31mred\x1b[0m", "\x1b]8;;http://x\x07link", "\x7f",
    "\u202e", "\u200b", "\ufeff", "\ufffe", "\uffff", "\U0010ffff", "a\nb", "a\rb", "\x85",
    "\udcff\udc80", "caf\u0065\u0301", "[bold]x[/bold]", "[/]", "[link=x]", "%(x)s", "{0}", "{",
    "\\", "'", '"', "`", "$HOME", "$(id)", "*", "?", "-", "--", "-1", "--json", "-h", "nan",
    "inf", "None", "null", "true", "<script>", "&amp;", "]]>", "# x", "a,b", "a;b", "=",
    "https://example.org/x", "<https://x.org>", "💊", "ß", "İ", "ǅ", "\u0301", "\u2028",
]  # fmt: skip
NUMBERS = [
    "0", "1", "-1", "0.5", "0.25", "1.5", "-0.5", "60", "60.5", "61", "100", "100.1", "2147483647",
    "2147483648", "9223372036854775807", "9223372036854775808", "-9223372036854775809",
    "1" + "0" * 39, "9" * 41, "0." + "0" * 38 + "1", "1e3", "1E-3", "1_0", "0x1F", "0o7", "0b1",
    "+1", " 1", "1 ", "1.", ".5", "00001", "-0", "+0", "-0.0", "1,5", "1.5.5", "1e400", "nan",
    "inf", "-inf", "١", "٣٫٥", "１２", "१०", "𝟏", "²", "½", "Ⅻ", "1/2", "١_٠", "999999", "1000001",
]  # fmt: skip


def _dates(today: date) -> list[str]:
    """Valid days around today first (the first eight), then boundaries and malformed ones."""
    return [
        "today", "yesterday", str(today), str(today - timedelta(1)), str(today - timedelta(40)),
        str(today + timedelta(1)), str(today + timedelta(60)), str(today + timedelta(400)),
        "TODAY", " today ", "tomorrow", str(today + timedelta(3650)), str(today - timedelta(3650)),
        "1950-01-01", "1949-12-31", "2149-12-31", "2150-01-01", "2199-12-31", "2200-01-01",
        "9999-12-31", "0001-01-01", "0000-01-01", "10000-01-01", "2026-02-29", "2028-02-29",
        "2026-13-01", "2026-00-10", "2026-01-32", "2026-1-1", "20261120", "2026/11/20",
        "2026-11-20T10:00", "2026-11-20 ", "26-11-20", "Nov 20 2026", "-2026-11-20",
        "٢٠٢٦-١١-٢٠", "２０２６-１１-２０", "2026-11-20\n", "2026‐11‐20",
    ]  # fmt: skip


def _long_names() -> list[str]:
    """File names of 236 to 260 bytes and more (a name may have 255), paths over PATH_MAX."""
    names = ["n" * size + ".md" for size in (233, 236, 237, 238, 240, 245, 250, 252, 253, 257)]
    names += ["é" * 120 + ".md", "é" * 128 + ".md", "x" * 300]
    names.append("/".join(["d" * 200] * 21) + "/x.md")  # over PATH_MAX
    names.append(f"{HERE}/" + "/".join(["d" * 50] * 90))
    return names


# Files every case folder holds (`stage`), and paths of every kind. HERE and ~ are inside it.
PATHS = [
    "", "-", ".", "..", "./", "dir", "dir/", HERE, f"{HERE}/", "/dev/null", "nope/", "nope/x.toml",
    "nope/deeper/out.md", "plan.toml", "plan.toml.bak", "answers.toml", "ceus.csv", "proof.pdf",
    "plan.toml/x", "~", "~/x.md", "~nosuchuser/x", "a\nb.md", "\x1b[31m.md", "\udcff.md",
    "plän.md", " x.md", "x.md ", "-x.md", "dir/../x.md", "out.ics", "out.md", "out.html",
    "out.svg", "out.toml", "x", f"{HERE}/out.md", "CON", "a:b", "plan.", "*.md", "dir/plan.toml",
    "linked.md", "dangling.md", "loop.md", "fifo", "readonly.md", "dir/sub/", *_long_names(),
]  # fmt: skip
CSV_FILES = [
    "ceus.csv", "ceus-crlf.csv", "ceus-cr.csv", "ceus-semicolon.csv", "ceus-bom.csv",
    "ceus-sep.csv", "ceus-header.csv", "ceus-empty.csv", "ceus-wide.csv", "ceus-quote.csv",
    "ceus-latin1.csv", "ceus-450.csv", "ceus-many.csv", "ceus-bad.csv",
]  # fmt: skip

# Valid values of an option, by its metavar, where what completes it says nothing.
VALID_BY_METAVAR: dict[str, list[str]] = {
    "TYPE": ["certificate", "associate"],
    "BODY": ["CAAHEP", "ABHES", "caahep"],
    "ANSWER": ["yes", "no", "unknown"],
    "PACE": ["full-time", "part-time"],
    "ROUTE": ["ce", "exam"],
    "FORMAT": ["on-campus", "hybrid", "online-hybrid"],
    "URL": ["https://example.edu/ma", "http://x.org/a?b=c&d=e"],
    "TEXT": ["Good program", "Clinic on Main St", "x", "Called them: call back Monday."],
    "NAME": ["Valley College", "School 1", "School 0", "New One"],
    "NEW": ["Renamed", "School 2"],
    "N": ["1", "2", "3", "9", "12", "24"],
    "USD": ["0", "15000", "1000000", "12,500", "$9,500"],
    "PCT": ["0", "87.5", "100"],
    # issue 23: what a program asks before day one, and money
    "CHECK": ["background-check", "drug-screen", "immunizations,cpr-bls", "minimum-age"],
    "WHAT": ["Laptop", "Bus pass", "Pell grant (estimate)"],
    "AMOUNT": ["45", "1,250.50", "$600", "40-60", "0"],
    "LINE": ["background-check", "drug-screen", "cpr-bls", "immunizations", "1"],
    "N|LINE": ["1", "2", "background-check"],
    "KIND": ["cost", "aid"],
    "ID": ["coursework", "entry-checks", "exam-apply"],
    # issue 24: practice scores and the study settings
    "PERCENT": ["0", "72", "72%", "100", "85"],
    "SOURCE": ["aama", "other", "exam"],
    "on|off": ["on", "off"],
}
# Valid files, by the parameter's name.
VALID_FILES: dict[str, list[str]] = {
    "plan": ["plan.toml", f"{HERE}/plan.toml"],
    "answers": ["answers.toml", str(EXAMPLES / "military-medic.toml")],
    "save_answers": ["my-answers.toml", "nope/my-answers.toml"],
    "proof": ["proof.pdf", f"{HERE}/proof.pdf"],
    "file": CSV_FILES,
    "output": ["out.md", "out.ics", "out.html", "out.svg", "out.toml", "-", "dir/plan.md"],
}


class Draw(NamedTuple):
    """What one case is drawn with: its random numbers, the plan's facts, and how often a
    value is a valid one."""

    rng: random.Random
    facts: PlanFacts
    valid: float


def _phases() -> list[str]:
    from cmaplan.core.knowledge import load_knowledge

    phases = load_knowledge().phases
    return [*phases, *phases.values()]


def _valid(param: Param, draw: Draw) -> str:
    """A value the parameter is meant to take."""
    from cmaplan.cli.completing import SHELLS
    from cmaplan.core.model import Area
    from cmaplan.core.shipped import example_names
    from cmaplan.views.exports import FORMATS

    rng, facts = draw.rng, draw.facts
    ids = list(facts.ids) or ["resume"]
    match param.complete:
        case "step":
            return rng.choice(ids)
        case "target":
            step = rng.choice(ids)
            count = facts.items.get(step, 0)
            return f"{step}.{rng.randint(1, count)}" if count and rng.random() < 0.4 else step
        case "phase":
            return rng.choice(_phases())
        case "day":
            return rng.choice(_dates(facts.today)[:8])
        case "program":
            return rng.choice([*facts.programs, *facts.programs, "Valley College"])
        case "area":
            return rng.choice([a.value for a in Area])
        case "example":
            return rng.choice(example_names())
        case "shell":
            return rng.choice(SHELLS)
        case "command":
            return rng.choice([c.name for c in COMMANDS])
        case "format":
            return rng.choice([*FORMATS, "ical"])
    if param.metavar == "DATE":
        return rng.choice(_dates(facts.today)[:8])
    if param.name in VALID_FILES:
        return rng.choice(VALID_FILES[param.name])
    if param.metavar == "NAME" and facts.programs and rng.random() < 0.5:
        return rng.choice(facts.programs)
    return rng.choice(VALID_BY_METAVAR[param.metavar])


def _near(value: str, rng: random.Random) -> str:
    """A value a slip away from a valid one."""
    script = SCRIPTS[rng.choice(list(SCRIPTS))]
    changes: list[Callable[[str], str]] = [
        str.upper,
        str.title,
        lambda v: f" {v} ",
        lambda v: v + "x",
        lambda v: v[:-1],
        lambda v: v.replace("-", "_"),
        lambda v: v + ".",
        lambda v: "--" + v,
        lambda v: v + "\n",
        lambda v: v.replace(".", ","),
        lambda v: re.sub(r"(\d)(\d)", r"\1_\2", v),
        lambda v: "".join(script[int(c)] if c.isascii() and c.isdigit() else c for c in v),
        lambda v: v + ".0",
        lambda v: v + ".99",
        lambda v: v * 3,
        lambda v: v + rng.choice(WEIRD),
    ]
    return rng.choice(changes)(value)


def _hostile(param: Param, draw: Draw) -> str:
    """A boundary value for its kind, or anything at all."""
    rng = draw.rng
    kinds: list[list[str]] = [WEIRD]
    if param.value in ("whole", "number"):
        kinds += [NUMBERS, NUMBERS]
    if param.metavar == "DATE" or param.complete == "day":
        kinds += [_dates(draw.facts.today)] * 2
    if param.value == "path" or param.metavar == "FILE":
        kinds += [PATHS, PATHS]
    if param.complete in ("step", "target"):
        step = rng.choice(list(draw.facts.ids) or ["resume"])
        kinds.append([
            f"{step}.0", f"{step}.99", f"{step}.-1", f"{step}.", f".{step}", f"{step}.1.5",
            f"{step}.١", f"{step}..1", step.upper(), step[:3], "nope", f"{step}.{10**30}",
        ])  # fmt: skip
    if rng.random() < 0.06:
        size = rng.choice([80, 81, 200, 201, 500, 501, 2000, 2001, 2048, 2049, 5000, 60_000])
        piece = rng.choice(["x", "é", "💊", "a ", "\x1b"])
        return piece * min(size, HUGE // len(piece.encode()))
    return rng.choice(rng.choice(kinds))


def value(param: Param, draw: Draw) -> str:
    """A value for `param`: valid, near-valid or hostile, as the case's `valid` says."""
    roll = draw.rng.random()
    if roll < draw.valid:
        return _valid(param, draw)
    if roll < draw.valid + (1 - draw.valid) / 3:
        return _near(_valid(param, draw), draw.rng)
    return _hostile(param, draw)


def _option_words(param: Param, text: str, rng: random.Random) -> list[str]:
    word = rng.choice(param.words)
    roll = rng.random()
    if roll < 0.15 and word.startswith("--"):
        return [f"{word}={text}"]
    if roll < 0.22 and not word.startswith("--"):
        return [f"{word}{text}"]
    return [word, text]


def command_line(path: tuple[Command, ...], draw: Draw) -> list[str]:
    """The words of `path` and its parameters, as a person might type them."""
    rng = draw.rng
    command = path[-1]
    options: list[list[str]] = []
    arguments: list[str] = []
    for param in command.params:
        if rng.random() > (0.94 if param.required else 0.4):
            continue
        times = rng.choice([1, 1, 1, 2, 3, 25]) if param.many else 2 if rng.random() < 0.05 else 1
        for _ in range(times):
            if param.kind == "flag":
                word = param.off if param.off and rng.random() < 0.4 else param.words[0]
                options.append([f"{word}=yes" if rng.random() < 0.02 else word])
            elif param.kind == "option":
                options.append(_option_words(param, value(param, draw), rng))
            else:
                arguments.append(value(param, draw))
    dashes = bool(arguments) and any(a.startswith("-") for a in arguments) and rng.random() < 0.6
    rng.shuffle(options)
    at = rng.randint(0, len(options))
    words = [c.name for c in path] + [w for o in options[:at] for w in o]
    if dashes:  # everything after -- is an argument: the options go before it
        words += [w for o in options[at:] for w in o] + ["--", *arguments]
    else:
        words += arguments + [w for o in options[at:] for w in o]
    if rng.random() < 0.12 * (1.2 - draw.valid):  # a stray word, an unknown option...
        noise = rng.choice([
            "--bogus", "-x", "stray", "--", "-h", "--help", "", "--plan", "--version", "-",
            *(w for p in command.params for w in p.words),
        ])  # fmt: skip
        words.insert(rng.randint(1, len(words)), noise)
    if rng.random() < 0.03 and len(words) > 1:  # ... or one word too few
        words.pop(rng.randrange(1, len(words)))
    if rng.random() < 0.02:
        words[0] = _near(words[0], rng)
    return words


TOKENS = [
    *(c.name for c in COMMANDS), *(s.name for c in COMMANDS for s in c.subcommands),
    *(w for c in COMMAND_PATHS for p in c[-1].params for w in p.words),
    *PLAN.words, *VERSION.words, *HELP_WORDS, "--", "-", "x", "resume", "2026-11-20", "1",
]  # fmt: skip


def _global(rng: random.Random) -> list[str]:
    """Options before the command, now and then."""
    roll = rng.random()
    if roll < 0.07:
        return [PLAN.words[0], rng.choice(["plan.toml", f"{HERE}/plan.toml", *PATHS])]
    if roll < 0.075:
        return [PLAN.words[0], rng.choice(PATHS), PLAN.words[0], "plan.toml"]
    if roll < 0.09:
        return [f"{PLAN.words[0]}=plan.toml"]
    if roll < 0.10:
        return [rng.choice([*VERSION.words, *HELP_WORDS])]
    return []


COMPLETE_INSTRUCTIONS = [
    "complete_bash", "complete_zsh", "complete_fish", "complete_powershell", "complete_pwsh",
    "source_bash", "source_zsh", "source_fish", "bash_complete", "zsh_source", "bogus", " ",
    "1", "complete_bash\n", "complete_", "source_", "complete_\udcff", "complete_tcsh",
]  # fmt: skip


PLACES = ["0", "-1", "x", "", " 1", "1.5", "٣", "9" * 30, "\udcff", "-99", "1_0", "0x1"]


def _completion_env(words: list[str], rng: random.Random) -> dict[str, str | None]:
    """What a completion script sets, or a malformed version of it."""
    line = " ".join(["cmaplan", *words])
    if rng.random() < 0.3 and words:
        line = " ".join(["cmaplan", *words[:-1], words[-1][: rng.randint(0, len(words[-1]))]])
    if rng.random() < 0.1:
        line += rng.choice(["'", '"', "\\", " '", " "])
    count = len(line.split())
    env: dict[str, str | None] = {
        "_CMAPLAN_COMPLETE": rng.choice(COMPLETE_INSTRUCTIONS[:5] * 4 + COMPLETE_INSTRUCTIONS),
        "COMP_WORDS": line if rng.random() < 0.9 else None,
        "COMP_CWORD": rng.choice([str(count - 1), str(count), str(count + 5), *PLACES])
        if rng.random() < 0.92
        else None,
        "_TYPER_COMPLETE_ARGS": line if rng.random() < 0.8 else rng.choice(WEIRD),
        "_TYPER_COMPLETE_WORD_TO_COMPLETE": rng.choice([words[-1] if words else "", "", "\udcff"]),
    }
    if rng.random() < 0.5:
        env["_TYPER_COMPLETE_FISH_ACTION"] = rng.choice(["get-args", "is-args", "bogus", ""])
    return env


def _environment(draw: Draw) -> dict[str, str | None]:
    rng = draw.rng
    env: dict[str, str | None] = {}
    roll = rng.random()
    day = draw.facts.today
    if roll < 0.6:
        env["CMAPLAN_TODAY"] = str(day)
    elif roll < 0.8:
        later = day + timedelta(days=rng.choice([1, 30, 200, 400, 800, 1900, 3650, 7300]))
        env["CMAPLAN_TODAY"] = str(min(later, LAST_TODAY))
    else:
        env["CMAPLAN_TODAY"] = rng.choice([
            str(LAST_TODAY), "2150-01-01", "1950-01-01", "1949-12-31", str(day - timedelta(1)),
            str(day - timedelta(400)), "9999-12-31", "", "x", "today", "2026-02-30",
            " 2026-11-26", "٢٠٢٦-١١-٢٦", "\udcff",
        ])  # fmt: skip
    roll = rng.random()
    if roll < 0.15:
        env["COLUMNS"] = None
    elif roll < 0.3:
        env["COLUMNS"] = rng.choice(
            ["0", "1", "5", "19", "20", "-5", "x", "", "100000", "٣", "1e3", " 80", "80.5"]
        )
    else:
        env["COLUMNS"] = rng.choice(["40", "60", "80", "100", "120", "160", "250"])
    if rng.random() < 0.1:
        env["LINES"] = rng.choice(["0", "1", "x", "24", "100000"])
    env["NO_COLOR"] = rng.choice(["1", "1", None, None, "", "0"])
    if rng.random() < 0.05:  # the real clock, in a time zone far from UTC, or none it knows
        env["CMAPLAN_TODAY"] = None
        env["TZ"] = rng.choice(["UTC", "Pacific/Kiritimati", "Etc/GMT+12", "Nowhere/Else", ""])
    roll = rng.random()
    if roll < 0.04:  # where the data folder is, as the system says (inside the case folder)
        env["XDG_DATA_HOME"] = rng.choice(
            [None, "", "relative/data", f"{HERE}/plan.toml", "/dev/null"]
        )
    elif roll < 0.06:
        env["HOME"] = rng.choice(["home-relative", f"{HERE}/dir"])  # never "": ~/x is /x
    if rng.random() < 0.08:
        env["FORCE_COLOR"] = "1"
    if rng.random() < 0.3:
        env["TERM"] = rng.choice(["dumb", "xterm-256color", "vt100", ""])
    return env


# How often each plan is drawn: the plans whose commands reach furthest, most.
PLAN_WEIGHTS = {"changed": 4, "certified": 5, "hostile": 4, "renewed": 3, "far-future": 2}


def shape(seed: str, number: int) -> tuple[str, int]:
    """What case `number` of run `seed` is (completion, any words, commands) and how many
    invocations it makes: known without the plans, so a run can count its invocations first."""
    rng = random.Random(f"{seed}:{number}:shape")
    roll = rng.random()
    if roll < 0.07:  # completion, as the scripts call cmaplan back
        return "completion", 1
    if roll < 0.10:
        return "words", 1
    return "commands", rng.choice([1, 1, 1, 1, 2, 2, 3, 4])


def make_case(
    seed: str,
    number: int,
    plans: Sequence[str],
    facts: dict[str, PlanFacts],
    most: int = 4,
) -> Case:
    """Case `number` of the run `seed` (at most `most` invocations): the same case whatever
    ran before it."""
    rng = random.Random(f"{seed}:{number}")
    plan = rng.choices(list(plans), [PLAN_WEIGHTS.get(p, 1) for p in plans])[0]
    draw = Draw(rng, facts[plan], rng.choice([0.97, 0.9, 0.75, 0.5, 0.25]))
    env = _environment(draw)
    roll = rng.random()
    default_folder = False
    if roll < 0.07:
        env["CMAPLAN_PLAN"] = None  # the data folder's plan.toml
        default_folder = True
    elif roll < 0.10:
        env["CMAPLAN_PLAN"] = rng.choice(PATHS)
    kind, count = shape(seed, number)
    lines: list[list[str]] = []
    if kind == "completion":  # as the scripts call cmaplan back
        words = command_line(rng.choice(COMMAND_PATHS), draw)
        env.update(_completion_env(words, rng))
        lines.append([] if rng.random() < 0.8 else words)
    elif kind == "words":  # any words at all
        lines.append([rng.choice(TOKENS + WEIRD) for _ in range(rng.randint(0, 6))])
    else:  # one command, or a few on the same plan (what one leaves, the next reads)
        for _ in range(min(count, most)):
            lines.append(_global(rng) + command_line(rng.choice(COMMAND_PATHS), draw))
    encoding = rng.choice(["utf-8"] * 16 + ["ascii", "cp1252", "latin-1"])
    stdout = rng.choice(["pipe"] * 30 + [*STDOUTS])
    shaped = tuple(tuple(line) for line in lines)
    return Case(number, plan, shaped, tuple(env.items()), encoding, default_folder, stdout)


# --- a run --------------------------------------------------------------------------------------


def _placed(text: str, here: Path) -> str:
    return text.replace(HERE, str(here))


def _case_env(case: Case, folder: Path, here: Path) -> dict[str, str]:
    env = base_env(folder)
    for key, setting in case.env:
        if setting is None:
            env.pop(key, None)
        else:
            env[key] = _placed(setting, here)
    return env


def _where(debug: Outcome) -> str:
    """Where a CMAPLAN_DEBUG=1 run broke: the last frame in cmaplan's own code, the frame that
    raised when it is elsewhere (the standard library, a test), and the exception."""
    lines = debug.stderr.strip().splitlines()
    frames = [ln.strip() for ln in lines if ln.strip().startswith('File "')]
    own = [f for f in frames if "/cmaplan/" in f]

    def short(frame: str) -> str:
        return re.sub(r'File ".*?/((cmaplan|tests|python3\.\d+)/[^"]*)", line (\d+), in',
                      r"\1:\3", frame)  # fmt: skip

    shown = [short(f) for f in dict.fromkeys([*own[-1:], *frames[-1:]])]
    return " > ".join(shown) + f": {lines[-1][:160] if lines else ''}"


class Worker:
    """Runs cases in one process, in its own scratch folder, against plans it made itself."""

    def __init__(self, scratch: Path | None = None) -> None:
        shm = Path("/dev/shm")
        base = scratch or (shm if shm.is_dir() and os.access(shm, os.W_OK) else None)
        self.folder = Path(tempfile.mkdtemp(prefix="cmaplan-fuzz-", dir=base))
        self.fixtures = build_fixtures(self.folder / "plans")
        self.plans = sorted([*self.fixtures.facts])
        self.case_folder = self.folder / "case"

    def close(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)

    def case(self, seed: str, number: int, most: int = 4) -> Case:
        return make_case(seed, number, self.plans, self.fixtures.facts, most)

    def run(
        self, case: Case, runner: Runner = run_in_process, *, debug: bool = False
    ) -> list[Outcome]:
        """Each invocation of `case`, in a fresh case folder; what each did."""
        here = stage(case, self.fixtures, self.case_folder)
        env = _case_env(case, self.case_folder, here)
        if debug:
            env["CMAPLAN_DEBUG"] = "1"
        shown = str(here)
        outcomes = []
        for line in case.lines:
            words = [_placed(a, here) for a in line]
            outcome = runner(words, env, here, case.encoding, case.stdout)
            outcomes.append(
                outcome._replace(
                    stdout=outcome.stdout.replace(shown.encode(), HERE.encode()),
                    stderr=outcome.stderr.replace(shown, HERE).replace(
                        str(self.case_folder), "@CASE@"
                    ),
                )
            )
        return outcomes

    def check(self, case: Case, *, compare: bool = False) -> tuple[list[Outcome], list[Finding]]:
        """Run `case` (and through the real script too, with `compare`); what it broke."""
        outcomes = self.run(case)
        findings = []
        debugged: list[Outcome] = []
        for line, outcome in enumerate(outcomes):
            for problem in problems(case, outcome):
                where = ""
                if problem in ("internal error", "traceback"):
                    debugged = debugged or self.run(case, debug=True)
                    where = _where(debugged[line])
                findings.append(
                    Finding(case, line, problem, outcome.code, outcome.stderr[-2000:], where)
                )
        if compare:
            for line, (real, outcome) in enumerate(
                zip(self.run(case, run_in_subprocess), outcomes, strict=True)
            ):
                if real[:3] != outcome[:3]:
                    said = f"in-process: {outcome.code} {outcome.stderr[:300]!r} "
                    said += f"{outcome.stdout[:200]!r}\n"
                    said += f"script: {real.code} {real.stderr[:300]!r} {real.stdout[:200]!r}"
                    problem = "the script did otherwise"
                    findings.append(Finding(case, line, problem, real.code, said, ""))
                findings += [
                    Finding(case, line, f"script: {p}", real.code, real.stderr[-2000:], "")
                    for p in problems(case, real)
                ]
        return outcomes, findings


class Tally(NamedTuple):
    """What a run did: its invocations (and cases), their exit codes, what broke a rule."""

    runs: int
    cases: int
    codes: Counter[int]
    findings: list[Finding]
    seconds: float
    compared: int  # invocations also run through the script
    slowest: list[tuple[float, str]]  # the longest invocations (seconds, what they were)

    def __add__(self, other: object) -> Tally:
        assert isinstance(other, Tally)
        return Tally(
            self.runs + other.runs,
            self.cases + other.cases,
            self.codes + other.codes,
            self.findings + other.findings,
            self.seconds + other.seconds,
            self.compared + other.compared,
            sorted(self.slowest + other.slowest, reverse=True)[:SLOWEST],
        )


SLOWEST = 5
NOTHING = Tally(0, 0, Counter(), [], 0.0, 0, [])
_WORKER: Worker | None = None


def _init_worker() -> None:
    global _WORKER
    _WORKER = Worker()


def plan_run(seed: str, runs: int, start: int = 0) -> list[tuple[int, int]]:
    """The cases (number, invocations) that make `runs` invocations, from case `start`."""
    cases: list[tuple[int, int]] = []
    number, left = start, runs
    while left > 0:
        count = min(shape(seed, number)[1], left)
        cases.append((number, count))
        left -= count
        number += 1
    return cases


@contextlib.contextmanager
def _watchdog(case: Case) -> Iterator[None]:
    """A case that hangs ends the run, loudly, with where it hung (a thread for this, as
    faulthandler.dump_traceback_later makes, costs more than most invocations)."""

    def hung(signum: int, frame: object) -> None:
        print(f"case {case.number} hung: {case.shown()}", file=sys.stderr, flush=True)
        faulthandler.dump_traceback()
        os._exit(3)

    if not hasattr(signal, "SIGALRM") or threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGALRM, hung)
    signal.alarm(TIMEOUT)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def run_cases(
    worker: Worker, seed: str, cases: Sequence[tuple[int, int]], *, every: int = SUBPROCESS_EVERY
) -> Tally:
    """Run `cases` (number, invocations) of run `seed`; every `every`-th through the script
    too."""
    codes: Counter[int] = Counter()
    findings: list[Finding] = []
    started = time.perf_counter()
    compared = runs = 0
    slowest: list[tuple[float, str]] = []
    for number, most in cases:
        case = worker.case(seed, number, most)
        compare = bool(every) and number % every == 0
        with _watchdog(case):
            outcomes, found = worker.check(case, compare=compare)
        runs += len(outcomes)
        compared += len(outcomes) if compare else 0
        codes.update(o.code for o in outcomes)
        findings += found
        slowest += [(o.seconds, f"case {number}: {case.shown(n)}") for n, o in enumerate(outcomes)]
        slowest = sorted(slowest, reverse=True)[:SLOWEST]
    seconds = time.perf_counter() - started
    return Tally(runs, len(cases), codes, findings, seconds, compared, slowest)


def _chunk(task: tuple[str, list[tuple[int, int]], int]) -> Tally:
    seed, cases, every = task
    assert _WORKER is not None
    return run_cases(_WORKER, seed, cases, every=every)


def run_all(seed: str, runs: int, workers: int, every: int, start: int = 0) -> Tally:
    """`runs` invocations over `workers` processes."""
    cases = plan_run(seed, runs, start)
    size = 50
    tasks = [(seed, cases[n : n + size], every) for n in range(0, len(cases), size)]
    total = NOTHING
    started = time.perf_counter()
    with ProcessPoolExecutor(workers, initializer=_init_worker) as pool:
        for done, tally in enumerate(pool.map(_chunk, tasks), 1):
            total += tally
            if done % 40 == 0 or done == len(tasks):
                said = f"  {total.runs} invocations, {len(total.findings)} findings"
                print(said, file=sys.stderr, flush=True)
    return total._replace(seconds=time.perf_counter() - started)


def report(tally: Tally, seed: str) -> str:
    """The figures, and each class of finding with its first case."""
    lines = [
        f"seed {seed}: {tally.runs} invocations ({tally.cases} cases) in {tally.seconds:.0f} s; "
        f"{tally.compared} also through the script",
        "exit codes: " + ", ".join(f"{c}: {n}" for c, n in sorted(tally.codes.items())),
        f"findings: {len(tally.findings)}",
        "slowest: " + "; ".join(f"{s:.2f} s ({what[:300]})" for s, what in tally.slowest),
    ]
    kinds: dict[str, list[Finding]] = {}
    for finding in tally.findings:
        kinds.setdefault(finding.kind, []).append(finding)
    for kind, found in sorted(kinds.items(), key=lambda kv: -len(kv[1])):
        first = found[0]
        lines += [
            f"\n{len(found)} x {kind}",
            f"  case {first.case.number}: {first.case.shown(first.line)}",
            f"  exit {first.code}: {first.stderr.strip()[-400:]}",
        ]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.clifuzz", description=__doc__)
    parser.add_argument("--runs", type=int, default=20_000)
    parser.add_argument("--seed", default="issue-21")
    parser.add_argument("--start", type=int, default=0, help="the first case's number")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--every", type=int, default=SUBPROCESS_EVERY, help="0: no script runs")
    parser.add_argument("--case", type=int, help="run this one case and show what it did")
    parser.add_argument("--json", type=Path, help="also write the findings to this file")
    options = parser.parse_args(argv)
    if options.case is not None:
        worker = Worker()
        try:
            case = worker.case(options.seed, options.case)
            print(case.shown())
            outcomes, findings = worker.check(case, compare=True)
            for line, (outcome, debug) in enumerate(
                zip(outcomes, worker.run(case, debug=True), strict=True)
            ):
                print(f"--- {line}: exit {outcome.code}; stdout:")
                print(outcome.stdout.decode("utf-8", "replace"))
                print(f"--- stderr:\n{outcome.stderr}")
                if debug.code == 70 or "Traceback" in debug.stderr:
                    print(f"--- with CMAPLAN_DEBUG=1:\n{debug.stderr}")
            for finding in findings:
                print(f"FINDING in {finding.line}: {finding.kind}\n{finding.stderr}")
        finally:
            worker.close()
        return 1 if findings else 0
    tally = run_all(options.seed, options.runs, options.workers, options.every, options.start)
    print(report(tally, options.seed))
    if options.json:
        rows = [{**f._asdict(), "case": f.case._asdict(), "kind": f.kind} for f in tally.findings]
        options.json.write_text(json.dumps(rows, indent=1, ensure_ascii=True), "utf-8")
    return 1 if tally.findings else 0


@functools.cache
def _typer_command_cached() -> None:
    """typer builds its click command from the app's signatures on every call; the `cmaplan`
    script builds it once per process, and so does this run (as tests/conftest.py does)."""
    import typer.main

    typer.main.get_command = functools.cache(typer.main.get_command)


_typer_command_cached()

if __name__ == "__main__":
    raise SystemExit(main())
