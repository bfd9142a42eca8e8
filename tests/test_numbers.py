"""Numbers in every script, at every door where a person types one (issue 21): an option
(every whole and number parameter of every command), a checklist item (`check ID.N`), a cell
of `ceu import`'s CSV, the interview's hours, and the digits of a date. Only what a person means
is read — the digits 0-9, a sign, a decimal point where a fraction is allowed —; every other
digit of Unicode (category Nd), superscripts, fractions, numerals, underscores, exponents, nan
and inf are one sentence (exit 2 on the command line, 64 in a CSV, asked again in the
interview), never read as another number."""

from __future__ import annotations

import re
import sys
import unicodedata
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from cmaplan.commands.declared import COMMANDS
from cmaplan.commands.reading import read
from cmaplan.commands.table import Command, Param
from cmaplan.core.ceu import read_csv
from cmaplan.core.errors import CmaplanError, CommandLineError, UsageError
from cmaplan.core.knowledge import load_knowledge
from cmaplan.core.model import Plan
from cmaplan.core.numbers import EXACT, LONGEST, NotANumber, parse_number
from cmaplan.core.planner import build_plan, mark
from cmaplan.core.profile import parse_day
from cmaplan.core.schedule import forecast
from cmaplan.core.tracking import Target, parse_target
from cmaplan.interview.questions import questions
from tests.conftest import TODAY, cli, make_profile

ASCII = "0123456789"
EVERY = [chr(c) for c in range(sys.maxunicode + 1)]
# Every decimal digit of Unicode but 0-9 (Arabic-Indic ٣, Devanagari ३, full-width ３, ...).
OTHER_DIGITS = [c for c in EVERY if unicodedata.category(c) == "Nd" and c not in ASCII]
# Other characters Unicode gives a number: superscripts, fractions, Roman and circled numerals.
NUMERIC = [c for c in EVERY if unicodedata.category(c) in ("No", "Nl")]
# What Python reads as a number and a person does not mean as one.
ODD = ["1_0", "1e1", "1E1", "2e-1", "nan", "NaN", "inf", "-inf", "0x1A", "1 0", "−1", "1.5.5"]
ODD += ["", " ", ".", "+", "-", "--1", "+-1", "1+", "١٫٥", "٫", "1" * (LONGEST + 1), "1,5"]


def test_there_are_many_digits_to_refuse() -> None:
    assert len(OTHER_DIGITS) > 600  # Unicode 14 (Python 3.11) has 650 decimal digits
    assert {"٣", "３"} <= set(OTHER_DIGITS)
    assert {"²", "½", "Ⅻ"} <= set(NUMERIC)


# --- the one reading ------------------------------------------------------------------------------

WHOLE = re.compile(r"[+-]?[0-9]+")
DECIMAL = re.compile(r"[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)")


@given(st.text(alphabet=st.sampled_from([*"0123456789+-.,_eE xn٣３²\t"]), max_size=12) | st.text())
@example("9007199254740993")  # 16 digits: a float cannot hold it
def test_a_number_is_digits_a_sign_and_one_point_and_nothing_else(text: str) -> None:
    """Against a plain statement of what a person means: any text is either that, read as
    Python reads it, or refused."""
    bare = text.strip()
    for fraction, form in ((False, WHOLE), (True, DECIMAL)):
        means = form.fullmatch(bare) is not None and len(bare) <= LONGEST
        if not means:
            with pytest.raises(NotANumber, match=r"^must be .*0-9"):
                parse_number(text, fraction=True) if fraction else parse_number(text)
            continue
        digits = len(bare.lstrip("+-").replace(".", "").strip("0"))
        if fraction and digits > EXACT and Decimal(repr(float(bare))) != Decimal(bare):
            with pytest.raises(NotANumber, match=f"at most {EXACT} digits"):
                parse_number(text, fraction=True)  # a fraction is kept to the digit or refused
            continue
        value = parse_number(text, fraction=True) if fraction else parse_number(text)
        assert value == (float(bare) if fraction else int(bare))
        assert type(value) is (float if fraction else int)


@given(st.integers(min_value=-(10**12), max_value=10**12), st.sampled_from(["", " ", "\t"]))
def test_what_a_person_writes_is_what_is_read(number: int, space: str) -> None:
    assert parse_number(f"{space}{number}{space}") == number
    assert parse_number(f"+{number}") == number if number >= 0 else True
    assert parse_number(f"{number}.5", fraction=True) == number + (0.5 if number >= 0 else -0.5)
    assert parse_number(f"{number},5", fraction=True, comma=True) == parse_number(
        f"{number}.5", fraction=True
    )


def test_another_scripts_number_is_named_in_0_9_but_not_read() -> None:
    for digit in OTHER_DIGITS:
        value = unicodedata.decimal(digit)
        with pytest.raises(NotANumber) as refused:
            parse_number(digit * 2)
        assert refused.value.meant == f"{value}{value}", digit
        assert f'({value}{value}, not "{digit * 2}")' in refused.value.words()
    with pytest.raises(NotANumber) as arabic:
        parse_number("٢٫٥", fraction=True)
    assert arabic.value.meant == "2.5"
    for numeral in NUMERIC:  # ², ½, Ⅻ: no number is guessed for them
        with pytest.raises(NotANumber) as refused:
            parse_number(numeral, fraction=True)
        assert refused.value.meant == "", numeral


# --- every door -----------------------------------------------------------------------------------


def _number_params() -> list[tuple[tuple[Command, ...], Param]]:
    found = []
    stack: list[tuple[Command, ...]] = [(c,) for c in COMMANDS]
    while stack:
        path = stack.pop()
        stack += [(*path, sub) for sub in path[-1].subcommands]
        found += [(path, p) for p in path[-1].params if p.value in ("whole", "number")]
    return found


NUMBER_PARAMS = _number_params()


def test_the_doors_are_the_declared_numbers() -> None:
    """Every whole and number parameter of every command is tried below."""
    names = {(" ".join(c.name for c in path), p.name) for path, p in NUMBER_PARAMS}
    assert {("ceu add", "points"), ("ceu remove", "number"), ("program add", "months")} <= names
    assert ("program edit", "pass_rate") in names
    assert len(names) >= 8  # amounts of money have their own door: tests/test_costs.py


def _line(path: tuple[Command, ...], param: Param, text: str) -> list[str]:
    """A command line that gives `param` the value `text` (and every other argument a value)."""
    words = [c.name for c in path]
    for other in path[-1].params:
        if other.kind == "argument" and other is not param:
            words.append("1" if other.value in ("whole", "number") else "x")
    if param.kind == "argument":
        return [*words, "--", text] if text.startswith("-") else [*words, text]
    return [*words, f"{param.words[0]}={text}"]


def _certified() -> Plan:
    plan = build_plan(make_profile(graduated_on=date(2026, 6, 1)), today=TODAY)
    return mark(plan, ["exam-apply", "exam"], done_on=date(2027, 3, 15))


PLAN = _certified()
LATER = forecast(PLAN, date(2028, 6, 1))
HOURS = next(q for q in questions(load_knowledge()) if q.key == "study_hours")


def _refused_as_option(text: str, fraction: bool) -> list[str]:
    said = []
    for path, param in NUMBER_PARAMS:
        if (param.value == "number") != fraction:
            continue
        with pytest.raises(CommandLineError) as refused:
            read(_line(path, param, text))
        assert refused.value.exit_code == 2
        said.append(refused.value.message)
    return said


def _refused_as_item(text: str, fraction: bool) -> list[str]:
    with pytest.raises(CmaplanError) as refused:
        parse_target(PLAN, f"resume.{text}")
    assert isinstance(refused.value, CommandLineError), refused.value.message
    return [refused.value.message]


def _refused_in_csv(text: str, fraction: bool) -> list[str]:
    cell = f'"{text}"' if "," in text else text
    sheet = f"date,area,points,title\n2028-01-10,general,1,A\n2028-01-11,general,{cell},B\n"
    with pytest.raises(UsageError) as refused:
        read_csv(sheet, PLAN, LATER)
    message = refused.value.message
    assert message.startswith("line 3 of the CSV file: points must be "), message
    return [message]


def _refused_as_hours(text: str, fraction: bool) -> list[str]:
    value, error = HOURS.convert(text, {}, TODAY)
    assert value is None, text
    assert error is not None, text
    return [error]


DOORS: dict[str, Callable[[str, bool], list[str]]] = {
    "option": _refused_as_option,
    "item": _refused_as_item,
    "csv": _refused_in_csv,
    "hours": _refused_as_hours,
}
# A numeral where a number goes, alone or among 0-9: "٣", "1٣", "٣.5", " ٣ ".
PLACES = ["{}", "1{}", "{}0", "{}.5", "2.{}", " {} ", "-{}", "{}{}"]


@given(st.sampled_from(sorted(DOORS)), st.sampled_from(PLACES), st.booleans())
@settings(max_examples=60)
def test_every_other_digit_is_refused_at_every_door(door: str, place: str, fraction: bool) -> None:
    """Each example tries every decimal digit of Unicode but 0-9, and every other numeral, at
    one door: each is one sentence that asks for 0-9, and a digit of another script is named as
    the number it would be."""
    if not fraction and "." in place and door != "csv":
        fraction = True  # "٣.5" is tried where a fraction may go
    if door == "item" and "." in place:
        return  # resume.٣.5 is no step of the plan: `test_bad_targets_are_refused`
    refuse = DOORS[door]
    for char in [*OTHER_DIGITS, *NUMERIC]:
        text = place.format(char, char)
        for message in refuse(text, fraction or door == "csv"):
            assert "0-9" in message, (door, text, message)
            assert "\n" not in message
        if door in ("option", "csv") and char in OTHER_DIGITS:
            ascii_text = place.format(*[str(unicodedata.decimal(char))] * 2)
            assert all(f"({ascii_text.strip()}, not" in m for m in refuse(text, True)), text


@pytest.mark.parametrize("door", sorted(DOORS))
@pytest.mark.parametrize("text", ODD)
def test_what_python_reads_as_a_number_is_refused_at_every_door(door: str, text: str) -> None:
    if door == "csv" and text == "1,5":
        return  # a comma-separated cell "1,5" is a number only where cells are separated by ;
    if door == "hours" and not text.strip():
        return  # an empty answer asks again for one ("Please give an answer.")
    if door == "item" and "." in text:
        return  # resume.1.5.5 is no step of the plan: `test_bad_targets_are_refused`
    for message in DOORS[door](text, True):
        assert "0-9" in message or "must be" in message, message


def test_a_date_with_another_scripts_digits_is_refused() -> None:
    for digit in OTHER_DIGITS:
        with pytest.raises(ValueError, match=r"unusual digits|is not a date"):
            parse_day(f"2027-01-1{digit}")


def test_what_a_person_means_still_passes_every_door() -> None:
    assert read(["ceu", "add", "--area", "g", "--title", "t", "--points", " 2.5 "]).params[
        "points"
    ] == pytest.approx(2.5)
    assert read(["ceu", "remove", "+2"]).params["number"] == 2
    assert read(["program", "add", "X", "--months", "-3"]).params["months"] == -3  # range: body
    assert parse_target(PLAN, "resume.1") == Target("resume", 1)
    assert parse_target(PLAN, " Resume.01 ") == Target("resume", 1)
    assert HOURS.convert(" 20 ", {}, TODAY) == (20, None)
    semicolons = "date;area;points;title\n2028-01-10;general;1,5;A\n2028-01-11;clinical;2.;B\n"
    assert [c.points for c in read_csv(semicolons, PLAN, LATER)] == [1.5, 2.0]


# --- the same through the command line, with its exit codes ---------------------------------------

NUMERALS = st.sampled_from([*OTHER_DIGITS, *NUMERIC[:200:7]]) | st.sampled_from(ODD[:12])


@pytest.mark.parametrize(
    "door",
    ["points", "remove", "months", "cost", "pass-rate", "item", "show", "csv"],
)
def test_cmaplan_refuses_other_numerals_in_one_sentence(
    door: str, tmp_path: Path, plan_path: Path
) -> None:
    cli("init", "--example", "recent-graduate")
    cli("check", "exam-apply", "exam", "--on", "2026-11-20")
    cli("ceu", "add", "--area", "general", "--points", "1", "--title", "T")
    cli("program", "add", "Valley College", "--type", "certificate", "--months", "10")
    before = plan_path.read_bytes()
    sheet = tmp_path / "ceus.csv"

    @given(NUMERALS, st.sampled_from(["{}", "1{}", "{}.5"]))
    @settings(max_examples=12, deadline=None)
    def refused(char: str, place: str) -> None:
        text = place.format(char)
        if door == "csv":
            cell = f'"{text}"' if "," in text else text
            sheet.write_text(f"date,area,points,title\n2026-11-21,general,{cell},A\n", "utf-8")
        args, code = {
            "points": (["ceu", "add", "--area", "general", "--title", "T", f"--points={text}"], 2),
            "remove": (["ceu", "remove", "--", text], 2),
            "months": (["program", "add", "X", "--type", "associate", f"--months={text}"], 2),
            "cost": (["program", "edit", "Valley College", f"--cost={text}"], 2),
            "pass-rate": (["program", "edit", "Valley College", f"--pass-rate={text}"], 2),
            "item": (["check", f"resume.{text}"], 2),
            "show": (["show", f"resume.{text}"], 2),
            "csv": (["ceu", "import", str(sheet)], 64),
        }[door]
        if door in ("item", "show") and "." in text:  # resume.٣.5 names no step of the plan
            return
        result = cli(*args, code=code)
        assert result.stderr.startswith("cmaplan: ")
        assert result.stderr.count("\n") == 1
        assert "0-9" in result.stderr or "must be" in result.stderr, result.stderr
        assert plan_path.read_bytes() == before

    refused()


@given(
    st.integers(0, 30).flatmap(
        lambda places: st.decimals(allow_nan=False, allow_infinity=False, places=places)
    )
)
def test_a_fraction_is_read_exactly_or_refused(number: Decimal) -> None:
    """`--points 0.5000000000000000000001` was read as 0.5 (and so passed "in steps of 0.5"),
    and 99999999999999999999999 came back as "1e+23 points": a fraction is what was typed, to
    the digit, or it is refused."""
    text = f"{number:f}"
    if len(text) > LONGEST:
        return
    digits = len(text.lstrip("-").replace(".", "").strip("0"))
    if digits > EXACT and Decimal(repr(float(text))) != Decimal(text):
        with pytest.raises(NotANumber, match=f"at most {EXACT} digits"):
            parse_number(text, fraction=True)
        return
    assert Decimal(repr(parse_number(text, fraction=True))) == Decimal(text)


@pytest.mark.parametrize("typed", ["0.5000000000000000000001", "99999999999999999999999"])
def test_more_digits_than_are_kept_are_refused(typed: str) -> None:
    with pytest.raises(NotANumber) as refused:
        parse_number(typed, fraction=True)
    assert refused.value.fine


@pytest.mark.parametrize("typed", ["1.50000000000000000000", "0000000000000000000002.5", "60"])
def test_zeros_that_change_nothing_are_read(typed: str) -> None:
    assert parse_number(typed, fraction=True) == float(typed)


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        ("0.5000000000000001", "0.5000000000000001 points"),
        ("1000000000000000", "1000000000000000 points"),
    ],
)
def test_points_refused_are_quoted_to_the_digit(plan_path: Path, typed: str, said: str) -> None:
    """0.5000000000000001 was refused as "0.5 points is not allowed", a value that is."""
    cli("init", "--example", "recent-graduate")
    cli("check", "exam-apply", "exam", "--on", "2026-11-20")
    args = ["ceu", "add", "--area", "general", "--title", "T", "--points", typed]
    line = cli(*args, code=64).stderr.strip()
    assert line.startswith(f"cmaplan: {said} is not allowed"), line
