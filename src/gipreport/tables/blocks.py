"""The block solver of the stream reading: a table's numbers in the order a text gives them, its rows
cut into blocks each read row by row or down its columns, and the one reading every identity keeps.

Every cut is a reading; cuts that read the same values are one. Blocks are read once for each order
of the numbers (``BlockReadings``) and break at their first row whose own identities (its total) fail;
a solve keeps those whose values agree with the values read beside their labels. A block of zeros is
never read down its columns (it reads as its rows do). Where no cut as printed reads all the rows, two
rows may have their first cells drawn down their column before or after the rest of both (LibreOffice's
prints in ``pdftotext``), a run of rows their first columns before or after the others (``pdftotext``
reading tall rows as two columns of the page), and then a page's part of the table may be read down
its columns with its total column drawn among its parts (pdfminer's boxes); the kinds of block are
``cuts``'. The readings of rows 0 to ``r`` are carried on to ``r + 1`` … as a set, bounded by
MAX_STREAM_READINGS (a count, never a clock); at the end, the identities across rows (I1, I2, with a
derived row summed from its parts) must leave exactly one.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Iterator, Mapping, Sequence
from typing import NamedTuple

from gipreport.formats import FormatSpec, RowSpec
from gipreport.formats.identities import Broken, SumIdentity, evaluate
from gipreport.model import Value
from gipreport.tables.cuts import Block, rows_in, total_elsewhere
from gipreport.tables.reading import row_check
from gipreport.tables.search import table_identities


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
# The most rows a block whose first cells the text draws apart may hold anywhere in a table
# (``Block.apart``): LibreOffice's prints pair a row whose label wraps with its neighbour. A longer run
# of rows so drawn is tried only from a row the cuts as printed reach to one from which they reach the
# table's end (``BlockReadings.columns_apart``).
MAX_ROWS_APART = 2
RUN_SLACK = 4


def solve(
    numbers: Sequence[int],
    rows: Sequence[RowSpec],
    fmt: FormatSpec,
    known: Mapping[str, Value],
    starts: frozenset[int] = frozenset(),
    read: BlockReadings | None = None,
    pages: frozenset[int] = frozenset(),
) -> Solution | None:
    """The one reading of the rows under which every row's and every table identity holds and every
    value in ``known`` (read beside its label) is kept, among the cuts of the rows into blocks (each
    read row by row or down its columns, a block starting at each row of ``starts``); None where there
    is no such reading, more than one, or the readings exceed MAX_STREAM_READINGS. ``read``: the
    blocks of these rows read so far (see ``BlockReadings``); ``pages``: the places in ``numbers``
    where a page starts."""
    count = len(rows)
    read = read or BlockReadings(rows, fmt)
    across, places = read.rules.across, read.rules.places
    kept = [(block, values) for block, values in read.as_printed(numbers) if not _crosses(block, starts)]
    reached, reaching = _reach(kept, count)
    if not reached[count]:
        # No cut as printed reads every row: LibreOffice's prints in ``pdftotext`` may draw the first
        # cells of a few rows (those whose labels wrap) down their column, apart from the rest of
        # those rows. Tried only here, so a table read as printed reads as before.
        kept += [found for found in read.first_cells_apart(numbers) if not _crosses(found[0], starts)]
        reached, reaching = _reach(kept, count)
    if not reached[count]:
        # ``pdftotext`` may read a run of tall rows as two columns of the page, its first columns'
        # cells before the others' (or after): one such run, over the rows no cut as printed reads
        # and at most RUN_SLACK rows on either side (rows of zeros read alike either way).
        gap_start = reached.index(False) - 1
        gap_stop = len(reaching) - reaching[::-1].index(False)
        runs = [
            (first, stop)
            for first in range(max(0, gap_start - RUN_SLACK), gap_start + 1)
            if reached[first]
            for stop in range(max(first + 2, gap_stop), min(count, gap_stop + RUN_SLACK) + 1)
            if reaching[stop] and not any(first < start < stop for start in starts)
        ]
        kept += read.columns_apart(numbers, runs)
        reached, reaching = _reach(kept, count)
    if not reached[count]:
        # No cut of the rows as printed reads them all, whatever was read beside the labels (a row's
        # total breaks wherever it is cut): pdfminer lays out a page's part of a table in boxes, and
        # may draw its total column among its parts. One such block, the table's numbers on one page,
        # from a row the cuts as printed reach to one from which they reach the table's end (a block
        # of a few rows read so would let the identities pass numbers between rows); tried only
        # here, so a table read as printed reads as before.
        width, edges = len(rows[0].columns), {0, len(numbers), *pages}
        bridges = [
            (first, stop)
            for first in range(count)
            if reached[first] and first * width in edges
            for stop in range(first + 2, count + 1)
            if reaching[stop]
            and stop * width in edges
            and not any(first * width < page < stop * width for page in pages)
            and not any(first < start < stop for start in starts)
        ]
        kept += read.total_elsewhere(numbers, bridges)
    row_known = [
        [(column, known[key]) for column, key in enumerate(row.cells) if known.get(key) is not None]
        for row in rows
    ]
    starting: dict[int, list[tuple[Block, Reading]]] = {}
    for block, values in kept:
        if all(
            row_values[column] == value
            for row_values, row_known_here in zip(values, row_known[block.first : block.stop], strict=True)
            for column, value in row_known_here
        ):
            starting.setdefault(block.first, []).append((block, values))
    found = _fitting(starting, count, across, places)
    if found is None or len(found[0]) != 1:
        return None
    fitting, readings = found
    reading, cut = fitting[0]
    return Solution(reading, cut, readings - 1, len(starts))


def _crosses(block: Block, starts: frozenset[int]) -> bool:
    """Whether a block holds a row, not its first, where a block must start (a label stands there)."""
    return any(block.first < start < block.stop for start in starts)


Reading = tuple[tuple[int, ...], ...]
Found = tuple[Block, Reading]  # a block whose rows keep their own identities, and what it reads


class BlockReadings:
    """The blocks of a table's printed rows that keep their rows' identities, read once for each order
    of its numbers: the stream reading solves one order several times (with and without the values
    read beside the labels, with its labels' starts), and each solve reads the same blocks. One for
    each table's stream reading (``solve`` makes its own if given none)."""

    def __init__(self, rows: Sequence[RowSpec], fmt: FormatSpec) -> None:
        self.rows, self.fmt = tuple(rows), fmt
        self.width = len(self.rows[0].columns)
        self.rules = _rules(self.rows, fmt)
        self._printed: dict[tuple[int, ...], list[Found]] = {}
        self._elsewhere: dict[tuple[tuple[int, ...], int, int], list[Found]] = {}
        self._apart: dict[tuple[int, ...], list[Found]] = {}
        self._runs_apart: dict[tuple[tuple[int, ...], int, int], list[Found]] = {}

    def as_printed(self, numbers: Sequence[int]) -> list[Found]:
        """The blocks with their columns as printed: each row (a block of one row reads the same
        either way, and a longer one read row by row is one-row blocks), and each run of rows read
        down its columns, but a run of zeros (it reads as its rows do; most of a table is zeros)."""
        key = tuple(numbers)
        if key not in self._printed:
            count, width = len(self.rows), self.width
            nonzero = list(itertools.accumulate((number != 0 for number in key), initial=0))
            blocks = [Block(first, first + 1, False) for first in range(count)]
            blocks += [
                Block(first, stop, True)
                for first in range(count)
                for stop in range(first + 2, count + 1)
                if nonzero[stop * width] > nonzero[first * width]
            ]
            self._printed[key] = self._readable(blocks, key)
        return self._printed[key]

    def total_elsewhere(self, numbers: Sequence[int], spans: Sequence[tuple[int, int]]) -> list[Found]:
        """The rows ``first`` to ``stop`` of each span read down their columns, the total column drawn
        at each other place among the parts (``Block.columns``): where every row of the span has one
        total, the sum of all its other columns, in the same column."""
        key = tuple(numbers)
        totals = self.rules.totals
        found: list[Found] = []
        for first, stop in spans:
            if (key, first, stop) not in self._elsewhere:
                total = totals[first]
                blocks = (
                    [Block(first, stop, True, columns) for columns in total_elsewhere(self.width, total)]
                    if total is not None and all(other == total for other in totals[first:stop])
                    else []
                )
                self._elsewhere[key, first, stop] = self._readable(blocks, key)
            found += self._elsewhere[key, first, stop]
        return found

    def first_cells_apart(self, numbers: Sequence[int]) -> list[Found]:
        """The blocks of a few rows whose first cells the text draws down their column, before or
        after the rest of those rows (``Block.apart``), that keep their rows' identities."""
        key = tuple(numbers)
        if key not in self._apart:
            count = len(self.rows)
            blocks = [
                Block(first, stop, False, None, drawn)
                for first in range(count)
                for stop in range(first + 2, min(first + MAX_ROWS_APART, count) + 1)
                for drawn in ("before", "after")
            ]
            self._apart[key] = self._readable(blocks, key)
        return self._apart[key]

    def columns_apart(self, numbers: Sequence[int], runs: Sequence[tuple[int, int]]) -> list[Found]:
        """The rows ``first`` to ``stop`` of each run with their first columns (1 to all but one)
        drawn apart from the others, row by row, before or after them (``Block.apart``), where every
        row keeps its identities."""
        key = tuple(numbers)
        found: list[Found] = []
        for first, stop in runs:
            if (key, first, stop) not in self._runs_apart:
                blocks = [
                    Block(first, stop, False, None, drawn, lead)
                    for lead in range(1, self.width)
                    for drawn in ("before", "after")
                ]
                self._runs_apart[key, first, stop] = self._readable(blocks, key)
            found += self._runs_apart[key, first, stop]
        return found

    def _readable(self, blocks: Sequence[Block], numbers: tuple[int, ...]) -> list[Found]:
        """The blocks whose rows keep their own identities, each with what it reads."""
        return [(block, values) for block in blocks if (values := self._read(block, numbers)) is not None]

    def _read(self, block: Block, numbers: tuple[int, ...]) -> Reading | None:
        """The block's rows, or None where a row's identity breaks (checked row by row: most blocks
        break at their first rows)."""
        values = []
        for at, row_values in enumerate(rows_in(block, numbers, self.width)):
            cells = dict(zip(self.rows[block.first + at].cells, row_values, strict=True))
            if any(isinstance(evaluate(rule, cells), Broken) for rule in self.rules.own[block.first + at]):
                return None
            values.append(row_values)
        return tuple(values)


def _reach(blocks: Sequence[Found], count: int) -> tuple[list[bool], list[bool]]:
    """Which row boundaries cuts into ``blocks`` reach from the table's start, and from which they
    reach its end."""
    reached = [True] + [False] * count
    for block, _ in sorted(blocks, key=lambda found: found[0].first):
        if reached[block.first]:
            reached[block.stop] = True
    reaching = [False] * count + [True]
    for block, _ in sorted(blocks, key=lambda found: -found[0].stop):
        if reaching[block.stop]:
            reaching[block.first] = True
    return reached, reaching


def _fitting(
    starting: Mapping[int, Sequence[tuple[Block, Reading]]],
    count: int,
    across: Sequence[SumIdentity],
    places: dict[str, Place],
) -> tuple[list[tuple[Reading, tuple[Block, ...]]], int] | None:
    """The readings of all ``count`` rows, cut into the blocks ``starting`` at each row (with the
    values each reads), that keep every identity across rows, each with one cut that gives it, and how
    many readings there were in all; None where the readings exceed MAX_STREAM_READINGS."""
    # The distinct readings of rows 0 to ``row``, each with one cut that gives it.
    readings: list[dict[Reading, tuple[Block, ...]]] = [{} for _ in range(count + 1)]
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
    return fitting, len(readings[count])


Place = tuple[tuple[int, int], ...]  # a key's (row, column) in a reading, or its parts' for a derived key


class Rules(NamedTuple):
    """What the solver asks of a table printed with some rows, worked out once (``_rules``)."""

    own: list[list[SumIdentity]]  # each row's own identities
    across: list[SumIdentity]  # the table's others, which tell the readings apart
    places: dict[str, Place]  # where each key is in a reading
    totals: list[int | None]  # each row's total column (``_total_columns``)


@functools.cache
def _rules(rows: tuple[RowSpec, ...], fmt: FormatSpec) -> Rules:
    """The identities, key places and total columns of a table printed with ``rows``."""
    own = [list(check.identities) if (check := row_check(fmt, row)) else [] for row in rows]
    owned = {id(rule) for row_rules in own for rule in row_rules}
    table = rows[0].key.partition(".")[0]
    across = [rule for rule in table_identities(fmt).get(table, ()) if id(rule) not in owned]
    return Rules(own, across, _places(rows, fmt), _total_columns(rows, own))


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


def _total_columns(rows: Sequence[RowSpec], own: Sequence[list[SumIdentity]]) -> list[int | None]:
    """Each row's total column: the one its identity makes the sum of all its other columns (None
    where it has no such identity)."""
    totals: list[int | None] = []
    for row, row_rules in zip(rows, own, strict=True):
        cells = set(row.cells)
        totals.append(
            next(
                (
                    row.cells.index(rule.left[0])
                    for rule in row_rules
                    if len(rule.left) == 1 and {*rule.left, *rule.right} == cells
                ),
                None,
            )
        )
    return totals


def order_trusted(solution: Solution, rows: Sequence[RowSpec], fmt: FormatSpec) -> list[bool]:
    """For each printed row, whether its values rest on the identities alone: not where its block was
    read down with its total column drawn among its parts and its part columns differ (the text drew
    the columns in an order of its own there, and two part columns swapped keep every identity)."""
    trusted = [True] * len(rows)
    for block in solution.cut:
        if block.columns is None:
            continue
        total = _rules(tuple(rows), fmt).totals[block.first]
        values = solution.values[block.first : block.stop]
        parts = {
            tuple(row_values[column] for row_values in values)
            for column in range(len(rows[0].columns))
            if column != total
        }
        if len(parts) > 1:
            trusted[block.first : block.stop] = [False] * (block.stop - block.first)
    return trusted
