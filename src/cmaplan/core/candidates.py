"""The programs a person is considering: checks, the plan file's [[programs]], and the changes
`cmaplan program` makes (core layer: pure, no I/O)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from cmaplan.core.errors import PlanFileError, UsageError
from cmaplan.core.knowledge import load_knowledge
from cmaplan.core.model import MAX_NOTE, Candidate, Change, Plan, Program, with_changes
from cmaplan.core.plaintext import same_name
from cmaplan.core.profile import HORIZON_YEARS, horizon
from cmaplan.core.rules import is_accredited
from cmaplan.core.tables import tables

LENGTHS = {Program.CERTIFICATE: (3, 24), Program.ASSOCIATE: (12, 48)}  # months, full-time
PART_TIME_MAX = 72
FORMATS = ("on-campus", "hybrid", "online-hybrid")
SUPPORT = ("yes", "no", "unknown")
MAX_NAME = 80
MAX_TEXT = 200
MAX_STARTS = 24
MAX_CANDIDATES = 30
MAX_COST = 1_000_000  # US dollars: far above any medical assisting program, below TOML's limit
URL = re.compile(r"https?://[^\s/$.?#][^\s]*", re.IGNORECASE)


def check(candidate: Candidate, *, today: date, past_ok: bool = False) -> list[str]:
    """Refuse what cannot be right (one sentence); return warnings for what may be wrong."""
    name = candidate.name.strip()
    if not name or len(name) > MAX_NAME or "\n" in name:
        raise UsageError(f"a program's name must be 1 to {MAX_NAME} characters on one line")
    if candidate.type not in LENGTHS:
        raise UsageError("--type must be certificate or associate")
    low, high = LENGTHS[candidate.type]
    if candidate.months is not None and not low <= candidate.months <= high:
        kind = "an associate" if candidate.type is Program.ASSOCIATE else "a certificate"
        raise UsageError(
            f"{candidate.months} months is not {kind} program's full-time length: "
            f"give --months {low} to {high}"
        )
    if candidate.part_time_months is not None and not (
        low <= candidate.part_time_months <= PART_TIME_MAX
    ):
        raise UsageError(f"--part-time-months must be {low} to {PART_TIME_MAX} months")
    if (
        candidate.months is not None
        and candidate.part_time_months is not None
        and candidate.part_time_months < candidate.months
    ):
        raise UsageError(
            f"--part-time-months {candidate.part_time_months} is shorter than --months "
            f"{candidate.months}: part-time study takes longer"
        )
    if candidate.pass_rate is not None and not 0 <= candidate.pass_rate <= 100:
        raise UsageError(f"--pass-rate {candidate.pass_rate:g} is not a percentage from 0 to 100")
    if candidate.cost is not None and not 0 <= candidate.cost <= MAX_COST:
        raise UsageError(
            f"--cost {candidate.cost:,} is not a program's cost: give 0 to {MAX_COST:,} dollars"
        )
    if candidate.format and candidate.format not in FORMATS:
        raise UsageError(f"--format must be one of {', '.join(FORMATS)}")
    if candidate.img_support not in SUPPORT:
        raise UsageError("--img-support must be yes, no or unknown")
    if candidate.url and not URL.fullmatch(candidate.url):
        raise UsageError(f"--url {candidate.url} is not a web address (http:// or https://)")
    if len(candidate.starts) > MAX_STARTS:
        raise UsageError(f"give at most {MAX_STARTS} start dates")
    far = [d for d in candidate.starts if today < date.max and d > horizon(today)]
    if far:
        raise UsageError(f"--starts {far[0]} is more than {HORIZON_YEARS} years ahead; check it")
    past = [d for d in candidate.starts if d < today]
    if past and not past_ok:
        raise UsageError(
            f"--starts {past[0]} has passed (today is {today}); give intakes still ahead, or add "
            "--past to record one that was"
        )
    for text in (candidate.externship, candidate.city, candidate.accreditor):
        if len(text) > MAX_TEXT:
            raise UsageError(f"keep each description under {MAX_TEXT} characters")
    if len(candidate.note) > MAX_NOTE:
        raise UsageError(f"keep the note under {MAX_NOTE} characters")
    warnings = []
    kb = load_knowledge()
    if is_accredited(candidate.accreditor, kb) is False:
        warnings.append(
            f"{candidate.name} is accredited by {candidate.accreditor}. "
            + kb.explain("not-accredited")
        )
    return warnings


def find(plan: Plan, name: str, *, whole: bool = False) -> Candidate:
    """The candidate called `name` (any case, or the start of only one name unless `whole`, as
    for removing one); an unknown name is one sentence with suggestions."""
    wanted = same_name(name)
    for candidate in plan.candidates:
        if same_name(candidate.name) == wanted:
            return candidate
    starting = [c for c in plan.candidates if wanted and same_name(c.name).startswith(wanted)]
    if len(starting) == 1 and whole:
        raise UsageError(
            f'there is no program "{name}"; to remove "{starting[0].name}", give its whole name'
        )
    if len(starting) == 1:  # `choose valley` for "Valley College": the only one it can mean
        return starting[0]
    if len(starting) > 1:
        several = ", ".join(f'"{c.name}"' for c in starting)
        raise UsageError(f'"{name}" could be any of {several}; give more of the name')
    from cmaplan.core.naming import look_alike

    names = [c.name for c in plan.candidates]
    close = look_alike(name.strip(), names)
    hint = f' Did you mean "{close[0]}"?' if close else ""
    listed = ", ".join(names) if names else "none yet (cmaplan program add NAME ...)"
    raise UsageError(f'there is no program "{name}".{hint} Your programs: {listed}')


def add(plan: Plan, candidate: Candidate, today: date) -> Plan:
    """The plan with one more candidate; a duplicate name is refused."""
    if any(same_name(c.name) == same_name(candidate.name) for c in plan.candidates):
        raise UsageError(
            f'there is a program called "{candidate.name}" already; '
            "`cmaplan program edit` changes it"
        )
    if len(plan.candidates) >= MAX_CANDIDATES:
        raise UsageError(f"keep at most {MAX_CANDIDATES} programs; remove one first")
    added = Change(today, "program", "program added", candidate.name)
    return _with(plan, (*plan.candidates, candidate), added)


def edit(plan: Plan, old: Candidate, new: Candidate, today: date) -> Plan:
    others = [c for c in plan.candidates if c is not old]
    if any(same_name(c.name) == same_name(new.name) for c in others):
        raise UsageError(f'there is another program called "{new.name}"')
    kept = tuple(new if c is old else c for c in plan.candidates)
    renamed = new.name if same_name(new.name) == same_name(old.name) else f"{old.name} → {new.name}"
    plan = _with(plan, kept, Change(today, "program", "program edited", renamed))
    if same_name(plan.profile.program_choice) == same_name(old.name):  # a renamed choice follows
        plan = plan._replace(profile=plan.profile._replace(program_choice=new.name))
    return plan


def remove(plan: Plan, candidate: Candidate, today: date) -> Plan:
    if same_name(plan.profile.program_choice) == same_name(candidate.name):
        raise UsageError(
            f'"{candidate.name}" is the program your plan uses; '
            "`cmaplan program choose --none` first, or choose another"
        )
    kept = tuple(c for c in plan.candidates if c is not candidate)
    return _with(plan, kept, Change(today, "program", "program removed", candidate.name))


def _with(plan: Plan, candidates: tuple[Candidate, ...], change: Change) -> Plan:
    return with_changes(plan._replace(candidates=candidates), change)


# --- the plan file ------------------------------------------------------------------------------

KEYS = frozenset(Candidate._fields)


def candidate_entry(candidate: Candidate) -> dict[str, Any]:
    """A candidate as the plan file stores it (unknown answers left out)."""
    entry: dict[str, Any] = {"name": candidate.name, "type": candidate.type.value}
    for name, value in candidate._asdict().items():
        if (
            name in ("name", "type")
            or value in (None, "", ())
            or (name == "img_support" and value == "unknown")
        ):
            continue
        entry[name] = list(value) if isinstance(value, tuple) else value
    return entry


def candidates_from(raw: object, where: str) -> tuple[Candidate, ...]:
    """The [[programs]] tables of a plan file; anything odd is one sentence naming it."""
    out: list[Candidate] = []
    for at, entry in tables(raw, where, "programs", MAX_CANDIDATES, KEYS):
        try:
            candidate = _candidate(entry)
            check(candidate, today=date.max, past_ok=True)
        except (TypeError, ValueError, UsageError) as error:
            reason = (
                error.message if isinstance(error, UsageError) else "a value has the wrong type"
            )
            raise PlanFileError(f"{at}: {reason}.") from None
        out.append(candidate)
    return tuple(out)


def _candidate(entry: Mapping[str, Any]) -> Candidate:
    def text(key: str) -> str:
        value = entry.get(key, "")
        if not isinstance(value, str):
            raise TypeError(key)
        return value

    def number(key: str, kind: type) -> Any:
        value = entry.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise TypeError(key)
        if kind is int and not float(value).is_integer():
            raise TypeError(key)
        return kind(value)

    starts = entry.get("starts", [])
    if not isinstance(starts, list) or not all(
        isinstance(d, date) and not isinstance(d, datetime) for d in starts
    ):
        raise TypeError("starts")
    return Candidate(
        name=text("name"),
        type=Program(text("type")),
        accreditor=text("accreditor"),
        months=number("months", int),
        part_time_months=number("part_time_months", int),
        starts=tuple(sorted(starts)),
        format=text("format"),
        cost=number("cost", int),
        pass_rate=number("pass_rate", float),
        externship=text("externship"),
        img_support=text("img_support") or "unknown",
        city=text("city"),
        url=text("url"),
        note=text("note"),
    )
