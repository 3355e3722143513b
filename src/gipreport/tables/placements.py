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

from gipreport.formats.identities import Broken, SumIdentity, evaluate

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

    def __attrs_post_init__(self) -> None:
        index = {key: position for position, key in enumerate(self.cells)}
        sums = []
        for identity in self.identities:
            left = tuple(index[key] for key in identity.left)
            right = tuple(index[key] for key in identity.right)
            if len(left) == 1:
                sums.append((left[0], right))
            elif len(right) == 1:
                sums.append((right[0], left))
        object.__setattr__(self, "sums", tuple(sums))

    def check(self, texts: Sequence[str | None]) -> bool:
        """A reading of the row (one text per column, None for a lost cell) breaks no rule."""
        values = {
            key: int(text) if text is not None and text.isdigit() else None
            for key, text in zip(self.cells, texts, strict=True)
        }
        return not any(type(evaluate(identity, values)) is Broken for identity in self.identities)


RowCheck = RowRules


def placements(
    cells: Sequence[tuple[int, str]],
    width: int,
    *,
    padded: bool,
    split: bool = False,
    keep: RowCheck | None = None,
    budget: SplitBudget | None = None,
) -> tuple[list[Placement], bool]:
    """Every reading of ``cells`` (position, text) as ``width`` columns, and whether the list is
    complete (False when there were more than MAX_PLACEMENTS; then no value may be placed).

    ``padded``: empty cells at either end may be merged label cells or trailing TABs, not values.
    ``split``: a cell may hold several numbers run together (text whose separators were lost, as
    crawlers leave it; a cell between TABs, pipes or markup holds one). ``keep`` drops readings of
    split cells that break an identity inside the row, before they are counted. Cutting digits takes
    at most MAX_SPLIT_STEPS steps for the row, and those are also spent from ``budget`` (the text's).
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
                for placement in _fillings(kept, width, split, keep, steps):
                    found[placement] = None
                    if len(found) > MAX_PLACEMENTS:
                        return [], False
            except TooManySplitsError:
                return [], False
    return list(found), True


def _fillings(
    kept: Sequence[tuple[int, str]], width: int, split: bool, keep: RowCheck | None, budget: SplitBudget
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
        return
    lost = width - count
    if lost <= MAX_LOST_CELLS:
        for gaps in itertools.combinations(range(width), lost):
            pieces = iter(kept)
            yield tuple(None if column in gaps else Piece(*next(pieces)) for column in range(width))


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
            [parts for count in range(len(groups), most + 1) for parts in _split_groups(groups, count)]
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
    vanishing = max(width - _fewest_numbers(run, cuts), 0)
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


def _fewest_numbers(run: str, cuts: frozenset[int]) -> int:
    """The fewest numbers a run of digits can be cut into (no leading zeros, none longer than
    MAX_PIECE_DIGITS, cut at every position in ``cuts``): 「0000」 is four, 「1000」 one."""
    next_cut = _next_cuts(len(run), cuts)
    fewest = [0] * (len(run) + 1)
    for start in range(len(run) - 1, -1, -1):
        if run[start] == "0":
            fewest[start] = 1 + fewest[start + 1]
            continue
        longest = min(MAX_PIECE_DIGITS, next_cut[start] - start)
        fewest[start] = 1 + min(fewest[start + 1 : start + longest + 1])
    return fewest[0]


def _next_cuts(length: int, cuts: frozenset[int]) -> list[int]:
    """For each position of a run of ``length`` digits, the first cut after it (or the run's end)."""
    next_cut = [length] * (length + 1)
    following = length
    for position in range(length, -1, -1):
        next_cut[position] = following
        if position in cuts:
            following = position
    return next_cut


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


MAX_SPLIT_STEPS = 100_000
# A text's cutting of run-together digits: a few steps per character of its tables (real crawled
# reports take under half a step per character), at least enough for a short report, at most a bound
# that keeps a huge text's reading short. A text of junk rows spends it and its rows are flagged.
SPLIT_STEPS_PER_CHAR = 3
MIN_SPLIT_STEPS_PER_TEXT = 20_000
MAX_SPLIT_STEPS_PER_TEXT = 400_000


def split_steps_for(table_chars: int) -> int:
    """The steps a text whose tables hold ``table_chars`` characters may spend cutting digits."""
    return min(MAX_SPLIT_STEPS_PER_TEXT, max(MIN_SPLIT_STEPS_PER_TEXT, SPLIT_STEPS_PER_CHAR * table_chars))


def split_row(
    digits: str,
    width: int,
    sums: Sequence[tuple[int, tuple[int, ...]]] = (),
    cuts: frozenset[int] = frozenset(),
    budget: SplitBudget | None = None,
    vanishing: int = 0,
) -> Iterator[tuple[str, ...]]:
    """Every way to cut a run of digits into ``width`` numbers without leading zeros under which
    each rule ``(target, parts)`` holds (the target column is the sum of the part columns).

    Up to ``vanishing`` columns may take no digits at all: a blank cell that vanished with the
    separators, 「」 in the reading, 0 in the rules. A rule whose parts are the columns just before its
    target (a row total, a review block) is cut target first: for each place and length of the
    total, the digits before it are cut into parts no larger than the total that add up to it, which
    keeps the work small. Other targets whose parts come first are read, not guessed: their digits
    must be the parts' sum. ``cuts`` are positions every reading must cut at (a space or a cell edge
    in the text). Beyond the ``budget`` (MAX_SPLIT_STEPS) it raises TooManySplitsError.

    >>> list(split_row("713000074", 7, [(6, (0, 1, 2, 3, 4, 5))]))
    [('71', '3', '0', '0', '0', '0', '74')]
    >>> total = [(6, (0, 1, 2, 3, 4, 5))]
    >>> ("317", "164", "", "0", "0", "0", "481") in split_row("317164000481", 7, total, vanishing=1)
    True
    """
    blocks: dict[int, int] = {}  # first part column -> target column, for totals right after parts
    forced: dict[int, tuple[int, ...]] = {}  # target column -> part columns (before it)
    for target, parts in sums:
        if parts and parts == tuple(range(target - len(parts), target)):
            blocks.setdefault(parts[0], target)
        elif all(part < target for part in parts):
            forced[target] = parts
    next_cut = _next_cuts(len(digits), cuts)
    step = (budget or SplitBudget()).spend
    chosen: list[str] = []

    def pieces(
        position: int, end: int, count: int, total: int, vanish: int
    ) -> list[tuple[tuple[str, ...], int]]:
        """Every cut of digits[position:end] into ``count`` numbers adding up to ``total``, up to
        ``vanish`` of them vanished: (the numbers, how many vanished)."""
        widest = len(str(total))  # no part is larger than the total
        # The cuts of a suffix depend only on where it starts, what is left to cut and to add up:
        # each is worked out once (vanished parts make the same suffix reachable in many ways).
        known: dict[tuple[int, int, int, int], list[tuple[tuple[str, ...], int]]] = {}

        def suffixes(at: int, count: int, need: int, vanish_left: int) -> list[tuple[tuple[str, ...], int]]:
            key = (at, count, need, vanish_left)
            if key in known:
                return known[key]
            step()
            left = end - at
            found: list[tuple[tuple[str, ...], int]] = []
            if count == 0:
                if left == 0 and need == 0:
                    found.append(((), 0))
            # Cut into pieces, the digits left make less than they would as one number.
            elif not (
                left < count - vanish_left or left > count * widest or (left and int(digits[at:end]) < need)
            ):
                if vanish_left:
                    found.extend(
                        (("", *rest), used + 1)
                        for rest, used in suffixes(at, count - 1, need, vanish_left - 1)
                    )
                longest = 0 if not left else 1 if digits[at] == "0" else min(widest, left, next_cut[at] - at)
                for length in range(1, longest + 1):
                    part = digits[at : at + length]
                    if int(part) > need:
                        break  # longer pieces are larger still
                    found.extend(
                        ((part, *rest), used)
                        for rest, used in suffixes(at + length, count - 1, need - int(part), vanish_left)
                    )
            known[key] = found
            return found

        return suffixes(position, count, total, vanish)

    def walk(column: int, position: int, vanish: int) -> Iterator[None]:
        step()
        left = len(digits) - position
        if column == width:
            if left == 0:
                yield None
            return
        columns_left = width - column
        if left < columns_left - vanish or left > columns_left * MAX_PIECE_DIGITS:
            return
        if column in blocks:
            target = blocks[column]
            count = target - column
            # The total starts after the parts (each no longer than it, some perhaps vanished).
            for start in range(position + max(count - vanish, 0), len(digits)):
                for length in range(1, min(MAX_PIECE_DIGITS, len(digits) - start) + 1):
                    if start + length > next_cut[start] or (length > 1 and digits[start] == "0"):
                        break
                    if start - position > count * length:
                        continue
                    total = digits[start : start + length]
                    for parts, used in pieces(position, start, count, int(total), vanish):
                        chosen.extend((*parts, total))
                        yield from walk(target + 1, start + length, vanish - used)
                        del chosen[-count - 1 :]
            if vanish:  # the total vanished: its parts are 0 (one digit each) or vanished too
                for zeros in range(min(count, left) + 1):
                    if digits[position : position + zeros] != "0" * zeros:
                        break
                    for parts, used in pieces(position, position + zeros, count, 0, vanish - 1):
                        chosen.extend((*parts, ""))
                        yield from walk(target + 1, position + zeros, vanish - 1 - used)
                        del chosen[-count - 1 :]
            return
        if column in forced:
            value = str(sum(int(chosen[part] or 0) for part in forced[column]))
            if digits.startswith(value, position) and position + len(value) <= next_cut[position]:
                chosen.append(value)
                yield from walk(column + 1, position + len(value), vanish)
                chosen.pop()
            if vanish and value == "0":
                chosen.append("")
                yield from walk(column + 1, position, vanish - 1)
                chosen.pop()
            return
        if vanish:
            chosen.append("")
            yield from walk(column + 1, position, vanish - 1)
            chosen.pop()
        if not left:
            return
        longest = 1 if digits[position] == "0" else min(MAX_PIECE_DIGITS, left)
        for length in range(1, min(longest, next_cut[position] - position) + 1):
            chosen.append(digits[position : position + length])
            yield from walk(column + 1, position + length, vanish)
            chosen.pop()

    for _ in walk(0, 0, vanishing):
        yield tuple(chosen)


class SplitBudget:
    """The steps cutting may take: a row's (MAX_SPLIT_STEPS), each also spent from the budget it is
    ``within`` (a text's, MAX_SPLIT_STEPS_PER_TEXT), so that neither one row nor many rows of junk
    can make a text's reading long. Spent, it raises TooManySplitsError."""

    def __init__(self, steps: int = MAX_SPLIT_STEPS, within: SplitBudget | None = None) -> None:
        self.left = steps
        self.within = within

    @property
    def spent(self) -> bool:
        return self.left <= 0 or (self.within is not None and self.within.spent)

    def spend(self) -> None:
        self.left -= 1
        if self.left < 0:
            raise TooManySplitsError
        if self.within is not None:
            self.within.spend()


class TooManySplitsError(Exception):
    """More cutting than MAX_SPLIT_STEPS: the row's readings are not listed (it is not read)."""


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
