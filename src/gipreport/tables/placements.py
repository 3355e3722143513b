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

from gipreport.formats.identities import SumIdentity, could_hold, is_broken
from gipreport.tables.digits import (
    MAX_SPLIT_STEPS,
    SplitBudget,
    TooManySplitsError,
    fewest_numbers,
    split_groups,
    split_row,
)

# Bounds that keep every row's enumeration small: more lost cells, or more readings, than this and
# the row's values are not guessed (they stay None, flagged).
MAX_LOST_CELLS = 2
MAX_PLACEMENTS = 4096


@attrs.frozen
class Piece:
    """The text placed in one column: a whole cell, or a part of a cell whose numbers ran together."""

    position: int  # the cell's position in the layout row
    text: str
    whole: bool = True
    # A 「0」 the text does not show: OCR loses lone zeros (see ``placements``' ``lost_zeros``). Its
    # position is a neighbouring cell's, for the row's line.
    lost: bool = False

    @property
    def cut(self) -> bool:
        """A part of a cell whose numbers ran together (or a blank that vanished with them)."""
        return not self.whole and not self.lost

    @property
    def vanished(self) -> bool:
        """A blank cell that vanished with the separators of a run of digits (its position is the
        run's cell): read as blank, and as 0 in the row's sums, as a report's blank counts."""
        return not self.text and not self.whole


# One reading of a row: for each column, the piece placed there, or None for a lost cell.
Placement = tuple[Piece | None, ...]


def is_empty(text: str) -> bool:
    return not text.strip()


def splittable(text: str) -> bool:
    """A cell that may hold several numbers run together: digits (and single spaces), two or more."""
    stripped = text.strip()
    return len(stripped.replace(" ", "")) >= 2 and stripped.replace(" ", "").isdigit()


@attrs.frozen
class RowRules:
    """The identities inside a row (its total, I3; a review block's total, I4) over the row's column
    keys ``cells``. ``sums[i] = (target, parts)`` says the same by column position, for cutting a
    run of digits: the target column holds the sum of the part columns."""

    cells: tuple[str, ...]
    identities: tuple[SumIdentity, ...]
    sums: tuple[tuple[int, tuple[int, ...]], ...] = attrs.field(init=False)
    # The identities by column position: rows of one shape (and width) read any cells alike.
    shape: tuple[tuple[tuple[int, ...], tuple[int, ...]], ...] = attrs.field(init=False)

    def __attrs_post_init__(self) -> None:
        index = {key: position for position, key in enumerate(self.cells)}
        sums = []
        shape = []
        for identity in self.identities:
            left = tuple(index[key] for key in identity.left)
            right = tuple(index[key] for key in identity.right)
            shape.append((left, right))
            if len(left) == 1:
                sums.append((left[0], right))
            elif len(right) == 1:
                sums.append((right[0], left))
        object.__setattr__(self, "sums", tuple(sums))
        object.__setattr__(self, "shape", tuple(shape))

    def check(self, texts: Sequence[str | None]) -> bool:
        """A reading of the row (one text per column, None for a lost cell) breaks no rule."""
        values = self._values(texts)
        return not any(is_broken(identity, values) for identity in self.identities)

    def may_hold(self, texts: Sequence[str | None]) -> bool:
        """A reading with lost cells (None) can still keep every rule: no side's known cells already
        exceed a side whose cells are all known (a lost count is 0 or more)."""
        values = self._values(texts)
        return all(could_hold(identity, values) for identity in self.identities)

    def _values(self, texts: Sequence[str | None]) -> dict[str, int | None]:
        """The row's values by key: each text a count, None for a lost cell or no count."""
        return {
            key: int(text) if text is not None and text.isdigit() else None
            for key, text in zip(self.cells, texts, strict=True)
        }


RowCheck = RowRules


def placements(
    cells: Sequence[tuple[int, str]],
    width: int,
    *,
    padded: bool,
    split: bool = False,
    keep: RowCheck | None = None,
    budget: SplitBudget | None = None,
    lost_too: bool = False,
    lost_zeros: bool = False,
) -> tuple[list[Placement], bool]:
    """Every reading of ``cells`` (position, text) as ``width`` columns, and whether the list is
    complete (False when there were more than MAX_PLACEMENTS; then no value may be placed).

    ``padded``: empty cells at either end may be merged label cells or trailing TABs, not values.
    ``split``: a cell may hold several numbers run together (text whose separators were lost, as
    crawlers leave it; a cell between TABs, pipes or markup holds one). ``keep`` drops readings of
    split cells that break an identity inside the row, before they are counted. ``lost_too``: where
    cells are split, a cell may also have been lost instead (space-aligned text drops a blank cell,
    and 「33」 beside it is then one number, not 3 and 3). Cutting digits takes
    at most MAX_SPLIT_STEPS steps for the row, and those are also spent from ``budget`` (the text's).
    ``lost_zeros``: a cell missing from the row is a 「0」 the text lost (OCR drops lone zeros), not
    an unknown: any number of cells may be lost, each reading keeps the row's own identities (``keep``),
    and readings that put the same numbers in every column are one (see ``_lost_zero_fillings``).
    """
    steps = SplitBudget(MAX_SPLIT_STEPS, within=budget)
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
            try:
                fillings = (
                    _lost_zero_fillings(kept, width, keep, steps)
                    if lost_zeros
                    else _fillings(kept, width, split, keep, steps, lost_too)
                )
                for placement in fillings:
                    found[placement] = None
                    if len(found) > MAX_PLACEMENTS:
                        return [], False
            except TooManySplitsError:
                return [], False
    return list(found), True


def _fillings(
    kept: Sequence[tuple[int, str]],
    width: int,
    split: bool,
    keep: RowCheck | None,
    budget: SplitBudget,
    lost_too: bool,
) -> Iterator[Placement]:
    count = len(kept)
    if count == width:
        yield tuple(Piece(position, text) for position, text in kept)
        return
    if count > width or count == 0:
        return
    # Fewer cells than columns: some ran together (where separators can vanish and a cell holds a
    # run of digits: then that is the damage), or some were lost.
    if split and any(splittable(text) for _, text in kept):
        yield from _splits(kept, width, keep, budget)
        if not lost_too:
            return
    lost = width - count
    if lost <= MAX_LOST_CELLS:
        for gaps in itertools.combinations(range(width), lost):
            pieces = iter(kept)
            placement = tuple(None if column in gaps else Piece(*next(pieces)) for column in range(width))
            if keep is None or keep.may_hold([piece.text if piece else None for piece in placement]):
                yield placement


def _lost_zero_fillings(
    kept: Sequence[tuple[int, str]], width: int, keep: RowCheck | None, budget: SplitBudget
) -> Iterator[Placement]:
    """The cells in ``width`` columns, each column they leave a lost 「0」, where the row's own
    identities hold. Readings that put the same text in every column are one: a column where they
    differ in whether the 「0」 was seen (and which) holds a lost 「0」 (OCR may have lost either).
    Cells that are no number (a border read as 「，」, a digit as 「工」) are left out, as lost: where
    one held a number other than 0, no reading keeps the row's identities."""
    kept = [(position, text) for position, text in kept if text.strip().isdigit()]
    count = len(kept)
    if count > width or count == 0:
        return
    if all(text.strip() == "0" for _, text in kept):  # zeros only (most rows): one reading, any 0 lost
        if keep is None or keep.check(["0"] * width):
            yield tuple(
                Piece(kept[min(column, count - 1)][0], "0", whole=False, lost=True) for column in range(width)
            )
        return
    # Each reading as the kept cell each column takes (None: a lost 「0」), grouped by the texts it
    # gives; a row of zeros gives the same texts many ways, checked once.
    alike: dict[tuple[str, ...], list[list[int | None]]] = {}
    for texts, taken in _zero_filled(kept, width, keep, budget):
        alike.setdefault(texts, []).append(taken)
    for readings in alike.values():
        yield tuple(_lost_zero_piece(kept, readings, column) for column in range(width))


def _zero_filled(
    kept: Sequence[tuple[int, str]], width: int, keep: RowCheck | None, budget: SplitBudget
) -> Iterator[tuple[tuple[str, ...], list[int | None]]]:
    """Each way to put the kept cells, in order, in ``width`` columns with a lost 「0」 in every other
    one that keeps the row's own identities: the texts it gives, and the kept cell each column takes
    (None: a lost 「0」). Each distinct text is checked once."""
    held: set[tuple[str, ...]] = set()
    broken: set[tuple[str, ...]] = set()
    for filled in itertools.combinations(range(width), len(kept)):
        budget.spend()
        taken: list[int | None] = [None] * width
        for cell, column in enumerate(filled):
            taken[column] = cell
        texts = tuple("0" if cell is None else kept[cell][1] for cell in taken)
        if texts in broken:
            continue
        if texts not in held:
            if keep is not None and not keep.check(texts):
                broken.add(texts)
                continue
            held.add(texts)
        yield texts, taken


def holds_with_lost_zeros(numbers: Sequence[int], check: RowCheck, budget: SplitBudget) -> bool:
    """Whether zeros put among ``numbers`` somewhere (as many as the row lacks) keep its rules: one
    lost-zero reading of the row, found without the rest (the OCR repair asks it of every sequence
    its borders may give, each placing spent from ``budget``: TooManySplitsError past it)."""
    kept = [(at, str(number)) for at, number in enumerate(numbers)]
    width = len(check.cells)
    if not kept or len(kept) > width:
        return False
    return next(_zero_filled(kept, width, check, budget), None) is not None


def _lost_zero_piece(
    kept: Sequence[tuple[int, str]], readings: Sequence[list[int | None]], column: int
) -> Piece:
    """The piece of ``column`` in readings that give it the same text: the kept cell all of them put
    there, else a lost 「0」 at the position of the first reading's next cell (or its last)."""
    cells = {reading[column] for reading in readings}
    if len(cells) == 1 and (cell := cells.pop()) is not None:
        return Piece(*kept[cell])
    following = next((cell for cell in readings[0][column:] if cell is not None), len(kept) - 1)
    return Piece(kept[following][0], "0", whole=False, lost=True)


def _splits(
    kept: Sequence[tuple[int, str]], width: int, keep: RowCheck | None, budget: SplitBudget
) -> Iterator[Placement]:
    """Each cell split into one or more numbers (no leading zero but 「0」 itself), ``width`` in all."""
    if all(text.replace(" ", "").isdigit() for _, text in kept):  # the crawled row: runs of digits
        yield from _split_runs(kept, width, keep, budget)
        return
    most = width - (len(kept) - 1)  # the most pieces one cell may hold
    options: list[list[tuple[str, ...]]] = []
    for _, text in kept:
        if not splittable(text):
            options.append([(text,)])
            continue
        groups = text.split()
        options.append(
            [parts for count in range(len(groups), most + 1) for parts in split_groups(groups, count)]
        )
    positions = [position for position, _ in kept]
    # As in ``_split_runs``: blank cells vanished with the separators, so fewer numbers may fill the
    # row, the other columns blank cells that vanished.
    for filled in range(width, len(kept) - 1, -1):
        for counts, texts in _combine(options, filled):
            pieces: list[Piece] = []
            start = 0
            for position, count in zip(positions, counts, strict=True):
                pieces.extend(
                    Piece(position, part, whole=count == 1) for part in texts[start : start + count]
                )
                start += count
            for gaps in itertools.combinations(range(width), width - filled):
                budget.spend()
                placement = _with_vanished(pieces, gaps, width)
                if keep is None or keep.check([piece.text or "0" for piece in placement]):
                    yield placement


def _with_vanished(pieces: Sequence[Piece], gaps: Sequence[int], width: int) -> tuple[Piece, ...]:
    """``pieces`` in the columns not in ``gaps``; a vanished blank in each gap, in the cell of the
    piece that follows it (or of the last piece)."""
    columns: list[Piece] = []
    following = len(pieces)
    for column in reversed(range(width)):
        if column in gaps:
            columns.append(Piece(pieces[min(following, len(pieces) - 1)].position, "", whole=False))
        else:
            following -= 1
            columns.append(pieces[following])
    return tuple(reversed(columns))


def one_way_only(cells: Sequence[tuple[int, str]], width: int, budget: SplitBudget | None = None) -> bool:
    """The cells' digits fill ``width`` columns in exactly one way whatever the row's sums, blank cells
    that vanished counted (「0000000」 for seven columns; 「7334124941025990」 is cut one way only by
    its total, which is no proof when the table does not add up)."""
    if not all(text.replace(" ", "").isdigit() for _, text in cells):
        return False
    run, cuts, _ = _run(cells)
    vanishing = max(width - fewest_numbers(run, cuts), 0)
    try:
        cuts_found = split_row(run, width, (), cuts, SplitBudget(MAX_SPLIT_STEPS, within=budget), vanishing)
        return len(list(itertools.islice(cuts_found, 2))) == 1
    except TooManySplitsError:
        return False


def can_split(cells: Sequence[tuple[int, str]], width: int) -> bool:
    """Some cut of the cells' digits (their spaces kept as boundaries) makes ``width`` numbers."""
    if not all(text.replace(" ", "").isdigit() for _, text in cells):
        return False
    run, cuts = _run(cells)[:2]
    try:
        return next(split_row(run, width, (), cuts), None) is not None
    except TooManySplitsError:
        return True


def _run(cells: Sequence[tuple[int, str]]) -> tuple[str, frozenset[int], list[int]]:
    """The digits of cells as one run, the positions it must be cut at, and each digit's cell."""
    digits: list[str] = []
    owners: list[int] = []
    cuts: set[int] = set()
    for position, text in cells:
        for group in text.split():
            if digits:
                cuts.add(len(digits))
            digits.extend(group)
            owners.extend([position] * len(group))
    return "".join(digits), frozenset(cuts), owners


def _split_runs(
    kept: Sequence[tuple[int, str]], width: int, keep: RowCheck | None, budget: SplitBudget
) -> Iterator[Placement]:
    """Cells of digits (spaces inside them kept as boundaries) cut into numbers for ``width``
    columns: the digits read as one run that must be cut at every cell edge and every space.

    Where the separators vanished, so did every blank cell: besides the readings that fill all
    columns, the run may fill fewer, the others blank cells that vanished (see ``Piece.vanished``),
    so that a row whose digits also fit with a blank cell is not read as if it had none."""
    run, cuts, owners = _run(kept)
    whole_cells = {position: text.strip() for position, text in kept}
    vanishing = max(width - fewest_numbers(run, cuts), 0)
    for parts in split_row(run, width, keep.sums if keep else (), cuts, budget, vanishing):
        numbers: list[Piece] = []
        gaps: list[int] = []
        start = 0
        for column, part in enumerate(parts):
            if not part:
                gaps.append(column)
                continue
            owner = owners[start]
            numbers.append(Piece(owner, part, whole=whole_cells[owner] == part))
            start += len(part)
        placement = _with_vanished(numbers, gaps, width)
        # The rules were checked by position as the digits were cut; checked once more, whole.
        if not gaps or keep is None or keep.check([piece.text or "0" for piece in placement]):
            yield placement


def _combine(
    options: list[list[tuple[str, ...]]], width: int
) -> Iterator[tuple[tuple[int, ...], tuple[str, ...]]]:
    """Every choice of one split per cell making ``width`` numbers: (numbers per cell, numbers)."""

    def walk(
        index: int, room: int, counts: tuple[int, ...], chosen: tuple[str, ...]
    ) -> Iterator[tuple[tuple[int, ...], tuple[str, ...]]]:
        if index == len(options):
            if room == 0:
                yield counts, chosen
            return
        left = len(options) - index - 1  # cells still to place, each at least one number
        for parts in options[index]:
            if len(parts) <= room - left:
                yield from walk(index + 1, room - len(parts), (*counts, len(parts)), chosen + parts)

    yield from walk(0, width, (), ())
