"""The plan's lock, so that concurrent changes all land (edge layer).

An advisory lock of the operating system (`fcntl.flock`) on the folder that holds the plan's
real file. Nothing has to be created for it (no lock file to leave behind, delete or replace),
a folder that holds the plan cannot be removed while in use, and the system releases the lock
when the process ends, so a crash cannot leave it stuck. After the lock is taken, the folder is
checked to still be the one at that path. Where `fcntl` does not exist (Windows), filelock holds
a `<plan>.lock` file instead.
"""

from __future__ import annotations

import contextlib
import os
import stat
import time
from collections.abc import Iterator
from pathlib import Path

from cmaplan.errors import StorageError
from cmaplan.files import FILE_MODE, real_path

LOCK_TIMEOUT = 15.0  # seconds to wait for another cmaplan to finish changing the plan
POLL = 0.05


def lock_path(path: Path) -> Path:
    """The lock file of a plan where filelock is used (Windows): beside its real file."""
    target = real_path(path)
    return target.with_name(target.name + ".lock")


@contextlib.contextmanager
def plan_lock(path: Path, *, timeout: float = LOCK_TIMEOUT) -> Iterator[None]:
    """Hold the lock of the plan at `path` (its folder must exist)."""
    folder = real_path(path).parent
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        with _filelock(lock_path(path), path, timeout):
            yield
        return
    deadline = time.monotonic() + timeout
    while True:
        fd = _open_folder(folder)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            if time.monotonic() > deadline:
                raise StorageError(
                    f"{path} is busy: another cmaplan is changing it", "Try again in a moment."
                ) from None
            time.sleep(POLL)
            continue
        except OSError as error:
            os.close(fd)
            raise StorageError(f"cannot lock {folder}: {error.strerror}") from None
        if _still_there(fd, folder):
            break
        os.close(fd)  # the folder was moved or replaced while we waited: lock the one there now
    try:
        yield
    finally:
        os.close(fd)


def _open_folder(folder: Path) -> int:
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
    except OSError as error:
        raise StorageError(f"cannot open {folder} to lock the plan: {error.strerror}") from None
    if not stat.S_ISDIR(os.fstat(fd).st_mode):
        os.close(fd)
        raise StorageError(f"{folder} is not a folder")
    return fd


def _still_there(fd: int, folder: Path) -> bool:
    try:
        on_disk = os.stat(folder)
    except FileNotFoundError:
        return False
    held = os.fstat(fd)
    return (held.st_dev, held.st_ino) == (on_disk.st_dev, on_disk.st_ino)


@contextlib.contextmanager
def _filelock(lock: Path, path: Path, timeout: float) -> Iterator[None]:  # pragma: no cover
    from filelock import FileLock, Timeout

    handle = FileLock(lock, timeout=timeout, mode=FILE_MODE)
    try:
        handle.acquire()
    except Timeout:
        raise StorageError(
            f"{path} is busy: another cmaplan is changing it", "Try again in a moment."
        ) from None
    try:
        yield
    finally:
        handle.release()
