"""`ceu import`'s CSV in every dialect a spreadsheet writes, and at every size (issue 21).

Property tests (hypothesis): a sheet written as Excel, LibreOffice or a hand writes it — comma,
semicolon or tab; CRLF, LF or CR alone; a byte-order mark, UTF-16, cp1252, Mac Roman; Excel's
`sep=` line; quoted cells with separators, quotes and line breaks; columns in any order — is
read as written. A sheet that cannot be read is one sentence naming the line an editor shows:
a quote never closed (where it opened), a cell over the csv module's limit, a row short of the
header's columns (which) or with more cells (which). Never an internal error.
"""

from __future__ import annotations

import io
import re
from datetime import date, timedelta
from pathlib import Path
from typing import NamedTuple

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cmaplan.core.ceu import CSV_COLUMNS, by_provider, read_csv
from cmaplan.core.errors import FieldError, UsageError
from cmaplan.core.model import Plan
from cmaplan.core.plaintext import decode_text
from cmaplan.core.planner import build_plan, mark
from cmaplan.core.schedule import forecast
from tests.conftest import TODAY, cli, make_profile

LIMIT = 131_072  # the csv module's longest cell


def _certified() -> Plan:
    plan = build_plan(make_profile(graduated_on=date(2026, 6, 1)), today=TODAY)
    return mark(plan, ["exam-apply", "exam"], done_on=date(2027, 3, 15))


PLAN = _certified()
LATER = forecast(PLAN, date(2028, 6, 1))
PIECES = [*"abcXYZ 19", ",", ";", "\t", '"', "'", "\n", "\r\n", "\r", "é", "漢"]
TEXT = st.lists(st.sampled_from(PIECES), max_size=20).map(lambda p: "".join(p).strip())
APPROVED = {"yes": True, "no": False, "": True, "Y": True, "TRUE": True, "0": False}


def _approved(row: Ceu) -> bool:
    """An empty cell: approved only without a provider or from the AAMA (#22)."""
    if row.approved:
        return APPROVED[row.approved]
    return by_provider(row.provider)


class Ceu(NamedTuple):
    on: date
    area: str
    points: float
    title: str
    provider: str
    approved: str


ceus = st.builds(
    Ceu,
    st.dates(min_value=date(2027, 3, 15), max_value=date(2028, 6, 1)),
    st.sampled_from(["general", "administrative", "clinical", "Clinical", "admin"]),
    st.integers(min_value=2, max_value=20).map(lambda n: n / 2),  # one contact hour at least
    TEXT.filter(bool),
    TEXT,
    st.sampled_from(sorted(APPROVED)),
)


class Dialect(NamedTuple):
    separator: str
    end: str  # of a line
    quote_all: bool
    declared: bool  # Excel's "sep=;" first line
    encoding: str
    bom: bool
    empty_rows: bool  # Excel's ",,,,," rows at the end
    last_end: bool  # a line end after the last row


dialects = st.builds(
    Dialect,
    st.sampled_from([",", ";", "\t"]),
    st.sampled_from(["\r\n", "\n", "\r"]),
    st.booleans(),
    st.booleans(),
    st.sampled_from(["utf-8", "utf-16", "cp1252", "mac_roman"]),
    st.booleans(),
    st.booleans(),
    st.booleans(),
)


class Raw(str):
    """A cell written as it is, never quoted: a fault put in on purpose."""

    __slots__ = ()


def _cell(value: str, dialect: Dialect) -> str:
    """A cell as a spreadsheet writes it: quoted when it must be (or always), quotes doubled."""
    if isinstance(value, Raw):
        return value
    special = any(c in value for c in (dialect.separator, '"', "\r", "\n"))
    return f'"{value.replace(chr(34), chr(34) * 2)}"' if special or dialect.quote_all else value


def _points(points: float, dialect: Dialect) -> str:
    text = f"{points:g}"
    return text.replace(".", ",") if dialect.separator == ";" else text


def sheet(
    rows: list[list[str]], dialect: Dialect, columns: tuple[str, ...] = CSV_COLUMNS
) -> tuple[str, list[int]]:
    """The CSV text of `rows` under `columns`, and the line each row starts on."""
    lines = [f"sep={dialect.separator}"] if dialect.declared else []
    records = [*lines, dialect.separator.join(_cell(c, dialect) for c in columns)]
    starts = []
    for row in rows:
        before = dialect.end.join(records) + dialect.end
        starts.append(len(io.StringIO(before, newline="").readlines()) + 1)
        records.append(dialect.separator.join(_cell(c, dialect) for c in row))
    if dialect.empty_rows:
        records += [dialect.separator * (len(columns) - 1)] * 2
    return dialect.end.join(records) + (dialect.end if dialect.last_end else ""), starts


def _row(ceu: Ceu, dialect: Dialect, columns: tuple[str, ...]) -> list[str]:
    cells = {
        "date": ceu.on.isoformat(),
        "area": ceu.area,
        "points": _points(ceu.points, dialect),
        "title": ceu.title,
        "provider": ceu.provider,
        "approved": ceu.approved,
        "notes": "kept out",
    }
    return [cells[c] for c in columns]


def _bytes(text: str, dialect: Dialect) -> bytes:
    """The file as it is saved: in its encoding (UTF-8 when the text has letters it lacks)."""
    try:
        raw = text.encode(dialect.encoding)
    except UnicodeEncodeError:
        raw = text.encode("utf-8")
    if dialect.bom and dialect.encoding != "utf-16":
        raw = b"\xef\xbb\xbf" + text.encode("utf-8")
    return raw


def _read(raw: bytes, legacy: str) -> list[tuple[object, ...]]:
    entries = read_csv(decode_text(raw, legacy), PLAN, LATER)
    return [(c.on, c.area.value, c.points, c.title, c.provider, c.approved) for c in entries]


AREAS = {"general": "general", "administrative": "administrative", "clinical": "clinical"}
AREAS |= {"Clinical": "clinical", "admin": "administrative"}


@given(
    st.lists(ceus, min_size=1, max_size=8),
    dialects,
    st.permutations([*CSV_COLUMNS, "notes"]),
)
@settings(max_examples=150)
def test_every_dialect_a_spreadsheet_writes_is_read_as_written(
    rows: list[Ceu], dialect: Dialect, order: list[str]
) -> None:
    columns = tuple(order)
    text, _ = sheet([_row(r, dialect, columns) for r in rows], dialect, columns)
    expected = [(r.on, AREAS[r.area], r.points, r.title, r.provider, _approved(r)) for r in rows]
    legacy = dialect.encoding if dialect.encoding in ("cp1252", "mac_roman") else "cp1252"
    assert _read(_bytes(text, dialect), legacy) == expected


# --- what cannot be read, named by its line ------------------------------------------------------


def _refusal(text: str) -> str:
    with pytest.raises(UsageError) as refused:
        read_csv(text, PLAN, LATER)
    message = refused.value.message
    assert "\n" not in message
    assert message.endswith("nothing was imported"), message
    return message


@given(st.lists(ceus, min_size=1, max_size=6), dialects, st.data())
@settings(max_examples=100)
def test_an_unclosed_quote_is_named_where_it_opened(
    rows: list[Ceu], dialect: Dialect, data: st.DataObject
) -> None:
    """A quote left open makes the rest of the file one cell: refused, at the line it opened
    on (also when the rest is longer than the csv module reads)."""
    quiet = dialect._replace(quote_all=False)
    plain = [r._replace(title="T", provider="P") for r in rows]  # no quote closes it later
    cells = [_row(r, quiet, CSV_COLUMNS) for r in plain]
    at = data.draw(st.integers(min_value=0, max_value=len(cells) - 1))
    column = data.draw(st.integers(min_value=0, max_value=len(CSV_COLUMNS) - 1))
    run = "x" * (LIMIT + 10) if data.draw(st.booleans()) else ""  # past the csv limit
    cells[at][column] = Raw('"' + cells[at][column] + run)
    text, starts = sheet(cells, quiet)
    message = _refusal(text)
    assert message.startswith(f'line {starts[at]} of the CSV file opens a quote (") that is '), (
        message
    )


@given(st.lists(ceus, min_size=2, max_size=6), dialects, st.data())
@settings(max_examples=100)
def test_a_quote_left_open_and_closed_rows_later_is_named_where_it_opened(
    rows: list[Ceu], dialect: Dialect, data: st.DataObject
) -> None:
    """A title's closing quote forgotten, and a later title's quote closing it: the rows
    between would be one cell, and one CEU fewer imported with a wrong title. Refused, naming
    the line the quote opened on and the first line it swallowed."""
    quiet = dialect._replace(quote_all=False)
    plain = [r._replace(title=f"T{n}", provider="P") for n, r in enumerate(rows)]
    cells = [_row(r, quiet, CSV_COLUMNS) for r in plain]
    opened = data.draw(st.integers(min_value=0, max_value=len(cells) - 2))
    closed = data.draw(st.integers(min_value=opened + 1, max_value=len(cells) - 1))
    cells[opened][3] = Raw(f'"T{opened}')
    cells[closed][3] = Raw(f'T{closed}"')
    text, starts = sheet(cells, quiet)
    assert _refusal(text) == (
        f'line {starts[opened]} of the CSV file opens a quote (") that closes on a later line, '
        f"so line {starts[opened] + 1}, which looks like a CEU of its own, would be read as part "
        f"of a cell: close the quote on line {starts[opened]}; nothing was imported"
    )


@given(st.lists(ceus, min_size=2, max_size=6), dialects, st.data())
@settings(max_examples=60)
def test_a_cell_past_the_csv_limit_names_its_line(
    rows: list[Ceu], dialect: Dialect, data: st.DataObject
) -> None:
    """The line an editor shows the cell on: line breaks in the cells before it count."""
    cells = [_row(r, dialect, CSV_COLUMNS) for r in rows]
    cells[0][3] = "two\nlines"  # the rows' numbers and the lines' differ below this one
    at = data.draw(st.integers(min_value=1, max_value=len(cells) - 1))
    size = data.draw(st.integers(min_value=LIMIT + 1, max_value=LIMIT + 5_000))
    column = data.draw(st.sampled_from([3, 4]))
    cells[at][column] = "x" * size
    text, starts = sheet(cells, dialect)
    message = _refusal(text)
    before = "".join(_cell(c, dialect) for c in cells[at][:column])  # its row's cells before it
    line = starts[at] + len(re.findall(r"\r\n|\r|\n", before))  # the line the cell starts on
    assert message.startswith(f"line {line} of the CSV file has a cell longer than 131,072")


@given(st.lists(ceus, min_size=1, max_size=5), dialects, st.data())
@settings(max_examples=80)
def test_a_short_or_long_row_says_what_is_missing_or_extra(
    rows: list[Ceu], dialect: Dialect, data: st.DataObject
) -> None:
    cells = [_row(r, dialect, CSV_COLUMNS) for r in rows]
    at = data.draw(st.integers(min_value=0, max_value=len(cells) - 1))
    if data.draw(st.booleans()):
        kept = data.draw(st.integers(min_value=1, max_value=len(CSV_COLUMNS) - 1))
        lacking = CSV_COLUMNS[kept:]
        cells[at] = cells[at][:kept]
        text, starts = sheet(cells, dialect)
        message = _refusal(text)
        names = ", ".join(lacking[:-1]) + " and " + lacking[-1] if len(lacking) > 1 else lacking[0]
        assert message.startswith(
            f"line {starts[at]} of the CSV file has {kept} cell{'s' * (kept > 1)} for the "
            "header's 6 columns, "
            f"none for {names}: "
        ), message
    else:
        extra = data.draw(st.lists(st.sampled_from(["x", "AAMA", "2"]), min_size=1, max_size=4))
        cells[at] += extra
        text, starts = sheet(cells, dialect)
        message = _refusal(text)
        assert message.startswith(
            f"line {starts[at]} of the CSV file has more cells than the header's 6 columns ("
            + ", ".join(f'"{e}"' for e in extra[:3])
        ), message


HEAD = "date,area,points,title\n2028-01-10,general,1,"
REFUSED = [
    (HEAD + '"Dr. "Bob" Smith"\n', 'line 2 of the CSV file has a quote (") inside a quoted cell'),
    (HEAD + '"Ethics" \n', "line 2 of the CSV file has a space after a quoted cell's closing"),
    (HEAD + '"Eth\n2028-01-11,general,1,"Law"\n', "line 2 of the CSV file opens a quote (\") "
     "that runs on to line 3"),
    ("date,area,points,title,title\n", "line 1 of the CSV file names the column \"title\" more"),
    ("sep=;\r\ndate;area;points;title\r\n2028-01-10;general;1\r\n", "line 3 of the CSV file "
     "has 3 cells for the header's 4 columns, none for title: an empty cell still needs its "
     "semicolon"),
    ("date\tarea\tpoints\ttitle\n2028-01-10\tgeneral\t1\tA\tB\n", "line 2 of the CSV file has "
     'more cells than the header\'s 4 columns ("B"): a cell that holds a tab goes in double'),
]  # fmt: skip


@pytest.mark.parametrize(("text", "said"), REFUSED)
def test_a_sheet_that_cannot_be_read_is_one_sentence(text: str, said: str) -> None:
    assert _refusal(text).startswith(said)


def test_empty_cells_after_the_last_column_and_unknown_columns_are_passed_over() -> None:
    text = "date,area,points,title,notes,,\n2028-01-10,general,1,A,x,,\n2028-01-11,general,2,B,,,\n"
    assert [c.points for c in read_csv(text, PLAN, LATER)] == [1, 2]


@given(
    st.lists(ceus, min_size=1, max_size=4),
    dialects,
    st.lists(
        st.tuples(
            st.integers(min_value=0, max_value=10_000),
            st.sampled_from(['"', ",", ";", "\t", "\r", "\n", "\r\n", "x" * 140_000, " ", "é"]),
        ),
        max_size=4,
    ),
)
@settings(max_examples=150)
def test_a_mangled_sheet_is_read_or_refused_in_one_sentence(
    rows: list[Ceu], dialect: Dialect, changes: list[tuple[int, str]]
) -> None:
    """Quotes, separators, line breaks and long runs anywhere: a list of CEUs or a sentence
    that names a line the file has — never another error."""
    text, _ = sheet([_row(r, dialect, CSV_COLUMNS) for r in rows], dialect)
    for at, piece in changes:
        where = at % (len(text) + 1)
        text = text[:where] + piece + text[where:]
    try:
        read_csv(text, PLAN, LATER)
    except UsageError as refused:  # a FieldError quotes its value: the door makes it visible
        message = refused.message
        assert "\n" not in message
        if message.startswith("line "):  # the line a quote opened on, a row starts on
            line = int(message.split()[1])
            assert 1 <= line <= len(io.StringIO(text, newline="").readlines()), message
    except FieldError as refused:  # a field of a row (an emptied title): `ceu import` words it
        where = refused.at
        line = int(where.split()[1])
        assert 1 <= line <= len(io.StringIO(text, newline="").readlines()), where


# --- the same through `cmaplan ceu import`, with its exit codes ----------------------------------


def test_cmaplan_imports_every_dialect_and_refuses_with_exit_64(
    tmp_path: Path, plan_path: Path
) -> None:
    cli("init", "--example", "recent-graduate")
    cli("check", "exam-apply", "exam", "--on", "2026-11-20")
    base = plan_path.read_bytes()
    file = tmp_path / "ceus.csv"
    day = date(2026, 11, 21)

    @given(st.lists(ceus, min_size=1, max_size=3), dialects, st.sampled_from(["", "open", "big"]))
    @settings(max_examples=25, deadline=None)
    def imported(rows: list[Ceu], dialect: Dialect, fault: str) -> None:
        plan_path.write_bytes(base)
        rows = [r._replace(on=day + timedelta(days=n % 5)) for n, r in enumerate(rows)]
        if fault:  # nothing that would close the quote left open, nothing past the file limit
            rows = [r._replace(title="T", provider="P") for r in rows]
            dialect = dialect._replace(quote_all=False, encoding="utf-8")
        cells = [_row(r, dialect, CSV_COLUMNS) for r in rows]
        if fault == "open":
            cells[-1][3] = Raw('"T')
        if fault == "big":
            cells[-1][3] = "x" * (LIMIT + 1)
        text, starts = sheet(cells, dialect)
        file.write_bytes(_bytes(text, dialect))
        result = cli("ceu", "import", str(file), code=64 if fault else 0)
        if fault:
            assert result.stderr.startswith(f"cmaplan: line {starts[-1]} of the CSV file ")
            assert result.stderr.count("\n") == 1
            assert plan_path.read_bytes() == base
        else:
            assert f"Imported {len(rows)} CEU" in result.stdout

    imported()
