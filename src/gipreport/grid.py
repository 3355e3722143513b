"""Where the cells of a table with merged cells sit: one walk shared by the document readers (which
expand rowspan/colspan, gridSpan/vMerge) and the document renderers (which draw them).

A row lists only the cells that start in it; a cell merged down from a row above takes its columns,
so the next cell of the row starts after them. This is how HTML, Word and the national format's
drawings all put a table with merged cells into rows.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

MAX_GRID_COLUMNS = 1024  # report tables are 10 columns wide; past this a page is hostile, not a table


class Spanning(Protocol):
    """A cell that may cover more than one row or column."""

    @property
    def rowspan(self) -> int: ...

    @property
    def colspan(self) -> int: ...


def grid_columns(rows: Sequence[Sequence[Spanning]]) -> tuple[list[list[int]], list[int]]:
    """The grid column each cell of each row starts at, and where each row ends (the grid's width is
    the largest end).

    A span below 1 counts as 1 (as browsers do). Each column remembers the row its merged cell ends
    before and the column after it, so a row skips a merged cell from above in one step: the cost does
    not grow with rowspans or colspans (hostile pages carry rowspan="10000"). Cells are placed only up
    to ``MAX_GRID_COLUMNS``; a cell past it starts there and covers nothing.
    """
    covered: dict[int, tuple[int, int]] = {}  # column -> (first row below its merged cell, column after it)
    starts: list[list[int]] = []
    ends: list[int] = []
    for row_index, row in enumerate(rows):
        column = 0
        row_starts: list[int] = []
        for cell in row:
            column = _skip_covered(covered, row_index, column)
            row_starts.append(column)
            width = max(cell.colspan, 1)
            below = row_index + max(cell.rowspan, 1)
            if column + width <= MAX_GRID_COLUMNS:
                for across in range(column, column + width):
                    until, after = covered.get(across, (0, 0))
                    covered[across] = (below, column + width) if below >= until else (until, after)
            column = min(column + width, MAX_GRID_COLUMNS)
        column = _skip_covered(covered, row_index, column)  # merged cells from above that end the row
        starts.append(row_starts)
        ends.append(column)
    return starts, ends


def _skip_covered(covered: dict[int, tuple[int, int]], row_index: int, column: int) -> int:
    while column < MAX_GRID_COLUMNS:
        until, after = covered.get(column, (0, 0))
        if until <= row_index:
            break
        column = max(after, column + 1)
    return column
