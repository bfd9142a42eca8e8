"""The plan's lock, so that concurrent changes all land (storage layer).

An advisory lock of the operating system (`fcntl.flock`) on the folder that holds the plan's
real file. Nothing has to be created for it (no lock file to leave behind, delete or replace),
a folder that holds the plan cannot be removed while in use, and the system releases the lock
when the process ends, so a crash cannot leave it stuck. After the lock is taken, the folder is
checked to still be the one at that path. Windows cannot open a folder as a file, so there the
lock is a byte of a `<plan>.lock` file beside the plan (`msvcrt.locking`), held the same way:
released by the system when the process ends, waited for with the same timeout.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import time
from collections.abc import Iterator
from pathlib import Path

from cmaplan.core.errors import StorageError
from cmaplan.storage import host
from cmaplan.storage.files import FILE_MODE, real_path

LOCK_TIMEOUT = 15.0  # seconds to wait for another cmaplan to finish changing the plan
POLL = 0.05


def lock_path(path: Path) -> Path:
    """The lock file of a plan on Windows: beside its real file."""
    target = real_path(path)
    return target.with_name(target.name + ".lock")


@contextlib.contextmanager
def plan_lock(path: Path, *, timeout: float = LOCK_TIMEOUT) -> Iterator[None]:
    """Hold the lock of the plan at `path` (its folder must exist)."""
    folder = real_path(path).parent
    deadline = time.monotonic() + timeout
    while True:
        fd = _open_folder(folder) if host.LOCKS_FOLDER else _open_lock_file(lock_path(path))
        try:
            taken = host.try_lock(fd)
        except OSError as error:
            os.close(fd)
            unsupported = error.errno in (errno.ENOTSUP, errno.EOPNOTSUPP, errno.ENOLCK)
            raise StorageError(
                f"cannot lock {folder}: {error.strerror}",
                "Its file system (a network share?) does not lock files; keep the plan on this "
                "computer's own disk, or copy it there."
                if unsupported
                else "",
            ) from None
        if not taken:
            os.close(fd)
            if time.monotonic() > deadline:
                raise StorageError(
                    f"{path} is busy: another cmaplan is changing it", "Try again in a moment."
                ) from None
            time.sleep(POLL)
            continue
        if not host.LOCKS_FOLDER or _still_there(fd, folder):
            break
        os.close(fd)  # the folder was moved or replaced while we waited: lock the one there now
    try:
        yield
    finally:
        with contextlib.suppress(OSError):
            host.unlock(fd)  # closing releases it too; on Windows only "eventually"
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


def _open_lock_file(lock: Path) -> int:
    """The lock file, made owner-only if new. It stays beside the plan: deleting it on release
    would let two processes lock two different files of the same name."""
    flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_BINARY", 0) | getattr(os, "O_NOINHERIT", 0)
    try:
        fd = os.open(lock, flags, FILE_MODE)
    except OSError as error:
        if not os.path.isdir(lock):
            raise StorageError(f"cannot open {lock} to lock the plan: {error.strerror}") from None
        fd = -1
    if fd < 0 or not stat.S_ISREG(os.fstat(fd).st_mode):
        if fd >= 0:
            os.close(fd)
        raise StorageError(
            f"{lock} is not an ordinary file, so it cannot lock the plan",
            "Move it away; cmaplan makes the file again.",
        )
    return fd


def _still_there(fd: int, folder: Path) -> bool:
    try:
        on_disk = os.stat(folder)
    except FileNotFoundError:
        return False
    held = os.fstat(fd)
    return (held.st_dev, held.st_ino) == (on_disk.st_dev, on_disk.st_ino)
