"""Checks of a day typed in the interview (interview layer: pure): each gives the message to
show before asking again, or None."""

from __future__ import annotations

from datetime import date
from typing import Any

from cmaplan.core.profile import HORIZON_YEARS, horizon

Answers = dict[str, Any]


def not_before_today(value: date, answers: Answers, today: date) -> str | None:
    if value < today and value != answers.get("_previous_start"):
        return f"{value} has passed; pick today ({today}) or a later day."
    return not_too_far(value, answers, today)


def not_too_far(value: date, answers: Answers, today: date) -> str | None:
    last = horizon(today)
    if value > last:
        return f"{value} is more than {HORIZON_YEARS} years away; pick a day up to {last}."
    return None


def expected_day(value: date, answers: Answers, today: date) -> str | None:
    if value < today:
        return f"{value} has passed: give a day still ahead, or leave it empty if you are unsure."
    return not_too_far(value, answers, today)


def not_after_today(value: date, answers: Answers, today: date) -> str | None:
    if value > today:
        return f"{value} is after today ({today}); give the day you finished."
    return None
