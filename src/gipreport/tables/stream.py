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
read beside their labels must be kept. The cutting is ``blocks``'; the numbers are ``regions``'.

LibreOffice's prints (in ``pdftotext``) may draw the first cells of two rows whose label wraps down
their column, before or after the rest of both rows, and ``pdftotext`` may read a run of tall rows as
two columns of the page (``cuts.Block.apart``).

Chromium's prints (in ``pdftotext``) put most rows' numbers before their label, and a label's line
holds its row's first cells, drawn before or after the rest of the row (or, in ``-layout``, above the
row before's numbers). Where the numbers as they come have no reading, those on a label's line are
moved to their row's start; and where a label stands just after its own row's numbers, the values
read beside the labels break an identity, or the label-by-label reading left rows of numbers without a
label, it may have taken a label's numbers from a neighbouring row: those values are set aside (all of
them, or those the stream reads otherwise), and the stream placed only where its readings agree on
one. The last table's region runs on past a later section's heading to the lines of numbers alone
there, where its own numbers are too few (``regions.table_region``). Else nothing is placed here,
and the rows stay as the label-by-label reading left them (None, flagged), but for a label after its
numbers: then no value read beside a label is trusted (``recover.stream-unproven``).

A table without identities across its rows (表二; 表四, one row) is read in the text's order (a label
line's cells first in their row; an amount with the unit its cell keeps) where its numbers are exactly
its cells, each of its column's kind, no identity of it broken, and the values read beside the labels
agree, or a label follows its row's numbers; each row so read is flagged ``recover.stream-unconfirmed``.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from typing import Literal, NamedTuple

import attrs

from gipreport.diagnostics import Diagnostic, diagnostic
from gipreport.formats import FormatSpec, RowSpec, TableSpec
from gipreport.formats.identities import Broken, could_hold, evaluate
from gipreport.layout import Layout
from gipreport.mapping.cells import read_value
from gipreport.model import Cell, Sources, Value
from gipreport.tables.blocks import BlockReadings, Solution, order_trusted, solve
from gipreport.tables.cuts import how_read, token_of
from gipreport.tables.reading import TableReading
from gipreport.tables.regions import (
    Headings,
    Stream,
    Token,
    label_lines_first,
    labels_after_numbers,
    labels_at_start,
    numbers_of,
    row_spans,
)
from gipreport.tables.search import table_identities


def read_stream_order(reading: TableReading, layout: Layout, fmt: FormatSpec) -> TableReading:
    """``reading`` with every table that it left unread placed from its numbers in stream order (see
    the module doc); else as it was."""
    headings = Headings(layout, fmt)
    for table in fmt.tables:
        shape = _shape(fmt, table.key)
        if _read_whole(reading, table, shape.cells):
            continue
        others = _lines_of_other_tables(reading, table)
        tried: Stream | None = None
        for stream in numbers_of(table, layout, fmt, shape.sizes, headings, others):
            placed = _place_from(reading, table, shape.printed, stream, fmt)
            if placed is not None:
                reading, tried = placed, None
                break
            tried = stream
        if tried is None:
            continue
        after = labels_after_numbers(tried, shape.printed)
        why = after or _broken_identity(reading.values, table.key, fmt)
        if why is not None:
            reading = _unproven(reading, table, tried, why, unread=after is not None)
    return reading


def _unproven(
    reading: TableReading, table: TableSpec, stream: Stream, why: str, *, unread: bool
) -> TableReading:
    """A table in stream order that no reading of its numbers proves, where a label follows its row's
    numbers or the values read beside the labels break an identity: a label read with the numbers after
    it took the next row's. Flagged; with ``unread`` (a label after its numbers), its values read
    beside their labels are unread too: they are most likely a neighbouring row's."""
    values, sources = reading.values, reading.sources
    if unread:
        values, sources = dict(values), Sources(sources)
        for key in (key for row in table.rows if not row.derived_from for key in row.cells):
            if values.get(key) is not None:
                values[key] = None
                sources[key] = attrs.evolve(sources[key], state="unreadable", proof=None)
    note = diagnostic(
        "recover.stream-unproven",
        f"表{table.number}: its {len(stream.tokens)} numbers stand apart from their labels (content-stream "
        f"order) and no reading of them is proven; {why}: the values read beside the labels may be a "
        f"neighbouring row's{', and are left unread' if unread else ''}",
        line=stream.tokens[0].line,
        key=table.key,
    )
    return attrs.evolve(reading, values=values, sources=sources, diagnostics=(*reading.diagnostics, note))


class Shape(NamedTuple):
    """What the stream reading asks of a table on every parse, worked out once."""

    cells: tuple[str, ...]  # the keys of its rows but the derived ones
    printed: list[tuple[RowSpec, ...]]  # the row sets it may be printed with (``_printed_rows``)
    sizes: set[int]  # how many cells each of those holds


@functools.cache
def _shape(fmt: FormatSpec, table_key: str) -> Shape:
    table = fmt.table(table_key)
    printed = _printed_rows(table)
    return Shape(
        tuple(key for row in table.rows if not row.derived_from for key in row.cells),
        printed,
        {sum(len(row.columns) for row in rows) for rows in printed},
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
            # No identity places these numbers: read in the text's order (a label line's cells first in
            # their row), where the values read beside the labels agree, or a label after its row's
            # numbers says those were the next row's.
            order = label_lines_first(stream, rows) or tokens
            in_order = _in_order(rows, order, fmt)
            if in_order is not None and (
                _agrees(in_order, reading) or labels_after_numbers(stream, [tuple(rows)]) is not None
            ):
                return _place_in_order(reading, fmt, table, rows, in_order, order, stream.late_note)
            continue
        if any(token.as_count is None for token in tokens):
            continue  # a signed or decimal number: not a count cell
        found = _solution(stream, rows, fmt, reading.values, _rows_left_unlabelled(reading, table))
        if found is not None:
            solution, read_order, note, set_aside = found
            return _place(reading, fmt, table, rows, solution, read_order, note + stream.late_note, set_aside)
    return None


SetAside = Literal["", "differing", "all"]  # which values read beside the labels a stream replaces


def _solution(
    stream: Stream,
    rows: Sequence[RowSpec],
    fmt: FormatSpec,
    known: Mapping[str, Value],
    unlabelled: str | None = None,
) -> tuple[Solution, Sequence[Token], str, SetAside] | None:
    """The one reading of the stream (see the module doc), the numbers in the order it read them, what
    its proof adds about that order, and which values read beside the labels it replaces: none, those
    it reads otherwise (they break an identity, or ``unlabelled`` says the labels and the numbers did
    not line up), or all (a label follows its row's numbers: each was the next row's cell)."""
    tokens = stream.tokens
    # A label line's numbers are its row's first cells; a print may draw that line after the rest of
    # its row, or above the row before's numbers (Chromium's): they are moved to their row's start.
    moved = label_lines_first(stream, rows)
    # Where numbers come before their labels, the label-by-label reading took each label's numbers
    # from the next row; where a label follows its own row's numbers (or, the stream not read with
    # them, those values break an identity), they are no evidence, and the stream is read without
    # them: placed only if its readings, as it comes and so moved, agree on one.
    doubt = labels_after_numbers(stream, [tuple(rows)])
    read = BlockReadings(rows, fmt)  # each order of the numbers is read into blocks once
    set_aside: SetAside = "all"
    tokens_pages = stream.pages(tokens)  # where a page starts among the numbers, in each order
    moved_pages = stream.pages(moved) if moved is not None else frozenset()
    if doubt is None:
        set_aside = "differing"
        solution = solve(_counts(tokens), rows, fmt, known, read=read, pages=tokens_pages)
        if solution is None:
            # A label printed just where its row's numbers start, read row by row, says a block
            # starts there. Where most rows' labels are so placed, the text gives labels beside
            # their rows, and those starts rule out readings the identities alone leave.
            places = {row.key: place for place, row in enumerate(rows)}
            starts = frozenset(places[key] for key in labels_at_start(stream, row_spans(rows)))
            if 2 * len(starts) >= len(rows):
                solution = solve(_counts(tokens), rows, fmt, known, starts, read, tokens_pages)
        if solution is not None:
            return solution, tokens, "", ""
        solution = (
            solve(_counts(moved), rows, fmt, known, read=read, pages=moved_pages)
            if moved is not None
            else None
        )
        if solution is not None and moved is not None:
            return solution, moved, _MOVED, ""
        doubt = _broken_identity(known, rows[0].key.partition(".")[0], fmt) or unlabelled
        if doubt is None:
            return None
    found = [
        (solution, order)
        for order, pages in ((tokens, tokens_pages), (moved, moved_pages))
        if order is not None
        and (solution := solve(_counts(order), rows, fmt, {}, read=read, pages=pages)) is not None
    ]
    if len({solution.values for solution, _ in found}) != 1:
        return None
    solution, order = found[0]
    moved_note = _MOVED if order is moved else ""
    return (
        solution,
        order,
        f"{moved_note}; {doubt}, and the values read beside the labels are set aside",
        set_aside,
    )


_MOVED = "; the numbers on a label's line are that row's first cells, wherever the line stands"


def _counts(tokens: Sequence[Token]) -> list[int]:
    return [token.as_count or 0 for token in tokens]


def _rows_left_unlabelled(reading: TableReading, table: TableSpec) -> str | None:
    """Rows of numbers among the table's that the label-by-label reading could give no label, as a
    reason to doubt it: where its labels and numbers do not line up, a label may have taken a
    neighbouring row's numbers (a wrapped label whose row's numbers a print put below the next
    label's first line) and still keep every identity it can check."""
    if any(d.code == "map.unlabelled-row" and d.key == table.key for d in reading.diagnostics):
        return "rows of numbers among the table's were left without a label"
    return None


def _broken_identity(known: Mapping[str, Value], table: str, fmt: FormatSpec) -> str | None:
    """An identity of the table that the values read beside their labels cannot keep, whatever the
    values not read are (as a report names it); None where they break none."""
    for rule in table_identities(fmt).get(table, ()):
        if not could_hold(rule, known):
            return f"the values read beside the labels break {rule.name} {rule.scope}"
    return None


def _in_order(rows: Sequence[RowSpec], tokens: Sequence[Token], fmt: FormatSpec) -> dict[str, Value] | None:
    """The table's cells in print order, read from the numbers in the order the text gives them, where
    each reads as its column's kind and no identity of the table breaks; else None."""
    columns = [column for row in rows for column in row.columns]
    values: dict[str, Value] = {}
    for column, token in zip(columns, tokens, strict=True):
        cell = read_value(token.text, column.kind)
        if cell.state != "value":
            return None
        values[column.key] = cell.value
        if column.unit_key:  # an amount as printed, with the unit its cell keeps (or none)
            values[column.unit_key] = cell.unit
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


def _lines_of_other_tables(reading: TableReading, table: TableSpec) -> frozenset[int]:
    """The lines whose cells the label-by-label reading placed in another table, beside their label."""
    prefix = table.key + "."
    placed = reading.sources.lines_read_as_printed()
    return frozenset(line for key, line in placed if not key.startswith(prefix))


def _agrees(placed: Mapping[str, Value], reading: TableReading) -> bool:
    """No value the label-by-label reading placed differs from the stream's (a unit the stream has
    not, wrapped below its amount and read beside the label, is no difference)."""
    values = reading.values
    return all(value is None or values.get(key) in (None, value) for key, value in placed.items())


def _place_in_order(
    reading: TableReading,
    fmt: FormatSpec,
    table: TableSpec,
    rows: Sequence[RowSpec],
    placed: dict[str, Value],
    tokens: Sequence[Token],
    late_note: str,
) -> TableReading:
    """The reading with the table's cells placed from its numbers in text order, each row that gained a
    value flagged: nothing proves which column each number is (no identity across rows). ``late_note``
    says where some of the numbers stand (``Stream.late_note``)."""
    values, sources, seen = dict(reading.values), Sources(reading.sources), dict(reading.seen)
    dropped = {table.key}
    notes: list[Diagnostic] = []
    position = 0
    for row in rows:
        new = []
        for column in row.columns:
            key, token = column.key, tokens[position]
            position += 1
            if values.get(key) != placed[key]:  # unread, or (a label after its numbers) the next row's
                values[key] = placed[key]
                sources[key] = Cell(token.raw, token.line, "value", (token.line,))
                new.append(token)
                dropped.update((key, row.key))
                if column.unit_key:
                    values[column.unit_key] = unit = placed[column.unit_key]
                    sources[column.unit_key] = Cell(
                        token.raw, token.line, "value" if unit else "blank", (token.line,)
                    )
                    dropped.add(column.unit_key)
        seen.setdefault(row.key, tokens[position - len(row.cells)].line)
        if new:
            notes.append(
                diagnostic(
                    "recover.stream-unconfirmed",
                    f"{fmt.describe(row.key)}: its numbers stand apart from their labels (content-stream "
                    f"order) and were read in the text's order ({' '.join(t.raw for t in new)}); "
                    f"no identity tells its columns apart{late_note}",
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
    fmt: FormatSpec,
    table: TableSpec,
    rows: Sequence[RowSpec],
    solution: Solution,
    tokens: Sequence[Token],
    order_note: str = "",
    set_aside: SetAside = "",
) -> TableReading:
    """The reading with the table's printed rows placed from the stream, and the diagnostics of its
    label-by-label reading on those rows dropped: the stream's proof replaces them. With
    ``set_aside``, a value read beside its label that the stream reads otherwise is replaced."""
    width = len(rows[0].columns)
    values, sources, seen = dict(reading.values), Sources(reading.sources), dict(reading.seen)
    how = how_read(solution.cut, rows)
    others = (
        f"; {solution.ruled_out} other reading(s) of the rows break an identity" if solution.ruled_out else ""
    )
    if solution.labelled:
        others += (
            f"; {solution.labelled} rows' labels stand where their numbers start, and a block starts there"
        )
    proof = (
        f"表{table.number} in stream order: its {len(tokens)} numbers read {how}; every row's total, "
        f"and every identity of the table, holds{others}{order_note}"
    )
    placed = {table.key}  # and every row and key placed here: the label-by-label reading's words on them go
    trusted = order_trusted(solution, rows, fmt)
    unconfirmed: list[Diagnostic] = []
    for place, (row, row_values) in enumerate(zip(rows, solution.values, strict=True)):
        for column, (key, value) in enumerate(zip(row.cells, row_values, strict=True)):
            if values.get(key) is not None and set_aside != "all" and (not set_aside or values[key] == value):
                continue  # read beside its label, and equal: its own cell is its source
            token = tokens[token_of(solution.cut, place, column, width)]
            values[key] = value
            if trusted[place]:
                sources[key] = Cell(token.raw, token.line, "recovered", (token.line,), None, None, proof)
            else:
                sources[key] = Cell(token.raw, token.line, "value", (token.line,))
            placed.update((key, row.key))
        line = tokens[token_of(solution.cut, place, 0, width)].line
        seen.setdefault(row.key, line)
        if not trusted[place]:  # a page's columns in an order of the text's own: see ``order_trusted``
            message = f"{row.label}: read down a page whose total column the text draws among its parts "
            message += f"({proof}); its part columns are taken as printed, which no identity tells apart"
            unconfirmed.append(diagnostic("recover.stream-unconfirmed", message, line=line, key=row.key))
    kept = tuple(d for d in reading.diagnostics if d.key is None or d.key not in placed)
    note = diagnostic(
        "recover.stream-order",
        f"表{table.number}: the text gives its numbers apart from their labels (content-stream order); "
        f"its {len(rows)} rows were placed from the {len(tokens)} numbers read {how}",
        line=tokens[0].line,
        key=table.key,
    )
    found = reading.tables_found if table.key in reading.tables_found else (*reading.tables_found, table.key)
    diagnostics = (*kept, note, *unconfirmed)
    return attrs.evolve(
        reading, values=values, sources=sources, seen=seen, tables_found=found, diagnostics=diagnostics
    )
