"""Core data types: the profile, the steps of a plan, and its forecast (core layer, stdlib only)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from types import MappingProxyType
from typing import Literal, NamedTuple, get_args

from cmaplan.core.kinds import (
    Area,
    CmaStatus,
    Experience,
    Goal,
    Pace,
    Program,
    RecertRoute,
    Span,
    Status,
    Usmle,
)
from cmaplan.core.ledger import CostEntry
from cmaplan.core.practice import Study, StudyWeek

# The kinds (core/kinds.py) and the ledger entry are re-exported: code imports them from here.
__all__ = [
    "ACTIONS",
    "HISTORY_KEEP",
    "MAX_CEUS",
    "MAX_NOTE",
    "Action",
    "Area",
    "Candidate",
    "Ceu",
    "Change",
    "CmaStatus",
    "CostEntry",
    "Credential",
    "Duration",
    "DurationKind",
    "ExamTerms",
    "Experience",
    "Forecast",
    "Goal",
    "Pace",
    "Plan",
    "Profile",
    "Program",
    "Progress",
    "RecertRoute",
    "Recommendation",
    "ScheduledStep",
    "Snapshot",
    "Span",
    "Status",
    "Step",
    "Usmle",
    "Window",
    "WordedStep",
    "with_changes",
]


class Profile(NamedTuple):
    """What a person told us: the answers file, or the plan file's [profile] table."""

    start_date: date
    diploma: bool
    foreign_medical_degree: bool
    program: Program
    pace: Pace
    goal: Goal
    transcripts_in_english: bool = False
    credentials_evaluated: bool = False
    name: str = ""
    experience: Experience = Experience.NONE
    usmle: Usmle = Usmle.NOT_STARTED
    study_hours: int | None = None
    aama_member: bool = False
    state: str = ""
    specialty: str = ""
    graduated_on: date | None = None
    diploma_by: date | None = None
    recertify_by: RecertRoute = RecertRoute.CE
    program_choice: str = ""  # the name of the candidate program chosen, if any
    finished_ma_program: bool = False  # a non-accredited MA program, finished (Category 4)
    program_contact_hours: int | None = None  # its classes, practicum not counted
    program_practicum_hours: int | None = None
    ma_work_hours: int | None = None  # hours of MA work after finishing it
    cma_status: CmaStatus = CmaStatus.NONE  # a credential held already (core/held.py)
    cma_since: date | None = None  # its certification or last recertification
    cma_expires: date | None = None  # or its expiry, when that is what the person knows
    birth_date: date | None = None  # only for a program's minimum age (core/headsup.py)


class Candidate(NamedTuple):
    """A program the person is considering, as the school described it (unknown: empty/None)."""

    name: str
    type: Program  # certificate or associate
    accreditor: str = ""  # "CAAHEP", "ABHES", or what the school said
    months: int | None = None  # full-time length, externship included
    part_time_months: int | None = None
    starts: tuple[date, ...] = ()  # the intake dates the school gave
    format: str = ""  # on-campus, hybrid, online-hybrid
    cost: int | None = None  # US dollars, the whole program
    pass_rate: float | None = None  # first-time CMA (AAMA) pass rate, percent
    externship: str = ""  # where students do their externships
    img_support: str = "unknown"  # yes, no, unknown
    city: str = ""
    url: str = ""
    note: str = ""
    fees: int | None = None  # US dollars: books, supplies, uniforms, fees beyond the tuition
    asks: tuple[str, ...] = ()  # asked before day one (candidates.ENTRY_CHECKS); (): not said


DurationKind = Literal["range", "milestone", "until", "recertification", "yearly"]
# What a history entry records (Change below): core/actions.py says what each word means.
Action = Literal[
    "done",
    "reopened",
    "ticked",
    "unticked",
    "note",
    "answers",
    "renewed",
    "unrenewed",
    "exam failed",
    "exam failure taken back",
    "ceu added",
    "ceu removed",
    "program added",
    "program edited",
    "program removed",
    "program chosen",
    "cost added",
    "cost changed",
    "cost removed",
    "score added",
    "score removed",
    "study changed",
]
ACTIONS: tuple[Action, ...] = get_args(Action)


class Duration(NamedTuple):
    """How long a step takes. "range": `shortest` to `longest`, stretched by `factor` (pace,
    hours a week); "milestone": one day; "until": ends on `until` (at once if it has passed);
    "recertification": due `lead` before the credential expires, `months` after the end of the
    month the step started in; "yearly": ends on the next `month_day`, or on its start in an
    open season (`month_day` to `late_day` of one year)."""

    kind: DurationKind
    shortest: Span = Span()
    longest: Span = Span()
    factor: float = 1.0
    until: date | None = None
    months: int = 0
    lead: Span = Span()
    month_day: tuple[int, int] = (1, 1)
    late_day: tuple[int, int] | None = None
    is_estimate: bool = False
    intakes: tuple[date, ...] = ()  # a chosen program's start dates: the step waits for one
    school_months: float = 0.0  # the chosen program's own length (externship included), if given

    @property
    def is_deadline(self) -> bool:
        """Timed from the steps before it alone (an expiry), not from when the plan starts."""
        return self.kind == "recertification"

    @property
    def is_yearly(self) -> bool:
        """Falls on a date of a yearly cycle: a season that has passed waits for the next."""
        return self.kind == "yearly"


class Step(NamedTuple):
    """One step as the planner chose it: what it waits for, how long it takes (its words follow
    the dated plan: `core/steptext` writes them once, as a `WordedStep`)."""

    id: str
    phase: str
    after: tuple[str, ...]
    duration: Duration
    checklist_size: int  # its checklist's items, known before dating (ticks are numbered)
    needed_by: str = ""  # done before this step starts, which does not wait for it


class WordedStep(NamedTuple):
    """A step with the text written for this person from the dated plan (`core/steptext`):
    what every view, export and the plan file show."""

    step: Step
    title: str
    why: tuple[str, ...]
    checklist: tuple[str, ...]
    sources: tuple[str, ...]

    @property
    def id(self) -> str:
        return self.step.id

    @property
    def phase(self) -> str:
        return self.step.phase

    @property
    def after(self) -> tuple[str, ...]:
        return self.step.after

    @property
    def duration(self) -> Duration:
        return self.step.duration


MAX_NOTE = 2000  # characters in a note: a long paragraph, not a document
HISTORY_KEEP = 200  # the newest changes kept in the plan file
MAX_CEUS = 1000  # in the plan file (the reader's limit: a hand-edited or older file)


def with_changes(plan: Plan, *changes: Change) -> Plan:
    """The plan with `changes` at the end of its history, which keeps its newest entries only."""
    return plan._replace(history=(*plan.history, *changes)[-HISTORY_KEEP:])


class Ceu(NamedTuple):
    """One continuing-education activity, as the person recorded it."""

    on: date
    area: Area
    points: float  # in steps of 0.5
    title: str
    provider: str = ""
    approved: bool = True  # AAMA-approved CEUs
    proof: str = ""  # where the certificate of completion is kept (a file path)


class Progress(NamedTuple):
    """What the person recorded on a step."""

    done_on: date | None = None
    note: str = ""
    ticked: frozenset[int] = frozenset()  # checklist items ticked, numbered from 1
    failed: tuple[date, ...] = ()  # the exam step's failed attempts, oldest first

    def has_ticked(self, number: int) -> bool:
        """Whether checklist item `number` is done: ticked, or the whole step marked done."""
        return self.done_on is not None or number in self.ticked


class Change(NamedTuple):
    """One entry of a plan's history: on which day what happened to which step."""

    on: date
    step: str
    action: Action
    detail: str = ""


class Snapshot(NamedTuple):
    """What one saved change replaced, for `cmaplan undo`: `said` describes it, and
    `history_added` is how many history entries it wrote."""

    on: date
    said: str
    profile: Profile
    progress: dict[str, Progress]
    history_added: int
    renewals: tuple[date, ...] = ()
    ceus: tuple[Ceu, ...] = ()
    candidates: tuple[Candidate, ...] = ()
    costs: tuple[CostEntry, ...] = ()
    study: Study = Study()


class Recommendation(NamedTuple):  # the program type suggested to an undecided person
    program: Program
    reason: str


class Plan(NamedTuple):
    """A person's plan: their profile, the steps that apply, and what they have done.
    `created` is the day the plan was made; with the profile it fixes the original schedule."""

    profile: Profile
    created: date
    program: Program
    steps: tuple[Step, ...]
    progress: Mapping[str, Progress] = MappingProxyType({})  # read-only: shared by default
    recommendation: Recommendation | None = None
    history: tuple[Change, ...] = ()
    finish_label: str = "First CMA job"
    undo: tuple[Snapshot, ...] = ()
    renewals: tuple[date, ...] = ()  # the days the credential was recertified, oldest first
    ceus: tuple[Ceu, ...] = ()  # the continuing-education log, every period
    candidates: tuple[Candidate, ...] = ()  # the programs the person is considering
    costs: tuple[CostEntry, ...] = ()  # the money the person recorded (core/ledger.py)
    study: Study = Study()  # practice scores and study settings (core/practice.py)
    study_weeks: tuple[StudyWeek, ...] = ()  # the study plan as last written (core/studyplan)
    uid: str = ""  # names this plan in exported calendars; kept for the plan's whole life
    revision: int = 0  # how many times it was saved: calendar events' SEQUENCE grows with it
    # The finish as first made (drift counts from it; kept through new answers): None till saved
    planned_finish: date | None = None
    planned_goal: date | None = None  # the same for the further goal's last step, if any
    dormant: Mapping[str, Progress] = MappingProxyType({})  # steps set aside by the last attempt

    def step(self, step_id: str) -> Step:
        return {step.id: step for step in self.steps}[step_id]

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(step.id for step in self.steps)


class Window(NamedTuple):
    """The earliest, expected and latest day something finishes."""

    earliest: date
    expected: date
    latest: date


class ScheduledStep(NamedTuple):
    step: WordedStep
    start: date
    due: date
    window: Window
    status: Status
    progress: Progress
    warnings: tuple[str, ...] = ()
    late_since: date | None = None  # an overdue step: the day it was due
    # A yearly step's season or a program's intake that the plan counted on: passed without the
    # step (missed), or still ahead but no longer made by the forecast (slipping).
    missed: date | None = None
    slipping: date | None = None
    today: date | None = None  # the day the forecast is for: how late is counted to it

    @property
    def days_late(self) -> int:
        """How late the step is today (a late renewal's `due` is its forecast, not today)."""
        if not self.late_since:
            return 0
        return (min(self.due, self.today or self.due) - self.late_since).days

    @property
    def due_day(self) -> date:
        """The day the step is due, or was due when it is late: the one date every view states
        as its due day (`due` of a late step is the day it is now forecast to be done)."""
        return self.late_since or self.due

    @property
    def is_done(self) -> bool:
        return self.status is Status.DONE

    @property
    def is_open(self) -> bool:
        """Still to do: not done, not closed, not passed by the steps after it."""
        return self.status in (Status.OVERDUE, Status.IN_PROGRESS, Status.UPCOMING)


class ExamTerms(NamedTuple):
    """The exam category and fee (None: not known, Category 4) as they follow from the day of
    application: the exam-apply step's done day, else its due day; `graduated_on` likewise.
    `category1_ends` is the last day that still counts as Category 1."""

    category: int
    fee: int | None
    apply_on: date
    applied: bool
    graduated_on: date | None
    category1_ends: date | None


class Credential(NamedTuple):
    """The CMA (AAMA) credential: certified on the exam day (renewed on `renewed_on`, the
    recertify step's done day), current until `expires`."""

    certified_on: date
    expires: date
    is_forecast: bool
    route: RecertRoute
    renewed_on: date | None = None


class Forecast(NamedTuple):
    """A plan's dated schedule as of `today`, with the exam terms and the credential it implies."""

    today: date
    steps: tuple[ScheduledStep, ...]
    finish: Window
    exam: ExamTerms | None = None
    credential: Credential | None = None

    def get(self, step_id: str) -> ScheduledStep:
        for scheduled in self.steps:
            if scheduled.step.id == step_id:
                return scheduled
        raise KeyError(step_id)
