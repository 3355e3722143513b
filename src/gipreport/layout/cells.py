"""The ``cells`` layout: one cell per line and nothing else, as ``get_text("\\n")`` of an HTML table,
most crawlers and some PDF extractors leave it.

Found among prose lines: a stretch of short lines, many of them a lone number (a line of ASCII with a
letter in it, junk or a menu in English, is no cell of a report's table). A row starts at each
text line that follows a number (a label after the numbers of the row above); header words split over
lines (「商业」「企业」) stay cells of their own, which the mapper reads as headings or joins to the label
they continue. A line of several numbers apart by spaces (a row's numbers after its wrapped label,
「396 0 181」) is a cell for each. Blank lines are not cells where extractors also print empty lines for
the markup's line breaks (an empty cell cannot be told from them, and its row comes out short and
flagged); where every row's numbers follow its label at once and empty lines stand only between numbers
(LibreOffice's text export of a Word table), each of those is a blank cell.
"""

from __future__ import annotations

from collections.abc import Sequence

from gipreport.layout.model import (
    AMOUNT_UNITS,
    MAX_CELLS_PER_ROW,
    Block,
    Found,
    Row,
    RunLayout,
    is_fragment,
    is_number_like,
    numbers_apart,
)
from gipreport.normalize import NormalizedText

MAX_CELL_CHARS = 40  # a longer line is prose, even inside a table's stretch
MIN_NUMBER_LINES = 6  # fewer lone numbers: a list in the prose, not a table
_NOT_APPLICABLE = frozenset({"/", "-", "—", "——", "无"})


def _is_value(text: str) -> bool:
    stripped = text.strip()
    return is_number_like(stripped) or stripped in _NOT_APPLICABLE


def _is_cell(text: str) -> bool:
    stripped = text.strip()
    return (
        bool(stripped)
        and len(stripped) <= MAX_CELL_CHARS
        and "。" not in stripped
        and is_fragment(stripped)
        and not (stripped.isascii() and any(char.isalpha() for char in stripped))
    )


def find(normalized: NormalizedText, numbers: Sequence[int]) -> list[tuple[Found, Sequence[int]]]:
    texts = normalized.texts
    found: list[tuple[Found, Sequence[int]]] = []
    # The lines that hold a value, worked out once. A block needs MIN_NUMBER_LINES of them: most
    # prose has none, and is passed over at once.
    values = {number for number in numbers if _is_value(texts[number - 1])}
    if len(values) < MIN_NUMBER_LINES:
        return found
    stretch: list[int] = []
    for number in [*numbers, 0]:  # 0: the end
        cell = bool(number) and _is_cell(texts[number - 1])
        if cell and (
            not stretch
            or number == stretch[-1] + 1  # the next line: no blank lines between to look at
            or all(not texts[n - 1].strip() for n in range(stretch[-1] + 1, number))
        ):
            stretch.append(number)
            continue
        if sum(n in values for n in stretch) >= MIN_NUMBER_LINES:
            found.append(_block(normalized, _trimmed(stretch, values), values))
        stretch = [number] if cell else []
    return found


def _trimmed(stretch: list[int], values: set[int]) -> list[int]:
    """The stretch from its first label line on: text lines long before any number are prose."""
    first_value = next(i for i, n in enumerate(stretch) if n in values)
    return stretch[max(0, first_value - 12) :]


def _block(normalized: NormalizedText, lines: list[int], values: set[int]) -> tuple[Found, Sequence[int]]:
    texts, originals = normalized.texts, normalized.originals
    grouped: list[list[int]] = []
    cells: list[int] = []
    for number in lines:
        value = number in values or _is_unit_after_number(texts, cells[-1] if cells else 0, number)
        if cells and not value and cells[-1] in values:
            grouped.append(cells)
            cells = []
        cells.append(number)
    if cells:
        grouped.append(cells)
    if _blank_lines_are_cells(grouped, values):
        grouped = [_with_blank_cells(row, values) for row in grouped]
    rows = [part for row in grouped for part in _rows(texts, originals, row)]
    block = Block("cells", lines[0], lines[-1], tuple(rows))
    return Found(block), lines


# A blank cell kept as its own empty line (LibreOffice's text export of a Word table): blank runs
# between a row's numbers no longer than the widest row.
MAX_BLANK_RUN = 14


def _blank_lines_are_cells(rows: list[list[int]], values: set[int]) -> bool:
    """Whether the empty lines between a row's numbers are its blank cells: in every row of numbers
    the label's last line is followed at once by the first number (extractors that print empty
    lines for markup put them there too), and at least two rows hold such empty lines."""
    with_blanks = 0
    for row in rows:
        first = next((i for i, number in enumerate(row) if number in values), 0)
        if not first:  # no number, or one at once: no label line before it
            continue
        if row[first] != row[first - 1] + 1:
            return False
        gaps = [row[i + 1] - row[i] - 1 for i in range(first, len(row) - 1)]
        if any(gap > MAX_BLANK_RUN for gap in gaps):
            return False
        with_blanks += any(gaps)
    return with_blanks >= 2


def _with_blank_cells(row: list[int], values: set[int]) -> list[int]:
    """The row's lines with each empty line between its numbers as a cell of its own."""
    first = next((i for i, number in enumerate(row) if number in values), None)
    if first is None:
        return row
    return [*row[:first], *range(row[first], row[-1] + 1)]


# A unit a narrow column wrapped under its amount (「75394432.52」 then 「元」) is the rest of that cell.


def _is_unit_after_number(texts: Sequence[str], above: int, number: int) -> bool:
    """Line ``number`` holds a unit and line ``above`` (0: none) the number it belongs to."""
    return (
        bool(above) and texts[number - 1].strip() in AMOUNT_UNITS and is_number_like(texts[above - 1].strip())
    )


def _rows(texts: Sequence[str], originals: Sequence[str], lines: list[int]) -> list[Row]:
    """The row of these lines, one cell a line (a unit wrapped under its amount joined to it); a run
    of more than MAX_CELLS_PER_ROW cells (numbers in content-stream order, one per line) goes on in
    rows of its own, so that no cell is dropped and no row is longer."""
    cells: list[tuple[str, str, tuple[int, ...]]] = []  # text, raw, lines
    at = 0
    while at < len(lines):
        number = lines[at]
        text, raw = texts[number - 1].strip(), originals[number - 1]
        at += 1
        if at < len(lines) and _is_unit_after_number(texts, number, lines[at]):
            unit = texts[lines[at] - 1].strip()
            cells.append((text + unit, f"{raw}\n{originals[lines[at] - 1]}", (number, lines[at])))
            at += 1
        elif numbers := numbers_apart(text, raw):
            # A row's numbers on one line after its wrapped label (「396 0 181」): a cell each.
            cells.extend((piece, raw_piece, (number,)) for piece, raw_piece in numbers)
        else:
            cells.append((text, raw, (number,)))
    rows = []
    for start in range(0, len(cells), MAX_CELLS_PER_ROW):
        texts, raws, cell_lines = zip(*cells[start : start + MAX_CELLS_PER_ROW], strict=True)
        rows.append(Row(line=cell_lines[0][0], texts=texts, raws=raws, cell_lines=cell_lines))
    return rows


LAYOUT = RunLayout("cells", find)
