"""The plan's lock, so that concurrent changes all land (storage layer).

An advisory lock of the operating system on `<plan>.lock`, a file beside the plan's real file
that only the plan's owner can open (0600, never through a link: `guard`). The lock is
`fcntl.flock` on POSIX and a locked byte (`msvcrt.locking`) on Windows; either way the system
releases it when the process ends, so a crash cannot leave it stuck. Locking the plan's folder
or the plan itself would let anyone who can read them hold the lock and stop every change; a
file no one else can open cannot be held by anyone else. The file stays after use: deleting it
on release would let two processes lock two different files of the same name. After the lock
is taken, the file is checked to still be the one at that name.
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
from cmaplan.storage import guard, host
from cmaplan.storage.files import FILE_MODE, real_path
from cmaplan.storage.guard import Place

LOCK_TIMEOUT = 15.0  # seconds to wait for another cmaplan to finish changing the plan
POLL = 0.05


def lock_path(path: Path) -> Path:
    """The lock file of a plan: beside its real file."""
    target = real_path(path)
    return target.with_name(target.name + ".lock")


@contextlib.contextmanager
def plan_lock(path: Path, *, timeout: float = LOCK_TIMEOUT) -> Iterator[None]:
    """Hold the lock of the plan at `path` (its folder must exist)."""
    where = guard.place(path)
    lock = where._replace(name=where.name + ".lock")
    shown = guard.shown(lock.folder / lock.name)
    deadline = time.monotonic() + timeout
    try:
        plan_info = os.stat(path)
        owner: tuple[int, int] | None = (plan_info.st_uid, plan_info.st_gid)
    except OSError:
        owner = None
    while True:
        folder = guard.open_folder(lock)
        try:
            fd = _open_lock_file(folder, lock, shown, owner)
        finally:
            if folder is not None:
                os.close(folder)
        try:
            taken = host.try_lock(fd)
        except OSError as error:
            os.close(fd)
            unsupported = error.errno in (errno.ENOTSUP, errno.EOPNOTSUPP, errno.ENOLCK)
            raise StorageError(
                f"cannot lock {shown}: {error.strerror}",
                "Its file system (a network share?) does not lock files; keep the plan on this "
                "computer's own disk, or copy it there."
                if unsupported
                else "",
            ) from None
        if not taken:
            os.close(fd)
            if time.monotonic() > deadline:
                raise StorageError(
                    f"{guard.shown(path)} is busy: another cmaplan is changing it",
                    "Try again in a moment.",
                ) from None
            time.sleep(POLL)
            continue
        if _still_there(fd, lock):
            break
        os.close(fd)  # the lock file was removed or replaced while we waited: lock the new one
    try:
        yield
    finally:
        with contextlib.suppress(OSError):
            host.unlock(fd)  # closing releases it too; on Windows only "eventually"
        os.close(fd)


def _someone_elses_name(folder: int | None, lock: Place, shown: str) -> None:
    """Refuse, saying why, when what stops the lock file's opening is another user's entry at
    its name (a link of theirs in a sticky folder cannot be opened or replaced)."""
    name = lock.name if folder is not None else lock.folder / lock.name
    try:
        info = os.stat(name, dir_fd=folder, follow_symlinks=False)
    except OSError:
        return
    if guard.not_mine(info):
        raise StorageError(
            f"{shown} belongs to another user, in a folder others can write, so it cannot "
            "lock the plan",
            "Keep your plan in a folder of your own, such as the data folder cmaplan uses "
            "without --plan.",
        )


def _open_lock_file(
    folder: int | None, lock: Place, shown: str, owner: tuple[int, int] | None = None
) -> int:
    """The lock file, made owner-only if new (and the plan's owner's, when root makes it for
    them), never through a link; one of another user is refused (they could hold it), unless
    it is in the person's own folder, where it is made again; one open to others is made
    owner-only again."""
    flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
    flags |= getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOINHERIT", 0)
    name = lock.name if folder is not None else lock.folder / lock.name
    try:
        fd = os.open(name, flags, FILE_MODE, dir_fd=folder)
    except PermissionError:
        if os.path.isdir(lock.folder / lock.name):  # a folder there (EACCES on Windows)
            fd = -1
        elif not _own_folder(folder, lock):  # another user's lock in a folder others can write
            _someone_elses_name(folder, lock, shown)
            raise StorageError(f"cannot open {shown} to lock the plan") from None
        else:  # root's, unreadable, left in the person's own folder
            fd = _made_again(folder, name, flags, shown)
    except OSError as error:
        if error.errno not in (errno.ELOOP, errno.EISDIR) and not os.path.isdir(
            lock.folder / lock.name
        ):
            _someone_elses_name(folder, lock, shown)
            raise StorageError(f"cannot open {shown} to lock the plan: {error.strerror}") from None
        fd = -1
    info = os.fstat(fd) if fd >= 0 else None
    if info is None or not stat.S_ISREG(info.st_mode):
        if fd >= 0:
            os.close(fd)
        raise StorageError(
            f"{shown} is not an ordinary file, so it cannot lock the plan",
            "Move it away; cmaplan makes the file again.",
        )
    if guard.someone_elses(info) and _own_folder(folder, lock):  # left by root: made again
        os.close(fd)
        fd = _made_again(folder, name, flags, shown)
        info = os.fstat(fd)
    elif owner is not None and host.user_id() == 0 and info.st_uid == 0 != owner[0]:
        with contextlib.suppress(OSError):
            host.keep_owner(fd, owner)  # root made it for the plan's owner: theirs
    if guard.someone_elses(info):
        os.close(fd)
        raise StorageError(
            f"{shown} belongs to another user, who could hold it and stop every change",
            "Keep your plan in a folder of your own, such as the data folder cmaplan uses "
            "without --plan.",
        )
    if stat.S_IMODE(info.st_mode) & 0o077:
        with contextlib.suppress(OSError):
            host.set_mode(fd, FILE_MODE)
    return fd


def _made_again(folder: int | None, name: str | Path, flags: int, shown: str) -> int:
    """A lock file of another user's (root's) in the person's own folder, removed and made
    anew as theirs; one sentence if that cannot be done."""
    try:
        os.unlink(name, dir_fd=folder)
    except FileNotFoundError:
        pass
    except OSError as error:
        raise StorageError(
            f"cannot make {shown} again to lock the plan: {error.strerror}"
        ) from None
    try:
        return os.open(name, flags | os.O_EXCL, FILE_MODE, dir_fd=folder)
    except OSError as error:
        raise StorageError(
            f"cannot make {shown} again to lock the plan: {error.strerror}"
        ) from None


def _own_folder(folder: int | None, lock: Place) -> bool:
    """Whether the lock's folder is the person's own and no one else can write it."""
    if lock.shared:
        return False
    try:
        info = os.fstat(folder) if folder is not None else os.stat(lock.folder)
    except OSError:
        return False
    return info.st_uid == host.user_id()


def _still_there(fd: int, lock: Place) -> bool:
    try:
        on_disk = os.stat(lock.folder / lock.name, follow_symlinks=False)
    except FileNotFoundError:
        return False
    held = os.fstat(fd)
    return (held.st_dev, held.st_ino) == (on_disk.st_dev, on_disk.st_ino)
