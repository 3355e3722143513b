"""Short rows of a space-aligned table, read by where their numbers stand under the header.

In text that keeps a page's columns with spaces (``pdftotext -layout``, pypdf's layout mode) a blank
cell leaves nothing, so a row of a report that leaves columns blank comes out short: 「一、本年新收…
26        26」 for seven columns. Its numbers still stand under their columns' header words, as a reader
sees them. Short rows are read so here where all of this holds, and left to the recovery stage
otherwise:

- every column's label starts once, in print order, on the header lines of the row's block (the text
  above its first number): 「自 然」「商业」…「总计」, each label's first two characters;
- from the header down, row after row (whole rows too), each number stands nearest one column's
  label, within MAX_HEADER_OFFSET characters of it and clearly nearer it than the next; the rows stop at
  the first that does not, or at a new page (a form feed): the text of another page sets its
  columns elsewhere, and a row that does not stand under the header says the columns moved;
- at least MIN_ROWS_ALIGNED rows so stand, each column's numbers centred within MAX_COLUMN_DRIFT
  characters of each other: text whose spacing only parts cells (a converter's) has no columns;
- every identity inside a short row holds, its blank cells counted 0 (as a report's blanks are), and
  its sum (the row's total) is printed: numbers moved a whole column over leave the total blank.

The other cells of a row so read are blank (None, flagged ``map.cell-blank``); an info names the
columns its numbers stood under.
"""

from __future__ import annotations

import bisect
import itertools
from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import NamedTuple

import attrs

from gipreport.diagnostics import Diagnostic, diagnostic
from gipreport.formats import FormatSpec, RowSpec
from gipreport.formats.identities import SumIdentity
from gipreport.layout import Block, Layout, Row, is_number_like
from gipreport.model import Sources, Value
from gipreport.tables.placements import Piece
from gipreport.tables.reading import Pending, RowReading, TableReading, place_piece, row_check

# A column label's characters may stand apart by up to this many character columns on a header line
# (「自 然」「法  律」: a PDF spaces out a narrow column's header).
MAX_HEADER_SPACING = 3
# How far (in characters) a number may stand beside its column's label, and how much nearer it must
# be to it than to the next label: text extractors place a long label's numbers a character or two off.
MAX_HEADER_OFFSET = 2
MIN_HEADER_MARGIN = 2
# Rows that must stand under the header before any short one is read by where it stands.
MIN_ROWS_ALIGNED = 3
# How far apart (in characters) the centres of one column's numbers may lie: a number's width moves
# its centre by half a character for each digit more or less, and an extractor sets the numbers of a
# long label up to two characters off.
MAX_COLUMN_DRIFT = 3.0


class Span(NamedTuple):
    """Character columns ``first`` to ``last`` (inclusive, 1-based) of a line."""

    first: int
    last: int

    def distance(self, other: Span) -> int:
        """The characters between the two spans; 0 where they overlap."""
        return max(0, other.first - self.last, self.first - other.last)

    @property
    def centre(self) -> float:
        return (self.first + self.last) / 2


class Printed(NamedTuple):
    """A row of the table as printed: the line of its first number, where its numbers stand, and the
    short row it is (None for a whole row, read by position already)."""

    line: int
    spans: tuple[Span, ...]
    short: Pending | None


def read_under_header(reading: TableReading, layout: Layout, fmt: FormatSpec) -> TableReading:
    """``reading`` with each short row of a space-aligned table that stands under its header (see the
    module doc) placed, and no longer pending; else as it was."""
    short = [pending for pending in reading.pending if _short_aligned_row(pending)]
    if not short:
        return reading
    blocks = [block for block in layout.blocks if block.layout == "spaced"]
    # Rows of one block with the same column labels (each row's columns have keys of their own).
    groups: dict[tuple[int | None, tuple[str, ...]], list[Printed]] = defaultdict(list)
    for pending in short:
        found = pending.reading
        assert found.spec is not None  # (``_short_aligned_row``)
        spans = tuple(_number_span(found.row, position) for position in found.positions)
        line = found.row.cell_lines[found.positions[0]][0]
        groups[_block_of(blocks, line), _labels(found.spec)].append(Printed(line, spans, pending))
    for spec in fmt.rows:  # the whole rows of those blocks, read by position already
        whole = _whole_row(reading.sources, spec)
        key = (_block_of(blocks, whole.line), _labels(spec)) if whole is not None else None
        if whole is not None and key in groups:
            groups[key].append(whole)
    values, sources = dict(reading.values), Sources(reading.sources)
    notes: list[Diagnostic] = []
    placed: set[int] = set()
    for (at, labels), rows in groups.items():
        lines = header_lines(blocks[at]) if at is not None else {}
        header = header_spans(lines, labels)
        if header is None:
            continue
        standing = _standing_rows(fmt, header, rows, layout.page_starts, max(lines))
        if len(standing) < MIN_ROWS_ALIGNED or not _lined_up(standing, len(labels)):
            continue
        for row, under in standing:
            if row.short is not None:
                notes.extend(_place(values, sources, row.short.reading, under, header))
                placed.add(id(row.short))
    if not placed:
        return reading
    return attrs.evolve(
        reading,
        values=values,
        sources=sources,
        diagnostics=(*reading.diagnostics, *notes),
        pending=tuple(pending for pending in reading.pending if id(pending) not in placed),
    )


def _labels(spec: RowSpec) -> tuple[str, ...]:
    return tuple(column.own_label for column in spec.columns)


def _block_of(blocks: Sequence[Block], line: int) -> int | None:
    """The block (in ``blocks``, in line order) that holds ``line``; None where none does."""
    at = bisect.bisect_right(blocks, line, key=lambda block: block.first_line) - 1
    return at if at >= 0 and line <= blocks[at].last_line else None


def _short_aligned_row(pending: Pending) -> bool:
    found = pending.reading
    return (
        pending.reason in ("lost-cell", "run-together")  # (a number under one column is one cell)
        and found.layout == "spaced"
        and found.spec is not None
        and found.spec.counts_only
        and found.row.columns is not None
        and 0 < len(found.positions) < len(found.spec.columns)
    )


def _whole_row(sources: Sources, spec: RowSpec) -> Printed | None:
    """A row read whole, each cell as printed on one line with its column known: where it stands."""
    spans = []
    for key in spec.cells:
        cell = sources.get(key)
        if cell is None or cell.state != "value" or cell.column is None or len(cell.lines) != 1:
            return None
        spans.append(Span(cell.column, cell.column + len(cell.raw) - 1))
    first = sources[spec.cells[0]].line
    return Printed(first, tuple(spans), None) if first is not None else None


def header_spans(
    lines: Mapping[int, Sequence[tuple[int, str]]], labels: Sequence[str]
) -> tuple[Span, ...] | None:
    """Where each column label stands on a block's header lines (``header_lines``): the one placing of
    every label's start in print order; None where a label is not found, two labels start alike, the
    labels can be placed more than one way, or there is one column."""
    if (
        len(labels) < 2
        or any(len(label) < 2 for label in labels)
        or len({label[:2] for label in labels}) < len(labels)
    ):
        return None
    candidates = [
        [span for chars in lines.values() for span in _label_spans(chars, label)] for label in labels
    ]
    # Count the placings in print order, label by label (each count capped at 2: one or several).
    ways: list[list[int]] = [[1] * len(candidates[0])]
    for before, spans in itertools.pairwise(candidates):
        ways.append(
            [
                min(2, sum(w for w, prior in zip(ways[-1], before, strict=True) if prior.last < span.first))
                for span in spans
            ]
        )
    if sum(ways[-1]) != 1:
        return None
    chosen: list[Span] = []
    for position in range(len(candidates) - 1, -1, -1):
        chosen.append(
            next(
                span
                for w, span in zip(ways[position], candidates[position], strict=True)
                if w and (not chosen or span.last < chosen[-1].first)
            )
        )
    return tuple(reversed(chosen))


def header_lines(block: Block) -> dict[int, list[tuple[int, str]]]:
    """Each header line's characters with their columns: the block's text above its first number."""
    cells = [
        (lines[0], column, text)
        for row in block.rows
        for text, lines, column in zip(row.texts, row.cell_lines, row.columns or (), strict=False)
    ]
    first_number = min((line for line, _, text in cells if is_number_like(text)), default=0)
    header: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for line, column, text in cells:
        if line < first_number:
            header[line].extend(
                (column + offset, char) for offset, char in enumerate(text) if not char.isspace()
            )
    for chars in header.values():
        chars.sort()
    return header


def _label_spans(chars: Sequence[tuple[int, str]], label: str) -> list[Span]:
    """Where ``label`` starts on a header line: its first two characters one after the other (at most
    MAX_HEADER_SPACING apart), the span running on over the label's next characters so printed."""
    spans = []
    for at, (column, char) in enumerate(chars):
        if char != label[0]:
            continue
        end = at
        while (
            end + 1 < len(chars)
            and end - at + 1 < len(label)
            and chars[end + 1][1] == label[end - at + 1]
            and chars[end + 1][0] - chars[end][0] <= MAX_HEADER_SPACING
        ):
            end += 1
        if end > at:
            spans.append(Span(column, chars[end][0]))
    return spans


def _standing_rows(
    fmt: FormatSpec,
    header: Sequence[Span],
    rows: Sequence[Printed],
    page_starts: Sequence[int],
    last_header: int,
) -> list[tuple[Printed, tuple[int, ...]]]:
    """The rows from the header down that stand under it, each with the column each of its numbers
    stands under, up to the first row that does not (or a new page)."""
    standing: list[tuple[Printed, tuple[int, ...]]] = []
    for row in sorted(rows, key=lambda row: row.line):
        if bisect.bisect_right(page_starts, row.line) > bisect.bisect_right(page_starts, last_header):
            break  # a new page starts between the header and the row
        under = _columns_under(row.spans, header)
        if under is None or (row.short is None and under != tuple(range(len(header)))):
            break
        if row.short is not None and not _adds_up(fmt, row.short.reading, under):
            break
        standing.append((row, under))
    return standing


def _number_span(row: Row, position: int) -> Span:
    start = (row.columns or ())[position]
    return Span(start, start + len(row.texts[position]) - 1)


def _columns_under(numbers: Sequence[Span], header: Sequence[Span]) -> tuple[int, ...] | None:
    """The column each number stands under, in print order; None where a number stands near no
    label, or about as near two, or two numbers under one."""
    under: list[int] = []
    for number in numbers:
        (best, column), (second, _) = sorted(
            (span.distance(number), column) for column, span in enumerate(header)
        )[:2]
        if best > MAX_HEADER_OFFSET or second - best < MIN_HEADER_MARGIN or (under and column <= under[-1]):
            return None
        under.append(column)
    return tuple(under)


def _lined_up(standing: Sequence[tuple[Printed, tuple[int, ...]]], width: int) -> bool:
    """Whether each column's numbers are centred within MAX_COLUMN_DRIFT of each other."""
    centres: list[list[float]] = [[] for _ in range(width)]
    for row, under in standing:
        for column, span in zip(under, row.spans, strict=True):
            centres[column].append(span.centre)
    return all(max(found) - min(found) <= MAX_COLUMN_DRIFT for found in centres if found)


def _adds_up(fmt: FormatSpec, found: RowReading, under: Sequence[int]) -> bool:
    """Whether every identity inside the row holds, its blank cells counted 0, with its sum printed:
    a row moved a column over leaves its total blank (a printed part and a blank total, as a row of
    zeros moved so would read, is no reading)."""
    spec = found.spec
    rules = row_check(fmt, spec) if spec is not None else None
    if spec is None or rules is None:
        return True
    printed = {spec.cells[column] for column in under}
    texts = ["0"] * len(spec.cells)  # a blank counts 0 in its row's sums
    for column, position in zip(under, found.positions, strict=True):
        texts[column] = found.row.texts[position]
    return all(set(_sum_of(rule)) <= printed for rule in rules.identities) and rules.check(texts)


def _sum_of(rule: SumIdentity) -> tuple[str, ...]:
    """The side of an identity that is the sum (the row's total): the side of fewer keys."""
    return rule.left if len(rule.left) <= len(rule.right) else rule.right


def _place(
    values: dict[str, Value],
    sources: Sources,
    found: RowReading,
    under: Sequence[int],
    header: Sequence[Span],
) -> list[Diagnostic]:
    """Place the row's numbers in the columns they stand under, the other cells blank; what it says."""
    row, spec = found.row, found.spec
    assert spec is not None  # (``_short_aligned_row``)
    number_at = dict(zip(under, found.positions, strict=True))
    at = [number_at.get(column) for column in range(len(header))]
    laid_out = Row(  # the row as printed, a blank cell where each column without a number stands
        row.line,
        tuple("" if position is None else row.texts[position] for position in at),
        tuple("" if position is None else row.raws[position] for position in at),
        tuple((row.line,) if position is None else row.cell_lines[position] for position in at),
        tuple(
            header[column].first if position is None else (row.columns or ())[position]
            for column, position in enumerate(at)
        ),
    )
    said: list[Diagnostic] = []
    for position, column in enumerate(spec.columns):
        said.extend(
            place_piece(values, sources, column, Piece(position, laid_out.texts[position]), laid_out, "value")
        )
    standing = ", ".join(spec.columns[column].own_label for column in under)
    said.append(
        diagnostic(
            "map.row-under-header",
            f"row {spec.key} has {len(under)} numbers for {len(spec.columns)} columns; they stand under "
            f"the header's {standing}, and the other cells are blank",
            line=row.line,
            key=spec.key,
        )
    )
    return said
