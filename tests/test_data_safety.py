"""The data-safety promises of README's "Your data", each proven (issue 10).

Subprocess tests run the installed program as a person would: killed mid-save, racing itself,
on a full disk, without permission, behind a symlink, on odd terminals and encodings.
"""

from __future__ import annotations

import errno
import os
import random
import shutil
import socket
import stat
import subprocess
import sys
import time
import tomllib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from tests.conftest import EXAMPLES, LEARN, cli

runner = CliRunner()
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
POSIX = pytest.mark.skipif(sys.platform == "win32", reason="POSIX file semantics")
NOBODY = 65534


def run(*args: str, env: dict[str, str] | None = None, code: int = 0) -> Result:
    """cmaplan ARGS; the test fails unless it exits with `code` (conftest.cli)."""
    return cli(*args, code=code, env=env)


def one_line(result: Result, code: int) -> str:
    assert result.exit_code == code, (result.exit_code, result.stdout, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("cmaplan: ")
    assert "Traceback" not in result.stderr
    return lines[0]


def init(example: str = "img-residency", *extra: str) -> None:
    result = run("init", "--example", example, *extra)
    assert result.exit_code == 0, result.stderr


def cmaplan(
    plan: Path,
    *args: str,
    env: dict[str, str] | None = None,
    preexec: Callable[[], None] | None = None,
    stdin: Any = subprocess.DEVNULL,
    timeout: float = 30,
    code: int | None = 0,
) -> subprocess.CompletedProcess[str]:
    """cmaplan as a separate process, with its own plan; the test fails unless it exits with
    `code` (None: the test checks the code itself) and without a traceback."""
    full = {**os.environ, "CMAPLAN_PLAN": str(plan), **(env or {})}
    done = subprocess.run(
        [sys.executable, "-m", "cmaplan", *args],
        env=full,
        capture_output=True,
        encoding="utf-8",
        errors="replace",  # a test may ask for another encoding
        stdin=stdin,
        preexec_fn=preexec,
        timeout=timeout,
        check=False,
    )
    if code is not None and done.returncode != code and LEARN:
        caller = sys._getframe(1)
        with open(LEARN, "a", encoding="utf-8") as out:
            out.write(f"{caller.f_code.co_filename}:{caller.f_lineno}:{done.returncode}\n")
        return done
    assert code is None or done.returncode == code, (args, done.returncode, done.stderr)
    assert "Traceback" not in done.stderr, done.stderr
    return done


def temp_files(folder: Path) -> list[Path]:
    return [p for p in folder.iterdir() if p.name.endswith(".tmp")]


# --- 1. Text from a file is data, never markup or terminal control -----------------------------

HOSTILE = "[/] [red]red[/red] [link=https://example.com]x[/link] \x1b[31mESC\x1b[0m bell\x07"


def test_hostile_text_prints_literally_in_every_view(plan_path: Path, tmp_path: Path) -> None:
    answers = tmp_path / "answers.toml"
    text = (EXAMPLES / "img-residency.toml").read_text()
    answers.write_text(text.replace('name = "Amina"', 'name = "[bold]Am\\u001bina[/"'))
    assert run("init", "--answers", str(answers)).exit_code == 0
    assert run("check", "transcripts", "--note", HOSTILE).exit_code == 0
    doc = plan_path.read_text().replace('note = ""', 'note = "nul\\u0000here"', 1)
    plan_path.write_text(doc)
    outputs = [
        run("timeline", env={"COLUMNS": "140"}).stdout,
        run("status", "--history").stdout,
        run("show", "transcripts").stdout,
        run("show", "translation").stdout,
        run("check", "translation.1").stdout,
        run("note", "translation", "[/]").stdout,
    ]
    for out in outputs:
        assert "\x1b" not in out  # NO_COLOR is set: any ESC would be the note's own
        assert "\x07" not in out
        assert "\x00" not in out
    assert "[red]red[/red]" in outputs[2]
    assert "␛[31mESC␛[0m bell␇" in outputs[2]
    assert "[bold]Am␛ina[/'s plan" in outputs[1]


def test_a_hostile_plan_path_is_shown_as_visible_text(tmp_path: Path) -> None:
    plan = tmp_path / "\x1b]0;pwned\x07.toml"
    assert run("--plan", str(plan), "init", "--example", "img-residency").exit_code == 0
    for args in (["show", "transcripts"], ["status", "--history"], ["check", "transcripts"]):
        out = run("--plan", str(plan), *args)
        assert out.exit_code == 0, out.stderr
        assert "\x1b" not in out.stdout + out.stderr
        assert "\x07" not in out.stdout + out.stderr


def test_interview_lines_show_answers_as_visible_text() -> None:
    from cmaplan.interview.flow import wrap

    shown = wrap("You: Am\x1b[31mina\x07\x00\x9b \u202eevil\u2028next")
    assert not any(char in shown for char in "\x1b\x07\x00\x9b\u202e\u2028")
    assert "Am␛[31mina␇␀" in shown


# --- 2. Only regular files are read or written -------------------------------------------------


@POSIX
@pytest.mark.parametrize("kind", ["folder", "fifo", "socket", "device"])
def test_odd_files_are_refused_at_once(kind: str, tmp_path: Path) -> None:
    odd = tmp_path / "odd"
    if kind == "folder":
        odd.mkdir()
    elif kind == "fifo":
        os.mkfifo(odd)
    elif kind == "socket":
        with socket.socket(socket.AF_UNIX) as server:
            server.bind(str(odd))  # the socket file stays after the socket is closed
    else:
        odd = Path("/dev/zero")
    for args in (["status"], ["init", "--example", "military-medic"]):
        result = cmaplan(
            odd, *args, timeout=10, code=74
        )  # a FIFO must not hang, /dev/zero not fill memory
        assert result.returncode == 74, (args, result.stderr)
        assert len(result.stderr.strip().splitlines()) == 1
    plan = tmp_path / "plan.toml"
    result = cmaplan(plan, "init", "--answers", str(odd), timeout=10, code=74)
    assert result.returncode == 74
    result = cmaplan(
        plan, "init", "--example", "military-medic", "--save-answers", str(odd), code=74
    )
    assert result.returncode == 74
    assert not plan.exists()  # refused before anything was written
    if kind == "device":
        assert stat.S_ISCHR(os.stat(odd).st_mode)


def test_files_above_the_size_limit_are_refused_before_reading(plan_path: Path) -> None:
    plan_path.parent.mkdir(parents=True)
    plan_path.write_bytes(b"# " + b"x" * (5 * 1024 * 1024))
    line = one_line(run("status", code=65), 65)
    assert "too large" in line


# --- 3. A symlinked plan stays a symlink ---------------------------------------------------------


@POSIX
def test_saving_through_a_symlink_writes_the_target(tmp_path: Path) -> None:
    real = tmp_path / "real" / "plan.toml"
    real.parent.mkdir()
    link = tmp_path / "plan.toml"
    link.symlink_to(real)
    assert cmaplan(link, "init", "--example", "img-residency").returncode == 0
    assert cmaplan(link, "check", "transcripts").returncode == 0
    assert link.is_symlink()
    assert tomllib.loads(real.read_text())["steps"][0]["done"] is True
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.toml", "real"]
    assert (real.parent / "plan.toml.bak").exists()


def test_a_symlinked_backup_is_replaced_and_what_it_points_to_is_left_alone(
    plan_path: Path, tmp_path: Path
) -> None:
    init()
    other = tmp_path / "someone-elses.txt"
    other.write_text("not yours to overwrite")
    backup = plan_path.with_name("plan.toml.bak")
    backup.unlink(missing_ok=True)
    backup.symlink_to(other)
    assert run("check", "transcripts").exit_code == 0
    assert other.read_text() == "not yours to overwrite"
    assert not backup.is_symlink()
    assert backup.read_text().startswith("schema = 2")


@pytest.mark.parametrize("target", ["plan.toml", "plan.toml.bak"])
def test_save_answers_onto_the_plan_is_refused(target: str, plan_path: Path) -> None:
    init()
    run("check", "transcripts")
    before = {p.name: p.read_bytes() for p in plan_path.parent.iterdir()}
    line = one_line(
        run(
            "init",
            "--example",
            "military-medic",
            "--force",
            "--save-answers",
            str(plan_path.parent / target),
            code=64,
        ),
        64,
    )
    assert "would overwrite your plan's own files" in line
    assert {p.name: p.read_bytes() for p in plan_path.parent.iterdir()} == before


# --- 4. Every failure of the system is one sentence and exit 74 --------------------------------


def as_user(plan: Path, *args: str) -> tuple[int, str]:
    """cmaplan run by a user without privileges (nobody) when the tests run as root, else by
    the test's own user: (exit code, stderr).

    The interpreter may live where nobody cannot read (root's home), so the child is forked
    from this process with cmaplan already imported, and drops its privileges before it runs.
    """
    # Loaded now: nobody may not be able to read the standard library where it is installed.
    import difflib  # noqa: F401
    import encodings.utf_8_sig  # noqa: F401
    import fcntl  # noqa: F401
    import grp  # noqa: F401
    import json  # noqa: F401
    import pwd  # noqa: F401
    import secrets  # noqa: F401 - init's plan uid
    import tempfile  # noqa: F401
    import textwrap  # noqa: F401

    import cmaplan.cli
    import cmaplan.core.schedule
    import cmaplan.storage.files
    import cmaplan.storage.lock
    import cmaplan.storage.store

    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns
        code = 99
        try:
            sys.stderr = os.fdopen(write_end, "w")  # pytest has replaced the standard streams
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - the child ends with os._exit
            if IS_ROOT:
                os.setgid(NOBODY)
                os.setuid(NOBODY)
            os.environ["CMAPLAN_PLAN"] = str(plan)
            try:
                cmaplan.cli.app(args=list(args), prog_name="cmaplan")
                code = 0
            except SystemExit as exit_:
                code = int(exit_.code or 0)
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(code)
    os.close(write_end)
    with os.fdopen(read_end) as errors:
        stderr = errors.read()
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status), stderr


@pytest.fixture
def nobody_folder(tmp_path: Path) -> Iterator[Path]:
    """A folder that a user without privileges owns when the tests run as root (made where that
    user can reach it), or the test's own folder otherwise (then file modes already apply)."""
    if not IS_ROOT:
        yield tmp_path
        os.chmod(tmp_path, 0o700)
        return
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="cmaplan-nobody-"))
    os.chmod(folder, 0o755)
    os.chown(folder, NOBODY, NOBODY)
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@POSIX
def test_an_unwritable_folder_is_exit_74_and_the_plan_is_intact(nobody_folder: Path) -> None:
    plan = nobody_folder / "plan.toml"
    assert as_user(plan, "init", "--example", "img-residency")[0] == 0
    before = plan.read_bytes()
    os.chmod(nobody_folder, 0o500)
    code, stderr = as_user(plan, "check", "transcripts")
    assert code == 74, stderr
    assert stderr.startswith("cmaplan: ")
    assert len(stderr.strip().splitlines()) == 1
    assert plan.read_bytes() == before


@POSIX
def test_a_folder_out_of_reach_is_exit_74_for_every_command(nobody_folder: Path) -> None:
    closed = nobody_folder / "closed"
    closed.mkdir()
    (closed / "inner").mkdir()
    if IS_ROOT:
        os.chown(closed, NOBODY, NOBODY)
    os.chmod(closed, 0)
    plan = closed / "inner" / "plan.toml"
    for args in (("init", "--example", "img-residency"), ("status",), ("timeline",)):
        code, stderr = as_user(plan, *args)
        assert code == 74, stderr
        assert stderr.startswith("cmaplan: cannot ")
        assert "Permission denied" in stderr
        assert len(stderr.strip().splitlines()) == 1
    os.chmod(closed, 0o700)


@POSIX
def test_an_unreadable_plan_or_answers_file_is_exit_74(nobody_folder: Path) -> None:
    plan = nobody_folder / "plan.toml"
    assert as_user(plan, "init", "--example", "img-residency")[0] == 0
    os.chmod(plan, 0)
    code, stderr = as_user(plan, "status")
    assert code == 74, stderr
    assert "cannot" in stderr
    answers = nobody_folder / "answers.toml"
    shutil.copy(EXAMPLES / "military-medic.toml", answers)
    os.chmod(answers, 0)
    code, stderr = as_user(nobody_folder / "other.toml", "init", "--answers", str(answers))
    assert code == 74, stderr


def test_a_full_disk_leaves_the_old_plan_intact(
    plan_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    init()
    before = plan_path.read_bytes()

    def full(*args: Any, **kwargs: Any) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "replace", full)
    line = one_line(run("check", "transcripts", code=74), 74)
    assert "No space left on device" in line
    assert plan_path.read_bytes() == before
    assert temp_files(plan_path.parent) == []


@pytest.mark.skipif(not IS_ROOT or sys.platform != "linux", reason="mounting a tmpfs needs root")
def test_a_really_full_tmpfs_leaves_the_old_plan_intact(tmp_path: Path) -> None:
    disk = tmp_path / "disk"
    disk.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=128k", "tmpfs", str(disk)], capture_output=True
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.decode().strip()}")
    try:
        plan = disk / "plan.toml"
        assert cmaplan(plan, "init", "--example", "img-residency").returncode == 0
        before = plan.read_bytes()
        fd = os.open(disk / "filler", os.O_WRONLY | os.O_CREAT)

        def fill() -> None:
            while True:
                os.write(fd, b"x" * 1024)

        with pytest.raises(OSError, match="No space left"):  # fill the disk to the last byte
            fill()
        os.close(fd)
        result = cmaplan(plan, "check", "transcripts", "--note", "a" * 1500, code=74)
        assert result.returncode == 74, result.stderr
        assert len(result.stderr.strip().splitlines()) == 1
        assert plan.read_bytes() == before
        assert temp_files(disk) == []
        # Answers that cannot be written leave a plan elsewhere as it was.
        elsewhere = tmp_path / "plan.toml"
        assert cmaplan(elsewhere, "init", "--example", "img-residency").returncode == 0
        kept = elsewhere.read_bytes()
        answers = str(disk / "answers.toml")
        result = cmaplan(
            elsewhere,
            "init",
            "--force",
            "--example",
            "military-medic",
            "--save-answers",
            answers,
            code=74,
        )
        assert elsewhere.read_bytes() == kept
    finally:
        subprocess.run(["umount", str(disk)], check=False)


def test_the_lock_is_the_systems_on_a_file_only_its_owner_can_open(plan_path: Path) -> None:
    from cmaplan.core.errors import StorageError
    from cmaplan.storage import store

    init()
    names = {p.name for p in plan_path.parent.iterdir()}
    with store.locked(plan_path):
        busy = pytest.raises(StorageError, match="is busy")
        with busy, store.locked(plan_path, timeout=0.2):
            pass
    assert {p.name for p in plan_path.parent.iterdir()} == names  # the lock file stays
    lock = plan_path.with_name("plan.toml.lock")
    if sys.platform != "win32":
        assert lock.stat().st_mode & 0o777 == 0o600


# --- 5. Exit 70 never follows a save; no stdin is "no terminal" ---------------------------------


@POSIX
def test_a_closed_pipe_after_a_save_keeps_the_save(tmp_path: Path) -> None:
    plan = tmp_path / "plan.toml"
    assert cmaplan(plan, "init", "--example", "img-residency").returncode == 0
    env = {**os.environ, "CMAPLAN_PLAN": str(plan)}
    result = subprocess.run(
        [
            "bash",
            "-c",
            f"'{sys.executable}' -m cmaplan check transcripts | head -c0; "
            'echo "rc=${PIPESTATUS[0]}"',
        ],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert "rc=70" not in result.stdout
    assert "internal error" not in result.stderr
    assert "not changed" not in result.stderr
    assert tomllib.loads(plan.read_text())["steps"][0]["done"] is True


def test_ctrl_c_while_starting_is_quiet(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import builtins

    from cmaplan import entry

    real_import = builtins.__import__

    def interrupted_import(name: str, *args: Any, **kwargs: Any) -> Any:
        if name == "cmaplan.cli":
            raise KeyboardInterrupt
        return real_import(name, *args, **kwargs)

    # A command line only the typer app takes (the quick path leaves help pages to it).
    monkeypatch.setattr(sys, "argv", ["cmaplan", "init", "--help"])
    monkeypatch.setattr(builtins, "__import__", interrupted_import)
    with pytest.raises(SystemExit) as stopped:
        entry.main()
    assert stopped.value.code == 130
    assert capsys.readouterr().err == "cmaplan: interrupted; nothing was changed.\n"


def test_ctrl_c_after_a_save_says_the_plan_was_saved(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from cmaplan.commands.context import Run

    run = Run()
    run.files.saved.append(Path("plan.toml"))  # what this run saved, as store.save_plan records
    with pytest.raises(SystemExit) as stopped, run.errors():
        raise KeyboardInterrupt
    assert stopped.value.code == 130
    assert "interrupted after your plan was saved" in capsys.readouterr().err


@POSIX
@pytest.mark.parametrize("how", ["devnull", "closed"])
def test_no_stdin_is_no_terminal(how: str, tmp_path: Path) -> None:
    plan = tmp_path / "plan.toml"
    preexec = (lambda: os.close(0)) if how == "closed" else None
    result = cmaplan(plan, "init", preexec=preexec, stdin=subprocess.DEVNULL, code=64)
    assert result.returncode == 64, result.stderr
    assert "no terminal" in result.stderr


# --- 6. Values at the limits are refused, not crashed on ------------------------------------


@pytest.mark.parametrize(
    ("edit", "code"),
    [
        (lambda d: d.replace("schema = 2", "schema = true"), 65),
        (lambda d: d.replace("schema = 2", "schema = 2.0"), 65),
        (lambda d: d.replace("created = 2026-11-26", "created = 9999-12-31"), 65),
        (lambda d: "deep = " + "[" * 500 + "]" * 500 + "\n" + d, 65),
        (lambda d: "deep = " + "[" * 40 + "]" * 40 + "\n" + d, 65),
        (lambda d: "deep" + ".a" * 1000 + " = 1\n" + d, 65),
        (lambda d: d.replace("schema = 2", "schema = " + "9" * 5000), 65),
        (
            lambda d: (
                d
                + "\n[[history]]\n"
                + "on = 2026-11-26\nstep = 'x'\naction = 'note'\n"
                + "detail = '"
                + "y" * 5000
                + "'\n"
            ),
            65,
        ),
    ],
    ids=[
        "schema-true",
        "schema-float",
        "year-9999",
        "nested",
        "nested-40",
        "dotted-keys",
        "long-integer",
        "absurd-history",
    ],
)
def test_plan_files_at_the_limits_are_refused(
    edit: Callable[[str], str], code: int, plan_path: Path
) -> None:
    init()
    plan_path.write_text(edit(plan_path.read_text()))
    one_line(run("status", code=65), code)


def test_brackets_in_text_never_make_the_plan_unreadable(plan_path: Path) -> None:
    """Notes and answers are text: any number of brackets in them is fine, however many
    times the undo stack copies them."""
    init()
    assert run("note", "transcripts", "options: [a) call, [b) email " + "[" * 40).exit_code == 0
    for _ in range(20):
        assert run("check", "transcripts").exit_code == 0
        assert run("check", "--undo", "transcripts").exit_code == 0
    result = run("status")
    assert result.exit_code == 0, result.stderr
    assert run("undo").exit_code == 0


def test_an_absurd_note_is_refused_before_it_is_saved(plan_path: Path) -> None:
    init()
    before = plan_path.read_bytes()
    line = one_line(run("note", "transcripts", "n" * 3000, code=64), 64)
    assert "keep it to 2,000" in line
    assert plan_path.read_bytes() == before


# --- 7. Output never crashes on the terminal it is given ------------------------------------


@pytest.mark.parametrize(
    "env",
    [
        {"PYTHONIOENCODING": "ascii"},
        {"PYTHONIOENCODING": "latin-1"},
        {"LANG": "C", "LC_ALL": "C"},
        {"TERM": "dumb"},
        {"COLUMNS": "20"},
        {"COLUMNS": "33"},
        {"COLUMNS": "500"},
    ],
    ids=lambda e: "-".join(f"{k}={v}" for k, v in e.items()),
)
def test_output_never_crashes(env: dict[str, str], tmp_path: Path) -> None:
    plan = tmp_path / "plan.toml"
    assert cmaplan(plan, "init", "--example", "img-residency", env=env).returncode == 0
    for args in (["timeline"], ["status", "--history"], ["show", "transcripts"], ["--help"]):
        result = cmaplan(plan, *args, env=env)
        assert result.returncode == 0, (args, result.stderr)
        assert "Traceback" not in result.stderr
    if env.get("PYTHONIOENCODING") == "ascii":  # ✔, ░ ... get plain stand-ins, not "?"
        out = cmaplan(plan, "timeline", env=env).stdout
        assert "?" not in out
        assert "# done  = under way  : planned" in out


@POSIX
def test_a_dumb_terminal_gets_its_own_width(tmp_path: Path) -> None:
    """rich assumes 80 columns when TERM=dumb; cmaplan asks the terminal instead."""
    import pexpect

    plan = tmp_path / "plan.toml"
    assert cmaplan(plan, "init", "--example", "img-residency").returncode == 0
    env = {
        **{k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")},
        "CMAPLAN_PLAN": str(plan),
        "CMAPLAN_TODAY": "2026-11-26",
        "TERM": "dumb",
    }
    for args in (["status"], ["timeline"]):
        child: Any = pexpect.spawn(
            sys.executable,
            ["-m", "cmaplan", *args],
            env=env,
            encoding="utf-8",
            timeout=20,
            dimensions=(30, 44),
        )
        child.expect(pexpect.EOF)
        child.close()
        assert child.exitstatus == 0
        lines = child.before.replace("\r", "").splitlines()
        assert "Amina's plan to the CMA (AAMA)" in child.before
        assert max(len(line) for line in lines) <= 44, max(lines, key=len)


# --- 8. Privacy --------------------------------------------------------------------------------


def test_notes_never_enter_the_history_and_clearing_one_removes_it_everywhere(
    plan_path: Path,
) -> None:
    init()
    run("note", "transcripts", "my private words")
    run("check", "translation")
    assert "my private words" not in "".join(
        str(entry) for entry in tomllib.loads(plan_path.read_text()).get("history", [])
    )
    run("note", "transcripts", "")
    assert "my private words" not in plan_path.read_text()
    assert "my private words" not in plan_path.with_name("plan.toml.bak").read_text()
    assert "my private words" not in run("status", "--history").stdout


@POSIX
def test_stale_temp_files_are_removed_by_the_next_save(plan_path: Path) -> None:
    init()
    stale = plan_path.parent / ".plan.toml.abc123def456.tmp"
    stale.write_text("half a plan")
    assert run("check", "transcripts").exit_code == 0
    assert temp_files(plan_path.parent) == []


@pytest.mark.skipif(not IS_ROOT, reason="only root can write a file another user owns")
def test_a_plan_root_saves_for_another_user_keeps_its_owner(tmp_path: Path) -> None:
    plan = tmp_path / "plan.toml"
    assert cmaplan(plan, "init", "--example", "img-residency").returncode == 0
    os.chown(plan, NOBODY, NOBODY)
    assert cmaplan(plan, "check", "transcripts").returncode == 0
    info = os.stat(plan)
    assert (info.st_uid, info.st_gid) == (NOBODY, NOBODY)
    assert stat.S_IMODE(info.st_mode) == 0o600


@POSIX
def test_folders_are_0700_and_files_0600_whatever_the_umask(tmp_path: Path) -> None:
    plan = tmp_path / "a" / "b" / "plan.toml"
    answers = tmp_path / "c" / "answers.toml"
    result = cmaplan(
        plan,
        "init",
        "--example",
        "img-residency",
        "--save-answers",
        str(answers),
        preexec=lambda: os.umask(0),
    )
    assert result.returncode == 0, result.stderr
    for folder in (tmp_path / "a", tmp_path / "a" / "b", tmp_path / "c"):
        assert stat.S_IMODE(os.stat(folder).st_mode) == 0o700, folder
    for file in (plan, answers):
        assert stat.S_IMODE(os.stat(file).st_mode) == 0o600, file


# --- 9. Hand edits are never silently dropped -------------------------------------------------


@pytest.mark.parametrize(
    ("edit", "words"),
    [
        (lambda d: d.replace("schema = 2", "schema = 2\nmy_notes = 'keep me'"), '"my_notes"'),
        (lambda d: d.replace('id = "transcripts"', 'id = "transcript"'), '"transcript"'),
        (lambda d: d.replace('note = ""', 'note = ""\nremark = "mine"', 1), '"remark"'),
        (lambda d: d.replace('note = ""', 'note = ""\nticked = [999]', 1), "ticked names item 999"),
        (
            lambda d: d.replace('note = ""', 'note = ""\nticked = [100000000000000000000]', 1),
            "ticked names item 100,000,000,000,000,000,000",
        ),
    ],
    ids=["top-level-key", "unknown-step", "unknown-step-key", "ticked-999", "ticked-huge"],
)
def test_hand_edits_cmaplan_does_not_know_are_refused(
    edit: Callable[[str], str], words: str, plan_path: Path
) -> None:
    init()
    plan_path.write_text(edit(plan_path.read_text()))
    before = plan_path.read_bytes()
    line = one_line(run("check", "translation", code=65), 65)
    assert words in line
    assert plan_path.read_bytes() == before


def test_a_byte_order_mark_is_accepted(plan_path: Path, tmp_path: Path) -> None:
    answers = tmp_path / "bom.toml"
    answers.write_bytes(b"\xef\xbb\xbf" + (EXAMPLES / "military-medic.toml").read_bytes())
    assert run("init", "--answers", str(answers)).exit_code == 0
    plan_path.write_bytes(b"\xef\xbb\xbf" + plan_path.read_bytes())
    assert run("status").exit_code == 0


# --- kill -9 mid-save, and racing processes -----------------------------------------------------


@POSIX
@pytest.mark.slow
def test_kill_9_during_saves_never_leaves_a_broken_plan(tmp_path: Path) -> None:
    plan = tmp_path / "plan.toml"
    assert cmaplan(plan, "init", "--example", "img-residency").returncode == 0
    env = {**os.environ, "CMAPLAN_PLAN": str(plan)}
    # How long one change takes here: the kills are spread over twice that, so that about half
    # come before its save lands and half after (a fixed 0.05-0.4 s came after it 23 times in 25).
    began = time.monotonic()
    assert cmaplan(plan, "note", "transcripts", "timed").returncode == 0
    life = time.monotonic() - began
    notes = ["timed"]
    rng = random.Random(9)
    for number in range(25):
        note = f"attempt {number}"
        child = subprocess.Popen(
            [sys.executable, "-m", "cmaplan", "note", "transcripts", note],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(rng.uniform(0, 2 * life))
        child.kill()
        child.wait()
        doc = tomllib.loads(plan.read_text())  # always parses
        saved = next(s for s in doc["steps"] if s["id"] == "transcripts")["note"]
        assert saved in (notes[-1], note)  # the old state or the new, nothing else
        if saved == note:
            notes.append(note)
    assert cmaplan(plan, "check", "translation").returncode == 0
    assert temp_files(tmp_path) == []


@POSIX
@pytest.mark.parametrize("processes", [2, 4])
@pytest.mark.slow
def test_racing_changes_all_land(processes: int, tmp_path: Path) -> None:
    plan = tmp_path / "plan.toml"
    assert cmaplan(plan, "init", "--example", "img-residency").returncode == 0
    assert cmaplan(plan, "check", "usmle", "letters", "--on", "2026-11-01").returncode == 0
    env = {**os.environ, "CMAPLAN_PLAN": str(plan)}
    jobs = [
        ["check", "transcripts"],
        ["note", "translation", "racing note"],
        ["check", "usmle", "--undo"],
        ["check", "choose-program.1", "choose-program.2"],
    ][:processes]
    rounds = [jobs] * 3
    for batch in rounds:
        children = [
            subprocess.Popen([sys.executable, "-m", "cmaplan", *job], env=env) for job in batch
        ]
        assert [c.wait(timeout=60) for c in children] == [0] * len(batch)
    steps = {s["id"]: s for s in tomllib.loads(plan.read_text())["steps"]}
    assert steps["transcripts"]["done"] is True
    if processes == 4:
        assert steps["translation"]["note"] == "racing note"
        assert steps["usmle"]["done"] is False
        assert steps["choose-program"]["ticked"] == [1, 2]
    else:
        assert steps["translation"]["note"] == "racing note"
    assert steps["letters"]["done"] is True  # untouched by the race
