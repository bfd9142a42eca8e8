"""Folders other users can write, and how cmaplan finds the file it writes there (storage layer).

A person may keep a plan or write an export in a folder other users can write too: `/tmp`, a
shared project folder, a group folder. Another user there can plant a symbolic link at the
name cmaplan is about to write, or on the way to it, so that the write lands on a file of
theirs choosing (the person's own notes, another plan). OpenSSH refuses such paths; git
never writes through a link in the work tree. cmaplan does as they do:

- The path is resolved one name at a time (`place`). A symbolic link is followed only when the
  folder that holds it is written by no one but its owner (the person, or the system); in a
  folder others can write, a link is refused in one sentence — whoever made it.
- The folder found is opened and its identity checked, and the file is then made and renamed
  *in that open folder* (POSIX `openat`/`renameat`), so no link put there between the check
  and the write can redirect it. A rename replaces a name, never the file behind a hard link.
- A file that belongs to another user is never replaced (root keeps its owner instead), and a
  file its owner made read-only is not replaced either.

Windows has no file modes or owners of this kind (its folders' access lists decide), and its
links need an administrator to make: there `place` resolves the path as the system does.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import NamedTuple

from cmaplan.core.errors import StorageError
from cmaplan.core.plaintext import visible
from cmaplan.storage import host
from cmaplan.storage.paths import check_name

DIR_MODE = 0o700
MAX_LINKS = 40  # as the Linux kernel: more links in one path is a loop


class Place(NamedTuple):
    """Where a file is to be written: a folder that exists, and a name in it."""

    folder: Path
    name: str
    shared: bool  # others than its owner can write the folder
    ident: tuple[int, int]  # the folder's (device, inode), to check the folder opened is it
    missing: tuple[str, ...] = ()  # folders still to make between `folder` and `name`


def shown(path: Path | str) -> str:
    """A path for a message: control characters (a line break in a file name) made visible."""
    return visible(str(path))


def someone_elses(info: os.stat_result) -> bool:
    """Whether the file described by `info` belongs to another user, and cmaplan is not root
    (who may save for them: the file keeps its owner). Never on Windows, which has no uids."""
    me = host.user_id()
    return not host.WINDOWS and info.st_uid != me and me != 0


def not_mine(info: os.stat_result) -> bool:
    """Whether the file described by `info` belongs to another user, root or not. Never on
    Windows, which has no uids."""
    return not host.WINDOWS and info.st_uid != host.user_id()


def open_to_others(info: os.stat_result) -> bool:
    """Whether someone other than the person (and the system) can add or replace names in the
    folder described by `info`."""
    if host.WINDOWS:
        return False
    if info.st_uid not in (host.user_id(), 0) or info.st_mode & stat.S_IWOTH:
        return True
    return bool(info.st_mode & stat.S_IWGRP) and not host.private_group(info.st_gid)


class LinkRefused(StorageError):
    """A link in a folder others can write, on the way to a file or at its name."""


def _refused_link(link: Path, folder: Path) -> StorageError:
    return LinkRefused(
        f"{shown(link)} is a symbolic link in {shown(folder)}, a folder other users can write, "
        "so cmaplan does not follow it",
        "Give the path of the file itself, or keep the file in a folder of your own.",
    )


def check_readable(path: Path) -> None:
    """Refuse to read through a link another user could have planted, as a write would: the
    plan, answers or CSV they point to could be theirs (and its words shown as the person's).
    Any other problem with the path is left for the reading to word."""
    try:
        place(path)
    except LinkRefused:
        raise
    except (StorageError, OSError):
        return


def place(path: Path, *, follow: bool = True) -> Place:
    """Where a write of `path` goes: links followed as the system would, except in a folder
    others can write (see the module's docstring). `follow=False` leaves a link at the last
    name itself to be replaced. Folders that do not exist yet are listed in `missing`."""
    absolute = path if path.is_absolute() else Path(os.getcwd(), path)
    if host.WINDOWS:
        real = Path(os.path.realpath(absolute)) if follow else absolute
        folder = real.parent
        missing: tuple[str, ...] = ()
        while not folder.exists() and folder.parent != folder:
            folder, missing = folder.parent, (folder.name, *missing)
        return Place(folder, real.name, False, (0, 0), missing)
    folder = Path(absolute.anchor)
    info = os.stat(folder)
    queue = list(absolute.parts[1:])
    if not queue:
        raise StorageError(f"{shown(path)} is a folder, not a file")
    links = 0
    while True:
        part = queue.pop(0)
        if part in ("", "."):
            if not queue:
                raise StorageError(f"{shown(path)} is a folder, not a file")
            continue
        if part == "..":
            folder = folder.parent
            info = os.stat(folder)
            if not queue:
                raise StorageError(f"{shown(path)} is a folder, not a file")
            continue
        last = not queue
        candidate = folder / part
        try:
            found = os.lstat(candidate)
        except FileNotFoundError:
            if last:
                return Place(folder, part, open_to_others(info), (info.st_dev, info.st_ino))
            rest = (part, *queue[:-1])
            return Place(folder, queue[-1], open_to_others(info), _ident(info), rest)
        except OSError as error:
            raise StorageError(f"cannot use {shown(path)}: {error.strerror}") from None
        if stat.S_ISLNK(found.st_mode) and (follow or not last):
            if open_to_others(info):
                raise _refused_link(candidate, folder)
            links += 1
            if links > MAX_LINKS:
                raise StorageError(f"cannot use {shown(path)}: its links go round in a loop")
            target = Path(os.readlink(candidate))
            if target.is_absolute():
                folder = Path(target.anchor)
                info = os.stat(folder)
                queue = [*target.parts[1:], *queue]
            else:
                queue = [*target.parts, *queue]
            continue
        if last:
            return Place(folder, part, open_to_others(info), _ident(info))
        if not stat.S_ISDIR(found.st_mode):
            raise StorageError(
                f"{shown(path)} is not where a file can be: {shown(candidate)} is a file"
            )
        folder, info = candidate, found


def _ident(info: os.stat_result) -> tuple[int, int]:
    return (info.st_dev, info.st_ino)


def open_folder(where: Place) -> int | None:
    """The folder of `where`, opened for writing names in it (POSIX), checked to be the very
    folder `place` looked at; None on Windows, where names are used whole."""
    if host.WINDOWS:
        return None
    flags = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(where.folder, flags)
    except OSError as error:
        raise StorageError(f"cannot write in {shown(where.folder)}: {error.strerror}") from None
    if _ident(os.fstat(fd)) != where.ident:
        os.close(fd)
        raise StorageError(
            f"{shown(where.folder)} was moved or replaced while cmaplan was writing in it",
            "Try again.",
        )
    return fd


def check_replaceable(info: os.stat_result, path: Path) -> None:
    """Refuse to replace a file of another user (root may: it keeps their owner), or one its
    owner made read-only."""
    if host.WINDOWS:
        return
    if someone_elses(info):
        raise StorageError(
            f"{shown(path)} belongs to another user, so cmaplan does not replace it",
            "Ask them to make the change, or give a file name of your own.",
        )
    if not info.st_mode & stat.S_IWUSR:
        raise StorageError(
            f"{shown(path)} is read-only, so cmaplan leaves it as it is",
            f"`chmod u+w {shown(path)}` lets cmaplan change it again.",
        )


def ensure_folder(folder: Path) -> None:
    """Make `folder` and any missing parents, each readable by its owner only."""
    missing: list[Path] = []
    current = folder
    while not current.exists():
        missing.append(current)
        if current.parent == current:
            break
        current = current.parent
    if not current.is_dir():
        raise StorageError(f"cannot make the folder {folder}: {current} is a file, not a folder")
    for made in missing:
        check_name(made)
    try:
        for made in reversed(missing):
            # On Windows, mode 0o700 gives the folder an owner-only access list (Python 3.11.10,
            # 3.12.4 and later); chmod there could only set the read-only flag.
            made.mkdir(mode=DIR_MODE, exist_ok=True)
            if not host.WINDOWS:
                os.chmod(made, DIR_MODE)  # mkdir's mode is masked by the umask; this is not
    except OSError as error:
        raise StorageError(f"cannot make the folder {folder}: {error.strerror}") from None


def folder_mine(folder: int | None) -> bool:
    """Whether the folder held open in `folder` is the person's own (so any name in it is
    theirs to replace)."""
    if folder is None:
        return False
    try:
        return os.fstat(folder).st_uid == host.user_id()
    except OSError:
        return False


def folders_own(folder: int | None, info: os.stat_result) -> bool:
    """Whether the file described by `info` belongs to the owner of the folder it is in (held
    open in `folder`): a user's file in their own folder, which root may save for them."""
    if folder is None:
        return False
    try:
        return os.fstat(folder).st_uid == info.st_uid
    except OSError:
        return False


def owner_of(path: Path) -> tuple[int, int] | None:
    """The plan file's owner: a backup root makes for them is theirs too."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    return info.st_uid, info.st_gid
