"""The arrays of tables of a plan file ([[history]], [[undo]], [[ceu]], [[programs]]): the one
shape check each kind shares before its own fields are read (core layer, stdlib only)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from cmaplan.core.errors import PlanFileError


def unknown_keys(raw: Mapping[str, Any], known: frozenset[str], where: str) -> None:
    """Refuse a key cmaplan does not know: it would be dropped on the next save."""
    for key in raw:
        if key not in known:
            raise PlanFileError(
                f'{where}: unknown key "{key}"; cmaplan would drop it on the next save, so it '
                "stops here (fix the name or remove the key)"
            )


def tables(
    raw: object, where: str, kind: str, limit: int, keys: frozenset[str]
) -> Iterator[tuple[str, Mapping[str, Any]]]:
    """Each table of the array `raw` (found at `where`), with the words that name it ("[[ceu]]
    number 2"). Not an array, more than `limit` tables, an entry that is not a table, or a key
    not in `keys`: one sentence naming the place."""
    if not isinstance(raw, list):
        name = kind if where == f"[[{kind}]]" else where  # "ceu must be", not "[[ceu]] must be"
        raise PlanFileError(f"{name} must be an array of tables ([[{kind}]]).")
    if len(raw) > limit:
        raise PlanFileError(f"{where} has {len(raw):,} entries; at most {limit:,}.")
    for index, entry in enumerate(raw, 1):
        at = f"{where} number {index}"
        if not isinstance(entry, Mapping):
            raise PlanFileError(f"{at} is not a table.")
        unknown_keys(entry, keys, at)
        yield at, entry
