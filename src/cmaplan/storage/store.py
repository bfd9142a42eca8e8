"""Where the plan file lives, and loading and saving it (storage layer: file I/O only).

Saving keeps the previous version beside the plan as `<name>.bak` and never overwrites a file
that does not parse as TOML; `files` makes every write atomic, owner-only and symlink-safe, and
`lock` keeps concurrent changes from losing each other.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Mapping
from datetime import date
from pathlib import Path
from typing import Any

import tomli
import tomli_w

from cmaplan.core.ahead import refuse_days_ahead
from cmaplan.core.errors import (
    CmaplanError,
    PlanFileError,
    PlanMissingError,
    PlanTooLargeError,
    StorageError,
    UsageError,
)
from cmaplan.core.model import Forecast, Plan
from cmaplan.core.plaintext import NotText, decode_text, plural
from cmaplan.core.schedule import forecast
from cmaplan.core.shipped import example_as_of, example_names, example_text
from cmaplan.storage import guard, host
from cmaplan.storage.codec import document_to_plan, plan_to_document
from cmaplan.storage.datafolder import check_data_folder, keep_data_folder_private
from cmaplan.storage.datafolder import default_plan_path as default_plan_path
from cmaplan.storage.files import (
    Files,
    check_can_write_in,
    check_writable,
    commit_write,
    discard,
    prepare_write,
    read_regular,
    real_path,
    require_regular,
    same_file,
)
from cmaplan.storage.lock import LOCK_TIMEOUT, lock_path, plan_lock

ENV_PLAN = "CMAPLAN_PLAN"
MAX_PLAN_BYTES = 4 * 1024 * 1024  # years of history and notes fit in a small fraction of this
MAX_ANSWERS_BYTES = 256 * 1024
MAX_NESTING = 32  # TOML arrays or tables deeper than this are not a plan nor answers


def resolve_plan_path(option: Path | None, environ: Mapping[str, str]) -> Path:
    """--plan, else $CMAPLAN_PLAN, else the default location."""
    from cmaplan.storage.paths import user_path

    if option is not None:
        return user_path(option)
    if environ.get(ENV_PLAN):
        return user_path(Path(environ[ENV_PLAN]))
    return default_plan_path()


def read_example(name: str, today: date) -> dict[str, Any]:
    """A shipped example's answers as of `today` (its dates move with it); an unknown name is
    one sentence with the names there are."""
    names = example_names()
    key = name.strip().lower().removesuffix(".toml")
    if key not in names:
        import difflib

        close = difflib.get_close_matches(key, names, n=1)
        hint = f'Did you mean "{close[0]}"? ' if close else ""
        raise UsageError(
            f'there is no example "{name}"', f"{hint}The examples are: {', '.join(names)}."
        )
    return example_as_of(tomli.loads(example_text(key)), today)


def backup_path(path: Path) -> Path:
    """The previous version of a plan, beside its real file."""
    target = real_path(path)
    return target.with_name(target.name + ".bak")


def _decode(raw: bytes, path: Path) -> str:
    """A file's text as an editor on this system may have saved it (UTF-8, UTF-16 with its
    byte-order mark, or the system's older encoding); else one sentence."""
    try:
        return decode_text(raw, host.legacy_encoding())
    except NotText as error:
        raise PlanFileError(
            f"{path} is not a text file cmaplan can read: {error.reason}",
            "Save it as UTF-8 and try again.",
        ) from None


def read_text(path: Path, *, what: str) -> str:
    """The text of a small file a person made (CSV), in the encodings `_decode` reads."""
    return _decode(read_regular(path, what=what, limit=MAX_ANSWERS_BYTES), path)


def _parse(files: Files, raw: bytes, path: Path, what: str) -> dict[str, Any]:
    """TOML text as a table; else one sentence."""
    text = _decode(raw, path)
    try:
        document = tomli.loads(text)
    except tomli.TOMLDecodeError as error:
        raise PlanFileError(
            f"{path} is not valid TOML: {error}",
            (
                "Fix that line, or restore the backup beside it."
                if backup_path(path).exists()
                else "Fix that line."
            )
            if what == "plan"
            else 'Text goes in double quotes (name = "Ana"), dates as YYYY-MM-DD, and true or '
            "false in small letters.",
        ) from None
    except RecursionError:
        raise PlanFileError(f"{path} nests arrays or tables too deep to read") from None
    except ValueError:  # Python's limit on the digits of an integer
        raise PlanFileError(f"{path} holds a number too long to read") from None
    if _nesting(document) > MAX_NESTING:
        raise PlanFileError(f"{path} nests arrays or tables more than {MAX_NESTING} deep")
    files.understood = raw
    return document


def _nesting(document: dict[str, Any]) -> int:
    """How deep tables and arrays nest in a parsed document (dotted keys count too). Walked
    without recursion, so no depth can crash the walk."""
    deepest = 0
    stack: list[tuple[dict[str, Any] | list[Any], int]] = [(document, 1)]
    while stack:
        value, depth = stack.pop()
        deepest = max(deepest, depth)
        if deepest > MAX_NESTING:
            break
        children = value.values() if isinstance(value, dict) else value
        # Only tables and arrays go on the stack: a long log's text and dates are leaves.
        stack.extend((c, depth + 1) for c in children if isinstance(c, dict | list))
    return deepest


def is_toml(files: Files, raw: bytes) -> bool:
    """Whether `raw` is a TOML document cmaplan can read back (the bytes this run just read
    without a fault are, without parsing them again)."""
    if raw == files.understood:
        return True
    try:
        tomli.loads(decode_text(raw, host.legacy_encoding()))
    except (
        RecursionError,
        ValueError,
    ):  # NotText and TOMLDecodeError are ValueErrors  # TOMLDecodeError is a ValueError
        return False
    return True


def read_toml(files: Files, path: Path, *, what: str = "plan") -> dict[str, Any]:
    """Parse a TOML file; a missing, odd or broken file is a one-sentence error naming it."""
    limit = MAX_PLAN_BYTES if what == "plan" else MAX_ANSWERS_BYTES
    hint = "Run `cmaplan init` to make one." if what == "plan" else ""
    return _parse(files, read_regular(path, what=what, limit=limit, hint=hint), path, what)


def save_document(files: Files, path: Path, data: bytes, *, forgetting: bool = False) -> None:
    """Write a plan file's bytes atomically, keeping the file they replace as `<name>.bak`.

    Refuses to replace a file that is not valid TOML: that may be the user's only copy of
    something, so it is left for them to fix or move. When the change is `forgetting` (a note
    cleared), the backup gets the new plan too, so the words are gone from both files.
    """
    check_data_folder(path)
    previous: bytes | None
    try:
        previous = read_regular(path, what="plan", limit=MAX_PLAN_BYTES)
    except PlanMissingError:
        previous = None
    if previous is not None and not is_toml(files, previous):
        raise PlanFileError(
            f"{path} is not valid TOML, so cmaplan will not overwrite it.",
            "Fix it, or move it away and try again.",
        ) from None
    # The plan's new bytes and the backup's are both on disk before either replaces anything,
    # and the backup changes only once the plan has: a save that is refused (a full disk, a
    # file another program holds on Windows) leaves both files as they were.
    plan_write = prepare_write(path, data, locked=True)
    backup_write = None
    if previous is not None and previous != data:
        try:
            # The backup is cmaplan's own file: a symlink there is replaced, not followed.
            backup = data if forgetting else previous
            backup_write = prepare_write(
                backup_path(path),
                backup,
                what="backup",
                follow=False,
                locked=True,
                owner=guard.owner_of(path),
            )
        except BaseException:
            discard(plan_write)
            raise
    try:
        commit_write(plan_write)
    except BaseException:
        if backup_write is not None:
            discard(backup_write)
        raise
    if backup_write is not None:
        try:
            commit_write(backup_write)
        except StorageError as error:  # the plan is saved: say so, and what the backup lacks
            raise StorageError(
                f"your change was saved, but the backup {guard.shown(backup_path(path))} could "
                f"not be updated ({error.message})",
                "It still holds an older version of your plan.",
            ) from None


def check_answers_target(path: Path, *, plan: Path) -> None:
    """Refuse to write answers onto the plan, its backup, its lock, or anything not a file."""
    _not_the_plan(path, plan, "--save-answers")
    check_can_write_in(path, what="answers")


def check_export_target(path: Path, *, plan: Path) -> None:
    """Refuse to write an export onto the plan's own files, or anything not a file."""
    _not_the_plan(path, plan, "--output")
    folder = real_path(path).parent
    if not folder.exists():  # a typo in a folder name should not make a new folder tree
        raise UsageError(f"--output {path}: the folder {folder} does not exist")
    check_can_write_in(path, what="export")


def _not_the_plan(path: Path, plan: Path, option: str) -> None:
    for own in (plan, backup_path(plan), lock_path(plan)):
        if same_file(path, own):
            raise UsageError(
                f"{option} {path} would overwrite your plan's own files; give another file name"
            )


def save_answers(path: Path, document: Mapping[str, Any], *, plan: Path) -> None:
    """Write an answers file; never onto the plan, its backup or its lock."""
    check_answers_target(path, plan=plan)
    from cmaplan.storage.answers import answers_text

    data = answers_text(document)
    commit_write(prepare_write(path, data.encode("utf-8"), what="answers"))


def load_plan(files: Files, path: Path, today: date) -> Plan:
    """Read and rebuild the plan at `path`; every problem is one sentence that names the file,
    and, when the backup beside it can be read, says so. A plan that records as done a day
    after `today` is one of them (the core dates any plan; a file should not hold that)."""
    check_data_folder(path)
    try:
        plan = _plan_at(files, path)
        try:
            refuse_days_ahead(plan, today)
        except PlanFileError as error:
            raise PlanFileError(f"{path}: {error.message}") from None
        return plan
    except PlanFileError as error:
        raise PlanFileError(error.message, _backup_hint(path, today) or error.hint) from None


def _plan_at(files: Files, path: Path) -> Plan:
    document = read_toml(files, path)
    try:
        return document_to_plan(document)
    except PlanFileError as error:
        raise PlanFileError(f"{path}: {error.message}", error.hint) from None


def _backup_hint(path: Path, today: date) -> str:
    """Where the plan as it was before its last change can still be read, or ""."""
    backup = backup_path(path)
    try:
        refuse_days_ahead(_plan_at(Files(), backup), today)
    except (CmaplanError, OSError):
        return ""
    return (
        f"Its backup {backup}, the plan before its last change, can be read: "
        f"`cmaplan --plan {backup} status` shows it; copy it over {path.name} to go on from it."
    )


def save_plan(
    files: Files, path: Path, plan: Plan, today: date, *, forgetting: bool = False
) -> Forecast:
    """Write the plan with its dates forecast as of `today` (`forgetting`: see save_document);
    that forecast, for the command to report from without working it out again. A plan that
    would record a day still to come (an undo of a hand-edited day) is not written: the reader
    would refuse it."""
    try:
        refuse_days_ahead(plan, today)
    except PlanFileError as error:
        raise PlanFileError(f"{error.message}; nothing was saved") from None
    result = forecast(plan, today)
    saved = plan._replace(revision=plan.revision + 1)
    data = _encoded(saved, today, result)
    kept = len(saved.undo)
    while len(data) > MAX_PLAN_BYTES and kept:  # what cmaplan writes, cmaplan reads
        kept -= 1
        data = _encoded(saved._replace(undo=saved.undo[len(saved.undo) - kept :]), today, result)
    if len(data) > MAX_PLAN_BYTES:
        raise PlanTooLargeError(
            f"this change was not saved: it would make {path} {len(data):,} bytes, more than "
            f"the {MAX_PLAN_BYTES:,} cmaplan reads",
            "Remove CEUs you no longer need (`cmaplan ceu list`, `cmaplan ceu remove N`) or "
            "shorten long notes, then try again.",
        )
    save_document(files, path, data, forgetting=forgetting)
    files.saved.append(path)
    keep_data_folder_private(files, path)
    if kept < len(saved.undo):
        gone = len(saved.undo) - kept
        files.notices.append(
            f"To keep the plan file under {MAX_PLAN_BYTES // 2**20} MiB, cmaplan undo can no "
            f"longer take back the oldest {plural(gone, 'change')}."
        )
    return result


def _encoded(plan: Plan, today: date, result: Forecast) -> bytes:
    return tomli_w.dumps(plan_to_document(plan, today, result)).encode("utf-8")


def save_change(
    files: Files, path: Path, before: Plan, after: Plan, said: str, today: date
) -> Forecast | None:
    """Save `after` with what it replaced (for `undo`, described by `said`); its forecast. A
    change that changes nothing but the history is not written (None), so `undo` never steps
    over it. A note cleared leaves the backup too."""
    from cmaplan.core.tracking import remember

    if after._replace(history=before.history) == before:
        return None
    kept = after.progress
    forgetting = any(
        old.note and (step not in kept or not kept[step].note)
        for step, old in before.progress.items()
    )
    return save_plan(
        files, path, remember(before, after, said, today), today, forgetting=forgetting
    )


@contextlib.contextmanager
def locked(path: Path, *, creating: bool = False, timeout: float = LOCK_TIMEOUT) -> Iterator[None]:
    """Hold the plan's lock for a read-modify-write, so that concurrent changes all land.

    Only `creating` (init) may make the plan's folder; any other command on a plan that does not
    exist fails first, leaving nothing on disk (no folder, no lock file).
    """
    if creating:
        check_can_write_in(path, what="plan")
        guard.ensure_folder(real_path(path).parent)
    else:
        require_regular(path, what="plan", hint="Run `cmaplan init` to make one.")
        check_writable(path, what="plan")  # another user's plan, or a read-only one: say so now
    with plan_lock(path, timeout=timeout):
        yield
