"""The programs a person is considering: checks, the plan file's [[programs]], and the changes
`cmaplan program` makes (core layer: pure, no I/O)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any

from cmaplan.core import fields
from cmaplan.core.errors import FieldError, UsageError
from cmaplan.core.fields import Field
from cmaplan.core.knowledge import load_knowledge
from cmaplan.core.model import MAX_NOTE, Candidate, Change, Plan, Profile, Program, with_changes
from cmaplan.core.plaintext import same_name, with_article
from cmaplan.core.profile import HORIZON_YEARS, horizon
from cmaplan.core.rules import is_accredited

LENGTHS = {Program.CERTIFICATE: (3, 24), Program.ASSOCIATE: (12, 48)}  # months, full-time
PART_TIME_MAX = 72
FORMATS = ("on-campus", "hybrid", "online-hybrid")
SUPPORT = ("yes", "no", "unknown")
MAX_NAME = 80
MAX_TEXT = 200
MAX_STARTS = 24
MAX_URL = 2048  # characters: what browsers and servers are sure to take
MAX_CANDIDATES = 30
MAX_COST = 1_000_000  # US dollars: far above any medical assisting program, below TOML's limit
# What a program may ask before day one (the entry-checks and health-records steps' items).
ENTRY_CHECKS = ("immunizations", "background-check", "drug-screen", "cpr-bls", "minimum-age")
URL = re.compile(r"https?://[^\s/$.?#][^\s]*", re.IGNORECASE)


PROGRAM_FIELDS: tuple[Field, ...] = (
    Field("name", "text", True, 1, MAX_NAME, one_line=True),
    Field("type", "choice", True, choices=tuple(p.value for p in LENGTHS)),
    Field("accreditor", "text", high=MAX_TEXT, default=""),
    Field("months", "int"),  # its range is the type's (LENGTHS): `check` applies it
    Field("part_time_months", "int", low=min(lo for lo, _ in LENGTHS.values()), high=PART_TIME_MAX),
    Field("starts", "dates", high=MAX_STARTS, default=()),
    Field("format", "choice", choices=FORMATS, default=""),
    Field("cost", "int", low=0, high=MAX_COST),
    Field("pass_rate", "number", low=0, high=100),
    Field("externship", "text", high=MAX_TEXT, default=""),
    Field("img_support", "choice", choices=SUPPORT, default="unknown"),
    Field("city", "text", high=MAX_TEXT, default=""),
    Field(
        "url",
        "text",
        high=MAX_URL,
        pattern=URL,
        what="a web address (http:// or https://)",
        default="",
    ),
    Field("note", "text", high=MAX_NOTE, default=""),
    Field("fees", "int", low=0, high=MAX_COST),
    Field("asks", "picks", choices=ENTRY_CHECKS, default=()),
)
FIELDS_BY_NAME = {field.name: field for field in PROGRAM_FIELDS}


def check(
    candidate: Candidate, *, today: date, past_ok: bool = False, door: bool = True
) -> list[str]:
    """Refuse what cannot be right (a FieldError naming the field, its value and what is
    allowed, worded by the door it came through); return warnings for what may be wrong.
    With `door` (a program given now, not one a plan file holds) texts are held to their
    stored length and the web address must open."""
    fields.check(FIELDS_BY_NAME["type"], candidate.type)
    checked = fields.check_typed if door else fields.check
    for field in PROGRAM_FIELDS:
        value = getattr(candidate, field.name)
        if value is None or (value in ("", ()) and not field.required):
            continue
        checked(_for_type(field, candidate.type), value.strip() if field.name == "name" else value)
    if (
        candidate.months is not None
        and candidate.part_time_months is not None
        and candidate.part_time_months < candidate.months
    ):
        raise FieldError(
            "part_time_months",
            candidate.part_time_months,
            "order",
            f"at least months ({candidate.months})",
            other="months",
            detail=candidate.months,
        )
    far = [d for d in candidate.starts if today < date.max and d > horizon(today)]
    if far:
        ahead = f"at most {HORIZON_YEARS} years ahead"
        raise FieldError("starts", far[0], "ahead", ahead, detail=HORIZON_YEARS)
    if door and candidate.url and not _opens(candidate.url):
        raise FieldError("url", candidate.url, "form", "a web address a browser can open")
    past = [d for d in candidate.starts if d < today]
    if past and not past_ok:
        raise FieldError("starts", past[0], "passed", f"{today} or later", detail=today)
    warnings = []
    kb = load_knowledge()
    if is_accredited(candidate.accreditor, kb) is False:
        said = candidate.accreditor.strip().lower().strip(".")
        whom = (
            "is not accredited"
            if said in {"none", "no", "n/a", "na", "unaccredited", "not accredited", "-"}
            else f"is accredited by {candidate.accreditor}"
        )
        warnings.append(f"{candidate.name} {whom}. " + kb.explain("not-accredited"))
    return warnings


def chosen_candidate(profile: Profile, candidates: Iterable[Candidate]) -> Candidate | None:
    """The candidate program the profile names as chosen, if it is among `candidates`."""
    name = same_name(profile.program_choice)
    return next((c for c in candidates if name and same_name(c.name) == name), None)


def asks_words(profile: Profile, candidates: Sequence[Candidate]) -> dict[str, str]:
    """For each of ENTRY_CHECKS, the words after its checklist item: what the chosen program
    said it asks (`program edit NAME --asks ...`), or that programs commonly ask it."""
    chosen = chosen_candidate(profile, candidates)
    if chosen is None or not chosen.asks:
        return dict.fromkeys(ENTRY_CHECKS, " (programs commonly ask; check yours)")
    return {
        check: f" ({chosen.name} asks for it)"
        if check in chosen.asks
        else f" ({chosen.name} did not list it: nothing to do unless that changes)"
        for check in ENTRY_CHECKS
    }


def _opens(url: str) -> bool:
    """A web address a browser can open: a host (a name, or an IP address whole in its
    brackets) and a port if any from 0 to 65535. Checked where a person gives one, not when
    a plan is read, so a plan that holds an older address still opens."""
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 (it raises on a port out of range)
    except ValueError:
        return False
    return bool(parts.hostname)


def _for_type(field: Field, program: Program) -> Field:
    """A length field as this type of program allows it."""
    low, high = LENGTHS[program]
    if field.name == "months":
        what = f"{with_article(program.value)} program's full-time length"
        return field._replace(low=low, high=high, what=what)
    if field.name == "part_time_months":
        return field._replace(low=low)
    return field


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

PROGRAMS = Field("programs", "tables", high=MAX_CANDIDATES, spec=PROGRAM_FIELDS)


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
    """The [[programs]] tables of a plan file, read with PROGRAM_FIELDS and checked as a
    program given on the command line is; a refusal is a FieldError naming the table."""
    return candidates_of(fields.read_tables(raw, PROGRAMS, where), where)


def candidates_of(entries: Sequence[Mapping[str, Any]], where: str) -> tuple[Candidate, ...]:
    """The candidates of program tables already read with PROGRAM_FIELDS (found at `where`)."""
    out: list[Candidate] = []
    for index, entry in enumerate(entries, 1):
        pass_rate = entry["pass_rate"]
        typed: dict[str, Any] = {
            "type": Program(entry["type"]),
            "starts": tuple(sorted(entry["starts"])),
            "asks": tuple(entry.get("asks", ())),
            # -0.0 (from a hand-edited file) is 0: shown as "0%", never "-0%"
            "pass_rate": None if pass_rate is None else float(pass_rate) + 0.0,
        }
        candidate = Candidate(**{**entry, **typed})
        try:
            check(candidate, today=date.max, past_ok=True, door=False)
        except FieldError as error:
            raise error.placed(f"{where} number {index}") from None
        out.append(candidate)
    return tuple(out)
