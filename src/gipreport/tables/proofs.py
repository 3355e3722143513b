"""What proves a value the recovery places (its ``Cell.proof``): the identities through it that hold,
every value known, in every reading the search kept; the report's own prose figures that single out
its row's reading; or a run of digits its row's columns take in one way only. Each says so in words,
or is None: nothing checks the value, and it stays unread."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from gipreport.formats import RowSpec, SumIdentity
from gipreport.model import Value
from gipreport.tables.digits import SplitBudget
from gipreport.tables.placements import one_way_only
from gipreport.tables.search import Item, Slot


def identity_proof(
    key: str, through: Sequence[SumIdentity], holds: Callable[[SumIdentity], bool], prose: str | None
) -> str | None:
    """What proves a recovered value: the identities through ``key`` that hold, every value known, in
    every kept reading (the value is then fixed by arithmetic, not by where a cell fell), or the
    prose figures that chose the reading. None: nothing checks it, and it stays unread."""
    held = [f"{identity.name} {identity.scope}" for identity in through if holds(identity)]
    if held:
        return "identities " + "、".join(held) + (f"; {prose}" if prose else "")
    return prose


def cut_one_way(item: Item, spec: RowSpec, budget: SplitBudget | None = None) -> str | None:
    """A run of digits that its row's columns take in one way only, whatever the row's sums and with
    blank cells that vanished counted (「000」 for three columns): its cut owes nothing to position or
    to the arithmetic. 「099」 is no such run: 0 | 99 beside a vanished blank reads as well as 0 | 9 | 9."""
    reading = item.pending.reading
    if item.pending.reason != "run-together" or reading.spec is None or not item.pending.complete:
        return None
    cells = [(position, reading.row.texts[position]) for position in reading.positions]
    if not one_way_only(cells, len(spec.columns), budget):
        return None
    return "the digits cut into the row's numbers one way only, even with a blank cell lost"


def prose_proof(
    spec: RowSpec, kept: Sequence[Mapping[str, Slot]], evidence: Mapping[str, frozenset[Value]]
) -> str | None:
    """The prose figures that single out a row's reading (only those of the row count: a figure of
    another row says nothing of where this row's digits fall)."""
    used = [key for key in spec.keys if key in evidence and kept[0].get(key) in evidence[key]]
    return f"prose figures for {'、'.join(used)}" if used else None
