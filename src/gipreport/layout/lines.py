"""The ``lines`` layout: one cell per line behind a TAB, rows separated by blank lines.

This is how Word exports a table as text. A line without TAB continues the cell above it (a label
broken over lines, or the number of an empty cell line put on the next line: 「→」 then 「0」); a
stray multi-cell line inside a block is a row of its own.
"""

from __future__ import annotations

from gipreport.layout.model import MAX_CELLS_PER_ROW, LineLayout, Row, Run
from gipreport.layout.tab import tab_row
from gipreport.normalize import NormalizedText


def classify(text: str) -> str | None:
    """A cell line: one TAB, with only spaces before it (「\\t0」, 「 \\t第二十条」)."""
    if text[0] == "\t":
        return "cell" if text.count("\t") == 1 else None
    if "\t" in text and not text.partition("\t")[0].strip(" ") and text.count("\t") == 1:
        return "cell"
    return None


# Cell lines repeat across rows and reports (「\t0」「\t1」「\t」): each line's cell, stripped and as
# printed, is worked out once; bounded, and short lines only.
MAX_CACHED_CELL_CHARS = 40
MAX_CACHED_CELLS = 20_000
_CELLS: dict[str, tuple[str, str]] = {}


def _cell_of(text: str) -> tuple[str, str]:
    """A cell line's cell, stripped and as printed (after its TAB), remembered if the line is short."""
    cell = text.partition("\t")[2]
    parts = (cell.strip(), cell)
    if len(text) <= MAX_CACHED_CELL_CHARS:
        if len(_CELLS) >= MAX_CACHED_CELLS:
            _CELLS.clear()
        _CELLS[text] = parts
    return parts


def build(normalized: NormalizedText, run: Run) -> list[Row]:
    texts, originals = normalized.texts, normalized.originals
    rows: list[Row] = []
    # The row being collected, one cell per line.
    cell_texts: list[str] = []
    cell_raws: list[str] = []
    cell_lines: list[tuple[int, ...]] = []
    cut = False

    def finish_row() -> None:
        nonlocal cut
        if cell_texts:
            rows.append(
                Row(cell_lines[0][0], tuple(cell_texts), tuple(cell_raws), tuple(cell_lines), None, cut)
            )
            cell_texts.clear()
            cell_raws.clear()
            cell_lines.clear()
            cut = False

    cached = _CELLS.get
    for number, kind in run:
        if kind == "cell":
            if len(cell_texts) >= MAX_CELLS_PER_ROW:
                cut = True  # dropped and reported: see Layout.wide_rows
                continue
            text, original = texts[number - 1], originals[number - 1]
            stripped, cell = cached(text) or _cell_of(text)
            cell_texts.append(stripped)
            cell_raws.append(cell if original == text else original.partition("\t")[2])
            cell_lines.append((number,))
        elif kind == "text" and cell_texts:
            cell_texts[-1] += texts[number - 1].strip()
            cell_raws[-1] = f"{cell_raws[-1]}\n{originals[number - 1]}"
            cell_lines[-1] = (*cell_lines[-1], number)
        elif kind == "blank":
            finish_row()
        elif kind == "tab":  # a stray multi-cell line inside a lines block is a row of its own
            finish_row()
            rows.append(tab_row(normalized, number))
    finish_row()
    return rows


LAYOUT = LineLayout("lines", classify, build, continues=True, marker="\t")
