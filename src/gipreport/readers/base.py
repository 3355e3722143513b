"""What every document reader shares: a grid of table cells with merged cells expanded, turned into
the same ``Layout`` the text path builds, and the order its parts came in.

A reader walks its document in order and hands this module paragraphs (prose) and tables (rows of
cells, each with its span). ``LayoutBuilder`` numbers the parts in document order: a part's
``Line.number`` is its source line (HTML), paragraph ordinal (DOCX) or page (PDF), and its column
is its place in document order, so that prose and tables sort as the document has them.
"""

from __future__ import annotations

from collections.abc import Sequence

import attrs

from gipreport.grid import grid_columns
from gipreport.layout import Block, Layout, Row
from gipreport.normalize import Line, normalize_line, remove_zero_width

MAX_READER_CELLS = 64
MAX_SPAN = 100


@attrs.frozen
class SourceCell:
    """One cell of a document table: its text, where it is (line) and how far it spans."""

    text: str
    line: int
    rowspan: int = 1
    colspan: int = 1


def grid_rows(
    rows: Sequence[Sequence[SourceCell]],
) -> tuple[list[list[tuple[SourceCell, int]]], list[tuple[int, str]]]:
    """The table's rows as each row's own cells with the grid column each starts at; a cell covered by
    a merged cell from a row above is left out (a merged label is never read as a value twice).
    Also says what looked wrong: value cells spanning columns (a misaligned row, reported, not guessed)."""
    rows = [row[: MAX_READER_CELLS + 1] for row in rows]  # one more than kept, to know a row was cut
    starts, _ = grid_columns(rows)
    placed: list[list[tuple[SourceCell, int]]] = []
    notes: list[tuple[int, str]] = []
    for row, row_starts in zip(rows, starts, strict=True):
        kept = list(zip(row, row_starts, strict=True))
        numbers = [cell for cell, _ in kept if _is_number(cell.text)]
        # One number may span the rest of its row (a one-column sub-table); among several, a number
        # spanning columns leaves the others under the wrong headings: reported, not guessed.
        if len(numbers) > 1:
            notes.extend(
                (cell.line, f"the number 「{cell.text.strip()}」 spans {cell.colspan} columns of its row")
                for cell in numbers
                if cell.colspan > 1
            )
        placed.append(kept)
    return placed, notes


def span_of(value: str | None) -> int:
    """A rowspan/colspan/gridSpan attribute as a span: junk is 1, and no span is wider than
    ``MAX_SPAN`` (real tables span a few rows; a hostile page should not cost a grid of millions)."""
    try:
        return max(1, min(int(value or 1), MAX_SPAN))
    except ValueError:
        return 1


def _is_number(text: str) -> bool:
    return normalize_line(text).strip().replace(",", "").replace(".", "", 1).isdigit()


@attrs.define
class LayoutBuilder:
    """Collects a document's prose and tables in order and builds its Layout."""

    source: str
    prose: list[Line] = attrs.Factory(list)
    blocks: list[Block] = attrs.Factory(list)
    order: int = 0

    def paragraph(self, text: str, line: int) -> None:
        text = remove_zero_width(text)
        if not text.strip():
            return
        self.order += 1
        self.prose.append(Line(line, normalize_line(text), text, self.order))

    def table(self, rows: Sequence[Sequence[SourceCell]]) -> list[tuple[int, str]]:
        """Add a table; returns notes on what looked wrong in it."""
        placed, notes = grid_rows(rows)
        built: list[Row] = []
        for cells in placed:
            texts = [remove_zero_width(cell.text) for cell, _ in cells][:MAX_READER_CELLS]
            if not any(text.strip() for text in texts):
                continue
            lines = [cell.line for cell, _ in cells][:MAX_READER_CELLS]
            built.append(
                Row(
                    line=lines[0],
                    texts=tuple(normalize_line(text).strip() for text in texts),
                    raws=tuple(texts),
                    cell_lines=tuple((line,) for line in lines),
                    cut=len(cells) > MAX_READER_CELLS,
                )
            )
        if built:
            self.order += 1
            self.blocks.append(
                Block(self.source, built[0].line, built[-1].line, tuple(built), first_column=self.order)
            )
        return notes

    def layout(self) -> Layout:
        return Layout(blocks=tuple(self.blocks), prose=tuple(self.prose), source=self.source)
