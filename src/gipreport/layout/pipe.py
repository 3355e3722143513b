"""The ``pipe`` layout: markdown-style ``| a | b |`` rows, with or without ``|---|`` rules, outer
pipes (html2text's 「a| b| c」) or trailing empty cells; one table, or one mini-table per row, as
converters write them."""

from __future__ import annotations

import re

import regex

from gipreport.layout.model import (
    MAX_CELLS_PER_ROW,
    LineLayout,
    Row,
    Run,
    is_number_like,
    numbers_apart,
    row_of_line,
)
from gipreport.normalize import NormalizedText

_RULE_CELL = regex.compile(r"\s*:?-{2,}:?\s*")
# Inline HTML that pandoc keeps inside a pipe table's cells (「<span style=…>规章</span>」).
_INLINE_TAG = re.compile(r"</?(?:span|font|b|strong|i|em|u|sup|sub|br|p|a|o:p)\b[^>]*>", re.IGNORECASE)
# stdlib engine: it splits on a character set several times faster than ``regex`` does.
_PIPE_SPLIT = re.compile(r"[|\uff5c]")


def split_pipe(text: str) -> list[str]:
    """The cells of a pipe row, without the outer pipes."""
    stripped = text.strip()
    if stripped[:1] in ("|", "\uff5c"):
        stripped = stripped[1:]
    if stripped[-1:] in ("|", "\uff5c"):
        stripped = stripped[:-1]
    cells: list[str] = _PIPE_SPLIT.split(stripped, maxsplit=MAX_CELLS_PER_ROW)
    return cells


# A row without a leading pipe (html2text writes 「label| 0| 0」) is told from prose holding a 「|」 by
# the length of its cells: a sentence is longer than any cell of a report's tables.
MAX_BARE_CELL_CHARS = 60


def classify(text: str) -> str | None:
    stripped = text.strip(" ")
    if not stripped.startswith("|"):
        if not stripped or stripped[0] in "\t" or "|" not in stripped:
            return None
        bare = split_pipe(stripped)
        if len(bare) < 2 or any(len(cell.strip()) > MAX_BARE_CELL_CHARS for cell in bare):
            return None
        return "rule" if all(_RULE_CELL.fullmatch(cell) for cell in bare) else "pipe"
    cells = split_pipe(stripped)
    if cells and all(_RULE_CELL.fullmatch(cell) for cell in cells):
        return "rule"
    return "pipe"


def build(normalized: NormalizedText, run: Run) -> list[Row]:
    texts, originals = normalized.texts, normalized.originals
    rows: list[Row] = []
    for number, kind in run:
        if kind == "pipe":
            text, original = texts[number - 1], originals[number - 1]
            cells = split_pipe(text)
            # Most lines need no fix: then the raw cells are the normalized ones, before stripping.
            raws = cells if original == text else split_pipe(original)
            if "<" in text:  # converters keep a Word page's inline markup in cells: not their text
                cells = [_INLINE_TAG.sub("", cell) for cell in cells]
            rows.append(row_of_line(number, *_numbers_apart(cells, raws)))
    return rows


def _numbers_apart(cells: list[str], raws: list[str]) -> tuple[list[str], list[str]]:
    """The cells with each that holds several numbers apart by spaces a cell for each number:
    pdfminer (under MarkItDown) merges the cells of a PDF table's line into one pipe cell
    (「| 23 | 0 0 | 0 0 | 0 23 |」, seven numbers in four cells). Such a row's cells are the converter's
    guess at the columns, not the table's: an empty cell among its numbers marks no column (「| 0 0 |
    0 0 |  | 0 0 | 0 |」 is seven numbers; a blank of the table shows as a number missing from a pair,
    「| 0 |」), and is left out."""
    if len(raws) != len(cells):
        return cells, raws
    texts_apart: list[str] = []
    raws_apart: list[str] = []
    merged = False  # some cell held several numbers
    for text, raw in zip(cells, raws, strict=True):
        stripped = text.strip()
        numbers = numbers_apart(stripped, raw.strip()) if " " in stripped else None
        if numbers is None:
            texts_apart.append(text)
            raws_apart.append(raw)
        else:
            merged = True
            texts_apart.extend(piece for piece, _ in numbers)
            raws_apart.extend(raw_piece for _, raw_piece in numbers)
    if not merged:
        return texts_apart, raws_apart
    numeric = [at for at, text in enumerate(texts_apart) if is_number_like(text.strip())]
    first, last = numeric[0], numeric[-1]
    kept = [at for at, text in enumerate(texts_apart) if text.strip() or not first < at < last]
    return [texts_apart[at] for at in kept], [raws_apart[at] for at in kept]


LAYOUT = LineLayout("pipe", classify, build, marker="|")
