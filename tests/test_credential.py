"""Keeping the credential: the recertification rule at every edge, the CEU log, a second period,
and every refusal (issue 12)."""

from __future__ import annotations

import json
import tomllib
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from cmaplan.core.ceu import missing_words, tally
from cmaplan.core.model import Area, Ceu, Plan
from cmaplan.core.planner import build_plan, mark
from cmaplan.core.schedule import forecast
from tests.conftest import cli, make_profile

runner = CliRunner()
PASSED = date(2027, 3, 15)
LATER = date(2029, 6, 1)


def run(*args: str, env: dict[str, str] | None = None, code: int = 0) -> Result:
    """cmaplan ARGS; the test fails unless it exits with `code` (conftest.cli)."""
    return cli(*args, code=code, env=env)


def certified(*ceus: Ceu, route: str = "ce") -> Plan:
    plan = build_plan(
        make_profile(graduated_on=date(2026, 6, 1), recertify_by=route), today=date(2026, 11, 26)
    )
    plan = mark(plan, ["exam-apply", "exam"], done_on=PASSED)
    return plan._replace(ceus=tuple(ceus))


def ceu(points: float, area: str = "general", approved: bool = True) -> Ceu:
    return Ceu(date(2028, 1, 10), Area(area), points, "course", approved=approved)


def counted(*ceus: Ceu) -> tuple[bool, dict[str, float]]:
    plan = certified(*ceus)
    result = tally(plan, forecast(plan, LATER))
    assert result is not None
    return result.requirement_met, result.missing


# --- the rule at every edge ---------------------------------------------------------------------


def test_59_points_are_not_enough_and_60_are() -> None:
    base = [ceu(10, "administrative"), ceu(10, "clinical")]
    met, missing = counted(*base, ceu(39))
    assert not met
    assert missing["total"] == 1
    met, missing = counted(*base, ceu(40))
    assert met
    assert all(v == 0 for v in missing.values())


def test_9_points_in_one_area_are_not_enough_and_10_are() -> None:
    others = [ceu(25, "administrative"), ceu(26, "clinical")]
    met, missing = counted(*others, ceu(9))
    assert not met
    assert missing["general"] == 1
    met, _ = counted(*others, ceu(10))  # 61 with 10 in every area
    assert met


def test_at_most_30_points_that_are_not_approved_count() -> None:
    # 29 approved + 31 not approved: 60 recorded, but only 59 count and 29 < 30 approved.
    met, missing = counted(
        ceu(10, "general"),
        ceu(10, "administrative"),
        ceu(9, "clinical"),
        ceu(11, "general", approved=False),
        ceu(10, "administrative", approved=False),
        ceu(10, "clinical", approved=False),
    )
    assert not met
    assert missing["approved"] == 1
    assert missing["total"] == 1
    met, _ = counted(
        ceu(10, "general"),
        ceu(10, "administrative"),
        ceu(10, "clinical"),
        ceu(10, "general", approved=False),
        ceu(10, "administrative", approved=False),
        ceu(10, "clinical", approved=False),
    )
    assert met  # 30 approved and 30 not: exactly enough


def test_the_points_that_count_help_the_area_minimums_first() -> None:
    # 35 not approved, 25 of them general: the 5 that do not count come from general's surplus.
    met, missing = counted(
        ceu(30, "administrative"),
        ceu(25, "general", approved=False),
        ceu(10, "clinical", approved=False),
    )
    # Dropping from clinical would leave it below 10: general, far above its minimum, gives them.
    assert missing == {"general": 0, "administrative": 0, "clinical": 0, "total": 0, "approved": 0}
    assert met


def test_fractional_points_add_up() -> None:
    met, missing = counted(ceu(9.5), ceu(0.5), ceu(20, "administrative"), ceu(30, "clinical"))
    assert met
    assert missing["general"] == 0


def test_missing_is_said_in_plain_words() -> None:
    plan = certified(ceu(10), ceu(10, "administrative"), ceu(5, "clinical", approved=False))
    result = tally(plan, forecast(plan, LATER))
    assert result is not None
    assert missing_words(result) == (
        "5 more clinical points and 30 more in any area, at least 10 of these 35 AAMA-approved"
    )


@pytest.mark.parametrize(
    ("passed", "expires"),
    [(date(2027, 3, 1), date(2032, 3, 31)), (date(2027, 3, 31), date(2032, 3, 31))],
)
def test_the_period_ends_at_the_end_of_a_month(passed: date, expires: date) -> None:
    plan = mark(certified(), ["exam"], done_on=passed)
    result = tally(plan, forecast(plan, LATER))
    assert result is not None
    assert result.period.expires == expires
    assert result.period.apply_by < expires


def test_a_second_period_after_recertifying() -> None:
    plan = certified(ceu(10))  # in the first period
    later = ceu(4)._replace(on=date(2032, 2, 20))
    plan = plan._replace(ceus=(*plan.ceus, later), renewals=(date(2032, 2, 1),))
    result = tally(plan, forecast(plan, date(2032, 6, 1)))
    assert result is not None
    assert result.period.starts == date(2032, 2, 1)
    assert result.period.expires == date(2037, 2, 28)
    assert result.entries == (later,)  # the first period's CEUs stay with it
    assert result.total == 4


# --- the commands -------------------------------------------------------------------------------


def graduate_plan(tmp_path: Path) -> None:
    answers = tmp_path / "a.toml"
    answers.write_text(
        "start_date = 2026-12-01\ndiploma = true\nforeign_medical_degree = false\n"
        'program = "certificate"\npace = "full-time"\ngoal = "career"\n'
        "graduated_on = 2026-06-01\n"
    )
    assert run("init", "--answers", str(answers)).exit_code == 0


def test_ceu_add_list_remove_and_undo(tmp_path: Path, plan_path: Path) -> None:
    graduate_plan(tmp_path)
    assert run("check", "exam-apply", "exam", "--on", "2026-11-20").exit_code == 0
    proof = tmp_path / "certificate.pdf"
    proof.write_bytes(b"%PDF")
    result = run(
        "ceu",
        "add",
        "--area",
        "clinical",
        "--points",
        "2.5",
        "--title",
        "Phlebotomy update",
        "--provider",
        "AAMA",
        "--proof",
        str(proof),
        "--on",
        "2026-11-25",
    )
    assert result.exit_code == 0, result.stderr
    assert "Added 2.5 clinical points: Phlebotomy update." in result.stdout
    assert "still needed" in result.stdout
    run("ceu", "add", "--area", "general", "--points", "1", "--title", "Ethics", "--not-approved")
    listing = run("ceu", "list").stdout
    assert "Phlebotomy update (AAMA)" in listing
    assert "Ethics" in listing
    data = json.loads(run("ceu", "--json").stdout)
    assert data["points"] == {
        "general": 1.0,
        "administrative": 0.0,
        "clinical": 2.5,
        "total": 3.5,
        "approved": 2.5,
        "counted": 3.5,
    }
    assert data["requirement_met"] is False
    assert data["entries"][0]["proof"] == str(proof.resolve())
    assert set(data) >= {"certified_on", "expires", "apply_by", "route", "missing", "entries"}
    assert "Removed CEU 2" in run("ceu", "remove", "2").stdout
    assert len(tomllib.loads(plan_path.read_text())["ceu"]) == 1
    assert "Took back: Removed CEU 2" in run("undo").stdout
    assert len(tomllib.loads(plan_path.read_text())["ceu"]) == 2
    history = run("status", "--history").stdout
    assert "ceu" in history


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--points", "0"], "0 points is not allowed"),
        (["--points", "-1"], "-1 points is not allowed"),
        (["--points", "61"], "61 points is not allowed"),
        (["--points", "1.3"], "1.3 points is not allowed"),
        (["--points", "0.5"], "0.5 points is not allowed: give 1 to 60, in steps of 0.5"),
        (["--title", "   "], "a title must have words, not only spaces"),
        (["--title", "t" * 201], "a title must be 1 to 200 characters"),
        (["--provider", "p" * 201], "a provider must be at most 200 characters"),
        (["--area", "surgery"], "not an area"),
        (["--on", "2026-12-30"], "in the future"),
        (["--on", ""], "--on needs a date"),
        (["--on", "2026-11-01"], "before your current period began"),
        (["--proof", "/nonexistent/cert.pdf"], "is not a file"),
    ],
)
def test_bad_ceus_are_refused_and_nothing_is_written(
    args: list[str], words: str, tmp_path: Path, plan_path: Path
) -> None:
    graduate_plan(tmp_path)
    run("check", "exam-apply", "exam", "--on", "2026-11-20")
    before = plan_path.read_bytes()
    base = {"--area": "clinical", "--points": "2", "--title": "x", "--on": "2026-11-25"}
    for key, value in zip(args[::2], args[1::2], strict=True):
        base[key] = value
    flat = [part for pair in base.items() for part in pair]
    result = run("ceu", "add", *flat, code=64)
    assert result.exit_code == 64, result.stdout
    assert words in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert plan_path.read_bytes() == before


def test_a_title_with_a_line_break_is_said_on_one_line(tmp_path: Path, plan_path: Path) -> None:
    graduate_plan(tmp_path)
    run("check", "exam-apply", "exam", "--on", "2026-11-20")
    args = ["--area", "general", "--points", "1", "--on", "2026-11-25"]
    added = run("ceu", "add", *args, "--title", "first\nsecond")
    assert added.stdout.splitlines()[0] == "Added 1 general point: first␊second."
    gone = run("ceu", "remove", "0", code=64).stderr.strip()
    said = "there is no CEU 0; the log has only CEU 1. `cmaplan ceu list` numbers them."
    assert gone == f"cmaplan: {said}"


def test_no_ceus_before_the_exam_or_after_the_expiry(tmp_path: Path, plan_path: Path) -> None:
    graduate_plan(tmp_path)
    result = run("ceu", "add", "--area", "general", "--points", "1", "--title", "x", code=64)
    assert result.exit_code == 64
    assert "mark the exam done first" in result.stderr
    assert run("ceu", code=64).exit_code == 64
    run("check", "exam-apply", "exam", "--on", "2026-11-20")
    late = run(
        "ceu",
        "add",
        "--area",
        "general",
        "--points",
        "1",
        "--title",
        "x",
        "--on",
        "2032-01-05",
        env={"CMAPLAN_TODAY": "2032-02-01"},
        code=64,
    )
    assert late.exit_code == 64
    assert "after the credential expired (2031-11-30)" in late.stderr


@pytest.mark.parametrize(
    ("row", "words"),
    [
        ("2026-11-22,general,61,Ethics,AAMA,yes", "61 points is not allowed: give 1 to 60"),
        ("2026-11-22,general,0.3,Ethics,AAMA,yes", "0.3 points is not allowed"),
        (
            "2026-11-22,general,inf,Ethics,AAMA,yes",
            'points must be a number written with the digits 0-9, not "inf"',
        ),
        ("2026-11-22,general,1,,AAMA,yes", "a title must have words, not only spaces"),
        ("2026-11-22,general,1,T," + "p" * 201 + ",yes", "a provider must be at most 200"),
    ],
)
def test_a_csv_row_refused_by_the_field_spec_names_its_line(
    tmp_path: Path, plan_path: Path, row: str, words: str
) -> None:
    """The same field spec as the plan file's [[ceu]] checks each row, worded for the CSV."""
    graduate_plan(tmp_path)
    run("check", "exam-apply", "exam", "--on", "2026-11-20")
    sheet = tmp_path / "ceus.csv"
    sheet.write_text(
        f"date,area,points,title,provider,approved\n2026-11-21,general,1,A,,yes\n{row}\n"
    )
    before = plan_path.read_bytes()
    result = run("ceu", "import", str(sheet), code=64)
    assert result.stderr.startswith(f"cmaplan: line 3 of the CSV file: {words}"), result.stderr
    assert result.stderr.rstrip().endswith("; nothing was imported.")
    assert len(result.stderr.strip().splitlines()) == 1
    assert plan_path.read_bytes() == before


def test_csv_import_is_all_or_nothing(tmp_path: Path, plan_path: Path) -> None:
    graduate_plan(tmp_path)
    run("check", "exam-apply", "exam", "--on", "2026-11-20")
    good = tmp_path / "good.csv"
    good.write_text(
        "date,area,points,title,provider,approved\n"
        "2026-11-21,general,2,Ethics,AAMA,yes\n"
        "2026-11-22,clinical,1.5,Vitals,Clinic,no\n"
    )
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "date,area,points,title,provider,approved\n"
        "2026-11-21,general,2,Ethics,AAMA,yes\n"
        "2026-11-22,surgery,1,Sutures,Clinic,yes\n"
    )
    before = plan_path.read_bytes()
    result = run("ceu", "import", str(bad), code=64)
    assert result.exit_code == 64
    assert "line 3 of the CSV file" in result.stderr
    assert "nothing was imported" in result.stderr
    assert plan_path.read_bytes() == before
    result = run("ceu", "import", str(good))
    assert result.exit_code == 0, result.stderr
    assert "Imported 2 CEUs" in result.stdout
    assert len(tomllib.loads(plan_path.read_text())["ceu"]) == 2
    # The same file again adds nothing; a file with one new row adds only that one.
    saved = plan_path.read_bytes()
    again = run("ceu", "import", str(good))
    assert again.exit_code == 0, again.stderr
    assert "already in your log; nothing was added" in again.stdout
    assert plan_path.read_bytes() == saved
    more = tmp_path / "more.csv"
    more.write_text(good.read_text() + "2026-11-24,administrative,1,Coding update,AAMA,yes\n")
    added = run("ceu", "import", str(more))
    assert "Imported 1 CEU from" in added.stdout
    assert "2 were already in your log" in added.stdout
    assert len(tomllib.loads(plan_path.read_text())["ceu"]) == 3
    empty = tmp_path / "empty.csv"
    empty.write_text("date,area,points,title\n")
    assert run("ceu", "import", str(empty), code=64).exit_code == 64


def test_recertifying_starts_a_new_period(tmp_path: Path, plan_path: Path) -> None:
    graduate_plan(tmp_path)
    run("check", "exam-apply", "exam", "--on", "2026-11-20")
    env = {"CMAPLAN_TODAY": "2031-10-15"}
    run("recertify", "--by", "exam", env=env)  # by CE, the period's 60 points come first
    result = run("check", "recertify", "--on", "2031-10-10", env=env)
    assert result.exit_code == 0, result.stderr
    assert "new period" in result.stdout
    assert "current until 2036-10-31" in run("status", env=env).stdout
    data = json.loads(run("timeline", "--json", env=env).stdout)
    assert data["credential"]["expires"] == "2036-10-31"
    recert = next(s for s in data["steps"] if s["id"] == "recertify")
    assert recert["done"] is False  # open again, for the next period
    assert run("check", "recertify", "--undo", env=env).exit_code == 0
    assert "current until 2031-11-30" in run("status", env=env).stdout
    again = run("check", "recertify", "--on", "2031-10-10", env=env)
    assert again.exit_code == 0, again.stderr
    before = plan_path.read_bytes()
    early = run("check", "recertify", "--on", "2031-10-01", env=env, code=64)
    assert early.stderr.strip().splitlines() == [
        "cmaplan: --on 2031-10-01 is not after the start of the current period (2031-10-10)."
    ]
    assert plan_path.read_bytes() == before


def test_switching_the_route_moves_the_recertify_step(tmp_path: Path) -> None:
    graduate_plan(tmp_path)
    run("check", "exam-apply", "exam", "--on", "2026-11-20")
    ce_due = next(
        s for s in json.loads(run("timeline", "--json").stdout)["steps"] if s["id"] == "recertify"
    )["due"]
    result = run("recertify", "--by", "exam")
    assert result.exit_code == 0
    assert "You will renew by exam" in result.stdout
    exam_due = next(
        s for s in json.loads(run("timeline", "--json").stdout)["steps"] if s["id"] == "recertify"
    )["due"]
    assert (ce_due, exam_due) == ("2031-10-31", "2031-09-30")
    assert "Send the exam application" in run("show", "recertify").stdout
    assert "pass by 2031-09-30" in " ".join(run("status").stdout.split())
    assert run("recertify", "--by", "email", code=64).exit_code == 64


def test_status_warns_within_a_year_of_the_last_day_to_apply(tmp_path: Path) -> None:
    graduate_plan(tmp_path)
    run("check", "exam-apply", "exam", "--on", "2026-11-20")
    early = run("status", env={"CMAPLAN_TODAY": "2029-01-01"}).stdout
    assert "Recertify: apply by" not in early
    soon = " ".join(run("status", env={"CMAPLAN_TODAY": "2031-01-01"}).stdout.split())
    assert "Recertify: apply by 2031-10-31" in soon
    lapsed = " ".join(run("status", env={"CMAPLAN_TODAY": "2032-06-01"}).stdout.split())
    assert "continuing education no longer counts" in lapsed


@pytest.mark.parametrize(
    ("entries", "words"),
    [
        ((), "10 more general points, 10 more administrative points, 10 more clinical points "
         "and 30 more in any area, at least 30 of these 60 AAMA-approved"),
        ((("general", 10, True), ("administrative", 10, True), ("clinical", 10, True),
          ("general", 25, False)), "5 more points"),  # approved minimum met: any 5 do
        ((("general", 20, False), ("administrative", 20, False), ("clinical", 20, False)),
         "30 more points, all AAMA-approved"),  # only 30 not approved count
    ],
    ids=["nothing-yet", "approved-met", "approved-short"],
)  # fmt: skip
def test_missing_words_put_the_approved_minimum_on_all_points_still_needed(
    entries: tuple[tuple[str, float, bool], ...], words: str
) -> None:
    plan = certified(*(ceu(points, area, approved=ok) for area, points, ok in entries))
    result = tally(plan, forecast(plan, LATER))
    assert result is not None
    assert missing_words(result) == words


@pytest.mark.parametrize("route", ["ce", "exam"])
def test_what_renewing_still_needs_is_said_once_in_status(tmp_path: Path, route: str) -> None:
    """Years ahead the CEU line says what is missing; near the day only Heads-up does."""
    graduate_plan(tmp_path)
    run("check", "exam-apply", "exam", "--on", "2026-11-20")
    if route == "exam":
        run("recertify", "--by", "exam")
    # Certified 2026-11-20: current until 2031-11-30; the last day to apply is before that.
    for on in ("2027-06-01", "2031-03-01", "2031-10-01"):
        text = " ".join(run("status", env={"CMAPLAN_TODAY": on}).stdout.split())
        if route == "ce":
            assert text.count("still needed:") == 1, (on, text)
        elif on < "2031-09-20":  # a seat can still come before the day to pass by
            assert text.count("pass by 2031-09-30") == 1, (on, text)
        else:  # too late for it: no day to pass by is given, the gap is said once
            assert "pass by 2031-09-30" not in text, (on, text)
            assert text.count("current again from the day you pass") == 1, (on, text)
