"""Where a table's numbers lie in a text whose tables are not read beside their labels: between the
table's heading and the next table's (or a later section's), headings found in the prose or, where a
narrow page wrapped one into a table's cells, among the cells; and those numbers, in text order, with
the row labels among them (``numbers_of``: the stream the stream reading places). And where those
labels stand among the numbers read row by row: where their rows start, just after them, or on a line
with some of their row's cells (``labels_at_start``, ``labels_after_numbers``, ``label_lines_first``)."""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Iterator, Mapping, Sequence
from typing import NamedTuple

import attrs

from gipreport.formats import FormatSpec, RowSpec, TableSpec
from gipreport.formats.spec import CHINESE_NUMERALS
from gipreport.layout import Layout, is_page_number
from gipreport.layout.model import AMOUNT_UNIT
from gipreport.mapping.labels import LabelMatch, label_index, table_named

_NUMBERED = re.compile(r"\s*[一二三四五六七八九十]{1,2}、")
# A section's heading: 「五、存在的主要问题及改进情况」「六、其他需要报告的事项」 (a row label never ends so).
_SECTION_HEADING = re.compile(r"\s*([一二三四五六七八九十])、.{2,40}(?:情况|事项)\s*")


class Heading(NamedTuple):
    """A line that heads a table or a section: its line, its last line (a heading wrapped over two:
    「三、收到和处理政府信息公开」「申请情况」), the table it names and the section's number (0: none)."""

    line: int
    last: int
    table: str | None
    section: int


def _headings(texts: Sequence[tuple[int, str]], fmt: FormatSpec) -> list[Heading]:
    """The headings among ``texts`` (line numbers and texts, in order)."""
    found = []
    for place, (number, text) in enumerate(texts):
        named, last = table_named(text, fmt), number
        if named is None and _NUMBERED.match(text) and place + 1 < len(texts):
            below, rest = texts[place + 1]
            if below == number + 1:
                named, last = table_named(text + rest, fmt), below
        section = _SECTION_HEADING.fullmatch(text)
        if named is not None or section is not None:
            found.append(
                Heading(number, last, named, CHINESE_NUMERALS.find(section[1]) + 1 if section else 0)
            )
    return found


class Headings:
    """Where headings may be in a layout: its prose lines, and (a heading a narrow page wrapped is
    short enough to be taken for a table's cell) the cells that may be a piece of one (「三、…」「…情况」),
    gathered once for all tables and only when the prose has none."""

    def __init__(self, layout: Layout, fmt: FormatSpec) -> None:
        self.layout, self.fmt = layout, fmt

    @functools.cached_property
    def prose(self) -> list[Heading]:
        return _headings([(line.number, line.text) for line in self.layout.prose], self.fmt)

    @functools.cached_property
    def with_cells(self) -> list[Heading]:
        cells = [
            (line, text)
            for line, _, text, _ in _cells(self.layout, range(1, 1 << 31))
            if "、" in text or "情况" in text or "事项" in text
        ]
        if not cells:
            return []
        prose = [(line.number, line.text) for line in self.layout.prose]
        return _headings(sorted([*prose, *cells]), self.fmt)


class Part(NamedTuple):
    """A line part of a table's region: its line, text and raw text, and whether the layout skipped
    it as page furniture."""

    line: int
    text: str
    raw: str
    skipped: bool


def table_region(
    table: TableSpec, layout: Layout, fmt: FormatSpec, headings: Headings
) -> tuple[list[Part], list[Part]]:
    """The texts of every line part after the table's heading and before the next table's, in text
    order; nothing where either heading is not found (in the prose, else among the cells:
    ``Headings``). And where a later section's heading ends the region (the last table), the lines
    of numbers alone after it: a PDF's content stream may draw a table's last cells after the
    page's other text (LibreOffice's and Chromium's prints of a table on a report's last page)."""
    bounds = _bounds(table, headings.prose) or _bounds(table, headings.with_cells)
    if bounds is None:
        return [], []
    start, end, by_section = bounds
    region = _parts(layout, range(start, end))
    late = (
        [part for part in _parts(layout, range(end, 1 << 31)) if _numbers_alone(part.text)]
        if by_section
        else []
    )
    return region, late


def _parts(layout: Layout, inside: range) -> list[Part]:
    parts = [
        (line.number, line.column, line.text, line.original, skipped)
        for lines, skipped in ((layout.prose, False), (layout.furniture, True))
        for line in lines
        if line.number in inside
    ]
    parts += [(line, column, text, raw, False) for line, column, text, raw in _cells(layout, inside)]
    parts.sort(key=lambda part: (part[0], part[1]))
    return [Part(line, text, raw, skipped) for line, _, text, raw, skipped in parts]


def _numbers_alone(text: str) -> bool:
    words = _STANDING_ALONE.findall(text)
    return bool(words) and all(_NUMBER.fullmatch(word) for word in words)


def _cells(layout: Layout, inside: range) -> Iterator[tuple[int, int, str, str]]:
    """The cells of the layout's blocks that start on a line ``inside``: line, column (or place in
    the row), text, raw text; a page mark a converter cut into cells (「-」「3 -」) left out."""
    for block in layout.blocks:
        if block.last_line < inside.start or block.first_line >= inside.stop:
            continue
        for row in block.rows:
            if is_page_number(" ".join(row.texts).strip(), bare=False):
                continue
            for position, text in enumerate(row.texts):
                line = row.cell_lines[position][0]
                if line in inside:
                    column = row.columns[position] if row.columns is not None else position
                    yield line, column, text, row.raws[position]


def _bounds(table: TableSpec, headings: Sequence[Heading]) -> tuple[int, int, bool] | None:
    """The first and the stop line of what lies between the table's heading and the next heading
    (a table's or a later section's), and whether that is a later section's."""
    start = end = None
    by_section = False
    for heading in headings:
        if heading.table == table.key:
            start, end = heading.last + 1, None
        elif start is not None and end is None:
            if heading.table is not None:
                end = heading.line
            elif heading.section > table.section_number:
                end, by_section = heading.line, True
    return (start, end, by_section) if start is not None and end is not None else None


# One cell's number standing alone between spaces: 「95」「1,234」「+3」「75.45」 (「1.」 of a label is not),
# an amount with the unit its cell keeps: 「75394432.52元」 (2019's 政府集中采购).
_NUMBER = re.compile(rf"[+\-]?(?:\d{{1,3}}(?:,\d{{3}})+|\d+)(?:\.\d+)?{AMOUNT_UNIT}?")
_STANDING_ALONE = re.compile(r"(?<!\S)(\S+)(?!\S)")
# A word of a cell's raw text; an amount's unit a narrow column wrapped below it is the amount's
# (「75394432.52」 then 「元」, one cell of the layout, 「75394432.52元」 normalized).
_RAW_WORD = re.compile(rf"(?<!\S)\S+(?:\s+{AMOUNT_UNIT}(?!\S))?")


class Token(NamedTuple):
    """A number of the stream: its text (normalized), its line and the raw text it was read from."""

    text: str
    line: int
    raw: str

    @property
    def as_count(self) -> int | None:
        """The number as a count (「1,234」 -> 1234), None for a signed or decimal one."""
        plain = self.text.replace(",", "")
        return int(plain) if plain.isdigit() else None


@attrs.define(slots=False)
class Stream:
    """A table's numbers in text order; ``labels`` the row labels among them, each with the count of
    numbers before it (read only when the numbers alone leave more than one reading)."""

    tokens: list[Token]
    parts: list[tuple[int, str]]  # the region's texts, in order, each with its line
    before: list[int]  # how many of ``tokens`` come before each part
    fmt: FormatSpec
    late: int = 0  # how many of the last tokens stand after a later section's heading (``table_region``)
    page_starts: tuple[int, ...] = ()  # the lines a page starts on (``Layout.page_starts``)

    def pages(self, tokens: Sequence[Token]) -> frozenset[int]:
        """Where a new page starts among ``tokens`` (these numbers, in some order): the places of the
        tokens with a page start between them and the token before."""
        return frozenset(
            place
            for place, (before, token) in enumerate(itertools.pairwise(tokens), 1)
            if any(before.line < start <= token.line for start in self.page_starts)
        )

    @property
    def late_note(self) -> str:
        """What a reading's proof or flag says of the numbers after a later section's heading."""
        if not self.late:
            return ""
        return f"; its last {self.late} numbers stand after a later section's heading (drawn after the text)"

    @functools.cached_property
    def label_lines(self) -> list[tuple[str, int, int]]:
        """Each part that names a row: the row's key, how many numbers come before it, and how many
        follow it on its line (a label line with the row's first cells)."""
        index = label_index(self.fmt)
        found: list[tuple[str, int, int]] = []
        tokens = self.tokens
        for (line, text), count in zip(self.parts, self.before, strict=True):
            label = " ".join(word for word in _STANDING_ALONE.findall(text) if not _NUMBER.fullmatch(word))
            match = index.role(label) if label else None  # remembered: the label reading asked too
            if isinstance(match, LabelMatch) and match.kind == "row" and match.row and match.how != "piece":
                on_line = count
                while on_line < len(tokens) and tokens[on_line].line == line:
                    on_line += 1
                found.append((match.row.key, count, on_line - count))
        return found


def numbers_of(
    table: TableSpec,
    layout: Layout,
    fmt: FormatSpec,
    sizes: set[int],
    headings: Headings,
    others: frozenset[int],
) -> Iterator[Stream]:
    """Every number standing alone between the table's heading and the next table's, in text order:
    first with the bare numbers the layout took for page numbers (in such a text a lone number under
    a row is most often a cell), then without them; only where their count is one of ``sizes``.
    Nothing where either heading is not found or the region holds a word that starts like a number
    but is none (「12%」). A line of ``others`` (read as another table's row) is none of the table's:
    where the next table's heading is lost, the region runs on into that table. Where the region's
    count is none of ``sizes``, the lines of numbers alone after a later section's heading are read
    on with it (see ``table_region``)."""
    region, late = table_region(table, layout, fmt, headings)
    tokens: list[Token] = []
    kept: list[Token] = []  # the same, less the bare numbers the layout took for page numbers
    before: list[int] = []
    kept_before: list[int] = []
    texts: list[tuple[int, str]] = []
    # The lines of numbers alone after a later section's heading only where the region's own
    # numbers are not the table's cells (see ``table_region``).
    for parts in (region, late):
        late_from, late_from_kept = len(tokens), len(kept)  # the numbers read before these parts
        for line, text, raw, skipped in parts:
            texts.append((line, text))
            before.append(len(tokens))
            kept_before.append(len(kept))
            if line in others:
                continue
            if is_page_number(text, bare=False) and not text.strip().isdigit():
                continue  # 「- 3 -」「第 3 页」
            words = _STANDING_ALONE.findall(text)
            raws = _RAW_WORD.findall(raw)
            for position, word in enumerate(words):
                if _NUMBER.fullmatch(word):
                    token = Token(word, line, raws[position] if len(raws) == len(words) else word)
                    tokens.append(token)
                    if not skipped:
                        kept.append(token)
                elif word[0].isdigit() and not _LABEL_NUMBER.match(word):
                    return  # 「12%」「3件/次」: not one cell's number, so the count of cells would be wrong
        is_late = parts is late
        found = False
        if len(tokens) in sizes:
            found = True
            late_count = len(tokens) - late_from if is_late else 0
            yield Stream(tokens, list(texts), list(before), fmt, late_count, layout.page_starts)
        if len(kept) < len(tokens) and len(kept) in sizes:
            found = True
            late_count = len(kept) - late_from_kept if is_late else 0
            yield Stream(kept, list(texts), list(kept_before), fmt, late_count, layout.page_starts)
        if found or not late:
            return


# Where the labels stand among the stream's numbers, read row by row.


def labels_after_numbers(stream: Stream, shapes: Sequence[tuple[RowSpec, ...]]) -> str | None:
    """A label that stands just after its own row's numbers (read row by row), and nowhere where they
    start, as a reason to doubt the label-by-label reading: it read that label with the next row's.
    (The rest of a label wrapped below the row's numbers follows them too, but its start, on the line of
    the numbers, stands where they start.)"""
    for rows in shapes:
        if len(stream.tokens) != sum(len(row.columns) for row in rows):
            continue
        spans = row_spans(rows)
        at_start = labels_at_start(stream, spans)
        for key, before, count in stream.label_lines:
            if key in spans and key not in at_start and not count and before == spans[key][1]:
                return f"「{next(row.label for row in rows if row.key == key)}」 follows its row's numbers"
    return None


def label_lines_first(stream: Stream, rows: Sequence[RowSpec]) -> list[Token] | None:
    """The stream with the numbers of each label line that holds some of its row's cells moved to its
    row's start (read row by row), wherever the line stands: after the rest of the row (Chromium's
    prints in ``pdftotext``), or before the row above's numbers (the same in ``-layout``, where a
    wrapped label's lines and the numbers beside them interleave); None where no line needs moving."""
    spans = row_spans(rows)
    tokens = stream.tokens
    first_cells: dict[int, range] = {}  # a row's start in the stream read row by row -> its line's cells
    taken: set[int] = set()
    for key, before, count in stream.label_lines:
        start, stop = spans.get(key, (0, 0))
        cells = range(before, before + count)
        if not 0 < count < stop - start or before == start or start in first_cells:
            continue
        if taken.isdisjoint(cells):
            first_cells[start] = cells
            taken.update(cells)
    if not first_cells:
        return None
    # Positions are the stream's as it comes: each row's first cells go where the row starts, the
    # other numbers keep their order around them.
    others = iter([token for at, token in enumerate(tokens) if at not in taken])
    moved: list[Token] = []
    while len(moved) < len(tokens):
        if len(moved) in first_cells:
            moved.extend(tokens[at] for at in first_cells[len(moved)])
        else:
            moved.append(next(others))
    return moved


def labels_at_start(stream: Stream, spans: Mapping[str, tuple[int, int]]) -> set[str]:
    """The rows whose label stands just where their numbers start in the stream read row by row."""
    return {key for key, before, _ in stream.label_lines if key in spans and before == spans[key][0]}


def row_spans(rows: Sequence[RowSpec]) -> dict[str, tuple[int, int]]:
    """Where each row's numbers are in the stream read row by row: (start, stop) by row key."""
    stops = list(itertools.accumulate(len(row.columns) for row in rows))
    return {row.key: (stop - len(row.columns), stop) for row, stop in zip(rows, stops, strict=True)}


# A row label's numbering: 「1.属于国家秘密」「3.」.
_LABEL_NUMBER = re.compile(r"\d{1,2}[.、．]")
