"""The plan file's entries that more than one table holds (storage layer): a step's progress, a
CEU, the renewals. The plan's own tables and the undo stack's (`undofile`) write and read them
the same way.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from cmaplan.core import fields
from cmaplan.core.ceu import CEU_FIELDS
from cmaplan.core.errors import PlanFileError
from cmaplan.core.fields import EARLIEST_DAY, LATEST_DAY, Field
from cmaplan.core.model import MAX_CEUS, MAX_NOTE, Area, Ceu, Progress

STEP_FIELDS: tuple[Field, ...] = (
    Field("done", "bool", default=False),
    Field("done_on", "date"),
    Field("note", "text", high=MAX_NOTE, default=""),
    Field("ticked", "items", default=()),
    Field("failed", "dates", high=3, default=()),  # the exam's failed attempts
)
CEUS = Field("ceu", "tables", high=MAX_CEUS, spec=CEU_FIELDS)
RENEWALS = Field("renewals", "dates", high=100, default=())  # more than tracking keeps


def progress_entry(step_id: str, progress: Progress) -> dict[str, Any]:
    """A step's progress as a table of the file (what the person recorded, no more)."""
    entry: dict[str, Any] = {"id": step_id, "done": progress.done_on is not None}
    if progress.done_on is not None:
        entry["done_on"] = progress.done_on
    if progress.note:
        entry["note"] = progress.note
    if progress.ticked:
        entry["ticked"] = sorted(progress.ticked)
    if progress.failed:
        entry["failed"] = list(progress.failed)
    return entry


def recorded(
    step_id: str, entry: Mapping[str, Any], where: str, checklist: object = None
) -> tuple[str, Progress]:
    """A step's progress from its checked fields, and the rules between them."""
    done, done_on, ticked = entry["done"], entry["done_on"], entry["ticked"]
    if done and done_on is None:
        raise PlanFileError(
            f"{where}: done = true needs done_on, a date from {EARLIEST_DAY} to {LATEST_DAY}."
        )
    if not done and done_on is not None:
        raise PlanFileError(f"{where}: done_on is set but done = false; remove one of them.")
    if isinstance(checklist, list) and any(i > len(checklist) for i in ticked):
        raise PlanFileError(
            f"{where}: ticked names item {max(ticked):,}, but the checklist has "
            f"{len(checklist)} items."
        )
    failed = tuple(entry["failed"])
    if list(failed) != sorted(set(failed)):
        raise PlanFileError(f"{where}: failed must list different days, oldest first.")
    return step_id, Progress(done_on if done else None, entry["note"], frozenset(ticked), failed)


def ceu_entry(ceu: Ceu) -> dict[str, Any]:
    """A CEU as the plan file stores it."""
    entry: dict[str, Any] = {
        "on": ceu.on,
        "area": ceu.area.value,
        "points": ceu.points,
        "title": ceu.title,
        "approved": ceu.approved,
    }
    if ceu.provider:
        entry["provider"] = ceu.provider
    if ceu.proof:
        entry["proof"] = ceu.proof
    return entry


def read_ceus(raw: object, where: str) -> tuple[Ceu, ...]:
    """An array of CEU tables, each checked by the CEU's field spec."""
    return tuple(ceu_of(entry) for entry in fields.read_tables(raw, CEUS, where))


def ceu_of(entry: Mapping[str, Any]) -> Ceu:
    """The CEU of a table the field spec has checked."""
    return Ceu(
        entry["on"],
        Area(entry["area"]),
        float(entry["points"]),
        entry["title"],
        entry["provider"],
        entry["approved"],
        entry["proof"],
    )


def read_renewals(raw: object, where: str) -> tuple[date, ...]:
    """The days the credential was renewed: different days, oldest first."""
    days: list[date] = fields.check(RENEWALS, raw)
    if list(days) != sorted(set(days)):
        raise PlanFileError(f"{where} must list different days, oldest first.")
    return tuple(days)
