"""The block solver of the stream reading: a table's numbers in the order a text gives them, its rows
cut into blocks each read row by row or down its columns, and the one reading every identity keeps.

Every cut is a reading; cuts that read the same values are one. Blocks are tried once each and break
at their first row whose own identities (its total) fail or whose value read beside its label differs;
a block of zeros is never read down its columns (it reads as its rows do). The readings of rows 0 to
``r`` are carried on to ``r + 1`` … as a set, bounded by MAX_STREAM_READINGS (a count, never a clock);
at the end, the identities across rows (I1, I2, with a derived row summed from its parts) must leave
exactly one.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Iterator, Mapping, Sequence
from typing import NamedTuple

from gipreport.formats import FormatSpec, RowSpec
from gipreport.formats.identities import Broken, SumIdentity, evaluate
from gipreport.model import Value
from gipreport.tables.reading import row_check
from gipreport.tables.search import table_identities


class Block(NamedTuple):
    """Rows ``first`` to ``stop`` (exclusive, indexes into the printed rows), read column by column
    (``down``) or row by row."""

    first: int
    stop: int
    down: bool


class Solution(NamedTuple):
    """The values of the printed rows, one cut of them into blocks that gives those values (for each
    value's provenance), and how many other readings the identities ruled out."""

    values: tuple[tuple[int, ...], ...]
    cut: tuple[Block, ...]
    ruled_out: int
    labelled: int  # rows whose label, printed where their numbers start, fixed a block's start


# The distinct partial readings the solver may hold in all (a count, never a clock): cuts that read
# the same values are one reading, so a real table needs a few dozen; a text built to explode it gets
# nothing placed here.
MAX_STREAM_READINGS = 5_000


def solve(
    numbers: Sequence[int],
    rows: Sequence[RowSpec],
    fmt: FormatSpec,
    known: Mapping[str, Value],
    starts: frozenset[int] = frozenset(),
) -> Solution | None:
    """The one reading of the rows under which every row's and every table identity holds and every
    value in ``known`` (read beside its label) is kept, among the cuts of the rows into blocks (each
    read row by row or down its columns, a block starting at each row of ``starts``); None where there
    is no such reading, more than one, or the readings exceed MAX_STREAM_READINGS."""
    width, count = len(rows[0].columns), len(rows)
    row_rules, across, places = _rules(tuple(rows), fmt)
    row_known = [
        [(column, known[key]) for column, key in enumerate(row.cells) if known.get(key) is not None]
        for row in rows
    ]

    def read(block: Block) -> tuple[tuple[int, ...], ...] | None:
        """The block's rows, or None where a row's identity breaks (checked row by row: most blocks
        break at their first rows)."""
        values = []
        for at, row_values in enumerate(_rows_in(block, numbers, width)):
            if any(row_values[column] != value for column, value in row_known[block.first + at]):
                return None
            cells = dict(zip(rows[block.first + at].cells, row_values, strict=True))
            if any(isinstance(evaluate(rule, cells), Broken) for rule in row_rules[block.first + at]):
                return None
            values.append(row_values)
        return tuple(values)

    # A block of one row reads the same either way; a longer block read row by row is one-row blocks;
    # a block of zeros read down its columns reads as its rows do (most of a real table is zeros).
    nonzero = list(itertools.accumulate((number != 0 for number in numbers), initial=0))
    blocks = [Block(first, first + 1, False) for first in range(count)]
    blocks += [
        Block(first, stop, True)
        for first in range(count)
        for stop in range(first + 2, count + 1)
        if nonzero[stop * width] > nonzero[first * width]
    ]
    starting: dict[int, list[tuple[Block, tuple[tuple[int, ...], ...]]]] = {}
    for block in blocks:
        if any(block.first < start < block.stop for start in starts):
            continue
        values = read(block)
        if values is not None:
            starting.setdefault(block.first, []).append((block, values))
    # The distinct readings of rows 0 to ``row``, each with one cut that gives it.
    readings: list[dict[tuple[tuple[int, ...], ...], tuple[Block, ...]]] = [{} for _ in range(count + 1)]
    readings[0][()] = ()
    held = 0
    for row in range(count):
        for prefix, cut in readings[row].items():
            for block, values in starting.get(row, ()):
                reading = prefix + values
                if reading not in readings[block.stop]:
                    held += 1
                    if held > MAX_STREAM_READINGS:
                        return None
                    readings[block.stop][reading] = (*cut, block)
        readings[row] = {}  # every reading of these rows has been carried on
    # The readings differ in a few blocks and most break the same identity: the one that broke the
    # last reading is tried first on the next.
    rules = list(across)
    fitting = []
    for reading, cut in readings[count].items():
        by_key = _ReadingValues(places, reading)
        broken = next(
            (at for at, rule in enumerate(rules) if isinstance(evaluate(rule, by_key), Broken)), None
        )
        if broken is None:
            fitting.append((reading, cut))
        elif broken:
            rules.insert(0, rules.pop(broken))
    if len(fitting) != 1:
        return None
    reading, cut = fitting[0]
    return Solution(reading, cut, len(readings[count]) - 1, len(starts))


Place = tuple[tuple[int, int], ...]  # a key's (row, column) in a reading, or its parts' for a derived key


@functools.cache
def _rules(
    rows: tuple[RowSpec, ...], fmt: FormatSpec
) -> tuple[list[list[SumIdentity]], list[SumIdentity], dict[str, Place]]:
    """For a table printed with ``rows``: each row's own identities, the table's others (which tell
    the readings apart: a row's own hold in every reading), and where each key is in a reading."""
    own = [list(check.identities) if (check := row_check(fmt, row)) else [] for row in rows]
    owned = {id(rule) for rules in own for rule in rules}
    table = rows[0].key.partition(".")[0]
    across = [rule for rule in table_identities(fmt).get(table, ()) if id(rule) not in owned]
    return own, across, _places(rows, fmt)


def _places(rows: Sequence[RowSpec], fmt: FormatSpec) -> dict[str, Place]:
    """Where each flat key of the printed rows is in a reading, and each key of a row not printed but
    derived from printed rows (（六）其他处理, the sum of its three parts), so that the identities
    through it are checked too."""
    places: dict[str, Place] = {
        key: ((place, column),) for place, row in enumerate(rows) for column, key in enumerate(row.cells)
    }
    for derived in fmt.table(rows[0].key.partition(".")[0]).rows:
        parts = [fmt.row(key) for key in derived.derived_from]
        if parts and derived.cells[0] not in places and all(part.cells[0] in places for part in parts):
            for column, key in enumerate(derived.cells):
                places[key] = tuple(places[part.cells[column]][0] for part in parts)
    return places


class _ReadingValues(Mapping[str, int]):
    """A reading's values by flat key, for the one evaluator: a view, since the identities are tried
    on every reading and most break at the first one tried."""

    def __init__(self, places: dict[str, Place], reading: tuple[tuple[int, ...], ...]) -> None:
        self.places, self.reading = places, reading

    def __getitem__(self, key: str) -> int:
        places = self.places[key]
        if len(places) == 1:  # a printed cell (a derived one sums its parts)
            row, column = places[0]
            return self.reading[row][column]
        return sum(self.reading[row][column] for row, column in places)

    def __iter__(self) -> Iterator[str]:
        return iter(self.places)

    def __len__(self) -> int:
        return len(self.places)


def _rows_in(block: Block, numbers: Sequence[int], width: int) -> Iterator[tuple[int, ...]]:
    """The rows of a block, read from the numbers row by row or down each column."""
    first, stop, down = block
    size, start = stop - first, first * width
    for at in range(size):
        if down:
            yield tuple(numbers[start + column * size + at] for column in range(width))
        else:
            yield tuple(numbers[start + at * width : start + (at + 1) * width])


def token_of(cut: Sequence[Block], row: int, column: int, width: int) -> int:
    """The position in the stream of a cell's number under ``cut``."""
    block = next(block for block in cut if block.first <= row < block.stop)
    size = block.stop - block.first
    at = row - block.first
    return block.first * width + (column * size + at if block.down else at * width + column)
