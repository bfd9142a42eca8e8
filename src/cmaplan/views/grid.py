"""Borderless columns of text under a title, for the daily view (views layer).

`cmaplan status` runs many times a day; rich's Table would add its whole layout machinery to
each run. These columns need much less: cells side by side, two spaces apart; columns that may
fold share what room the others leave, the rest keep their width.
"""

from __future__ import annotations

from typing import NamedTuple

from rich.console import Console, ConsoleOptions, RenderResult
from rich.text import Text

GAP = 2


class Column(NamedTuple):
    """How one column behaves: folded to fit (else kept whole), its style, its narrowest."""

    fold: bool = False
    style: str = ""
    min_width: int = 1


class Grid:
    """Rows of cells in columns, under a bold title."""

    def __init__(self, title: str, *columns: Column) -> None:
        self.title = title
        self.columns = columns
        self.rows: list[tuple[Text, ...]] = []

    def add_row(self, *cells: Text | str) -> None:
        self.rows.append(tuple(c if isinstance(c, Text) else Text(c) for c in cells))

    def widths(self, room: int) -> list[int]:
        """Each column's width: its widest cell, folding columns narrowed to fit `room`."""
        natural = [
            max((row[n].cell_len for row in self.rows), default=0) for n in range(len(self.columns))
        ]
        widths = [
            max(w, c.min_width if c.fold else w) for w, c in zip(natural, self.columns, strict=True)
        ]
        over = sum(widths) + GAP * (len(widths) - 1) - room
        folding = [n for n, c in enumerate(self.columns) if c.fold]
        while over > 0 and folding:
            # Take from the widest folding column that can still give, one cell at a time.
            can = [n for n in folding if widths[n] > self.columns[n].min_width]
            if not can:
                break
            widest = max(can, key=lambda n: widths[n])
            widths[widest] -= 1
            over -= 1
        return widths

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield Text(self.title, style="bold")
        room = options.max_width
        widths = self.widths(room)
        if sum(widths) + GAP * (len(widths) - 1) > room:
            yield from self._stacked(console, room)
            return
        last = len(widths) - 1
        for row in self.rows:
            cells: list[list[Text]] = []
            for cell, column, width in zip(row, self.columns, widths, strict=True):
                lines = self._styled(cell, column).wrap(
                    console, width, overflow="fold", no_wrap=not column.fold
                )
                cells.append(list(lines) or [Text()])
            for k in range(max(len(folded) for folded in cells)):
                line = Text(no_wrap=True)
                for n, folded in enumerate(cells):
                    piece = folded[k].copy() if k < len(folded) else Text()
                    if n < last:
                        piece.truncate(widths[n], overflow="crop", pad=True)  # in cells
                        piece.append(" " * GAP)
                    line.append_text(piece)
                line.rstrip()
                yield line

    def _stacked(self, console: Console, room: int) -> RenderResult:
        """Too narrow for columns: the cells kept whole on one line, the folding ones under
        them."""
        for row in self.rows:
            head = Text(" ").join(
                self._styled(cell, column)
                for cell, column in zip(row, self.columns, strict=True)
                if not column.fold
            )
            yield head
            for cell, column in zip(row, self.columns, strict=True):
                if column.fold:
                    for line in self._styled(cell, column).wrap(
                        console, max(room - 2, 1), overflow="fold"
                    ):
                        yield Text("  ").append_text(line)

    @staticmethod
    def _styled(cell: Text, column: Column) -> Text:
        cell = cell.copy()
        if column.style:
            cell.stylize_before(column.style)
        return cell
