"""Recovery: a TableReading with pending rows -> every value the identities prove placed, the rest flagged.

For each table, the pending rows' readings go through the bounded search (``search``); a value is
placed, with state ``recovered``, only when every consistent reading of the table agrees on it and
something proves it: an identity through it that holds, every value known, in every reading; the
report's own prose figures for its row; or a run of digits that cuts one way only. Its source names
that proof (``Cell.proof``). Where the identities leave more than one reading, none, or one that
nothing checks, the values stay None, each with an error naming the row, its raw cells and why.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from typing import NamedTuple

import attrs

from gipreport.diagnostics import Diagnostic, diagnostic
from gipreport.formats import FormatSpec, RowSpec, SumIdentity, TableSpec
from gipreport.formats.identities import Holds, evaluate
from gipreport.model import Cell, Sources, Value
from gipreport.tables import search as _search_module
from gipreport.tables.options import Listed, consistent_options, neighbour_bounds, unnamed_options
from gipreport.tables.placements import Piece
from gipreport.tables.proofs import cut_one_way, identity_proof, prose_proof
from gipreport.tables.reading import (
    CappedDiagnostics,
    Pending,
    RowReading,
    TableReading,
    cell_diagnostics,
    cell_source,
    pending_options,
)
from gipreport.tables.search import (
    LOST,
    Item,
    Option,
    Slot,
    agrees,
    components,
    hashable,
    identities_by_key,
    row_identities,
    search,
    signature,
    table_identities,
)


def recover(
    reading: TableReading, fmt: FormatSpec, evidence: Mapping[str, frozenset[Value]] | None = None
) -> TableReading:
    """Place every pending value that is proven, flag every other one (see the module doc).

    ``evidence`` maps flat keys to the numbers the report's prose states for them; it decides only
    between readings the identities leave.
    """
    if not reading.pending:
        return reading
    state = _Recovery(reading, fmt, evidence or {})
    for table in fmt.tables:
        pending = [p for p in reading.pending if _table_of(p) == table.key]
        if pending:
            state.recover_table(table, pending)
    return attrs.evolve(
        reading,
        values=state.values,
        sources=state.sources,
        seen=state.seen,
        pending=(),
        diagnostics=(*reading.diagnostics, *state.found),
    )


def _table_of(pending: Pending) -> str | None:
    if pending.reading.spec is not None:
        return pending.reading.spec.key.partition(".")[0]
    if pending.options:
        return pending.options[0][0].key.partition(".")[0]
    return pending.reading.table


class _Recovery:
    """The one state recovery works on: the reading's values, sources and rows seen, and what it found."""

    def __init__(
        self, reading: TableReading, fmt: FormatSpec, evidence: Mapping[str, frozenset[Value]]
    ) -> None:
        self.reading = reading
        self.fmt = fmt
        self.evidence = evidence
        self.values: dict[str, Value] = dict(reading.values)
        self.sources = Sources(reading.sources)
        self.seen: dict[str, int] = dict(reading.seen)
        self.found: list[Diagnostic] = []
        self.repeated = CappedDiagnostics(self.found, already=reading.diagnostics)
        self.splits = reading.splits  # what the mapping left of the text's budget for cutting digits

    def recover_table(self, table: TableSpec, pending: list[Pending]) -> None:
        taken = set(self.seen) | {p.reading.spec.key for p in pending if p.reading.spec is not None}
        bounds = neighbour_bounds(table, self.reading)
        items: list[Item] = []
        broken = False  # a row whose own identity no reading satisfies (or not known): nothing is proven
        listed: Listed = {}
        # OCR text's short rows are read here, the whole text counted (``LostZeroEvidence``): missing
        # cells are lost zeros where the table prints its columns; in a row without a label only
        # where the table prints none (表四): as any of several rows its readings swamp the search.
        ocr = self.reading.lost_zeros
        unlabelled_zeros = ocr is not None and ocr.prints_columns() and not any(r.labels for r in table.rows)
        for waiting in pending:
            if waiting.reason in ("unlabelled", "label-ambiguous"):
                waiting, options = unnamed_options(
                    waiting, table, bounds, taken, self.fmt, self.splits, listed, unlabelled_zeros
                )
            else:
                read, spec = waiting.reading, waiting.reading.spec
                if ocr is not None and spec is not None and len(read.positions) < len(spec.columns):
                    zeros = ocr.prints_columns(spec)  # digits never cut: OCR's runs are borders read as 1s
                    waiting = pending_options(read, [spec], "lost-cell", self.fmt, self.splits, zeros, False)
                options = consistent_options(waiting, self.fmt)
            if not options and waiting.reading.spec is None:
                self.ignore(waiting.reading)
                continue
            if options and not any(map(_fills_every_column, options)):
                # Its digits add up only if blank cells vanished with the separators: a report with
                # blanks, or one whose arithmetic fails in this row. Which cannot be told, so the
                # table is not one whose identities prove anything (issue 12). So for a row without
                # a label too: its readings all leave a blank where a total may be.
                broken = True
            if not options or not waiting.complete:
                # Nothing to search: the row's cells fit its columns in no way (or in too many to
                # list), or every way breaks an identity of its own row.
                complete = waiting.complete and (waiting.options or waiting.reason == "inconsistent")
                count = _Count(0) if complete else None
                # A row whose readings could not all be listed may be the one that does not add up:
                # whether the table adds up cannot be told then either.
                broken |= bool(complete) or not waiting.complete
                labelled = waiting.reading.spec
                assert labelled is not None
                self.flag(labelled, Item(waiting, ()), labelled.keys, count)
                continue
            items.append(Item(waiting, tuple(options)))
        if not items:
            return
        if broken:
            # The table's own arithmetic fails in some row (or cannot be known to hold): nothing the
            # identities would prove is recovered. A run its columns take one way only owes nothing
            # to the arithmetic (「0000000」), and is placed.
            for item in items:
                row = item.pending.reading.spec
                cut = (
                    cut_one_way(item, row, self.splits)
                    if row is not None and len(item.options) == 1
                    else None
                )
                if row is None:
                    self.ignore(item.pending.reading, count=_Count(0))
                elif cut is not None:
                    (option,) = item.options
                    proofs = dict.fromkeys(row.keys, cut)
                    self.place(table, row, item, [option], [dict(option.values)], proofs, cut)
                else:
                    self.flag(row, item, row.keys, _Count(0))
            return
        identities = table_identities(self.fmt).get(table.key, ())
        derived = {
            key: tuple(self.fmt.row(part).cells[position] for part in spec.derived_from)
            for spec in table.rows
            if spec.derived_from and spec.key not in self.seen
            for position, key in enumerate(spec.cells)
        }
        for group in components(items, identities, derived, self.values, table):
            self.decide([items[i] for i in group], identities, table, derived)

    def ignore(self, reading: RowReading, count: _Count | None = None) -> None:
        """Say that a row without a label was not placed (up to the cap of repeated diagnostics)."""
        why = "" if count is None else f" ({_readings(count)} consistent readings)"
        self.repeated.add(
            "map.unlabelled-row",
            lambda: (
                "a row of numbers without a recognised label was ignored: "
                + " | ".join(reading.row.texts[position] for position in reading.positions)
                + why
            ),
            line=reading.row.line,
            key=reading.table,
        )

    def decide(
        self,
        items: list[Item],
        identities: Sequence[SumIdentity],
        table: TableSpec,
        derived: Mapping[str, tuple[str, ...]],
    ) -> None:
        """Search one group of pending rows that share identities; place what every reading agrees
        on and something proves (see ``proofs``)."""
        # Prose figures may single out one of the readings (below): then all are counted.
        figures = self.evidence and any(
            key in self.evidence for item in items for option in item.options for key, _ in option.values
        )
        outcome = search(items, identities, self.values, table, derived, stop_early=not figures)
        kept, choices = outcome.readings, outcome.choices
        through = identities_by_key(self.fmt)
        summed_into = {part: key for key, parts in derived.items() for part in parts}  # （六）'s parts

        def rules_through(key: str) -> tuple[SumIdentity, ...]:
            """The identities through ``key``, and through the derived sum it is a part of."""
            return (*through.get(key, ()), *through.get(summed_into.get(key, ""), ()))

        @functools.cache
        def holds(identity: SumIdentity) -> bool:  # in every kept reading (``kept`` is final by then)
            return all(type(evaluate(identity, values)) is Holds for values in kept)

        by_prose = False
        if len(kept) > 1 and self.evidence and not outcome.stopped:
            agreeing = [i for i, values in enumerate(kept) if agrees(values, self.evidence)]
            if len({signature(kept[i]) for i in agreeing}) == 1 and len(agreeing) < len(kept):
                kept, choices, by_prose = [kept[i] for i in agreeing], [choices[i] for i in agreeing], True
        if outcome.exhausted or outcome.stopped:
            # Readings not searched, or more than kept: none can be shown to be the only one.
            kept, choices = [], []
        for item_index, item in enumerate(items):
            taken = [choice[item_index] for choice in choices]
            pending_row = item.pending.reading
            if kept and len({option.spec.key for option in taken}) == 1:
                spec = taken[0].spec
                prose = (prose_proof(spec, kept, self.evidence) if by_prose else None) or cut_one_way(
                    item, spec, self.splits
                )
                # A row whose label was lost, placed between its labelled neighbours: its own total
                # says how its cells fall in it, not which row it is (any row of zeros adds up); only
                # an identity across rows proves that. (A row printed without a label is its table's.)
                lost_label = pending_row.spec is None and bool(spec.labels)
                inside = row_identities(self.fmt).get(spec.key, ()) if lost_label else ()
                proofs = {
                    key: identity_proof(
                        key, [rule for rule in rules_through(key) if rule not in inside], holds, prose
                    )
                    for key in spec.keys
                }
                known = [key for key, _ in taken[0].values if kept[0].get(key) is not LOST]
                if pending_row.spec is not None or all(proofs[key] is not None for key in known):
                    self.place(table, spec, item, taken, kept, proofs, prose)
                    continue
            if pending_row.spec is not None:
                count = None if outcome.exhausted else _Count(outcome.count, outcome.stopped)
                self.flag(pending_row.spec, item, pending_row.spec.keys, count, exhausted=outcome.exhausted)
            elif outcome.exhausted:
                self.repeated.add(
                    "recover.budget",
                    functools.partial(_over_budget, item),
                    line=pending_row.row.line,
                    key=pending_row.table,
                )
            else:
                self.ignore(item.pending.reading, count=_Count(outcome.count, outcome.stopped))

    def place(
        self,
        table: TableSpec,
        spec: RowSpec,
        item: Item,
        taken: list[Option],
        kept: list[dict[str, Slot]],
        proofs: Mapping[str, str | None],
        prose: str | None,
    ) -> None:
        """Place the keys of ``spec`` every consistent reading agrees on and something proves, each
        with its proof; flag the others."""
        row = item.pending.reading.row
        ruled_out = len({id(option) for option in item.options} - {id(option) for option in taken})
        placed: list[str] = []
        uncertain: list[str] = []
        unproven: list[str] = []
        readings = dict(taken[0].readings)
        for column_index, column in enumerate(spec.columns):
            piece = taken[0].placement[column_index]
            reading = readings.get(column.key)
            value = kept[0].get(column.key)
            keys = [key for key in (column.key, column.unit_key) if key]
            # A vanished blank (0 in the sums) and a printed 0 are different readings of the cell.
            seen = {
                (hashable(values.get(column.key)), _vanished(option.placement[column_index]))
                for values, option in zip(kept, taken, strict=True)
            }
            if len(seen) != 1 or value is LOST or piece is None:
                uncertain.extend(keys)
                continue
            if piece.vanished:
                value = None
            proof = proofs.get(column.key)
            if value is not None and proof is None:
                unproven.extend(keys)
                continue
            if value is None:  # blank, n/a or unreadable in every reading: placed with what it says
                source = cell_source(row, piece, reading.state if reading else "unreadable")
            else:
                source = cell_source(
                    row,
                    piece,
                    "recovered",
                    proof=f"{proof}; {ruled_out} other reading(s) of the row's cells ruled out",
                )
                placed.append(column.key)
                if any(_lost(option.placement[column_index]) for option in taken):
                    source = attrs.evolve(source, raw="", proof=f"a 0 the OCR text lost; {source.proof}")
                    self.found.append(
                        diagnostic(
                            "recover.lost-zero",
                            f"{self.fmt.describe(column.key)}: the OCR text lost a number of this row, "
                            "maybe this one; every reading that the identities allow makes it 0 (the "
                            "report may print it blank)",
                            line=row.line,
                            key=column.key,
                        )
                    )
            self.values[column.key] = value  # type: ignore[assignment]
            self.sources[column.key] = source
            if column.unit_key:
                unit = kept[0].get(column.unit_key)
                self.values[column.unit_key] = unit  # type: ignore[assignment]
                self.sources[column.unit_key] = (
                    source if unit is not None else attrs.evolve(source, state="blank")
                )
            if reading is not None:
                self.found.extend(
                    cell_diagnostics(column.key, reading, piece.text, row.line, column.kind, column.unit_key)
                )
        self.seen.setdefault(spec.key, row.line)
        if uncertain:
            self.flag(spec, item, uncertain, _Count(len(kept)))
        if unproven:
            self.flag(spec, item, unproven, _Count(len(kept)), unproven=True)
        if placed:
            if prose is None:
                how = "the only reading its cells allow that satisfies the identities"
            elif prose.startswith("prose figures"):
                how = "the only reading its cells allow that agrees with the numbers its prose states"
            else:
                how = "the only reading its cells allow at all"
            self.found.append(
                diagnostic(
                    "recover.recovered",
                    f"表{table.number} {spec.key}: {len(placed)} value(s) placed from 「{_raw(item)}」, "
                    f"{how}; {ruled_out} other reading(s) ruled out",
                    line=row.line,
                    key=spec.key,
                )
            )

    def flag(
        self,
        spec: RowSpec,
        item: Item,
        keys: Sequence[str],
        count: _Count | None,
        *,
        exhausted: bool = False,
        unproven: bool = False,
    ) -> None:
        """Leave ``keys`` None, each with an error saying why the row's readings do not settle it."""
        reading = item.pending.reading
        raw = _raw(item)
        line = reading.row.line
        code, why = _why(item, count, exhausted=exhausted, unproven=unproven)
        shape = {
            "lost-cell": f"{len(reading.positions)} cells for {len(spec.columns)} columns",
            "run-together": "numbers run together",
            "padding": "empty cells at its ends that may be merged label cells or blank values",
            "label-ambiguous": "a label that stands for several rows",
            "inconsistent": "numbers run together",
        }.get(item.pending.reason, item.pending.reason)
        for key in keys:
            self.values[key] = None
            self.sources[key] = Cell(raw=raw, line=line, state="unreadable")
            self.found.append(
                diagnostic(
                    code,
                    f"{key}: row 「{reading.label or spec.label}」 has {shape} (「{raw}」); {why}",
                    line=line,
                    key=key,
                )
            )


def _fills_every_column(option: Option) -> bool:
    return not any(_vanished(piece) for piece in option.placement)


def _lost(piece: Piece | None) -> bool:
    return piece is not None and piece.lost


def _vanished(piece: Piece | None) -> bool:
    return piece is not None and piece.vanished


def _why(item: Item, count: _Count | None, *, exhausted: bool, unproven: bool) -> tuple[str, str]:
    if unproven:
        return "recover.unproven", (
            "one reading fits, but no identity or prose figure checks the value: where a cell fell is a guess"
        )
    if exhausted:
        bound = _search_module.MAX_SEARCH_NODES
        return "recover.budget", f"the search for the table's readings spent its budget ({bound} states)"
    if not item.pending.complete:
        return "recover.ambiguous", "too many readings to list"
    if count is not None and count.found == 0:
        return "recover.inconsistent", (
            "no reading of the table's damaged rows satisfies its identities (or only one where blank "
            "cells vanished with the separators)"
        )
    if count is None:
        return "recover.ambiguous", "the row's cells do not fit its columns"
    return "recover.ambiguous", f"{_readings(count)} readings satisfy the identities and differ here"


def _over_budget(item: Item) -> str:
    return (
        f"a row of numbers without a label ({_raw(item)}) was not placed: the search for the table's "
        f"reading exceeded its bound ({_search_module.MAX_SEARCH_NODES} states)"
    )


class _Count(NamedTuple):
    """A search's count of readings, and whether it stopped counting there."""

    found: int
    stopped: bool = False


def _readings(count: _Count) -> str:
    """A search's count of readings as said: past MAX_KEPT_READINGS, or where the readings found
    differed on every key, it stopped counting."""
    bound = _search_module.MAX_KEPT_READINGS
    if count.found > bound:
        return f"more than {bound}"
    return f"{count.found} or more" if count.stopped else str(count.found)


def _raw(item: Item) -> str:
    reading = item.pending.reading
    return " | ".join(reading.row.raws[position].strip() for position in reading.positions)
