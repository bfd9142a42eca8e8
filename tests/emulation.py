"""Run cmaplan on Linux as Windows or macOS would hand Python to it (a test mode).

    python tests/emulation.py windows ARGS...     # cmaplan ARGS, as on Windows
    python tests/emulation.py macos ARGS...       # as on macOS
    python tests/emulation.py windows -c CODE     # Python CODE, run as on Windows

What this takes away or changes is what cmaplan's code meets differently there (the Python
documentation's availability notes, typeshed's platform branches):

Windows
- no `fcntl`, `termios`, `tty`, `pty`, `pwd`, `grp`, `resource`, `ctypes.windll`, `winreg`;
- no `os.fchmod` (Python < 3.13), `os.fchown`, `os.chown`, uid and gid functions,
  `os.O_NOFOLLOW`, `os.O_NONBLOCK`, `os.O_CLOEXEC`, `os.O_DIRECTORY`; no SIGPIPE, SIGHUP,
  SIGKILL and the other POSIX signals;
- `os.O_BINARY` and `os.O_NOINHERIT` exist, and a regular file opened without O_BINARY is an
  error here (Windows would open it in text mode: CRLF translated, Ctrl-Z read as the end);
- a folder cannot be opened with `os.open` (PermissionError, as on Windows);
- file modes keep only the write bit (os.open and os.chmod: 0o666 or 0o444), and a read-only
  file cannot be replaced; `CMAPLAN_EMULATE_HELD=NAME:N` makes the first N replacements of a
  file named NAME fail as they do while another program holds it open, and
  `CMAPLAN_EMULATE_REPLACE_WAIT=SECONDS` shortens how long a save tries again before it gives
  up (storage/files.REPLACE_WAIT), for the tests of a file held or read-only for good;
- `msvcrt.locking`, backed by the real system's byte-range locks;
- `cmaplan.storage.host` and platformdirs see sys.platform "win32" (platformdirs then reads the
  data folder from %LOCALAPPDATA%, as it does on Windows without ctypes).
  The console's encoding is the test's to set (PYTHONIOENCODING=cp1252).

macOS
- `cmaplan.storage.host` and platformdirs see sys.platform "darwin";
- `fcntl.F_FULLFSYNC` exists; each use is written to $CMAPLAN_EMULATION_LOG;
- CMAPLAN_EMULATE_NO_FULLFSYNC=1 and CMAPLAN_EMULATE_NO_LOCKS=1: a file system that cannot
  F_FULLFSYNC, or lock (ENOTSUP), as some network shares.

Not emulated: Windows paths (drive letters, backslashes: pathlib is POSIX here), the Windows
console's input (the interview), case-insensitive file systems.
"""

from __future__ import annotations

import errno
import importlib
import os
import signal
import stat
import sys
import types
from typing import Any

O_BINARY = 0x8000  # Windows' values; taken out again before the real os.open sees them
O_NOINHERIT = 0x80

WINDOWS_LACKS_MODULES = ("fcntl", "termios", "tty", "pty", "pwd", "grp", "resource", "winreg")
WINDOWS_LACKS_OS = (
    "fchmod",
    "fchown",
    "lchown",
    "chown",
    "getuid",
    "geteuid",
    "getgid",
    "getegid",
    "getgroups",
    "O_NOFOLLOW",
    "O_NONBLOCK",
    "O_CLOEXEC",
    "O_DIRECTORY",
    "O_NOCTTY",
    "mkfifo",
    "mknod",
    "sync",
    "statvfs",
    "fstatvfs",
    "fchdir",
)
WINDOWS_LACKS_SIGNALS = ("SIGPIPE", "SIGHUP", "SIGKILL", "SIGQUIT", "SIGALRM", "SIGCHLD")


def _import_as(platform: str, *modules: str) -> None:
    """Import `modules` while sys.platform says `platform` (they choose their code then)."""
    real = sys.platform
    sys.platform = platform
    try:
        for name in modules:
            importlib.import_module(name)
    finally:
        sys.platform = real


def windows() -> None:
    import fcntl

    real_open, real_chmod, real_replace = os.open, os.chmod, os.replace
    for name in WINDOWS_LACKS_MODULES:
        sys.modules[name] = None  # type: ignore[assignment]
    for name in WINDOWS_LACKS_OS:
        if hasattr(os, name):
            delattr(os, name)
    for name in WINDOWS_LACKS_SIGNALS:
        if hasattr(signal, name):
            delattr(signal, name)
    os.O_BINARY = O_BINARY  # type: ignore[attr-defined]
    os.O_NOINHERIT = O_NOINHERIT  # type: ignore[attr-defined]

    def windows_mode(mode: int) -> int:
        return 0o666 if mode & stat.S_IWRITE else 0o444

    def open_(path: Any, flags: int, mode: int = 0o777, *, dir_fd: int | None = None) -> int:
        binary = flags & O_BINARY
        flags &= ~(O_BINARY | O_NOINHERIT)
        if os.path.isdir(path):
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        if not binary and (flags & os.O_CREAT or os.path.isfile(path)):
            raise OSError(errno.EINVAL, "opened in text mode, without O_BINARY", str(path))
        return real_open(path, flags, windows_mode(mode), dir_fd=dir_fd)

    def chmod(path: Any, mode: int, **kwargs: Any) -> None:
        real_chmod(path, windows_mode(mode), **kwargs)

    held_name, _, held_count = os.environ.get("CMAPLAN_EMULATE_HELD", "").partition(":")
    refusals = {"left": int(held_count or 0)}

    def replace(source: Any, target: Any, **kwargs: Any) -> None:
        if os.path.basename(target) == held_name and refusals["left"] > 0:
            refusals["left"] -= 1
            raise PermissionError(13, "Access is denied", str(target))
        if os.path.exists(target) and not os.stat(target).st_mode & stat.S_IWRITE:
            raise PermissionError(13, "Access is denied", str(target))
        real_replace(source, target, **kwargs)

    os.open, os.chmod, os.replace = open_, chmod, replace  # type: ignore[assignment]

    msvcrt = types.ModuleType("msvcrt")
    msvcrt.LK_UNLCK, msvcrt.LK_LOCK, msvcrt.LK_NBLCK = 0, 1, 2  # type: ignore[attr-defined]
    msvcrt.LK_RLCK, msvcrt.LK_NBRLCK = 3, 4  # type: ignore[attr-defined]

    def locking(fd: int, mode: int, nbytes: int) -> None:
        at = os.lseek(fd, 0, os.SEEK_CUR)
        if mode == 0:
            fcntl.lockf(fd, fcntl.LOCK_UN, nbytes, at, os.SEEK_SET)
            return
        try:
            fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB, nbytes, at, os.SEEK_SET)
        except OSError:  # the C library's _locking says EACCES for a region locked elsewhere
            raise PermissionError(errno.EACCES, "Permission denied") from None

    msvcrt.locking = locking  # type: ignore[attr-defined]

    # Only the modules that choose by platform see msvcrt (the standard library's subprocess
    # takes its presence for Windows), and platformdirs sees no ctypes (its env-var way).
    ctypes = sys.modules.pop("ctypes", None)
    sys.modules["ctypes"] = None  # type: ignore[assignment]
    sys.modules["msvcrt"] = msvcrt
    try:
        _import_as("win32", "cmaplan.storage.host", "platformdirs")
    finally:
        del sys.modules["ctypes"], sys.modules["msvcrt"]
        if ctypes is not None:
            sys.modules["ctypes"] = ctypes


def macos() -> None:
    import fcntl

    full_fsync = 51  # macOS's value
    real_fcntl = fcntl.fcntl
    log = os.environ.get("CMAPLAN_EMULATION_LOG")
    no_full_fsync = bool(os.environ.get("CMAPLAN_EMULATE_NO_FULLFSYNC"))

    def fcntl_(fd: int, cmd: int, arg: Any = 0) -> Any:
        if cmd != full_fsync:
            return real_fcntl(fd, cmd, arg)
        if no_full_fsync:
            raise OSError(errno.ENOTSUP, "Operation not supported")
        os.fsync(fd)
        if log:
            with open(log, "a", encoding="utf-8") as out:
                out.write(f"F_FULLFSYNC {os.readlink(f'/proc/self/fd/{fd}')}\n")
        return 0

    def flock(fd: int, operation: int) -> None:
        raise OSError(errno.ENOTSUP, "Operation not supported")

    fcntl.F_FULLFSYNC = full_fsync  # type: ignore[attr-defined]
    fcntl.fcntl = fcntl_  # type: ignore[assignment]
    if os.environ.get("CMAPLAN_EMULATE_NO_LOCKS"):
        fcntl.flock = flock  # type: ignore[assignment]
    _import_as("darwin", "cmaplan.storage.host", "platformdirs")


SYSTEMS = {"windows": windows, "macos": macos}


def main() -> None:
    system, *args = sys.argv[1:]
    SYSTEMS[system]()
    wait = os.environ.get("CMAPLAN_EMULATE_REPLACE_WAIT")
    if wait:  # after the system is set up: storage/files imports the host module
        from cmaplan.storage import files

        files.REPLACE_WAIT = float(wait)
    if args[:1] == ["-c"]:
        exec(args[1], {"__name__": "__emulated__"})
        return
    sys.argv = ["cmaplan", *args]
    from cmaplan.entry import main as cmaplan

    cmaplan()


if __name__ == "__main__":
    main()
