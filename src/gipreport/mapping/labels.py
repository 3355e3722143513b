"""Labels: every row label, table heading and group label of a format, matchable with typos.

A cell's text is matched exactly first (after dropping spaces, punctuation and list numbering),
then as the end of a longer cell (a group label printed in front), as the start of a label cut short,
with a few typos, and last as a piece of one or more labels (a label truncated at both ends, which
may stand for several rows). How a label was matched is kept, so approximate matches can be reported.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from typing import Literal

import attrs
import regex

from gipreport.formats import FormatSpec, RowSpec
from gipreport.mapping.cells import looks_like_value

_NOT_LABEL_CHARS = regex.compile(r"[^\p{L}\p{N}]+")
_NUMBERING = regex.compile(
    r"\s*(?:[一二三四五六七八九十]{1,3}\s*[、.,]|\(\s*[一二三四五六七八九十\d]{1,3}\s*\)|\d{1,2}\s*[.、,)])\s*"
)
# Only labels this long are matched as the end of a longer cell (a group label printed in front) or
# with typos; shorter ones (规章, 总计) must match exactly.
MIN_SUFFIX_LABEL = 4
MIN_FUZZY_LABEL = 6
# A piece of a label must be this long to stand for it (「行政机关不再处理其政府信息公」).
MIN_PIECE_LABEL = 8
# Cells longer than this are prose or noise, never a label; this also bounds fuzzy matching time.
MAX_LABEL_CHARS = 80
# A label wrapped in a column a few characters wide comes in up to this many cells (「1.申请」「人无正」…).
MAX_LABEL_PIECES = 8
MAX_CACHED_LABELS = 20_000


def label_key(text: str) -> str:
    """Reduce a label to letters and digits, so spacing and punctuation variants compare equal.

    >>> label_key("(三) 不予公开")
    '三不予公开'
    """
    key: str = _NOT_LABEL_CHARS.sub("", text)
    return key


def strip_numbering(text: str) -> str:
    """Remove leading list numbering: 「三、」「(一)」「1.」, repeated as in 「三、(一)」.

    >>> strip_numbering("三、(一)予以公开")
    '予以公开'
    """
    for _ in range(3):
        match = _NUMBERING.match(text)
        if not match:
            break
        text = text[match.end() :]
    return text


LabelKind = Literal["row", "header", "group"]
# exact: the label as printed (spacing, punctuation, numbering aside); suffix: the end of a longer
# cell; prefix: the start of a label cut short; fuzzy: with typos; piece: a part of one or more labels.
MatchHow = Literal["exact", "suffix", "prefix", "fuzzy", "piece"]


@attrs.frozen
class LabelMatch:
    """What a label text stands for: a row (or, for a piece of several labels, candidate rows), a
    table heading or a group label; the table it belongs to (None when several tables print it)."""

    kind: LabelKind
    table: str | None
    row: RowSpec | None
    how: MatchHow = "exact"
    errors: int = 0
    candidates: tuple[RowSpec, ...] = ()

    @property
    def approximate(self) -> bool:
        return self.how in ("fuzzy", "prefix", "piece")


@attrs.frozen
class _Entry:
    key: str
    kind: LabelKind
    table: str | None
    row: RowSpec | None
    fuzzy: regex.Pattern[str] | None


def _fuzzy_errors(length: int) -> int:
    return 1 if length < 12 else 2 if length < 24 else 3


# The role of a cell that holds (or should hold) a number; compared by identity in the hot loop.
VALUE: Literal["value"] = "value"
CellRole = LabelMatch | Literal["value"] | None


class LabelIndex:
    """Every label of a format (rows, table headers, group labels), matchable with typos."""

    def __init__(self, fmt: FormatSpec) -> None:
        entries: list[_Entry] = []

        def add(text: str, kind: LabelKind, table: str | None, row: RowSpec | None) -> None:
            keys = {label_key(text)}
            stripped = label_key(strip_numbering(text))
            if len(stripped) >= MIN_SUFFIX_LABEL:
                keys.add(stripped)
            for key in keys:
                fuzzy = None
                if len(key) >= MIN_FUZZY_LABEL:
                    pattern = f"(?:{regex.escape(key)}){{e<={_fuzzy_errors(len(key))}}}"
                    fuzzy = regex.compile(pattern, regex.BESTMATCH)
                entries.append(_Entry(key, kind, table, row, fuzzy))

        for table in fmt.tables:
            for text in table.header_texts:
                add(text, "header", table.key, None)
            for row in table.rows:
                for text in row.labels:
                    add(text, "row", table.key, row)
            # After the rows: a label that is both (（六）其他处理, printed as one row in older
            # layouts) is read as the row, whose value cells then decide.
            for text in table.group_labels:
                add(text, "group", table.key, None)
        # A header printed in several tables (总计, 其他) says nothing about which table we are in.
        tables_of: dict[str, set[str | None]] = {}
        for entry in entries:
            tables_of.setdefault(entry.key, set()).add(entry.table)
        entries = [
            attrs.evolve(entry, table=None)
            if entry.kind == "header" and len(tables_of[entry.key]) > 1
            else entry
            for entry in entries
        ]
        self._exact = {entry.key: entry for entry in reversed(entries)}
        self._suffix = sorted(
            (e for e in entries if e.kind == "row" and len(e.key) >= MIN_SUFFIX_LABEL),
            key=lambda e: -len(e.key),
        )
        self._fuzzy = [e for e in entries if e.fuzzy is not None]
        # Row labels without their numbering, for labels cut short or cut at both ends.
        self._pieces = [e for e in entries if e.kind == "row" and e.key == label_key(strip_numbering(e.key))]
        self._scan = sorted(entries, key=lambda e: -len(e.key))
        self._alphabet = frozenset("".join(entry.key for entry in entries))
        self._roles: dict[str, CellRole] = {}
        # For the mapper's loop over every cell: a dict lookup, and ``role`` only for a new text.
        self.known_roles = self._roles
        self._found: dict[str, list[tuple[int, LabelMatch]]] = {}

    def role(self, text: str) -> CellRole:
        """What a table cell holds: "value" (a number, or a blank or n/a mark where a number belongs),
        the label it matches, or None (neither). Remembered per text: the same labels and numbers
        recur in every row of every report. Bounded, and short texts only, so that no input can make
        this cache, shared by every parse, hold much."""
        roles = self._roles
        if text in roles:
            return roles[text]
        return self._new_role(text)

    def _new_role(self, text: str) -> CellRole:
        roles = self._roles
        role: CellRole = VALUE if looks_like_value(text) else self.match(text)
        if len(text) <= MAX_LABEL_CHARS:
            if len(roles) >= MAX_CACHED_LABELS:
                roles.clear()
            roles[text] = role
        return role

    def match(self, text: str) -> LabelMatch | None:
        """The label ``text`` stands for, or None. Exact beats suffix beats prefix beats fuzzy beats
        piece."""
        if len(text) > MAX_LABEL_CHARS:
            return None
        keys = (label_key(text), label_key(strip_numbering(text)))
        for key in keys:
            if key in self._exact:
                return _as_match(self._exact[key], "exact")
        key = keys[1]
        if not key:
            return None
        for entry in self._suffix:
            if key.endswith(entry.key):
                return _as_match(entry, "suffix")
        return self._prefix(key) or self._fuzzy_match(key) or self._piece(key)

    def wrapped(self, texts: Sequence[str], end: int) -> tuple[LabelMatch, str] | None:
        """A row label a narrow column wrapped into cells of a few characters (「行政规」「范性文」「件」):
        the longest run of the text cells that name nothing, ending at ``end``, that names a row, and
        the run joined. Only where numbers follow: a group label's pieces are followed by a row's."""
        if end + 1 >= len(texts) or self.role(texts[end + 1]) is not VALUE:
            return None
        start = self.unnamed_from(texts, end + 1)
        if not self.may_name(texts[start : end + 1]):
            return None
        for first in range(start, end):
            joined = "".join(texts[first : end + 1])
            if match := self.row_named(joined):
                return match, joined
        return None

    def may_name(self, pieces: Iterable[str]) -> bool:
        """Whether text joined from ``pieces`` may name a label at all: a label, even misspelt, shares
        characters with one of the format's, so pieces without any (junk, words of another script)
        are passed over at once."""
        alphabet = self._alphabet
        return any(char in alphabet for piece in pieces for char in piece)

    def unnamed_from(self, texts: Sequence[str], stop: int) -> int:
        """Where the run of cells that name nothing (no label, no value) ending before ``stop``
        starts: the pieces of a wrapped label, at most MAX_LABEL_PIECES of them."""
        start = stop
        while start > 0 and stop - start < MAX_LABEL_PIECES and self.role(texts[start - 1]) is None:
            start -= 1
        return start

    def remembered_match(self, text: str) -> LabelMatch | None:
        """``match(text)``, answered from the remembered cell roles where they hold it: the texts tried
        as labels (a label's pieces joined, a label less a number glued to it) repeat in every row of
        junk, and the fuzzy match of each costs a scan of every label."""
        role = self.role(text)
        return role if isinstance(role, LabelMatch) else self.match(text) if role is VALUE else None

    def row_named(self, text: str) -> LabelMatch | None:
        """The row whose label ``text`` is (joined pieces of a label): a row, never a piece of several."""
        match = self.remembered_match(text)
        return match if match is not None and match.kind == "row" and match.how != "piece" else None

    def _prefix(self, key: str) -> LabelMatch | None:
        if len(key) < MIN_PIECE_LABEL:
            return None
        rows = {id(e.row): e for e in self._pieces if e.key.startswith(key)}
        if len(rows) != 1:
            return None
        return _as_match(next(iter(rows.values())), "prefix")

    def _fuzzy_match(self, key: str) -> LabelMatch | None:
        best: tuple[int, _Entry] | None = None
        ambiguous = False
        for entry in self._fuzzy:
            assert entry.fuzzy is not None
            allowed = _fuzzy_errors(len(entry.key))
            if abs(len(key) - len(entry.key)) > allowed:
                continue
            found = entry.fuzzy.fullmatch(key)
            if found is None:
                continue
            errors = sum(found.fuzzy_counts)
            if best is None or errors < best[0]:
                best, ambiguous = (errors, entry), False
            elif errors == best[0] and entry.row is not best[1].row and entry.kind == "row":
                ambiguous = True
        if best is None or ambiguous:
            return None
        return _as_match(best[1], "fuzzy", best[0])

    def _piece(self, key: str) -> LabelMatch | None:
        if len(key) < MIN_PIECE_LABEL:
            return None
        rows: dict[str, _Entry] = {}
        for entry in self._pieces:
            if key in entry.key and entry.row is not None:
                rows.setdefault(entry.row.key, entry)
        if not rows:
            return None
        if len(rows) == 1:
            return _as_match(next(iter(rows.values())), "piece")
        found = list(rows.values())
        tables = {entry.table for entry in found}
        return LabelMatch(
            kind="row",
            table=found[0].table if len(tables) == 1 else None,
            row=None,
            how="piece",
            candidates=tuple(entry.row for entry in found if entry.row is not None),
        )

    def find(self, text: str) -> list[tuple[int, LabelMatch]]:
        """Every label printed inside ``text`` exactly, by position in its label key, longest first
        where two overlap (crawled text runs headings, group labels and a row label together).
        Remembered per short text, like ``role``."""
        found = self._found.get(text)
        if found is None:
            found = self._find(text)
            if len(text) <= MAX_LABEL_CHARS:
                if len(self._found) >= MAX_CACHED_LABELS:
                    self._found.clear()
                self._found[text] = found
        return found

    def _find(self, text: str) -> list[tuple[int, LabelMatch]]:
        key = label_key(text)
        taken = [False] * len(key)
        found: list[tuple[int, LabelMatch]] = []
        for entry in self._scan:
            if len(entry.key) < 2:
                continue
            start = key.find(entry.key)
            while start >= 0:
                end = start + len(entry.key)
                if not any(taken[start:end]):
                    taken[start:end] = [True] * len(entry.key)
                    found.append((start, _as_match(entry, "exact")))
                start = key.find(entry.key, end)
        found.sort(key=lambda item: item[0])
        return found

    def row_ending(self, text: str, found: list[tuple[int, LabelMatch]]) -> LabelMatch | None:
        """The row whose label ends ``text``, as the last of the labels ``find`` found in it (crawled
        text runs headings and a row label together: 「…现行有效件数 规章」); None where the last is no
        row's label to the text's end."""
        last_start, last = found[-1]
        key = label_key(text)
        tail = key[last_start:]
        if last.kind != "row" or last.row is None:
            return None
        if any(tail == label_key(label) for label in last.row.labels):
            return attrs.evolve(last, how="suffix")
        # The first line of a label a narrow column wrapped, after a group label's piece in the same
        # cell (「果 （二）部分公开（区分处理的，」): the cell ends in the start of the row's long label.
        for label in last.row.labels:
            whole = label_key(label)
            for start in range(max(0, last_start - len(whole)), last_start + 1):
                piece = key[start:]
                if len(piece) >= MIN_WRAPPED_START and whole.startswith(piece) and piece != whole:
                    return attrs.evolve(last, how="prefix")
        return None

    @property
    def key_length(self) -> int:
        """The length of the longest label key (a piece of text longer than this holds several)."""
        return max(len(entry.key) for entry in self._scan)


# The shortest start of a long label a cell may end in to name its row (「二部分公开区分处理的」: 10).
MIN_WRAPPED_START = 8


def _as_match(entry: _Entry, how: MatchHow, errors: int = 0) -> LabelMatch:
    return LabelMatch(kind=entry.kind, table=entry.table, row=entry.row, how=how, errors=errors)


@functools.cache
def label_index(fmt: FormatSpec) -> LabelIndex:
    """The label index of a format, built once (compiling its fuzzy patterns costs more than a parse)."""
    return LabelIndex(fmt)


# A prose line this short may be a table's title heading (which tells the mapper which table follows).
MAX_HEADING_CHARS = 60


def table_named(text: str, fmt: FormatSpec) -> str | None:
    """The key of the table a short prose line names as its title heading, typos allowed, or None."""
    titles, title_ends = _titles(fmt)
    if len(text) > MAX_HEADING_CHARS or not any(map(text.__contains__, title_ends)):
        return None
    key = label_key(text)
    for title, table in titles:
        if title in key or (len(key) <= len(title) + 4 and _near(title, key)):
            return table
    return None


@functools.cache
def _titles(fmt: FormatSpec) -> tuple[tuple[tuple[str, str], ...], frozenset[str]]:
    """Each table's title as a label key, with the table's key; and how titles end (「…情况」): a
    heading naming a table ends so, a cheap test before any matching."""
    titles = tuple((label_key(table.title), table.key) for table in fmt.tables)
    return titles, frozenset(title[-2:] for title, _ in titles)


def _near(title: str, key: str) -> bool:
    """A heading that names a table with a typo (「政府信息公开行政法复议、行政诉讼情况」)."""
    return len(title) >= 8 and _typo_pattern(title).fullmatch(key[-len(title) - 2 :]) is not None


@functools.cache
def _typo_pattern(title: str) -> regex.Pattern[str]:
    return regex.compile(f"(?:{regex.escape(title)}){{e<=2}}")
