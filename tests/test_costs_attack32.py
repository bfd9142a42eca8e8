"""A hidden attack on the money (#23), each finding an example of a class: amounts too long to
be numbers, line numbers in other scripts or blank, bills paid once their program is under way,
checks a program no longer needs, a failed attempt's fee on the day it was paid, one key per
line; and a date of birth against the minimum age programs commonly set."""

from __future__ import annotations

import json
import tomllib
from datetime import date
from pathlib import Path

import pytest
from dateutil.relativedelta import relativedelta

from tests.conftest import cli, init_on


def lines(env: dict[str, str]) -> list[dict[str, object]]:
    data = json.loads(cli("costs", "--json", env=env).stdout)
    result: list[dict[str, object]] = data["lines"]
    return result


@pytest.mark.parametrize(
    "args",
    [
        ["costs", "add", "X", "1" * 4301],
        ["costs", "add", "X", "1" * 41],
        ["costs", "set", "background-check", "1" * 5000],
        ["costs", "add", "X", "5-" + "1" * 4301],
        ["costs", "add", "X", ",".join(["111"] * 1500)],
        ["program", "add", "Big", "--type", "certificate", "--cost", "1" * 4301],
        ["program", "add", "Big", "--type", "certificate", "--fees", "9" * 4400],
    ],
)
def test_an_amount_too_long_to_be_one_is_one_sentence(
    tmp_path: Path, plan_path: Path, args: list[str]
) -> None:
    env = init_on(tmp_path, "2026-12-04")
    before = plan_path.read_bytes()
    result = cli(*args, env=env, code=None)
    assert result.exit_code in (2, 64), result.stderr
    assert result.stderr.count("\n") == 1
    assert "characters long" in result.stderr
    assert len(result.stderr) < 300  # the text is not repeated back
    assert plan_path.read_bytes() == before


@pytest.mark.parametrize("key", ["²", "①", "⑴", "٢", "１", "𝟐", "", " ", "  \t"])
def test_costs_remove_takes_a_line_number_in_0_9_and_nothing_blank(
    tmp_path: Path, plan_path: Path, key: str
) -> None:
    env = init_on(tmp_path, "2026-12-04")
    cli("costs", "add", "Parent pays", "5000", "--aid", env=env)
    cli("costs", "add", "Laptop", "799.99", env=env)
    before = plan_path.read_bytes()
    result = cli("costs", "remove", key, env=env, code=None)
    assert result.exit_code not in (0, 70), result.stderr
    assert result.stderr.count("\n") == 1
    assert plan_path.read_bytes() == before  # nothing of the person's went


def test_a_programs_bill_is_paid_once_the_program_is_under_way(tmp_path: Path) -> None:
    env = init_on(tmp_path, "2026-12-04")
    cli("program", "add", "Valley", "--type", "certificate", "--accreditor", "CAAHEP",
        "--months", "10", "--starts", "2027-08-30", "--cost", "12500", "--fees", "1400",
        env=env)  # fmt: skip
    cli("program", "choose", "Valley", env=env)
    before = ["volunteer", "financial-aid", "entry-checks", "health-records"]
    cli("check", *before, "--on", "2027-01-20", env={"CMAPLAN_TODAY": "2027-01-20"})
    cli("check", "apply-program", "--on", "2027-08-29", env={"CMAPLAN_TODAY": "2027-08-30"})
    for day in ["2027-09-15", "2028-01-15", "2028-05-01"]:
        env = {"CMAPLAN_TODAY": day}
        status = cli("status", env=env).stdout
        assert "Tuition" not in status.split("Next payment:")[-1].split("\n")[0], day
        bill = {str(x["key"]): x for x in lines(env)}
        assert bill["tuition"]["paid"] is True, day
        assert bill["program-fees"]["paid"] is True, day
        month = json.loads(cli("costs", "--json", env=env).stdout)["by_month"]
        assert all(m["low_cents"] < 1_390_000 for m in month), day  # not moved to this month


def test_checks_no_longer_needed_are_not_owed_for_ever(tmp_path: Path) -> None:
    env = init_on(tmp_path, "2026-12-04")
    cli("costs", "set", "background-check", "45.10", env=env)
    cli("check", "volunteer", "financial-aid", "--on", "2027-03-01",
        env={"CMAPLAN_TODAY": "2027-03-01"})  # fmt: skip
    cli("check", "apply-program", "--on", "2027-03-02", env={"CMAPLAN_TODAY": "2027-03-02"})
    for months in range(1, 24, 3):
        day = (date(2027, 3, 2) + relativedelta(months=months)).isoformat()
        env = {"CMAPLAN_TODAY": day}
        bill = {str(x["key"]): x for x in lines(env)}
        assert bill["background-check"]["paid"] is True, day
        assert "Background check" not in cli("status", env=env).stdout, day


def test_a_failed_attempts_fee_stays_on_the_day_it_was_paid(tmp_path: Path) -> None:
    init_on(tmp_path, "2026-12-04", graduated_on=date(2025, 6, 15))
    cli("check", "exam-apply", "--on", "2026-12-10", env={"CMAPLAN_TODAY": "2026-12-10"})
    cli("check", "exam", "--failed", "--on", "2027-01-20", env={"CMAPLAN_TODAY": "2027-01-20"})
    cli("check", "exam-apply", "--on", "2027-03-20", env={"CMAPLAN_TODAY": "2027-03-20"})
    cli("check", "exam", "--failed", "--on", "2027-04-10", env={"CMAPLAN_TODAY": "2027-04-10"})
    got = lines({"CMAPLAN_TODAY": "2027-04-11"})
    fees = [x for x in got if str(x["key"]).startswith("exam")]
    assert [(x["key"], x["due"]) for x in fees[:2]] == [
        ("exam-attempt-1", "2026-12-10"),
        ("exam-attempt-2", "2027-03-20"),
    ]
    keys = [x["key"] for x in got]
    assert len(keys) == len(set(keys))  # one key per line, for scripts


@pytest.mark.parametrize("year", [2026, 2029, 2032])
@pytest.mark.parametrize(("months_after", "warned"), [(-6, False), (6, True)])
def test_a_birth_date_after_which_the_externship_starts_is_said(
    tmp_path: Path, year: int, months_after: int, warned: bool
) -> None:
    """A high-school student who turns 18 six months after (or before) the externship's
    forecast start: the entry checks say so, dated, or say nothing."""
    start = f"{year}-12-04"
    env = init_on(tmp_path, start, diploma=False, diploma_by=date(year + 1, 6, 11))
    externship = {
        s["id"]: s for s in json.loads(cli("timeline", "--json", env=env).stdout)["steps"]
    }["externship"]
    begins = date.fromisoformat(str(externship["start"]))
    turns = begins + relativedelta(months=months_after)
    born = turns - relativedelta(years=18)
    env = init_on(tmp_path, start, diploma=False, diploma_by=date(year + 1, 6, 11), birth_date=born)
    status = " ".join(cli("status", env=env).stdout.split())
    assert (f"You turn 18 on {turns}, after your externship" in status) is warned
    assert status.count("You turn 18") <= 1  # once, on the entry checks


@pytest.mark.parametrize("born", [date(2020, 1, 1), date(1900, 1, 1), date(2027, 1, 1)])
def test_a_birth_date_that_cannot_be_right_is_refused(
    tmp_path: Path, plan_path: Path, born: date
) -> None:
    from tests.conftest import answers_file

    answers = answers_file(tmp_path, "2026-12-04", birth_date=born)
    result = cli("init", "--answers", str(answers), env={"CMAPLAN_TODAY": "2026-12-04"}, code=65)
    assert "birth_date" in result.stderr
    assert "is not allowed" in result.stderr
    assert str(born) not in result.stderr  # personal: not repeated
    assert not plan_path.exists()


def test_a_birth_date_is_kept_in_the_plan_file(tmp_path: Path, plan_path: Path) -> None:
    init_on(tmp_path, "2026-12-04", birth_date=date(2009, 4, 2))
    profile = tomllib.loads(plan_path.read_text(encoding="utf-8"))["profile"]
    assert profile["birth_date"] == date(2009, 4, 2)


@pytest.mark.parametrize("today", ["2026-12-04", "2030-01-15", "2035-01-15"])
def test_the_eras_fee_is_dated_on_the_day_the_application_goes(tmp_path: Path, today: str) -> None:
    from tests.conftest import EXAMPLES

    env = {"CMAPLAN_TODAY": "2026-12-04"}
    cli("init", "--answers", str(EXAMPLES / "img-residency.toml"), "--force", env=env)
    later = {"CMAPLAN_TODAY": today}
    steps = {s["id"]: s for s in json.loads(cli("timeline", "--json", env=later).stdout)["steps"]}
    (eras,) = [x for x in lines(later) if x["key"] == "eras"]
    assert eras["due"] == steps["residency-apply"]["due"]
    assert str(eras["due"]) > today  # never "due now" for a season already missed


def test_compare_after_every_attempt_says_so_not_category_4(tmp_path: Path) -> None:
    init_on(tmp_path, "2026-12-04", graduated_on=date(2025, 6, 15))
    for applied, failed in [("2026-12-10", "2027-01-20"), ("2027-03-20", "2027-04-10"),
                            ("2027-06-20", "2027-07-10")]:  # fmt: skip
        cli("check", "exam-apply", "--on", applied, env={"CMAPLAN_TODAY": applied})
        cli("check", "exam", "--failed", "--on", failed, env={"CMAPLAN_TODAY": failed})
    shown = " ".join(cli("compare", env={"CMAPLAN_TODAY": "2027-07-10"}).stdout.split())
    assert "every attempt used" in shown
    assert "Category 4 may remain" not in shown


def test_a_quoted_birth_date_is_not_repeated_in_the_refusal(tmp_path: Path) -> None:
    from tests.conftest import answers_file

    answers = answers_file(tmp_path, "2026-12-04")
    answers.write_text(answers.read_text() + 'birth_date = "2009-11-12"\n')
    result = cli("init", "--answers", str(answers), env={"CMAPLAN_TODAY": "2026-12-04"}, code=65)
    assert "without quotes" in result.stderr
    assert "2009-11-12" not in result.stderr


def test_a_heads_up_that_only_moves_a_day_is_not_said_again(tmp_path: Path) -> None:
    env = init_on(tmp_path, "2026-11-26", diploma=False, diploma_by=date(2027, 6, 11),
                  birth_date=date(2011, 4, 30))  # fmt: skip
    assert "You turn 18" in cli("status", env=env).stdout  # warned from the start
    moved = cli("check", "diploma", env=env).stdout  # the externship's forecast moves earlier
    assert "earlier" in moved
    assert "Heads-up (entry-checks)" not in moved  # the same warning, with another day
