"""What every document reader shares: a grid of table cells with merged cells expanded, turned into
the same ``Layout`` the text path builds, and the order its parts came in.

A reader walks its document in order and hands this module paragraphs (prose) and tables (rows of
cells, each with its span). ``LayoutBuilder`` numbers the parts in document order: a part's
``Line.number`` is its source line (HTML), paragraph ordinal (DOCX) or page (PDF), and its column
is its place in document order, so that prose and tables sort as the document has them. Each table
cell keeps its grid column (merged cells expanded) as its ``column``. The prose then goes through
the text path's own layout detection, so a table printed as text inside the document (TAB or
space-aligned rows in ``<pre>`` or ``<p>``, a Word paragraph per row) is read as the same text
would be by ``parse``: one entrance for text and documents.
"""

from __future__ import annotations

from collections.abc import Sequence

import attrs

from gipreport.grid import grid_columns
from gipreport.layout import Block, Layout, Row, detect_layout
from gipreport.normalize import Line, NormalizedText, normalize_line, remove_zero_width

MAX_READER_CELLS = 64
MAX_SPAN = 100


@attrs.frozen
class SourceCell:
    """One cell of a document table: its text, where it is (line) and how far it spans."""

    text: str
    line: int
    rowspan: int = 1
    colspan: int = 1


def span_of(value: str | None) -> int:
    """A rowspan/colspan/gridSpan attribute as a span: junk is 1, and no span is wider than
    ``MAX_SPAN`` (real tables span a few rows; a hostile page should not cost a grid of millions)."""
    if value is None:  # most cells: no attribute, nothing to convert
        return 1
    try:
        return max(1, min(int(value or 1), MAX_SPAN))
    except ValueError:
        return 1


def _is_number(normalized: str) -> bool:
    return normalized.replace(",", "").replace(".", "", 1).isdigit()


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

    def table(
        self, rows: Sequence[Sequence[SourceCell]], *, continues: bool = False
    ) -> list[tuple[int, str]]:
        """Add a table (``continues``: the rest of the last one, which a page break cut); returns notes
        on what looked wrong in it."""
        # Each row's own cells with the grid column each starts at (merged cells expanded): a cell
        # covered by a merged cell from a row above is not in the row, so a merged label is never
        # read as a value twice.
        rows = [row[: MAX_READER_CELLS + 1] for row in rows]  # one more than kept, to know a row was cut
        starts, _ = grid_columns(rows)
        notes: list[tuple[int, str]] = []
        built: list[Row] = []
        for row, row_starts in zip(rows, starts, strict=True):
            cells = row[:MAX_READER_CELLS]
            raws = [remove_zero_width(cell.text) for cell in cells]
            texts = [normalize_line(raw).strip() for raw in raws]
            # One number may span the rest of its row (a one-column sub-table); among several, a
            # number spanning columns leaves the others under the wrong headings: reported, not guessed.
            spanning = [
                cell for cell, text in zip(cells, texts, strict=True) if cell.colspan > 1 and _is_number(text)
            ]
            if spanning and sum(map(_is_number, texts)) > 1:
                notes.extend(
                    (cell.line, f"the number 「{cell.text.strip()}」 spans {cell.colspan} columns of its row")
                    for cell in spanning
                )
            if not any(raw.strip() for raw in raws):
                continue
            built.append(
                Row(
                    line=cells[0].line,
                    texts=tuple(texts),
                    raws=tuple(raws),
                    cell_lines=tuple((cell.line,) for cell in cells),
                    columns=tuple(start + 1 for start in row_starts[:MAX_READER_CELLS]),  # 1-based
                    cut=len(row) > MAX_READER_CELLS,
                )
            )
        if built and continues and self.blocks:
            last = self.blocks[-1]
            self.blocks[-1] = attrs.evolve(last, last_line=built[-1].line, rows=(*last.rows, *built))
        elif built:
            self.order += 1
            self.blocks.append(
                Block(self.source, built[0].line, built[-1].line, tuple(built), first_column=self.order)
            )
        return notes

    def layout(self) -> Layout:
        """The document's Layout: its tables, and its prose read by the text path's layouts."""
        in_prose = detect_layout(
            NormalizedText(
                tuple(line.text for line in self.prose), tuple(line.original for line in self.prose)
            )
        )
        if not in_prose.blocks:
            return Layout(blocks=tuple(self.blocks), prose=tuple(self.prose), source=self.source)
        # Line n of the prose text is the n-th prose part: its source line, its place in the document.
        part = self.prose
        text_blocks = [
            Block(
                block.layout,
                part[block.first_line - 1].number,
                part[block.last_line - 1].number,
                tuple(_renumbered(row, part) for row in block.rows),
                first_column=part[block.first_line - 1].column,
            )
            for block in in_prose.blocks
        ]
        prose = tuple(
            Line(part[line.number - 1].number, line.text, line.original, part[line.number - 1].column)
            for line in in_prose.prose
        )
        blocks = sorted([*self.blocks, *text_blocks], key=lambda block: block.first_column)
        return Layout(
            blocks=tuple(blocks),
            prose=prose,
            furniture=tuple(
                Line(part[line.number - 1].number, line.text, line.original, part[line.number - 1].column)
                for line in in_prose.furniture
            ),
            wide_rows=tuple(part[number - 1].number for number in in_prose.wide_rows),
            source=self.source,
        )


def _renumbered(row: Row, part: Sequence[Line]) -> Row:
    """A row found in the prose text, its line numbers made the source's."""
    return attrs.evolve(
        row,
        line=part[row.line - 1].number,
        cell_lines=tuple(tuple(part[line - 1].number for line in lines) for lines in row.cell_lines),
    )
