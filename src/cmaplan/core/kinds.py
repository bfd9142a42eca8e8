"""The kinds a plan is made of, as enums (core layer, stdlib only): the answers' choices, the
exam's content areas and a step's status. `core/model` re-exports them."""

from __future__ import annotations

from enum import StrEnum
from typing import NamedTuple


class Program(StrEnum):  # the type of program
    CERTIFICATE = "certificate"
    ASSOCIATE = "associate"
    UNDECIDED = "undecided"


class Pace(StrEnum):
    FULL_TIME = "full-time"
    PART_TIME = "part-time"


class Goal(StrEnum):
    CAREER = "career"
    RESIDENCY = "residency"
    NURSING = "nursing"
    MANAGEMENT = "management"


class Experience(StrEnum):
    NONE = "none"
    CNA = "cna"
    UNCERTIFIED_MA = "uncertified-ma"
    MILITARY = "military"


class Usmle(StrEnum):
    NOT_STARTED = "not-started"
    STEP1 = "step1"
    STEP2 = "step2"
    ECFMG_CERTIFIED = "ecfmg-certified"


class RecertRoute(StrEnum):
    CE = "ce"
    EXAM = "exam"


class CmaStatus(StrEnum):  # a CMA (AAMA) held already: none, current or expired (lapsed)
    NONE = "none"
    CURRENT = "current"
    LAPSED = "lapsed"


class Area(StrEnum):  # the three content areas of the CMA (AAMA) exam and of CE
    GENERAL = "general"
    ADMINISTRATIVE = "administrative"
    CLINICAL = "clinical"


class Status(StrEnum):
    DONE = "done"
    IN_PROGRESS = "in-progress"
    OVERDUE = "overdue"
    UPCOMING = "upcoming"
    CLOSED = "closed"  # the exam once every attempt has failed: nothing more to do on it
    NOT_NEEDED = "not-needed"  # not done, but every step that waited for it is: no longer needed


class Span(NamedTuple):  # a length of time as a calendar adds it: whole months, then days
    months: int = 0
    days: int = 0
