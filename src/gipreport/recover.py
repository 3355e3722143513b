"""Recovery: TableReading -> TableReading, placing what the mapper left pending, only where proven.

A pending row has several readings: its cells ran together (「8855698」), it lost or gained cells, its
label names several rows, or it has no label at all. Each reading gives the row's columns values (or
leaves a lost cell unknown). A reading is consistent when no identity of its table is broken; a value
is placed, with state ``recovered``, only when every consistent reading of the whole table agrees on
it. Where the identities leave more than one reading, or none, the values stay None and each carries
an error naming the row, its raw cells and how many readings were consistent. Numbers a report states
in its own prose break ties that the identities leave (table 二 has no identities), and are named.

The search is bounded: at most MAX_SEARCH_NODES partial readings per table; beyond it nothing of the
table is recovered (``recover.budget``).
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Iterator, Mapping, Sequence
from decimal import Decimal

import attrs

from gipreport.diagnostics import Diagnostic, diagnostic
from gipreport.formats import FormatSpec, RowSpec, SumIdentity, TableSpec
from gipreport.formats.identities import Broken, Holds, evaluate
from gipreport.mapping.cells import Reading, read_value
from gipreport.mapping.placements import MAX_LOST_CELLS, Placement, can_split
from gipreport.mapping.tables import Pending, TableReading, cell_diagnostics, cell_source, pending_options
from gipreport.model import Cell, Sources, Value

MAX_SEARCH_NODES = 200_000
MAX_KEPT_READINGS = 2_000


class _Lost:
    """A lost cell: its value is unknown until an identity gives it."""

    def __repr__(self) -> str:
        return "LOST"


LOST = _Lost()
Known = int | Decimal | str | None  # a value read from a piece (None: blank, n/a or unreadable)
Slot = Known | _Lost


@attrs.frozen
class Option:
    """One reading of a pending row: the row it is, its cells' placement, the values it gives."""

    spec: RowSpec
    placement: Placement
    values: tuple[tuple[str, Slot], ...]
    readings: tuple[tuple[str, Reading | None], ...]  # the cell reading behind each column key


@attrs.frozen
class _Item:
    pending: Pending
    options: tuple[Option, ...]


@functools.cache
def _row_identities(fmt: FormatSpec) -> dict[str, tuple[SumIdentity, ...]]:
    """The identities lying inside one row (I3, I4), by row key."""
    found: dict[str, list[SumIdentity]] = {}
    for identity in fmt.identities:
        rows = {fmt.row_of(key) for key in identity.keys}
        if len(rows) == 1:
            (row,) = rows
            if row is not None:
                found.setdefault(row.key, []).append(identity)
    return {key: tuple(identities) for key, identities in found.items()}


@functools.cache
def _table_identities(fmt: FormatSpec) -> dict[str, tuple[SumIdentity, ...]]:
    found: dict[str, list[SumIdentity]] = {}
    for identity in fmt.identities:
        tables = {key.partition(".")[0] for key in identity.keys}
        for table in tables:
            found.setdefault(table, []).append(identity)
    return {key: tuple(identities) for key, identities in found.items()}


def holds_where_known(identities: Sequence[SumIdentity], values: Mapping[str, Slot]) -> bool:
    """No identity whose values are all known numbers is broken. A lost cell is unknown: it may have
    held a number or been blank (converters drop empty cells), so an identity through it says nothing."""
    return not any(type(evaluate(identity, values)) is Broken for identity in identities)


def _option(spec: RowSpec, placement: Placement) -> Option:
    values: list[tuple[str, Slot]] = []
    readings: list[tuple[str, Reading | None]] = []
    for column, piece in zip(spec.columns, placement, strict=True):
        if piece is None:
            values.append((column.key, LOST))
            readings.append((column.key, None))
            if column.unit_key:
                values.append((column.unit_key, LOST))
            continue
        reading = read_value(piece.text, column.kind)
        values.append((column.key, reading.value))
        readings.append((column.key, reading))
        if column.unit_key:
            values.append((column.unit_key, reading.unit if reading.state == "value" else None))
    return Option(spec, placement, tuple(values), tuple(readings))


def _consistent_alone(option: Option, fmt: FormatSpec) -> Option | None:
    """The option, or None if it breaks an identity inside its own row (I3, I4)."""
    identities = _row_identities(fmt).get(option.spec.key, ())
    return option if holds_where_known(identities, dict(option.values)) else None


def _candidate_rows(
    pending: Pending, table: TableSpec, reading: TableReading, taken: set[str]
) -> list[RowSpec]:
    """The rows an unlabelled row may be: not found elsewhere, between its labelled neighbours."""
    index = {spec.key: position for position, spec in enumerate(table.rows)}
    low, high = -1, len(table.rows)
    for order, key in enumerate(reading.order):
        if key is None or key not in index:
            continue
        if order < pending.reading.order:
            low = max(low, index[key])
        elif order > pending.reading.order:
            high = min(high, index[key])
    return [
        spec
        for position, spec in enumerate(table.rows)
        if (low < position < high or not spec.labels) and spec.key not in taken and not spec.derived_from
    ]


@attrs.frozen
class _Outcome:
    readings: list[dict[str, Slot]]  # the consistent readings of the table's pending keys
    choices: list[tuple[Option, ...]]  # the option each item took, per consistent reading
    count: int  # consistent readings (may exceed the kept ones)
    exhausted: bool  # the search ran out of budget


def _search(
    items: Sequence[_Item],
    identities: Sequence[SumIdentity],
    fixed: Mapping[str, Value],
    table: TableSpec,
    derived: Mapping[str, tuple[str, ...]],
) -> _Outcome:
    """Every choice of one option per item under which no identity is broken.

    Two items never take the same row, and rows whose label is lost keep the table's print order:
    of two such rows, the one read first is the one printed higher. ``derived`` maps each key of a
    row that is not printed (（六）其他处理) to the keys it is the sum of; it is summed in every reading
    so the identities through it can be checked.
    """
    order = sorted(range(len(items)), key=lambda i: len(items[i].options))
    keys_of_item = [{key for option in item.options for key, _ in option.values} for item in items]
    pending_keys: set[str] = set().union(*keys_of_item) if keys_of_item else set()
    sums = {key: parts for key, parts in derived.items() if pending_keys & set(parts)}
    pending_keys |= set(sums)
    touching = [identity for identity in identities if any(key in pending_keys for key in identity.keys)]
    base: dict[str, Slot] = {key: fixed.get(key) for identity in touching for key in identity.keys}
    base.update((key, fixed.get(key)) for key in pending_keys)
    position = {spec.key: index for index, spec in enumerate(table.rows)}
    # The reading order of each item whose row is not named by its label (None: its label names it).
    unnamed = [item.pending.reading.order if item.pending.reading.spec is None else None for item in items]
    # Each identity is checked once, at the depth where the last item it needs is chosen; those
    # through a derived sum, at the end, when the sum is made.
    item_of_key = {key: i for i, keys in enumerate(keys_of_item) for key in keys}
    depth_of_item = {item: depth for depth, item in enumerate(order)}
    ready_at: list[list[SumIdentity]] = [[] for _ in order]
    at_end: list[SumIdentity] = []
    for identity in touching:
        if any(key in sums for key in identity.keys):
            at_end.append(identity)
            continue
        needed = [depth_of_item[item_of_key[key]] for key in identity.keys if key in item_of_key]
        ready_at[max(needed)].append(identity)
    kept: list[dict[str, Slot]] = []
    choices: list[tuple[Option, ...]] = []
    count = nodes = 0
    exhausted = False

    def in_print_order(item_index: int, option: Option, chosen: tuple[Option, ...]) -> bool:
        read_at = unnamed[item_index]
        if read_at is None:
            return True
        row_at = position[option.spec.key]
        for step, other in enumerate(chosen):
            other_read = unnamed[order[step]]
            if other_read is not None and (other_read < read_at) != (position[other.spec.key] < row_at):
                return False
        return True

    def walk(depth: int, values: dict[str, Slot], chosen: tuple[Option, ...], rows: frozenset[str]) -> None:
        nonlocal count, nodes, exhausted
        nodes += 1
        if exhausted or nodes > MAX_SEARCH_NODES:
            exhausted = True
            return
        if depth == len(order):
            settled = dict(values)
            for key, parts in sums.items():
                numbers = [settled.get(part) for part in parts]
                settled[key] = sum(numbers) if all(type(n) is int for n in numbers) else None  # type: ignore[arg-type]
            if holds_where_known(at_end, settled):
                count += 1
                if len(kept) < MAX_KEPT_READINGS:
                    by_item: list[Option] = [chosen[0]] * len(order)
                    for step, item_index in enumerate(order):
                        by_item[item_index] = chosen[step]
                    kept.append(settled)
                    choices.append(tuple(by_item))
            return
        checks = ready_at[depth]
        for option in items[order[depth]].options:
            if option.spec.key in rows or not in_print_order(order[depth], option, chosen):
                continue
            trial = dict(values)
            trial.update(option.values)
            if holds_where_known(checks, trial):
                walk(depth + 1, trial, (*chosen, option), rows | {option.spec.key})

    walk(0, base, (), frozenset())
    return _Outcome(kept, choices, count, exhausted)


def recover(
    reading: TableReading, fmt: FormatSpec, evidence: Mapping[str, frozenset[Value]] | None = None
) -> TableReading:
    """Place every pending value the identities prove, flag every other one (see the module doc).

    ``evidence`` maps flat keys to the numbers the report's prose states for them; it decides only
    between readings the identities leave.
    """
    if not reading.pending:
        return reading
    values, sources = dict(reading.values), Sources(reading.sources)
    seen = dict(reading.seen)
    found: list[Diagnostic] = []
    for table in fmt.tables:
        pending = [p for p in reading.pending if _table_of(p, fmt) == table.key]
        if pending:
            found.extend(_recover_table(table, pending, reading, fmt, values, sources, seen, evidence or {}))
    return attrs.evolve(
        reading,
        values=values,
        sources=sources,
        seen=seen,
        pending=(),
        diagnostics=(*reading.diagnostics, *found),
    )


def _table_of(pending: Pending, fmt: FormatSpec) -> str | None:
    if pending.reading.spec is not None:
        return pending.reading.spec.key.partition(".")[0]
    if pending.options:
        return pending.options[0][0].key.partition(".")[0]
    return pending.reading.table


def _recover_table(
    table: TableSpec,
    pending: list[Pending],
    reading: TableReading,
    fmt: FormatSpec,
    values: dict[str, Value],
    sources: Sources,
    seen: dict[str, int],
    evidence: Mapping[str, frozenset[Value]],
) -> list[Diagnostic]:
    found: list[Diagnostic] = []
    taken = set(seen) | {p.reading.spec.key for p in pending if p.reading.spec is not None}
    items: list[_Item] = []
    broken = False  # a row whose own identity no reading satisfies: the table does not add up
    for waiting in pending:
        if waiting.reason in ("unlabelled", "label-ambiguous"):
            between = _candidate_rows(waiting, table, reading, taken)
            rows = (
                between
                if waiting.reason == "unlabelled"
                else [spec for spec in waiting.rows if spec in between]
            )
            waiting = (
                pending_options(waiting.reading, rows, waiting.reason, fmt)
                if rows
                else attrs.evolve(waiting, options=())
            )
        options = []
        for spec, placement in waiting.options:
            option = _consistent_alone(_option(spec, placement), fmt)
            if option is not None:
                options.append(option)
        if not options and waiting.reading.spec is None:
            found.extend(_ignored(waiting))
            continue
        if not options or not waiting.complete:
            # Nothing to search: the row's cells fit its columns in no way (or in too many to list),
            # or every way breaks an identity of its own row.
            count = 0 if (waiting.options or waiting.reason == "inconsistent") and waiting.complete else None
            broken |= count == 0
            labelled = waiting.reading.spec
            assert labelled is not None
            found.extend(_flag_keys(labelled, _Item(waiting, ()), labelled.keys, count, values, sources))
            continue
        items.append(_Item(waiting, tuple(options)))
    if not items:
        return found
    if broken:
        # The table's own arithmetic fails in some row: no reading of it is proven, so none is
        # recovered (what a consistent table would let the identities prove, this one cannot).
        for item in items:
            row = item.pending.reading.spec
            if row is None:
                found.extend(_ignored(item, count=0))
            else:
                found.extend(_flag_keys(row, item, row.keys, 0, values, sources))
        return found
    identities = _table_identities(fmt).get(table.key, ())
    derived = {
        key: tuple(fmt.row(part).cells[position] for part in spec.derived_from)
        for spec in table.rows
        if spec.derived_from and spec.key not in seen
        for position, key in enumerate(spec.cells)
    }
    for group in _components(items, identities, derived):
        _decide([items[i] for i in group], identities, values, table, derived, evidence, sources, seen, found)
    return found


def _decide(
    items: list[_Item],
    identities: Sequence[SumIdentity],
    values: dict[str, Value],
    table: TableSpec,
    derived: Mapping[str, tuple[str, ...]],
    evidence: Mapping[str, frozenset[Value]],
    sources: Sources,
    seen: dict[str, int],
    found: list[Diagnostic],
) -> None:
    """Search one group of pending rows that share identities; place what every reading agrees on
    and something proves (see ``_proof``)."""
    outcome = _search(items, identities, values, table, derived)
    kept = outcome.readings
    choices = outcome.choices
    by_prose = False
    if len(kept) > 1 and evidence and outcome.count == len(kept):
        agreeing = [i for i, r in enumerate(kept) if _agrees(r, evidence)]
        if len({_signature(kept[i]) for i in agreeing}) == 1 and len(agreeing) < len(kept):
            kept, choices, by_prose = [kept[i] for i in agreeing], [choices[i] for i in agreeing], True
    if outcome.count > len(outcome.readings):  # more readings than kept: none can be shown to agree
        kept, choices = [], []
    for item_index, item in enumerate(items):
        options_taken = [choice[item_index] for choice in choices]
        chosen_rows = {option.spec.key for option in options_taken}
        pending_row = item.pending.reading
        if len(chosen_rows) == 1 and kept:
            spec = options_taken[0].spec
            prose = (_prose_proof(spec, kept, evidence) if by_prose else None) or _cut_one_way(item, spec)
            proofs = {key: _proof(key, identities, kept, prose) for key in spec.keys}
            if pending_row.spec is not None or all(
                proofs[key] is not None for key, _ in options_taken[0].values if kept[0].get(key) is not LOST
            ):
                ruled_out = len(set(item.options) - set(options_taken))
                placed = _place(spec, item, options_taken, kept, proofs, ruled_out, values, sources, found)
                seen.setdefault(spec.key, pending_row.row.line)
                if placed:
                    found.append(
                        diagnostic(
                            "recover.recovered",
                            f"表{table.number} {spec.key}: {len(placed)} value(s) placed "
                            f"from 「{_raw(item)}」, "
                            f"the only reading its cells allow that {placed_why(prose)}; "
                            f"{ruled_out} other reading(s) of its cells ruled out",
                            line=pending_row.row.line,
                            key=spec.key,
                        )
                    )
                continue
        if pending_row.spec is None:
            if outcome.exhausted:
                found.append(
                    diagnostic(
                        "recover.budget",
                        f"a row of numbers without a label ({_raw(item)}) was not placed: the search for the "
                        f"table's reading exceeded its bound ({MAX_SEARCH_NODES} steps)",
                        line=pending_row.row.line,
                        key=pending_row.table,
                    )
                )
            else:
                found.extend(_ignored(item, count=outcome.count))
            continue
        found.extend(_flag(pending_row.spec, item, outcome, values, sources))


def placed_why(prose: str | None) -> str:
    return (
        "satisfies the identities and agrees with the numbers its prose states"
        if prose
        else "satisfies the identities"
    )


def _proof(
    key: str, identities: Sequence[SumIdentity], kept: Sequence[Mapping[str, Slot]], prose: str | None
) -> str | None:
    """What proves a recovered value: the identities through ``key`` that hold, every value known, in
    every kept reading (the value is then fixed by arithmetic, not by where a cell fell), or the
    prose figures that chose the reading. None: nothing checks it, and it stays unread."""
    held = [
        f"{identity.name} {identity.scope}"
        for identity in identities
        if key in identity.keys and all(type(evaluate(identity, values)) is Holds for values in kept)
    ]
    if held:
        return "identities " + "、".join(held) + (f"; {prose}" if prose else "")
    return prose


def _cut_one_way(item: _Item, spec: RowSpec) -> str | None:
    """A run of digits that cuts into the row's numbers in one way only, even if a cell was lost
    (「000」 for three columns: no cut of it makes two numbers): its cut owes nothing to position.
    「099」 is no such run: 0 | 99 with a cell lost reads as well as 0 | 9 | 9."""
    reading = item.pending.reading
    if item.pending.reason != "run-together" or reading.spec is None:
        return None
    cells = [(position, reading.row.texts[position]) for position in reading.positions]
    width = len(spec.columns)
    if any(can_split(cells, width - lost) for lost in range(1, min(MAX_LOST_CELLS, width - 1) + 1)):
        return None
    return "the digits cut into the row's numbers one way only, even with a cell lost"


def _prose_proof(
    spec: RowSpec, kept: Sequence[Mapping[str, Slot]], evidence: Mapping[str, frozenset[Value]]
) -> str | None:
    """The prose figures that single out a row's reading (only those of the row count: a figure of
    another row says nothing of where this row's digits fall)."""
    used = [key for key in spec.keys if key in evidence and kept[0].get(key) in evidence[key]]
    return f"prose figures for {'、'.join(used)}" if used else None


def _components(
    items: list[_Item], identities: Sequence[SumIdentity], derived: Mapping[str, tuple[str, ...]]
) -> list[list[int]]:
    """Groups of pending rows whose readings constrain each other: they share an identity (directly
    or through a derived row's parts), or they are rows without a label of their own (which take
    different rows, in print order). Each group is searched alone."""
    parent = list(range(len(items)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def join(a: int, b: int) -> None:
        parent[root(a)] = root(b)

    owner: dict[str, int] = {}
    for index, item in enumerate(items):
        for option in item.options:
            for key, _ in option.values:
                if key in owner:
                    join(index, owner[key])
                owner.setdefault(key, index)
    unnamed = [index for index, item in enumerate(items) if item.pending.reading.spec is None]
    for a, b in itertools.pairwise(unnamed):
        join(a, b)
    for identity in identities:
        keys = [part for key in identity.keys for part in derived.get(key, (key,))]
        touched = [owner[key] for key in keys if key in owner]
        for a, b in itertools.pairwise(touched):
            join(a, b)
    groups: dict[int, list[int]] = {}
    for index in range(len(items)):
        groups.setdefault(root(index), []).append(index)
    return list(groups.values())


def _signature(values: Mapping[str, Slot]) -> tuple[tuple[str, object], ...]:
    return tuple(sorted((key, _hashable(value)) for key, value in values.items()))


def _agrees(values: Mapping[str, Slot], evidence: Mapping[str, frozenset[Value]]) -> bool:
    """The reading gives every evidenced key it holds the number the prose states (and holds one)."""
    held = [key for key in evidence if key in values]
    return bool(held) and all(values.get(key) in evidence[key] for key in held)


def _place(
    spec: RowSpec,
    item: _Item,
    taken: list[Option],
    kept: list[dict[str, Slot]],
    proofs: Mapping[str, str | None],
    ruled_out: int,
    values: dict[str, Value],
    sources: Sources,
    found: list[Diagnostic],
) -> list[str]:
    """Place the keys of ``spec`` every consistent reading agrees on and something proves; flag the
    others. Returns the keys placed with a number."""
    row = item.pending.reading.row
    placed: list[str] = []
    uncertain: list[str] = []
    unproven: list[str] = []
    for column_index, column in enumerate(spec.columns):
        piece = taken[0].placement[column_index]
        reading = dict(taken[0].readings).get(column.key)
        value = kept[0].get(column.key)
        if (
            len({_hashable(readings.get(column.key)) for readings in kept}) != 1
            or value is LOST
            or piece is None
        ):
            uncertain.extend(key for key in (column.key, column.unit_key) if key)
            continue
        proof = proofs.get(column.key)
        if value is not None and proof is None:
            unproven.extend(key for key in (column.key, column.unit_key) if key)
            continue
        if value is None:  # blank, n/a or unreadable in every reading: placed with what it says
            state = reading.state if reading else "unreadable"
            source = cell_source(row, piece, state)
        else:
            source = attrs.evolve(
                cell_source(row, piece, "recovered"),
                proof=f"{proof}; {ruled_out} other reading(s) of the row's cells ruled out",
            )
            placed.append(column.key)
        values[column.key] = value  # type: ignore[assignment]
        sources[column.key] = source
        if column.unit_key:
            unit = kept[0].get(column.unit_key)
            values[column.unit_key] = unit  # type: ignore[assignment]
            sources[column.unit_key] = source if unit is not None else attrs.evolve(source, state="blank")
        if reading is not None:
            found.extend(cell_diagnostics(column.key, reading, piece.text, row.line, column.kind))
    if uncertain:
        found.extend(_flag_keys(spec, item, uncertain, len(kept), values, sources))
    if unproven:
        found.extend(_flag_keys(spec, item, unproven, len(kept), values, sources, unproven=True))
    return placed


def _hashable(value: object) -> object:
    return ("lost",) if value is LOST else value


def _raw(item: _Item) -> str:
    reading = item.pending.reading
    return " | ".join(reading.row.raws[position].strip() for position in reading.positions)


def _flag(
    spec: RowSpec, item: _Item, outcome: _Outcome | None, values: dict[str, Value], sources: Sources
) -> list[Diagnostic]:
    keys = list(spec.keys)
    count = None if outcome is None or outcome.exhausted else outcome.count
    return _flag_keys(spec, item, keys, count, values, sources, exhausted=bool(outcome and outcome.exhausted))


def _flag_keys(
    spec: RowSpec,
    item: _Item,
    keys: Sequence[str],
    count: int | None,
    values: dict[str, Value],
    sources: Sources,
    *,
    exhausted: bool = False,
    unproven: bool = False,
) -> list[Diagnostic]:
    reading = item.pending.reading
    raw = _raw(item)
    line = reading.row.line
    if unproven:
        code = "recover.unproven"
        why = (
            "one reading fits, but no identity or prose figure checks the value: where a cell fell is a guess"
        )
    elif exhausted:
        code, why = "recover.budget", f"more readings than the search bound ({MAX_SEARCH_NODES}) allows"
    elif not item.pending.complete:
        code, why = "recover.ambiguous", "too many readings to list"
    elif count == 0:
        code, why = "recover.inconsistent", "no reading of the table's damaged rows satisfies its identities"
    else:
        code = "recover.ambiguous"
        why = (
            f"{count} readings satisfy the identities and differ here"
            if count is not None
            else "the row's cells do not fit its columns"
        )
    shape = {
        "lost-cell": f"{len(reading.positions)} cells for {len(spec.columns)} columns",
        "run-together": "numbers run together",
        "padding": "empty cells at its ends that may be merged label cells or blank values",
        "label-ambiguous": "a label that stands for several rows",
        "inconsistent": "numbers run together",
    }.get(item.pending.reason, item.pending.reason)
    found = []
    for key in keys:
        values[key] = None
        sources[key] = Cell(raw=raw, line=line, state="unreadable")
        found.append(
            diagnostic(
                code,
                f"{key}: row 「{reading.label or spec.label}」 has {shape} (「{raw}」); {why}",
                line=line,
                key=key,
            )
        )
    return found


def _ignored(item: _Item | Pending, count: int | None = None) -> Iterator[Diagnostic]:
    pending = item.pending if isinstance(item, _Item) else item
    reading = pending.reading
    texts = reading.row.texts
    why = "" if count is None else f" ({count} consistent readings)"
    yield diagnostic(
        "map.unlabelled-row",
        "a row of numbers without a recognised label was ignored: "
        + " | ".join(texts[position] for position in reading.positions)
        + why,
        line=reading.row.line,
        key=reading.table,
    )
