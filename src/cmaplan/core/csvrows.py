"""The rows of a CSV file as a spreadsheet saves it, each with the line it starts on (core layer,
stdlib only): what `ceu import` reads before any cell is checked.

Lines end in CRLF, LF or CR alone (Excel on an older Mac), and are numbered as an editor numbers
them. The separator is what Excel's `sep=;` first line names, else what splits the header best:
a comma, a semicolon (Excel where the decimal mark is a comma) or a tab. A quoted cell may hold
the separator, doubled quotes and line breaks. Whatever else the text holds, a row is read as
its writer meant it or refused with one sentence that names its line: a quote never closed (the
line it opened on), a quote inside a quoted cell, a cell longer than the csv module reads, a
row with fewer cells than the header has columns or with more, a quote left open that another
row's quote closes (the rows between would be one cell).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from typing import NamedTuple

from cmaplan.core.errors import UsageError
from cmaplan.core.numbers import quoted
from cmaplan.core.plaintext import plural, visible

_SEPARATORS = {",": "comma", ";": "semicolon", "\t": "tab"}
_DECLARED = re.compile(r'"?sep=(.)"?\s*')  # Excel's first line: "sep=;"


class Row(NamedTuple):
    """A row under the header: the line it starts on (from 1, as an editor counts), and its
    cells by column name, stripped of spaces around them."""

    line: int
    cells: dict[str, str]


class Sheet(NamedTuple):
    """A CSV file's header (its column names, stripped, in lower case), its separator, and its
    rows, read one by one (a fault further down is found when the reading gets there)."""

    header: list[str]
    separator: str
    rows: Iterator[Row]


class _Lines:
    """The lines of the text, counted as the csv reader takes them."""

    def __init__(self, lines: list[str], first: int) -> None:
        self.lines, self.taken = lines, first  # lines before `first` are not the reader's

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        if self.taken >= len(self.lines):
            raise StopIteration
        self.taken += 1
        return self.lines[self.taken - 1]


def read_sheet(text: str) -> Sheet:
    """The header and rows of CSV `text`; UsageError for a fault in the header (each row's
    fault is raised as the rows are read)."""
    lines = io.StringIO(text, newline="").readlines()  # CRLF, LF and CR alone, as editors
    declared = _DECLARED.fullmatch(lines[0]) if lines else None
    skipped = 1 if declared else 0  # Excel's "sep=;" line says the separator itself
    if declared:
        separator = declared.group(1)
    else:
        first = lines[skipped] if len(lines) > skipped else ""
        separator = max(",;\t", key=lambda mark: (first.count(mark), mark == ","))
    source = _Lines(lines, skipped)
    reader = csv.reader(source, delimiter=separator, strict=True, skipinitialspace=True)
    record = _record(reader, source, lines, separator)
    line, names = next(record, (skipped + 1, []))
    header = [name.strip().lower() for name in names]
    while header and not header[-1]:  # the empty columns Excel leaves after the last
        header.pop()
    repeated = sorted({name for name in header if name and header.count(name) > 1})
    if repeated:
        raise UsageError(
            f'line {line} of the CSV file names the column "{quoted(repeated[0])}" more than once: '
            "keep one of them; nothing was imported"
        )
    return Sheet(header, separator, _rows(record, header, separator))


def _record(
    reader: Iterator[list[str]], source: _Lines, lines: list[str], separator: str
) -> Iterator[tuple[int, list[str]]]:
    """Each record with the line it starts on; a record the csv module cannot read is one
    sentence naming its line."""
    while True:
        start = source.taken + 1
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error:
            raise UsageError(_fault(lines, start, separator)) from None
        yield start, cells


def _rows(
    record: Iterator[tuple[int, list[str]]], header: list[str], separator: str
) -> Iterator[Row]:
    """The rows under the header; rows with every cell empty (Excel writes them) are passed
    over, and a row short of the header's columns, or with cells beyond them, is refused."""
    width = len(header)
    for line, cells in record:
        stripped = [cell.strip() for cell in cells]
        if not any(stripped):
            continue
        if len(stripped) < width:
            raise UsageError(_short(line, stripped, header, separator))
        extra = [cell for cell in stripped[width:] if cell]
        if extra:
            raise UsageError(_beyond(line, extra, width, separator))
        swallowed = _swallowed(line, cells, width, separator)
        if swallowed:
            raise UsageError(swallowed)
        named = zip(header, stripped[:width], strict=True)
        yield Row(line, {name: cell for name, cell in named if name})


_DAY = re.compile(r"\b[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}\b")  # a date as the CSV gives it


def _swallowed(line: int, cells: list[str], width: int, separator: str) -> str:
    """A sentence when a quoted cell holds a line that reads as a row of its own (a date and a
    separator): a quote left open and closed by a quote further down, which would make
    the rows between into one cell and import one CEU fewer with a wrong title. Empty if not."""
    starts = line
    for cell in cells:
        breaks = re.split(r"\r\n|\r|\n", cell)
        for number, text in enumerate(breaks[1:], 1):
            if separator in text and _DAY.search(text):
                return (
                    f'line {starts} of the CSV file opens a quote (") that closes on a later '
                    f"line, so line {starts + number}, which looks like a CEU of its own, would "
                    f"be read as part of a cell: close the quote on line {starts}; nothing was "
                    "imported"
                )
        starts += len(breaks) - 1
    return ""


def _short(line: int, cells: list[str], header: list[str], separator: str) -> str:
    lacking = [quoted(name) for name in header[len(cells) :] if name]  # the last has a name
    names = ", ".join(lacking[:-1]) + " and " + lacking[-1] if len(lacking) > 1 else lacking[0]
    return (
        f"line {line} of the CSV file has {plural(len(cells), 'cell')} for the header's "
        f"{len(header)} columns, none for {names}: an empty cell still needs its "
        f"{_name(separator)}; nothing was imported"
    )


def _beyond(line: int, extra: list[str], width: int, separator: str) -> str:
    shown = ", ".join(f'"{quoted(cell)}"' for cell in extra[:3]) + (", ..." if extra[3:] else "")
    return (
        f"line {line} of the CSV file has more cells than the header's {width} columns "
        f"({shown}): a cell that holds a {_name(separator)} goes in double quotes; "
        "nothing was imported"
    )


def _name(separator: str) -> str:
    return _SEPARATORS.get(separator, f'"{visible(separator)}"')


def _fault(lines: list[str], start: int, separator: str) -> str:
    """Why the record that starts on line `start` (from 1) cannot be read, as a sentence naming
    the line: a quote never closed (the line it opened on), a quote inside a quoted cell, or a
    cell longer than the csv module reads (the line the cell starts on; a quoted one that runs
    to the end of the file is the quote never closed). Walks the record as the csv module does:
    strict, spaces passed over at the start of a cell."""
    limit = csv.field_size_limit()
    state, opened, began, size, long = "start", start, start, 0, 0
    for number, text in enumerate(lines[start - 1 :], start):
        for char in text:
            if state == "quoted":
                state, size = ("closing", size) if char == '"' else ("quoted", size + 1)
            elif state == "closing" and char == '"':
                state, size = "quoted", size + 1
            elif state == "closing" and char not in (separator, "\r", "\n"):
                return _stray(number, char, opened)
            elif char == separator:
                state, began, size = "start", number, 0
            elif char in "\r\n":
                return _long(long, limit) if long else _unreadable(start)
            elif state == "start" and char == '"':
                state, opened, began = "quoted", number, number
            elif not (state == "start" and char == " "):
                state, size = "plain", size + 1
            if size > limit and not long:
                long = began
                if state != "quoted":  # a quoted cell may yet be the quote never closed
                    return _long(long, limit)
    if state == "quoted":
        return (
            f'line {opened} of the CSV file opens a quote (") that is never closed: close it or '
            "remove it; nothing was imported"
        )
    return _long(long, limit) if long else _unreadable(start)


def _long(line: int, limit: int) -> str:
    return (
        f"line {line} of the CSV file has a cell longer than {limit:,} characters, which no CEU "
        "has: check that it is the file you meant; nothing was imported"
    )


def _unreadable(line: int) -> str:
    return f"line {line} of the CSV file cannot be read as CSV; nothing was imported"


def _stray(line: int, char: str, opened: int) -> str:
    """A quoted cell's closing quote with more than the separator after it."""
    if opened != line:  # most likely a quote left open on `opened`, closed by another's
        return (
            f'line {opened} of the CSV file opens a quote (") that runs on to line {line}: '
            'close it on its line, and write a quote inside a quoted cell twice (""); '
            "nothing was imported"
        )
    if char.isspace():
        return (
            f"line {line} of the CSV file has a space after a quoted cell's closing quote: "
            "remove it; nothing was imported"
        )
    return (
        f'line {line} of the CSV file has a quote (") inside a quoted cell: write it twice ("") '
        "to keep it; nothing was imported"
    )
