"""Paths as people type them, and the names a file may have on this system (storage layer).

On Windows some names cannot be files: written, `notes:plan.toml` would go to a hidden stream
of file `notes`, `plan.` to `plan`, and `CON` to the console. They are refused in one sentence
before anything is written or read. `~` is expanded wherever a path is given, since PowerShell
and cmd pass it on as typed.
"""

from __future__ import annotations

from pathlib import Path

from cmaplan.core.errors import UsageError
from cmaplan.core.plaintext import visible
from cmaplan.storage import host


def user_path(path: Path) -> Path:
    """`path` with a leading `~` (or `~user`) made the home folder; one sentence if there is
    no such home."""
    if not str(path).startswith("~"):
        return path
    try:
        return path.expanduser()
    except RuntimeError:  # ~nosuchuser, or no home folder known at all
        raise UsageError(
            f'{visible(str(path))}: cmaplan cannot tell which folder "{path.parts[0]}" is',
            "Write the whole path instead.",
        ) from None


# Names Windows keeps for devices (with any extension), and the characters it forbids in a name:
# the rules of Python 3.13's os.path.isreserved, which 3.11 and 3.12 do not have.
_DEVICES = {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"} | {
    f"{port}{n}" for port in ("COM", "LPT") for n in "123456789\u00b9\u00b2\u00b3"
}
_FORBIDDEN = frozenset('<>:"|?*') | {chr(code) for code in range(32)}


def windows_name_problem(path: str) -> str | None:
    """Why Windows cannot have a file or folder at `path` (as typed), or None if it can."""
    from pathlib import PureWindowsPath

    pure = PureWindowsPath(path)
    if pure.drive.endswith(":") and not pure.root and pure.parts[1:]:
        return (
            f"{path} is relative to the current folder of drive {pure.drive.upper()}, which "
            f"cmaplan does not use; write the whole path, such as {pure.drive}\\{pure.parts[1]}"
        )
    for part in pure.parts[1:] if pure.anchor else pure.parts:
        if part in (".", ".."):
            continue
        quoted = f'"{visible(part)}"'
        bad = sorted(_FORBIDDEN.intersection(part))
        if bad:
            shown = " ".join(repr(char) for char in bad)
            return f"{quoted} is not a name Windows allows: it holds {shown}"
        if part.endswith((".", " ")):
            return f"{quoted} is not a name Windows allows: it ends with a dot or a space"
        if part.partition(".")[0].rstrip(" ").upper() in _DEVICES:
            return f"{quoted} is not a name Windows allows: Windows keeps it for a device"
    return None


def check_name(path: Path) -> None:
    """On Windows, refuse a path with a name Windows forbids: written, `a:b` would go to a
    hidden stream of file `a`, `plan.` to `plan`, and `CON` to the console."""
    if host.WINDOWS:
        problem = windows_name_problem(str(path))
        if problem:
            raise UsageError(problem, "Give another file name.")
