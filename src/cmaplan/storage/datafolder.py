"""cmaplan's own data folder (storage layer): where the plan lives without --plan, kept the
person's alone."""

from __future__ import annotations

import os
from pathlib import Path

from cmaplan.core.errors import StorageError
from cmaplan.storage import guard
from cmaplan.storage.files import Files, real_path


def default_plan_path() -> Path:
    """plan.toml in the user's data folder (platformdirs decides where that is on each system)."""
    import platformdirs

    try:
        folder = platformdirs.user_data_path("cmaplan", appauthor=False)
    except (KeyError, ValueError, RuntimeError, OSError):  # e.g. Windows without %LOCALAPPDATA%
        raise StorageError(
            "cmaplan cannot tell where your data folder is on this computer",
            "Give the plan's place with --plan FILE, or set CMAPLAN_PLAN.",
        ) from None
    return folder / "plan.toml"


def check_data_folder(path: Path) -> None:
    """Refuse cmaplan's own data folder when another user owns it: they could put a plan of
    their own there, or take the person's away (an XDG_DATA_HOME in a folder open to all)."""
    folder = path.parent
    try:
        if not guard.someone_elses(os.stat(folder)) or folder != default_plan_path().parent:
            return  # the data folder's place is asked only then: platformdirs costs a start-up
    except OSError:
        return
    raise StorageError(
        f"cmaplan's data folder {guard.shown(folder)} belongs to another user, who could change "
        "the plan in it, so cmaplan does not use it",
        "Point XDG_DATA_HOME at a folder of your own, or give --plan FILE.",
    )


def keep_data_folder_private(files: Files, path: Path) -> None:
    """cmaplan's own data folder is the person's alone: found open to others (a `chmod 777`,
    a copy from a shared drive), it is made owner-only again, and that is said."""
    folder = real_path(path).parent
    try:
        if not guard.open_to_others(os.stat(folder)):
            return
        if folder != real_path(default_plan_path()).parent:
            return  # a folder the person chose: theirs to set
        os.chmod(folder, guard.DIR_MODE)
    except (OSError, StorageError):
        return
    files.notices.append(
        f"cmaplan made its data folder {guard.shown(folder)} private again: other users "
        "could change what was in it."
    )
