"""Table mapping: Layout -> row readings -> values by flat key, their provenance, what is pending.

Rows are found by their label text, never by position in the number stream; values take their column
from their position within the row. The mapper first reads every row (which row it is, which cells
are its values); a row whose cells fit its columns one to one is placed at once, every other row
becomes ``Pending`` with the readings it could have, for the recovery stage to decide.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, MutableMapping, Sequence
from typing import Literal, NamedTuple, cast

import attrs
import regex

from gipreport.diagnostics import Diagnostic, diagnostic
from gipreport.formats import ColumnSpec, FormatSpec, RowSpec, TableSpec
from gipreport.formats.identities import could_hold
from gipreport.layout import Block, Layout, Row
from gipreport.mapping.cells import Reading, is_plain_number, read_value
from gipreport.mapping.labels import CellRole, LabelIndex, LabelMatch, MatchHow, label_index, label_key
from gipreport.mapping.placements import Piece, Placement, RowRules, can_split, placements
from gipreport.model import Cell, Sources, Value
from gipreport.normalize import Line

# Diagnostics that input can repeat without end (a label printed 100 000 times) stop after this many
# per code; such codes never cover a None value, so no value loses its explanation.
MAX_REPEATED_DIAGNOSTICS = 100
# Layouts whose rows may gain empty cells at their ends (merged label cells, trailing TABs) and lose
# cells (a deleted TAB); in the others every cell is its own line or element.
PADDED_LAYOUTS = frozenset({"tab", "pipe", "pdf"})  # pdfplumber leaves empty cells of merged labels
# Layouts whose separators can vanish, so that one cell holds several numbers (「8855698」).
RUN_TOGETHER_LAYOUTS = frozenset({"inline", "spaced"})
_UNKNOWN: CellRole = LabelMatch("header", None, None)  # a text the label index has not seen yet
# Count cells repeat in every row of every report (「0」「1」「12」), and int() of a str is costly, so
# each short one is read once: at most 11 110 texts (the digit strings up to 4 long), no other bound.
MAX_CACHED_COUNT_CHARS = 4
_COUNTS: dict[str, int] = {}
# A prose line this short may be a table's title heading (which tells the mapper which table follows).
MAX_HEADING_CHARS = 60


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
    reading order (None for a row without a label); ``readings`` the rows not placed at once.
    """

    values: dict[str, Value]
    sources: Sources
    diagnostics: tuple[Diagnostic, ...]
    tables_found: tuple[str, ...]
    readings: tuple[RowReading, ...] = ()
    pending: tuple[Pending, ...] = ()
    seen: dict[str, int] = attrs.Factory(dict)
    order: tuple[str | None, ...] = ()


def cell_source(row: Row, piece: Piece, state: str, label: str | None = None) -> Cell:
    """The provenance of a value placed from ``piece`` of ``row``."""
    lines = row.cell_lines[piece.position]
    column = row.columns[piece.position] if row.columns is not None else None
    return Cell(row.raws[piece.position], lines[0], state, lines, column, label)  # type: ignore[arg-type]


def cell_diagnostics(
    key: str, reading: Reading, text: str, line: int | None, kind: str
) -> Iterator[Diagnostic]:
    """What a cell's reading says about it: blank, not applicable, unreadable, carrying a unit."""
    shown = text or "(empty)"
    if reading.state == "blank":
        yield diagnostic("map.cell-blank", f"{key} is empty", line=line, key=key)
    elif reading.state == "na":
        yield diagnostic("map.cell-not-applicable", f"{key} is 「{shown}」", line=line, key=key)
    elif reading.state == "unreadable":
        yield diagnostic(
            "map.cell-unreadable", f"{key}: 「{shown}」 is not a number of kind {kind}", line=line, key=key
        )
    if reading.unit and reading.state == "value":
        yield diagnostic(
            "map.cell-unit",
            f"{key}: 「{shown}」 read as {reading.value} (unit {reading.unit} removed)",
            line=line,
            key=key,
        )


class _FoundRow(NamedTuple):
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


def _ends(rows: Sequence[_FoundRow], fmt: FormatSpec) -> tuple[EndKind, EndKind]:
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


class _Mapper:
    def __init__(self, fmt: FormatSpec, index: LabelIndex) -> None:
        self.fmt = fmt
        self.index = index
        # Every key from the start, in the format's order (a dict made at its full size at once).
        self.values: dict[str, Value] = dict.fromkeys(fmt.flat_keys)
        self.sources = Sources()
        self.diagnostics: list[Diagnostic] = []
        self.seen: dict[str, int] = {}
        self.tables_found: set[str] = set()
        self.readings: list[RowReading] = []  # the rows not placed at once, as read
        self.order: list[str | None] = []  # every row read, in order: its row key (None: no label)
        self.pending: list[Pending] = []
        self.context: str | None = None
        self.repeats: dict[str, int] = {}
        self.titles, self.title_ends = _titles(fmt)
        # The rows of the block being read, placed once the whole block is read (see ``_padding``).
        self.found: list[_FoundRow] = []
        self.ends: tuple[EndKind, EndKind] = (None, None)

    # --- reading rows -------------------------------------------------------------------------

    def run(self, layout: Layout) -> TableReading:
        prose = iter(layout.prose)
        upcoming = next(prose, None)
        for block in layout.blocks:
            # Prose between blocks (a section heading naming a table) tells which table follows.
            while upcoming is not None and (upcoming.number, upcoming.column) < (
                block.first_line,
                block.first_column,
            ):
                self._prose_context(upcoming)
                upcoming = next(prose, None)
            self.found = []
            for row in block.rows:
                self._read_row(row, block)
            self.ends = _ends(self.found, self.fmt)
            after_block = self.context
            for found_row in self.found:
                self.context = found_row.context
                if found_row.match is None:
                    self._add_unlabelled(found_row.positions, found_row.row, block)
                else:
                    self._add_reading(
                        found_row.match,
                        found_row.label,
                        found_row.positions,
                        found_row.row,
                        block,
                        ended_by_label=found_row.ended_by_label,
                    )
            self.context = after_block
        found = tuple(t.key for t in self.fmt.tables if t.key in self.tables_found)
        return TableReading(
            self.values,
            self.sources,
            tuple(self.diagnostics),
            found,
            tuple(self.readings),
            tuple(self.pending),
            self.seen,
            tuple(self.order),
        )

    def _prose_context(self, line: Line) -> None:
        text = line.text
        if len(text) > MAX_HEADING_CHARS or not any(map(text.__contains__, self.title_ends)):
            return
        key = label_key(text)
        for title, table in self.titles:
            if title in key or (len(key) <= len(title) + 4 and _near(title, key)):
                self.context = table
                return

    def _read_row(self, row: Row, block: Block) -> None:
        # Cells are handled by position in the row: ``values`` collects the positions of the value
        # cells after a row label, ``unlabelled`` those of numbers before any label.
        current: LabelMatch | None = None
        label_text: str | None = None
        values: list[int] = []
        unlabelled: list[int] = []
        known, role = self.index.known_roles, self.index.role
        texts = row.texts
        for position, text in enumerate(texts):
            cell_role = known.get(text, _UNKNOWN)
            if cell_role is _UNKNOWN:
                cell_role = role(text)
            if type(cell_role) is str:  # VALUE (told by its type: no call for each cell)
                (values if current else unlabelled).append(position)
                continue
            match = cast("LabelMatch | None", cell_role)
            if match is None:
                if current is not None and not values:
                    # The rest of a label broken over cells or lines (「5.要求行政机关确认或重」「新出具」).
                    joined = self.index.match(f"{label_text}{text}")
                    if joined is not None and joined.kind == "row":
                        current, label_text = joined, f"{label_text}{text}"
                    continue
                if current is not None:  # text where a number belongs: read as unreadable, not skipped
                    values.append(position)
                    continue
                if unlabelled and not self.index.find(text):  # in a row of numbers without a label
                    unlabelled.append(position)
                    continue
                match = self._inside(text)
                if match is None:
                    continue
            if current is not None and values:
                self.found.append(_FoundRow(self.context, current, label_text, values, row, True))
            elif unlabelled and any(map(texts.__getitem__, unlabelled)):
                self.found.append(_FoundRow(self.context, None, None, unlabelled, row, False))
            current, label_text, values, unlabelled = None, None, [], []
            if match.table:
                self.context = match.table
                self.tables_found.add(match.table)
            if match.kind == "row":
                current, label_text = match, text
        if current is not None and values:
            self.found.append(_FoundRow(self.context, current, label_text, values, row, False))
        elif unlabelled and any(map(texts.__getitem__, unlabelled)):
            self.found.append(_FoundRow(self.context, None, None, unlabelled, row, False))

    def _inside(self, text: str) -> LabelMatch | None:
        """A label printed at the end of a longer cell (crawled text runs headings and a row label
        together: 「…现行有效件数 规章」); headings found inside set the table."""
        found = self.index.find(text)
        if not found:
            return None
        for _, match in found:
            if match.table:
                self.context = match.table
                self.tables_found.add(match.table)
        last_start, last = found[-1]
        key = label_key(text)
        tail = key[last_start:]
        if (
            last.kind == "row"
            and last.row is not None
            and any(tail == label_key(label) for label in last.row.labels)
        ):
            return attrs.evolve(last, how="suffix")
        return None

    def _add_reading(
        self,
        match: LabelMatch,
        label: str | None,
        values: list[int],
        row: Row,
        block: Block,
        *,
        ended_by_label: bool,
    ) -> None:
        spec = match.row
        width = len(spec.columns) if spec is not None else 0
        texts = row.texts
        if len(values) < width and not any(texts[position] for position in values):
            return  # a label alone on its row, with the empty cells of a merged cell: no values here
        self.order.append(spec.key if spec is not None else None)
        if spec is not None and match.how in ("exact", "suffix") and spec.key not in self.seen:
            start, stop = 0, len(values)
            if block.layout in PADDED_LAYOUTS:
                # Empty cells at the ends may be merged label cells or trailing TABs: when exactly as
                # many are over as the row has cells too many, dropping them all is the one reading.
                while start < stop and not texts[values[start]].strip():
                    start += 1
                while stop > start and not texts[values[stop - 1]].strip():
                    stop -= 1
            if stop - start == width:
                # The common row: its cells fit its columns one to one, placed at once.
                self.seen[spec.key] = row.line
                self._place_exactly(spec, row, values[start:stop], None)
                return
        self._place(
            RowReading(
                spec=spec,
                candidates=match.candidates,
                table=match.table or self.context,
                row=row,
                positions=tuple(values),
                label=label,
                how=match.how,
                ended_by_label=ended_by_label,
                layout=block.layout,
                order=len(self.order) - 1,
            )
        )

    def _add_unlabelled(self, positions: list[int], row: Row, block: Block) -> None:
        self.order.append(None)
        self._place(
            RowReading(
                spec=None,
                candidates=(),
                table=self.context,
                row=row,
                positions=tuple(positions),
                label=None,
                how=None,
                ended_by_label=False,
                layout=block.layout,
                order=len(self.order) - 1,
            )
        )

    # --- placing values -------------------------------------------------------------------------

    def _place(self, reading: RowReading) -> None:
        self.readings.append(reading)
        spec = reading.spec
        if spec is None:
            self._place_without_label(reading)
            return
        if spec.key in self.seen:
            self._add_repeated(
                diagnostic(
                    "map.row-duplicate",
                    f"row {spec.key} appears again; the first one (line {self.seen[spec.key]}) is kept",
                    line=reading.row.line,
                    key=spec.key,
                )
            )
            return
        self.seen[spec.key] = reading.row.line
        if reading.how in ("fuzzy", "prefix", "piece"):
            self.diagnostics.append(
                diagnostic(
                    "map.label-approximate",
                    f"row {spec.key} read from the label 「{reading.label}」 "
                    f"({reading.how} match of 「{spec.label}」)",
                    line=reading.row.line,
                    key=spec.key,
                )
            )
        row, width = reading.row, len(spec.columns)
        texts = row.texts
        positions = reading.positions
        leading, trailing = self.ends
        if len(positions) == width and (
            reading.layout not in PADDED_LAYOUTS
            or (
                (texts[positions[0]] or leading == "column")
                and (texts[positions[-1]] or trailing == "column")
            )
        ):
            # As many cells as columns: read by position, an empty one at an end only where the
            # block shows such cells are columns (see ``_ends``), not padding beside a lost cell.
            self._place_exactly(spec, reading.row, positions, _printed_label(reading))
            return
        if len(positions) < width and reading.layout == "lines" and reading.ended_by_label:
            # A Word export drops an empty last cell together with the blank line after the row: the
            # row's cells are its first ones, and the next row's label follows at once.
            self._place_exactly(spec, reading.row, positions, _printed_label(reading))
            self._row_short(spec, reading, len(positions))
            return
        cells = [(position, texts[position]) for position in positions]
        found, complete = placements(
            cells,
            width,
            padded=reading.layout in PADDED_LAYOUTS,
            split=reading.layout in RUN_TOGETHER_LAYOUTS,
            keep=row_check(self.fmt, spec),
        )
        if complete and not found and len(positions) > width:
            self._row_long(spec, reading)
            return
        if complete and len(found) == 1 and all(piece is not None and piece.whole for piece in found[0]):
            # Only padding to cut: the cells are placed with certainty.
            self._place_exactly(
                spec,
                reading.row,
                tuple(piece.position for piece in found[0] if piece),
                _printed_label(reading),
            )
            return
        reason = (
            "run-together"
            if any(piece is not None and not piece.whole for placement in found for piece in placement)
            else "lost-cell"
            if len(positions) < width
            else "padding"
        )
        if complete and not found and reading.layout in RUN_TOGETHER_LAYOUTS and can_split(cells, width):
            # Cuts of the digits exist, and none satisfies the row's own identity: the report's
            # arithmetic, or damage of another kind; either way nothing of the row is placed.
            reason = "inconsistent"
        if reason == "padding":
            self.diagnostics.append(
                diagnostic(
                    "map.row-ambiguous",
                    f"row {spec.key} has empty cells at both ends and more cells than columns; "
                    "its values are placed only where every reading of the empty cells agrees",
                    line=reading.row.line,
                    key=spec.key,
                )
            )
        self.pending.append(
            Pending(reading, tuple((spec, placement) for placement in found), reason, complete)
        )

    def _place_without_label(self, reading: RowReading) -> None:
        if reading.candidates:  # a piece of several labels: the rows it may be
            self.pending.append(self._options(reading, reading.candidates, "label-ambiguous"))
            return
        width = len(reading.positions)
        # A table's row printed without a label (table 四) is found by its table and its width.
        for table in self._tables_for(reading.table):
            for spec in table.rows:
                if not spec.labels and spec.key not in self.seen and len(spec.columns) == width:
                    self.seen[spec.key] = reading.row.line
                    self.tables_found.add(table.key)
                    self._place_exactly(spec, reading.row, reading.positions, None)
                    return
        if reading.table is not None:
            self.pending.append(Pending(reading, (), "unlabelled"))
            return
        self._unlabelled_ignored(reading)

    def _tables_for(self, context: str | None) -> list[TableSpec]:
        tables = list(self.fmt.tables)
        if context is None:
            return tables
        return sorted(tables, key=lambda table: table.key != context)

    def _options(self, reading: RowReading, rows: Sequence[RowSpec], reason: str) -> Pending:
        return pending_options(reading, rows, reason)

    def _place_exactly(self, spec: RowSpec, row: Row, positions: Sequence[int], label: str | None) -> None:
        """Place cells by position; ``label`` is the row label as printed when matched approximately."""
        texts, raws, cell_lines = row.texts, row.raws, row.cell_lines
        values, sources, store = self.values, self.sources, self.sources.plain_store
        plain_counts = row.columns is None and label is None and spec.counts_only
        known_count = _COUNTS.get
        for key, position in zip(spec.cells, positions, strict=False):
            text = texts[position]
            if plain_counts:
                # Most cells: a plain count, with nothing to report, so read here, at once.
                number = known_count(text)
                if number is None and is_plain_number(text):  # not seen yet, or too long to keep
                    number = int(text)
                    if len(text) <= MAX_CACHED_COUNT_CHARS:
                        _COUNTS[text] = number
                if number is not None:
                    values[key] = number
                    store[key] = (raws[position], cell_lines[position])
                    continue
            column = spec.columns[spec.cells.index(key)]
            self.diagnostics.extend(
                place_piece(values, sources, column, Piece(position, text), row, "value", label)
            )

    def _row_short(self, spec: RowSpec, reading: RowReading, count: int) -> None:
        missing = spec.columns[count:]
        self.diagnostics.append(
            diagnostic(
                "map.row-short",
                f"row {spec.key} has {count} cells for {len(spec.columns)} columns and the next row "
                f"follows at once; {', '.join(column.label for column in missing)} read as missing",
                line=reading.row.line,
                key=spec.key,
            )
        )
        for column in missing:
            for key in (column.key, column.unit_key):
                if key:
                    self.values[key] = None
                    self.sources[key] = Cell(raw="", line=reading.row.line, state="missing")

    def _row_long(self, spec: RowSpec, reading: RowReading) -> None:
        row = reading.row
        shown = " | ".join(row.texts[position] for position in reading.positions)
        self.diagnostics.append(
            diagnostic(
                "map.row-long",
                f"row {spec.key} has {len(reading.positions)} cells for {len(spec.columns)} columns: {shown}",
                line=row.line,
                key=spec.key,
            )
        )
        raw = "\t".join(row.raws[position] for position in reading.positions)
        for key in spec.keys:
            self.values[key] = None
            self.sources[key] = Cell(raw=raw, line=row.line, state="unreadable")

    def _unlabelled_ignored(self, reading: RowReading) -> None:
        texts = reading.row.texts
        self._add_repeated(
            diagnostic(
                "map.unlabelled-row",
                "a row of numbers without a recognised label was ignored: "
                + " | ".join(texts[position] for position in reading.positions),
                line=reading.row.line,
                key=reading.table,
            )
        )

    def _add_repeated(self, found: Diagnostic) -> None:
        count = self.repeats.get(found.code, 0) + 1
        self.repeats[found.code] = count
        if count <= MAX_REPEATED_DIAGNOSTICS:
            self.diagnostics.append(found)
        elif count == MAX_REPEATED_DIAGNOSTICS + 1:
            self.diagnostics.append(
                attrs.evolve(found, message=f"more {found.code} diagnostics were left out", key=None)
            )


@functools.cache
def row_check(fmt: FormatSpec, spec: RowSpec) -> RowRules | None:
    """The identities inside the row as rules over its columns, or None when it has none."""
    cells = set(spec.cells)
    inside = tuple(identity for identity in fmt.identities if all(key in cells for key in identity.keys))
    return RowRules(spec.cells, inside) if inside else None


def _printed_label(reading: RowReading) -> str | None:
    return reading.label if reading.how in ("fuzzy", "prefix", "piece") else None


def pending_options(
    reading: RowReading, rows: Sequence[RowSpec], reason: str, fmt: FormatSpec | None = None
) -> Pending:
    """A pending row with every placement of its cells in each of ``rows``."""
    options: list[tuple[RowSpec, Placement]] = []
    complete = True
    cells = [(position, reading.row.texts[position]) for position in reading.positions]
    # A row whose label was lost keeps the empty cells of its label's merged cells in every layout.
    padded = reading.layout in PADDED_LAYOUTS or reading.spec is None
    for spec in rows:
        found, ok = placements(
            cells,
            len(spec.columns),
            padded=padded,
            split=reading.layout in RUN_TOGETHER_LAYOUTS,
            keep=row_check(fmt, spec) if fmt is not None else None,
        )
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
    return list(cell_diagnostics(column.key, reading, piece.text, source.line, column.kind))


@functools.cache
def _titles(fmt: FormatSpec) -> tuple[tuple[tuple[str, str], ...], frozenset[str]]:
    """Each table's title as a label key, with the table's key; and how titles end (「…情况」): a
    heading naming a table ends so, a cheap test before any matching."""
    titles = tuple((label_key(table.title), table.key) for table in fmt.tables)
    return titles, frozenset(title[-2:] for title, _ in titles)


def _near(title: str, key: str) -> bool:
    """A heading that names a table with a typo (「政府信息公开行政法复议、行政诉讼情况」)."""
    return len(title) >= 8 and _typo_pattern(title).fullmatch(key[-len(title) - 2 :]) is not None


@functools.cache
def _typo_pattern(title: str) -> regex.Pattern[str]:
    return regex.compile(f"(?:{regex.escape(title)}){{e<=2}}")


def map_tables(layout: Layout, fmt: FormatSpec, index: LabelIndex | None = None) -> TableReading:
    """Read every row of every block and place what fits; the rest is left pending."""
    return _Mapper(fmt, index or label_index(fmt)).run(layout)


def complete(reading: TableReading, fmt: FormatSpec) -> TableReading:
    """Finish a reading once recovery has run: whole tables and rows not found, and derived rows.

    Every key ends with a value or None, and every None with a diagnostic covering its key.
    """
    values, sources = dict(reading.values), Sources(reading.sources)
    found: list[Diagnostic] = []

    def mark(spec: RowSpec) -> None:
        for key in spec.keys:
            if key not in sources:
                values[key] = None
                sources[key] = _MISSING_CELL

    owners = _owners(fmt)
    for table in fmt.tables:
        if table.key not in reading.tables_found:
            found.append(
                diagnostic(
                    "map.table-missing", f"table {table.number} ({table.title}) was not found", key=table.key
                )
            )
            for spec in table.rows:
                mark(spec)
            continue
        for spec in table.rows:
            if spec.key in reading.seen or spec.derived_from:
                continue
            owner = owners.get(spec.key)
            if owner is not None and owner.key in reading.seen:
                line = reading.seen[owner.key]
                found.append(
                    diagnostic(
                        "map.row-not-in-layout",
                        f"row {spec.key} is not printed: the report uses the older single row {owner.key}",
                        line=line,
                        key=spec.key,
                    )
                )
                if spec.key == owner.derived_from[0]:
                    found.append(
                        diagnostic(
                            "map.old-other-processing",
                            f"{owner.label} is printed as one row (out-of-date layout)",
                            line=line,
                            key=owner.key,
                        )
                    )
            else:
                found.append(diagnostic("map.row-missing", f"row {spec.key} was not found", key=spec.key))
            mark(spec)
        for spec in table.rows:
            if spec.derived_from and spec.key not in reading.seen:
                if all(part in reading.seen for part in spec.derived_from):
                    flagged = {
                        d.key for d in (*reading.diagnostics, *found) if d.key and d.severity != "info"
                    }
                    found.extend(_derive(spec, fmt, values, sources, flagged))
                else:
                    found.append(diagnostic("map.row-missing", f"row {spec.key} was not found", key=spec.key))
                    mark(spec)
    return attrs.evolve(reading, values=values, sources=sources, diagnostics=(*reading.diagnostics, *found))


# Cells are frozen: every missing or derived value shares one.
_MISSING_CELL = Cell(raw="", line=None, state="missing")
_DERIVED_CELL = Cell(raw="", line=None, state="derived")


@functools.cache
def _owners(fmt: FormatSpec) -> dict[str, RowSpec]:
    """Each row that a derived row stands for, with that derived row."""
    return {part: spec for spec in fmt.rows for part in spec.derived_from}


def _derive(
    spec: RowSpec,
    fmt: FormatSpec,
    values: dict[str, Value],
    sources: Sources,
    flagged: set[str],
) -> list[Diagnostic]:
    """A row not printed, as the column-wise sum of the rows it stands for (（六）其他处理)."""
    found: list[Diagnostic] = []
    parts = [fmt.row(part) for part in spec.derived_from]
    for position, key in enumerate(spec.cells):
        keys = [part.cells[position] for part in parts]
        numbers = [values.get(part_key) for part_key in keys]
        sources[key] = _DERIVED_CELL
        if None in numbers:
            values[key] = None
            found.append(
                diagnostic("map.derived-incomplete", f"{key} cannot be derived: a part is None", key=key)
            )
            continue
        values[key] = sum(number for number in numbers if isinstance(number, int))
        doubtful = flagged and [
            part_key for part_key in keys if part_key in flagged or part_key.rpartition(".")[0] in flagged
        ]
        if doubtful:
            found.append(
                diagnostic(
                    "map.derived-from-flagged",
                    f"{key} is the sum of {', '.join(doubtful)}, which carry a warning or an error",
                    key=key,
                )
            )
    return found
