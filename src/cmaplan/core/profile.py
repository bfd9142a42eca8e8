"""The answers: which keys a profile has, how each is checked, and its TOML form (core layer).

`parse_profile` is the one gate every answer passes, whether it comes from an answers file, the
[profile] table of a plan file, or the interview. Each refusal is one sentence that names the key,
the value and what is allowed.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from datetime import date
from enum import StrEnum
from typing import Any, NamedTuple

from dateutil.relativedelta import relativedelta

from cmaplan.core import fields
from cmaplan.core.errors import AnswersError, FieldError
from cmaplan.core.fields import EARLIEST_DAY, LATEST_DAY, LATEST_TODAY, Field, Kind
from cmaplan.core.knowledge import Knowledge, ProfileRule, load_knowledge
from cmaplan.core.model import (
    CmaStatus,
    Experience,
    Goal,
    Pace,
    Profile,
    Program,
    RecertRoute,
    Usmle,
)
from cmaplan.core.states import state_names

US_STATES = frozenset(state_names())  # the codes `state` may give, from the data
MAX_TEXT = 80
STUDY_HOURS = (1, 80)
PROGRAM_HOURS = (0, 20_000)  # a finished program's hours, or hours of work after it
HOURS_KEYS = ("program_contact_hours", "program_practicum_hours", "ma_work_hours")
MIN_AGE, MAX_AGE = 13, 100  # a date of birth outside these ages is a typo
HORIZON_YEARS = 5  # a start or a diploma further ahead than this is a typo, not a plan


class Key(NamedTuple):
    """One answer: its TOML type, whether it must be given, and what it means; `field` is
    its spec for the one checker (core/fields.py)."""

    name: str
    kind: type[Any]
    required: bool
    meaning: str
    personal: bool = False
    limits: tuple[int, int] = STUDY_HOURS  # a whole number's range

    @property
    def field(self) -> Field:
        if issubclass(self.kind, StrEnum):
            return Field(self.name, "choice", self.required, choices=tuple(self.kind))
        if self.name == "state":  # checked as typed, in any case: "tx" is TX
            return Field(self.name, "choice", self.required, choices=tuple(sorted(US_STATES)))
        if self.kind is int:
            low, high = self.limits
            return Field(self.name, "int", self.required, low=low, high=high)
        kinds: dict[type[Any], Kind] = {date: "date", bool: "bool"}
        if self.kind in kinds:
            return Field(self.name, kinds[self.kind], self.required)
        return Field(self.name, "text", self.required, high=MAX_TEXT, one_line=True)


KEYS: tuple[Key, ...] = (
    Key("start_date", date, True, "the day you can start working on the plan"),
    Key("diploma", bool, True, "you hold a US high-school diploma, a GED or a foreign equivalent"),
    Key("foreign_medical_degree", bool, True, "you earned a medical degree outside the US (IMG)"),
    Key("transcripts_in_english", bool, False, "IMGs: your official transcripts are in English"),
    Key("credentials_evaluated", bool, False, "IMGs: a course-by-course evaluation is done"),
    Key("program", Program, True, "the program you want"),
    Key("pace", Pace, True, "how fast you will study"),
    Key("goal", Goal, True, "what the CMA is for, in the long run"),
    Key("name", str, False, "your name, for the plan's header", personal=True),
    Key("experience", Experience, False, "healthcare work you have done"),
    Key("usmle", Usmle, False, "residency goal: how far you are with the USMLE"),
    Key("study_hours", int, False, "hours a week you can study"),
    Key("aama_member", bool, False, "you are (or will be) an AAMA member"),
    Key("state", str, False, "the US state you will work in, as its two-letter code"),
    Key("specialty", str, False, "a medical field you would like to work in", personal=True),
    Key("graduated_on", date, False, "the day you finished an accredited MA program"),
    Key("diploma_by", date, False, "no diploma yet: the day you expect it"),
    Key("recertify_by", RecertRoute, False, "how you will renew the credential: ce or exam"),
    Key("cma_status", CmaStatus, False, "a CMA (AAMA) you hold already: current or lapsed"),
    Key("cma_since", date, False, "the day you passed the CMA (AAMA) exam or last recertified"),
    Key("cma_expires", date, False, "or the day your CMA (AAMA) expires, or expired"),
    Key(
        "program_choice",
        str,
        False,
        "the program you chose (cmaplan program choose NAME)",
        personal=True,
    ),
    Key("finished_ma_program", bool, False, "you finished a non-accredited MA program"),
    Key("program_contact_hours", int, False, "its hours of classes", limits=PROGRAM_HOURS),
    Key("program_practicum_hours", int, False, "its practicum hours", limits=PROGRAM_HOURS),
    Key("ma_work_hours", int, False, "hours of MA work since finishing it", limits=PROGRAM_HOURS),
    Key("birth_date", date, False, "your date of birth: for a minimum age", personal=True),
)
KEYS_BY_NAME = {key.name: key for key in KEYS}


ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")  # \d would take any script's digits


def parse_day(text: str) -> date:
    """A typed YYYY-MM-DD date; ValueError says if the day does not exist or the form is off."""
    text = text.strip()
    if ISO_DATE.fullmatch(text):
        try:
            day = date.fromisoformat(text)
        except ValueError:
            raise ValueError(f"{text} is not a real date: that day does not exist") from None
        if not EARLIEST_DAY <= day <= LATEST_DAY:
            raise ValueError(
                f"{text} is out of range: use a day from {EARLIEST_DAY} to {LATEST_DAY}"
            )
        return day
    if not text:
        raise ValueError("needs a date: use YYYY-MM-DD, for example 2027-01-15")
    from cmaplan.core.numbers import quoted  # only for a refusal

    if ISO_DATE.fullmatch(unicodedata.normalize("NFKC", text)):  # full-width digits, say
        raise ValueError(f'"{quoted(text)}" uses unusual digits: type it with 0-9, as YYYY-MM-DD')
    raise ValueError(f'"{quoted(text)}" is not a date: use YYYY-MM-DD, for example 2027-01-15')


def allowed(key: Key) -> str:
    """What a key accepts, in words."""
    if issubclass(key.kind, StrEnum):
        return "one of " + ", ".join(f'"{member.value}"' for member in key.kind)
    if key.kind is bool:
        return "true or false"
    if key.kind is date:
        return "a date such as 2027-01-15"
    if key.kind is int:
        low, high = key.limits
        return f"a whole number from {low} to {high}"
    if key.name == "state":
        return 'a two-letter state code such as "TX"'
    return f"text of at most {MAX_TEXT} characters"


def _shown(key: Key, value: object) -> str:
    if key.personal:
        return "the value given"
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _refuse(key: Key, value: object, where: str, reason: str = "") -> AnswersError:
    what = reason or f"it must be {allowed(key)}"
    return AnswersError(f"{where}{key.name} = {_shown(key, value)} is not allowed: {what}.")


def _convert(key: Key, value: object, where: str) -> object:
    """The answer `value` checked against its key's field, in the answers' words."""
    hint = _unquoted(key, value)
    if hint:
        raise _refuse(key, value, where, hint)
    typed = value.upper() if key.name == "state" and isinstance(value, str) else value
    try:
        fields.check(key.field, typed)
    except FieldError as error:
        reason = ""
        if error.problem == "form" and key.field.one_line:
            reason = "it must be on one line, and this holds a line break"
        if error.problem == "range" and isinstance(value, date):
            late = value > LATEST_DAY
            reason = f"it must be {LATEST_DAY} or earlier" if late else ""
            reason = reason or f"it must be {EARLIEST_DAY} or later"
        raise _refuse(key, value, where, reason) from None
    if issubclass(key.kind, StrEnum):
        return key.kind(str(value))
    if isinstance(typed, str):
        return typed if key.name == "state" else typed.strip()
    return value


def _unquoted(key: Key, value: object) -> str:
    """How to write a date or true/false that was typed in quotes, or ""."""
    if not isinstance(value, str):
        return ""
    if key.kind is date and ISO_DATE.fullmatch(value.strip()):
        shown = "YYYY-MM-DD" if key.personal else value.strip()  # a birth date: not repeated
        return f"a date is written without quotes in TOML: {key.name} = {shown}"
    if key.kind is bool and value.strip().lower() in ("true", "false"):
        plain = value.strip().lower()
        return f"true and false are written without quotes: {key.name} = {plain}"
    return ""


def parse_profile(
    data: Mapping[str, Any],
    *,
    today: date | None = None,
    where: str = "",
    kb: Knowledge | None = None,
) -> Profile:
    """Check answers and build a Profile.

    `today`, when given, also refuses dates that cannot be true yet or are too far ahead (a
    graduation in the future, a diploma expected in the past, a start decades away): new answers
    are checked against today, a plan file's [profile] only for what never changes with time.
    `where` prefixes each message, e.g. "[profile] " for a plan file. Answers that follow from
    others (knowledge.toml's profile rules) are filled in; answers that rule each other out are
    refused.
    """
    kb = kb or load_knowledge()
    for name in data:
        if name not in KEYS_BY_NAME:
            import difflib

            close = difflib.get_close_matches(name, KEYS_BY_NAME, n=1)
            hint = f'; did you mean "{close[0]}"?' if close else "."
            raise AnswersError(f'{where}unknown key "{name}"{hint}')
    values: dict[str, object] = {}
    for key in KEYS:
        if key.name not in data:
            if key.required:
                raise AnswersError(f"{where}{key.name} is missing: give {allowed(key)}.")
            continue
        values[key.name] = _convert(key, data[key.name], where)
    for rule in kb.requires:
        _require(rule, values, where)
    for rule in kb.implies:
        if _matches(rule, values):
            values.update(rule.then)
    profile = Profile(**values)  # type: ignore[arg-type]
    profile = _normalised(profile)
    _check_together(profile, today, where)
    from cmaplan.core.held import check_held

    check_held(profile, today, where, kb)
    return profile


def _matches(rule: ProfileRule, values: Mapping[str, object]) -> bool:
    """Whether a rule's `if` answers hold and its `given` answers are there."""
    return all(name in values for name in rule.given) and all(
        name in values and values[name] == value for name, value in rule.if_.items()
    )


def _require(rule: ProfileRule, values: Mapping[str, object], where: str) -> None:
    if not _matches(rule, values):
        return
    missing = {name: v for name, v in rule.then.items() if values.get(name) != v}
    if missing:
        given = " and ".join(f"{n} = {_shown(KEYS_BY_NAME[n], v)}" for n, v in rule.if_.items())
        needed = " and ".join(f"{n} = {_shown(KEYS_BY_NAME[n], v)}" for n, v in missing.items())
        raise AnswersError(f"{where}{given} is not allowed without {needed}: {rule.reason}.")


def _normalised(profile: Profile) -> Profile:
    """Drop answers that do not apply to this person, so equal situations give equal profiles."""
    changes: dict[str, Any] = {}
    if not profile.foreign_medical_degree:
        changes.update(transcripts_in_english=False, credentials_evaluated=False)
    if profile.diploma_by is not None and (profile.foreign_medical_degree or profile.graduated_on):
        changes.update(diploma_by=None)  # a diploma is implied, so there is nothing to wait for
    if profile.goal is not Goal.RESIDENCY:
        changes.update(usmle=Usmle.NOT_STARTED)
    return profile._replace(**changes) if changes else profile


def _check_together(profile: Profile, today: date | None, where: str) -> None:
    given = [name for name in HOURS_KEYS if getattr(profile, name) is not None]
    if given and not profile.finished_ma_program:
        raise AnswersError(
            f"{where}{given[0]} is not allowed without finished_ma_program = true: it counts "
            "the hours of a medical assisting program you finished."
        )
    if profile.diploma_by is not None and profile.diploma:
        raise AnswersError(
            f"{where}diploma_by = {profile.diploma_by} is not allowed with diploma = true: "
            "it is the day you expect a diploma you do not have yet."
        )
    last = horizon(today or LATEST_TODAY)  # a plan file's: dated before LATEST_DAY, always
    for name in ("start_date", "diploma_by"):
        day = getattr(profile, name)
        if day is not None and day > last:
            away = (
                f"more than {HORIZON_YEARS} years away"
                if today
                else "later than any plan can start"
            )
            raise AnswersError(
                f"{where}{name} = {day} is not allowed: it is {away}; give a day up to {last}."
            )
    if today is None:
        return
    if profile.birth_date is not None:
        _check_birth(profile.birth_date, today, where)
    if profile.graduated_on is not None and profile.graduated_on > today:
        raise AnswersError(
            f"{where}graduated_on = {profile.graduated_on} is not allowed: it is after today "
            f"({today}); leave it out until you have graduated."
        )
    if profile.diploma_by is not None and profile.diploma_by < today:
        raise AnswersError(
            f"{where}diploma_by = {profile.diploma_by} is not allowed: that day has passed "
            f"(today is {today}); if you have your diploma, set diploma = true instead."
        )


def birth_refusal(born: date, today: date) -> str | None:
    """Why a date of birth cannot be right (None when it can): it must make the person 13 to
    100 years old today. The day itself is not repeated: it is personal."""
    age = relativedelta(today, born).years
    if born > today or not MIN_AGE <= age <= MAX_AGE:
        return f"it must make you {MIN_AGE} to {MAX_AGE} years old today ({today}); check the year"
    return None


def _check_birth(born: date, today: date, where: str) -> None:
    refusal = birth_refusal(born, today)
    if refusal is not None:
        raise AnswersError(f"{where}birth_date is not allowed: {refusal}.")


def horizon(today: date) -> date:
    """The latest day a plan can start, or a diploma be expected."""
    last: date = today + relativedelta(years=HORIZON_YEARS)
    return last


def applies(key: Key, profile: Profile) -> bool:
    """Whether a key means anything for this person (IMG-only keys for IMGs, and so on)."""
    if key.name in ("transcripts_in_english", "credentials_evaluated"):
        return profile.foreign_medical_degree
    if key.name == "usmle":
        return profile.goal is Goal.RESIDENCY
    if key.name == "finished_ma_program" or key.name in HOURS_KEYS:
        return profile.finished_ma_program
    if key.name.startswith("cma_"):  # "none" is the default: left out
        return profile.cma_status is not CmaStatus.NONE
    return True


def profile_to_dict(profile: Profile) -> dict[str, Any]:
    """The profile as answers-file keys, in the documented order.

    Keys that do not apply to this person, and optional text or dates left empty, are left out.
    """
    out: dict[str, Any] = {}
    for key in KEYS:
        value = getattr(profile, key.name)
        if value is None or value == "" or not applies(key, profile):
            continue
        out[key.name] = value.value if isinstance(value, StrEnum) else value
    return out
