"""Reading and writing personal files safely (storage layer: file I/O only).

- Only regular files are read or written: a folder, FIFO, socket or device is refused at once,
  before anything could block or be replaced. Files above a size limit are refused before reading.
- A write is atomic (a temporary file beside the target, fsync, rename) and goes through a
  symlink to its target, so a linked plan never forks into two files.
- Files are created readable by their owner only (0600), folders 0700 whatever the umask; a file
  that root rewrites for another user keeps that user as its owner.
- Temporary files left by a killed write are removed by the next write.

Where the systems differ (`host`; README.md, "Windows, macOS and Linux"): Windows has no file
modes beyond read-only, so privacy there comes from the folder (a new folder is made
owner-only, as Python 3.11.10+ does for mode 0o700); every file is opened in binary mode; a
folder cannot be fsynced; a file another program holds open cannot be replaced (a save tries
again for a moment); and some names (`CON`, `a:b`, `plan.`) are refused in one sentence.
"""

from __future__ import annotations

import contextlib
import os
import stat
import time
from pathlib import Path
from typing import NamedTuple

from cmaplan.core.errors import PlanFileError, PlanMissingError, StorageError, UsageError
from cmaplan.storage import guard, host
from cmaplan.storage.guard import Place
from cmaplan.storage.paths import check_name
from cmaplan.storage.tempnames import (
    TEMP_FORM,
    TEMP_SUFFIX,
    folder_name,
    remove_stale_temps,
    temp_stem,
)

FILE_MODE = 0o600
NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)  # POSIX only
BINARY = getattr(os, "O_BINARY", 0)  # Windows only: no newline translation, no Ctrl-Z as the end
REPLACE_WAIT = 2.0  # seconds a Windows save tries again while another program holds the file

KINDS = {
    stat.S_IFDIR: "a folder",
    stat.S_IFIFO: "a FIFO (named pipe)",
    stat.S_IFSOCK: "a socket",
    stat.S_IFCHR: "a device",
    stat.S_IFBLK: "a device",
}


def _kind(mode: int) -> str:
    return KINDS.get(stat.S_IFMT(mode), "not an ordinary file")


def real_path(path: Path) -> Path:
    """Where `path` really is: a symlink's target (followed to the end), else the path itself."""
    return Path(os.path.realpath(path))


def read_regular(path: Path, *, what: str, limit: int, hint: str = "") -> bytes:
    """The bytes of a regular file of at most `limit` bytes; anything else is one sentence.

    The file is opened without blocking and checked before a byte is read, so a FIFO or a device
    never hangs cmaplan, and a huge file is never loaded.
    """
    check_name(path)
    guard.check_readable(path)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0) | BINARY
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise PlanMissingError(f"there is no {what} file at {path}", hint) from None
    except NotADirectoryError:
        raise StorageError(f"{path} is not where a file can be: a part of it is a file") from None
    except IsADirectoryError:
        raise StorageError(f"{path} is a folder, not the {what} file") from None
    except OSError as error:
        if isinstance(error, PermissionError) and os.path.isdir(path):  # Windows' word for it
            raise StorageError(f"{path} is a folder, not the {what} file") from None
        raise StorageError(f"cannot read {path}: {error.strerror}") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise StorageError(
                f"{path} is {_kind(info.st_mode)}, not the {what} file; cmaplan reads only "
                "ordinary files"
            )
        if info.st_size > limit:
            raise PlanFileError(
                f"{path} is too large for {_a(what)} file ({info.st_size:,} bytes; "
                f"the limit is {limit:,})"
            )
        chunks: list[bytes] = []
        size = 0
        while size <= limit:
            chunk = os.read(fd, 65536)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > limit:
            raise PlanFileError(f"{path} is too large for {_a(what)} file (the limit is {limit:,})")
        return b"".join(chunks)
    except OSError as error:
        raise StorageError(f"cannot read {path}: {error.strerror}") from None
    finally:
        os.close(fd)


def require_regular(path: Path, *, what: str, hint: str = "") -> None:
    """The file must exist and be an ordinary file (checked without opening it)."""
    check_name(path)
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise PlanMissingError(f"there is no {what} file at {path}", hint) from None
    except OSError as error:
        raise StorageError(f"cannot use {path}: {error.strerror}") from None
    if not stat.S_ISREG(info.st_mode):
        raise StorageError(f"{path} is {_kind(info.st_mode)}, not the {what} file")


def check_writable(path: Path, *, what: str) -> Place:
    """Refuse, before anything is read or written, a target that exists but is not an ordinary
    file (it would be replaced), one cmaplan must not replace (`guard`), a link another user
    could have planted, or a name the system cannot have; where a write of `path` would go."""
    check_name(path)
    where = guard.place(path)
    if where.missing:
        return where
    try:
        info = os.stat(where.folder / where.name, follow_symlinks=False)
    except FileNotFoundError:
        return where
    except OSError as error:
        raise StorageError(f"cannot use {guard.shown(path)}: {error.strerror}") from None
    _check_target(info, path, what)
    return where


def _check_target(info: os.stat_result, path: Path, what: str) -> None:
    """A file that exists where a write is to go must be an ordinary file cmaplan may replace."""
    if not stat.S_ISREG(info.st_mode):
        raise StorageError(
            f"{guard.shown(path)} is {_kind(info.st_mode)}; cmaplan writes the {what} only to "
            "an ordinary file"
        )
    guard.check_replaceable(info, path)


def check_can_write_in(path: Path, *, what: str) -> None:
    """Refuse before anything is written when `path`'s folder (or the nearest folder that
    exists above it) does not take new files."""
    folder = check_writable(path, what=what).folder
    import tempfile  # only init and exports ask this

    try:
        with tempfile.TemporaryFile(dir=folder):  # the way to know: access() trusts root
            pass
    except OSError as error:
        raise StorageError(f"cannot write in {guard.shown(folder)}: {error.strerror}") from None


def same_file(a: Path, b: Path) -> bool:
    """Whether two paths name the same file (through links), existing or not."""
    try:
        return os.path.samefile(a, b)
    except OSError:
        return real_path(a) == real_path(b)


class Prepared(NamedTuple):
    """A write made ready: the new bytes are on disk in a temporary file, waiting to replace
    `where.name` in `where.folder` (held open in `folder` on POSIX)."""

    temp: str
    where: Place
    folder: int | None
    shown: Path  # the path as the person gave it, for messages


def prepare_write(
    path: Path,
    data: bytes,
    *,
    what: str = "plan",
    keep_mode: bool = False,
    follow: bool = True,
    locked: bool = False,
    owner: tuple[int, int] | None = None,
) -> Prepared:
    """Write `data` to a new temporary file beside `path`'s target, flushed to the disk, for
    `commit_write` to put in its place, at once: readers see the old file or the new one, never
    half (or `discard` it). A new file is readable by its owner only; with `keep_mode`, a file
    that exists keeps the permissions its owner gave it (not in a folder others can write).
    Without `follow`, a symlink at `path` is replaced itself, and the file it points to is left
    alone. The path is found and written as `guard` says: never through a link another user
    could have put there. `locked`: the caller holds the plan's lock, so any temporary file of
    an earlier write is a killed write's and can be removed. `owner`: who a new file (or a
    backup of another user's in the person's own folder) belongs to: the plan's owner, when
    root saves for them."""
    check_name(path)
    if TEMP_FORM.fullmatch(path.name):
        raise UsageError(
            f"{guard.shown(path)} has the form of cmaplan's temporary files "
            "(.NAME.<12 hex digits>.tmp), which it removes",
            "Give another file name.",
        )
    where = guard.place(path, follow=follow)
    if where.missing:
        guard.ensure_folder(Path(os.path.normpath(where.folder.joinpath(*where.missing))))
        where = guard.place(path, follow=follow)
        if where.missing:
            raise StorageError(f"cannot make the folders of {guard.shown(path)}")
    folder = guard.open_folder(where)
    try:
        return _prepare_in(
            folder, where, path, data, what=what, keep_mode=keep_mode, locked=locked, owner=owner
        )
    except BaseException:
        if folder is not None:
            os.close(folder)
        raise


def _prepare_in(
    folder: int | None,
    where: Place,
    path: Path,
    data: bytes,
    *,
    what: str,
    keep_mode: bool,
    locked: bool,
    owner: tuple[int, int] | None = None,
) -> Prepared:
    target = folder_name(folder, where, where.name)
    try:
        info: os.stat_result | None = os.stat(target, dir_fd=folder, follow_symlinks=False)
    except FileNotFoundError:
        info = None
    except OSError as error:
        raise StorageError(f"cannot use {guard.shown(path)}: {error.strerror}") from None
    mode = FILE_MODE
    if (
        info is not None
        and where.shared
        and guard.not_mine(info)
        and not guard.folders_own(folder, info)
    ):
        # Another user's name in a folder others can write: in a sticky folder it cannot be
        # replaced (the rename would fail after the plan was saved), and root replacing it
        # would hand root's words to the user who put the name there.
        raise StorageError(
            f"{guard.shown(path)} belongs to another user, in a folder others can write, so "
            "cmaplan does not replace it",
            "Keep your files in a folder only you can write (your home folder, say).",
        )
    if info is not None and not stat.S_ISLNK(info.st_mode):
        foreign = guard.someone_elses(info)
        if what == "backup" and foreign and not where.shared and guard.folder_mine(folder):
            # cmaplan's own backup in the person's own folder, left by root: theirs again
            if not stat.S_ISREG(info.st_mode):
                _check_target(info, path, what)
        else:
            _check_target(info, path, what)
            owner = (info.st_uid, info.st_gid)
        if keep_mode and not where.shared:
            mode = stat.S_IMODE(info.st_mode)
    remove_stale_temps(folder, where, locked=locked)
    temp = f"{temp_stem(where.name)}{os.urandom(6).hex()}{TEMP_SUFFIX}"
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | NOFOLLOW | BINARY
    try:
        # As tempfile.mkstemp makes one (a new name, owner-only, never through a link), without
        # importing tempfile, random and shutil (~2.5 ms) on every save.
        fd = os.open(folder_name(folder, where, temp), flags, FILE_MODE, dir_fd=folder)
    except OSError as error:
        raise StorageError(
            f"cannot write in {guard.shown(where.folder)}: {error.strerror}"
        ) from None
    prepared = Prepared(temp, where, folder, path)
    try:
        with os.fdopen(fd, "wb") as handle:
            host.set_mode(handle.fileno(), mode)
            if owner is not None:
                host.keep_owner(handle.fileno(), owner)
            handle.write(data)
            handle.flush()
            host.sync(handle.fileno())
    except OSError as error:
        _unlink_temp(prepared)
        raise StorageError(f"cannot write {guard.shown(path)}: {error.strerror}") from None
    except BaseException:
        _unlink_temp(prepared)
        raise
    return prepared


def commit_write(prepared: Prepared) -> None:
    """Put a prepared write in its place, at once; on failure its temporary file is removed."""
    folder = prepared.folder
    try:
        _replace(prepared)
    except OSError as error:
        discard(prepared)
        if host.WINDOWS and isinstance(error, PermissionError):
            raise StorageError(
                f"cannot write {guard.shown(prepared.shown)}: another program has it open, or "
                "it is read-only",
                "Close it there (an editor, a spreadsheet, a sync client) and try again.",
            ) from None
        raise StorageError(
            f"cannot write {guard.shown(prepared.shown)}: {error.strerror}"
        ) from None
    except BaseException:
        discard(prepared)
        raise
    if folder is not None:  # make the rename durable; Windows' NTFS keeps it in its journal
        with contextlib.suppress(OSError):  # not every file system can fsync a folder
            os.fsync(folder)
        os.close(folder)


def _unlink_temp(prepared: Prepared) -> None:
    with contextlib.suppress(OSError):
        os.unlink(
            folder_name(prepared.folder, prepared.where, prepared.temp), dir_fd=prepared.folder
        )


def discard(prepared: Prepared) -> None:
    """Remove a prepared write that is not to be committed."""
    _unlink_temp(prepared)
    if prepared.folder is not None:
        with contextlib.suppress(OSError):
            os.close(prepared.folder)


def _replace(prepared: Prepared) -> None:
    """os.replace, in the open folder. On Windows it is refused while another program holds
    the target open without sharing its deletion: another cmaplan reading the plan, an
    antivirus scan, a sync client; that is over in moments, so it is tried again for up to
    REPLACE_WAIT seconds."""
    folder, where = prepared.folder, prepared.where
    source, target = (
        folder_name(folder, where, prepared.temp),
        folder_name(folder, where, where.name),
    )
    deadline = time.monotonic() + REPLACE_WAIT
    pause = 0.01
    while True:
        try:
            os.replace(source, target, src_dir_fd=folder, dst_dir_fd=folder)
            return
        except PermissionError:
            if not host.WINDOWS or time.monotonic() + pause > deadline:
                raise
        time.sleep(pause)
        pause = min(pause * 2, 0.25)


def _a(word: str) -> str:
    return f"an {word}" if word[:1] in "aeiou" else f"a {word}"


class Files:
    """What one run of cmaplan has done with its files, handed to every read and save (one per
    run, never module state): the plans it saved — an error after a save must not deny it — and
    the bytes it last read without a fault, so that saving over them need not parse them again;
    and what a save had to give up to stay readable (the oldest undo steps), to be said."""

    __slots__ = ("notices", "saved", "understood")

    def __init__(self) -> None:
        self.saved: list[Path] = []
        self.understood: bytes | None = None
        self.notices: list[str] = []  # what a save had to give up, for the run to say
