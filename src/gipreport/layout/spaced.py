"""The ``spaced`` layout: columns aligned by runs of spaces, as ``pdftotext -layout`` and PDF copies
give tables.

A row is a line whose cells are separated by two or more spaces and which ends in numbers (or is
made of numbers only, or of three or more cells: a header line, unless it reads as sentences, as
prose justified with runs of spaces does). Labels wrapped over several lines
come as short text lines between rows; they are kept in the block and put in front of the next row
that has numbers, one cell per line, where the mapper joins the pieces of a broken label. A blank
cell leaves no trace in such text: its row comes out short, and the recovery stage decides.
"""

from __future__ import annotations

import re

from gipreport.layout.model import AMOUNT_UNIT, AMOUNT_UNITS, MAX_CELLS_PER_ROW, LineLayout, Row, Run
from gipreport.normalize import NormalizedText

_GAP = re.compile(r" {2,}")
# One number of a row; an amount may keep its unit (「75394432.52元」, 2019's 政府集中采购).
_NUMBER = rf"\d[\d,]*(?:\.\d+)?(?: ?{AMOUNT_UNIT})?"
_NUMBERS = re.compile(rf"[+\-]?{_NUMBER}(?: +[+\-]?{_NUMBER})*")
# A header cell is short; prose broken into chunks by justified spacing is not.
MAX_CHUNK_CHARS = 40
MAX_SHORT_ROW_CHARS = 30
_NUMBERS_TEXT = rf"{_NUMBER}(?: {_NUMBER})*"
# 「附件 1」「表 2」 number the document, not a table's row.
_SHORT_LABEL = r"[^\s,.;:，。；：\d][^,.;:，。；：]*?[^\s\d]"
_SHORT_ROW = re.compile(rf"(?!附件|附表|表 |图 )(?P<label>{_SHORT_LABEL}) (?P<numbers>{_NUMBERS_TEXT})")
# A label that runs into its numbers with one space (a tight column): no digit or punctuation before
# the space, no full stop (a sentence ending in figures is prose); or a numbering and one character, a
# label column two characters wide (「2.其 0 0 0 0 0 0 0」, the rest of the label below).
_LABEL_BEFORE_NUMBERS = r"(?:\d{1,2}[.、])?[^。\d][^。]*[^\s\d。,.;:+\-]|\d{1,2}[.、][\u4e00-\u9fff]"
_LABEL_THEN_NUMBERS = re.compile(
    rf"(?!附件|附表|表 |图 )(?P<label>{_LABEL_BEFORE_NUMBERS}) (?P<numbers>{_NUMBERS_TEXT})"
)
MAX_LABEL_ROW_CHARS = 80
# Inside a row's line, a label a narrow column wrapped may end at a comma (「（二）部分公开（区分处理的，只计
# 这一情形， 2 0 0 0 0 0 2」); on a line alone that is prose ending in figures.
_WRAPPED_LABEL_THEN_NUMBERS = re.compile(
    rf"(?P<label>(?:\d{{1,2}}[.、])?[^。\d][^。]*[,，]) (?P<numbers>{_NUMBERS_TEXT})"
)
_NUMBERING = re.compile(r"\d{1,2}[.、]")
# A label with its first number glued to it, two numbers or more (「其他对外管理服务事项10 0 153」: PDF
# text of a tight column, the label's last character and the first cell on one baseline).
_LABEL_GLUED_TO_NUMBERS = re.compile(
    rf"(?!附件|附表|表 |图 )(?P<label>(?:\d{{1,2}}[.、])?[^\s\d,.;:，。；：][^\d。,.;:，。；：]*"
    rf"[\u4e00-\u9fff）)])(?P<numbers>{_NUMBER}(?: {_NUMBER})+)"
)
_SPACED_YEAR = re.compile(r"(?:19|20)\d\d {2,}年")
# The last character of a label a narrow column wrapped, on its row's line (「确 0 0 0 0 0 0 0」 under
# 「3.补正后申请内容仍不明」): taken for a row only inside a run of rows (``numbers_alone``).
_LAST_PIECE_ROW = re.compile(rf"(?P<label>[\u4e00-\u9fff]) (?P<numbers>{_NUMBER}(?: {_NUMBER})+)")


def _chunks(text: str) -> list[tuple[int, str]]:
    """The cells of a line: (start column, text), split at runs of two or more spaces, and between
    a label and the numbers one space behind it (「行政许可 0」, or a long label a tight column wrapped:
    「（二）部分公开（区分处理的，只计这一情形，不 0 0 0 0 0 0 0」)."""
    found = _split_gaps(text)
    if len(found) == 1:
        stripped = text.strip()
        short = _SHORT_ROW.fullmatch(stripped) or _LAST_PIECE_ROW.fullmatch(stripped)
        if short and len(stripped) <= MAX_SHORT_ROW_CHARS:
            offset = len(text) - len(text.lstrip())
            return [
                (offset + short.start("label"), short["label"]),
                (offset + short.start("numbers"), short["numbers"]),
            ]
    cells: list[tuple[int, str]] = []
    for start, chunk in found:
        joined = (
            _LABEL_THEN_NUMBERS.fullmatch(chunk)
            or _LABEL_GLUED_TO_NUMBERS.fullmatch(chunk)
            or _WRAPPED_LABEL_THEN_NUMBERS.fullmatch(chunk)
        )
        if joined is None:
            cells.append((start, chunk))
            continue
        cells.append((start, joined["label"]))
        cells.append((start + joined.start("numbers"), joined["numbers"]))
    return cells


def _split_gaps(text: str) -> list[tuple[int, str]]:
    found = []
    position = 0
    for gap in _GAP.finditer(text):
        if gap.start() > position:
            found.append((position, text[position : gap.start()]))
        position = gap.end()
    if position < len(text):
        found.append((position, text[position:]))
    return [(start, chunk) for start, chunk in found if chunk.strip()]


def classify(text: str) -> str | None:
    if "  " not in text and len(text) > MAX_LABEL_ROW_CHARS:  # prose: neither kind of row
        return None
    chunks = _split_gaps(text)
    if len(chunks) < 2:
        return classify_short_row(text)
    if _SPACED_YEAR.search(text):  # a title justified apart (「XX镇     2023   年政府信息公开…」)
        return None
    if any(len(chunk) > MAX_CHUNK_CHARS for _, chunk in chunks):
        return None
    last = chunks[-1][1]
    if _NUMBERS.fullmatch(last):
        return "spaced"
    # The last cell a wrapped label that runs into its row's numbers (「度办理结  （二）部分公开（区分处理
    # 的，只计这一情形， 2 0 0 0 0 0 2」): a row where two numbers or more follow it, and no sentence ends.
    joined = _LABEL_THEN_NUMBERS.fullmatch(last) or _WRAPPED_LABEL_THEN_NUMBERS.fullmatch(last)
    if joined and " " in joined["numbers"] and "。" not in text:
        return "spaced"
    # Three or more cells make a header line; but prose justified with runs of spaces (pypdf's layout
    # mode) is cut into chunks too, and reads as sentences: a full stop, or two or more commas.
    if len(chunks) >= 3 and "。" not in text and sum(map(text.count, "，；,;")) < 2:
        return "spaced"
    return None


def classify_short_row(text: str) -> str | None:
    """A short line of a label and its numbers behind one space (「行政许可 0」), as PDF text gives a
    table drawn without column gaps. Sentences (punctuation) and long lines are prose."""
    stripped = text.strip()
    found = _SHORT_ROW.fullmatch(stripped)
    if found and len(stripped) <= MAX_SHORT_ROW_CHARS:
        return "spaced"
    # A longer label with a row of numbers behind it (two or more: one figure ends many a sentence).
    if len(stripped) > MAX_LABEL_ROW_CHARS:
        return None
    joined = _LABEL_THEN_NUMBERS.fullmatch(stripped) or _LABEL_GLUED_TO_NUMBERS.fullmatch(stripped)
    if joined is None and (wrapped := _WRAPPED_LABEL_THEN_NUMBERS.fullmatch(stripped)) is not None:
        # A label cut at a comma: a row only where a run of three numbers or more follows it.
        joined = wrapped if wrapped["numbers"].count(" ") >= 2 else None
    return "spaced" if joined and " " in joined["numbers"] else None


def _cells(text: str) -> list[tuple[int, str]]:
    """A line's cells; a chunk of numbers separated by single spaces is one cell per number."""
    cells: list[tuple[int, str]] = []
    for start, chunk in _chunks(text):
        if _NUMBERS.fullmatch(chunk) and " " in chunk:
            offset = 0
            for part in chunk.split(" "):
                if part in AMOUNT_UNITS and cells:  # 「75394432.52 元」: the amount's unit, in its cell
                    column, amount = cells[-1]
                    cells[-1] = (column, f"{amount} {part}")
                elif part:
                    cells.append((start + chunk.index(part, offset), part))
                    offset = chunk.index(part, offset) + len(part)
        else:
            cells.append((start, chunk))
    return cells


def build(normalized: NormalizedText, run: Run) -> list[Row]:
    texts, originals = normalized.texts, normalized.originals
    rows: list[Row] = []
    fragments: list[tuple[int, int, str, str]] = []  # (line, column, text, raw) of lines before a row
    for number, kind in run:
        text, original = texts[number - 1], originals[number - 1]
        same = len(text) == len(original)  # normalization maps character to character: same columns
        if kind == "text":
            for start, chunk in _chunks(text):
                raw = original[start : start + len(chunk)] if same else chunk
                fragments.append((number, start + 1, chunk.strip(), raw))
            continue
        if kind != "spaced":
            continue
        cells = [
            (number, start + 1, chunk.strip(), original[start : start + len(chunk)] if same else chunk)
            for start, chunk in _cells(text)
        ]
        if fragments and len(cells) > 1 and _NUMBERING.fullmatch(cells[0][2]):
            # Chromium's print, in ``-layout``: a label's numbering on its numbers' line, its words on
            # the line above (「属于国家秘密」, then 「1.      4 0 0 0 0 0 4」): the numbering leads.
            fragments, cells = [cells[0], *fragments], cells[1:]
        cells = [*fragments, *cells][:MAX_CELLS_PER_ROW]
        fragments = []
        rows.append(
            Row(
                line=cells[0][0],
                texts=tuple(cell[2] for cell in cells),
                raws=tuple(cell[3] for cell in cells),
                cell_lines=tuple((cell[0],) for cell in cells),
                columns=tuple(cell[1] for cell in cells),
            )
        )
    return rows


def numbers_alone(text: str, last: str) -> str | None:
    """A line inside a run of rows that holds a row's numbers alone, behind one space each, under a
    label a narrow column wrapped above them (「（二）部分公开（区分处理的，只计这一情形，不」「计其他情形）」
    「0 0 0 0 0 0 0」), or behind the label's last character (「确 0 0 0 0 0 0 0」): a row, its label the
    lines above, where it holds as many numbers as the run's ``last`` row ends in. Fewer are a row's
    last cells a text in content-stream order put on one line (「0 1」, its label below); one amount
    with its unit (「75394432.52 元」) is no row; outside a run such a line is left to the other
    layouts (a cell per line holds 「35 0」)."""
    stripped = text.strip()
    if _NUMBERS.fullmatch(stripped) is None:
        piece = _LAST_PIECE_ROW.fullmatch(stripped)
        if piece is None:
            return None
        stripped = piece["numbers"]
    ends_in = 0
    for _, cell in reversed(_cells(last)):
        if _NUMBERS.fullmatch(cell.strip()) is None:
            break
        ends_in += 1
    count = len(_cells(stripped))
    return "spaced" if count >= 2 and count == ends_in else None


LAYOUT = LineLayout("spaced", classify, build, marker=" ", absorbs=True, inside=numbers_alone)
