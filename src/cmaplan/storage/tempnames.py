"""The temporary files a write makes beside its target (storage layer): their names, which
no other file may have, and the removal of those a killed write left behind."""

from __future__ import annotations

import contextlib
import os
import re
import stat
import time
from pathlib import Path

from cmaplan.storage import host
from cmaplan.storage.guard import Place

TEMP_SUFFIX = ".tmp"
# A temporary file's name after its stem (".NAME"): a dot, 12 hex digits and ".tmp". A file
# named so cannot be written with cmaplan (it would be taken for a killed write's, and removed).
TEMP_NAME = re.compile(r"\.[0-9a-f]{12}" + re.escape(TEMP_SUFFIX))
TEMP_FORM = re.compile(r"\..+\.[0-9a-f]{12}" + re.escape(TEMP_SUFFIX), re.DOTALL)
STALE_AFTER = 600.0  # seconds: a temporary file this old is no write's that is still going on
NAME_MAX = 255  # bytes in one name, on every file system cmaplan meets


def temp_stem(name: str) -> str:
    """The start of a temporary file's name for a write of `name`: `.name.`, shortened so that
    with its random part and suffix it still fits in a name (a name of 250 bytes can be
    written too)."""
    room = NAME_MAX - len(f"..{'0' * 12}{TEMP_SUFFIX}")
    if host.WINDOWS:  # Windows counts a name's UTF-16 units, not its bytes
        return f".{name[:room]}."
    raw = os.fsencode(name)
    if len(raw) > room:
        name = os.fsdecode(raw[:room])
    return f".{name}."


def remove_stale_temps(folder: int | None, where: Place, *, locked: bool) -> None:
    """Temporary files of an earlier write of the same name that was killed before its rename.
    Under the plan's lock no other write of it can be going on; without it (an export, an
    answers file), only files older than STALE_AFTER are taken for stale. Only the person's
    own ordinary files are removed."""
    now = time.time()
    stem = temp_stem(where.name)
    with contextlib.suppress(OSError):
        names = os.listdir(folder if folder is not None else where.folder)
        for name in names:
            if not (name.startswith(stem) and TEMP_NAME.fullmatch(name[len(stem) - 1 :])):
                continue  # only the names cmaplan makes: ".NAME." and 12 hex digits, ".tmp"
            with contextlib.suppress(OSError):
                info = os.stat(
                    folder_name(folder, where, name), dir_fd=folder, follow_symlinks=False
                )
                mine = host.WINDOWS or info.st_uid == host.user_id()
                old = locked or now - info.st_mtime > STALE_AFTER
                if stat.S_ISREG(info.st_mode) and mine and old:
                    os.unlink(folder_name(folder, where, name), dir_fd=folder)


def folder_name(folder: int | None, where: Place, name: str) -> str | Path:
    """A name in the folder of a write: relative to its open folder, or whole (Windows)."""
    return name if folder is not None else where.folder / name
