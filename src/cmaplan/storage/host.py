"""What the operating system under cmaplan offers, chosen once (storage layer, stdlib only).

Every call that exists on some systems only is made here, in a branch on `sys.platform` that
mypy reads (CI type-checks this module as Windows and as macOS too, against typeshed's record
of what each Python version offers where). No other module of cmaplan looks at the platform:
they ask `WINDOWS`, `MACOS` or a function below at call time. README.md, "Windows, macOS and
Linux", lists what differs and why.
"""

from __future__ import annotations

import os
import sys
from typing import Literal

System = Literal["windows", "macos", "linux"]

if sys.platform == "win32":
    import msvcrt

    SYSTEM: System = "windows"

    def set_mode(fd: int, mode: int) -> None:
        """Nothing to do: Windows has no owner/group/other modes (os.fchmod exists there only
        from Python 3.13, and sets only the read-only flag, which a file to be replaced must
        not have). Privacy comes from the folder's access list."""

    def keep_owner(fd: int, owner: tuple[int, int]) -> None:
        """Nothing to do: a file's owner on Windows is not a uid, and st_uid is always 0."""

    def user_id() -> int:
        """No uid on Windows (st_uid is always 0): -1, which owns nothing."""
        return -1

    def private_group(gid: int) -> bool:
        """No groups of this kind on Windows."""
        return False

    def sync(fd: int) -> None:
        """Write the file's bytes to the disk."""
        os.fsync(fd)

    def try_lock(fd: int) -> bool:
        """Take the lock of an open lock file without waiting; False if another process has it."""
        os.lseek(fd, 0, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except PermissionError:  # EACCES: the C library's word for "locked by another"
            return False
        return True

    def unlock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    SYSTEM = "macos" if sys.platform == "darwin" else "linux"

    def set_mode(fd: int, mode: int) -> None:
        """Give an open file its permission bits (whatever the umask)."""
        os.fchmod(fd, mode)

    def keep_owner(fd: int, owner: tuple[int, int]) -> None:
        """When root rewrites another user's file, that user keeps it."""
        if os.geteuid() == 0:
            os.fchown(fd, *owner)

    def user_id() -> int:
        """The person cmaplan runs as (its effective uid; 0 is root)."""
        return os.geteuid()

    def private_group(gid: int) -> bool:
        """Whether `gid` is the person's own group that no one else is in (the "user private
        group" of Debian, Ubuntu and Fedora, whose umask 002 makes every new folder
        group-writable)."""
        import grp
        import pwd

        try:
            group = grp.getgrgid(gid)
            me = pwd.getpwuid(os.geteuid())
        except KeyError:
            return False
        alone = set(group.gr_mem) <= {me.pw_name}
        return gid == me.pw_gid and group.gr_name == me.pw_name and alone

    if sys.platform == "darwin":

        def sync(fd: int) -> None:
            """Write the file's bytes to the disk. On macOS, fsync leaves them in the drive's
            cache; F_FULLFSYNC asks the drive to write them (a file system that cannot, such as
            some network shares, gets fsync)."""
            try:
                fcntl.fcntl(fd, fcntl.F_FULLFSYNC)
            except OSError:
                os.fsync(fd)

    else:

        def sync(fd: int) -> None:
            """Write the file's bytes to the disk."""
            os.fsync(fd)

    def try_lock(fd: int) -> bool:
        """Take the lock of an open lock file without waiting; False if another process has it."""
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)


WINDOWS: bool = SYSTEM == "windows"
MACOS: bool = SYSTEM == "macos"


def legacy_encoding() -> str:
    """The encoding an older editor or spreadsheet on this system saves text in when it is not
    told to use UTF-8: Windows' ANSI code page (Notepad before 2019, Excel's plain "CSV"), Mac
    Roman (Excel's plain "CSV" on a Mac), else Windows-1252, as files from Windows most often
    are."""
    if WINDOWS:
        import locale

        name = locale.getencoding().lower()
        return name if name.startswith("cp") and name != "cp65001" else "cp1252"
    return "mac_roman" if MACOS else "cp1252"
