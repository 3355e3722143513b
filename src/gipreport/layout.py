"""Layer 2, layout detection: NormalizedText -> Layout (table blocks of rows of cells, plus prose).

Each block's layout is detected on its own: ``tab`` (one row per line, cells split by TAB), ``pipe``
(markdown ``| a | b |`` rows) or ``lines`` (one cell per line behind a TAB, rows split by blank
lines). Cells broken across lines are re-joined; merged-label structure (empty leading cells) is kept.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
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
_RULE_CELL = regex.compile(r"\s*:?-{2,}:?\s*")
_HEADING_START = regex.compile(
    r"\s*(?:[一二三四五六七八九十]{1,3}、|\d{1,2}、|\([一二三四五六七八九十]{1,3}\))"
)
_PIPE_SPLIT = regex.compile(r"[|\uff5c]")


@attrs.frozen
class BlockCell:
    """A cell: normalized ``text``, the ``raw`` input text, its first line and every line it spans."""

    text: str
    raw: str
    line: int
    lines: tuple[int, ...]


@attrs.frozen
class Row:
    cells: tuple[BlockCell, ...]
    line: int


@attrs.frozen
class Block:
    """A run of table lines in one layout, from ``first_line`` to ``last_line`` inclusive."""

    layout: LayoutName
    first_line: int
    last_line: int
    rows: tuple[Row, ...]


@attrs.frozen
class Layout:
    """The table blocks of a text in order, and the lines outside every block (the prose)."""

    blocks: tuple[Block, ...]
    prose: tuple[Line, ...]
    wide_rows: tuple[int, ...] = ()  # lines whose cells beyond MAX_CELLS_PER_ROW were dropped


def classify_line(text: str) -> LineKind:
    """Say what one normalized line is, for block detection."""
    stripped = text.strip(" ")
    if not stripped:  # a TAB-only line is an empty cell, not a blank line
        return "blank"
    if stripped.startswith("|"):
        cells = _split_pipe(stripped)
        if cells and all(_RULE_CELL.fullmatch(cell) for cell in cells):
            return "rule"
        return "pipe"
    if "\t" not in text:
        return "footer" if _FOOTER.fullmatch(text) else "text"
    # one TAB, with only spaces before it: a cell of the lines layout
    return "cell" if stripped.startswith("\t") and text.count("\t") == 1 else "tab"


def is_footer(text: str) -> bool:
    """A page footer such as 「— 4 —」 or 「第 3 页」 (short by nature, so long lines are skipped cheaply)."""
    return len(text) <= MAX_FOOTER_CHARS and "\t" not in text and bool(_FOOTER.fullmatch(text))


def is_continuation(text: str) -> bool:
    """A short non-heading line under a table line is the rest of that line's last cell."""
    stripped = text.strip()
    return len(stripped) <= MAX_CONTINUATION_CHARS and not _HEADING_START.match(stripped)


def detect_layout(normalized: NormalizedText) -> Layout:
    """Find every table block and its layout; every other line is prose."""
    regions: list[list[tuple[Line, LineKind]]] = []
    prose: list[Line] = []
    current: list[tuple[Line, LineKind]] = []
    pending_blank: list[tuple[Line, LineKind]] = []
    previous: LineKind = "blank"
    continued = 0  # continuation lines joined to the current cell so far
    for line in normalized.lines:
        kind = classify_line(line.text)
        if kind in ("pipe", "rule", "cell", "tab"):
            current.extend(pending_blank)
            pending_blank = []
            current.append((line, kind))
            continued = 0
        elif kind in ("blank", "footer"):
            if current:
                pending_blank.append((line, kind))
            else:
                prose.append(line)
        elif (
            current
            and not pending_blank
            and previous in ("cell", "tab")
            and continued < MAX_CONTINUATION_LINES
            and is_continuation(line.text)
        ):
            current.append((line, "text"))
            continued += 1
            kind = previous  # a second short line may continue the same cell
        else:
            if current:
                regions.append(current)
                current = []
            prose.extend(pending_blank_line for pending_blank_line, _ in pending_blank)
            pending_blank = []
            prose.append(line)
        if kind != "footer":
            previous = kind
    if current:
        regions.append(current)
    prose.extend(line for line, _ in pending_blank)
    prose.sort(key=lambda line: line.number)
    blocks = [block for region in regions for block in _region_blocks(region)]
    wide = tuple(row.line for block in blocks for row in block.rows if len(row.cells) >= MAX_CELLS_PER_ROW)
    return Layout(blocks=tuple(blocks), prose=tuple(prose), wide_rows=wide)


def _region_blocks(region: Sequence[tuple[Line, LineKind]]) -> Iterable[Block]:
    """Cut a region into runs of one layout each and build their rows."""
    run: list[tuple[Line, LineKind]] = []
    run_layout: LayoutName | None = None
    for line, kind in region:
        layout = _LINE_LAYOUT.get(kind)
        if layout is not None and run_layout is not None and layout != run_layout:
            yield _build_block(run_layout, run)
            run = []
        if layout is not None:
            run_layout = layout
        run.append((line, kind))
    if run_layout is not None and run:
        yield _build_block(run_layout, run)


_LINE_LAYOUT: dict[LineKind, LayoutName] = {"pipe": "pipe", "rule": "pipe", "cell": "lines", "tab": "tab"}


def _build_block(layout: LayoutName, run: Sequence[tuple[Line, LineKind]]) -> Block:
    rows = _BUILDERS[layout](run)
    numbers = [line.number for line, _ in run]
    return Block(layout=layout, first_line=min(numbers), last_line=max(numbers), rows=tuple(rows))


def _cells(line: Line, texts: list[str], raws: list[str]) -> list[BlockCell]:
    texts, raws = texts[:MAX_CELLS_PER_ROW], raws[:MAX_CELLS_PER_ROW]
    if len(raws) != len(texts):  # a fix changed a separator; fall back to the normalized text
        raws = texts
    number, only = line.number, (line.number,)
    return [BlockCell(text.strip(), raw, number, only) for text, raw in zip(texts, raws, strict=True)]


def _continue_cell(cell: BlockCell, line: Line) -> BlockCell:
    return BlockCell(
        text=cell.text + line.text.strip(),
        raw=f"{cell.raw}\n{line.original}",
        line=cell.line,
        lines=(*cell.lines, line.number),
    )


def _tab_rows(run: Sequence[tuple[Line, LineKind]]) -> list[Row]:
    rows: list[Row] = []
    for line, kind in run:
        if kind == "text" and rows:
            last = rows[-1]
            rows[-1] = Row(cells=(*last.cells[:-1], _continue_cell(last.cells[-1], line)), line=last.line)
        elif kind in ("tab", "cell"):
            texts = line.text.split("\t", MAX_CELLS_PER_ROW)
            raws = line.original.split("\t", MAX_CELLS_PER_ROW)
            rows.append(Row(cells=tuple(_cells(line, texts, raws)), line=line.number))
    return rows


def _lines_rows(run: Sequence[tuple[Line, LineKind]]) -> list[Row]:
    rows: list[Row] = []
    cells: list[BlockCell] = []
    for line, kind in run:
        if kind == "cell" and len(cells) >= MAX_CELLS_PER_ROW:
            continue  # dropped and reported: see Layout.wide_rows
        if kind == "cell":
            _, _, text = line.text.partition("\t")
            _, _, raw = line.original.partition("\t")
            cells.append(BlockCell(text.strip(), raw, line.number, (line.number,)))
        elif kind == "text" and cells:
            cells[-1] = _continue_cell(cells[-1], line)
        elif kind == "blank" and cells:
            rows.append(Row(cells=tuple(cells), line=cells[0].line))
            cells = []
        elif kind == "tab":  # a stray multi-cell line inside a lines block is a row of its own
            if cells:
                rows.append(Row(cells=tuple(cells), line=cells[0].line))
                cells = []
            rows.extend(_tab_rows([(line, kind)]))
    if cells:
        rows.append(Row(cells=tuple(cells), line=cells[0].line))
    return rows


def _split_pipe(text: str) -> list[str]:
    stripped = text.strip()
    if stripped[:1] in ("|", "\uff5c"):
        stripped = stripped[1:]
    if stripped[-1:] in ("|", "\uff5c"):
        stripped = stripped[:-1]
    cells: list[str] = _PIPE_SPLIT.split(stripped, maxsplit=MAX_CELLS_PER_ROW)
    return cells


def _pipe_rows(run: Sequence[tuple[Line, LineKind]]) -> list[Row]:
    return [
        Row(cells=tuple(_cells(line, _split_pipe(line.text), _split_pipe(line.original))), line=line.number)
        for line, kind in run
        if kind == "pipe"
    ]


_BUILDERS = {"tab": _tab_rows, "lines": _lines_rows, "pipe": _pipe_rows}
