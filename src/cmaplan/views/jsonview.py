"""The JSON views: `timeline --json`, `status --json`, `ceu --json`, `compare --json` and
`program compare --json` (views layer: pure).

Each is one object whose keys README.md documents; dates are ISO strings.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from cmaplan.core.ceu import Tally, missing_words
from cmaplan.core.compare import Route, best
from cmaplan.core.costs import Costs
from cmaplan.core.eligibility import Eligibility, of_attempts
from cmaplan.core.knowledge import load_knowledge
from cmaplan.core.model import Area, Credential, Forecast, Plan, Window
from cmaplan.core.profile import profile_to_dict
from cmaplan.core.renewal import ExamRenewal, renewal_by_exam
from cmaplan.core.rules import lapse_ends
from cmaplan.views.daily import Daily

# A JSON value as json.dumps takes it.
Json = None | bool | int | float | str | Sequence["Json"] | Mapping[str, "Json"]
JsonObject = dict[str, Json]

# The JSON views' own version: a field's meaning changes only with it (the plan file has its
# own schema, in storage/codec).
JSON_SCHEMA = 1


def _window(window: Window) -> JsonObject:
    return {
        "earliest": window.earliest.isoformat(),
        "expected": window.expected.isoformat(),
        "latest": window.latest.isoformat(),
    }


def forecast_to_json(plan: Plan, result: Forecast, path: str) -> JsonObject:
    """The object `cmaplan timeline --json` prints (documented in README.md)."""
    profile = {
        k: (v.isoformat() if isinstance(v, date) else v)
        for k, v in profile_to_dict(plan.profile).items()
    }
    credential = result.credential
    steps: list[JsonObject] = []
    for item in result.steps:
        entry: JsonObject = {
            "id": item.step.id,
            "phase": item.step.phase,
            "title": item.step.title,
            "after": list(item.step.after),
            "needed_by": item.step.step.needed_by or None,  # done before it; it does not wait
            "start": item.start.isoformat(),
            "due": item.due_day.isoformat(),
            "days_late": item.days_late,
            "expected": item.due.isoformat(),
            "earliest": item.window.earliest.isoformat(),
            "latest": item.window.latest.isoformat(),
            "done": item.is_done,
            "done_on": item.progress.done_on.isoformat() if item.progress.done_on else None,
            "status": item.status.value,
            "warnings": list(item.warnings),
        }
        if item.step.duration.kind == "recertification" and credential is not None:
            entry["expires"] = credential.expires.isoformat()
            renewal = renewal_by_exam(credential, plan.profile, result.today)
            entry["by_exam"] = renewal_to_json(renewal)
        steps.append(entry)
    exam = result.exam
    return {
        "schema": JSON_SCHEMA,
        "plan": path,
        "today": result.today.isoformat(),
        "profile": profile,
        "finish": _window(result.finish),
        "eligibility": eligibility_json(of_attempts(plan)),
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
            **_credential_days(credential),
            "forecast": credential.is_forecast,
            "route": credential.route,
        },
        "steps": steps,
    }


def daily_to_json(
    view: Daily, path: str, *, history: bool = False, plan: Plan | None = None
) -> JsonObject:
    """The object `cmaplan status --json` prints (documented in README.md)."""
    credential = view.credential
    out: JsonObject = {
        "schema": JSON_SCHEMA,
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
        "goal": None
        if view.goal is None or view.goal_drift is None
        else {
            "step": view.goal.step.id,
            "title": view.goal.step.title,
            **_window(view.goal.window),
            "reached_on": _day(view.goal.progress.done_on),
            "planned": view.goal_drift.planned.isoformat(),
            "moved_days": view.goal_drift.days,
            "next": None
            if view.goal_next is None
            else {
                "id": view.goal_next.step.id,
                "title": view.goal_next.step.title,
                "due": view.goal_next.due_day.isoformat(),
                "days_late": view.goal_next.days_late,
            },
        },
        "notes": list(view.notes),
        "study_this_week": view.study or None,
        "next_payment": view.payment or None,
        "credential": None if credential is None else _credential_days(credential),
    }
    if plan is not None:
        out["eligibility"] = eligibility_json(of_attempts(plan))
    if history and plan is not None:
        out["history"] = [
            {"on": c.on.isoformat(), "step": c.step, "action": c.action, "detail": c.detail}
            for c in plan.history
        ]
    return out


def renewal_to_json(renewal: ExamRenewal | None) -> JsonObject | None:
    """The exam route's days and fee (`by_exam` in `timeline --json` and `ceu --json`)."""
    if renewal is None:
        return None
    return {
        "apply_by": renewal.apply_by.isoformat(),
        "testing_window": [renewal.window_opens.isoformat(), renewal.window_closes.isoformat()],
        "pass_by": renewal.pass_by.isoformat() if renewal.pass_by else None,
        "application_received_by": _day(renewal.received_by),
        "fee": renewal.fee,
        "reactivation_fee": renewal.reactivation,
        "reactivation_fee_may_apply": renewal.reactivation_maybe,
        "member": renewal.member,
    }


def tally_to_json(tally: Tally, today: date, by_exam: ExamRenewal | None = None) -> JsonObject:
    """The object `cmaplan ceu --json` prints (documented in README.md)."""
    period = tally.period
    return {
        "schema": JSON_SCHEMA,
        "today": today.isoformat(),
        "certified_on": period.starts.isoformat(),
        "expires": period.expires.isoformat(),
        "apply_by": period.apply_by.isoformat(),
        "route": period.route,
        "points": {
            **{area.value: float(tally.counted[area]) for area in Area},
            "total": float(tally.approved + tally.not_approved),
            "approved": float(tally.approved),
            "counted": float(tally.total),
        },
        "missing": {key: float(value) for key, value in tally.missing.items()},
        "missing_words": missing_words(tally),
        "requirement_met": tally.requirement_met,
        "on_pace": tally.on_pace,
        "lapsed": tally.lapsed,
        "ce_counts_until": lapse_ends(period.expires, load_knowledge()).isoformat(),
        "by_exam": renewal_to_json(by_exam),
        "entries": [
            {
                "on": c.on.isoformat(),
                "area": c.area.value,
                "points": c.points,
                "title": c.title,
                "provider": c.provider,
                "approved": c.approved,
                "proof": c.proof,
            }
            for c in tally.entries
        ],
    }


def _day(value: date | None) -> str | None:
    return value.isoformat() if value else None


def program_rows(routes: list[Route]) -> JsonObject:
    """The object `cmaplan program compare --json` prints: a column per program (None where the
    school has not said), and the best value of each row."""
    from cmaplan.core.knowledge import load_knowledge
    from cmaplan.core.rules import is_accredited

    kb = load_knowledge()
    programs: list[JsonObject] = []
    for r in routes:
        c = r.candidate
        assert c is not None
        programs.append(
            {
                "name": c.name,
                "chosen": r.is_current,
                "accreditor": c.accreditor or None,
                "accredited": is_accredited(c.accreditor, kb),
                "type": c.type.value,
                "months": c.months,
                "part_time_months": c.part_time_months,
                "format": c.format or None,
                "next_intake": _day(r.next_intake),
                "cost": c.cost,
                "fees": c.fees,
                "asks": list(c.asks),
                "total": {
                    "low_cents": r.total[0],
                    "high_cents": r.total[1],
                    "unknown_lines": r.unknown_costs,
                },
                "pass_rate": c.pass_rate,
                "externship": c.externship or None,
                "img_support": None if c.img_support == "unknown" else c.img_support,
                "enrol": _day(r.enrol),
                "graduate": _day(r.graduate),
                "route": r.eligibility.words,
                "exam": _day(r.exam),
                "eligibility": eligibility_json(r.eligibility),
                "first_job": _first_job(r),
            }
        )
    return {"schema": JSON_SCHEMA, "programs": programs, "best": best(routes, kb)}


def route_rows(routes: list[Route]) -> JsonObject:
    """The object `cmaplan compare --json` prints: one entry per route."""
    return {
        "schema": JSON_SCHEMA,
        "routes": [
            {
                "route": r.label,
                "program": r.program.value,
                "pace": r.pace.value,
                "candidate": r.candidate.name if r.candidate else None,
                "current": r.is_current,
                "enrol": _day(r.enrol),
                "graduate": _day(r.graduate),
                "eligibility": eligibility_json(r.eligibility),
                "first_job": _first_job(r),
                "days_from_plan": r.days_from_plan,
                "costs": {
                    # cents throughout, as in `costs --json`
                    "exam_fee_cents": None if r.exam_fee is None else r.exam_fee * 100,
                    "program_cents": None if r.program_cost is None else r.program_cost * 100,
                    "known_low_cents": r.total[0],
                    "known_high_cents": r.total[1],
                    "unknown_lines": r.unknown_costs,
                },
            }
            for r in routes
        ],
    }


def _first_job(r: Route) -> JsonObject | None:
    """A route's first CMA job; null on a route that does not reach the exam."""
    job = r.first_job
    return None if job is None else _window(job)


def eligibility_json(e: Eligibility) -> JsonObject:
    """The route a program leads to (README, "Eligibility and the program you choose")."""
    return {
        "route": e.route,
        "reaches_exam": e.reaches_exam,
        "words": e.words,
        "program": e.program or None,
        "accreditor": e.accreditor or None,
        "reason": e.reason,
        "options": list(e.options),
    }


def _credential_days(credential: Credential) -> dict[str, str | None]:
    """The credential's days, as timeline --json and status --json both give them."""
    return {
        "certified_on": credential.certified_on.isoformat(),
        "renewed_on": credential.renewed_on.isoformat() if credential.renewed_on else None,
        "expires": credential.expires.isoformat(),
    }


def costs_json(costs: Costs) -> JsonObject:
    """`costs --json`: amounts in whole cents (exact), days as YYYY-MM-DD."""
    low, high = costs.total()
    return {
        "today": costs.today.isoformat(),
        "currency": "USD",
        "lines": [
            {
                "key": line.key,
                "what": line.what,
                "kind": line.kind,
                "due": line.due.isoformat() if line.due else None,
                "step": line.step or None,
                "low_cents": line.low,
                "high_cents": line.high,
                "basis": line.basis,
                "note": line.note,
                "paid": line.paid,
                "sources": list(line.sources),
            }
            for line in costs.lines
        ],
        "total_cents": {"low": low, "high": high},
        "aid_cents": dict(zip(("low", "high"), costs.total("aid"), strict=True)),
        "unknown_lines": [line.key for line in costs.unknown],
        "by_month": [
            {"month": f"{m:%Y-%m}", "low_cents": lo, "high_cents": hi}
            for m, lo, hi in costs.by_month()
        ],
        "funding": [
            {"key": f.key, "name": f.name, "check": f.check, "note": f.note} for f in costs.funding
        ],
    }
