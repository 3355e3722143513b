"""Layer 2, layout detection: NormalizedText -> Layout (table blocks of rows of cells, plus prose).

Each block's layout is detected on its own: ``tab`` (one row per line, cells split by TAB), ``pipe``
(markdown ``| a | b |`` rows) or ``lines`` (one cell per line behind a TAB, rows split by blank
lines). Cells broken across lines are re-joined; merged-label structure (empty leading cells) is kept.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Literal

import attrs
import regex

from gipreport.normalize import Line, NormalizedText

LayoutName = Literal["tab", "pipe", "lines"]
LAYOUTS: tuple[LayoutName, ...] = ("tab", "pipe", "lines")
LineKind = Literal["blank", "footer", "pipe", "rule", "cell", "tab", "text"]

# A cell broken by a PDF copy spans two or three lines; more short lines are prose (or an attack
# making one cell quadratic to build).
MAX_CONTINUATION_LINES = 4

# Real rows have at most ~20 cells; beyond this a line is noise (a file of TABs) and the rest of it
# is dropped (reported in Layout.wide_rows), so no line can create millions of cells.
MAX_CELLS_PER_ROW = 64

# A line without TAB directly under a table line continues its last cell only when it is this short;
# longer lines are prose that follows the table without a blank line.
MAX_CONTINUATION_CHARS = 12

_FOOTER = regex.compile(
    r"\s*(?:[-\u2014\u2013\u2015]+\s*\d{1,4}\s*[-\u2014\u2013\u2015]+|第\s*\d{1,4}\s*页(?:\s*[,/]?\s*共\s*\d{1,4}\s*页)?)\s*"
)
MAX_FOOTER_CHARS = 40
_FOOTER_START = frozenset("-\u2014\u2013\u2015第")  # what _FOOTER can start with, checked first
_RULE_CELL = regex.compile(r"\s*:?-{2,}:?\s*")
_HEADING_START = regex.compile(
    r"\s*(?:[一二三四五六七八九十]{1,3}、|\d{1,2}、|\([一二三四五六七八九十]{1,3}\))"
)
# stdlib engine: it splits on a character set several times faster than ``regex`` does.
_PIPE_SPLIT = re.compile(r"[|\uff5c]")


@attrs.frozen
class BlockCell:
    """A cell: normalized ``text``, the ``raw`` input text, its first line and every line it spans."""

    text: str
    raw: str
    line: int
    lines: tuple[int, ...]


@attrs.frozen
class Row:
    """A table row: each cell's normalized text, its raw input text and the lines it spans.

    The cells are parallel tuples because a report has hundreds of them and an object for each cost
    more than reading them; ``cells`` and ``cell(i)`` give them as BlockCell values.
    """

    line: int
    texts: tuple[str, ...]
    raws: tuple[str, ...]
    cell_lines: tuple[tuple[int, ...], ...]

    @property
    def cells(self) -> tuple[BlockCell, ...]:
        return tuple(map(self.cell, range(len(self.texts))))

    def cell(self, position: int) -> BlockCell:
        lines = self.cell_lines[position]
        return BlockCell(self.texts[position], self.raws[position], lines[0], lines)


@attrs.frozen
class Block:
    """A run of table lines in one layout, from ``first_line`` to ``last_line`` inclusive."""

    layout: LayoutName
    first_line: int
    last_line: int
    rows: tuple[Row, ...]


@attrs.frozen
class Layout:
    """The table blocks of a text in order, and the lines outside every block (the prose; blank
    lines are left out)."""

    blocks: tuple[Block, ...]
    prose: tuple[Line, ...]
    wide_rows: tuple[int, ...] = ()  # lines whose cells beyond MAX_CELLS_PER_ROW were dropped


def classify_line(text: str) -> LineKind:
    """Say what one normalized line is, for block detection."""
    # The two commonest lines of a table, an empty line and a cell of the lines layout, first.
    if not text:
        return "blank"
    if text[0] == "\t":
        return "cell" if text.count("\t") == 1 else "tab"
    stripped = text.strip(" ")
    if not stripped:  # a TAB-only line is an empty cell, not a blank line
        return "blank"
    if stripped.startswith("|"):
        cells = _split_pipe(stripped)
        if cells and all(_RULE_CELL.fullmatch(cell) for cell in cells):
            return "rule"
        return "pipe"
    if "\t" not in text:
        return "footer" if is_footer(text) else "text"
    # one TAB, with only spaces before it: a cell of the lines layout
    return "cell" if stripped.startswith("\t") and text.count("\t") == 1 else "tab"


def is_footer(text: str) -> bool:
    """A page footer such as 「— 4 —」 or 「第 3 页」 (short by nature, so long lines are skipped cheaply)."""
    return (
        len(text) <= MAX_FOOTER_CHARS
        and text.lstrip()[:1] in _FOOTER_START
        and "\t" not in text
        and bool(_FOOTER.fullmatch(text))
    )


def is_continuation(text: str) -> bool:
    """A short non-heading line under a table line is the rest of that line's last cell."""
    stripped = text.strip()
    return len(stripped) <= MAX_CONTINUATION_CHARS and not _HEADING_START.match(stripped)


def detect_layout(normalized: NormalizedText) -> Layout:
    """Find every table block and its layout; every other line that is not blank is prose."""
    runs: list[tuple[LayoutName, list[tuple[int, LineKind]]]] = []  # each run becomes one block
    prose: list[int] = []
    current: list[tuple[int, LineKind]] = []  # the lines of the run being read
    current_layout: LayoutName | None = None
    pending_blank: list[tuple[int, LineKind]] = []  # blank lines that may still be inside the run
    previous: LineKind = "blank"
    continued = 0  # continuation lines joined to the current cell so far
    for number, text in enumerate(normalized.texts, 1):
        kind = classify_line(text)
        layout = _LINE_LAYOUT.get(kind)
        if layout is not None:
            if layout != current_layout and current_layout is not None:
                # A block changes layout here; the blank lines between stay with the block above.
                runs.append((current_layout, current + pending_blank))
                current, pending_blank = [], []
            elif pending_blank:
                current.extend(pending_blank)
                pending_blank = []
            current.append((number, kind))
            current_layout = layout
            continued = 0
        elif kind in ("blank", "footer"):
            if current:
                pending_blank.append((number, kind))
            elif kind == "footer":  # blank lines say nothing: they are left out of the prose
                prose.append(number)
        elif (
            current
            and not pending_blank
            and previous in ("cell", "tab")
            and continued < MAX_CONTINUATION_LINES
            and is_continuation(text)
        ):
            current.append((number, "text"))
            continued += 1
            kind = previous  # a second short line may continue the same cell
        else:
            if current_layout is not None:
                runs.append((current_layout, current))
                current, current_layout = [], None
            if pending_blank:
                prose.extend(number for number, kind in pending_blank if kind == "footer")
                pending_blank = []
            prose.append(number)
        if kind != "footer":
            previous = kind
    if current_layout is not None:
        runs.append((current_layout, current))
    prose.extend(number for number, kind in pending_blank if kind == "footer")
    prose.sort()
    blocks = [_build_block(normalized, layout, run) for layout, run in runs]
    wide = tuple(row.line for block in blocks for row in block.rows if len(row.texts) >= MAX_CELLS_PER_ROW)
    return Layout(blocks=tuple(blocks), prose=normalized.lines_at(prose), wide_rows=wide)


# A run of table lines of one layout: each line's number and kind.
Run = Sequence[tuple[int, LineKind]]

_LINE_LAYOUT: dict[LineKind, LayoutName] = {"pipe": "pipe", "rule": "pipe", "cell": "lines", "tab": "tab"}


def _build_block(normalized: NormalizedText, layout: LayoutName, run: Run) -> Block:
    rows = _BUILDERS[layout](normalized, run)
    # Runs are built in line order, so their ends are their first and last lines.
    return Block(layout=layout, first_line=run[0][0], last_line=run[-1][0], rows=tuple(rows))


def _row(number: int, texts: list[str], raws: list[str]) -> Row:
    """A row of one line, from its cells split in the normalized and in the original text."""
    if len(texts) > MAX_CELLS_PER_ROW:
        texts, raws = texts[:MAX_CELLS_PER_ROW], raws[:MAX_CELLS_PER_ROW]
    if len(raws) != len(texts):  # a fix changed a separator; fall back to the normalized text
        raws = texts
    return Row(
        line=number,
        texts=tuple(map(str.strip, texts)),
        raws=tuple(raws),
        cell_lines=((number,),) * len(texts),
    )


def _continue_last_cell(row: Row, number: int, text: str, original: str) -> Row:
    """The row with a continuation line joined to its last cell."""
    return Row(
        line=row.line,
        texts=(*row.texts[:-1], row.texts[-1] + text.strip()),
        raws=(*row.raws[:-1], f"{row.raws[-1]}\n{original}"),
        cell_lines=(*row.cell_lines[:-1], (*row.cell_lines[-1], number)),
    )


def _tab_rows(normalized: NormalizedText, run: Run) -> list[Row]:
    texts, originals = normalized.texts, normalized.originals
    rows: list[Row] = []
    for number, kind in run:
        text, original = texts[number - 1], originals[number - 1]
        if kind == "text" and rows:
            rows[-1] = _continue_last_cell(rows[-1], number, text, original)
        elif kind in ("tab", "cell"):
            cells = text.split("\t", MAX_CELLS_PER_ROW)
            # Most lines need no fix: then the raw cells are the normalized ones, before stripping.
            raws = cells if original == text else original.split("\t", MAX_CELLS_PER_ROW)
            rows.append(_row(number, cells, raws))
    return rows


def _lines_rows(normalized: NormalizedText, run: Run) -> list[Row]:
    texts, originals = normalized.texts, normalized.originals
    rows: list[Row] = []
    # The row being collected, one cell per line.
    cell_texts: list[str] = []
    cell_raws: list[str] = []
    cell_lines: list[tuple[int, ...]] = []

    def finish_row() -> None:
        if cell_texts:
            rows.append(Row(cell_lines[0][0], tuple(cell_texts), tuple(cell_raws), tuple(cell_lines)))
            cell_texts.clear()
            cell_raws.clear()
            cell_lines.clear()

    for number, kind in run:
        if kind == "cell":
            if len(cell_texts) >= MAX_CELLS_PER_ROW:
                continue  # dropped and reported: see Layout.wide_rows
            text, original = texts[number - 1], originals[number - 1]
            cell = text.partition("\t")[2]
            cell_texts.append(cell.strip())
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
            rows.extend(_tab_rows(normalized, [(number, kind)]))
    finish_row()
    return rows


def _split_pipe(text: str) -> list[str]:
    stripped = text.strip()
    if stripped[:1] in ("|", "\uff5c"):
        stripped = stripped[1:]
    if stripped[-1:] in ("|", "\uff5c"):
        stripped = stripped[:-1]
    cells: list[str] = _PIPE_SPLIT.split(stripped, maxsplit=MAX_CELLS_PER_ROW)
    return cells


def _pipe_rows(normalized: NormalizedText, run: Run) -> list[Row]:
    texts, originals = normalized.texts, normalized.originals
    rows: list[Row] = []
    for number, kind in run:
        if kind == "pipe":
            text, original = texts[number - 1], originals[number - 1]
            cells = _split_pipe(text)
            # Most lines need no fix: then the raw cells are the normalized ones, before stripping.
            rows.append(_row(number, cells, cells if original == text else _split_pipe(original)))
    return rows


_BUILDERS = {"tab": _tab_rows, "lines": _lines_rows, "pipe": _pipe_rows}
