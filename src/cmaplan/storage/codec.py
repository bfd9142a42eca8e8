"""The plan file's shape: Plan to TOML-ready document and back (storage layer).

A plan file holds the profile, the day the plan was made, and each step with its dates as last
forecast, whether it is done, and a note. On reading, the steps are rebuilt from the profile with
the knowledge base, and what the person recorded (done marks, dates, notes) is laid back on them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from cmaplan.core.candidates import candidate_entry, candidates_from
from cmaplan.core.errors import AnswersError, PlanFileError
from cmaplan.core.model import (
    ACTIONS,
    MAX_CEU_POINTS,
    MAX_CEU_TEXT,
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
from cmaplan.core.profile import EARLIEST_DAY, LATEST_DAY, parse_profile, profile_to_dict
from cmaplan.core.schedule import first_planned, forecast
from cmaplan.core.tables import tables, unknown_keys

SCHEMA = 1
TOP_KEYS = frozenset(
    {"schema", "uid", "revision", "created", "planned_finish", "planned_goal", "profile"}
    | {"steps", "renewals", "ceu"}
    | {"programs", "history", "undo"}
)
CEU_KEYS = frozenset({"on", "area", "points", "title", "provider", "approved", "proof"})
UID = re.compile(r"[0-9a-f]{16,64}")
STEP_KEYS = frozenset(
    {"id", "title", "phase", "after", "start", "due", "done", "done_on", "note", "ticked"}
    | {"why", "checklist"}
)
HISTORY_KEYS = frozenset({"on", "step", "action", "detail"})
UNDO_KEYS = frozenset(
    {"on", "said", "history_added", "profile", "steps", "renewals", "ceu", "programs"}
)
MAX_HISTORY = 1000
MAX_UNDO = 100


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
    if raw == []:
        return ()
    from cmaplan.core.ceu import MAX_CEUS

    out: list[Ceu] = []
    for at, entry in tables(raw, where, "ceu", MAX_CEUS, CEU_KEYS):
        points = entry.get("points")
        ok = (
            _is_date(entry.get("on"))
            and entry.get("area") in {a.value for a in Area}
            and isinstance(points, int | float)
            and not isinstance(points, bool)
            and 0 < points <= MAX_CEU_POINTS
            and float(points * 2).is_integer()
            and isinstance(entry.get("title"), str)
            and 0 < len(entry["title"]) <= MAX_CEU_TEXT
            and isinstance(entry.get("provider", ""), str)
            and len(entry.get("provider", "")) <= MAX_CEU_TEXT
            and isinstance(entry.get("approved", True), bool)
            and isinstance(entry.get("proof", ""), str)
            and len(entry.get("proof", "")) <= MAX_NOTE
        )
        if not ok:
            raise PlanFileError(
                f"{at} needs on (a date), area (general, administrative or clinical), points "
                f"(more than 0, at most {MAX_CEU_POINTS:g}, in steps of 0.5), a title, and "
                "approved (true or false)."
            )
        out.append(
            Ceu(
                entry["on"],
                Area(entry["area"]),
                float(points),  # type: ignore[arg-type]
                entry["title"],
                entry.get("provider", ""),
                entry.get("approved", True),
                entry.get("proof", ""),
            )
        )
    return tuple(out)


def _renewals(raw: object, where: str) -> tuple[date, ...]:
    if not isinstance(raw, list) or not all(_is_date(d) for d in raw):
        raise PlanFileError(f"{where} must be a list of dates.")
    if list(raw) != sorted(set(raw)):
        raise PlanFileError(f"{where} must list different days, oldest first.")
    return tuple(raw)


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
    for where, entry in tables(raw, "[[undo]]", "undo", MAX_UNDO, UNDO_KEYS):
        if not (
            _is_date(entry.get("on"))
            and isinstance(entry.get("said"), str)
            and len(entry["said"]) <= MAX_NOTE
            and isinstance(entry.get("history_added"), int)
            and not isinstance(entry.get("history_added"), bool)
            and entry["history_added"] >= 0
            and isinstance(entry.get("profile"), Mapping)
            and isinstance(entry.get("steps", []), list)
        ):
            raise PlanFileError(f"{where} needs on, said, history_added, profile and steps.")
        try:
            profile = parse_profile(entry["profile"], where=f"{where} profile: ")
        except AnswersError as error:
            raise PlanFileError(error.message) from None
        steps = entry.get("steps", [])
        progress = dict(_progress(step, n, f"{where} steps") for n, step in enumerate(steps, 1))
        snapshots.append(
            Snapshot(
                entry["on"],
                entry["said"],
                profile,
                progress,
                entry["history_added"],
                _renewals(entry.get("renewals", []), f"{where} renewals"),
                _ceus(entry.get("ceu", []), f"{where} ceu"),
                candidates_from(entry.get("programs", []), f"{where} programs"),
            )
        )
    return tuple(snapshots)


def _is_date(value: object) -> bool:
    """A calendar date (not a date-time) in the range cmaplan can plan with."""
    return (
        isinstance(value, date)
        and not isinstance(value, datetime)
        and EARLIEST_DAY <= value <= LATEST_DAY
    )


def _progress(raw: object, index: int, where: str = "[[steps]]") -> tuple[str, Progress]:
    where = f"{where} number {index}"
    if not isinstance(raw, Mapping):
        raise PlanFileError(f"{where} is not a table.")
    step_id = raw.get("id")
    if not isinstance(step_id, str) or not step_id:
        raise PlanFileError(f"{where} has no id.")
    where = f'step "{step_id}"'
    unknown_keys(raw, STEP_KEYS, where)
    done = raw.get("done", False)
    if not isinstance(done, bool):
        raise PlanFileError(f"{where}: done must be true or false.")
    done_on = raw.get("done_on")
    if done and not _is_date(done_on):
        raise PlanFileError(
            f"{where}: done = true needs done_on, a date from {EARLIEST_DAY} to {LATEST_DAY}."
        )
    if not done and done_on is not None:
        raise PlanFileError(f"{where}: done_on is set but done = false; remove one of them.")
    note = raw.get("note", "")
    if not isinstance(note, str):
        raise PlanFileError(f"{where}: note must be text.")
    if len(note) > MAX_NOTE:
        raise PlanFileError(f"{where}: the note is longer than {MAX_NOTE:,} characters.")
    ticked = raw.get("ticked", [])
    if not isinstance(ticked, list) or not all(
        isinstance(i, int) and not isinstance(i, bool) and i > 0 for i in ticked
    ):
        raise PlanFileError(f"{where}: ticked must be a list of item numbers, such as [1, 3].")
    checklist = raw.get("checklist")
    if isinstance(checklist, list) and any(i > len(checklist) for i in ticked):
        raise PlanFileError(
            f"{where}: ticked names item {max(ticked):,}, but the checklist has "
            f"{len(checklist)} items."
        )
    return step_id, Progress(done_on if done else None, note, frozenset(ticked))


def _history(raw: object) -> tuple[Change, ...]:
    changes: list[Change] = []
    for where, entry in tables(raw, "[[history]]", "history", MAX_HISTORY, HISTORY_KEYS):
        if not (
            _is_date(entry.get("on"))
            and isinstance(entry.get("step"), str)
            and entry.get("action") in ACTIONS
            and isinstance(entry.get("detail", ""), str)
            and len(entry.get("detail", "")) <= MAX_NOTE
        ):
            raise PlanFileError(
                f"{where} needs on (a date), step, and action (one of " + ", ".join(ACTIONS) + ")."
            )
        changes.append(Change(entry["on"], entry["step"], entry["action"], entry.get("detail", "")))
    return tuple(changes)


def document_to_plan(doc: Mapping[str, Any]) -> Plan:
    """Rebuild a Plan from a plan file's contents; errors name the table and key at fault."""
    unknown_keys(doc, TOP_KEYS, "the top of the file")
    schema = doc.get("schema")
    if not isinstance(schema, int) or isinstance(schema, bool) or schema != SCHEMA:
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
    created = doc.get("created")
    if not _is_date(created):
        raise PlanFileError(
            f"created must be the date the plan was made, from {EARLIEST_DAY} to {LATEST_DAY}."
        )
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
    uid = doc.get("uid", "")
    if not isinstance(uid, str) or (uid and not UID.fullmatch(uid)):
        raise PlanFileError("uid must be 16 to 64 lowercase hexadecimal digits.")
    revision = doc.get("revision", 0)
    if not isinstance(revision, int) or isinstance(revision, bool) or not 0 <= revision < 10**9:
        raise PlanFileError("revision must be a whole number from 0.")
    candidates = candidates_from(doc.get("programs", []), "[[programs]]")
    plan = build_plan(profile, today=created, candidates=candidates)  # type: ignore[arg-type]
    for step_id in progress:
        if step_id not in plan.ids:
            raise PlanFileError(
                f'[[steps]] has a step "{step_id}" that this plan does not have; cmaplan would '
                "drop it on the next save, so it stops here (fix the id or remove the step)"
            )
    planned, planned_goal = doc.get("planned_finish"), doc.get("planned_goal")
    for key, value in (("planned_finish", planned), ("planned_goal", planned_goal)):
        if value is not None and not _is_date(value):
            raise PlanFileError(
                f"{key} must be a date from {EARLIEST_DAY} to {LATEST_DAY}: when the plan as "
                "first made expected it."
            )
    plan = with_progress(plan, progress)._replace(
        history=history,
        undo=snapshots,
        revision=revision,
        planned_finish=planned,
        planned_goal=planned_goal,
        renewals=_renewals(doc.get("renewals", []), "renewals"),
        ceus=_ceus(doc.get("ceu", []), "[[ceu]]"),
    )
    return plan._replace(uid=uid or derived_uid(plan))


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
