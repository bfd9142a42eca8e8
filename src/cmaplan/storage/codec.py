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
from cmaplan.core.candidates import candidate_entry, candidates_from
from cmaplan.core.drift import first_planned
from cmaplan.core.eligibility import rules as eligibility_rules
from cmaplan.core.errors import AnswersError, FieldError, PlanFileError
from cmaplan.core.fields import Field
from cmaplan.core.knowledge import load_knowledge
from cmaplan.core.model import (
    ACTIONS,
    MAX_NOTE,
    Change,
    Forecast,
    Plan,
    Progress,
)
from cmaplan.core.plaintext import toml_shown
from cmaplan.core.planner import build_plan, failed_attempts, finish_step, with_progress
from cmaplan.core.profile import parse_profile, profile_to_dict
from cmaplan.core.schedule import forecast
from cmaplan.core.tables import unknown_keys
from cmaplan.storage.entries import (
    STEP_FIELDS,
    ceu_entry,
    progress_entry,
    read_ceus,
    read_renewals,
    recorded,
)
from cmaplan.storage.filewords import in_file
from cmaplan.storage.ledgerfile import cost_entry, read_costs
from cmaplan.storage.studyfile import read_study, study_table, weeks_table
from cmaplan.storage.undofile import State, read_changes, read_copies, undo_tables

SCHEMA = 2  # 2: the undo stack keeps changes, not copies (undofile); 1 is still read
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
TOP_KEYS |= {"ceu", "programs", "costs", "study", "history", "undo"}
# Written for the person to read and rebuilt from the knowledge base on every save: not read.
STEP_KEYS = frozenset({f.name for f in STEP_FIELDS} | {"id", "title", "phase", "after"})
STEP_KEYS |= {"start", "due", "why", "checklist"}
MAX_HISTORY = 1000
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
        if item.progress.failed:  # the exam's failed attempts
            entry["failed"] = list(item.progress.failed)
        # Written for the person to read; rebuilt from the knowledge base on every save.
        entry["why"] = " ".join(item.step.why)
        entry["checklist"] = list(item.step.checklist)
        steps.append(entry)
    # Progress the last failed attempt set aside (README, "When every attempt is used").
    steps.extend(progress_entry(step_id, kept) for step_id, kept in plan.dormant.items())
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
    if plan.costs:
        document["costs"] = [cost_entry(c) for c in plan.costs]
    study = {**study_table(plan.study), **weeks_table(plan, result or forecast(plan, today))}
    if study:
        document["study"] = study
    if plan.undo:  # what each recent change altered, newest last, for `cmaplan undo`
        document["undo"] = undo_tables(plan)
    if plan.history:
        document["history"] = [
            {"on": c.on, "step": c.step, "action": c.action, "detail": c.detail}
            for c in plan.history
        ]
    return document


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
    return recorded(step_id, entry, where, raw.get("checklist"))


def _history(raw: object) -> tuple[Change, ...]:
    return tuple(
        Change(entry["on"], entry["step"], entry["action"], entry["detail"])
        for entry in fields.read_tables(raw, HISTORY, "[[history]]")
    )


def known_step_ids() -> frozenset[str]:
    """Every step id this release can plan, for anyone."""
    return frozenset(t.id for t in load_knowledge().steps)


def document_to_plan(doc: Mapping[str, Any]) -> Plan:
    """Rebuild a Plan from a plan file's contents; errors name the table and key at fault."""
    try:
        return _document_to_plan(doc)
    except FieldError as error:
        raise in_file(error) from None


def _document_to_plan(doc: Mapping[str, Any]) -> Plan:
    unknown_keys(doc, TOP_KEYS, "the top of the file")
    schema = _schema(doc.get("schema"))
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
    candidates = candidates_from(doc.get("programs", []), "[[programs]]")
    renewals = read_renewals(doc.get("renewals", []), "renewals")
    ceus = read_ceus(doc.get("ceu", []), "[[ceu]]")
    costs = read_costs(doc.get("costs", []), "[[costs]]")
    study, study_weeks = read_study(doc.get("study"))
    raw_undo = doc.get("undo", [])
    if schema == 1:
        snapshots = read_copies(raw_undo)
    else:
        now = State(profile, progress, renewals, ceus, candidates, costs, study)
        snapshots = read_changes(raw_undo, now)
    plan = build_plan(
        profile,
        today=top["created"],
        candidates=candidates,
        attempts_failed=failed_attempts(progress),
    )
    saved_ids = set(progress)
    used = eligibility_rules().used_step in plan.ids
    dormant = {}
    for step_id, recorded_progress in progress.items():
        # A step cmaplan knows, with nothing recorded, loses nothing when this release no
        # longer plans it for this person (a residency plan's letters once they are ECFMG
        # certified, say); a done mark, a tick, a note or an id cmaplan does not know (a typo)
        # would be lost, so it stops the read.
        if step_id in plan.ids:
            continue
        if used and step_id in known_step_ids():  # set aside while every attempt is used
            dormant[step_id] = recorded_progress
            continue
        if recorded_progress != Progress() or step_id not in known_step_ids():
            raise PlanFileError(
                f'[[steps]] has a step "{step_id}" that this plan does not have; cmaplan would '
                "drop it on the next save, so it stops here (fix the id or remove the step)"
            )
    plan = with_progress(plan, progress)._replace(
        dormant={k: v for k, v in dormant.items() if v != Progress()},
        history=history,
        undo=snapshots,
        revision=top["revision"],
        # a finish of another kind than the file's (a route to settle, not a CMA job)
        planned_finish=top["planned_finish"] if finish_step(plan) in saved_ids else None,
        planned_goal=top["planned_goal"],
        renewals=renewals,
        ceus=ceus,
        costs=costs,
        study=study,
        study_weeks=study_weeks,
    )
    return plan._replace(uid=top["uid"] or derived_uid(plan))


def _schema(schema: object) -> int:
    """The file's schema (this one, or 1); else why it is not a plan file cmaplan reads."""
    if isinstance(schema, int) and not isinstance(schema, bool) and 1 <= schema <= SCHEMA:
        return schema
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
