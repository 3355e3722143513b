"""The ``inline`` layout: crawled text whose table lost every separator (「规章000行政规范性文件8855698」).

Found among prose lines: a stretch where numbers follow short label-like texts again and again, with
no sentence (「。」) between them. Each text and each number becomes a cell; numbers a crawler left
spaced (「0 1 1 0 2 …」) are one cell each. A list number glued to a run of digits (「00000002.其他」)
belongs to the label after it. Which digits make which value is left to the recovery stage, which
places them only where the tables' identities allow one reading.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from gipreport.layout.model import MAX_CELLS_PER_ROW, Block, Found, Row, RunLayout
from gipreport.normalize import Line, NormalizedText

# A number: digits, a decimal part, a unit that may follow an amount; runs of them separated by spaces.
# ASCII digits only (normalization made full-width ones ASCII; no other digits are a report's), which
# also lets the scan of every prose line run about twice as fast as with Unicode \d.
_NUMBER = re.compile(r"[0-9]+(?:\.[0-9]+)?(?:万元|元)?")
# A number followed by one of these is prose (「2022年」「14571条」「100%」), not a table cell.
_PROSE_AFTER = frozenset("年月日条件篇个次项号人%％期家名位余万层楼室路栋-:/~")
_PROSE_BEFORE = frozenset("第(（-:/~")
# Where a stretch of table text cannot reach: across a sentence.
_SENTENCE = re.compile(r"[。！？!?]")
# The end of a run of digits not followed (within two spaces) by a word that makes it prose: at
# least one for each number _tokens keeps, so counting them tells cheaply whether a line may hold a
# stretch. (万 is left out: 「3万元」 is an amount.)
_CELL_DIGITS_END = re.compile(
    r"[0-9](?![0-9])(?!\s{0,2}[" + re.escape("".join(sorted(_PROSE_AFTER - {"万"}))) + "])"
    r"|[0-9](?=/(?![0-9]))|(?<=[0-9元])/(?![0-9])"  # 「0/」「0元/」: a number and a cell printed 「/」
)
_GLUED_LETTERS = re.compile(r"[A-Za-z]+")
MIN_NUMBERS = 4  # fewer numbers in a stretch: prose that happens to hold some numbers
MAX_GAP_CHARS = 160  # the longest text between two numbers of one table (headings run together)


def _tokens(text: str) -> list[tuple[int, int]]:
    """The numbers of a line that may be table cells, as (start, end), list numbers left out; a 「/」
    glued behind a number and before no digit is a cell of its own (a cell printed 「/」, not
    applicable: 「…制作0/ 7 04650480」), where 「2023/02」 is a date."""
    found: list[tuple[int, int]] = []
    for match in _NUMBER.finditer(text):
        start, end = match.span()
        if (glued := _GLUED_LETTERS.match(text, end)) is not None:
            # 「行政许可1069O第二十条」: a digit typed as a letter. The cell keeps it, and reads as no
            # number (flagged), rather than 1069 with the letter left to the next label.
            end = glued.end()
        after = text[end : end + 1]
        if (
            after == "/"
            and not text[end + 1 : end + 2].isdigit()
            and text[start - 1 : start] not in _PROSE_BEFORE
        ):
            found += [(start, end), (end, end + 1)]
            continue
        next_word = text[end : end + 3].lstrip()[:1]  # 「94 条」 is prose too
        if next_word and next_word in _PROSE_AFTER:
            continue
        if after in ".、" and text[end + 1 : end + 2] not in "0123456789" and not match.group().count("."):
            # 「00000002.其他」: the last digit numbers the next label; the rest is the value run.
            end -= 1
            if end <= start:
                continue
        if start > 0 and text[start - 1] in _PROSE_BEFORE:  # 「第20条」「(1)」「2023-02」
            continue
        found.append((start, end))
    return found


def _stretches(text: str) -> list[list[tuple[int, int]]]:
    """Runs of numbers with short, sentence-free texts between them."""
    stretches: list[list[tuple[int, int]]] = []
    current: list[tuple[int, int]] = []
    for start, end in _tokens(text):
        if current:
            gap = text[current[-1][1] : start]
            if len(gap) > MAX_GAP_CHARS or _SENTENCE.search(gap):
                stretches.append(current)
                current = []
        current.append((start, end))
    stretches.append(current)
    return [stretch for stretch in stretches if len(stretch) >= MIN_NUMBERS]


# A section heading run into the text of a crawled page: 「二、主动公开政府信息情况第二十条…」.
_SECTION_HEADING = re.compile(r"\s*[一二三四五六]、[^\s，。,;；]{2,24}?(?:情况|事项)")


def _rows(
    normalized: NormalizedText, number: int, begin: int, stretch: list[tuple[int, int]]
) -> tuple[list[Row], list[tuple[int, int]]]:
    """One row per label and the numbers after it; the spans of section headings found in labels."""
    text, original = normalized.texts[number - 1], normalized.originals[number - 1]
    same = len(text) == len(original)
    rows: list[Row] = []
    headings: list[tuple[int, int]] = []
    cells: list[tuple[int, str]] = []
    position = begin
    for index, (start, end) in enumerate(stretch):
        label_start = position
        heading = _SECTION_HEADING.match(text, label_start, start)
        if heading:
            headings.append((label_start, heading.end()))
            label_start = heading.end()
        if text[label_start:start].strip():
            if cells:
                rows.append(_row(text, original, same, number, cells))
            cells = [(label_start, text[label_start:start])]
        cells.extend((start + part.start(), part.group()) for part in re.finditer(r"\S+", text[start:end]))
        position = end
        if index == len(stretch) - 1:
            rows.append(_row(text, original, same, number, cells))
    return rows, headings


def _row(text: str, original: str, same: bool, number: int, cells: list[tuple[int, str]]) -> Row:
    cut = len(cells) > MAX_CELLS_PER_ROW
    cells = cells[:MAX_CELLS_PER_ROW]
    return Row(
        line=number,
        texts=tuple(cell.strip() for _, cell in cells),
        raws=tuple(original[start : start + len(cell)] if same else cell for start, cell in cells),
        cell_lines=((number,),) * len(cells),
        columns=tuple(start + 1 for start, _ in cells),
        cut=cut,
    )


def find(normalized: NormalizedText, numbers: Sequence[int]) -> list[tuple[Found, Sequence[int]]]:
    found: list[tuple[Found, Sequence[int]]] = []
    texts, count_ends = normalized.texts, _CELL_DIGITS_END.findall
    for number in numbers:
        text = texts[number - 1]
        if len(text) < 20:  # a row of a crawled table is longer than its label and its digits
            continue
        if len(count_ends(text)) < MIN_NUMBERS:  # fewer numbers than a stretch needs
            continue
        stretches = _stretches(text)
        if not stretches:
            continue
        original = normalized.originals[number - 1]
        same = len(text) == len(original)
        prose: list[Line] = []
        blocks: list[Block] = []
        position = 0
        for stretch in stretches:
            # The table starts after the last sentence before its first number.
            before = text[position : stretch[0][0]]
            sentence = max((m.end() for m in _SENTENCE.finditer(before)), default=0)
            begin = position + sentence
            if text[position:begin].strip():
                prose.append(_part(text, original, same, number, position, begin))
            rows, headings = _rows(normalized, number, begin, stretch)
            prose.extend(_part(text, original, same, number, start, end) for start, end in headings)
            blocks.append(Block("inline", number, number, tuple(rows), first_column=begin + 1))
            position = stretch[-1][1]
        if text[position:].strip():
            prose.append(_part(text, original, same, number, position, len(text)))
        for index, block in enumerate(blocks):
            # The prose of the line travels with the line's first block (others take none).
            found.append((Found(block, tuple(prose) if index == 0 else ()), (number,)))
    return found


def _part(text: str, original: str, same: bool, number: int, start: int, end: int) -> Line:
    return Line(number, text[start:end], original[start:end] if same else text[start:end], start + 1)


LAYOUT = RunLayout("inline", find)
