"""How a cut of a table's printed rows into blocks reads a stream of numbers (the stream reading's
solver, ``blocks``, tries the cuts): each kind of block, where each of its cells' numbers stands, and
how a proof says it was read.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Sequence
from typing import Literal, NamedTuple

from gipreport.formats import RowSpec


class Block(NamedTuple):
    """Rows ``first`` to ``stop`` (exclusive, indexes into the printed rows), read column by column
    (``down``) or row by row. ``columns``: for a block read down whose total column the text draws
    among its parts (pdfminer's boxes: 「自然人」, four part columns, 「总计」, the last part column), the
    place in the text of each printed column, the parts in their printed order; None: as printed.
    ``apart``: for a block read row by row whose rows' first ``lead`` cells the text draws apart, row
    by row, "before" or "after" the rest of its rows: the first cells of two rows whose label wraps,
    down their column (``pdftotext`` of LibreOffice's prints: 「201 2 | 5 0 0 0 0 206 | 0 0 0 0 0 2」),
    or a run of tall rows that ``pdftotext`` reads as two columns of the page, its first columns' cells
    then the others' (「0 0 0 0 | 5 0 0 0 | 484 28 0 0 | … | 0 0 0 | 0 0 5 | 1 0 513 | …」); "": as
    printed."""

    first: int
    stop: int
    down: bool
    columns: tuple[int, ...] | None = None
    apart: Literal["", "before", "after"] = ""
    lead: int = 1


@functools.cache
def total_elsewhere(width: int, total: int) -> list[tuple[int, ...]]:
    """Each other place in the text a block's total column (``total``) may stand, the part columns in
    their printed order around it: the place in the text of each printed column (``Block.columns``)."""
    found = []
    for place in range(width):
        if place == total:
            continue
        parts = iter(at for at in range(width) if at != place)
        found.append(tuple(place if column == total else next(parts) for column in range(width)))
    return found


def rows_in(block: Block, numbers: Sequence[int], width: int) -> Iterator[tuple[int, ...]]:
    """The rows of a block, read from the numbers row by row or down each column (the same places as
    ``cell_place``, by slices: the solver reads thousands of blocks a table)."""
    size, start = block.stop - block.first, block.first * width
    if block.down:
        places = block.columns or range(width)
        for at in range(size):
            yield tuple(numbers[start + place * size + at] for place in places)
    elif block.apart:
        lead, (leading, rests) = block.lead, _apart_starts(block, width)
        for at in range(size):
            yield (
                *numbers[leading + at * lead : leading + (at + 1) * lead],
                *numbers[rests + at * (width - lead) : rests + (at + 1) * (width - lead)],
            )
    else:
        for at in range(size):
            yield tuple(numbers[start + at * width : start + (at + 1) * width])


def token_of(cut: Sequence[Block], row: int, column: int, width: int) -> int:
    """The position in the stream of a cell's number under ``cut``."""
    block = next(block for block in cut if block.first <= row < block.stop)
    return cell_place(block, row - block.first, column, width)


def cell_place(block: Block, at: int, column: int, width: int) -> int:
    """The position in the stream of the cell in ``column`` of the block's row ``at``."""
    size, start = block.stop - block.first, block.first * width
    if block.down:
        return start + (block.columns[column] if block.columns else column) * size + at
    if not block.apart:
        return start + at * width + column
    lead, (leading, rests) = block.lead, _apart_starts(block, width)
    return leading + at * lead + column if column < lead else rests + at * (width - lead) + column - lead


def _apart_starts(block: Block, width: int) -> tuple[int, int]:
    """Where a block drawn ``apart`` starts its rows' first ``lead`` cells, row by row, and the rest of
    its rows: one after the other, in the order ``apart`` says."""
    size, start, lead = block.stop - block.first, block.first * width, block.lead
    return (start, start + size * lead) if block.apart == "before" else (start + size * (width - lead), start)


def how_read(cut: Sequence[Block], rows: Sequence[RowSpec]) -> str:
    """How a cut reads the numbers, for a proof: the blocks read down their columns (and the order a
    block's columns were drawn in, where its total stands among its parts), and the rows whose first
    cells (or first columns) were drawn apart; else row by row."""
    width = len(rows[0].columns)
    down = [block for block in cut if block.down]
    how = "row by row"
    if down:
        how = "column by column in rows " + ", ".join(
            f"{rows[b.first].label}…{rows[b.stop - 1].label}{_drawn_order(b, width)}" for b in down
        )
    for b in (block for block in cut if block.apart):
        cells = "first cells" if b.lead == 1 else f"first {b.lead} columns' cells"
        how += (
            f", the {cells} of rows {rows[b.first].label}…{rows[b.stop - 1].label} drawn {b.apart} the rest"
        )
    return how


def _drawn_order(block: Block, width: int) -> str:
    """A block read down whose total column the text draws among its parts: the columns' order."""
    if block.columns is None:
        return ""
    drawn = sorted(range(width), key=block.columns.__getitem__)
    return f" (its columns drawn in the order {' '.join(str(column + 1) for column in drawn)})"
