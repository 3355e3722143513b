"""The readings (``Option``s) of a pending row, for the search: each row it may be, each placement of
its cells there, and the values each gives; those that keep the identities inside their own row.

A row without a label of its own may be any row between its labelled neighbours not read elsewhere
(``candidate_rows``); rows of the same cells between the same neighbours read alike, and are listed
once a table (``unnamed_options``).
"""

from __future__ import annotations

import functools
from collections.abc import Sequence

import attrs

from gipreport.formats import FormatSpec, RowSpec, TableSpec, ValueKind
from gipreport.mapping.cells import Reading, read_value
from gipreport.tables.digits import SplitBudget
from gipreport.tables.placements import Placement
from gipreport.tables.reading import Pending, TableReading, pending_options, row_shapes
from gipreport.tables.search import LOST, Option, Slot, holds_where_known, row_identities


def make_option(spec: RowSpec, placement: Placement, known: CellReadings | None = None) -> Option:
    return _named(spec, placement, _read(spec, placement, {} if known is None else known))


# A placement's reading in a row's columns, column by column: the value (LOST for a lost cell), the
# unit where the column keeps one, and the cell's reading. Rows of one shape read it alike.
ColumnReading = tuple[Slot, Slot, Reading | None]
# The cells' readings by text and kind, for the readings of one row: its placements cut the same few
# texts many ways (a row of run-together digits has hundreds of placements and a few dozen pieces).
CellReadings = dict[tuple[str, ValueKind], Reading]


def _read(spec: RowSpec, placement: Placement, known: CellReadings) -> list[ColumnReading]:
    read: list[ColumnReading] = []
    for column, piece in zip(spec.columns, placement, strict=True):
        if piece is None:
            read.append((LOST, LOST, None))
            continue
        reading = known.get((piece.text, column.kind))
        if reading is None:
            reading = known[piece.text, column.kind] = read_value(piece.text, column.kind)
        # A vanished blank counts 0 in the identities; it is placed as the blank it is (see place).
        unit = reading.unit if reading.state == "value" else None
        read.append((0 if piece.vanished else reading.value, unit, reading))
    return read


def _named(spec: RowSpec, placement: Placement, read: Sequence[ColumnReading]) -> Option:
    """The option of ``spec`` whose columns read as ``read``: the values under the row's keys."""
    values: list[tuple[str, Slot]] = []
    readings: list[tuple[str, Reading | None]] = []
    for column, (value, unit, reading) in zip(spec.columns, read, strict=True):
        values.append((column.key, value))
        readings.append((column.key, reading))
        if column.unit_key:
            values.append((column.unit_key, unit))
    return Option(spec, placement, tuple(values), tuple(readings))


def consistent_alone(option: Option, fmt: FormatSpec) -> Option | None:
    """The option, or None if it breaks an identity inside its own row (I3, I4)."""
    identities = row_identities(fmt).get(option.spec.key, ())
    return option if holds_where_known(identities, dict(option.values)) else None


def neighbour_bounds(table: TableSpec, reading: TableReading) -> list[tuple[int, int]]:
    """For each row read (by its place in ``reading.order``), the table positions of the labelled
    rows of ``table`` around it: the highest read before it and the lowest read after it (-1 and the
    row count where there is none). Worked out once for a table, in two passes."""
    index = {spec.key: position for position, spec in enumerate(table.rows)}
    positions = [index.get(key) if key is not None else None for key in reading.order]
    lows: list[int] = []
    low = -1
    for position in positions:
        lows.append(low)
        if position is not None:
            low = max(low, position)
    highs: list[int] = [0] * len(positions)
    high = len(table.rows)
    for order in range(len(positions) - 1, -1, -1):
        highs[order] = high
        position = positions[order]
        if position is not None:
            high = min(high, position)
    return list(zip(lows, highs, strict=True))


def bounds_of(pending: Pending, table: TableSpec, bounds: Sequence[tuple[int, int]]) -> tuple[int, int]:
    """The table positions of the labelled rows read around ``pending`` (see ``neighbour_bounds``)."""
    order = pending.reading.order
    return bounds[order] if 0 <= order < len(bounds) else (-1, len(table.rows))


def candidate_rows(
    pending: Pending, table: TableSpec, bounds: Sequence[tuple[int, int]], taken: set[str]
) -> list[RowSpec]:
    """The rows an unlabelled row may be: not found elsewhere, between its labelled neighbours
    (``bounds``: see ``neighbour_bounds``)."""
    low, high = bounds_of(pending, table, bounds)
    return [
        spec
        for position, spec in enumerate(table.rows)
        if (low < position < high or not spec.labels) and spec.key not in taken and not spec.derived_from
    ]


# The readings of rows without a label, by what makes two such rows read alike (``unnamed_options``).
Listed = dict[tuple[object, ...], tuple[Pending, list[Option]]]


def unnamed_options(
    waiting: Pending,
    table: TableSpec,
    bounds: Sequence[tuple[int, int]],
    taken: set[str],
    fmt: FormatSpec,
    splits: SplitBudget | None,
    listed: Listed,
    lost_zeros: bool = False,
) -> tuple[Pending, list[Option]]:
    """A row without a label of its own as each row it may be, between its labelled neighbours and
    not read elsewhere (or among those its label names), and its readings that keep their row's own
    identities. Rows of the same cells between the same neighbours read alike: their readings are
    listed once a table (``listed``; converter output repeats its all-zero rows, junk text one row)."""
    reading = waiting.reading
    ambiguous = waiting.reason == "label-ambiguous"
    named = waiting.rows if ambiguous else ()
    cells = tuple((at, reading.row.texts[at]) for at in reading.positions)
    alike = (waiting.reason, reading.layout, cells, bounds_of(waiting, table, bounds), named)
    if alike not in listed:
        between = candidate_rows(waiting, table, bounds, taken)
        rows = [spec for spec in named if spec in between] if ambiguous else between
        found = (
            pending_options(reading, rows, waiting.reason, fmt, splits, lost_zeros)
            if rows
            else attrs.evolve(waiting, options=())
        )
        listed[alike] = (found, consistent_options(found, fmt))
    found, options = listed[alike]
    return (attrs.evolve(found, reading=reading), options) if options else (waiting, [])


@functools.cache
def _reads_alike(fmt: FormatSpec, spec: RowSpec) -> str:
    """What rows that read a placement alike share: their shape (``row_shapes``), and their
    columns' kinds and units."""
    kinds = [(column.kind, bool(column.unit_key)) for column in spec.columns]
    return f"{row_shapes(fmt)[spec][0]} {kinds}"


def consistent_options(waiting: Pending, fmt: FormatSpec) -> list[Option]:
    """The readings of a pending row that keep the identities inside their own row. A row without a
    label may be any of many rows of one shape, all given the same placements (``pending_options``):
    each placement is read and checked once a shape."""
    known: CellReadings = {}
    if waiting.reading.spec is not None:  # a labelled row: one row, each placement once
        return [
            option
            for spec, placement in waiting.options
            if (option := consistent_alone(make_option(spec, placement, known), fmt)) is not None
        ]
    # By shape and placement (the same tuple for every row of the shape: its id is enough, and
    # cheaper than hashing its pieces); None where it breaks its row.
    read: dict[tuple[str, int], list[ColumnReading] | None] = {}
    options: list[Option] = []
    for spec, placement in waiting.options:
        alike = (_reads_alike(fmt, spec), id(placement))
        if alike not in read:
            fresh = _read(spec, placement, known)
            option = consistent_alone(_named(spec, placement, fresh), fmt)
            read[alike] = None if option is None else fresh
            if option is not None:
                options.append(option)
        elif (columns := read[alike]) is not None:
            options.append(_named(spec, placement, columns))
    return options
