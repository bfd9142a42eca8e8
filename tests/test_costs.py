"""What the route costs (issue 23): amounts kept exactly, every line dated on the plan's own
days, the ways to pay that fit a person, and `cmaplan costs` with its changes, as a person uses
them."""

from __future__ import annotations

import json
import tomllib
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cmaplan.core.costs import costs_of
from cmaplan.core.money import NotAnAmount, from_stored, parse_amount, parse_span, stored
from cmaplan.core.planner import build_plan
from cmaplan.core.schedule import forecast
from tests.conftest import TODAY, cli, init_on, make_profile


def lines(**answers: Any) -> dict[str, Any]:
    """The cost lines of a fresh plan for these answers, by key."""
    plan = build_plan(make_profile(**answers), today=TODAY)
    found = costs_of(plan, forecast(plan, TODAY))
    return {line.key: line for line in found.lines}


def funding(**answers: Any) -> set[str]:
    plan = build_plan(make_profile(**answers), today=TODAY)
    return {way.key for way in costs_of(plan, forecast(plan, TODAY)).funding}


# --- amounts ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "cents"),
    [
        ("1250", 125000),
        ("1,250.50", 125050),
        ("$1250", 125000),
        (" 45 ", 4500),
        ("45 USD", 4500),
        ("0.5", 50),
        ("0", 0),
        ("1,000,000", 100000000),
    ],
)
def test_an_amount_is_read_to_the_cent(typed: str, cents: int) -> None:
    assert parse_amount(typed) == cents


@pytest.mark.parametrize(
    "typed",
    [
        "nan", "inf", "-inf", "1e309", "1e3", "1_0", "٣", "３", "½", "-5", "+5", "12.345",
        "€50", "50 EUR", "£5", "₹900", "1,25", "1,2345", "", "  ", "1.000,50", "0x10",
        "1000001", "12 dollars and 5 cents",
    ],
)  # fmt: skip
def test_what_is_no_amount_in_dollars_is_refused(typed: str) -> None:
    with pytest.raises(NotAnAmount):
        parse_amount(typed)


@pytest.mark.parametrize("typed", ["-inf", "-nan", "+1_0", "-٣"])
def test_a_sign_before_what_is_no_number_is_a_form_error(typed: str) -> None:
    """Not a number at all is said first (exit 2 at a door), not "0 or more" (64)."""
    with pytest.raises(NotAnAmount) as refused:
        parse_amount(typed)
    assert refused.value.form
    assert f'"{typed}"' in refused.value.reason


def test_a_range_is_two_amounts() -> None:
    assert parse_span("40-60") == (4000, 6000)
    assert parse_span("40 – 60") == (4000, 6000)
    assert parse_span("40 to 60") == (4000, 6000)
    assert parse_span("40") == (4000, None)


@given(st.integers(min_value=0, max_value=100_000_000))
def test_every_amount_is_kept_exactly(cents: int) -> None:
    """What the file stores is the amount to the cent, read back as it was typed."""
    assert from_stored(stored(cents)) == cents
    dollars, part = divmod(cents, 100)
    assert parse_amount(f"{dollars}.{part:02d}") == cents
    assert parse_amount(f"{dollars:,}.{part:02d}") == cents


@given(st.text(max_size=12))
@settings(max_examples=400)
def test_any_text_is_an_amount_or_one_refusal(text: str) -> None:
    """Whatever a person types: cents from 0 to the limit, or NotAnAmount with a reason."""
    try:
        cents = parse_amount(text)
    except NotAnAmount as error:
        reason = error.reason
    else:
        assert 0 <= cents <= 100_000_000
        assert set(text.strip().removeprefix("$")) <= set("0123456789.,$ usdUSD")
        return
    assert reason
    assert "\n" not in reason


# --- the lines of a route ----------------------------------------------------------------------


def test_cmaplan_never_invents_a_tuition() -> None:
    found = lines()
    assert found["tuition"].low is None
    assert found["tuition"].basis == "fill"
    assert "never guesses" in found["tuition"].note
    assert found["exam"].low == 12500  # Category 1, the AAMA's published fee
    assert "check the current price" in found["exam"].note


def test_the_exam_fee_follows_category_and_membership() -> None:
    """Category 2 (applying more than 12 months after graduating) for a non-member is $250."""
    late = lines(graduated_on=date(2024, 6, 1))
    assert late["exam"].low == 25000
    assert "Category 2" in late["exam"].note
    member = lines(graduated_on=date(2024, 6, 1), aama_member=True)
    assert member["exam"].low == 12500
    assert "aama-dues" in member
    assert member["aama-dues"].low is None  # they enter theirs


def test_lines_fit_the_person() -> None:
    img = lines(foreign_medical_degree=True, goal="residency")
    assert {"translation", "credential-eval", "usmle", "eras"} <= set(img)
    assert "$11 a program" in img["eras"].note
    school = lines(diploma=False, diploma_by=date(2027, 6, 1))
    assert not {"translation", "credential-eval", "usmle", "eras"} & set(school)
    assert {"background-check", "drug-screen", "cpr-bls", "immunizations"} <= set(school)


def test_the_ways_to_pay_fit_the_person() -> None:
    assert "gi-bill" in funding(experience="military")
    assert "gi-bill" not in funding()
    assert "employer" in funding(experience="uncertified-ma")
    assert "federal-aid" in funding()


def test_a_cma_already_held_pays_for_its_renewal_only() -> None:
    held = lines(cma_status="current", cma_since=date(2023, 3, 10), experience="uncertified-ma")
    assert set(held) == {"recertify"}
    assert funding(cma_status="current", cma_since=date(2023, 3, 10)) == set()


def test_renewing_by_exam_after_a_lapse_adds_the_reactivation_fee() -> None:
    found = lines(
        cma_status="lapsed",
        cma_expires=date(2025, 3, 31),
        recertify_by="exam",
        experience="uncertified-ma",
    )
    assert found["recertify"].low == 25000 + 5000  # non-member exam fee and reactivation
    assert "reactivation" in found["recertify"].note


def test_a_route_that_does_not_reach_the_exam_has_no_exam_fee(tmp_path: Path) -> None:
    env = init_on(tmp_path, "2026-11-26")
    cli("program", "add", "Nowhere", "--type", "certificate", "--accreditor", "DEAC", env=env)
    cli("program", "choose", "Nowhere", env=env)
    data = json.loads(cli("costs", "--json", env=env).stdout)
    assert "exam" not in {line["key"] for line in data["lines"]}


def test_the_fafsa_is_dated_by_the_school_year_the_program_starts_in() -> None:
    plan = build_plan(make_profile(start_date=date(2027, 8, 2)), today=TODAY)
    found = costs_of(plan, forecast(plan, TODAY))
    note = next(w.note for w in found.funding if w.key == "federal-aid")
    start = forecast(plan, TODAY).get("coursework").start
    ends = forecast(plan, TODAY).get("graduate").due
    year = start.year if start.month >= 7 else start.year - 1
    last = ends.year if ends.month >= 7 else ends.year - 1
    for first in range(year, last + 1):  # a form for each school year the program runs in
        assert f"{first}–{str(first + 1)[2:]} (its form" in note
        assert f"around {first - 1}-10-01" in note
    assert last > year  # a 9-12 month program from August runs into a second school year


# --- as a person uses it -----------------------------------------------------------------------


def read_plan(plan_path: Path) -> dict[str, Any]:
    return tomllib.loads(plan_path.read_text(encoding="utf-8"))


def test_add_set_edit_remove_and_undo(tmp_path: Path, plan_path: Path) -> None:
    env = init_on(tmp_path, "2026-11-26")
    assert "Added line 1: Laptop, $600" in cli("costs", "add", "Laptop", "600", env=env).stdout
    cli("costs", "add", "Pell grant", "3,100.50", "--aid", "--on", "2027-08-01", env=env)
    cli("costs", "set", "background-check", "40-60", env=env)
    saved = read_plan(plan_path)["costs"]
    assert saved[0] == {"what": "Laptop", "amount": "600"}
    assert saved[1]["amount"] == "3100.50"
    assert saved[1]["kind"] == "aid"  # exact, never a float
    assert saved[2] == {"what": "Background check", "amount": "40", "up_to": "60",
                        "line": "background-check"}  # fmt: skip
    cli("costs", "edit", "1", "--amount", "650", "--step", "coursework", env=env)
    data = json.loads(cli("costs", "--json", env=env).stdout)
    laptop = next(line for line in data["lines"] if line["key"] == "1")
    assert laptop["low_cents"] == 65000
    assert laptop["step"] == "coursework"
    assert data["aid_cents"] == {"low": 310050, "high": 310050}
    cli("costs", "remove", "background-check", env=env)
    assert all(c.get("line") != "background-check" for c in read_plan(plan_path)["costs"])
    cli("undo", env=env)
    assert any(c.get("line") == "background-check" for c in read_plan(plan_path)["costs"])
    for _ in range(4):
        cli("undo", env=env)
    assert "costs" not in read_plan(plan_path)


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["add", "Laptop", "nan"], "AMOUNT must be an amount in dollars"),
        (["add", "Laptop", "1e309"], "AMOUNT must be an amount in dollars"),
        (["add", "Laptop", "1_0"], "AMOUNT must be an amount in dollars"),
        (["add", "Laptop", "٣٠٠"], "(300, not"),
        (["add", "Laptop", "--", "-600"], "0 or more"),
        (["add", "Laptop", "€600"], "US dollars"),
        (["add", "Laptop", "600", "--on", "1960-01-01"], "outside your plan"),
        (["add", "Laptop", "600", "--step", "nope"], 'no step "nope"'),
        (["add", "Laptop", "600", "--on", "2027-02-30"], "--on"),
        (["add", "   ", "600"], "WHAT must say"),
        (["add", "x" * 81, "600"], "at most 80 characters"),
        (["add", "Laptop", "60-40"], "upside down"),
        (["set", "drug-screen", "90-60"], "upside down"),  # wrote an unreadable plan once
        (["edit", "1", "--amount", "90-60"], "upside down"),
        (["set", "tuition", "5000"], "program you chose"),
        (["set", "exam", "5"], "the fee the AAMA publishes"),
        (["set", "nope", "5"], 'no line "nope"'),
        (["edit", "3", "--amount", "5"], "no line 3 of yours"),
        (["edit", "1", "--kind", "gift"], "--kind must be cost or aid"),
        (["remove", "9"], "no line 9 of yours"),
        (["remove", "cpr-bls"], "no amount of yours"),
    ],
)
def test_bad_input_is_one_sentence_and_writes_nothing(
    tmp_path: Path, plan_path: Path, args: list[str], words: str
) -> None:
    env = init_on(tmp_path, "2026-11-26")
    cli("costs", "add", "Bus pass", "80", env=env)
    before = plan_path.read_bytes()
    result = cli("costs", *args, env=env, code=None)
    assert result.exit_code != 0
    assert words in result.stderr, result.stderr
    assert result.stderr.count("\n") == 1
    assert plan_path.read_bytes() == before


def test_a_hand_edited_amount_that_is_not_exact_is_refused(tmp_path: Path, plan_path: Path) -> None:
    init_on(tmp_path, "2026-11-26")
    text = plan_path.read_text(encoding="utf-8")
    plan_path.write_text(text + '\n[[costs]]\nwhat = "x"\namount = 1.5\n', encoding="utf-8")
    result = cli("costs", code=65)
    assert "[[costs]] number 1" in result.stderr
    assert "amount" in result.stderr


def test_costs_reach_status_show_compare_and_the_exports(tmp_path: Path) -> None:
    env = init_on(tmp_path, "2026-11-26")
    cli("program", "add", "Valley", "--type", "certificate", "--accreditor", "CAAHEP",
        "--cost", "9500", "--fees", "1,200", "--asks", "background-check", env=env)  # fmt: skip
    cli("program", "choose", "Valley", env=env)
    status = cli("status", env=env).stdout
    assert "Next payment:" in status
    show = cli("show", "coursework", env=env).stdout
    assert "Costs" in show
    assert "$9,500" in show
    assert "$1,200" in show
    checks = cli("show", "entry-checks", env=env).stdout
    assert "Valley asks for it" in checks
    assert "Valley did not list it" in checks
    compare = cli("program", "compare", env=env).stdout
    assert "$10,825 + " in compare  # tuition, fees and the exam fee, known so far
    assert "Known costs" in cli("compare", env=env).stdout
    markdown = cli("export", "markdown", env=env).stdout
    assert "## What it costs" in markdown
    assert "**Tuition**, $9,500" in markdown
    html = cli("export", "html", env=env).stdout
    assert "<h2>What it costs</h2>" in html
    assert "How you might pay" in html
    ics = cli("export", "ics", env=env).stdout
    assert "SUMMARY:Payment due: Tuition ($9\\,500)" in ics


def test_a_name_from_a_person_is_text_everywhere(tmp_path: Path) -> None:
    env = init_on(tmp_path, "2026-11-26")
    cli("costs", "add", "[bold]x[/bold] \x1b[31mred", "5", env=env)
    shown = cli("costs", env=env).stdout
    assert "[bold]x[/bold]" in shown
    assert "\x1b" not in shown


def test_costs_answer_on_every_day_of_eight_years(tmp_path: Path) -> None:
    """`costs` and `status` exit 0 on days spread over eight years of a plan, with progress."""
    env = init_on(tmp_path, "2026-11-26")
    cli("costs", "add", "Laptop", "600", "--step", "coursework", env=env)
    day = date(2026, 11, 26)
    while day < date(2034, 12, 1):
        at = {"CMAPLAN_TODAY": day.isoformat()}
        data = json.loads(cli("costs", "--json", env=at).stdout)
        assert data["today"] == day.isoformat()
        assert all(line["low_cents"] is None or line["low_cents"] >= 0 for line in data["lines"])
        cli("status", env=at)
        day += timedelta(days=97)


def test_each_paid_attempt_keeps_the_fee_of_its_own_application(tmp_path: Path) -> None:
    """#22/#23 review: a failed Category 1 attempt was shown at the next application's
    Category 2 fee, and after the last attempt every fee paid was gone from the costs."""
    env = init_on(tmp_path, "2026-12-04", graduated_on=date(2025, 12, 20))
    cli("check", "exam-apply", "--on", "2026-11-01", env=env)
    cli("check", "exam", "--failed", "--on", "2026-11-20", env=env)
    lines = json.loads(cli("costs", "--json", env=env).stdout)["lines"]
    first = next(line for line in lines if "attempt 1" in line["what"])
    assert first["low_cents"] == 12500  # Category 1: applied 11 months after graduating
    assert first["paid"] is True


def test_every_fee_paid_stays_once_every_attempt_is_used(tmp_path: Path) -> None:
    env = init_on(tmp_path, "2026-12-04", graduated_on=date(2025, 12, 20))
    for applied, failed in (("06-01", "06-20"), ("09-01", "09-20"), ("12-01", "12-03")):
        cli("check", "exam-apply", "--on", f"2026-{applied}", env=env)
        cli("check", "exam", "--failed", "--on", f"2026-{failed}", env=env)
    data = json.loads(cli("costs", "--json", env=env).stdout)
    paid = [line for line in data["lines"] if "attempt" in line["what"]]
    assert len(paid) == 3
    assert data["total_cents"]["low"] == 3 * 12500


def test_a_check_the_chosen_program_does_not_ask_costs_nothing(tmp_path: Path) -> None:
    env = init_on(tmp_path, "2026-12-04")
    cli("program", "add", "Ohio", "--type", "certificate", "--accreditor", "ABHES",
        "--asks", "background-check", env=env)  # fmt: skip
    cli("program", "choose", "Ohio", env=env)
    keys = {line["key"] for line in json.loads(cli("costs", "--json", env=env).stdout)["lines"]}
    assert "background-check" in keys
    assert not {"drug-screen", "cpr-bls", "immunizations"} & keys


def test_money_coming_in_is_said_so_where_a_step_lists_its_costs(tmp_path: Path) -> None:
    env = init_on(tmp_path, "2026-12-04")
    cli("costs", "add", "Pell grant", "3,000", "--aid", "--step", "Coursework", env=env)
    assert "Pell grant (money coming in)" in cli("show", "coursework", env=env).stdout


@given(
    st.lists(
        st.tuples(
            st.sampled_from(["add", "set", "edit", "remove"]),
            st.sampled_from(["45", "90-60", "1,250.50", "0", "40-60", "nan", "-5", "1000000"]),
        ),
        max_size=8,
    )
)
@settings(max_examples=25, deadline=None)
def test_any_accepted_money_commands_leave_a_plan_every_command_reads(
    commands: list[tuple[str, str]],
) -> None:
    """What cmaplan writes, cmaplan reads: whatever costs commands were accepted or refused."""
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        env = {"CMAPLAN_PLAN": f"{folder}/plan.toml", "CMAPLAN_TODAY": "2026-12-04"}
        cli("init", "--example", "high-school-student", env=env)
        for verb, amount in commands:
            words = {
                "add": ["costs", "add", "Laptop", "--", amount],
                "set": ["costs", "set", "drug-screen", "--", amount],
                "edit": ["costs", "edit", "1", "--amount", amount],
                "remove": ["costs", "remove", "1"],
            }[verb]
            cli(*words, env=env, code=None)
        for read in (["costs"], ["status"], ["timeline", "--json"], ["undo"]):
            cli(*read, env=env, code=None if read == ["undo"] else 0)
