"""Where a row's cells may go: every reading of a row whose cells do not fit its columns one to one.

A row may have gained empty cells (merged label cells, trailing TABs), lost cells (a deleted TAB, a
blank cell a converter dropped) or have its cells run together (a crawler dropped the separators:
「8855698」). ``placements`` lists every way the row's cells can fill its columns under those three
kinds of damage; the recovery stage keeps only those under which the tables' identities hold, and a
value is placed only when every kept reading agrees on it.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Sequence

import attrs

# Bounds that keep every row's enumeration small: more lost cells, or more readings, than this and
# the row's values are not guessed (they stay None, flagged).
MAX_LOST_CELLS = 2
MAX_PLACEMENTS = 4096
MAX_PIECE_DIGITS = 12


@attrs.frozen
class Piece:
    """The text placed in one column: a whole cell, or a part of a cell whose numbers ran together."""

    position: int  # the cell's position in the layout row
    text: str
    whole: bool = True


# One reading of a row: for each column, the piece placed there, or None for a lost cell.
Placement = tuple[Piece | None, ...]


def is_empty(text: str) -> bool:
    return not text.strip()


def splittable(text: str) -> bool:
    """A cell that may hold several numbers run together: digits (and single spaces), two or more."""
    stripped = text.strip()
    return len(stripped.replace(" ", "")) >= 2 and stripped.replace(" ", "").isdigit()


def placements(
    cells: Sequence[tuple[int, str]], width: int, *, padded: bool, split: bool = False
) -> tuple[list[Placement], bool]:
    """Every reading of ``cells`` (position, text) as ``width`` columns, and whether the list is
    complete (False when there were more than MAX_PLACEMENTS; then no value may be placed).

    ``padded``: empty cells at either end may be merged label cells or trailing TABs, not values.
    ``split``: a cell may hold several numbers run together (text whose separators were lost, as
    crawlers leave it; a cell between TABs, pipes or markup holds one).
    """
    found: dict[Placement, None] = {}
    leading = trailing = 0
    if padded:
        while leading < len(cells) and is_empty(cells[leading][1]):
            leading += 1
        while trailing < len(cells) - leading and is_empty(cells[-1 - trailing][1]):
            trailing += 1
    for drop_leading in range(leading + 1):
        for drop_trailing in range(trailing + 1):
            kept = cells[drop_leading : len(cells) - drop_trailing]
            for placement in _fillings(kept, width, split):
                found[placement] = None
                if len(found) > MAX_PLACEMENTS:
                    return [], False
    return list(found), True


def _fillings(kept: Sequence[tuple[int, str]], width: int, split: bool) -> Iterator[Placement]:
    count = len(kept)
    if count == width:
        yield tuple(Piece(position, text) for position, text in kept)
        return
    if count > width or count == 0:
        return
    # Fewer cells than columns: some ran together (where separators can vanish and a cell holds a
    # run of digits: then that is the damage), or some were lost.
    if split and any(splittable(text) for _, text in kept):
        yield from _splits(kept, width)
        return
    lost = width - count
    if lost <= MAX_LOST_CELLS:
        for gaps in itertools.combinations(range(width), lost):
            pieces = iter(kept)
            yield tuple(None if column in gaps else Piece(*next(pieces)) for column in range(width))


def _splits(kept: Sequence[tuple[int, str]], width: int) -> Iterator[Placement]:
    """Each cell split into one or more numbers (no leading zero but 「0」 itself), ``width`` in all."""
    most = width - (len(kept) - 1)  # the most pieces one cell may hold
    options: list[list[tuple[Piece, ...]]] = []
    for position, text in kept:
        if not splittable(text):
            options.append([(Piece(position, text),)])
            continue
        groups = text.split()
        options.append(
            [
                tuple(Piece(position, part, whole=count == 1) for part in parts)
                for count in range(len(groups), most + 1)
                for parts in _split_groups(groups, count)
            ]
        )
    yield from _combine(options, width)


def _combine(options: list[list[tuple[Piece, ...]]], width: int) -> Iterator[Placement]:
    def walk(index: int, room: int, chosen: tuple[Piece, ...]) -> Iterator[Placement]:
        if index == len(options):
            if room == 0:
                yield chosen
            return
        left = len(options) - index - 1  # cells still to place, each at least one piece
        for pieces in options[index]:
            if len(pieces) <= room - left:
                yield from walk(index + 1, room - len(pieces), chosen + pieces)

    yield from walk(0, width, ())


def _split_groups(groups: Sequence[str], count: int) -> Iterator[tuple[str, ...]]:
    """``count`` numbers from space-separated digit groups, each group one or more of them."""
    first, rest = groups[0], groups[1:]
    if not rest:
        yield from split_digits(first, count)
        return
    for here in range(1, min(count - len(rest), len(first)) + 1):
        for head in split_digits(first, here):
            for tail in _split_groups(rest, count - here):
                yield (*head, *tail)


def split_digits(digits: str, count: int) -> Iterator[tuple[str, ...]]:
    """Every way to cut a digit string into ``count`` numbers without leading zeros.

    >>> list(split_digits("100", 2))
    [('10', '0')]
    """
    if count == 1:
        if len(digits) <= MAX_PIECE_DIGITS and (digits == "0" or not digits.startswith("0")):
            yield (digits,)
        return
    if digits.startswith("0"):
        for rest in split_digits(digits[1:], count - 1):
            yield ("0", *rest)
        return
    for cut in range(1, min(len(digits) - count + 1, MAX_PIECE_DIGITS) + 1):
        for rest in split_digits(digits[cut:], count - 1):
            yield (digits[:cut], *rest)
