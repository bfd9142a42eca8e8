"""Windows and macOS: cmaplan's everyday commands, saves, lock and errors run through the test
mode of tests/emulation.py (what those systems lack taken away), and the pure rules of their
conventions (file names, quoting, encodings) checked directly."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path

import pytest

from cmaplan.commands.common import FALLBACK, PLAIN, prepare_streams, quote
from cmaplan.core.plaintext import NotText, decode_text
from cmaplan.storage.paths import windows_name_problem
from tests.conftest import ROOT

EMULATION = str(Path(__file__).with_name("emulation.py"))
SRC = ROOT / "src" / "cmaplan"


@dataclass
class Ran:
    code: int
    out: str
    err: str


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A home folder of the emulated system's shape; the plan is the one in its data folder."""
    monkeypatch.delenv("CMAPLAN_PLAN")
    monkeypatch.delenv("XDG_DATA_HOME")  # platformdirs would take it on macOS too
    folder = tmp_path / "home"
    (folder / "AppData" / "Local").mkdir(parents=True)
    return folder


def run_as(
    system: str, home: Path, *args: str, expect: int = 0, env: dict[str, str] | None = None
) -> Ran:
    """cmaplan ARGS as on `system`, its console in cp1252 on Windows; fails on another exit
    code, a traceback, or output the console's encoding cannot hold."""
    encoding = "cp1252" if system == "windows" else "utf-8"
    full = {
        **os.environ,
        "HOME": str(home),
        "LOCALAPPDATA": str(home / "AppData" / "Local"),
        "PYTHONIOENCODING": encoding,
        **(env or {}),
    }
    done = subprocess.run(
        [sys.executable, EMULATION, system, *args],
        env=full,
        capture_output=True,
        stdin=subprocess.DEVNULL,
        timeout=60,
        check=False,
    )
    out, err = done.stdout.decode(encoding), done.stderr.decode(encoding)  # strict: must hold
    assert done.returncode == expect, (args, done.returncode, out, err)
    assert "Traceback" not in err, err
    assert "internal error" not in err, err
    return Ran(done.returncode, out, err)


def data_folder(system: str, home: Path) -> Path:
    if system == "windows":
        return home / "AppData" / "Local" / "cmaplan"
    return home / "Library" / "Application Support" / "cmaplan"


EVERYDAY = [
    ("status",),
    ("timeline",),
    ("timeline", "--all", "--json"),
    ("show", "translation"),
    ("check", "transcripts", "--on", "2026-11-20"),
    ("check", "translation.1"),
    ("note", "translation", "Ask the embassy — “certified” copies"),
    ("check", "transcripts", "--undo"),
    ("undo",),
    ("status", "--history"),
    ("program", "add", "City College", "--type", "certificate", "--months", "10"),
    ("program", "list"),
    ("program", "compare"),
    ("compare",),
    ("--help",),
    ("check", "--help"),
]


@pytest.mark.parametrize("system", ["windows", "macos"])
@pytest.mark.slow
def test_everyday_commands_save_and_read_in_the_systems_data_folder(
    system: str, home: Path
) -> None:
    run_as(system, home, "init", "--example", "img-residency")
    plan = data_folder(system, home) / "plan.toml"
    assert plan.is_file()
    for args in EVERYDAY:
        run_as(system, home, *args)
    for kind in ("ics", "markdown", "html", "svg"):
        target = home / f"plan.{kind}"
        run_as(system, home, "export", kind, "-o", str(target))
        assert target.stat().st_size > 1000
    steps = {s["id"]: s for s in tomllib.loads(plan.read_text("utf-8"))["steps"]}
    assert steps["translation"]["ticked"] == [1]
    assert "embassy" in steps["translation"]["note"]
    assert steps["transcripts"]["done"] is True  # checked, unchecked, and the uncheck undone
    assert (plan.parent / "plan.toml.bak").is_file()
    assert (plan.parent / "plan.toml.lock").is_file()  # every system locks a file of its own


def test_a_cp1252_console_gets_plain_stand_ins_for_what_it_cannot_show(home: Path) -> None:
    run_as("windows", home, "init", "--example", "img-residency")
    moved = run_as("windows", home, "check", "transcripts").out
    assert re.search(r"\d{4}-\d\d-\d\d -> \d{4}-\d\d-\d\d", moved), moved  # "→" in UTF-8
    for args in (("status",), ("timeline",), ("show", "transcripts"), ("compare",)):
        assert "?" not in run_as("windows", home, *args).out.replace("(?)", "")


def test_macos_asks_the_drive_to_write_each_save(home: Path, tmp_path: Path) -> None:
    log = tmp_path / "fsync.log"
    env = {"CMAPLAN_EMULATION_LOG": str(log)}
    run_as("macos", home, "init", "--example", "military-medic", env=env)
    run_as("macos", home, "check", "choose-program", env=env)
    synced = log.read_text().splitlines()
    folder = data_folder("macos", home)
    assert f"F_FULLFSYNC {folder}/.plan.toml" in " ".join(synced)  # the new plan's temp file
    assert any(".plan.toml.bak." in line for line in synced)  # and the backup's
    assert len(synced) == 3  # the first save has no backup to write


# --- the lock on Windows --------------------------------------------------------------------------

HOLD = """
import sys, time
from pathlib import Path
from cmaplan.storage.lock import plan_lock
with plan_lock(Path({plan!r}), timeout={timeout}):
    print("held", flush=True)
    time.sleep({seconds})
"""


def _hold(home: Path, plan: Path, seconds: float, timeout: float = 15) -> subprocess.Popen[str]:
    code = HOLD.format(plan=str(plan), timeout=timeout, seconds=seconds)
    return subprocess.Popen(
        [sys.executable, EMULATION, "windows", "-c", code],
        env={**os.environ, "HOME": str(home)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _plan_held(home: Path, seconds: float) -> tuple[Path, subprocess.Popen[str]]:
    """A Windows plan, and a process that holds its lock for `seconds` (it holds it now)."""
    run_as("windows", home, "init", "--example", "img-residency")
    plan = data_folder("windows", home) / "plan.toml"
    holder = _hold(home, plan, seconds=seconds)
    assert holder.stdout is not None
    assert holder.stdout.readline() == "held\n"
    return plan, holder


@pytest.mark.slow
def test_windows_lock_makes_a_second_change_wait_then_land(home: Path) -> None:
    plan, holder = _plan_held(home, 1.5)
    import time

    began = time.monotonic()
    run_as("windows", home, "check", "transcripts")
    assert time.monotonic() - began > 1.0  # it waited for the holder
    holder.communicate(timeout=30)
    assert holder.returncode == 0
    steps = {s["id"]: s for s in tomllib.loads(plan.read_text())["steps"]}
    assert steps["transcripts"]["done"] is True


def test_windows_lock_that_stays_taken_is_one_sentence(home: Path) -> None:
    plan, holder = _plan_held(home, 5)
    waiter = _hold(home, plan, seconds=0, timeout=0.3)
    _, err = waiter.communicate(timeout=30)
    assert waiter.returncode == 1
    assert "StorageError" in err
    assert "is busy: another cmaplan is changing it" in err
    holder.kill()
    holder.communicate()


def test_windows_racing_changes_all_land(home: Path) -> None:
    run_as("windows", home, "init", "--example", "img-residency")
    plan = data_folder("windows", home) / "plan.toml"
    env = {
        **os.environ,
        "HOME": str(home),
        "LOCALAPPDATA": str(home / "AppData" / "Local"),
    }
    jobs = [
        ["check", "transcripts"],
        ["note", "translation", "racing note"],
        ["check", "choose-program.1", "choose-program.2"],
        ["check", "usmle"],
    ]
    children = [
        subprocess.Popen([sys.executable, EMULATION, "windows", *job], env=env) for job in jobs
    ]
    assert [c.wait(timeout=60) for c in children] == [0] * len(jobs)
    steps = {s["id"]: s for s in tomllib.loads(plan.read_text())["steps"]}
    assert steps["transcripts"]["done"] is True
    assert steps["translation"]["note"] == "racing note"
    assert steps["choose-program"]["ticked"] == [1, 2]
    assert steps["usmle"]["done"] is True


# --- saves on Windows: a file held open, a read-only file -----------------------------------------

# A save refused for good is tried again for 2 s (storage/files.REPLACE_WAIT) before it gives up;
# 0.1 s still tries it four times (after 0, 10, 30 and 70 ms).
GIVES_UP_SOON = {"CMAPLAN_EMULATE_REPLACE_WAIT": "0.1"}


def test_windows_save_waits_out_a_program_that_holds_the_plan_open(home: Path) -> None:
    run_as("windows", home, "init", "--example", "img-residency")
    held = {"CMAPLAN_EMULATE_HELD": "plan.toml:3"}  # refused three times, then let go
    run_as("windows", home, "check", "transcripts", env=held)
    plan = data_folder("windows", home) / "plan.toml"
    assert "Marked transcripts done" in tomllib.loads(plan.read_text())["undo"][-1]["said"]


@pytest.mark.slow
def test_windows_save_into_a_plan_held_open_for_good_is_one_sentence(home: Path) -> None:
    """With the real REPLACE_WAIT: the other tests of a save refused for good shorten it."""
    run_as("windows", home, "init", "--example", "img-residency")
    plan = data_folder("windows", home) / "plan.toml"
    before = plan.read_bytes()
    held = {"CMAPLAN_EMULATE_HELD": "plan.toml:1000"}
    err = run_as("windows", home, "check", "transcripts", env=held, expect=74).err
    assert err.count("\n") == 1
    assert "another program has it open, or it is read-only" in err
    assert plan.read_bytes() == before
    assert not [p for p in plan.parent.iterdir() if p.name.endswith(".tmp")]


@pytest.mark.slow
def test_windows_read_only_plan_is_refused_in_one_sentence(home: Path) -> None:
    run_as("windows", home, "init", "--example", "img-residency")
    plan = data_folder("windows", home) / "plan.toml"
    plan.chmod(0o444)
    err = run_as("windows", home, "check", "transcripts", env=GIVES_UP_SOON, expect=74).err
    assert "read-only" in err
    assert err.count("\n") == 1


# --- names Windows forbids ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ("--plan", "CON", "status"),
        ("--plan", "{home}/nul.toml", "init", "--example", "img-residency"),
        ("--plan", "{home}/a:b", "init", "--example", "img-residency"),
        ("--plan", "{home}/plan.", "init", "--example", "img-residency"),
        ("--plan", "{home}/new folder./plan.toml", "init", "--example", "img-residency"),
        ("init", "--example", "img-residency", "--save-answers", "{home}/LPT1.toml"),
        ("export", "html", "-o", "{home}/plan?.html"),
        ("export", "svg", "-o", "{home}/aux"),
    ],
    ids=lambda args: " ".join(args),
)
def test_windows_refuses_names_it_forbids(args: tuple[str, ...], home: Path) -> None:
    if args[0] == "export":
        run_as("windows", home, "init", "--example", "img-residency")
    before = sorted(p.name for p in home.rglob("*"))
    filled = [a.format(home=home) for a in args]
    err = run_as("windows", home, *filled, expect=64).err
    assert err.startswith("cmaplan: "), err
    assert err.count("\n") == 1, err
    assert "is not a name Windows allows" in err or "current folder of drive" in err
    assert sorted(p.name for p in home.rglob("*")) == before  # nothing written


@pytest.mark.parametrize(
    ("path", "problem"),
    [
        ("C:\\Users\\Ana\\plan.toml", None),
        ("D:/cma/plan.toml", None),
        ("\\\\server\\share\\cma\\plan.toml", None),
        ("\\\\?\\C:\\Users\\Ana\\plan.toml", None),
        ("..\\plan.toml", None),
        ("CONSOLE.toml", None),
        ("plan .toml", None),
        ("CON", "keeps it for a device"),
        ("con.toml", "keeps it for a device"),
        ("C:\\Users\\Ana\\Nul", "keeps it for a device"),
        ("LPT1.txt", "keeps it for a device"),
        ("COM\u00b9", "keeps it for a device"),
        ("a:b", "relative to the current folder of drive A:"),
        ("C:plan.toml", "relative to the current folder of drive C:"),
        ("notes:plan.toml", "it holds ':'"),
        ("C:\\cma\\a:b", "it holds ':'"),
        ("plan.", "ends with a dot or a space"),
        ("plan ", "ends with a dot or a space"),
        ("C:\\new.\\plan.toml", "ends with a dot or a space"),
        ("plan?.html", "it holds '?'"),
        ('say "hi".md', "it holds '\"'"),
        ("tab\there", "it holds '\\t'"),
    ],
)
def test_windows_name_rules(path: str, problem: str | None) -> None:
    found = windows_name_problem(path)
    if problem is None:
        assert found is None
    else:
        assert found is not None
        assert problem in found


# --- what a person types back: quoting for the shell of the system --------------------------------


@pytest.mark.parametrize(
    ("word", "windows", "quoted"),
    [
        ("C:\\Users\\Ana\\plan.toml", True, "C:\\Users\\Ana\\plan.toml"),
        ("C:\\My Plans\\plan.toml", True, '"C:\\My Plans\\plan.toml"'),
        ("C:\\Ana's plan.toml", True, '"C:\\Ana\'s plan.toml"'),
        ("C:\\$money\\plan.toml", True, "'C:\\$money\\plan.toml'"),
        ("@plans.toml", True, '"@plans.toml"'),  # PowerShell's splatting
        ("%TEMP%\\plan.toml", True, '"%TEMP%\\plan.toml"'),
        ("C:\\Ana's $plan.toml", True, "'C:\\Ana''s $plan.toml'"),
        ("/home/ana/my plan.toml", False, "'/home/ana/my plan.toml'"),
        ("/home/ana/plan.toml", False, "/home/ana/plan.toml"),
    ],
)
def test_a_plan_path_is_quoted_as_the_systems_shell_reads_it(
    word: str, windows: bool, quoted: str
) -> None:
    assert quote(word, windows=windows) == quoted


# --- text as Notepad and Excel save it ------------------------------------------------------------

ANSWERS = (
    'name = "José Núñez"\nstart_date = 2027-01-04\ndiploma = true\n'
    'foreign_medical_degree = false\nprogram = "certificate"\npace = "full-time"\ngoal = "career"\n'
)


@pytest.mark.parametrize(
    "encoded",
    [
        ANSWERS.encode("utf-8"),
        b"\xef\xbb\xbf" + ANSWERS.replace("\n", "\r\n").encode("utf-8"),  # Notepad: BOM, CRLF
        ANSWERS.replace("\n", "\r\n").encode("cp1252"),  # Notepad before 2019 ("ANSI")
        ANSWERS.encode("utf-16"),  # Notepad's "Unicode", Windows PowerShell 5's `>`
    ],
    ids=["utf-8", "utf-8-bom-crlf", "cp1252-crlf", "utf-16"],
)
@pytest.mark.parametrize("system", ["windows", "native"])
def test_answers_files_are_read_as_editors_save_them(
    encoded: bytes, system: str, home: Path, tmp_path: Path
) -> None:
    answers = tmp_path / "answers.toml"
    answers.write_bytes(encoded)
    if system == "windows":
        run_as("windows", home, "init", "--answers", str(answers))
        plan = data_folder("windows", home) / "plan.toml"
    else:
        plan = tmp_path / "plan.toml"
        done = subprocess.run(
            [sys.executable, "-m", "cmaplan", "--plan", str(plan), "init", "--answers", answers],
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 0, done.stderr
    assert tomllib.loads(plan.read_text("utf-8"))["profile"]["name"] == "José Núñez"


def test_decode_text_refuses_what_is_not_text() -> None:
    assert decode_text("ñ".encode("cp1252"), "cp1252") == "ñ"
    assert decode_text("ñ".encode("mac_roman"), "mac_roman") == "ñ"
    assert decode_text("ñ".encode("utf-32"), "cp1252") == "ñ"
    assert decode_text(b"\xef\xbb\xbf\xef\xbb\xbfa = 1\r\n\x1a", "cp1252") == "a = 1\r\n"
    refused = {
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff": "control characters",  # a picture
        b"\x81\x8d": "not text in any encoding",  # bytes cp1252 leaves undefined
        'name = "Amína"\n'.encode() + b'x = "\xc0\xaf"\n': "broken character on line 2",
        b'title = "a\x1b[31mb"': "control characters",  # UTF-8, but with ESC in it
        b"\xff\xfeA": "not text in any encoding",  # UTF-16 by its mark, cut short
    }
    for raw, reason in refused.items():
        with pytest.raises(NotText, match=reason):
            decode_text(raw, "cp1252")


def test_the_stand_ins_cover_every_symbol_cmaplan_prints() -> None:
    """Each non-ASCII character in cmaplan's code and knowledge data has a stand-in, unless
    cp1252 has it: a cp1252 console shows it as it is, an ASCII one gets the stand-in."""
    sources = [*SRC.rglob("*.py"), SRC / "data" / "knowledge.toml"]
    used = {c for path in sources for c in path.read_text("utf-8") if ord(c) > 127}
    missing = set()
    for char in used:
        try:
            char.encode("cp1252")
        except UnicodeEncodeError:
            if char not in PLAIN and not 0x2400 <= ord(char) < 0x2422:
                missing.add(char)
    # Text only in docstrings and comments never reaches a terminal; what is left must be none.
    printed = {c for c in missing if _printed(c)}
    assert printed == set(), sorted(printed)


def _printed(char: str) -> bool:
    """Whether `char` appears in a string literal of the code or in the knowledge data."""
    import ast

    data = (SRC / "data" / "knowledge.toml").read_text("utf-8")
    if char in data:
        return True
    for path in SRC.rglob("*.py"):
        tree = ast.parse(path.read_text("utf-8"))
        docstrings = {
            id(node.body[0].value)
            for node in ast.walk(tree)
            if isinstance(node, ast.Module | ast.FunctionDef | ast.ClassDef)
            and node.body
            and isinstance(node.body[0], ast.Expr)
            and isinstance(node.body[0].value, ast.Constant)
        }
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and id(node) not in docstrings
                and char in node.value
            ):
                return True
    return False


def test_the_stand_in_handler_writes_plain_text(monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    raw = io.BytesIO()
    stream = io.TextIOWrapper(raw, encoding="ascii")
    monkeypatch.setattr(sys, "stdout", stream)
    monkeypatch.setattr(sys, "stderr", io.TextIOWrapper(io.BytesIO(), encoding="ascii"))
    prepare_streams()
    assert stream.errors == FALLBACK
    stream.write("2028-07-17 → 2028-05-21 · ☑ done ␛ 漢\n")
    stream.flush()
    assert raw.getvalue() == b"2028-07-17 -> 2028-05-21 - [x] done ^[ ?\n"
    stream.write("Ética médica ✓\n")  # a person's text: letters without their marks
    stream.flush()
    assert raw.getvalue().endswith(b"Etica medica +\n")


# --- CSV files as Excel saves them ----------------------------------------------------------------

CSV = "date,area,points,title\n2027-03-01,clinical,2,Phlebotomy refresher\n"


@pytest.mark.parametrize(
    ("encoded", "points"),
    [
        (b"\xef\xbb\xbf" + CSV.replace("\n", "\r\n").encode("utf-8"), 2.0),  # "CSV UTF-8"
        (CSV.replace("\n", "\r\n").replace("refresher", "révision").encode("cp1252"), 2.0),
        (CSV.replace("\n", "\r").encode("mac_roman"), 2.0),  # Excel on an older Mac: CR alone
        (CSV.replace(",", ";").replace(";2;", ";1,5;").encode("cp1252"), 1.5),  # comma decimals
        ("sep=;\r\n" + CSV.replace(",", ";").replace("\n", "\r\n"), 2.0),  # Excel's hint line
        (CSV.replace(",", "\t").encode("utf-16"), 2.0),  # "Unicode Text"
        (CSV + ",,,\r\n,,,\r\n", 2.0),  # Excel's empty rows
        ("\ufeff\ufeff" + CSV, 2.0),  # a byte-order mark twice
    ],
    ids=["utf-8-bom", "cp1252", "cr-only", "decimal-commas", "sep-line", "utf-16-tabs",
         "empty-rows", "two-boms"],
)  # fmt: skip
def test_ceu_csv_is_read_as_excel_saves_it(
    encoded: bytes | str, points: float, home: Path, tmp_path: Path
) -> None:
    later = {"CMAPLAN_TODAY": "2027-06-01"}
    run_as("windows", home, "init", "--example", "recent-graduate")
    plan = data_folder("windows", home) / "plan.toml"
    document = tomllib.loads(plan.read_text("utf-8"))
    exam = next(s for s in document["steps"] if s["id"] == "exam")
    run_as(
        "windows", home, "check", "exam-apply", "exam", "--on", exam["start"].isoformat(), env=later
    )
    csv = tmp_path / "ceus.csv"
    csv.write_bytes(encoded.encode("utf-8") if isinstance(encoded, str) else encoded)
    run_as("windows", home, "ceu", "import", "~/../ceus.csv", env=later)  # ~ as PowerShell gives it
    ceus = tomllib.loads(plan.read_text("utf-8"))["ceu"]
    assert [(c["area"], c["points"]) for c in ceus] == [("clinical", points)]


@pytest.mark.parametrize(
    "content", [b"\xef\xbb\xbf\xef\xbb\xbf", b"", b"\n\n", "\ufeff".encode("utf-16")]
)
def test_a_csv_with_nothing_in_it_is_one_sentence(
    content: bytes, home: Path, tmp_path: Path
) -> None:
    later = {"CMAPLAN_TODAY": "2027-06-01"}
    run_as("windows", home, "init", "--example", "recent-graduate")
    run_as("windows", home, "check", "exam-apply", "exam", "--on", "2027-03-01", env=later)
    csv = tmp_path / "empty.csv"
    csv.write_bytes(content)
    err = run_as("windows", home, "ceu", "import", str(csv), env=later, expect=64).err
    assert err.count("\n") == 1
    assert "header lacks date, area, points, title" in err


# --- the shells of Windows ------------------------------------------------------------------------


@pytest.mark.parametrize("shell", ["powershell", "pwsh"])
@pytest.mark.slow
def test_powershell_completion_script_and_its_answers(shell: str, tmp_path: Path) -> None:
    plan = tmp_path / "plan.toml"
    base = {**os.environ, "CMAPLAN_PLAN": str(plan)}
    made = subprocess.run(
        [sys.executable, "-m", "cmaplan", "init", "--example", "img-residency"],
        env=base,
        capture_output=True,
        check=False,
    )
    assert made.returncode == 0
    script = subprocess.run(
        [sys.executable, "-m", "cmaplan", "completion", shell],
        env=base,
        capture_output=True,
        text=True,
        check=False,
    )
    assert script.returncode == 0
    assert "Register-ArgumentCompleter -Native -CommandName cmaplan" in script.stdout
    assert '$Env:_CMAPLAN_COMPLETE = "complete_powershell"' in script.stdout

    def complete(line: str, word: str) -> list[str]:
        """What the script's block gets back from cmaplan for `line` (as PowerShell sets it)."""
        env = {
            **base,
            "_CMAPLAN_COMPLETE": "complete_powershell",
            "_TYPER_COMPLETE_ARGS": line,
            "_TYPER_COMPLETE_WORD_TO_COMPLETE": word,
        }
        done = subprocess.run(
            [sys.executable, "-m", "cmaplan"], env=env, capture_output=True, text=True, check=False
        )
        assert done.returncode == 0, done.stderr
        return [row.split(":::")[0] for row in done.stdout.splitlines()]

    assert set(complete("cmaplan show tra", "tra")) == {"transcripts", "translation"}
    assert "status" in complete("cmaplan st", "st")
    assert complete("cmaplan completion p", "p") == ["powershell", "pwsh"]


# --- one place knows the platform -----------------------------------------------------------------


def test_only_host_asks_which_system_this_is() -> None:
    """Other modules ask cmaplan.storage.host, so the emulation and mypy's --platform reach every
    branch; a module that looked at sys.platform or os.name itself would escape both."""
    asking = [
        path.relative_to(SRC).as_posix()
        for path in SRC.rglob("*.py")
        if path.name != "host.py" and re.search(r"sys\.platform|os\.name\b", path.read_text())
    ]
    assert asking == []


# --- branches the emulation does not reach on its own ------------------------------------------


def test_macos_share_without_full_fsync_or_locks(home: Path, tmp_path: Path) -> None:
    """A file system that cannot F_FULLFSYNC gets fsync; one that cannot lock is one sentence
    with what to do."""
    log = tmp_path / "fsync.log"
    no_full = {"CMAPLAN_EMULATE_NO_FULLFSYNC": "1", "CMAPLAN_EMULATION_LOG": str(log)}
    run_as("macos", home, "init", "--example", "military-medic", env=no_full)
    run_as("macos", home, "check", "choose-program", env=no_full)
    plan = data_folder("macos", home) / "plan.toml"
    before = plan.read_bytes()
    err = run_as("macos", home, "undo", env={"CMAPLAN_EMULATE_NO_LOCKS": "1"}, expect=74).err
    assert "cannot lock" in err
    assert "does not lock files" in err
    assert err.count("\n") == 1
    assert plan.read_bytes() == before
    assert not log.exists()  # saved with fsync: F_FULLFSYNC was refused each time


def test_windows_reports_a_closed_pipe_as_einval_and_that_is_quiet(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import errno

    from cmaplan.commands.context import Run
    from cmaplan.storage import host

    monkeypatch.setattr(host, "WINDOWS", True)
    with pytest.raises(BrokenPipeError), Run().errors():
        raise OSError(errno.EINVAL, "Invalid argument")
    monkeypatch.setattr(host, "WINDOWS", False)  # elsewhere EINVAL is a real error
    with pytest.raises(SystemExit) as stop, Run().errors():
        raise OSError(errno.EINVAL, "Invalid argument")
    assert stop.value.code == 74


@pytest.mark.parametrize(
    ("system", "locale_says", "legacy"),
    [
        ("windows", "cp1251", "cp1251"),  # a Russian Windows: its ANSI code page
        ("windows", "cp65001", "cp1252"),  # UTF-8 as the system code page: not a legacy one
        ("windows", "UTF-8", "cp1252"),
        ("macos", "UTF-8", "mac_roman"),
        ("linux", "UTF-8", "cp1252"),
    ],
)
def test_the_older_encoding_of_each_system(
    system: str, locale_says: str, legacy: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import locale

    from cmaplan.storage import host

    monkeypatch.setattr(host, "WINDOWS", system == "windows")
    monkeypatch.setattr(host, "MACOS", system == "macos")
    monkeypatch.setattr(locale, "getencoding", lambda: locale_says)
    assert host.legacy_encoding() == legacy


# --- found by a hostile review of the above ------------------------------------------------------


@pytest.mark.parametrize("how", ["held", "read-only"])
@pytest.mark.parametrize("change", [("note", "choose-program", "second"), ("undo",)])
@pytest.mark.slow
def test_a_refused_save_leaves_the_backup_as_it_was(
    how: str, change: tuple[str, ...], home: Path
) -> None:
    run_as("windows", home, "init", "--example", "img-residency")
    run_as("windows", home, "note", "choose-program", "secret")
    run_as("windows", home, "check", "transcripts")
    plan = data_folder("windows", home) / "plan.toml"
    backup = plan.with_name("plan.toml.bak")
    before = (plan.read_bytes(), backup.read_bytes())
    env = {"CMAPLAN_EMULATE_HELD": "plan.toml:1000"} if how == "held" else {}
    env.update(GIVES_UP_SOON)
    if how == "read-only":
        plan.chmod(0o444)
    run_as("windows", home, *change, env=env, expect=74)
    assert (plan.read_bytes(), backup.read_bytes()) == before
    assert sorted(p.name for p in plan.parent.iterdir()) == [
        "plan.toml",
        "plan.toml.bak",
        "plan.toml.lock",
    ]  # no temporary file left either


@pytest.mark.slow
def test_exports_to_one_file_at_once_all_land(tmp_path: Path) -> None:
    """Exports hold no lock: one must never take another's temporary file for a stale one."""
    plan = tmp_path / "plan.toml"
    env = {**os.environ, "CMAPLAN_PLAN": str(plan)}
    cmaplan = [sys.executable, "-m", "cmaplan"]
    made = subprocess.run([*cmaplan, "init", "--example", "img-residency"], env=env, check=False)
    assert made.returncode == 0
    target = tmp_path / "same.html"
    for _ in range(3):
        children = [
            subprocess.Popen(
                [*cmaplan, "export", "html", "-o", str(target)],
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
            )
            for _ in range(8)
        ]
        results = [(c.wait(timeout=60), c.communicate()[1]) for c in children]
        assert results == [(0, b"")] * 8
    assert target.read_bytes().startswith(b"<!DOCTYPE html>")
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


@pytest.mark.parametrize(
    "args",
    [
        ("--plan", "~nosuchuser/plan.toml", "status"),
        ("export", "markdown", "-o", "~nosuchuser/x.md"),
        ("init", "--answers", "~nosuchuser/a.toml"),
    ],
)
def test_a_home_folder_that_does_not_exist_is_one_sentence(
    args: tuple[str, ...], home: Path
) -> None:
    if args[0] == "export":
        run_as("windows", home, "init", "--example", "img-residency")
    err = run_as("windows", home, *args, expect=64).err
    assert 'cannot tell which folder "~nosuchuser" is' in err
    assert err.count("\n") == 1


def test_save_answers_and_answers_take_a_home_folder(home: Path) -> None:
    run_as("windows", home, "init", "--example", "military-medic", "--save-answers", "~/a.toml")
    assert (home / "a.toml").is_file()
    assert not Path("~").exists()
    run_as("windows", home, "init", "--answers", "~/a.toml", "--force")


def test_windows_without_localappdata_asks_for_the_plan(home: Path) -> None:
    err = run_as("windows", home, "status", env={"LOCALAPPDATA": ""}, expect=74).err
    assert "cannot tell where your data folder is" in err
    assert "--plan FILE" in err
    assert err.count("\n") == 1


def test_windows_names_a_folder_given_as_the_plan(home: Path) -> None:
    (home / "adir").mkdir()
    err = run_as("windows", home, "--plan", str(home / "adir"), "status", expect=74).err
    assert "is a folder, not the plan file" in err


CLOSED_PIPE = """
import errno, io, sys
class Gone(io.RawIOBase):
    def writable(self): return True
    def write(self, data): raise OSError(errno.EINVAL, "Invalid argument")
sys.stdout = io.TextIOWrapper(io.BufferedWriter(Gone()), encoding="cp1252")
sys.argv = ["cmaplan", *{args!r}]
from cmaplan.entry import main
main()
"""


@pytest.mark.parametrize(
    "args",
    [("status",), ("timeline",), ("compare",), ("program", "list"), ("completion", "pwsh")],
)
def test_windows_closed_pipe_is_quiet_through_both_doors(args: tuple[str, ...], home: Path) -> None:
    """Windows says EINVAL when the reader of cmaplan's output has gone: exit 1, no traceback
    (click's own wrapper forgives only EPIPE)."""
    run_as("windows", home, "init", "--example", "img-residency")
    code = CLOSED_PIPE.format(args=list(args))
    done = subprocess.run(
        [sys.executable, EMULATION, "windows", "-c", code],
        env={**os.environ, "HOME": str(home), "LOCALAPPDATA": str(home / "AppData" / "Local")},
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1, done.stderr
    assert done.stderr == ""


@pytest.mark.parametrize("fmt", ["markdown", "svg", "ics"])
def test_an_export_to_a_closed_stdout_is_one_sentence(fmt: str, tmp_path: Path) -> None:
    plan = tmp_path / "plan.toml"
    env = {**os.environ, "CMAPLAN_PLAN": str(plan)}
    cmaplan = [sys.executable, "-m", "cmaplan"]
    made = subprocess.run([*cmaplan, "init", "--example", "img-residency"], env=env, check=False)
    assert made.returncode == 0
    done = subprocess.run(
        [*cmaplan, "export", fmt],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        check=False,
        preexec_fn=lambda: os.close(1),
    )
    assert done.returncode == 74
    assert done.stderr == "cmaplan: cannot write the output: standard output is closed.\n"


def test_windows_lock_file_that_is_not_a_file_is_one_sentence(home: Path) -> None:
    run_as("windows", home, "init", "--example", "img-residency")
    lock = data_folder("windows", home) / "plan.toml.lock"
    lock.unlink()
    lock.mkdir()
    err = run_as("windows", home, "check", "transcripts", expect=74).err
    assert "plan.toml.lock is not an ordinary file, so it cannot lock the plan" in err
    assert err.count("\n") == 1
