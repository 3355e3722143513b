"""What the tables stage passes between its steps: rows as read, rows left pending, the reading.

Also the pieces every step shares: a placed cell's provenance and diagnostics, the readings of a
damaged row (``pending_options``), the identities inside a row, and how a block treats empty cells
at the ends of its rows.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Iterator, MutableMapping, Sequence
from typing import Literal, NamedTuple

import attrs

from gipreport.diagnostics import Diagnostic, diagnostic
from gipreport.formats import ColumnSpec, FormatSpec, RowSpec, TableSpec
from gipreport.formats.identities import could_hold
from gipreport.layout import Row
from gipreport.mapping.cells import Reading, read_value
from gipreport.mapping.labels import LabelMatch, MatchHow
from gipreport.model import Cell, Sources, Value
from gipreport.tables.digits import SplitBudget
from gipreport.tables.placements import Piece, Placement, RowRules, placements

# Diagnostics that input can repeat without end (a label printed 100 000 times) stop after this many
# per code; such codes never cover a None value, so no value loses its explanation.
MAX_REPEATED_DIAGNOSTICS = 100
# Rows without a label a table's recovery may try to place (a table has a few dozen rows at most);
# past this, junk: each is reported (``map.unlabelled-row``, capped) and not tried.
MAX_UNLABELLED_ROWS = 200
# Layouts whose rows may gain empty cells at their ends (merged label cells, trailing TABs) and lose
# cells (a deleted TAB); in the others every cell is its own line or element.
PADDED_LAYOUTS = frozenset({"tab", "pipe", "pdf"})  # a PDF table leaves empty cells of merged labels
# Layouts whose separators can vanish, so that one cell holds several numbers (「8855698」).
RUN_TOGETHER_LAYOUTS = frozenset({"inline", "spaced"})
# Layouts whose cells are apart by runs of spaces (PDF text): a blank cell vanishes there without its
# neighbours running together, so a short row may have lost a cell as well as run two together.
CELLS_MAY_VANISH = frozenset({"spaced"})


class CappedDiagnostics:
    """Diagnostics that input can repeat without end: each code's are built only while under the cap,
    then one says the rest were left out. ``already`` are those an earlier stage built (they count)."""

    def __init__(self, diagnostics: list[Diagnostic], already: Iterable[Diagnostic] = ()) -> None:
        self.diagnostics = diagnostics
        self.counts: dict[str, int] = {}
        for found in already:
            self.counts[found.code] = self.counts.get(found.code, 0) + 1

    def add(self, code: str, message: Callable[[], str], *, line: int | None, key: str | None) -> None:
        count = self.counts[code] = self.counts.get(code, 0) + 1
        if count <= MAX_REPEATED_DIAGNOSTICS:
            self.diagnostics.append(diagnostic(code, message(), line=line, key=key))
        elif count == MAX_REPEATED_DIAGNOSTICS + 1:
            self.diagnostics.append(diagnostic(code, f"more {code} diagnostics were left out", line=line))


@attrs.frozen
class RowReading:
    """One row as read from the layout, before any value is decided.

    ``spec`` is the row its label names (None for a row without a label, or a label that stands for
    several rows: then ``candidates``); ``positions`` are its value cells in ``row``; ``label`` is the
    label as printed and ``how`` how it matched; ``ended_by_label`` says that the value cells stopped
    at another label in the same layout row rather than at the row's end; ``order`` is the reading
    order over the whole report.
    """

    spec: RowSpec | None
    candidates: tuple[RowSpec, ...]
    table: str | None
    row: Row
    positions: tuple[int, ...]
    label: str | None
    how: MatchHow | None
    ended_by_label: bool
    layout: str
    order: int


@attrs.frozen
class Pending:
    """A row whose values the mapper could not place by itself, with every reading it could have.

    ``options`` pairs a row (the labelled one, or each row an unlabelled row may be) with a placement
    of the cells in its columns. ``complete`` is False when there were too many readings to list.
    """

    reading: RowReading
    options: tuple[tuple[RowSpec, Placement], ...]
    reason: str  # "lost-cell" | "run-together" | "padding" | "unlabelled" | "label-ambiguous"
    complete: bool = True

    @property
    def rows(self) -> tuple[RowSpec, ...]:
        return tuple(dict.fromkeys(spec for spec, _ in self.options))


@attrs.frozen
class TableReading:
    """The values of every flat key of a format, their sources, and what went wrong.

    ``pending`` holds the rows left for the recovery stage; ``seen`` every row placed (or pending
    with a known row) and the line it was read from; ``order`` the row key of every row read, in
    reading order (None for a row without a label); ``readings`` the rows not placed at once;
    ``splits`` the text's budget for cutting run-together digits (see ``placements.split_steps_for``).
    """

    values: dict[str, Value]
    sources: Sources
    diagnostics: tuple[Diagnostic, ...]
    tables_found: tuple[str, ...]
    readings: tuple[RowReading, ...] = ()
    pending: tuple[Pending, ...] = ()
    seen: dict[str, int] = attrs.Factory(dict)
    order: tuple[str | None, ...] = ()
    # The steps left for cutting run-together digits, shared by the mapping and recovery of one text.
    splits: SplitBudget = attrs.field(factory=SplitBudget, eq=False, repr=False)
    # OCR text: what its rows show of their tables' columns (None: not OCR).
    lost_zeros: LostZeroEvidence | None = attrs.field(default=None, eq=False, repr=False)


def cell_source(
    row: Row, piece: Piece, state: str, label: str | None = None, proof: str | None = None
) -> Cell:
    """The provenance of a value placed from ``piece`` of ``row`` (and, recovered, its proof)."""
    lines = row.cell_lines[piece.position]
    column = row.columns[piece.position] if row.columns is not None else None
    return Cell(row.raws[piece.position], lines[0], state, lines, column, label, proof)  # type: ignore[arg-type]


def cell_diagnostics(
    key: str, reading: Reading, text: str, line: int | None, kind: str, unit_key: str | None = None
) -> Iterator[Diagnostic]:
    """What a cell's reading says about it: blank, not applicable, unreadable, carrying a unit. An
    amount's unit (``unit_key``) is read from the same cell: where the cell is unreadable, so is it."""
    shown = text or "(empty)"
    if reading.state == "blank":
        yield diagnostic("map.cell-blank", f"{key} is empty", line=line, key=key)
    elif reading.state == "na":
        yield diagnostic("map.cell-not-applicable", f"{key} is 「{shown}」", line=line, key=key)
    elif reading.state == "unreadable":
        yield diagnostic(
            "map.cell-unreadable", f"{key}: 「{shown}」 is not a number of kind {kind}", line=line, key=key
        )
        if unit_key:
            message = f"{unit_key}: the unit of 「{shown}」, which is not a number of kind {kind}"
            yield diagnostic("map.cell-unreadable", message, line=line, key=unit_key)
    if reading.unit and reading.state == "value":
        yield diagnostic(
            "map.cell-unit",
            f"{key}: 「{shown}」 read as {reading.value} (unit {reading.unit} removed)",
            line=line,
            key=key,
        )


class FoundRow(NamedTuple):
    """A row as found in a block: its label's match (None: a row of numbers without one), the label
    as printed, the positions of its value cells, and the table in context when it was read."""

    context: str | None
    match: LabelMatch | None
    label: str | None
    positions: list[int]
    row: Row
    ended_by_label: bool


# How a block treats an empty cell at a row's start or end: "padding" when some row has more cells
# than columns with an empty cell there (merged label cells, a TAB after every row); "column" when
# some row with exactly its column count cannot be read otherwise (a lost cell elsewhere would break
# its identity: the blank is a column's, as in a report that leaves its total column blank); else None.
EndKind = Literal["padding", "column"] | None


def may_be_numbers(texts: Sequence[str], positions: Sequence[int]) -> bool:
    """Whether cells before any label may be a row of numbers: some cell holds more than words of
    Chinese characters (header words a converter garbled, 「维持 | 纠正 结果」, are none; OCR's 「，」
    for a lost cell is)."""
    if not any(map(texts.__getitem__, positions)):  # empty cells only (a TAB row's merged labels)
        return False
    return not all(_WORDS.fullmatch(texts[position]) for position in positions)


_WORDS = re.compile(r"[\u4e00-\u9fff\s]*")


def block_ends(rows: Sequence[FoundRow], fmt: FormatSpec) -> tuple[EndKind, EndKind]:
    kinds: list[EndKind] = [None, None]
    for found in rows:
        spec = found.match.row if found.match is not None else None
        if spec is None or len(found.positions) < len(spec.columns):
            continue
        texts = [found.row.texts[position] for position in found.positions]
        for end in (0, -1):
            if texts[end].strip():
                continue
            if len(texts) > len(spec.columns):
                kinds[end] = "padding"
            elif kinds[end] is None and not _lost_cell_fits(fmt, spec, texts, end):
                kinds[end] = "column"
    return kinds[0], kinds[1]


def _lost_cell_fits(fmt: FormatSpec, spec: RowSpec, texts: Sequence[str], end: int) -> bool:
    """Whether the row can be read as its other cells with the empty one at ``end`` as padding and a
    cell lost elsewhere (the lost value any count) without breaking an identity inside the row."""
    rules = row_check(fmt, spec)
    if rules is None:
        return True  # nothing rules a lost cell out
    kept = list(texts[1:] if end == 0 else texts[:-1])
    width = len(spec.columns)
    # A gap where the empty cell was is the reading by position itself: only the others count.
    gaps = range(1, width) if end == 0 else range(width - 1)
    for gap in gaps:
        cells = [*kept[:gap], None, *kept[gap:]]
        values = {
            key: int(text) if text and text.isdigit() else None
            for key, text in zip(spec.cells, cells, strict=True)
        }
        if all(could_hold(identity, values) for identity in rules.identities):
            return True
    return False


@functools.cache
def row_check(fmt: FormatSpec, spec: RowSpec) -> RowRules | None:
    """The identities inside the row as rules over its columns, or None when it has none."""
    cells = set(spec.cells)
    inside = tuple(identity for identity in fmt.identities if all(key in cells for key in identity.keys))
    return RowRules(spec.cells, inside) if inside else None


class LostZeroEvidence:
    """Whether an OCR text's tables print their columns: then a short row's missing cells are zeros
    OCR lost. A report may leave whole columns blank (the 法人或其他组织 ones, where only persons
    applied), and then every row lacks them; where a row of a table (one with identities inside its
    rows) shows all its cells but one, the table prints its columns. ``count`` each row read."""

    def __init__(self, fmt: FormatSpec) -> None:
        self.table_of = {row.key: table.key for table in fmt.tables for row in table.rows}
        self.with_rules = {row.key for row in fmt.rows if row_check(fmt, row) is not None}
        self.fewest_lacking: dict[str, int] = {}  # by table: the fewest cells a row of it lacks

    def count(self, spec: RowSpec, row: Row, positions: Sequence[int]) -> None:
        if spec.key in self.with_rules:
            lacking = len(spec.columns) - sum(row.texts[position].isdigit() for position in positions)
            table = self.table_of[spec.key]
            self.fewest_lacking[table] = min(self.fewest_lacking.get(table, lacking), lacking)

    def prints_columns(self, spec: RowSpec | None = None) -> bool:
        """Whether the table of ``spec`` prints its columns (without: whether any table does, for
        表四's row, which has no label and is the table's only row)."""
        if spec is None:
            return min(self.fewest_lacking.values(), default=2) <= 1
        return self.fewest_lacking.get(self.table_of[spec.key], 2) <= 1


@functools.cache
def rows_without_labels(fmt: FormatSpec, context: str | None) -> tuple[tuple[TableSpec, RowSpec], ...]:
    """The rows a format prints without a label (table 四's), those of table ``context`` first."""
    tables = sorted(fmt.tables, key=lambda table: table.key != context) if context else fmt.tables
    return tuple((table, spec) for table in tables for spec in table.rows if not spec.labels)


@functools.cache
def row_shapes(fmt: FormatSpec) -> dict[RowSpec, tuple[str, RowRules | None]]:
    """Each row's shape, its width and where its identities sit (a string: hashed once), and its
    rules: rows of one shape read any cells alike."""
    shapes: dict[RowSpec, tuple[str, RowRules | None]] = {}
    for spec in fmt.rows:
        keep = row_check(fmt, spec)
        shapes[spec] = (f"{len(spec.columns)} {keep.shape if keep is not None else ()}", keep)
    return shapes


def printed_label(reading: RowReading) -> str | None:
    return reading.label if reading.how in ("fuzzy", "prefix", "piece") else None


def pending_options(
    reading: RowReading,
    rows: Sequence[RowSpec],
    reason: str,
    fmt: FormatSpec | None = None,
    budget: SplitBudget | None = None,
    lost_zeros: bool = False,
    cut_digits: bool = True,
) -> Pending:
    """A pending row with every placement of its cells in each of ``rows`` (cutting digits from the
    text's ``budget`` unless not ``cut_digits``; ``lost_zeros`` as in ``placements``)."""
    split = cut_digits and reading.layout in RUN_TOGETHER_LAYOUTS
    if split and budget is not None and budget.spent:  # the text's cutting is spent: not listed
        return Pending(reading, (), reason, complete=False)
    options: list[tuple[RowSpec, Placement]] = []
    complete = True
    cells = [(position, reading.row.texts[position]) for position in reading.positions]
    # A row whose label was lost keeps the empty cells of its label's merged cells in every layout.
    padded = reading.layout in PADDED_LAYOUTS or reading.spec is None
    # Rows of one width whose identities sit in the same columns read the cells alike: once each.
    by_shape: dict[str, tuple[list[Placement], bool]] = {}
    shapes = row_shapes(fmt) if fmt is not None else {}
    for spec in rows:
        shape, keep = shapes[spec] if fmt is not None else (str(len(spec.columns)), None)
        if shape not in by_shape:
            by_shape[shape] = placements(
                cells,
                len(spec.columns),
                padded=padded,
                split=split,
                keep=keep,
                budget=budget,
                lost_too=reading.layout in CELLS_MAY_VANISH,
                lost_zeros=lost_zeros,
            )
        found, ok = by_shape[shape]
        complete &= ok
        options.extend((spec, placement) for placement in found)
    return Pending(reading, tuple(options), reason, complete)


def place_piece(
    values: dict[str, Value],
    sources: MutableMapping[str, Cell],
    column: ColumnSpec,
    piece: Piece,
    row: Row,
    state: str,
    label: str | None = None,
) -> list[Diagnostic]:
    """Read one piece of a cell into its column's key (and unit key); return what it says."""
    reading = read_value(piece.text, column.kind)
    source = cell_source(row, piece, reading.state if reading.state != "value" else state, label)
    values[column.key] = reading.value
    sources[column.key] = source
    if column.unit_key:
        values[column.unit_key] = reading.unit if reading.state == "value" else None
        unit_state = source.state if reading.state != "value" else "value" if reading.unit else "blank"
        sources[column.unit_key] = attrs.evolve(source, state=unit_state)
    return list(cell_diagnostics(column.key, reading, piece.text, source.line, column.kind, column.unit_key))
