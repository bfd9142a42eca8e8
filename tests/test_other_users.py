"""Other users on the same computer (README.md, "Your data", the threat model): in a folder
others can write, cmaplan follows no link they could have planted, replaces no file of theirs,
and a lock file no one else can open is the plan's lock. Some of these need a second user:
they run as `nobody` when the tests run as root, and are skipped otherwise."""

from __future__ import annotations

import fcntl
import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import cli
from tests.test_data_safety import IS_ROOT, NOBODY, as_user, init, one_line

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX owners and modes")
AS_ROOT = pytest.mark.skipif(not IS_ROOT, reason="needs root to act as a second user")


@pytest.fixture(params=[0o1777, 0o777, 0o775], ids=["tmp-like", "world", "group"])
def shared(tmp_path: Path, request: pytest.FixtureRequest) -> Path:
    """A folder other users can write: like /tmp (sticky), open to all, or to a group."""
    folder = tmp_path / "shared"
    folder.mkdir()
    os.chmod(folder, request.param)
    if request.param == 0o775:
        os.chown(folder, -1, 100)  # the "users" group: not the person's own group
    return folder


@pytest.fixture
def victim(tmp_path: Path) -> Path:
    """A file of the person's own, readable by all (0644), that another user would like
    cmaplan to write over: its words are "my own words"."""
    file = tmp_path / "private-notes.txt"
    file.write_text("my own words\n")
    os.chmod(file, 0o644)
    return file


def test_an_export_never_follows_a_link_planted_in_a_shared_folder(
    plan_path: Path, shared: Path, victim: Path
) -> None:
    init()
    (shared / "cma-plan.html").symlink_to(victim)
    line = one_line(cli("export", "html", "-o", str(shared / "cma-plan.html"), code=74), 74)
    assert "symbolic link" in line
    assert "other users can write" in line
    assert victim.read_text() == "my own words\n"
    assert oct(victim.stat().st_mode & 0o777) == oct(0o644)


def test_a_link_on_the_way_in_a_shared_folder_is_refused_too(
    plan_path: Path, shared: Path, tmp_path: Path
) -> None:
    init()
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "plan.md").write_text("kept\n")
    (shared / "sub").symlink_to(mine)
    one_line(cli("export", "markdown", "-o", str(shared / "sub" / "plan.md"), code=74), 74)
    assert (mine / "plan.md").read_text() == "kept\n"


def test_save_answers_through_a_planted_link_replaces_no_plan(
    plan_path: Path, shared: Path, tmp_path: Path
) -> None:
    other = tmp_path / "other-plan.toml"
    cli("--plan", str(other), "init", "--example", "img-residency")
    before = other.read_bytes()
    (shared / "answers.toml").symlink_to(other)
    one_line(
        cli(
            "init",
            "--example",
            "high-school-student",
            "--save-answers",
            str(shared / "answers.toml"),
            code=74,
        ),
        74,
    )
    assert other.read_bytes() == before


def test_a_link_in_the_persons_own_folder_is_followed(plan_path: Path, tmp_path: Path) -> None:
    init()
    real = tmp_path / "real.md"
    real.write_text("old\n")
    (tmp_path / "link.md").symlink_to(real)
    cli("export", "markdown", "-o", str(tmp_path / "link.md"))
    assert real.read_text().startswith("# ")
    assert (tmp_path / "link.md").is_symlink()


def test_a_hard_link_planted_in_a_shared_folder_is_replaced_not_written_through(
    plan_path: Path, shared: Path, victim: Path
) -> None:
    init()
    os.link(victim, shared / "plan.svg")
    cli("export", "svg", "-o", str(shared / "plan.svg"))
    assert victim.read_text() == "my own words\n"
    written = shared / "plan.svg"
    assert written.read_bytes().startswith(b"<")
    assert written.stat().st_mode & 0o777 == 0o600  # not the planted file's 0644


def test_a_read_only_plan_is_left_as_it_is(plan_path: Path) -> None:
    init()
    os.chmod(plan_path, 0o444)
    before = plan_path.read_bytes()
    line = one_line(cli("check", "transcripts", code=74), 74)
    assert "read-only" in line
    assert "chmod u+w" in line
    assert plan_path.read_bytes() == before
    assert plan_path.stat().st_mode & 0o777 == 0o444


def test_a_file_name_as_long_as_the_system_allows_can_be_written(
    plan_path: Path, tmp_path: Path
) -> None:
    init()
    for length in (240, 245, 250, 255):
        target = tmp_path / ("p" * (length - 3) + ".md")
        cli("export", "markdown", "-o", str(target))
        assert target.read_bytes().startswith(b"# ")
    wide = tmp_path / ("é" * 125 + ".md")  # 253 bytes in UTF-8
    cli("export", "markdown", "-o", str(wide))
    assert wide.is_file()
    assert [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_a_line_break_in_a_file_name_is_shown_not_printed(plan_path: Path, tmp_path: Path) -> None:
    init()
    target = tmp_path / "two\nlines.md"
    result = cli("export", "markdown", "-o", str(target))
    assert result.stdout.count("\n") == 1, result.stdout
    assert target.is_file()


def test_an_empty_output_name_is_a_usage_error(plan_path: Path) -> None:
    init()
    line = one_line(cli("export", "markdown", "-o", "", code=64), 64)
    assert "needs a file name" in line


def test_the_data_folder_found_open_to_others_is_made_private_again(
    plan_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cmaplan.storage import datafolder

    monkeypatch.setattr(datafolder, "default_plan_path", lambda: plan_path)
    init()
    os.chmod(plan_path.parent, 0o777)
    result = cli("check", "transcripts")
    assert "private again" in result.stderr
    assert plan_path.parent.stat().st_mode & 0o777 == 0o700


@pytest.fixture
def reachable() -> Iterator[Path]:
    """A folder the second user can reach (pytest's own are root's alone)."""
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="cmaplan-users-"))
    os.chmod(folder, 0o755)
    yield folder
    import shutil

    shutil.rmtree(folder, ignore_errors=True)


@AS_ROOT
def test_a_plan_of_another_user_is_not_saved_over(reachable: Path) -> None:
    folder = reachable / "family"
    folder.mkdir()
    os.chmod(folder, 0o777)
    plan = folder / "plan.toml"
    cli("--plan", str(plan), "init", "--example", "img-residency")
    os.chmod(plan, 0o666)  # its owner (root here) let everyone write it
    before = plan.read_bytes()
    code, stderr = as_user(plan, "check", "transcripts")
    assert code == 74, stderr
    assert "belongs to another user" in stderr
    assert plan.read_bytes() == before
    assert plan.stat().st_uid == 0


@AS_ROOT
def test_a_user_who_cannot_write_the_plan_cannot_hold_its_lock(reachable: Path) -> None:
    plan = reachable / "plan.toml"
    cli("--plan", str(plan), "init", "--example", "img-residency")
    os.chmod(plan, 0o644)  # readable by all: the old locks (folder, plan) could be held
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # nobody takes every lock it can get, and keeps them for 30 s
        os.setgid(NOBODY)
        os.setuid(NOBODY)
        held = []
        for name in (reachable, plan, plan.with_name("plan.toml.lock")):
            try:
                fd = os.open(name, os.O_RDONLY)
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                held.append(str(name))
            except OSError:
                pass
        os.write(write, ("\n".join(held) + "\n").encode())
        os.close(write)
        import time

        time.sleep(30)
        os._exit(0)
    os.close(write)
    try:
        held = os.read(read, 4096).decode()
        assert str(plan) in held  # nobody could hold a lock on the plan itself: not ours
        cli("--plan", str(plan), "check", "transcripts")
    finally:
        os.kill(pid, 9)
        os.waitpid(pid, 0)
        os.close(read)


def test_output_to_dev_stdout_adds_to_the_log_it_is_appended_to(tmp_path: Path) -> None:
    import subprocess

    plan = tmp_path / "plan.toml"
    cli("--plan", str(plan), "init", "--example", "img-residency")
    log = tmp_path / "log.txt"
    log.write_text("earlier lines\n")
    with log.open("a") as out:
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "cmaplan",
                "--plan",
                str(plan),
                "export",
                "markdown",
                "-o",
                "/dev/stdout",
            ],
            stdout=out,
            stderr=subprocess.PIPE,
            check=False,
        )
    assert done.returncode == 0, done.stderr
    text = log.read_text()
    assert text.startswith("earlier lines\n# ")


# --- names another user put in a shared folder (the hidden attack of issue 21) -----------------


@AS_ROOT
def test_a_backup_name_another_user_holds_refuses_the_change_before_any_save(
    tmp_path: Path,
) -> None:
    """A link of `nobody` at plan.toml.bak in a sticky folder: the backup cannot replace it, so
    the change is refused before the plan is touched (it was saved, and exit 74 followed)."""
    folder = tmp_path / "sticky"
    folder.mkdir()
    os.chmod(folder, 0o1777)
    plan = folder / "plan.toml"
    cli("--plan", str(plan), "init", "--example", "img-residency")
    link = folder / "plan.toml.bak"
    link.symlink_to(tmp_path / "nowhere")
    os.lchown(link, NOBODY, -1)
    before = plan.read_bytes()
    line = one_line(cli("--plan", str(plan), "note", "transcripts", "SECRET", code=74), 74)
    assert "belongs to another user" in line
    assert "plan.toml.bak" in line
    assert plan.read_bytes() == before


@AS_ROOT
@pytest.mark.parametrize("fmt", ["html", "answers"])
def test_root_never_hands_its_plan_to_the_user_who_made_the_export_name(
    plan_path: Path, shared: Path, fmt: str
) -> None:
    init()
    out = shared / f"out.{fmt}"
    out.write_text("x\n")
    os.chown(out, NOBODY, -1)
    os.chmod(out, 0o666)
    one_line(cli("export", fmt, "-o", str(out), code=74), 74)
    assert out.read_text() == "x\n"
    assert out.stat().st_uid == NOBODY


def test_a_save_removes_only_the_temporary_files_cmaplan_makes(
    plan_path: Path, tmp_path: Path
) -> None:
    init()
    folder = plan_path.parent
    kept = [folder / ".plan.toml.my notes.tmp", folder / ".plan.toml.0123456789ab.tmp.txt"]
    kept.append(folder / ".plan.toml.0123456789abc.tmp")
    for file in kept:
        file.write_text("precious\n")
    stale = folder / ".plan.toml.0123456789ab.tmp"
    stale.write_text("a killed write's\n")
    cli("check", "transcripts")
    assert all(file.read_text() == "precious\n" for file in kept)
    assert not stale.exists()


def test_no_file_is_written_under_the_name_of_a_temporary_file(
    plan_path: Path, tmp_path: Path
) -> None:
    init()
    out = tmp_path / ".plan.toml.000000000000.tmp"
    line = one_line(cli("export", "markdown", "-o", str(out), code=64), 64)
    assert "temporary files" in line
    assert not out.exists()


@AS_ROOT
def test_root_still_saves_a_plan_for_its_owner_in_the_owners_own_folder(tmp_path: Path) -> None:
    """The refusal of another user's names in a shared folder must not catch a user's plan in
    their own folder, which (to root) is a folder someone else can write."""
    folder = tmp_path / "ana"
    folder.mkdir(mode=0o700)
    plan = folder / "plan.toml"
    cli("--plan", str(plan), "init", "--example", "img-residency")
    for file in (folder, plan):
        os.chown(file, NOBODY, -1)
    cli("--plan", str(plan), "check", "transcripts")
    cli("--plan", str(plan), "note", "transcripts", "for Ana")
    assert plan.stat().st_uid == NOBODY
    assert 'note = "for Ana"' in plan.read_text()


@AS_ROOT
def test_a_lock_name_another_user_holds_is_refused_saying_so(tmp_path: Path) -> None:
    folder = tmp_path / "sticky"
    folder.mkdir()
    os.chmod(folder, 0o1777)
    plan = folder / "plan.toml"
    cli("--plan", str(plan), "init", "--example", "img-residency")
    before = plan.read_bytes()
    link = folder / "plan.toml.lock"
    link.unlink(missing_ok=True)
    link.symlink_to(tmp_path / "theirs")
    os.lchown(link, NOBODY, -1)
    line = one_line(cli("--plan", str(plan), "check", "transcripts", code=74), 74)
    assert "plan.toml.lock belongs to another user" in line
    assert plan.read_bytes() == before


def test_no_plan_is_read_through_a_link_in_a_shared_folder(
    plan_path: Path, shared: Path, tmp_path: Path
) -> None:
    """A link planted in /tmp would show another person's plan (or an attacker's) as yours, and
    hand its names to completion: reads refuse it as writes do."""
    theirs = tmp_path / "theirs.toml"
    cli("--plan", str(theirs), "init", "--example", "img-residency")
    cli("--plan", str(theirs), "program", "add", "Attacker pick", "--type", "certificate")
    (shared / "plan.toml").symlink_to(theirs)
    for args in (["status"], ["show", "transcripts"], ["export", "ics", "-o", "-"]):
        line = one_line(cli("--plan", str(shared / "plan.toml"), *args, code=74), 74)
        assert "symbolic link" in line
    env = {
        "COMP_WORDS": f"cmaplan --plan {shared / 'plan.toml'} program choose ", "COMP_CWORD": "5",
        "_CMAPLAN_COMPLETE": "complete_bash",
    }  # fmt: skip
    import subprocess

    done = subprocess.run(
        [sys.executable, "-m", "cmaplan"], env={**os.environ, **env}, capture_output=True,
        text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "Attacker" not in done.stdout


@pytest.mark.parametrize("name", ["my_notes", "draft_v2", "abcdefgh", "ABCDEF012345"])
def test_names_near_the_temporary_form_are_never_removed(plan_path: Path, name: str) -> None:
    init()
    kept = plan_path.parent / f".plan.toml.{name}.tmp"
    kept.write_text("precious\n")
    cli("note", "translation", "x")
    assert kept.read_text() == "precious\n"


# --- the hidden attack of issue 21, second round -------------------------------------------------


@AS_ROOT
def test_a_save_root_makes_for_a_user_leaves_every_file_theirs(reachable: Path) -> None:
    """Root saving a user's plan in their own folder makes the backup and the lock theirs, and
    a backup or lock root left there earlier is made theirs again: never a lockout."""
    folder = reachable / "ana"
    folder.mkdir(mode=0o700)
    plan = folder / "plan.toml"
    cli("--plan", str(plan), "init", "--example", "img-residency")
    for file in folder.iterdir():
        if file.name != "plan.toml":
            file.unlink()
    for file in (folder, plan):
        os.chown(file, NOBODY, -1)
    cli("--plan", str(plan), "check", "transcripts")  # as root: a new backup and lock
    owners = {f.name: f.stat().st_uid for f in folder.iterdir()}
    assert owners == {"plan.toml": NOBODY, "plan.toml.bak": NOBODY, "plan.toml.lock": NOBODY}
    for name in ("plan.toml.bak", "plan.toml.lock"):  # as an older release left them
        os.chown(folder / name, 0, 0)
    code, said = as_user(plan, "note", "transcripts", "mine")  # the owner, after root
    assert code == 0, said
    assert {f.stat().st_uid for f in folder.iterdir()} == {NOBODY}
    assert 'note = "mine"' in plan.read_text()


@pytest.mark.parametrize("name", ["/dev/stderr", "/dev/fd/{}", "/proc/self/fd/{}"])
def test_output_to_a_descriptor_adds_to_what_it_goes_to(tmp_path: Path, name: str) -> None:
    """`-o /dev/stderr 2>>log` (or any descriptor) adds the export to the log, as `-o
    /dev/stdout >>log` does; replacing it would throw the log away."""
    import subprocess

    if name.startswith("/proc") and not Path("/proc/self/fd").is_dir():
        pytest.skip("no /proc")
    plan = tmp_path / "plan.toml"
    cli("--plan", str(plan), "init", "--example", "img-residency")
    log = tmp_path / "log.txt"
    log.write_text("earlier lines\n")
    with log.open("a") as out:
        given = name.format(out.fileno())  # the child inherits the log at the same number
        done = subprocess.run(
            [sys.executable, "-m", "cmaplan", "--plan", str(plan), "export", "markdown",
             "-o", given],
            stdout=subprocess.PIPE,
            stderr=out if name == "/dev/stderr" else subprocess.PIPE,
            pass_fds=() if name == "/dev/stderr" else (out.fileno(),),
            check=False,
        )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert log.read_text().startswith("earlier lines\n# ")


def test_output_to_dev_stdout_into_a_pipe_goes_to_the_pipe(tmp_path: Path) -> None:
    import subprocess

    plan = tmp_path / "plan.toml"
    cli("--plan", str(plan), "init", "--example", "img-residency")
    done = subprocess.run(
        [sys.executable, "-m", "cmaplan", "--plan", str(plan), "export", "ics", "-o",
         "/dev/stdout"],
        capture_output=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(b"BEGIN:VCALENDAR")


def test_a_proof_whose_path_is_not_utf8_is_refused_in_one_sentence(tmp_path: Path) -> None:
    plan = tmp_path / "plan.toml"
    cli("--plan", str(plan), "init", "--example", "recent-graduate")
    cli("--plan", str(plan), "check", "exam-apply", "exam-prep", "exam", "--on", "2026-11-01")
    folder = Path(os.fsdecode(bytes(tmp_path) + b"/dir\xff"))
    folder.mkdir()
    (folder / "c.pdf").write_bytes(b"%PDF")
    before = plan.read_bytes()
    result = cli("--plan", str(plan), "ceu", "add", "--area", "clinical", "--points", "1",
                 "--title", "a", "--proof", str(folder / "c.pdf"), code=64)  # fmt: skip
    assert "not UTF-8 text" in result.stderr
    assert plan.read_bytes() == before


@AS_ROOT
def test_a_data_folder_another_user_owns_is_refused(
    reachable: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """XDG_DATA_HOME in a folder open to all, whose cmaplan folder another user (here root)
    made: that user could plant a plan there or take the person's away, so it is not used."""
    base = reachable / "shared"
    base.mkdir()
    os.chmod(base, 0o1777)
    data = base / "cmaplan"
    data.mkdir()
    os.chmod(data, 0o777)  # root's, open to all: the attacker's folder
    planted = data / "plan.toml"
    cli("--plan", str(planted), "init", "--example", "img-residency")
    os.chmod(planted, 0o644)
    monkeypatch.setenv("XDG_DATA_HOME", str(base))
    code, said = as_user(planted, "status")
    assert code == 74, said
    assert "belongs to another user" in said
    assert "XDG_DATA_HOME" in said
