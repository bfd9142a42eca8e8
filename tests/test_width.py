"""The width cmaplan lays out in (issue 21): any $COLUMNS, read as digits 0-9 only and kept to
what a screen shows; the CEU log fits every width it is given, and loses no word of a title."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cmaplan.views import width
from tests.conftest import cli


@given(value=st.text(max_size=12))
def test_any_columns_value_gives_a_width_a_screen_can_show(value: str) -> None:
    with pytest.MonkeyPatch.context() as env:
        if "\x00" in value:
            value = value.replace("\x00", "")
        env.setenv("COLUMNS", value)
        size = width.terminal_size()
    assert 1 <= size.columns <= width.MOST_COLUMNS
    if value.isascii() and value.isdigit() and 0 < int(value) <= width.MOST_COLUMNS:
        assert size.columns == int(value)


@pytest.mark.parametrize("value", ["١٢٠", "１２０", "12_0", " 120", "+120", "-5", "0", "1e3"])
def test_columns_in_other_digits_or_forms_are_not_a_width(
    value: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", value)
    monkeypatch.delenv("LINES", raising=False)
    expected = width.FALLBACK.columns
    with contextlib.suppress(OSError):
        expected = os.get_terminal_size(1).columns or expected  # this test run's own terminal
    assert width.terminal_size().columns == expected


def test_a_huge_columns_value_is_kept_to_a_screens_width(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "100000")
    monkeypatch.setenv("LINES", "99999999")
    assert width.terminal_size() == (width.MOST_COLUMNS, width.MOST_LINES)


TITLE = st.text(
    st.characters(codec="utf-8", categories=["L", "N", "P", "Zs"]), min_size=1, max_size=300
).filter(lambda t: t.strip() != "")


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(columns=st.integers(min_value=1, max_value=700), title=TITLE, wide=st.booleans())
def test_the_ceu_log_fits_every_width_and_keeps_every_word(
    plan_path: Path, columns: int, title: str, wide: bool
) -> None:
    from rich.cells import cell_len

    if wide:
        title = "看護" * 20 + title  # two columns a character
    for old in plan_path.parent.glob(plan_path.name + "*"):
        old.unlink()
    cli("init", "--example", "recent-graduate")
    cli("check", "exam-apply", "exam", "--on", "2026-11-20")
    cli("ceu", "add", "--area", "clinical", "--points", "2", "--title", title.strip())
    cli("ceu", "add", "--area", "general", "--points", "1", "--title", "Ethics", "--provider", "P")
    out = cli("ceu", "list", env={"COLUMNS": str(columns)}).stdout
    shown = min(max(columns, width.LEAST_COLUMNS), width.MOST_COLUMNS)
    lines = out.splitlines()
    assert all(cell_len(line) <= shown for line in lines), (shown, lines)
    letters = "".join(out.split())
    assert "".join(title.split()) in letters.replace("…", "")
    assert "Ethics(P)" in letters
