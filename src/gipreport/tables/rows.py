"""Reading rows: Layout -> every row found by its label, the cells that fit placed, the rest pending.

Rows are found by their label text, never by position in the number stream; values take their column
from their position within the row. A block is read whole before any of its rows is placed (how it
pads its rows decides what an empty end cell is); a row whose cells fit its columns one to one is
placed at once, every other row becomes ``Pending`` with the readings it could have, for recovery.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import cast

from gipreport.diagnostics import Diagnostic, diagnostic
from gipreport.formats import FormatSpec, RowSpec
from gipreport.layout import Block, Layout, Row
from gipreport.mapping.cells import is_plain_number
from gipreport.mapping.labels import CellRole, LabelIndex, LabelMatch, label_index, table_named
from gipreport.model import Cell, CellState, Sources, Value
from gipreport.tables.digits import SplitBudget, split_steps_for
from gipreport.tables.joins import labels_joined, lines_below, unglue_labels
from gipreport.tables.placements import Piece, can_split, placements
from gipreport.tables.reading import (
    CELLS_MAY_VANISH,
    MAX_UNLABELLED_ROWS,
    PADDED_LAYOUTS,
    RUN_TOGETHER_LAYOUTS,
    CappedDiagnostics,
    EndKind,
    FoundRow,
    LostZeroEvidence,
    Pending,
    RowReading,
    TableReading,
    block_ends,
    may_be_numbers,
    pending_options,
    place_piece,
    printed_label,
    row_check,
    rows_without_labels,
)

_UNKNOWN: CellRole = LabelMatch("header", None, None)  # a text the label index has not seen yet
# Count cells repeat in every row of every report (「0」「1」「12」), and int() of a str is costly, so
# each short one is read once: at most 11 110 texts (the digit strings up to 4 long), no other bound.
MAX_CACHED_COUNT_CHARS = 4
_COUNTS: dict[str, int] = {}


class _Mapper:
    def __init__(self, fmt: FormatSpec, index: LabelIndex, lost_zeros: bool) -> None:
        self.fmt, self.index = fmt, index
        self.table_order = {table.key: place for place, table in enumerate(fmt.tables)}
        self.ocr = LostZeroEvidence(fmt) if lost_zeros else None  # OCR text: what rows show
        self.values: dict[str, Value] = dict.fromkeys(fmt.flat_keys)  # every key, in the format's order
        self.sources = Sources()
        self.diagnostics: list[Diagnostic] = []
        self.seen: dict[str, int] = {}
        self.tables_found: set[str] = set()
        self.readings: list[RowReading] = []  # the rows not placed at once, as read
        self.order: list[str | None] = []  # every row read, in order: its row key (None: no label)
        self.pending: list[Pending] = []
        self.context: str | None = None
        self.headed: str | None = None  # the table the last heading in the prose named
        self.unlabelled: Counter[str] = Counter()  # rows without a label left for recovery, by table
        self.repeated = CappedDiagnostics(self.diagnostics)
        self.found: list[FoundRow] = []  # the block's rows, placed once it is read whole (``_padding``)
        self.ends: tuple[EndKind, EndKind] = (None, None)

    def run(self, layout: Layout) -> TableReading:
        run_together = [block for block in layout.blocks if block.layout in RUN_TOGETHER_LAYOUTS]
        chars = sum(len(text) for block in run_together for row in block.rows for text in row.texts)
        self.splits = SplitBudget(split_steps_for(chars))  # digits are cut in run-together blocks only
        prose, upcoming = layout.prose, 0  # the next prose line
        for block in layout.blocks:
            # Prose between blocks (a section heading naming a table) tells which table follows.
            start, above = (block.first_line, block.first_column), None
            while upcoming < len(prose) and (prose[upcoming].number, prose[upcoming].column) < start:
                line = prose[upcoming]
                if named := table_named(line.text, self.fmt):
                    self.context = self.headed = named
                above = line.text if line.number == block.first_line - 1 else None
                upcoming += 1
            self.found = []
            for row in block.rows:
                self._read_row(row, block)
            below = lines_below(block, prose, upcoming) if self.found and not self.found[-1].match else None
            self.found = labels_joined(self.found, block.rows, self.index, above, below)
            self.ends = block_ends(self.found, self.fmt)
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
            self.splits,
            self.ocr,
        )

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
            if text[-1:].isdigit() and (unglued := unglue_labels(row, self.index)) is not row:
                self._read_row(unglued, block)  # a number glued to a label: a cell of its own
                return
            if match is None:
                if current is not None and not values:
                    # The rest of a label broken over cells or lines (「…确认或重」「新出具」).
                    joined = self.index.remembered_match(f"{label_text}{text}")
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
                if match is None and (wrapped := self.index.wrapped(texts, position)):
                    match, text = wrapped
                if match is None:
                    continue
            if current is not None and values:
                self.found.append(FoundRow(self.context, current, label_text, values, row, True))
            elif unlabelled and may_be_numbers(texts, unlabelled):
                self.found.append(FoundRow(self.context, None, None, unlabelled, row, False))
            current, label_text, values, unlabelled = None, None, [], []
            if match.table and (match.kind == "row" or not self._earlier(match.table)):
                self.context = match.table
                self.tables_found.add(match.table)
            if match.kind == "row":
                current, label_text = match, text
        if current is not None and values:
            self.found.append(FoundRow(self.context, current, label_text, values, row, False))
        elif unlabelled and may_be_numbers(texts, unlabelled):
            self.found.append(FoundRow(self.context, None, None, unlabelled, row, False))

    def _inside(self, text: str) -> LabelMatch | None:
        """A label printed at the end of a longer cell (crawled text runs headings and a row label
        together: 「…现行有效件数 规章」); headings found inside set the table, never an earlier one
        (OCR's 「其他结」 of 表四's 「其他结果」 holds 表三's 「其他」: ``_earlier``)."""
        found = self.index.find(text)
        if not found:
            return None
        for _, match in found:
            if match.table and not self._earlier(match.table):
                self.context = match.table
                self.tables_found.add(match.table)
        return self.index.row_ending(text, found)

    def _earlier(self, table: str) -> bool:
        """Whether ``table`` precedes the one the last heading named: a header of it is a garble."""
        return self.headed is not None and self.table_order[table] < self.table_order[self.headed]

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

    def _place(self, reading: RowReading) -> None:
        self.readings.append(reading)
        spec = reading.spec
        if spec is None:
            self._place_without_label(reading)
            return
        if spec.key in self.seen:
            first = self.seen[spec.key]
            self.repeated.add(
                "map.row-duplicate",
                lambda: f"row {spec.key} appears again; the first one (line {first}) is kept",
                line=reading.row.line,
                key=spec.key,
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
        texts, positions, width = reading.row.texts, reading.positions, len(spec.columns)
        leading, trailing = self.ends
        if len(positions) == width and (
            reading.layout not in PADDED_LAYOUTS
            or (
                (texts[positions[0]] or leading == "column")
                and (texts[positions[-1]] or trailing == "column")
            )
        ):
            # As many cells as columns: read by position, an empty one at an end only where the
            # block shows such cells are columns (see ``block_ends``), not padding beside a lost cell.
            self._place_exactly(spec, reading.row, positions, printed_label(reading))
            return
        if len(positions) < width and reading.layout == "lines" and reading.ended_by_label:
            # A Word export drops an empty last cell together with the blank line after the row: the
            # row's cells are its first ones, and the next row's label follows at once.
            self._place_exactly(spec, reading.row, positions, printed_label(reading))
            self._row_short(spec, reading, len(positions))
            return
        if self.ocr is not None:
            self.ocr.count(spec, reading.row, positions)
            if len(positions) < width:  # read in recovery, once the text shows what its tables print
                self.pending.append(Pending(reading, (), "lost-cell"))
                return
        cells = [(position, texts[position]) for position in positions]
        found, complete = placements(
            cells,
            width,
            padded=reading.layout in PADDED_LAYOUTS,
            split=reading.layout in RUN_TOGETHER_LAYOUTS,
            keep=row_check(self.fmt, spec),
            budget=self.splits,
            lost_too=reading.layout in CELLS_MAY_VANISH,
        )
        if complete and not found and len(positions) > width:
            self._row_long(spec, reading)
            return
        if complete and len(found) == 1 and all(piece is not None and piece.whole for piece in found[0]):
            # Only padding to cut: the cells are placed with certainty.
            cut = tuple(piece.position for piece in found[0] if piece)
            self._place_exactly(spec, reading.row, cut, printed_label(reading))
            return
        reason = (
            "run-together"
            if any(piece is not None and piece.cut for placement in found for piece in placement)
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
            self.pending.append(
                pending_options(reading, reading.candidates, "label-ambiguous", budget=self.splits)
            )
            return
        width = len(reading.positions)
        # A table's row printed without a label (table 四) is found by its table and its width.
        for table, spec in rows_without_labels(self.fmt, reading.table):
            if len(spec.columns) != width:
                continue
            if spec.key in self.seen:
                # A second run of numbers of its width (numbers a PDF's text moved below the
                # heading): which one is the row is a guess, so neither is read.
                self._withdraw_unlabelled(spec, reading)
                return
            self.seen[spec.key] = reading.row.line
            self.tables_found.add(table.key)
            self._place_exactly(spec, reading.row, reading.positions, None)
            return
        if reading.table is not None and self.unlabelled[reading.table] < MAX_UNLABELLED_ROWS:
            self.unlabelled[reading.table] += 1
            self.pending.append(Pending(reading, (), "unlabelled"))
            return
        self.repeated.add(
            "map.unlabelled-row",
            lambda: (
                "a row of numbers without a recognised label was ignored: "
                + " | ".join(reading.row.texts[position] for position in reading.positions)
            ),
            line=reading.row.line,
            key=reading.table,
        )

    def _withdraw_unlabelled(self, spec: RowSpec, reading: RowReading) -> None:
        first, width, line = self.seen[spec.key], len(spec.columns), reading.row.line
        self.repeated.add(
            "map.unlabelled-twice",
            lambda: f"lines {first} and {line} both hold {width} numbers without a label; neither is read",
            line=line,
            key=spec.key,
        )
        self._leave_unread(spec.keys, "", first, "unreadable")

    def _place_exactly(self, spec: RowSpec, row: Row, positions: Sequence[int], label: str | None) -> None:
        """Place cells by position; ``label`` is the row label as printed when matched approximately."""
        if self.ocr is not None:
            self.ocr.count(spec, row, positions)
        texts, raws, cell_lines, columns = row.texts, row.raws, row.cell_lines, row.columns
        values, sources, store = self.values, self.sources, self.sources.plain_store
        plain_counts = label is None and spec.counts_only
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
                    at = columns[position] if columns is not None else None
                    store[key] = (raws[position], cell_lines[position], at)
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
        keys = [key for column in missing for key in (column.key, column.unit_key) if key]
        self._leave_unread(keys, "", reading.row.line, "missing")

    def _row_long(self, spec: RowSpec, reading: RowReading) -> None:
        row, count = reading.row, len(reading.positions)
        shown = " | ".join(row.texts[position] for position in reading.positions)
        message = f"row {spec.key} has {count} cells for {len(spec.columns)} columns: {shown}"
        self.diagnostics.append(diagnostic("map.row-long", message, line=row.line, key=spec.key))
        raw = "\t".join(row.raws[position] for position in reading.positions)
        self._leave_unread(spec.keys, raw, row.line, "unreadable")

    def _leave_unread(self, keys: Sequence[str], raw: str, line: int, state: CellState) -> None:
        for key in keys:
            self.values[key] = None
            self.sources[key] = Cell(raw=raw, line=line, state=state)


def map_tables(
    layout: Layout, fmt: FormatSpec, index: LabelIndex | None = None, *, lost_zeros: bool = False
) -> TableReading:
    """Read every row of every block and place what fits; the rest is left pending. ``lost_zeros``:
    OCR text, whose rows may have lost zeros: what its rows show is counted (``LostZeroEvidence``)."""
    return _Mapper(fmt, index or label_index(fmt), lost_zeros).run(layout)
