"""OCR repair: table rows whose cell borders tesseract read as characters among the numbers.

In OCR text a border between two cells comes out as 「|」, 「l」 or a 「1」 glued to the digits, and a 0 as
「o」 (「1  0|10101010  1」 for 1 0 0 0 0 0 1). For a line that ends in such a run after a row label,
every way of taking borders out (each 「|」, and any 「1」) that leaves the row's number of cells and
the row's own identities holding (its total the sum of its parts) is a reading; only where none is,
a 「0」 before a digit is taken for a cell of its own too (no count has a leading zero, so a border
vanished there). Where exactly one reading fits, the line's numbers are rewritten to it, the
original kept as the line's source. Where none does because the run holds too few numbers (OCR drops
lone zeros: 「0 |o lo   0  0 0」 for seven cells), the sequences of fewer numbers its borders may give
that zeros put among them can make hold the row's identities are found; where exactly one is, the
line is rewritten to it, and the tables stage reads the row with its lost cells. A line without a
border sign is tried too where a 「1」 in it may be one and its numbers as read break its row
(「23 0 0 0 0 0 123」). Elsewhere the line stays as read, and the tables' checks flag what it gives.
Used only on text that shows OCR signs (``normalize.shows_ocr``), once its format is known.
"""

from __future__ import annotations

import re

from gipreport.diagnostics import Diagnostic, diagnostic
from gipreport.formats import FormatSpec, RowSpec
from gipreport.formats.identities import Broken, evaluate
from gipreport.mapping.labels import LabelMatch, label_index, table_named
from gipreport.normalize import NormalizedText
from gipreport.tables.digits import SplitBudget, TooManySplitsError
from gipreport.tables.placements import holds_with_lost_zeros
from gipreport.tables.reading import row_check, rows_without_labels

# The numbers at a line's end after its label: digits (0 read as 「o」), borders read as 「|」「l」「I」,
# or as a quote glued to a digit (「1259 ”136」, 「"」 once normalized: a label's closing quote stands
# before spaces).
_NUMBER_AREA = re.compile(r'(?:[\d|oOlI]|"(?=\d))(?:[\d|oOlI ]|"(?=\d))*$')
_AS_READ = str.maketrans({"o": "0", "O": "0", "l": "|", "I": "|", '"': "|"})
# A line worth trying: a border glued to a digit (a quote too), a run of 0s and 1s or a number with a
# leading 0 (no count is printed so).
_BORDER_SIGN = re.compile(r'[\do]\s*[|lI]|[|lI]\s*[\do]|[01]{5,}|(?<![\d.])0\d|"\d')
# The 「1」s one run may lose to borders: each doubles the readings tried.
MAX_BORDER_ONES = 14
# The placings of zeros among a line's sequences of numbers tried in all (a count, never a clock): a
# real line needs a few hundred, 表四's fifteen cells up to some ten thousand; a built one, millions.
MAX_LOST_ZERO_STEPS = 20_000
MAX_NUMBER_DIGITS = 7


def repair_ocr_rows(
    normalized: NormalizedText, fmt: FormatSpec
) -> tuple[NormalizedText, tuple[Diagnostic, ...]]:
    """``normalized`` with each table row whose borders one reading takes out rewritten (see the
    module doc), the same object where no line changed; and an info for each line rewritten, with its
    numbers as OCR read them (a rewritten cell's raw text is its number as read back)."""
    texts = list(normalized.texts)
    found: list[Diagnostic] = []
    unlabelled: RowSpec | None = None  # the row the table last headed prints without a label (表四's)
    for place, text in enumerate(texts):
        if (table := table_named(text, fmt)) is not None:
            unlabelled = next(
                (spec for owner, spec in rows_without_labels(fmt, table) if owner.key == table), None
            )
        # A line without a border sign is tried where a 「1」 may be a border: the repair leaves a row
        # that holds its own total as read (the reading as read is one of its readings).
        signed = "|" in text or _BORDER_SIGN.search(text) is not None
        if not signed and "1" not in text:
            continue
        repaired = _repaired(text, fmt, signed, unlabelled)
        if repaired is not None:
            texts[place], row, area, numbers = repaired
            lost = len(row.cells) - len(numbers)
            how = (
                f"its borders taken out the one way zeros put among it can make add up, {lost} lost"
                if lost
                else "its borders taken out the one way that keeps the row's total"
            )
            read_as = " ".join(map(str, numbers))
            found.append(
                diagnostic(
                    "input.ocr-borders",
                    f"{fmt.describe(row.key)}: 「{area.strip()}」 read as {read_as}, {how}",
                    line=place + 1,
                    key=row.key,
                )
            )
    if not found:
        return normalized, ()
    return NormalizedText(tuple(texts), normalized.originals), tuple(found)


def _repaired(
    text: str, fmt: FormatSpec, signed: bool = True, unlabelled: RowSpec | None = None
) -> tuple[str, RowSpec, str, tuple[int, ...]] | None:
    """The line rewritten, its row, its number area as read and the numbers read back; or None (also
    where the line shows no border sign, ``signed``, and its numbers as read hold the row's rules).
    A line of numbers alone is read as ``unlabelled``, the row its table prints without a label."""
    area = _NUMBER_AREA.search(text)
    if area is None:
        return None
    label = text[: area.start()].strip()
    match = label_index(fmt).role(label) if label else None
    if isinstance(match, LabelMatch) and match.kind == "row" and match.how != "piece":
        row = match.row
    elif not label:
        row = unlabelled
    else:
        return None
    if row is None:
        return None
    check = row_check(fmt, row)
    if check is None or not row.counts_only:
        return None  # nothing to tell the readings apart (表二's rows)
    rules = check.identities
    numbers = area.group().translate(_AS_READ)
    if not signed:
        as_read = numbers.split()
        if not all(number.isdigit() for number in as_read) or (
            len(as_read) == len(row.cells) and check.check(as_read)
        ):
            return None
    for zero_ends_cell in (False, True):
        fitting = {
            reading
            for reading in _readings(numbers, row, zero_ends_cell)
            if not any(
                isinstance(evaluate(rule, dict(zip(row.cells, reading, strict=True))), Broken)
                for rule in rules
            )
        }
        if fitting:
            break
    if len(fitting) == 1:
        numbers_read = fitting.pop()
    elif fitting:
        return None
    else:
        # Too few numbers for the row: OCR dropped lone zeros. Where the borders (each 「1」 one or a
        # digit) give one sequence of numbers that zeros put among them can make hold the row's
        # rules, the line is rewritten to it; the tables stage reads the row with its lost cells.
        budget = SplitBudget(MAX_LOST_ZERO_STEPS)
        try:
            short = {
                reading
                for reading in _readings(numbers, row, True, fewer=True)
                if len(reading) < len(row.cells) and holds_with_lost_zeros(reading, check, budget)
            }
        except TooManySplitsError:
            return None  # too many ways to put zeros among the sequences: the line stays as read
        if len(short) != 1:
            return None
        numbers_read = short.pop()
    # A border inside the label (「三、本| (一) 予以公开」: the group's cell and the row's) is a gap.
    rewritten = f"{text[: area.start()].rstrip().replace('|', '  ')}  " + "  ".join(map(str, numbers_read))
    return rewritten, row, area.group(), numbers_read


def _readings(area: str, row: RowSpec, zero_ends_cell: bool, fewer: bool = False) -> list[tuple[int, ...]]:
    """Every way to read ``area`` as the row's cells: each 「|」 a border, each 「1」 a border or a digit;
    with ``zero_ends_cell``, a 「0」 before a digit a cell of its own (``_number``); with ``fewer``, also
    as fewer numbers than the row has cells (OCR lost some). Walked character by character, a way
    given up as soon as it has a number no count is or more cells than the row."""
    runs = [run for run in re.split(r"[ |]+", area) if run]
    if sum(run.count("1") for run in runs) > MAX_BORDER_ONES:
        return []
    text = "|".join(runs)  # one string; a 「|」 ends a piece whatever the choices
    cells = len(row.cells)
    found: list[tuple[int, ...]] = []

    def walk(at: int, numbers: list[int], piece: str) -> None:
        if len(numbers) > cells:
            return
        if at == len(text):
            numbers = numbers + _number(piece, zero_ends_cell)
            if (len(numbers) == cells or (fewer and 0 < len(numbers) < cells)) and min(
                numbers, default=0
            ) >= 0:
                found.append(tuple(numbers))
            return
        char = text[at]
        if char == "|" or char == "1":  # a 「1」 may be a border too: both ways
            closed = _number(piece, zero_ends_cell)
            if not closed or closed[-1] >= 0:
                walk(at + 1, numbers + closed, "")
            if char == "|":
                return
        longer = piece + char
        if zero_ends_cell:  # its leading 0s will be cells of their own
            no_count = len(longer.lstrip("0")) > MAX_NUMBER_DIGITS
        else:  # no count has a leading 0
            no_count = len(longer) > MAX_NUMBER_DIGITS or (longer[0] == "0" and len(longer) > 1)
        if not no_count:
            walk(at + 1, numbers, longer)

    walk(0, [], "")
    return found


def _number(piece: str, zero_ends_cell: bool) -> list[int]:
    """The numbers a piece between borders is: none for an empty piece; -1 (no reading) for a number
    too long or, unless ``zero_ends_cell``, one with a leading 「0」 (with it, that 「0」 is a cell of its
    own and the rest another)."""
    numbers = []
    while piece.startswith("0") and len(piece) > 1:
        if not zero_ends_cell:
            return [-1]
        numbers.append(0)
        piece = piece[1:]
    if len(piece) > MAX_NUMBER_DIGITS:
        return [-1]
    return [*numbers, int(piece)] if piece else numbers
