"""The bounded search: every choice of one reading per damaged row under which no identity breaks.

A pending row has several readings (``Option``s): its cells ran together (「8855698」), it lost or
gained cells, its label names several rows, or it has no label at all. ``search`` walks one choice
per row, checking each identity as soon as the last row it needs is chosen (identities prune the
walk), and stops after MAX_SEARCH_NODES states (each reading of a row tried is one): a budget counted
in states, never in time. It also stops once more than MAX_KEPT_READINGS readings fit: nothing can be
placed then (no reading can be shown to be the only one), and counting the rest would only make the
message exact. And where CHECK_READINGS readings of several rows fit, it looks for readings that
settle each key the readings found so far agree on otherwise (the first reading that does, the walk
steered off the agreed value); where every key has two values, nothing can be placed, and it stops
there too (a walk in depth order varies its first rows last: a crowded search found them unanimous
until its end). What the readings agree on, and what proves it, is decided in ``recovery``.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Iterator, Mapping, Sequence
from decimal import Decimal

import attrs

from gipreport.formats import FormatSpec, RowSpec, SumIdentity, TableSpec
from gipreport.formats.identities import as_number, could_hold, is_broken
from gipreport.mapping.cells import Reading
from gipreport.model import Value
from gipreport.tables.placements import Placement
from gipreport.tables.reading import Pending

MAX_SEARCH_NODES = 20_000
MAX_KEPT_READINGS = 2_000
# Readings after which the search asks whether any key may still be agreed on, and the states that
# question may spend (the walk's budget is not charged: where it spends these, the walk goes on).
CHECK_READINGS = 64
MAX_COUNTER_NODES = 4_000


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
class Item:
    pending: Pending
    options: tuple[Option, ...]


@functools.cache
def row_identities(fmt: FormatSpec) -> dict[str, tuple[SumIdentity, ...]]:
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
def table_identities(fmt: FormatSpec) -> dict[str, tuple[SumIdentity, ...]]:
    found: dict[str, list[SumIdentity]] = {}
    for identity in fmt.identities:
        tables = {key.partition(".")[0] for key in identity.keys}
        for table in tables:
            found.setdefault(table, []).append(identity)
    return {key: tuple(identities) for key, identities in found.items()}


@functools.cache
def identities_by_key(fmt: FormatSpec) -> dict[str, tuple[SumIdentity, ...]]:
    """The identities through each flat key (a recovered value's proof names those that hold)."""
    found: dict[str, list[SumIdentity]] = {}
    for identity in fmt.identities:
        for key in identity.keys:
            found.setdefault(key, []).append(identity)
    return {key: tuple(identities) for key, identities in found.items()}


def holds_where_known(identities: Sequence[SumIdentity], values: Mapping[str, Slot]) -> bool:
    """No identity whose values are all known numbers is broken. A lost cell is unknown: it may have
    held a number or been blank (converters drop empty cells), so an identity through it says nothing."""
    return not any(is_broken(identity, values) for identity in identities)


@attrs.frozen
class Outcome:
    readings: list[dict[str, Slot]]  # the consistent readings of the table's pending keys
    choices: list[tuple[Option, ...]]  # the option each item took, per consistent reading
    count: int  # consistent readings counted (all of them unless ``stopped``)
    exhausted: bool  # the search ran out of budget
    stopped: bool = False  # it stopped counting: more readings than ``count`` fit, none the only one


def search(
    items: Sequence[Item],
    identities: Sequence[SumIdentity],
    fixed: Mapping[str, Value],
    table: TableSpec,
    derived: Mapping[str, tuple[str, ...]],
    stop_early: bool = True,
) -> Outcome:
    """Every choice of one option per item under which no identity is broken (up to the stops of
    the module doc; ``stop_early``: also where the readings differ on every key).

    Two items never take the same row, and rows whose label is lost keep the table's print order:
    of two such rows, the one read first is the one printed higher. ``derived`` maps each key of a
    row that is not printed (（六）其他处理) to the keys it is the sum of; it is summed in every reading
    so the identities through it can be checked.
    """
    if len(items) > len({option.spec.key for item in items for option in item.options}):
        return Outcome([], [], 0, False)  # each takes a row of its own, and there are not enough
    order = sorted(range(len(items)), key=lambda i: len(items[i].options))
    keys_of_item = [{key for option in item.options for key, _ in option.values} for item in items]
    pending_keys: set[str] = set().union(*keys_of_item) if keys_of_item else set()
    sums = {key: parts for key, parts in derived.items() if pending_keys & set(parts)}
    pending_keys |= set(sums)
    touching = [identity for identity in identities if not pending_keys.isdisjoint(identity.keys)]
    base: dict[str, Slot] = {key: fixed.get(key) for identity in touching for key in identity.keys}
    base.update((key, fixed.get(key)) for key in pending_keys)
    # A derived row's parts that were read are summed with those being chosen.
    base.update((part, fixed.get(part)) for parts in sums.values() for part in parts if part not in base)
    # An identity through a value read as no number (a blank or unreadable row) is assessable in no
    # reading: it prunes nothing, and is not checked.
    touching = [
        identity
        for identity in touching
        if all(key in pending_keys or as_number(fixed.get(key)) is not None for key in identity.keys)
    ]
    position = {spec.key: index for index, spec in enumerate(table.rows)}
    # The reading order of each item whose row is not named by its label (None: its label names it).
    unnamed = [item.pending.reading.order if item.pending.reading.spec is None else None for item in items]
    # Each key is settled at the depth where the last item that may set it is chosen (a row two rows
    # without a label may both be), a derived sum where its last part is; each identity is checked
    # once, at the depth where its last key is settled.
    item_of_key = {key: i for i, keys in enumerate(keys_of_item) for key in keys}
    depth_of_item = {item: depth for depth, item in enumerate(order)}
    settled_at: dict[str, int] = {}
    for item_index, keys in enumerate(keys_of_item):
        for key in keys:
            settled_at[key] = max(settled_at.get(key, 0), depth_of_item[item_index])
    sums_at: list[list[tuple[str, tuple[str, ...]]]] = [[] for _ in order]
    for key, parts in sums.items():
        settled_at[key] = max(settled_at[part] for part in parts if part in settled_at)
        sums_at[settled_at[key]].append((key, parts))
    ready_at: list[list[SumIdentity]] = [[] for _ in order]
    for identity in touching:
        ready_at[max(settled_at[key] for key in identity.keys if key in settled_at)].append(identity)
    bounded_at = _bounds(items, order, touching, fixed, item_of_key, settled_at, set(sums))
    kept: list[dict[str, Slot]] = []
    choices: list[tuple[Option, ...]] = []
    count = nodes = 0
    exhausted = crowded = checked = False

    def row_free(depth: int, row: str, chosen: tuple[Option, ...], rows: frozenset[str]) -> bool:
        """Whether the item at ``depth`` may be ``row``: not taken already, and in print order."""
        if row in rows:
            return False
        read_at = unnamed[order[depth]]
        if read_at is None:
            return True
        row_at = position[row]
        for step, other in enumerate(chosen):
            other_read = unnamed[order[step]]
            if other_read is not None and (other_read < read_at) != (position[other.spec.key] < row_at):
                return False
        return True

    # Each item's options by the row they take, in their order: a row taken already or out of print
    # order is passed over at once, not reading by reading.
    by_row = [_by_row(items[item_index].options) for item_index in order]

    def extend(depth: int, option: Option, values: dict[str, Slot]) -> dict[str, Slot] | None:
        """The values with ``option`` taken at ``depth`` (a row free there); None where it breaks an
        identity settled there (or bounded)."""
        trial = dict(values)
        trial.update(option.values)
        for key, parts in sums_at[depth]:
            numbers = [trial.get(part) for part in parts]
            trial[key] = sum(numbers) if all(type(n) is int for n in numbers) else None  # type: ignore[arg-type]
        if holds_where_known(ready_at[depth], trial) and all(
            could_hold(rule, trial) for rule in bounded_at[depth]
        ):
            return trial
        return None

    def walk(depth: int, values: dict[str, Slot], chosen: tuple[Option, ...], rows: frozenset[str]) -> None:
        nonlocal count, nodes, exhausted, crowded, checked
        if exhausted or crowded:
            return
        if depth == len(order):  # every identity checked on the way: a consistent reading
            count += 1
            if count > MAX_KEPT_READINGS:
                crowded = True  # more readings than can be kept: none is the only one
                return
            by_item: list[Option] = [chosen[0]] * len(order)
            for step, item_index in enumerate(order):
                by_item[item_index] = chosen[step]
            kept.append(values)  # no deeper step changes it: each makes its own
            choices.append(tuple(by_item))
            if count == CHECK_READINGS and stop_early and len(order) > 1 and not checked:
                checked, crowded = True, nothing_agreed()
            return
        for row, options in by_row[depth]:
            # Every option is a state, tried or passed over with its row: a row of a thousand
            # readings costs a thousand, not one.
            if not row_free(depth, row, chosen, rows):
                nodes += len(options)
                if nodes > MAX_SEARCH_NODES:
                    exhausted = True
                    return
                continue
            taken = rows | {row}
            for option in options:
                nodes += 1
                if nodes > MAX_SEARCH_NODES:
                    exhausted = True
                    return
                trial = extend(depth, option, values)
                if trial is not None:
                    walk(depth + 1, trial, (*chosen, option), taken)

    def nothing_agreed() -> bool:
        """Whether readings differ on every key of the items: for each key the readings found agree on,
        one that settles it otherwise (the first found); False where one cannot be found in budget."""
        spent = 0
        agreed_on = {key: hashable(kept[0][key]) for key in item_of_key}
        given = [[dict(option.values) for option in items[item].options] for item in order]

        def other(
            depth: int,
            values: dict[str, Slot],
            chosen: tuple[Option, ...],
            rows: frozenset[str],
            key: str,
            tried: list[list[tuple[Option, dict[str, Slot]]]],
        ) -> dict[str, Slot] | None:
            nonlocal spent
            if depth == len(order):
                return values
            settles = settled_at[key] == depth
            for option, gives in tried[depth]:
                spent += 1
                if spent > MAX_COUNTER_NODES:
                    return None
                if settles and hashable(gives.get(key, LOST)) == agreed_on[key]:
                    continue  # it gives the key the value the readings agree on: no work spent on it
                if not row_free(depth, option.spec.key, chosen, rows):
                    continue
                trial = extend(depth, option, values)
                if trial is None or (settles and hashable(trial[key]) == agreed_on[key]):
                    continue
                found = other(depth + 1, trial, (*chosen, option), rows | {option.spec.key}, key, tried)
                if found is not None or spent > MAX_COUNTER_NODES:
                    return found
            return None

        def giving_another_first(key: str) -> list[list[tuple[Option, dict[str, Slot]]]]:
            """Each depth's options in the order most likely to settle ``key`` otherwise: those that
            give it another value, then those that leave it to the other rows (where no row takes the
            key's, it keeps the value read beside its label), last those that give it the agreed one."""

            def rank(pair: tuple[Option, dict[str, Slot]]) -> int:
                gives = pair[1]
                if key not in gives:
                    return 1
                return 2 if hashable(gives[key]) == agreed_on[key] else 0

            return [
                sorted(zip(items[item].options, gives, strict=True), key=rank)
                for item, gives in zip(order, given, strict=True)
            ]

        agreed = {
            key for key in item_of_key if all(hashable(values[key]) == agreed_on[key] for values in kept)
        }
        while agreed:
            key = min(agreed)
            found = other(0, base, (), frozenset(), key, giving_another_first(key))
            if found is None:
                return False
            agreed = {key for key in agreed if hashable(found[key]) == agreed_on[key]}
        return True

    walk(0, base, (), frozenset())
    return Outcome(kept, choices, count, exhausted, crowded)


def _by_row(options: Sequence[Option]) -> list[tuple[str, list[Option]]]:
    """The options grouped by the row they take, rows in the order of their first option."""
    groups: dict[str, list[Option]] = {}
    for option in options:
        groups.setdefault(option.spec.key, []).append(option)
    return list(groups.items())


def _bounds(
    items: Sequence[Item],
    order: Sequence[int],
    touching: Sequence[SumIdentity],
    fixed: Mapping[str, Value],
    item_of_key: Mapping[str, int],
    settled_at: Mapping[str, int],
    derived: set[str],
) -> list[list[SumIdentity]]:
    """The identities to bound at each depth of the walk, before their last row is chosen: those
    whose every value will be a count (fixed, or given as a count >= 0 by every reading of the row
    that owns it), so that a side already larger than the other can hold in no completion (``could_hold``)
    and the walk turns back there, as the full check would at the end."""
    counts: dict[str, bool] = {}  # a key is a count when every reading of every row that has it says so
    for item in items:
        readings = [dict(option.values) for option in item.options]
        for key in {key for reading in readings for key in reading}:
            counting = all(type(value := reading.get(key)) is int and value >= 0 for reading in readings)
            counts[key] = counts.get(key, True) and counting
    bounded: list[list[SumIdentity]] = [[] for _ in order]
    for identity in touching:
        if any(key in derived for key in identity.keys):
            continue
        if not all(
            key in counts if key in item_of_key else type(fixed.get(key)) is int for key in identity.keys
        ):
            continue
        depths = sorted({settled_at[key] for key in identity.keys if key in item_of_key})
        for depth in depths[:-1]:  # at the last, the identity is checked whole
            bounded[depth].append(identity)
    return bounded


def components(
    items: list[Item],
    identities: Sequence[SumIdentity],
    derived: Mapping[str, tuple[str, ...]],
    fixed: Mapping[str, Value],
    table: TableSpec,
) -> list[list[int]]:
    """Groups of pending rows whose readings constrain each other: they may be the same row, they
    share an identity (directly or through a derived row's parts) that some reading can assess, or
    they are rows without a label of their own whose rows may cross (they take rows in print order).
    Each group is searched alone. An identity through a value read as no number (``fixed``: a blank
    or unreadable row) is assessable in no reading: it neither prunes nor proves, so it ties no rows
    together (OCR text, whose rows lose cells, had every damaged row in one group and thousands of
    readings)."""
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
        for key in {key for option in item.options for key, _ in option.values}:
            if key in owner:
                join(index, owner[key])
            else:
                owner[key] = index
    for a, b in _crossing(items, table):
        join(a, b)
    for identity in identities:
        keys = [part for key in identity.keys for part in derived.get(key, (key,))]
        if not all(key in owner or as_number(fixed.get(key)) is not None for key in keys):
            continue
        touched = [owner[key] for key in keys if key in owner]
        for a, b in itertools.pairwise(touched):
            join(a, b)
    groups: dict[int, list[int]] = {}
    for index in range(len(items)):
        groups.setdefault(root(index), []).append(index)
    return list(groups.values())


MAX_UNNAMED_PAIRS = 64  # rows without a label compared pair by pair; more are all one group


def _crossing(items: Sequence[Item], table: TableSpec) -> Iterator[tuple[int, int]]:
    """Pairs of rows without a label of their own that constrain each other's place: read one after
    the other, they take rows in print order, which binds where the rows the first may be do not all
    come before those the second may be."""
    readings = [item.pending.reading for item in items]
    unnamed = sorted((reading.order, index) for index, reading in enumerate(readings) if reading.spec is None)
    if len(unnamed) > MAX_UNNAMED_PAIRS:
        yield from itertools.pairwise(index for _, index in unnamed)
        return
    position = {spec.key: place for place, spec in enumerate(table.rows)}
    places = {index: [position[option.spec.key] for option in items[index].options] for _, index in unnamed}
    for (_, first), (_, later) in itertools.combinations(unnamed, 2):
        if max(places[first]) >= min(places[later]):
            yield first, later


def signature(values: Mapping[str, Slot]) -> tuple[tuple[str, object], ...]:
    return tuple(sorted((key, hashable(value)) for key, value in values.items()))


def agrees(values: Mapping[str, Slot], evidence: Mapping[str, frozenset[Value]]) -> bool:
    """The reading gives every evidenced key it holds the number the prose states (and holds one)."""
    held = [key for key in evidence if key in values]
    return bool(held) and all(values.get(key) in evidence[key] for key in held)


def hashable(value: object) -> object:
    return ("lost",) if value is LOST else value
