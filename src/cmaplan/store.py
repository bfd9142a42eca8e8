"""Where the plan file lives, and reading and writing it safely (edge layer: file I/O only).

Writes are atomic (a temporary file in the same folder, fsync, rename), keep the previous version
beside the plan as `<name>.bak`, and create files only their owner can read. A file that does not
parse as TOML is never overwritten.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
import tomllib
import warnings
from collections.abc import Iterator, Mapping
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

import tomli_w

from cmaplan.codec import document_to_plan, plan_to_document
from cmaplan.errors import PlanFileError, PlanMissingError, StorageError, UsageError
from cmaplan.model import Plan

ENV_PLAN = "CMAPLAN_PLAN"
FILE_MODE = 0o600
DIR_MODE = 0o700


def default_plan_path() -> Path:
    """plan.toml in the user's data folder (platformdirs decides where that is on each system)."""
    import platformdirs

    return platformdirs.user_data_path("cmaplan", appauthor=False) / "plan.toml"


def resolve_plan_path(option: Path | None, environ: Mapping[str, str]) -> Path:
    """--plan, else $CMAPLAN_PLAN, else the default location."""
    if option is not None:
        return option.expanduser()
    if environ.get(ENV_PLAN):
        return Path(environ[ENV_PLAN]).expanduser()
    return default_plan_path()


def example_names() -> list[str]:
    """The answers files shipped with cmaplan, by name (`cmaplan init --example NAME`)."""
    folder = resources.files("cmaplan").joinpath("examples")
    names = (p.name for p in folder.iterdir())
    return sorted(n.removesuffix(".toml") for n in names if n.endswith(".toml"))


def example_summary(name: str) -> str:
    """Who an example is about: its first comment line, without the article."""
    text = resources.files("cmaplan").joinpath(f"examples/{name}.toml").read_text("utf-8")
    first = text.splitlines()[0].lstrip("# ").rstrip(",.:")
    return first[0].lower() + first[1:] if first else name


def read_example(name: str) -> dict[str, Any]:
    """A shipped example's answers; an unknown name is one sentence with the names there are."""
    names = example_names()
    key = name.strip().lower().removesuffix(".toml")
    if key not in names:
        import difflib

        close = difflib.get_close_matches(key, names, n=1)
        hint = f'Did you mean "{close[0]}"? ' if close else ""
        raise UsageError(
            f'there is no example "{name}"', f"{hint}The examples are: {', '.join(names)}."
        )
    text = resources.files("cmaplan").joinpath(f"examples/{key}.toml").read_text("utf-8")
    return tomllib.loads(text)


def backup_path(path: Path) -> Path:
    return path.with_name(path.name + ".bak")


def read_toml(path: Path, *, what: str = "plan") -> dict[str, Any]:
    """Parse a TOML file; a missing or broken file is a one-sentence error naming the file."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise PlanMissingError(
            f"there is no {what} file at {path}",
            "Run `cmaplan init` to make one." if what == "plan" else "",
        ) from None
    except IsADirectoryError:
        raise StorageError(f"{path} is a folder, not a {what} file.") from None
    except OSError as error:
        raise StorageError(f"cannot read {path}: {error.strerror}.") from None
    try:
        return tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise PlanFileError(f"{path} is not a text file (it is not UTF-8).") from None
    except tomllib.TOMLDecodeError as error:
        raise PlanFileError(
            f"{path} is not valid TOML: {error}.",
            "Fix that line, or restore the backup beside it." if what == "plan" else "",
        ) from None


def _fsync_dir(folder: Path) -> None:
    with contextlib.suppress(OSError):  # not every system can fsync a folder
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def atomic_write(path: Path, data: bytes) -> None:
    """Replace `path` with `data` all at once: readers see the old file or the new, never half."""
    folder = path.parent
    try:
        folder.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as error:
        raise StorageError(f"cannot write in {folder}: {error.strerror}.") from None
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            os.fchmod(handle.fileno(), FILE_MODE)
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except OSError as error:
        tmp.unlink(missing_ok=True)
        raise StorageError(f"cannot write {path}: {error.strerror}.") from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    _fsync_dir(folder)


def save_document(path: Path, document: Mapping[str, Any], *, header: str = "") -> None:
    """Write a plan document atomically, keeping the file it replaces as `<name>.bak`.

    Refuses to replace a file that is not valid TOML: that may be the user's only copy of
    something, so it is left for them to fix or move.
    """
    data = (header + tomli_w.dumps(document)).encode("utf-8")
    try:
        previous = path.read_bytes()
    except FileNotFoundError:
        previous = None
    except OSError as error:
        raise StorageError(f"cannot read {path}: {error.strerror}.") from None
    if previous is not None:
        try:
            tomllib.loads(previous.decode("utf-8"))
        except (UnicodeDecodeError, tomllib.TOMLDecodeError):
            raise PlanFileError(
                f"{path} is not valid TOML, so cmaplan will not overwrite it.",
                "Fix it, or move it away and try again.",
            ) from None
        if previous != data:
            atomic_write(backup_path(path), previous)
    atomic_write(path, data)


def load_plan(path: Path) -> Plan:
    """Read and rebuild the plan at `path`; every problem is one sentence that names the file."""
    document = read_toml(path)
    try:
        return document_to_plan(document)
    except PlanFileError as error:
        raise PlanFileError(f"{path}: {error.message}", error.hint) from None


def save_plan(path: Path, plan: Plan, today: date) -> None:
    """Write the plan with its dates forecast as of `today`."""
    save_document(path, plan_to_document(plan, today))


LOCK_TIMEOUT = 15.0  # seconds to wait for another cmaplan to finish changing the plan
LOCK_LIFETIME = 60.0  # a lock held longer than this is stale and may be broken


def lock_path(path: Path) -> Path:
    return path.with_name(path.name + ".lock")


@contextlib.contextmanager
def locked(path: Path, *, creating: bool = False, timeout: float = LOCK_TIMEOUT) -> Iterator[None]:
    """Hold the plan's lock for a read-modify-write, so that concurrent changes all land.

    Only `creating` (init) may make the plan's folder; any other command on a plan that does not
    exist fails first, leaving nothing on disk (no folder, no lock file).

    filelock uses the operating system's locks where it can, which end with the process that held
    them; `lifetime` also breaks a lock left behind where it has to fall back to a lock file.
    """
    from filelock import FileLock, Timeout

    if not creating and not path.exists():
        read_toml(path)  # the one-sentence "no plan file" error
    try:
        path.parent.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
    except OSError as error:
        raise StorageError(f"cannot write in {path.parent}: {error.strerror}.") from None
    with warnings.catch_warnings():
        # lifetime only matters where filelock falls back to a soft (file-exists) lock; for an
        # OS lock it warns that it ignores it, which is right: the OS ends such a lock itself.
        warnings.simplefilter("ignore", UserWarning)
        lock = FileLock(lock_path(path), timeout=timeout, mode=FILE_MODE, lifetime=LOCK_LIFETIME)
    try:
        lock.acquire()
    except Timeout:
        raise StorageError(
            f"{path} is busy: another cmaplan is changing it", "Try again in a moment."
        ) from None
    try:
        yield
    finally:
        lock.release()
