"""The ``tab`` layout: one row per line, cells separated by TAB (text copied from Word tables).

Leading empty cells stand for merged label cells; a label broken over two lines continues on a line
without TAB, which detection marks ``text`` and this builder joins to the row's last cell.
"""

from __future__ import annotations

from gipreport.layout.model import MAX_CELLS_PER_ROW, LineLayout, Row, Run, row_of_line
from gipreport.normalize import NormalizedText


def classify(text: str) -> str | None:
    return "tab" if "\t" in text else None


def continue_last_cell(row: Row, number: int, text: str, original: str) -> Row:
    """The row with a continuation line joined to its last cell."""
    return Row(
        line=row.line,
        texts=(*row.texts[:-1], row.texts[-1] + text.strip()),
        raws=(*row.raws[:-1], f"{row.raws[-1]}\n{original}"),
        cell_lines=(*row.cell_lines[:-1], (*row.cell_lines[-1], number)),
        cut=row.cut,
    )


def tab_row(normalized: NormalizedText, number: int) -> Row:
    """The row of one TAB-separated line."""
    text, original = normalized.texts[number - 1], normalized.originals[number - 1]
    cells = text.split("\t", MAX_CELLS_PER_ROW)
    # Most lines need no fix: then the raw cells are the normalized ones, before stripping.
    raws = cells if original == text else original.split("\t", MAX_CELLS_PER_ROW)
    return row_of_line(number, cells, raws)


def build(normalized: NormalizedText, run: Run) -> list[Row]:
    rows: list[Row] = []
    for number, kind in run:
        if kind == "text" and rows:
            rows[-1] = continue_last_cell(
                rows[-1], number, normalized.texts[number - 1], normalized.originals[number - 1]
            )
        elif kind in ("tab", "cell"):
            rows.append(tab_row(normalized, number))
    return rows


LAYOUT = LineLayout("tab", classify, build, continues=True, marker="\t")
