"""How long a step takes this person: durations from the knowledge base, stretched by pace and
by the hours a week given to study (core layer: pure, no I/O)."""

from __future__ import annotations

import math
from typing import assert_never

from cmaplan.core.conditions import holds
from cmaplan.core.facts import Unit
from cmaplan.core.knowledge import DurationSpec, Knowledge, StepTemplate
from cmaplan.core.model import Candidate, Duration, Pace, Profile, Program, Span
from cmaplan.core.pacing import Shortfall, least_days, needed_hours, paced_factor, shortfall
from cmaplan.core.pathway import work_short
from cmaplan.core.rules import recertify_lead


def study_hours(profile: Profile, kb: Knowledge) -> int:
    """The hours a week the person gives to study: their answer, or the default for their pace."""
    if profile.study_hours is not None:
        return profile.study_hours
    return default_study_hours(profile.pace, kb)


def default_study_hours(pace: Pace, kb: Knowledge) -> int:
    """The hours a week we plan with when a person does not say."""
    return int(kb.fact("study_hours_default").number(pace.value))


def hours_words(hours: int) -> str:
    """ "1 hour", "20 hours"."""
    return f"{hours} hour" if hours == 1 else f"{hours} hours"


def few_hours_for_full_time(profile: Profile, kb: Knowledge) -> bool:
    """Full-time study planned with fewer hours a week than full-time study takes."""
    minimum = kb.fact("full_time_min_hours").number()
    return profile.pace is Pace.FULL_TIME and study_hours(profile, kb) < minimum


def study_factor(profile: Profile, reference_fact: str, kb: Knowledge) -> float:
    """How much longer (or shorter) a study step takes at this person's hours a week."""
    low, high = kb.fact("study_scale_limits").range()
    reference = kb.fact(reference_fact).number()
    return min(high, max(low, reference / study_hours(profile, kb)))


DAYS_PER_MONTH = 30.44


def _span(amount: float, unit: Unit) -> Span:
    match unit:
        case "months":
            whole = int(amount)
            return Span(months=whole, days=round((amount - whole) * 30))
        case "weeks":
            return Span(days=round(amount * 7))
        case "days":
            return Span(days=round(amount))
        case _:
            raise ValueError(f"no duration in {unit}")


def step_duration(
    template: StepTemplate,
    profile: Profile,
    program: Program,
    kb: Knowledge,
    candidate: Candidate | None = None,
) -> Duration:
    """How long the step of `template` takes this person, as its duration table says."""
    spec = template.spec
    match spec.kind:
        case "milestone":
            return Duration("milestone")
        case "recertification":
            months = int(kb.fact(kb.rules.credential_expiry.months).number())
            lead = recertify_lead(profile.recertify_by, kb)
            return Duration("recertification", months=months, lead=lead)
        case "yearly":
            assert spec.fact is not None  # checked when the knowledge is read
            late = None
            if spec.late is not None and holds(spec.late_when, profile, program):
                late = kb.fact(spec.late).month_day()
            return Duration(
                "yearly",
                month_day=kb.fact(spec.fact).month_day(),
                late_day=late,
                is_estimate=True,
            )
        case "program":
            coursework = _coursework(profile, program, kb, candidate)
            return _at_pace(spec, coursework, profile, kb, program, candidate)
        case "range":
            return _at_pace(spec, _range(spec, profile, kb), profile, kb, program, candidate)
        case "work":
            return _work(spec, profile, kb)
        case unknown:
            assert_never(unknown)


def work_week_hours(profile: Profile, kb: Knowledge) -> tuple[float, float]:
    """The hours a week of MA work cmaplan assumes at this person's pace (fewest, most)."""
    return kb.fact("alternative_work_week_hours").range(profile.pace.value)


def _work(spec: DurationSpec, profile: Profile, kb: Knowledge) -> Duration:
    """The MA work Category 4 still needs, at the hours a week `spec`'s fact assumes."""
    assert spec.fact is not None  # checked when the knowledge is read
    low, high = kb.fact(spec.fact).range(profile.pace.value)
    missing = work_short(profile) or 0
    return Duration(
        "range",
        shortest=Span(days=math.ceil(missing / high * 7)),
        longest=Span(days=math.ceil(missing / low * 7)),
        is_estimate=True,
    )


def length_basis(
    template: StepTemplate, duration: Duration, profile: Profile, program: Program, kb: Knowledge
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """What the length of `template`'s step (`duration`, as `step_duration` gave it) rests on:
    the facts it was read from, and the sources it cites beyond them (the school that gave a
    program's length, the rule of the credential's period)."""
    spec = template.spec
    late = spec.late if duration.late_day is not None else None
    facts = [name for name in (spec.fact, spec.study, spec.hours, late) if name is not None]
    sources: list[str] = []
    match spec.kind:
        case "program":
            facts.extend([kb.programs[program.value].duration, "externship_weeks"])
            if profile.pace is Pace.PART_TIME:
                facts.append("part_time_factor")
            if duration.school_months:
                sources.append("school")
        case "recertification":
            facts.append(kb.rules.credential_expiry.months)
            sources.extend(kb.rules.credential_expiry.sources)
        case "range" | "milestone" | "yearly" | "work":
            pass
        case unknown:
            assert_never(unknown)
    return tuple(facts), tuple(sources)


def _at_pace(
    spec: DurationSpec,
    duration: Duration,
    profile: Profile,
    kb: Knowledge,
    program: Program = Program.CERTIFICATE,
    candidate: Candidate | None = None,
) -> Duration:
    """`duration` stretched, when its step names the hours it needs and the person's hours a
    week fall short of what the program's own length asks (`program_shortfall`), so that it is
    never shorter than those hours take at the person's hours a week. Hours that cover the
    program's schedule keep its own length: the school sets the timetable (`program` picks the
    hours of a table)."""
    hours = needed_hours(spec, program, kb)
    if hours is None or duration.kind != "range":
        return duration
    if program_shortfall(profile, program, kb, candidate) is None:
        return duration
    per_week = study_hours(profile, kb)
    shortest, _ = duration_days(duration._replace(factor=1.0))
    if shortest <= 0:  # nothing left of the range: the hours alone set the length
        least = Span(days=math.ceil(least_days(hours, per_week)))
        return duration._replace(shortest=least, longest=least, factor=1.0, is_estimate=True)
    factor = paced_factor(duration.factor, shortest, hours, per_week)
    if factor == duration.factor:
        return duration
    return duration._replace(factor=factor, is_estimate=True)


def own_hours_long(
    template: StepTemplate, planned: Duration, profile: Profile, program: Program, kb: Knowledge
) -> bool:
    """Whether the step's own hours (a practicum's), at the hours a week the person gave, take
    longer than the longest of its `planned` length. The plan keeps the program's schedule while
    the program as a whole fits those hours (the school sets it); the step's words say so."""
    hours = needed_hours(template.spec, program, kb)
    if hours is None or template.spec.kind != "range" or profile.study_hours is None:
        return False
    if planned.kind != "range":
        return False
    return least_days(hours, study_hours(profile, kb)) > duration_days(planned)[1]


def program_shortfall(
    profile: Profile, program: Program, kb: Knowledge, candidate: Candidate | None = None
) -> Shortfall | None:
    """Whether the program's coursework and practicum hours fit in its own longest length at
    this pace (full- or part-time) and the person's hours a week; a Shortfall when they do not."""
    total = sum(needed_hours(t.spec, program, kb) or 0.0 for t in kb.steps)
    (_, months), factor, _ = _program_length(profile, program, kb, candidate)
    longest = months * DAYS_PER_MONTH * factor
    return shortfall(total, longest, study_hours(profile, kb)) if total else None


def _pace(profile: Profile, kb: Knowledge) -> float:
    return kb.fact("part_time_factor").number() if profile.pace is Pace.PART_TIME else 1.0


def _program_length(
    profile: Profile, program: Program, kb: Knowledge, candidate: Candidate | None
) -> tuple[tuple[float, float], float, float]:
    """The program's full-time length in months (the school's, if it gave one), the stretch of
    this pace, and the length the school gave (0 if none)."""
    (t_lo, t_hi) = kb.fact(kb.programs[program.value].duration).range()
    factor = _pace(profile, kb)
    said = 0.0
    if candidate is not None:  # the school's own length replaces the generic range
        school = candidate.part_time_months if profile.pace is Pace.PART_TIME else None
        if school:
            t_lo = t_hi = said = school
            factor = 1.0
        elif candidate.months:
            t_lo = t_hi = said = candidate.months
    return (t_lo, t_hi), factor, float(said)


def _coursework(
    profile: Profile, program: Program, kb: Knowledge, candidate: Candidate | None
) -> Duration:
    """The program's length covers coursework and externship; coursework is what is left."""
    (t_lo, t_hi), factor, said = _program_length(profile, program, kb, candidate)
    (e_lo, e_hi) = kb.fact("externship_weeks").range()
    # What the externship of our estimate leaves of the program's length; at fewer hours a week
    # than the program's schedule asks, each step is stretched to its own hours (`_at_pace`).
    shortest = Span(months=int(t_lo), days=-round(e_lo * 7))
    longest = Span(months=int(t_hi), days=-round(e_hi * 7))
    if t_lo == t_hi:  # one length (the school's): the longer externship leaves less coursework
        shortest, longest = (
            Span(months=int(t_lo), days=-round(e_hi * 7)),
            Span(months=int(t_hi), days=-round(e_lo * 7)),
        )
    return Duration(
        "range",
        shortest=shortest,
        longest=longest,
        factor=factor,
        is_estimate=True,  # what is left after an externship of our estimated length
        intakes=candidate.starts if candidate is not None else (),
        school_months=said,
    )


def _range(spec: DurationSpec, profile: Profile, kb: Knowledge) -> Duration:
    """A fact's range, ended early by an answer's date, stretched by pace and study hours."""
    assert spec.fact is not None  # checked when the knowledge is read
    fact = kb.fact(spec.fact)
    key = getattr(profile, spec.key).value if spec.key is not None else None
    low, high = fact.range(key)
    until = getattr(profile, spec.until) if spec.until is not None else None
    if until is not None:
        return Duration("until", until=until)
    factor = _pace(profile, kb) if spec.paced else 1.0
    if spec.study is not None:
        factor *= study_factor(profile, spec.study, kb)
    return Duration(
        "range",
        shortest=_span(low, fact.unit),
        longest=_span(high, fact.unit),
        factor=factor,
        is_estimate=fact.is_estimate or factor != 1.0,
    )


def duration_days(duration: Duration) -> tuple[float, float]:
    """A range duration's shortest and longest length in days (months counted as 30.44 days)."""

    def days(span: Span) -> float:
        return (span.months * DAYS_PER_MONTH + span.days) * duration.factor

    return days(duration.shortest), days(duration.longest)


def length_words(duration: Duration) -> str:
    """A range duration in words, in one unit: "3–6 weeks", "9–18 months"."""
    low, high = duration_days(duration)
    unit, size = ("months", DAYS_PER_MONTH) if high >= 60 else ("weeks", 7.0)
    low_n, high_n = max(1, round(low / size)), max(1, round(high / size))
    return f"{high_n} {unit}" if low_n == high_n else f"{low_n}–{high_n} {unit}"
