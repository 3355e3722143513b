"""Joining the labels a PDF text broke, before a block's rows are placed: a label wrapped below its
row's numbers onto the next row's lines, a number an extractor glued to a label
(「行政规范性文件77」), which is the row's first value, and a label standing above a row of numbers
without one (MarkItDown's PDF text: on the prose line above the block, or on a row of its own).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from decimal import Decimal

import attrs

from gipreport.layout import Block, Layout, Row, row_of_line
from gipreport.layout.model import AMOUNT_UNITS, is_number_like
from gipreport.mapping.labels import MAX_LABEL_PIECES, LabelIndex, LabelMatch
from gipreport.normalize import Line
from gipreport.tables.reading import FoundRow


def rows_glued_in_prose(layout: Layout, index: LabelIndex) -> Layout:
    """``layout`` with each prose line that is a row's label with its one number glued to it, and no
    more (「行政事业性收费0」: ``pdftotext -raw`` of Chromium's prints), a block of one row: no layout
    takes a line of words with one figure behind them (many a sentence ends so), but where the words
    are exactly a label of a row of one column, they are that row (``unglue_labels``)."""
    rows: list[Row] = []
    for line in layout.prose:
        text = line.text.strip()
        if line.column != 1 or not text[-1:].isdigit() or len(text) > MAX_GLUED_ROW_CHARS:
            continue
        if not _GLUED_AT_END.search(text):  # a number alone, or behind no word
            continue
        row = row_of_line(line.number, [text], [line.original.strip()])
        if (unglued := unglue_labels(row, index)) is not row:
            rows.append(unglued)
    if not rows:  # most texts
        return layout
    runs: list[list[Row]] = []  # rows on lines one after another make one block
    for row in rows:
        if runs and runs[-1][-1].line == row.line - 1:
            runs[-1].append(row)
        else:
            runs.append([row])
    glued = [Block("spaced", run[0].line, run[-1].line, tuple(run)) for run in runs]
    taken = {row.line for row in rows}
    blocks = sorted((*layout.blocks, *glued), key=lambda block: (block.first_line, block.first_column))
    prose = tuple(line for line in layout.prose if line.column != 1 or line.number not in taken)
    return attrs.evolve(layout, blocks=tuple(blocks), prose=prose)


MAX_GLUED_ROW_CHARS = 30  # 「其他对外管理服务事项153」; a longer line is prose


def labels_joined(
    found: list[FoundRow],
    rows: Sequence[Row],
    index: LabelIndex,
    above: str | None = None,
    below: Row | None = None,
) -> list[FoundRow]:
    """A block's rows as found, with the labels a PDF text broke joined: a label wrapped below its
    row's numbers, onto the next row's lines or onto the prose lines ``below`` the block
    (``labels_wrapped_below``), a number glued to a label (``numbers_glued_to_labels``), and a label
    on the prose line right ``above`` the block (``labelled_from_above``)."""
    joined = numbers_glued_to_labels(labels_wrapped_below(found, rows, index, below), index)
    return labelled_from_above(joined, rows, above, index)


def lines_below(block: Block, prose: Sequence[Line], first: int) -> Row | None:
    """The prose lines right after ``block`` (from ``prose[first]``, at most MAX_LABEL_PIECES, each a
    line of its own) as a row of text cells, one a line, for the end of a label wrapped below the
    block's last row; None where the next prose line does not follow the block."""
    texts: list[str] = []
    originals: list[str] = []
    numbers: list[int] = []
    for line in prose[first : first + MAX_LABEL_PIECES]:
        if line.number != block.last_line + 1 + len(numbers) or line.column != 1:
            break
        texts.append(line.text.strip())
        originals.append(line.original)
        numbers.append(line.number)
    if not texts:
        return None
    return Row(numbers[0], tuple(texts), tuple(originals), tuple((number,) for number in numbers))


def labelled_from_above(
    found: list[FoundRow], rows: Sequence[Row], above: str | None, index: LabelIndex
) -> list[FoundRow]:
    """A row of numbers without a label, right under a label that has no numbers, is that label's
    row: MarkItDown's PDF text (pdfplumber's tables) sets a row's label on the prose line above the
    one-row table it found for the row's numbers (「1.属于国家秘密」, then 「|  |  | 0 0 | 0 0 |  | 0 0 |
    0 |」), or on a row of its own above them (「| 果 | （二）部分公开（区分处理的， |  |  |」). The block's
    first row takes the prose line ``above`` the block; text cells before the numbers (a group label's
    piece, 「无法提」) are no values."""
    if all(row_found.match is not None for row_found in found):  # most blocks: every row labelled
        return found
    place_of = {id(row): place for place, row in enumerate(rows)}
    joined = list(found)
    for at, row_found in enumerate(found):
        place = place_of.get(id(row_found.row))
        if row_found.match is not None or not row_found.positions or place is None:
            continue
        label = (above if place == 0 else _label_alone(rows[place - 1])) or ""
        match = index.role(label.strip()) if label.strip() else None
        if not isinstance(match, LabelMatch) or match.kind != "row" or match.row is None:
            continue
        texts = row_found.row.texts
        numbers = [position for position in row_found.positions if is_number_like(texts[position])]
        if numbers:
            first = numbers[0]
            positions = [position for position in row_found.positions if position >= first]
            joined[at] = row_found._replace(match=match, label=label.strip(), positions=positions)
    return joined


def _label_alone(row: Row) -> str | None:
    """The last text of a row that holds text and no number (a label on a row of its own)."""
    if any(map(is_number_like, row.texts)):
        return None
    return next((text for text in reversed(row.texts) if text.strip()), None)


def labels_wrapped_below(
    found: list[FoundRow], rows: Sequence[Row], index: LabelIndex, below_block: Row | None = None
) -> list[FoundRow]:
    """Rows of numbers whose label starts on their line and goes on below (a narrow column, its
    values at the cell's top: 「行政规 0 0 0」 then 「范性文」「件」, as ``pdftotext -layout`` gives
    LibreOffice's prints of Word tables): the text before the numbers and the text cells that start
    the next row (for the block's last row, the prose lines ``below_block``; up to a numbering, which
    starts the next label) join into the label, where that names a row. Where a group label's pieces
    stand beside the row label's, the row label is the lines' last words; an amount's unit on the
    label's next line goes to the amount. The other rows are as found."""
    role = index.role
    # Rows without a label whose numbers have text before them (not table 四's row); most blocks: none.
    unnamed = [
        place for place, row_found in enumerate(found) if row_found.match is None and row_found.positions
    ]
    following: dict[int, Row] | None = None
    joined_rows = list(found)
    consumed: set[int] = set()  # rows below that were the end of a label joined above
    for place in unnamed:
        row_found = found[place]
        first, texts = row_found.positions[0], row_found.row.texts
        if not first or role(texts[first - 1]) is not None:
            continue
        if following is None:
            following = {id(row): below for row, below in itertools.pairwise(rows)}
            if below_block is not None and rows:
                following[id(rows[-1])] = below_block
        below = following.get(id(row_found.row))
        if below is None:
            continue
        head = list(texts[index.unnamed_from(texts, first) : first])
        # A row below of one text cell and nothing else is the label's end (a page break cut a ruled
        # table's row in two, its label's last lines on the next page): it may join, though it reads
        # as a piece of that label itself.
        ends_label = sum(1 for text in below.texts if text) == 1 and not any(map(is_number_like, below.texts))
        tail = _label_tail(below, index, ends_label)
        # An amount's unit a narrow column wrapped below it stands on the label's next line
        # (「政府集 135 75394432.52」 then 「中采购 元」): the amount's, not the label's.
        unit = _unit_below(tail[0]) if tail else None
        if unit is not None:
            tail[0] = tail[0][: -len(unit)].rstrip()
        wrapped = _longest_label(head, tail, index) if tail and index.may_name(head + tail) else None
        two_columns = len(set(below.cell_lines[: len(tail)])) < len(tail) or any(" " in text for text in tail)
        if wrapped is None and tail and two_columns and unit is None:
            # A group label's pieces beside the row label's, one of each on a line (「(三 1.属」 then
            # 「)不 于国」「予公 家秘」「开 密」): the row label's pieces are the lines' last words.
            wrapped = _longest_label([_last_word(head[-1])], _last_words(below, len(tail)), index)
        if wrapped:
            joined_rows[place] = row_found._replace(match=wrapped[0], label=wrapped[1])
            if unit is not None:
                joined_rows[place] = _with_unit(joined_rows[place], unit, below.cell_lines[0][0])
            if ends_label:
                consumed.add(id(below))
    return [row_found for row_found in joined_rows if id(row_found.row) not in consumed]


def _label_tail(below: Row, index: LabelIndex, ends_label: bool) -> list[str]:
    """The text cells that start ``below`` and may go on a label from the row above: up to a cell
    that names something itself (but where ``ends_label``) or starts with a numbering."""
    tail: list[str] = []
    for text in below.texts[:MAX_LABEL_PIECES]:
        if not ends_label and index.role(text) is not None:
            break
        if _NUMBERED.match(_last_word(text)):
            break  # the next row's label starts (「2.重」「复申」「请」「3.要」): a suffix would name it
        tail.append(text)
    return tail


# A row label's numbering: 「3.要」「二、上年…」「（一）予以…」 start a label, never go on with one.
_NUMBERED = re.compile(r"\d{1,2}[.、]|[一二三四五六七八九十]{1,2}、|[（(][一二三四五六七八九十]{1,2}[）)]")


def _unit_below(text: str) -> str | None:
    """The amount unit a line of label pieces ends in, apart from them (「中采购 元」), else None."""
    unit = _last_word(text)
    return unit if unit in AMOUNT_UNITS and unit != text else None


def _with_unit(row_found: FoundRow, unit: str, line: int) -> FoundRow:
    """The row with ``unit`` (read on ``line``, below) joined to its amount cell, where its label names
    a row with an amount column and its cells fit the row's columns; else as it was."""
    spec = row_found.match.row if row_found.match else None
    positions, row = row_found.positions, row_found.row
    if spec is None or len(positions) != len(spec.columns):
        return row_found
    amounts = [at for column, at in zip(spec.columns, positions, strict=True) if column.unit_key]
    if len(amounts) != 1 or not is_number_like(row.texts[amounts[0]]):
        return row_found
    at = amounts[0]
    return row_found._replace(
        row=attrs.evolve(
            row,
            texts=(*row.texts[:at], row.texts[at] + unit, *row.texts[at + 1 :]),
            raws=(*row.raws[:at], f"{row.raws[at]}\n{unit}", *row.raws[at + 1 :]),  # a joined cell's lines
            cell_lines=(*row.cell_lines[:at], (*row.cell_lines[at], line), *row.cell_lines[at + 1 :]),
        )
    )


# A number glued to the end of a label's text (「行政规范性文件77」「…不计其他情形）19」; or before the
# label's last piece, 「…重新出具0已获取信息」): a PDF text extractor joined the label column's last line
# with the first cell beside it, on the same baseline.
_CJK, _NUMBER = r"[\u4e00-\u9fff]", r"\d+(?:\.\d+)?"
_GLUED = re.compile(rf"(?<=[\u4e00-\u9fff）)])({_NUMBER})(?={_CJK}|$)")
_RAW_NUMBER = re.compile(_NUMBER)  # \d: the raw text may spell them full-width


def numbers_glued_to_labels(found: list[FoundRow], index: LabelIndex) -> list[FoundRow]:
    """Rows one value short whose label's last piece has a number glued to it that is no part of
    the label (「…不计其他情形）19」): the number is the row's first value (the cell beside the label),
    a cell of its own, where the label read with that piece, less the number, names the row. Other
    rows are as found."""
    unglued = list(found)
    for place, row_found in enumerate(found):
        match, label = row_found.match, row_found.label
        spec = match.row if match is not None else None
        if spec is None or label is None or len(row_found.positions) != len(spec.columns) - 1:
            continue
        row, first = row_found.row, row_found.positions[0]
        cell = next((at for at in range(first - 1, -1, -1) if row.texts[at]), None)
        glued = _GLUED.search(row.texts[cell]) if cell is not None else None
        if cell is None or glued is None:
            continue
        text = row.texts[cell]
        piece = text[: glued.start()] + text[glued.end() :]
        # The piece may be in the label as read (joined) or not (its number kept it from joining).
        head, joined, tail = label.rpartition(text)
        named_label = f"{head}{piece}{tail}" if joined else f"{label}{piece}"
        named = index.row_named(named_label)
        if named is None or named.row is not spec:
            continue
        unglued[place] = row_found._replace(
            match=named,
            label=named_label,
            positions=[cell + 1, *(at + 1 for at in row_found.positions)],
            row=_split_cell(row, cell, glued),
        )
    return unglued


def unglue_labels(row: Row, index: LabelIndex) -> Row:
    """``row`` with each number glued to a cell that is a row's label without it (「行政规范性文件77」,
    「行政事业性收费0」) a cell of its own after that label, where the numbers that follow are one
    short of the row's columns: such a cell names no row as it is, so its row went unread (a footnote
    mark after a label with its row's numbers whole is left alone). Most rows have none: the row
    itself is returned."""
    if not _GLUED_AT_END.search("\x00".join(row.texts)):  # one scan of the row: most have none
        return row
    for at in range(len(row.texts) - 1, -1, -1):
        text = row.texts[at]
        glued = _GLUED.search(text) if text and text[-1].isdigit() and not text.isdigit() else None
        if glued is None or glued.end() != len(text) or _names_exactly(index, text):
            continue
        named = index.remembered_match(text[: glued.start()])
        if named is None or named.row is None or named.kind != "row" or named.how != "exact":
            continue
        after = itertools.takewhile(is_number_like, row.texts[at + 1 :])
        if sum(1 for _ in after) == len(named.row.columns) - 1:
            row = _split_cell(row, at, glued)
    return row


# A cell of a row (joined with NUL) ending in a number glued to a CJK character or a closing bracket.
_GLUED_AT_END = re.compile(rf"[\u4e00-\u9fff）)]{_NUMBER}(?:\x00|$)")


def _names_exactly(index: LabelIndex, text: str) -> bool:
    match = index.remembered_match(text)
    return match is not None and match.how == "exact"


def _split_cell(row: Row, at: int, glued: re.Match[str]) -> Row:
    """``row`` with the number ``glued`` in cell ``at`` a cell of its own after it (on the cell's last
    line), the cell keeping the rest of its text."""
    text, raw = row.texts[at], row.raws[at]
    number = glued[1]
    rest = text[: glued.start()] + text[glued.end() :]
    # The same number in the raw text (full-width digits read as the number they spell).
    raw_numbers = [found for found in _RAW_NUMBER.finditer(raw) if Decimal(found.group()) == Decimal(number)]
    raw_number = raw_numbers[-1] if raw_numbers else None
    raw_rest = raw[: raw_number.start()] + raw[raw_number.end() :] if raw_number else raw
    line = row.cell_lines[at][-1]
    columns = row.columns
    if columns is not None:
        columns = (*columns[: at + 1], columns[at] + glued.start(), *columns[at + 1 :])
    return attrs.evolve(
        row,
        texts=(*row.texts[:at], rest, number, *row.texts[at + 1 :]),
        raws=(*row.raws[:at], raw_rest, raw_number.group() if raw_number else number, *row.raws[at + 1 :]),
        cell_lines=(*row.cell_lines[: at + 1], (line,), *row.cell_lines[at + 1 :]),
        columns=columns,
    )


def _last_word(text: str) -> str:
    return text.rpartition(" ")[2]


def _last_words(row: Row, count: int) -> list[str]:
    """The last word on each line of the row's first ``count`` cells, in line order."""
    last: dict[tuple[int, ...], str] = {}
    for text, lines in zip(row.texts[:count], row.cell_lines[:count], strict=True):
        last[lines] = _last_word(text)
    return list(last.values())


def _longest_label(head: list[str], tail: list[str], index: LabelIndex) -> tuple[LabelMatch, str] | None:
    for start in range(len(head)):
        for stop in range(len(tail), 0, -1):
            joined = "".join(head[start:] + tail[:stop])
            if match := index.row_named(joined):
                return match, joined
    return None
