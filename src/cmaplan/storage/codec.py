"""The plan file's shape: Plan to TOML-ready document and back (storage layer).

A plan file holds the profile, the day the plan was made, and each step with its dates as last
forecast, whether it is done, and a note. On reading, the steps are rebuilt from the profile with
the knowledge base, and what the person recorded (done marks, dates, notes) is laid back on them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from typing import Any

from cmaplan.core import fields
from cmaplan.core.candidates import PROGRAMS, candidate_entry, candidates_from, candidates_of
from cmaplan.core.ceu import CEU_FIELDS
from cmaplan.core.errors import AnswersError, FieldError, PlanFileError
from cmaplan.core.fields import EARLIEST_DAY, LATEST_DAY, Field
from cmaplan.core.model import (
    ACTIONS,
    MAX_CEUS,
    MAX_NOTE,
    Area,
    Ceu,
    Change,
    Forecast,
    Plan,
    Progress,
    Snapshot,
)
from cmaplan.core.plaintext import toml_shown
from cmaplan.core.planner import build_plan, with_progress
from cmaplan.core.profile import parse_profile, profile_to_dict
from cmaplan.core.schedule import first_planned, forecast
from cmaplan.core.tables import unknown_keys
from cmaplan.storage.filewords import in_file

SCHEMA = 1
UID = re.compile(r"[0-9a-f]{16,64}")
TOP_FIELDS: tuple[Field, ...] = (
    Field("created", "date", True),
    Field("uid", "text", pattern=UID, what="16 to 64 lowercase hexadecimal digits", default=""),
    Field("revision", "int", low=0, high=10**9 - 1, default=0),
    Field("planned_finish", "date"),
    Field("planned_goal", "date"),
)
# The top's tables and arrays are read by their own readers below.
TOP_KEYS = frozenset({f.name for f in TOP_FIELDS} | {"schema", "profile", "steps", "renewals"})
TOP_KEYS |= {"ceu", "programs", "history", "undo"}
STEP_FIELDS: tuple[Field, ...] = (
    Field("done", "bool", default=False),
    Field("done_on", "date"),
    Field("note", "text", high=MAX_NOTE, default=""),
    Field("ticked", "items", default=()),
)
# Written for the person to read and rebuilt from the knowledge base on every save: not read.
STEP_KEYS = frozenset({f.name for f in STEP_FIELDS} | {"id", "title", "phase", "after"})
STEP_KEYS |= {"start", "due", "why", "checklist"}
MAX_HISTORY = 1000
MAX_UNDO = 100
HISTORY = Field(
    "history",
    "tables",
    high=MAX_HISTORY,
    spec=(
        Field("on", "date", True),
        Field("step", "text", True),
        Field("action", "choice", True, choices=ACTIONS),
        Field("detail", "text", high=MAX_NOTE, default=""),
    ),
)
CEUS = Field("ceu", "tables", high=MAX_CEUS, spec=CEU_FIELDS)
RENEWALS = Field("renewals", "dates", default=())
UNDO = Field(
    "undo",
    "tables",
    high=MAX_UNDO,
    spec=(
        Field("on", "date", True),
        Field("said", "text", True, high=MAX_NOTE),
        Field("history_added", "int", True, low=0),
        Field("profile", "table", True),
        Field("steps", "tables", spec=(Field("id", "text", True, low=1), *STEP_FIELDS), default=()),
        RENEWALS,
        CEUS._replace(default=()),
        PROGRAMS._replace(default=()),
    ),
)


def plan_to_document(plan: Plan, today: date, result: Forecast | None = None) -> dict[str, Any]:
    """The plan as the TOML plan file stores it, with dates forecast as of `today` (`result`:
    that forecast, when the caller has it already)."""
    steps: list[dict[str, Any]] = []
    for item in (result or forecast(plan, today)).steps:
        entry: dict[str, Any] = {
            "id": item.step.id,
            "title": item.step.title,
            "phase": item.step.phase,
            "after": list(item.step.after),
            "start": item.start,
            "due": item.due,
            "done": item.progress.done_on is not None,
        }
        if item.progress.done_on is not None:
            entry["done_on"] = item.progress.done_on
        entry["note"] = item.progress.note
        if item.progress.ticked:
            entry["ticked"] = sorted(item.progress.ticked)
        # Written for the person to read; rebuilt from the knowledge base on every save.
        entry["why"] = " ".join(item.step.why)
        entry["checklist"] = list(item.step.checklist)
        steps.append(entry)
    document: dict[str, Any] = {
        "schema": SCHEMA,
        "uid": plan.uid or derived_uid(plan),
        "revision": plan.revision,
        "created": plan.created,
        **_planned(plan),
        "profile": profile_to_dict(plan.profile),
        "steps": steps,
    }
    if plan.renewals:
        document["renewals"] = list(plan.renewals)
    if plan.ceus:
        document["ceu"] = [ceu_entry(c) for c in plan.ceus]
    if plan.candidates:
        document["programs"] = [candidate_entry(c) for c in plan.candidates]
    if plan.history:
        document["history"] = [
            {"on": c.on, "step": c.step, "action": c.action, "detail": c.detail}
            for c in plan.history
        ]
    if plan.undo:
        # What each recent change replaced, newest last, for `cmaplan undo`.
        document["undo"] = [
            {
                "on": s.on,
                "said": s.said,
                "history_added": s.history_added,
                "profile": profile_to_dict(s.profile),
                "steps": [_progress_entry(k, v) for k, v in s.progress.items()],
                "renewals": list(s.renewals),
                "ceu": [ceu_entry(c) for c in s.ceus],
                "programs": [candidate_entry(c) for c in s.candidates],
            }
            for s in plan.undo
        ]
    return document


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


def _ceus(raw: object, where: str) -> tuple[Ceu, ...]:
    return tuple(_ceu(entry) for entry in fields.read_tables(raw, CEUS, where))


def _ceu(entry: Mapping[str, Any]) -> Ceu:
    return Ceu(
        entry["on"],
        Area(entry["area"]),
        float(entry["points"]),
        entry["title"],
        entry["provider"],
        entry["approved"],
        entry["proof"],
    )


def _renewals(raw: object, where: str) -> tuple[date, ...]:
    days: list[date] = fields.check(RENEWALS, raw)
    if list(days) != sorted(set(days)):
        raise PlanFileError(f"{where} must list different days, oldest first.")
    return tuple(days)


def _progress_entry(step_id: str, progress: Progress) -> dict[str, Any]:
    entry: dict[str, Any] = {"id": step_id, "done": progress.done_on is not None}
    if progress.done_on is not None:
        entry["done_on"] = progress.done_on
    if progress.note:
        entry["note"] = progress.note
    if progress.ticked:
        entry["ticked"] = sorted(progress.ticked)
    return entry


def _snapshots(raw: object) -> tuple[Snapshot, ...]:
    snapshots: list[Snapshot] = []
    for index, entry in enumerate(fields.read_tables(raw, UNDO, "[[undo]]"), 1):
        where = f"[[undo]] number {index}"
        try:
            profile = parse_profile(entry["profile"], where=f"{where} profile: ")
        except AnswersError as error:
            raise PlanFileError(error.message) from None
        steps = entry["steps"]
        progress = dict(
            _recorded(step["id"], step, f"{where} steps number {n}")
            for n, step in enumerate(steps, 1)
        )
        snapshots.append(
            Snapshot(
                entry["on"],
                entry["said"],
                profile,
                progress,
                entry["history_added"],
                _renewals(entry["renewals"], f"{where} renewals"),
                tuple(_ceu(c) for c in entry["ceu"]),
                candidates_of(entry["programs"], f"{where} programs"),
            )
        )
    return tuple(snapshots)


def _progress(raw: object, index: int) -> tuple[str, Progress]:
    where = f"[[steps]] number {index}"
    if not isinstance(raw, Mapping):
        raise PlanFileError(f"{where} is not a table.")
    step_id = raw.get("id")
    if not isinstance(step_id, str) or not step_id:
        raise PlanFileError(f"{where} has no id.")
    where = f'step "{step_id}"'
    unknown_keys(raw, STEP_KEYS, where)
    entry = fields.read(raw, STEP_FIELDS, where)
    return _recorded(step_id, entry, where, raw.get("checklist"))


def _recorded(
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
    return step_id, Progress(done_on if done else None, entry["note"], frozenset(ticked))


def _history(raw: object) -> tuple[Change, ...]:
    return tuple(
        Change(entry["on"], entry["step"], entry["action"], entry["detail"])
        for entry in fields.read_tables(raw, HISTORY, "[[history]]")
    )


def document_to_plan(doc: Mapping[str, Any]) -> Plan:
    """Rebuild a Plan from a plan file's contents; errors name the table and key at fault."""
    try:
        return _document_to_plan(doc)
    except FieldError as error:
        raise in_file(error) from None


def _document_to_plan(doc: Mapping[str, Any]) -> Plan:
    unknown_keys(doc, TOP_KEYS, "the top of the file")
    _schema(doc.get("schema"))
    top = fields.read(doc, TOP_FIELDS, "")
    profile_data = doc.get("profile")
    if not isinstance(profile_data, Mapping):
        raise PlanFileError("the [profile] table is missing.")
    try:
        profile = parse_profile(profile_data, where="[profile] ")
    except AnswersError as error:
        raise PlanFileError(error.message) from None
    raw_steps = doc.get("steps", [])
    if not isinstance(raw_steps, list):
        raise PlanFileError("steps must be an array of tables ([[steps]]).")
    progress: dict[str, Progress] = {}
    for index, raw in enumerate(raw_steps, 1):
        step_id, recorded = _progress(raw, index)
        if step_id in progress:
            raise PlanFileError(f'step "{step_id}" appears twice.')
        progress[step_id] = recorded
    history = _history(doc.get("history", []))
    snapshots = _snapshots(doc.get("undo", []))
    candidates = candidates_from(doc.get("programs", []), "[[programs]]")
    plan = build_plan(profile, today=top["created"], candidates=candidates)
    for step_id in progress:
        if step_id not in plan.ids:
            raise PlanFileError(
                f'[[steps]] has a step "{step_id}" that this plan does not have; cmaplan would '
                "drop it on the next save, so it stops here (fix the id or remove the step)"
            )
    plan = with_progress(plan, progress)._replace(
        history=history,
        undo=snapshots,
        revision=top["revision"],
        planned_finish=top["planned_finish"],
        planned_goal=top["planned_goal"],
        renewals=_renewals(doc.get("renewals", []), "renewals"),
        ceus=_ceus(doc.get("ceu", []), "[[ceu]]"),
    )
    return plan._replace(uid=top["uid"] or derived_uid(plan))


def _schema(schema: object) -> None:
    """Refuse a file that is not a plan file of this schema, saying what it seems to be."""
    if isinstance(schema, int) and not isinstance(schema, bool) and schema == SCHEMA:
        return
    if isinstance(schema, int) and not isinstance(schema, bool) and schema > SCHEMA:
        raise PlanFileError(
            f"it was written by a newer cmaplan (schema {schema}); upgrade cmaplan to read it."
        )
    if schema is None:
        raise PlanFileError(
            f"this is not a cmaplan plan file: it has no `schema = {SCHEMA}` line "
            "(an answers file goes with `cmaplan init --answers FILE`)"
        )
    raise PlanFileError(f"schema must be {SCHEMA}, found {toml_shown(schema)}.")


def _planned(plan: Plan) -> dict[str, date]:
    """The plan as first made: its expected finish, and its goal's when it has one."""
    finish, goal = first_planned(plan)
    return {"planned_finish": finish, **({"planned_goal": goal} if goal else {})}


def derived_uid(plan: Plan) -> str:
    """A uid for a plan that has none yet (made before plans had one): derived from what never
    changes about it, so that it is the same on every read until it is saved."""
    import hashlib

    seed = f"{plan.created}|{plan.profile.start_date}|{plan.profile.name}"
    return hashlib.sha256(seed.encode("utf-8")).hexdigest()[:16]
