"""Keeping the credential: the continuing-education log against the recertification rule
(core layer: pure, no I/O).

The rule's numbers are knowledge data (ceu_total, ceu_min_each, ceu_aama_min): the total of
counted points, the minimum in each area, and the AAMA-approved minimum. Points that are not
AAMA-approved count only up to the total less the approved minimum; when there are more, the
ones that count are those that help the area minimums most.
"""

from __future__ import annotations

from datetime import date
from typing import NamedTuple

from cmaplan.core import fields
from cmaplan.core.errors import FieldError, UsageError
from cmaplan.core.fields import Field
from cmaplan.core.knowledge import Knowledge, load_knowledge
from cmaplan.core.model import (
    Area,
    Ceu,
    Change,
    Forecast,
    Plan,
    RecertRoute,
    with_changes,
)
from cmaplan.core.plaintext import plural
from cmaplan.core.rules import lapse_ends

MAX_CEU_POINTS = 60  # in one activity: more than a whole period's requirement is a typo
MAX_CEU_TEXT = 200  # characters in a CEU's title or provider
MAX_PROOF = 500  # characters in the path to a CEU's certificate: far over any real folder's
MAX_LOG = 500  # what `ceu add` and `ceu import` keep: a longer log would slow every command

# A CEU entry's fields, wherever it comes from: the plan file's [[ceu]], `ceu add`'s options or
# a row of `ceu import`'s CSV (each door words a refusal its own way).
CEU_FIELDS: tuple[Field, ...] = (
    Field("on", "date", True),
    Field("area", "choice", True, choices=tuple(a.value for a in Area)),
    Field("points", "number", True, low=0, high=MAX_CEU_POINTS, above=True, step=0.5),
    Field("title", "text", True, low=1, high=MAX_CEU_TEXT),
    Field("provider", "text", high=MAX_CEU_TEXT, default=""),
    Field("approved", "bool", default=True),
    Field("proof", "text", high=MAX_PROOF, default=""),
)
_CHECKED = {f.name: f for f in CEU_FIELDS if f.name in ("points", "title", "provider", "proof")}


def new_points_field(kb: Knowledge) -> Field:
    """The points of a CEU added now: at least one contact hour's point (the AAMA counts no
    shorter activity). A plan file's older entries are read with CEU_FIELDS, as they were."""
    low = kb.fact("ceu_min_points").number()
    return Field("points", "number", True, low=low, high=MAX_CEU_POINTS, step=0.5)


class Period(NamedTuple):
    """One period of the credential: from certification or a renewal to its expiry."""

    starts: date
    expires: date
    apply_by: date  # the recertify step's due day for the chosen route
    route: RecertRoute


class Tally(NamedTuple):
    """A period's CEUs against the rule."""

    period: Period
    entries: tuple[Ceu, ...]
    counted: dict[Area, float]  # points that count, per area
    approved: float
    not_approved: float
    missing: dict[str, float]  # area names, "total" and "approved": points still needed
    requirement_met: bool
    on_pace: bool | None  # at the pace so far, met by apply_by; None: too early to tell
    lapsed: bool  # expired for longer than the lapse rule allows: CEUs no longer count

    @property
    def total(self) -> float:
        return sum(self.counted.values())


def requirement(kb: Knowledge) -> tuple[float, float, float]:
    """The points a period needs: in all, in each area, and AAMA-approved."""
    return (
        kb.fact("ceu_total").number(),
        kb.fact("ceu_min_each").number(),
        kb.fact("ceu_aama_min").number(),
    )


def current_period(plan: Plan, result: Forecast) -> Period | None:
    """The period the credential is in, once the exam is done; None before."""
    credential = result.credential
    recertify = load_knowledge().roles.recertification
    if credential is None or credential.is_forecast or recertify not in plan.ids:
        return None
    starts = credential.renewed_on or credential.certified_on
    apply_by = result.get(recertify).late_since or result.get(recertify).due
    if credential.route is RecertRoute.EXAM:  # the day to apply for the exam, not to pass by
        from cmaplan.core.renewaldays import exam_days

        apply_by = exam_days(
            credential.expires, plan.profile, result.today, load_knowledge()
        ).apply_by
    elif credential.expires < result.today:  # expired: the lapse window's days, never a past one
        from cmaplan.core.rules import lapse_ends, lapse_safe

        safe = lapse_safe(credential.expires, load_knowledge())
        apply_by = (
            safe if result.today <= safe else lapse_ends(credential.expires, load_knowledge())
        )
    return Period(starts, credential.expires, apply_by, credential.route)


def in_period(ceus: tuple[Ceu, ...], period: Period) -> tuple[Ceu, ...]:
    return tuple(c for c in ceus if period.starts <= c.on <= period.expires)


def tally(plan: Plan, result: Forecast, kb: Knowledge | None = None) -> Tally | None:
    """The current period's CEUs against the rule; None before certification."""
    kb = kb or load_knowledge()
    period = current_period(plan, result)
    if period is None:
        return None
    total, each, approved_min = requirement(kb)
    entries = in_period(plan.ceus, period)
    approved = {a: sum(c.points for c in entries if c.area is a and c.approved) for a in Area}
    others = {a: sum(c.points for c in entries if c.area is a and not c.approved) for a in Area}
    counted_others = _cap(approved, others, total - approved_min, each)
    counted = {a: approved[a] + counted_others[a] for a in Area}
    approved_sum = sum(approved.values())
    missing: dict[str, float] = {a.value: max(0.0, each - counted[a]) for a in Area}
    missing["total"] = max(0.0, total - sum(counted.values()))
    missing["approved"] = max(0.0, approved_min - approved_sum)
    met = all(v == 0 for v in missing.values())
    return Tally(
        period=period,
        entries=entries,
        counted=counted,
        approved=approved_sum,
        not_approved=sum(others.values()),
        missing=missing,
        requirement_met=met,
        on_pace=True if met else _on_pace(period, sum(counted.values()), total, result.today),
        lapsed=result.today > lapse_ends(period.expires, kb),
    )


def _cap(
    approved: dict[Area, float], others: dict[Area, float], cap: float, each: float
) -> dict[Area, float]:
    """Which non-approved points count when there are more than `cap`: drop, half a point at a
    time, from the area that is furthest above its minimum."""
    counted = dict(others)
    excess = sum(counted.values()) - cap
    while excess > 0:
        spare = [a for a in Area if counted[a] > 0]
        area = max(spare, key=lambda a: (approved[a] + counted[a] - each, counted[a]))
        step = min(0.5, excess, counted[area])
        counted[area] -= step
        excess -= step
    return counted


PACE_AFTER_DAYS = 365  # before a year of the period has passed, the pace says too little


def _on_pace(period: Period, points: float, total: float, today: date) -> bool | None:
    elapsed = (min(today, period.apply_by) - period.starts).days
    if elapsed < PACE_AFTER_DAYS:
        return None
    length = max(1, (period.apply_by - period.starts).days)
    return points / elapsed * length >= total


def missing_words(t: Tally) -> str:
    """What is still needed, in plain words: "5 more clinical points and 30 more in any area,
    at least 10 of these 35 AAMA-approved". The approved minimum is of all the points still
    needed, not of the last area named."""
    parts = [f"{_n(t.missing[a.value])} more {a.value} points" for a in Area if t.missing[a.value]]
    by_area = sum(t.missing[a.value] for a in Area)
    rest = t.missing["total"] - by_area
    if rest > 0:
        parts.append(f"{_n(rest)} more in any area" if parts else f"{_n(rest)} more points")
    approved = t.missing["approved"]
    if not parts:
        return f"{_n(approved)} more AAMA-approved points" if approved else ""
    words = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
    if not approved:
        return words
    total = t.missing["total"]
    if approved >= total:
        beyond = f" and {_n(approved - total)} more AAMA-approved" if approved > total else ""
        return f"{words}, all AAMA-approved{beyond}"
    return f"{words}, at least {_n(approved)} of these {_n(total)} AAMA-approved"


def _n(points: float) -> str:
    return f"{points:g}"


# --- recording ----------------------------------------------------------------------------------


def check_entry(ceu: Ceu, plan: Plan, result: Forecast) -> None:
    """Refuse a CEU that cannot be right, with the reason (one sentence)."""
    period = current_period(plan, result)
    if period is None:
        raise UsageError(
            "CEUs count once you hold the credential: mark the exam done first",
            "`cmaplan check exam --on DATE` records the day you passed.",
        )
    if ceu.on > result.today:
        raise UsageError(f"the day {ceu.on} is in the future (today is {result.today})")
    if ceu.on < period.starts:
        raise UsageError(
            f"the day {ceu.on} is before your current period began ({period.starts}); "
            "only CEUs earned in the period count"
        )
    if ceu.on > period.expires:
        raise UsageError(f"the day {ceu.on} is after the credential expired ({period.expires})")
    # A lapse window that has closed does not stop the log: a renewal made in time by CE may
    # be recorded late (`check recertify --on DAY`), with the CEUs of the period it counted.
    checked = {**_CHECKED, "points": new_points_field(load_knowledge())}
    for name, field in checked.items():  # a FieldError: the door words it
        fields.check_typed(field, getattr(ceu, name))


def add_entries(plan: Plan, entries: list[Ceu], today: date) -> Plan:
    """The plan with these CEUs in its log (date order), and the change in its history."""
    if len(plan.ceus) + len(entries) > MAX_LOG:
        raise UsageError(
            f"the log would hold {len(plan.ceus) + len(entries):,} CEUs; it keeps at most "
            f"{MAX_LOG:,}, so nothing was added",
            "Entries of earlier periods no longer count: `cmaplan ceu list` numbers them, and "
            "`cmaplan ceu remove N` removes one (keep your certificates)."
            if plan.ceus
            else f"Import at most {MAX_LOG:,} rows.",
        )
    log = tuple(sorted((*plan.ceus, *entries), key=lambda c: c.on))
    points = sum(c.points for c in entries)
    detail = f"{plural(len(entries), 'entry', 'entries')}, {plural(points, 'point')}"
    return with_changes(plan._replace(ceus=log), Change(today, "ceu", "ceu added", detail))


def new_entries(plan: Plan, entries: list[Ceu]) -> tuple[list[Ceu], int]:
    """The entries not already in the log (same day, area, points, title and provider), and how
    many were left out: importing the same file twice adds nothing the second time."""
    known = {_identity(c) for c in plan.ceus}
    fresh = [c for c in entries if _identity(c) not in known]
    return fresh, len(entries) - len(fresh)


def _identity(ceu: Ceu) -> tuple[object, ...]:
    return (ceu.on, ceu.area, ceu.points, ceu.title.casefold(), ceu.provider.casefold())


def remove_entry(plan: Plan, number: int, today: date) -> tuple[Plan, Ceu]:
    """The plan without CEU `number` (as `ceu list` numbers them, from 1), and that CEU."""
    if not 1 <= number <= len(plan.ceus):
        count = len(plan.ceus)
        have = f"CEUs 1 to {count}" if count > 1 else "only CEU 1" if count else "no CEUs yet"
        raise UsageError(
            f"there is no CEU {number}; the log has {have}", "`cmaplan ceu list` numbers them."
        )
    gone = plan.ceus[number - 1]
    change = Change(today, "ceu", "ceu removed", f"{plural(gone.points, 'point')}")
    kept = plan.ceus[: number - 1] + plan.ceus[number:]
    return with_changes(plan._replace(ceus=kept), change), gone


def by_provider(provider: str) -> bool:
    """Whether a CEU whose approval was not said counts as AAMA-approved: only when no provider
    is named or the provider is the AAMA itself. Another body's credit (AMCA, NHA...) counts as
    not approved until the person says otherwise: only some such points count, and a renewal
    counted on them would be refused."""
    words = provider.upper().replace("(", " ").replace(")", " ").split()
    return (
        not provider.strip()
        or "AAMA" in words
        or "AMERICAN ASSOCIATION OF MEDICAL" in " ".join(words)
    )


CSV_COLUMNS = ("date", "area", "points", "title", "provider", "approved")
YES = {"yes", "y", "true", "1", "approved"}
NO = {"no", "n", "false", "0", "not-approved", "not approved"}


def read_csv(text: str, plan: Plan, result: Forecast) -> list[Ceu]:
    """CEUs from CSV text with a header, read as spreadsheets write it (`core/csvrows.py`);
    any bad row refuses them all, naming the line it starts on."""
    from cmaplan.core.csvrows import read_sheet

    sheet = read_sheet(text)
    missing = [c for c in ("date", "area", "points", "title") if c not in sheet.header]
    if missing:
        raise UsageError(
            f"the CSV file's header lacks {', '.join(missing)}; "
            f"its columns are {', '.join(CSV_COLUMNS)}"
        )
    entries: list[Ceu] = []
    for row in sheet.rows:
        try:
            entry = _entry(row.cells, decimal_comma=sheet.separator != ",")
            check_entry(entry, plan, result)
        except FieldError as error:  # `ceu import` words it, naming the line
            raise error.placed(f"line {row.line} of the CSV file") from None
        except (UsageError, ValueError) as error:
            message = error.message if isinstance(error, UsageError) else str(error)
            raise UsageError(
                f"line {row.line} of the CSV file: {message}; nothing was imported"
            ) from None
        entries.append(entry)
    if not entries:
        raise UsageError("the CSV file has no rows under its header; nothing was imported")
    return entries


def _entry(cells: dict[str, str], *, decimal_comma: bool) -> Ceu:
    """The CEU of a row's cells; where columns are not separated by commas, "1,5" is 1.5
    points. A number is read as `core/numbers.py` reads every number a person types."""
    from cmaplan.core.numbers import NotANumber, parse_number, quoted
    from cmaplan.core.profile import parse_day

    approved_text = cells.get("approved", "").lower()
    if approved_text and approved_text not in YES | NO:
        raise UsageError(f'approved "{quoted(approved_text)}" is not yes or no')
    area = parse_area(cells["area"])
    try:
        points = parse_number(cells["points"], fraction=True, comma=decimal_comma)
    except NotANumber as error:
        raise UsageError(f"points {error.words()}") from None
    return Ceu(
        on=parse_day(cells["date"]),
        area=area,
        points=points,
        title=cells["title"],
        provider=cells.get("provider", ""),
        approved=approved_text in YES if approved_text else by_provider(cells.get("provider", "")),
    )


def parse_area(text: str) -> Area:
    """An area as typed: its name in any case, or the first three letters or more of it."""
    key = text.strip().lower()
    for area in Area:
        if area.value == key or (area.value.startswith(key) and len(key) >= 3):
            return area
    from cmaplan.core.numbers import quoted  # only for a refusal

    raise UsageError(f'"{quoted(text)}" is not an area: give general, administrative or clinical')
