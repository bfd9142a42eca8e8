"""The plan's lock, so that concurrent changes all land (edge layer).

An advisory lock of the operating system (`fcntl.flock`) on `<plan>.lock` beside the plan's real
file. The system releases it when the process ends, so a crash cannot leave it stuck. After the
lock is taken, its file is checked to still be the lock file: a lock file deleted or replaced
while someone held it cannot let two writers in at once. Where `fcntl` does not exist (Windows),
filelock does the same job.
"""

from __future__ import annotations

import contextlib
import os
import stat
import time
from collections.abc import Iterator
from pathlib import Path

from cmaplan.errors import StorageError
from cmaplan.files import FILE_MODE, ensure_folder, real_path

LOCK_TIMEOUT = 15.0  # seconds to wait for another cmaplan to finish changing the plan
POLL = 0.05


def lock_path(path: Path) -> Path:
    """The lock file of a plan: beside its real file, so every link to it shares one lock."""
    target = real_path(path)
    return target.with_name(target.name + ".lock")


@contextlib.contextmanager
def plan_lock(path: Path, *, timeout: float = LOCK_TIMEOUT) -> Iterator[None]:
    """Hold the lock of the plan at `path` (its folder must exist)."""
    lock = lock_path(path)
    ensure_folder(lock.parent)
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        with _filelock(lock, path, timeout):
            yield
        return
    deadline = time.monotonic() + timeout
    while True:
        fd = _open_lock(lock)
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
            raise StorageError(f"cannot lock {lock}: {error.strerror}") from None
        if _still_the_lock_file(fd, lock):
            break
        os.close(fd)  # it was deleted or replaced while we waited: lock the file there now
    try:
        yield
    finally:
        os.close(fd)


def _open_lock(lock: Path) -> int:
    flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(lock, flags, FILE_MODE)
    except OSError as error:
        raise StorageError(f"cannot open the lock file {lock}: {error.strerror}") from None
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise StorageError(f"the lock file {lock} is not an ordinary file; move it away")
    return fd


def _still_the_lock_file(fd: int, lock: Path) -> bool:
    try:
        on_disk = os.stat(lock, follow_symlinks=False)
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
