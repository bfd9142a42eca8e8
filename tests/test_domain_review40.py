"""The last domain review of #22, each finding an example of a class: a renewal by exam with no
day left to pass by (the credential expired, or its pass-by day gone) is due when a seat and the
study allow, never "late" from a day that no longer applies; and a Category 4 exam expected
before the pathway's end date but able to come after it is warned, as one dated after it is."""

from __future__ import annotations

import json
import re
from datetime import date, timedelta
from pathlib import Path

import pytest

from tests.conftest import answers_file, cli, init_on

YEARS = [2026, 2029, 2032]


def words(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("year", YEARS)
@pytest.mark.parametrize(
    ("status", "expires", "days"),
    [
        ("lapsed", (7, 31), 163),  # expired five months ago: the exam is the only way back
        ("lapsed", (7, 31), 20),  # inside the lapse window, on the exam route chosen
        ("current", (2, 28), 20),  # the pass-by day (two months before) has gone
    ],
)
def test_a_renewal_with_no_pass_by_day_is_due_when_it_can_be_done(
    tmp_path: Path, year: int, status: str, expires: tuple[int, int], days: int
) -> None:
    expiry = date(year, *expires) if expires[0] != 2 else date(year, 3, 1) - timedelta(days=1)
    today = (expiry + timedelta(days=days)) if status == "lapsed" else expiry - timedelta(days=days)
    env = init_on(
        tmp_path, today.isoformat(), experience="uncertified-ma", cma_status=status,
        cma_expires=expiry, recertify_by="exam", study_hours=5,
    )  # fmt: skip
    (step,) = json.loads(cli("timeline", "--json", env=env).stdout)["steps"]
    assert step["by_exam"]["pass_by"] is None
    assert step["due"] == step["expected"] > today.isoformat()
    assert (step["status"], step["days_late"]) == ("in-progress", 0)
    shown = words(cli("status", env=env).stdout)
    assert f"recertify due {step['due']} (in " in shown
    assert not re.search(r"\blate\b", shown.split("Heads-up")[0])
    assert f"due {step['due']} · " in words(cli("show", "recertify", env=env).stdout)


@pytest.mark.parametrize("year", YEARS)
def test_a_renewal_by_ce_after_the_expiry_stays_late_from_it(tmp_path: Path, year: int) -> None:
    """The CE route has a day that applied (before the expiry): counted late from it."""
    expiry = date(year, 7, 31)
    today = expiry + timedelta(days=20)
    env = init_on(
        tmp_path, today.isoformat(), experience="uncertified-ma",
        cma_status="lapsed", cma_expires=expiry, recertify_by="ce",
    )  # fmt: skip
    (step,) = json.loads(cli("timeline", "--json", env=env).stdout)["steps"]
    assert step["due"] < str(expiry)
    assert step["status"] == "overdue"
    assert step["days_late"] == (today - date.fromisoformat(step["due"])).days


@pytest.mark.parametrize(
    ("start", "warning"),
    [
        ("2029-04-01", None),  # expected and at the latest before 2029-08-31
        ("2029-05-01", "could slip"),  # expected before it, at the latest after it
        ("2029-06-01", "after"),  # expected after it
    ],
)
def test_a_category_4_exam_that_may_come_after_the_pathway_end_is_warned(
    tmp_path: Path, start: str, warning: str | None
) -> None:
    answers = answers_file(
        tmp_path, start, experience="uncertified-ma", finished_ma_program=True,
        program_contact_hours=600, program_practicum_hours=160, study_hours=10,
    )  # fmt: skip
    env = {"CMAPLAN_TODAY": start}
    cli("init", "--answers", str(answers), "--force", env=env)
    dated = {s["id"]: s for s in json.loads(cli("timeline", "--json", env=env).stdout)["steps"]}
    exam, said = dated["exam"], words(" ".join(dated["alternative-review"]["warnings"]))
    if warning is None:
        assert exam["latest"] <= "2029-08-31"
        assert "Alternative Pathway" not in said
    elif warning == "after":
        assert exam["due"] > "2029-08-31"
        assert f"Your exam is forecast for {exam['due']}, after 2029-08-31" in said
    else:
        assert exam["due"] <= "2029-08-31" < exam["latest"]
        assert f"Your exam is forecast for {exam['due']}, before the Alternative" in said
        assert f"at the latest it comes on {exam['latest']}, after that day" in said
    assert said.count("Alternative Pathway") <= 1  # once, on the review
