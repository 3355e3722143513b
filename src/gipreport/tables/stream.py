"""A table whose numbers come in content-stream order, far from their labels (``pdftotext`` without
``-layout``, pdfminer, pypdf's plain mode): its numbers read in sequence and placed by the identities.

Such a text keeps a table's numbers in order but not beside their labels: rows one after another,
and runs of rows written column by column (a PDF producer draws a block of cells down each column).
Between the table's heading and the next table's, every number standing alone is one cell. Where
their count is exactly the cells of the table's printed rows, every cut of the rows into blocks, each
read row by row or column by column, gives a reading; the values are placed, ``recovered`` with
their proof, only where exactly one reading keeps every identity of the table (each row's total,
the columns' sums, with a derived row such as （六）其他处理 summed from its parts). Labels printed
just where their rows' numbers start (most rows' labels so placed) fix where blocks start; values
read beside their labels must be kept. Else nothing is placed here, and the rows stay as the
label-by-label reading left them (None, flagged). The cutting is ``blocks``'.

A table without identities across its rows (表二; 表四, one row) is read in the text's order where its
numbers are exactly its cells, each of its column's kind, no identity of it broken; each row so read is
flagged ``recover.stream-unconfirmed``.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Mapping, Sequence
from typing import NamedTuple

import attrs

from gipreport.diagnostics import Diagnostic, diagnostic
from gipreport.formats import FormatSpec, RowSpec, TableSpec
from gipreport.formats.identities import Broken, evaluate
from gipreport.layout import Layout, is_page_number
from gipreport.mapping.cells import read_value
from gipreport.mapping.labels import LabelMatch, label_index
from gipreport.model import Cell, Sources, Value
from gipreport.tables.blocks import Solution, solve, token_of
from gipreport.tables.reading import TableReading
from gipreport.tables.regions import Headings, table_region
from gipreport.tables.search import table_identities

# One cell's number standing alone between spaces: 「95」「1,234」「+3」「75.45」 (「1.」 of a label is not).
_NUMBER = re.compile(r"[+\-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?")
_STANDING_ALONE = re.compile(r"(?<!\S)(\S+)(?!\S)")


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


def read_stream_order(reading: TableReading, layout: Layout, fmt: FormatSpec) -> TableReading:
    """``reading`` with every table that it left unread placed from its numbers in stream order (see
    the module doc); else as it was."""
    headings = Headings(layout)
    for table in fmt.tables:
        shape = _shape(fmt, table.key)
        if shape.with_units or _read_whole(reading, table, shape.cells):
            continue  # (a unit kept beside an amount, as 2019's 政府集中采购, is not read so)
        others = _lines_of_other_tables(reading, table)
        for stream in _numbers_of(table, layout, fmt, shape.sizes, headings, others):
            placed = _place_from(reading, table, shape.printed, stream, fmt)
            if placed is not None:
                reading = placed
                break
    return reading


class Shape(NamedTuple):
    """What the stream reading asks of a table on every parse, worked out once."""

    cells: tuple[str, ...]  # the keys of its rows but the derived ones
    printed: list[tuple[RowSpec, ...]]  # the row sets it may be printed with (``_printed_rows``)
    sizes: set[int]  # how many cells each of those holds
    with_units: bool  # a column keeps its unit beside the amount


@functools.cache
def _shape(fmt: FormatSpec, table_key: str) -> Shape:
    table = fmt.table(table_key)
    printed = _printed_rows(table)
    return Shape(
        tuple(key for row in table.rows if not row.derived_from for key in row.cells),
        printed,
        {sum(len(row.columns) for row in rows) for rows in printed},
        any(column.unit_key for row in table.rows for column in row.columns),
    )


def _place_from(
    reading: TableReading,
    table: TableSpec,
    shapes: Sequence[tuple[RowSpec, ...]],
    stream: Stream,
    fmt: FormatSpec,
) -> TableReading | None:
    tokens = stream.tokens
    for rows in shapes:
        if len(tokens) != sum(len(row.columns) for row in rows):
            continue
        if not _provable(rows):
            in_order = _in_order(rows, tokens, fmt)
            if in_order is not None and _agrees(in_order, reading):
                return _place_in_order(reading, fmt, table, rows, in_order, tokens)
            continue
        if any(token.as_count is None for token in tokens):
            continue  # a signed or decimal number: not a count cell
        solution = solve([token.as_count or 0 for token in tokens], rows, fmt, reading.values)
        if solution is None:
            # A label printed just where its row's numbers start, read row by row, says a block starts
            # there. Where most rows' labels are so placed, the text gives labels beside their rows,
            # and those starts rule out readings the identities alone leave.
            width = len(rows[0].columns)
            places = {row.key: place for place, row in enumerate(rows)}
            starts = frozenset(
                places[key]
                for key, before in stream.labels
                if key in places and before == places[key] * width
            )
            if 2 * len(starts) >= len(rows):
                solution = solve([token.as_count or 0 for token in tokens], rows, fmt, reading.values, starts)
        if solution is not None:
            return _place(reading, table, rows, solution, tokens)
    return None


def _in_order(rows: Sequence[RowSpec], tokens: Sequence[Token], fmt: FormatSpec) -> dict[str, Value] | None:
    """The table's cells in print order, read from the numbers in the order the text gives them, where
    each reads as its column's kind and no identity of the table breaks; else None."""
    keys = [(key, kind) for row in rows for key, kind in zip(row.cells, row.kinds, strict=True)]
    values: dict[str, Value] = {}
    for (key, kind), token in zip(keys, tokens, strict=True):
        cell = read_value(token.text, kind)
        if cell.state != "value":
            return None
        values[key] = cell.value
    table = rows[0].key.partition(".")[0]
    if any(isinstance(evaluate(rule, values), Broken) for rule in table_identities(fmt).get(table, ())):
        return None
    return values


def _read_whole(reading: TableReading, table: TableSpec, cells: tuple[str, ...]) -> bool:
    """Every printed row of the table read beside its label, each cell a number or printed empty:
    nothing for the stream to do (most tables, blank cells and all)."""
    values, sources, seen = reading.values, reading.sources, reading.seen
    if None not in map(values.get, cells) and all(
        row.key in seen for row in table.rows if not row.derived_from
    ):
        return True  # every cell a number (most tables)
    unread = [row for row in table.rows if not row.derived_from and row.key not in seen]
    owners = [row for row in table.rows if row.derived_from and row.key in seen]
    if owners:  # the older single row printed: its parts are not rows of the table
        unread = [row for row in unread if not any(row.key in owner.derived_from for owner in owners)]
    return not unread and all(
        values.get(key) is not None or (key in sources and sources[key].state in _PRINTED_EMPTY)
        for row in table.rows
        if row.key in seen
        for key in row.cells
    )


_PRINTED_EMPTY = ("blank", "na")  # a cell read as printed, empty or 「/」


def _printed_rows(table: TableSpec) -> list[tuple[RowSpec, ...]]:
    """The row sets a table may be printed with: every row but the derived ones (（六）其他处理 as its
    three parts), then each derived row in place of its parts."""
    plain = tuple(row for row in table.rows if not row.derived_from)
    candidates = [plain]
    for derived in (row for row in table.rows if row.derived_from):
        parts = set(derived.derived_from)
        kept = [row for row in plain if row.key not in parts]
        first = next(position for position, row in enumerate(plain) if row.key in parts)
        kept.insert(first, derived)
        candidates.append(tuple(kept))
    return candidates


def _provable(rows: Sequence[RowSpec]) -> bool:
    """Rows the identities can place by blocks: several rows of one width, every cell a count (表三).
    A table of one row (表四) has no identity across rows to tell its columns apart."""
    return (
        len(rows) > 1
        and len({len(row.columns) for row in rows}) == 1
        and all(row.counts_only for row in rows)
    )


@attrs.define(slots=False)
class Stream:
    """A table's numbers in text order; ``labels`` the row labels among them, each with the count of
    numbers before it (read only when the numbers alone leave more than one reading)."""

    tokens: list[Token]
    parts: list[str]  # the region's texts, in order
    before: list[int]  # how many of ``tokens`` come before each part
    fmt: FormatSpec

    @functools.cached_property
    def labels(self) -> list[tuple[str, int]]:
        index = label_index(self.fmt)
        found: list[tuple[str, int]] = []
        for text, count in zip(self.parts, self.before, strict=True):
            label = " ".join(word for word in _STANDING_ALONE.findall(text) if not _NUMBER.fullmatch(word))
            match = index.role(label) if label else None  # remembered: the label reading asked too
            if isinstance(match, LabelMatch) and match.kind == "row" and match.row and match.how != "piece":
                found.append((match.row.key, count))
        return found


def _lines_of_other_tables(reading: TableReading, table: TableSpec) -> frozenset[int]:
    """The lines whose cells the label-by-label reading placed in another table, beside their label."""
    prefix = table.key + "."
    placed = reading.sources.lines_read_as_printed()
    return frozenset(line for key, line in placed if not key.startswith(prefix))


def _numbers_of(
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
    where the next table's heading is lost, the region runs on into that table."""
    region = table_region(table, layout, fmt, headings)
    tokens: list[Token] = []
    kept: list[Token] = []  # the same, less the bare numbers the layout took for page numbers
    before: list[int] = []
    kept_before: list[int] = []
    for line, text, raw, skipped in region:
        before.append(len(tokens))
        kept_before.append(len(kept))
        if line in others:
            continue
        if is_page_number(text, bare=False) and not text.strip().isdigit():
            continue  # 「- 3 -」「第 3 页」
        words = _STANDING_ALONE.findall(text)
        raws = _STANDING_ALONE.findall(raw)
        for position, word in enumerate(words):
            if _NUMBER.fullmatch(word):
                token = Token(word, line, raws[position] if len(raws) == len(words) else word)
                tokens.append(token)
                if not skipped:
                    kept.append(token)
            elif word[0].isdigit() and not _LABEL_NUMBER.match(word):
                return  # 「12%」「3件/次」: not one cell's number, so the count of cells would be wrong
    texts = [text for _, text, _, _ in region]
    if len(tokens) in sizes:
        yield Stream(tokens, texts, before, fmt)
    if len(kept) < len(tokens) and len(kept) in sizes:
        yield Stream(kept, texts, kept_before, fmt)


# A row label's numbering: 「1.属于国家秘密」「3.」.
_LABEL_NUMBER = re.compile(r"\d{1,2}[.、．]")


def _agrees(placed: Mapping[str, Value], reading: TableReading) -> bool:
    """No value the label-by-label reading placed differs from the stream's."""
    values = reading.values
    return all(values.get(key) is None or values[key] == value for key, value in placed.items())


def _place_in_order(
    reading: TableReading,
    fmt: FormatSpec,
    table: TableSpec,
    rows: Sequence[RowSpec],
    placed: dict[str, Value],
    tokens: Sequence[Token],
) -> TableReading:
    """The reading with the table's cells placed from its numbers in text order, each row that gained a
    value flagged: nothing proves which column each number is (no identity across rows)."""
    values, sources, seen = dict(reading.values), Sources(reading.sources), dict(reading.seen)
    dropped = {table.key}
    notes: list[Diagnostic] = []
    position = 0
    for row in rows:
        new = []
        for key in row.cells:
            token = tokens[position]
            position += 1
            if values.get(key) is None:
                values[key] = placed[key]
                sources[key] = Cell(token.raw, token.line, "value", (token.line,))
                new.append(token)
                dropped.update((key, row.key))
        seen.setdefault(row.key, tokens[position - len(row.cells)].line)
        if new:
            notes.append(
                diagnostic(
                    "recover.stream-unconfirmed",
                    f"{fmt.describe(row.key)}: its numbers stand apart from their labels (content-stream "
                    f"order) and were read in the text's order ({' '.join(t.raw for t in new)}); "
                    "no identity tells its columns apart",
                    line=new[0].line,
                    key=row.key,
                )
            )
    kept = tuple(d for d in reading.diagnostics if d.key is None or d.key not in dropped)
    found = reading.tables_found if table.key in reading.tables_found else (*reading.tables_found, table.key)
    return attrs.evolve(
        reading, values=values, sources=sources, seen=seen, tables_found=found, diagnostics=(*kept, *notes)
    )


def _place(
    reading: TableReading,
    table: TableSpec,
    rows: Sequence[RowSpec],
    solution: Solution,
    tokens: Sequence[Token],
) -> TableReading:
    """The reading with the table's printed rows placed from the stream, and the diagnostics of its
    label-by-label reading on those rows dropped: the stream's proof replaces them."""
    width = len(rows[0].columns)
    values, sources, seen = dict(reading.values), Sources(reading.sources), dict(reading.seen)
    down = [block for block in solution.cut if block.down]
    how = (
        "column by column in rows "
        + ", ".join(f"{rows[b.first].label}…{rows[b.stop - 1].label}" for b in down)
        if down
        else "row by row"
    )
    others = (
        f"; {solution.ruled_out} other reading(s) of the rows break an identity" if solution.ruled_out else ""
    )
    if solution.labelled:
        others += (
            f"; {solution.labelled} rows' labels stand where their numbers start, and a block starts there"
        )
    proof = (
        f"表{table.number} in stream order: its {len(tokens)} numbers read {how}; every row's total, "
        f"and every identity of the table, holds{others}"
    )
    placed = {table.key}  # and every row and key placed here: the label-by-label reading's words on them go
    for place, (row, row_values) in enumerate(zip(rows, solution.values, strict=True)):
        for column, (key, value) in enumerate(zip(row.cells, row_values, strict=True)):
            if values.get(key) is not None:
                continue  # read beside its label, and equal (``_agrees``): its own cell is its source
            token = tokens[token_of(solution.cut, place, column, width)]
            values[key] = value
            sources[key] = Cell(token.raw, token.line, "recovered", (token.line,), None, None, proof)
            placed.update((key, row.key))
        seen.setdefault(row.key, tokens[token_of(solution.cut, place, 0, width)].line)
    kept = tuple(d for d in reading.diagnostics if d.key is None or d.key not in placed)
    note = diagnostic(
        "recover.stream-order",
        f"表{table.number}: the text gives its numbers apart from their labels (content-stream order); "
        f"its {len(rows)} rows were placed from the {len(tokens)} numbers read {how}",
        line=tokens[0].line,
        key=table.key,
    )
    found = reading.tables_found if table.key in reading.tables_found else (*reading.tables_found, table.key)
    return attrs.evolve(
        reading, values=values, sources=sources, seen=seen, tables_found=found, diagnostics=(*kept, note)
    )
