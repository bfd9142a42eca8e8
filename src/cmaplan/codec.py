"""The plan file's shape: Plan to TOML-ready document and back, and the --json view (core layer).

A plan file holds the profile, the day the plan was made, and each step with its dates as last
forecast, whether it is done, and a note. On reading, the steps are rebuilt from the profile with
the knowledge base, and what the person recorded (done marks, dates, notes) is laid back on them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace
from datetime import date, datetime
from typing import Any

from cmaplan.daily import Daily
from cmaplan.errors import AnswersError, PlanFileError
from cmaplan.model import MAX_NOTE, Change, Forecast, Plan, Progress, Snapshot, Window
from cmaplan.planner import build_plan, with_progress
from cmaplan.profile import EARLIEST_DAY, LATEST_DAY, parse_profile, profile_to_dict
from cmaplan.schedule import forecast

SCHEMA = 1
TOP_KEYS = frozenset(
    {"schema", "uid", "revision", "created", "profile", "steps", "history", "undo"}
)
UID = re.compile(r"[0-9a-f]{16,64}")
STEP_KEYS = frozenset(
    {"id", "title", "phase", "after", "start", "due", "done", "done_on", "note", "ticked"}
    | {"why", "checklist"}
)
HISTORY_KEYS = frozenset({"on", "step", "action", "detail"})
UNDO_KEYS = frozenset({"on", "said", "history_added", "profile", "steps"})
MAX_HISTORY = 1000
MAX_UNDO = 100


def plan_to_document(plan: Plan, today: date) -> dict[str, Any]:
    """The plan as the TOML plan file stores it, with dates forecast as of `today`."""
    steps: list[dict[str, Any]] = []
    for item in forecast(plan, today).steps:
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
        "profile": profile_to_dict(plan.profile),
        "steps": steps,
    }
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
            }
            for s in plan.undo
        ]
    return document


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
    if not isinstance(raw, list):
        raise PlanFileError("undo must be an array of tables ([[undo]]).")
    if len(raw) > MAX_UNDO:
        raise PlanFileError(f"undo has {len(raw):,} entries; at most {MAX_UNDO:,} are kept.")
    snapshots: list[Snapshot] = []
    for index, entry in enumerate(raw, 1):
        where = f"[[undo]] number {index}"
        if isinstance(entry, Mapping):
            _unknown_keys(entry, UNDO_KEYS, where)
        if not (
            isinstance(entry, Mapping)
            and _is_date(entry.get("on"))
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
            Snapshot(entry["on"], entry["said"], profile, progress, entry["history_added"])
        )
    return tuple(snapshots)


def _is_date(value: object) -> bool:
    """A calendar date (not a date-time) in the range cmaplan can plan with."""
    return (
        isinstance(value, date)
        and not isinstance(value, datetime)
        and EARLIEST_DAY <= value <= LATEST_DAY
    )


def _unknown_keys(raw: Mapping[str, Any], known: frozenset[str], where: str) -> None:
    """Refuse a key cmaplan does not know: it would be dropped on the next save."""
    for key in raw:
        if key not in known:
            raise PlanFileError(
                f'{where}: unknown key "{key}"; cmaplan would drop it on the next save, so it '
                "stops here (fix the name or remove the key)"
            )


def _progress(raw: object, index: int, where: str = "[[steps]]") -> tuple[str, Progress]:
    where = f"{where} number {index}"
    if not isinstance(raw, Mapping):
        raise PlanFileError(f"{where} is not a table.")
    step_id = raw.get("id")
    if not isinstance(step_id, str) or not step_id:
        raise PlanFileError(f"{where} has no id.")
    where = f'step "{step_id}"'
    _unknown_keys(raw, STEP_KEYS, where)
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
    return step_id, Progress(done_on if done else None, note, frozenset(ticked))


ACTIONS = ("done", "reopened", "ticked", "unticked", "note", "answers")


def _history(raw: object) -> tuple[Change, ...]:
    if not isinstance(raw, list):
        raise PlanFileError("history must be an array of tables ([[history]]).")
    if len(raw) > MAX_HISTORY:
        raise PlanFileError(f"history has {len(raw):,} entries; at most {MAX_HISTORY:,} are kept.")
    changes: list[Change] = []
    for index, entry in enumerate(raw, 1):
        if isinstance(entry, Mapping):
            _unknown_keys(entry, HISTORY_KEYS, f"[[history]] number {index}")
        if not (
            isinstance(entry, Mapping)
            and _is_date(entry.get("on"))
            and isinstance(entry.get("step"), str)
            and entry.get("action") in ACTIONS
            and isinstance(entry.get("detail", ""), str)
            and len(entry.get("detail", "")) <= MAX_NOTE
        ):
            raise PlanFileError(
                f"[[history]] number {index} needs on (a date), step, and action (one of "
                + ", ".join(ACTIONS)
                + ")."
            )
        changes.append(Change(entry["on"], entry["step"], entry["action"], entry.get("detail", "")))
    return tuple(changes)


def document_to_plan(doc: Mapping[str, Any]) -> Plan:
    """Rebuild a Plan from a plan file's contents; errors name the table and key at fault."""
    _unknown_keys(doc, TOP_KEYS, "the top of the file")
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
        raise PlanFileError(f"schema must be {SCHEMA}, found {schema!r}.")
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
    plan = build_plan(profile, today=created)  # type: ignore[arg-type]
    for step_id in progress:
        if step_id not in plan.ids:
            raise PlanFileError(
                f'[[steps]] has a step "{step_id}" that this plan does not have; cmaplan would '
                "drop it on the next save, so it stops here (fix the id or remove the step)"
            )
    plan = replace(
        with_progress(plan, progress), history=history, undo=snapshots, revision=revision
    )
    return replace(plan, uid=uid or derived_uid(plan))


def derived_uid(plan: Plan) -> str:
    """A uid for a plan that has none yet (made before plans had one): derived from what never
    changes about it, so that it is the same on every read until it is saved."""
    import hashlib

    seed = f"{plan.created}|{plan.profile.start_date}|{plan.profile.name}"
    return hashlib.sha256(seed.encode("utf-8")).hexdigest()[:16]


def _window(window: Window) -> dict[str, str]:
    return {
        "earliest": window.earliest.isoformat(),
        "expected": window.expected.isoformat(),
        "latest": window.latest.isoformat(),
    }


def forecast_to_json(plan: Plan, result: Forecast, path: str) -> dict[str, Any]:
    """The object `cmaplan timeline --json` prints (documented in README.md)."""
    profile = {
        k: (v.isoformat() if isinstance(v, date) else v)
        for k, v in profile_to_dict(plan.profile).items()
    }
    credential = result.credential
    steps: list[dict[str, Any]] = []
    for item in result.steps:
        entry: dict[str, Any] = {
            "id": item.step.id,
            "phase": item.step.phase,
            "title": item.step.title,
            "after": list(item.step.after),
            "start": item.start.isoformat(),
            "due": item.due.isoformat(),
            "earliest": item.window.earliest.isoformat(),
            "latest": item.window.latest.isoformat(),
            "done": item.is_done,
            "done_on": item.progress.done_on.isoformat() if item.progress.done_on else None,
            "status": item.status.value,
            "warnings": list(item.warnings),
        }
        if item.step.duration.kind == "recertification" and credential is not None:
            entry["expires"] = credential.expires.isoformat()
        steps.append(entry)
    exam = result.exam
    return {
        "schema": SCHEMA,
        "plan": path,
        "today": result.today.isoformat(),
        "profile": profile,
        "finish": _window(result.finish),
        "exam": None
        if exam is None
        else {
            "apply_on": exam.apply_on.isoformat(),
            "applied": exam.applied,
            "category": exam.category,
            "fee_usd": exam.fee,
            "category1_ends": exam.category1_ends.isoformat() if exam.category1_ends else None,
        },
        "credential": None
        if credential is None
        else {
            "certified_on": credential.certified_on.isoformat(),
            "expires": credential.expires.isoformat(),
            "forecast": credential.is_forecast,
            "route": credential.route,
        },
        "steps": steps,
    }


def daily_to_json(
    view: Daily, path: str, *, history: bool = False, plan: Plan | None = None
) -> dict[str, Any]:
    """The object `cmaplan status --json` prints (documented in README.md)."""
    credential = view.credential
    out: dict[str, Any] = {
        "schema": SCHEMA,
        "plan": path,
        "today": view.today.isoformat(),
        "name": view.name,
        "program": view.program,
        "done": view.done,
        "total": view.total,
        "percent": view.percent,
        "starts_on": view.starts_on.isoformat() if view.starts_on else None,
        "next": [
            {
                "id": item.step.id,
                "title": item.step.title,
                "status": item.status.value,
                "due": (item.late_since or item.due).isoformat(),
                "days_late": item.days_late,
                "days_left": max(0, (item.due - view.today).days) if not item.late_since else 0,
            }
            for item in view.next
        ],
        "warnings": [{"step": step, "text": text} for step, text in view.warnings],
        "finish": {
            "label": view.finish_label,
            **_window(view.finish),
            "reached_on": view.reached_on.isoformat() if view.reached_on else None,
            "planned": view.drift.planned.isoformat(),
            "moved_days": view.drift.days,
        },
        "notes": list(view.notes),
        "credential": None
        if credential is None
        else {
            "certified_on": credential.certified_on.isoformat(),
            "renewed_on": credential.renewed_on.isoformat() if credential.renewed_on else None,
            "expires": credential.expires.isoformat(),
        },
    }
    if history and plan is not None:
        out["history"] = [
            {"on": c.on.isoformat(), "step": c.step, "action": c.action, "detail": c.detail}
            for c in plan.history
        ]
    return out
