"""Shared fixtures: every test runs with its own plan location, a fixed today, and no colour."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from cmaplan.model import Profile
from cmaplan.profile import parse_profile

TODAY = date(2026, 11, 26)
ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Point the plan, the data folder and the clock at safe places for each test."""
    plan = tmp_path / "data" / "plan.toml"
    monkeypatch.setenv("CMAPLAN_PLAN", str(plan))
    monkeypatch.setenv("CMAPLAN_TODAY", TODAY.isoformat())
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.delenv("CMAPLAN_DEBUG", raising=False)
    return plan


@pytest.fixture
def plan_path(isolated: Path) -> Path:
    return isolated


BASE: dict[str, Any] = {
    "start_date": date(2027, 1, 4),
    "diploma": True,
    "foreign_medical_degree": False,
    "program": "certificate",
    "pace": "full-time",
    "goal": "career",
}


def make_profile(**changes: Any) -> Profile:
    """A valid profile: the base answers with `changes` applied (None removes a key)."""
    data = {**BASE, **changes}
    data = {k: v for k, v in data.items() if v is not None}
    return parse_profile(data, today=TODAY)
