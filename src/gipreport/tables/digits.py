"""Cutting a run of digits whose separators vanished (「8855698」) into a row's numbers.

``split_row`` lists every cut under which the row's sums hold (a total and its parts), blank cells
that vanished with the separators included; ``SplitBudget`` bounds the work, per row and per text, in
steps (never in time). ``placements`` builds a row's readings from these cuts.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

# The longest number a report prints (a cell of more digits is not one number).
MAX_PIECE_DIGITS = 12


def fewest_numbers(run: str, cuts: frozenset[int]) -> int:
    """The fewest numbers a run of digits can be cut into (no leading zeros, none longer than
    MAX_PIECE_DIGITS, cut at every position in ``cuts``): 「0000」 is four, 「1000」 one."""
    next_cut = next_cuts(len(run), cuts)
    fewest = [0] * (len(run) + 1)
    for start in range(len(run) - 1, -1, -1):
        if run[start] == "0":
            fewest[start] = 1 + fewest[start + 1]
            continue
        longest = min(MAX_PIECE_DIGITS, next_cut[start] - start)
        fewest[start] = 1 + min(fewest[start + 1 : start + longest + 1])
    return fewest[0]


def next_cuts(length: int, cuts: frozenset[int]) -> list[int]:
    """For each position of a run of ``length`` digits, the first cut after it (or the run's end)."""
    next_cut = [length] * (length + 1)
    following = length
    for position in range(length, -1, -1):
        next_cut[position] = following
        if position in cuts:
            following = position
    return next_cut


def split_groups(groups: Sequence[str], count: int) -> Iterator[tuple[str, ...]]:
    """``count`` numbers from space-separated digit groups, each group one or more of them."""
    first, rest = groups[0], groups[1:]
    if not rest:
        yield from split_digits(first, count)
        return
    for here in range(1, min(count - len(rest), len(first)) + 1):
        for head in split_digits(first, here):
            for tail in split_groups(rest, count - here):
                yield (*head, *tail)


MAX_SPLIT_STEPS = 100_000
# A text's cutting of run-together digits: a few steps per character of its run-together rows (real
# crawled reports take under half a step per character), at least enough for a short report, at most a
# bound that keeps a huge text's reading short. A text of junk rows spends it and its rows are flagged.
SPLIT_STEPS_PER_CHAR = 3
MIN_SPLIT_STEPS_PER_TEXT = 20_000
MAX_SPLIT_STEPS_PER_TEXT = 400_000


def split_steps_for(table_chars: int) -> int:
    """The steps a text whose run-together rows hold ``table_chars`` characters may spend cutting digits."""
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
    next_cut = next_cuts(len(digits), cuts)
    step = (budget or SplitBudget()).spend
    chosen: list[str] = []

    def pieces(
        position: int, end: int, count: int, total: int, vanish: int
    ) -> list[tuple[tuple[str, ...], int]]:
        """Every cut of digits[position:end] into ``count`` numbers adding up to ``total``, up to
        ``vanish`` of them vanished: (the numbers, how many vanished)."""
        # The cuts of a suffix depend only on where it starts, what is left to cut and to add up:
        # each is worked out once (vanished parts make the same suffix reachable in many ways).
        known: dict[tuple[int, int, int, int], list[tuple[tuple[str, ...], int]]] = {}

        def suffixes(at: int, count: int, need: int, vanish_left: int) -> list[tuple[tuple[str, ...], int]]:
            key = (at, count, need, vanish_left)
            if key in known:
                return known[key]
            step()
            left = end - at
            widest = len(str(need))  # no part is larger than what is left to add up
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
            # The total starts after the parts (each no longer than it, some perhaps vanished) and
            # ends where the columns after it can take the digits left.
            columns_after = width - target - 1
            last_end = len(digits) - max(columns_after - vanish, 0)
            first_end = len(digits) - columns_after * MAX_PIECE_DIGITS
            first_start = max(position + max(count - vanish, 0), first_end - MAX_PIECE_DIGITS)
            for start in range(first_start, last_end):
                # No leading zero, no cut inside the total.
                longest = 1 if digits[start] == "0" else min(MAX_PIECE_DIGITS, next_cut[start] - start)
                for length in range(max(1, first_end - start), min(longest, last_end - start) + 1):
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
