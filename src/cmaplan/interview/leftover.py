"""Answers that mean nothing once another answer changed (interview layer, pure): dropped before
the answers become a profile, so that going back and changing one leaves no stray value."""

from __future__ import annotations

from collections.abc import Mapping, MutableMapping
from typing import Any

from cmaplan.core.profile import HOURS_KEYS


def drop_leftovers(data: MutableMapping[str, Any], answers: Mapping[str, Any]) -> None:
    """Remove from `data` the hours of a program not finished, and the dates of a credential
    not held (or the expiry, when the day of certification is given)."""
    if not data.get("finished_ma_program"):  # its hours mean nothing without it
        for key in ("finished_ma_program", *HOURS_KEYS):
            data.pop(key, None)
    if answers.get("cma_status") == "none":  # dates of a credential no longer held
        data.pop("cma_since", None)
        data.pop("cma_expires", None)
    if answers.get("cma_since"):
        data.pop("cma_expires", None)
