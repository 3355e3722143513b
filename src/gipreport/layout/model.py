"""What layout detection produces (blocks of rows of cells, prose, furniture), and the small text
tests every layout shares (is this cell a number, is this line a page number)."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

import attrs

from gipreport.normalize import Line, NormalizedText

# Real rows have at most ~20 cells; beyond this a line is noise (a file of TABs) and the rest of it
# is dropped (the row is marked ``cut``), so no line can create millions of cells.
MAX_CELLS_PER_ROW = 64

# A run of table lines of one layout: each line's number and kind.
Run = Sequence[tuple[int, str]]

# The stdlib engine: these are tried on many short lines, and a call of it costs a third of one of
# ``regex`` (nothing here needs regex's extensions).
# Page furniture: 「— 4 —」「- 5 -」「-3-」「第 5 页」「第5页 共7页」「5 / 7」.
_FOOTER = re.compile(
    r"\s*(?:[-\u2014\u2013\u2015]+\s*\d{1,4}\s*[-\u2014\u2013\u2015]+"
    r"|第\s*\d{1,4}\s*页(?:\s*[,/]?\s*共\s*\d{1,4}\s*页)?"
    r"|\d{1,4}\s*/\s*\d{1,4})\s*"
)
_BARE_PAGE_NUMBER = re.compile(r"\s*\d{1,4}\s*")
MAX_FOOTER_CHARS = 40
_FOOTER_START = frozenset("-\u2014\u2013\u2015第0123456789")  # what furniture starts with, checked first
HEADING_START = re.compile(r"\s*(?:[一二三四五六七八九十]{1,3}、|\d{1,2}、|\([一二三四五六七八九十]{1,3}\))")
# The units an amount may keep in its cell (「75394432.52元」), and the same as a pattern's part.
AMOUNT_UNITS = frozenset({"元", "万元"})
AMOUNT_UNIT = "(?:万元|元)"
_NUMBER_LIKE = re.compile(r"[+\-]?\d[\d, ]*(?:\.\d+)?\s*(?:万元|元|件|条|个|次|项|人)?")
# One number with its digits grouped by spaces (「1 234」): every group after the first has three digits,
# and the first is no 0 (「0 293」 groups nothing: two numbers). Cells are split and read by this one rule.
SPACE_GROUPED_DIGITS = r"[1-9]\d{0,2}(?: \d{3})+"
# Several numbers in one cell, apart by spaces (「396 0 181」「0 23」「135 75394432.52元」): a converter
# merged the cells of one line. Not one number with its digits grouped by spaces.
_NUMBER_TOKEN = re.compile(rf"\d+(?:\.\d+)?{AMOUNT_UNIT}?")
_SEVERAL_NUMBERS = re.compile(rf"{_NUMBER_TOKEN.pattern}(?:[ \t]+{_NUMBER_TOKEN.pattern})+")
_GROUPED_DIGITS = re.compile(SPACE_GROUPED_DIGITS)


def is_page_number(text: str, *, bare: bool = True) -> bool:
    """A page footer or header (「— 4 —」「第 3 页」); with ``bare``, also a lone 1-4 digit number, which
    is a page number only where a table row stands above it (the caller knows).

    >>> is_page_number("— 4 —"), is_page_number("12"), is_page_number("12", bare=False)
    (True, True, False)
    """
    if len(text) > MAX_FOOTER_CHARS or "\t" in text or text.lstrip()[:1] not in _FOOTER_START:
        return False
    return bool(_FOOTER.fullmatch(text) or (bare and _BARE_PAGE_NUMBER.fullmatch(text)))


def numbers_apart(text: str, raw: str) -> list[tuple[str, str]] | None:
    """The numbers of a cell that holds several apart by spaces, each with its raw text (the pieces
    themselves where the raw text spells them otherwise); None for any other cell.

    >>> numbers_apart("0 23", "0 23"), numbers_apart("1 234", "1 234"), numbers_apart("23", "23")
    ([('0', '0'), ('23', '23')], None, None)
    """
    if " " not in text and "\t" not in text:  # one word (most cells): no regex
        return None
    if not _SEVERAL_NUMBERS.fullmatch(text) or _GROUPED_DIGITS.fullmatch(text):
        return None
    pieces = _NUMBER_TOKEN.findall(text)
    raw_pieces = _NUMBER_TOKEN.findall(raw)
    if len(raw_pieces) != len(pieces):
        raw_pieces = pieces
    return list(zip(pieces, raw_pieces, strict=True))


MAX_FRAGMENT_CHARS = 40
_SECTION_END = ("情况", "事项")  # a numbered line ending so is a section heading, never a table's


def is_fragment(text: str) -> bool:
    """A short line that may be part of a table drawn with spaces: not a sentence, not a heading.

    >>> is_fragment("计其他情形）"), is_fragment("（三）不予公开")
    (True, True)
    >>> is_fragment("四、政府信息公开行政复议、行政诉讼情况")
    False
    """
    stripped = text.strip()
    if len(stripped) > MAX_FRAGMENT_CHARS or "。" in stripped:
        return False
    heading = HEADING_START.match(stripped)
    return heading is None or not stripped.endswith(_SECTION_END)


def is_number_like(text: str) -> bool:
    """A cell that holds a number (possibly with a unit or digit-group spaces); an empty cell is not.

    >>> is_number_like("1,234"), is_number_like("3件"), is_number_like("1."), is_number_like("")
    (True, True, False, False)
    """
    if not text or text.isdigit():
        return bool(text)
    first = text[0]  # a number starts with a digit or a sign: most texts are told so, without a regex
    return (first.isdigit() or first in "+-") and bool(_NUMBER_LIKE.fullmatch(text))


@attrs.frozen
class BlockCell:
    """One cell of a row, as a value for debugging: normalized ``text``, the ``raw`` input text, its
    first line, every line it spans and, where known, its 1-based start column."""

    text: str
    raw: str
    line: int
    lines: tuple[int, ...]
    column: int | None = None


@attrs.frozen
class Row:
    """A table row: each cell's normalized text, its raw input text and the lines it spans.

    The cells are kept as parallel tuples: a report has hundreds of cells and one object for each
    costs more than reading them (``cell(i)`` and ``cells`` give them as BlockCell values to look at).
    ``columns`` holds each cell's 1-based start column where a line holds several rows or the source
    is markup, else None. ``cut`` marks a row whose cells beyond MAX_CELLS_PER_ROW were dropped.
    """

    line: int
    texts: tuple[str, ...]
    raws: tuple[str, ...]
    cell_lines: tuple[tuple[int, ...], ...]
    columns: tuple[int, ...] | None = None
    cut: bool = False

    @property
    def cells(self) -> tuple[BlockCell, ...]:
        return tuple(map(self.cell, range(len(self.texts))))

    def cell(self, position: int) -> BlockCell:
        lines = self.cell_lines[position]
        column = self.columns[position] if self.columns is not None else None
        return BlockCell(self.texts[position], self.raws[position], lines[0], lines, column)


def row_of_line(number: int, texts: list[str], raws: list[str]) -> Row:
    """A row of one line, from its cells split in the normalized and in the original text."""
    cut = len(texts) > MAX_CELLS_PER_ROW
    if cut:
        texts, raws = texts[:MAX_CELLS_PER_ROW], raws[:MAX_CELLS_PER_ROW]
    if len(raws) != len(texts):  # a fix changed a separator; fall back to the normalized text
        raws = texts
    # Positional arguments: a row of every table line is built this way, and keywords cost a third
    # of the Row's construction.
    return Row(number, tuple(map(str.strip, texts)), tuple(raws), ((number,),) * len(texts), None, cut)


@attrs.frozen
class Block:
    """A run of table rows in one layout, from ``first_line`` to ``last_line`` inclusive.

    ``layout`` names the layout (``tab``, ``pipe``, ``lines``, ``spaced``, ``cells``, ``inline``) or
    the reader that built the block (``html``, ``docx``, ``pdf``); ``first_column`` is where the
    block starts on its first line (1 unless a line holds prose and then a table).
    """

    layout: str
    first_line: int
    last_line: int
    rows: tuple[Row, ...]
    first_column: int = 1


@attrs.frozen
class Layout:
    """The table blocks of a source in order, and what is outside every block.

    ``prose`` holds the lines (or parts of lines) outside every block, blank lines left out;
    ``furniture`` the lines skipped as page furniture (kept: a bare number taken for a page number may
    be a cell of a table whose numbers stand one per line); ``wide_rows`` the lines whose rows were cut at
    MAX_CELLS_PER_ROW cells; ``page_starts`` the lines a form feed starts (``pdftotext`` ends each page
    with one, and a space-aligned table's columns may stand elsewhere on the next page). ``source`` says
    what the layout was read from ("text" or a reader).
    """

    blocks: tuple[Block, ...]
    prose: tuple[Line, ...]
    furniture: tuple[Line, ...] = ()
    wide_rows: tuple[int, ...] = ()
    source: str = "text"
    page_starts: tuple[int, ...] = ()


@attrs.frozen
class LineLayout:
    """A layout recognised line by line.

    ``classify`` gives a normalized line one of this layout's line kinds, or None; ``build`` turns a
    run of its lines (numbers and kinds, blank and continuation lines included) into rows;
    ``continues`` says whether a short line without separators under one of its lines may be the rest
    of that line's last cell (a label broken by a PDF or Word copy); ``marker`` is a text every line
    of the layout holds (a separator), so lines without it are not offered to ``classify``.
    ``inside`` gives a line the layout's kind only within a run of it, given the run's last line of
    the layout, never to start one: a row's numbers alone under its wrapped label, in PDF text, are a
    row there and anything elsewhere.
    """

    name: str
    classify: Callable[[str], str | None]
    build: Callable[[NormalizedText, Run], list[Row]]
    continues: bool = False
    marker: str = ""
    absorbs: bool = False  # short text lines between its lines belong to the block (see is_fragment)
    inside: Callable[[str, str], str | None] | None = None


@attrs.frozen
class Found:
    """A block a run layout found among prose lines, and the prose it leaves on those lines."""

    block: Block
    prose: tuple[Line, ...] = ()  # parts of its lines that are prose (a line holding text and a table)


@attrs.frozen
class RunLayout:
    """A layout recognised over runs of prose lines: ``find`` returns the blocks in a run and the
    line numbers they took (their prose parts, if any, come back in ``Found.prose``)."""

    name: str
    find: Callable[[NormalizedText, Sequence[int]], list[tuple[Found, Sequence[int]]]]
