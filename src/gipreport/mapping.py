"""Layer 3, schema mapping: Layout -> Report (values by flat key, their provenance, diagnostics).

Rows are found by their label text, never by position in the number stream; values take their column
from their position within the row. Title, organ, year, date and sections come from the prose lines.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from typing import Literal

import attrs
import regex

from gipreport.diagnostics import Diagnostic, diagnostic
from gipreport.formats import FormatSpec, RowSpec, TableSpec
from gipreport.layout import Layout, Row, is_footer
from gipreport.model import Cell, CellState, Section, Value
from gipreport.normalize import Line, normalize_line, remove_zero_width

# --- Labels --------------------------------------------------------------------------------------

_NOT_LABEL_CHARS = regex.compile(r"[^\p{L}\p{N}]+")
_NUMBERING = regex.compile(
    r"\s*(?:[一二三四五六七八九十]{1,3}\s*[、.,]|\(\s*[一二三四五六七八九十\d]{1,3}\s*\)|\d{1,2}\s*[.、,)])\s*"
)
# Only labels this long are matched as the end of a longer cell (a group label printed in front) or
# with typos; shorter ones (规章, 总计) must match exactly.
MIN_SUFFIX_LABEL = 4
MIN_FUZZY_LABEL = 6
# Cells longer than this are prose or noise, never a label; this also bounds fuzzy matching time.
MAX_LABEL_CHARS = 80
MAX_CACHED_LABELS = 20_000
# Diagnostics that input can repeat without end (a label printed 100 000 times) stop after this many
# per code; such codes never cover a None value, so no value loses its explanation.
MAX_REPEATED_DIAGNOSTICS = 100


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


@attrs.frozen
class LabelMatch:
    kind: LabelKind
    table: str | None
    row: RowSpec | None
    errors: int


@attrs.frozen
class _Entry:
    key: str
    kind: LabelKind
    table: str | None
    row: RowSpec | None
    fuzzy: regex.Pattern[str] | None


def _fuzzy_errors(length: int) -> int:
    return 1 if length < 12 else 2 if length < 24 else 3


CellRole = LabelMatch | Literal["value"] | None


class _RoleCache(dict[str, "CellRole"]):
    """The role of every cell text seen, worked out on first sight. Bounded, and short texts only,
    so that no input can make this cache, shared by every parse, hold much."""

    def __init__(self, index: LabelIndex) -> None:
        super().__init__()
        self._index = index

    def __missing__(self, text: str) -> CellRole:
        role: CellRole = "value" if looks_like_value(text) else self._index.match(text)
        if len(text) <= MAX_LABEL_CHARS:
            if len(self) >= MAX_CACHED_LABELS:
                self.clear()
            self[text] = role
        return role


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
        for text in fmt.group_labels:
            add(text, "group", "applications", None)
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
        self._roles = _RoleCache(self)
        # What a table cell holds: "value" (a number, or a blank or n/a mark where a number belongs),
        # the label it matches, or None (neither). A plain dict lookup once a text has been seen:
        # the same labels and numbers recur in every row of every report.
        self.role: Callable[[str], CellRole] = self._roles.__getitem__

    def match(self, text: str) -> LabelMatch | None:
        """The label ``text`` stands for, or None. Exact beats suffix beats fuzzy."""
        if len(text) > MAX_LABEL_CHARS:
            return None
        return self._match(text)

    def _match(self, text: str) -> LabelMatch | None:
        keys = (label_key(text), label_key(strip_numbering(text)))
        for key in keys:
            if key in self._exact:
                return self._as_match(self._exact[key], 0)
        key = keys[1]
        if not key:
            return None
        for entry in self._suffix:
            if key.endswith(entry.key):
                return self._as_match(entry, 0)
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
        return self._as_match(best[1], best[0])

    @staticmethod
    def _as_match(entry: _Entry, errors: int) -> LabelMatch:
        return LabelMatch(kind=entry.kind, table=entry.table, row=entry.row, errors=errors)


# --- Values --------------------------------------------------------------------------------------

NOT_APPLICABLE = frozenset(
    {"/", "\\", "-", "--", "\u2014", "\u2014\u2014", "\u2013", "\u2015", "无", "不适用"}
)
_NUMBER = r"\+?(?:\d{1,3}(?:,\d{3})+|\d+)"
_COUNT = regex.compile(_NUMBER)
_AMOUNT = regex.compile(rf"{_NUMBER}(?:\.\d+)?")
_WITH_UNIT = regex.compile(rf"(?P<number>{_NUMBER}(?:\.\d+)?)(?P<unit>万元|元|件|条|个|次|项|人)")
_VALUE_LIKE = regex.compile(r"[+\-]?[\d,.]{1,40}(?:万元|元|件|条|个|次|项|人)?")
_VALUE_START = frozenset("+-0123456789,.")
_COUNT_UNITS = frozenset({"件", "条", "个", "次", "项", "人"})
# Longer digit strings are not numbers of a report (and int() of a huge string is slow).
MAX_NUMBER_CHARS = 30


@attrs.frozen
class Reading:
    """What one cell's text means: a value, or None with the state saying why."""

    value: Value
    state: CellState
    unit: str | None = None


def compact(text: str) -> str:
    """Drop every space inside a cell: 「1 234」 and 「 0 」 are written numbers too."""
    if text.isalnum():  # no space inside (most cells and labels): nothing to build
        return text
    return "".join(text.split())


def is_plain_number(text: str) -> bool:
    """ASCII digits only, of a sane length: the common cell, read without any regex."""
    return text.isascii() and text.isdigit() and len(text) <= MAX_NUMBER_CHARS


def looks_like_value(text: str) -> bool:
    """True for cells that hold (or should hold) a number: empty, n/a marks and digit strings."""
    if not text or is_plain_number(text):  # the common cases, without a regex
        return True
    text = compact(text)
    if not text or text in NOT_APPLICABLE:
        return True
    # Labels, the other common cells, fail on their first character, without the regex.
    return text[0] in _VALUE_START and bool(_VALUE_LIKE.fullmatch(text))


def read_value(text: str, kind: Literal["count", "amount"] = "count") -> Reading:
    """Read one cell. Counts are integers >= 0; only the fee ``amount`` (万元) may be a Decimal.

    >>> read_value("1,234")
    Reading(value=1234, state='value', unit=None)
    >>> read_value("/")
    Reading(value=None, state='na', unit=None)
    """
    if is_plain_number(text):
        return Reading(int(text) if kind == "count" else Decimal(text), "value")
    text = compact(text)
    if not text:
        return Reading(None, "blank")
    if text in NOT_APPLICABLE:
        return Reading(None, "na")
    if len(text) > MAX_NUMBER_CHARS:
        return Reading(None, "unreadable")
    unit = None
    with_unit = _WITH_UNIT.fullmatch(text)
    if with_unit:
        text, unit = with_unit["number"], with_unit["unit"]
    digits = text.replace(",", "").lstrip("+")
    if kind == "count":
        if _COUNT.fullmatch(text) and (unit is None or unit in _COUNT_UNITS):
            return Reading(int(digits), "value", unit)
        return Reading(None, "unreadable", unit)
    if _AMOUNT.fullmatch(text) and unit in (None, "万元", "元"):
        amount = Decimal(digits)
        if unit == "元":
            amount = (amount / 10000).normalize() if amount else Decimal(0)
        return Reading(amount, "value", unit)
    return Reading(None, "unreadable", unit)


def trim_to_width(texts: Sequence[str], width: int) -> tuple[int, int, bool]:
    """Cut empty cells from the ends of a row's value cells until ``width`` remain.

    Merged label cells leave empty cells between a label and its numbers, and rows often end in empty
    cells. Returns the kept cells as ``start, stop`` positions in ``texts``, and whether the cut was
    ambiguous (blank value cells at the ends make different cuts give different values); then the
    empty cells next to the label are cut first, the padding that merged label cells leave being far
    more common than a blank first value.

    >>> trim_to_width(["", "1", "2", ""], 2)
    (1, 3, False)
    """
    extra = len(texts) - width
    if extra <= 0:
        return 0, len(texts), False
    written = [bool(text.strip()) for text in texts]
    leading = written.index(True) if True in written else len(texts)
    trailing = written[::-1].index(True) if True in written else len(texts)
    low, high = max(0, extra - trailing), min(extra, leading)
    if low > high:  # not enough empty cells at the ends: too many values
        return 0, len(texts), False
    # Windows for different cuts differ only by where the empty cells fall; compare a few.
    chosen = texts[high : high + width]
    ambiguous = any(
        window != chosen and [*map(compact, window)] != [*map(compact, chosen)]
        for window in (texts[start : start + width] for start in range(low, min(high, low + 64)))
    )
    return high, high + width, ambiguous


# --- Tables --------------------------------------------------------------------------------------


@attrs.frozen
class TableReading:
    """The values of every flat key of a format, their sources, and what went wrong."""

    values: dict[str, Value]
    sources: dict[str, Cell]
    diagnostics: tuple[Diagnostic, ...]
    tables_found: tuple[str, ...]


class _TableMapper:
    def __init__(self, fmt: FormatSpec, index: LabelIndex) -> None:
        self.fmt = fmt
        self.index = index
        self.values: dict[str, Value] = {}
        self.sources: dict[str, Cell] = {}
        self.diagnostics: list[Diagnostic] = []
        self.seen_rows: dict[str, int] = {}
        self.tables_found: set[str] = set()
        self.context: str | None = None
        self.repeats: dict[str, int] = {}

    def run(self, layout: Layout) -> TableReading:
        for block in layout.blocks:
            for row in block.rows:
                self._map_row(row)
        self._finish()
        values: dict[str, Value] = dict.fromkeys(self.fmt.flat_keys)  # every key, in the format's order
        values.update(self.values)
        found = tuple(t.key for t in self.fmt.tables if t.key in self.tables_found)
        return TableReading(values, self.sources, tuple(self.diagnostics), found)

    def _map_row(self, row: Row) -> None:
        # Cells are handled by position in the row: ``values`` collects the positions of the value
        # cells after a row label, ``unlabelled`` those of a row that has no label.
        current: RowSpec | None = None
        values: list[int] = []
        unlabelled: list[int] = []
        for position, match in enumerate(map(self.index.role, row.texts)):
            if match == "value":
                (values if current else unlabelled).append(position)
                continue
            if match is None:
                if current:  # text where a number belongs: read as unreadable, not skipped
                    values.append(position)
                continue
            if current and values:
                self._take_row(current, values, row)
            current, values, unlabelled = None, [], []
            if match.table:
                self.context = match.table
                self.tables_found.add(match.table)
            if match.kind == "row":
                current = match.row
        if current and values:
            self._take_row(current, values, row)
        elif any(compact(row.texts[position]) for position in unlabelled):  # value-like cells only
            self._take_unlabelled(unlabelled, row)

    def _take_unlabelled(self, positions: list[int], row: Row) -> None:
        table = self._table(self.context)
        unlabelled_rows = [spec for spec in table.rows if not spec.labels] if table else []
        if unlabelled_rows:
            self._take_row(unlabelled_rows[0], positions, row)
            return
        self._add_repeated(
            diagnostic(
                "map.unlabelled-row",
                "a row of numbers without a recognised label was ignored: "
                + " | ".join(row.texts[position] for position in positions),
                line=row.line,
                key=self.context,
            )
        )

    def _add_repeated(self, found: Diagnostic) -> None:
        """Add a diagnostic that input can repeat without end, up to MAX_REPEATED_DIAGNOSTICS."""
        self.repeats[found.code] = count = self.repeats.get(found.code, 0) + 1
        if count <= MAX_REPEATED_DIAGNOSTICS:
            self.diagnostics.append(found)
        elif count == MAX_REPEATED_DIAGNOSTICS + 1:
            self.diagnostics.append(
                attrs.evolve(
                    found,
                    message=f"more {found.code} diagnostics were left out after the first "
                    f"{MAX_REPEATED_DIAGNOSTICS}",
                )
            )

    def _table(self, key: str | None) -> TableSpec | None:
        return next((t for t in self.fmt.tables if t.key == key), None)

    def _take_row(self, spec: RowSpec, positions: list[int], row: Row) -> None:
        """Read the cells at ``positions`` of ``row`` as the values of row ``spec``."""
        first, last = positions[0], positions[-1]
        # The value cells of a row are almost always side by side: then a slice gives their texts.
        if last - first + 1 == len(positions):
            texts: Sequence[str] = row.texts[first : last + 1]
        else:
            texts = [row.texts[position] for position in positions]
        if spec.derived_from and not any(compact(text) for text in texts):
            return  # 「(六)其他处理」 over empty cells is the group label of the next rows
        if spec.key in self.seen_rows:
            self._add_repeated(
                diagnostic(
                    "map.row-duplicate",
                    f"row {spec.key} appears again (first at line {self.seen_rows[spec.key]}); ignored",
                    line=row.line,
                    key=spec.key,
                )
            )
            return
        self.seen_rows[spec.key] = row.line
        width = len(spec.cells)
        ambiguous = False
        if len(positions) > width:  # else there is nothing to trim
            start, stop, ambiguous = trim_to_width(texts, width)
            positions, texts = positions[start:stop], texts[start:stop]
        if ambiguous:
            self.diagnostics.append(
                diagnostic(
                    "map.row-ambiguous",
                    f"row {spec.key} has empty cells at both ends and more cells than columns; "
                    "read with the empty cells next to the label taken as merged label cells",
                    line=row.line,
                    key=spec.key,
                )
            )
        if len(positions) > width:
            self.diagnostics.append(
                diagnostic(
                    "map.row-long",
                    f"row {spec.key} has {len(positions)} cells for {width} columns: {' | '.join(texts)}",
                    line=row.line,
                    key=spec.key,
                )
            )
            raw = "\t".join(row.raws[position] for position in positions)
            for key in spec.cells:
                self._set(key, None, Cell(raw=raw, line=row.line, state="unreadable"))
            return
        if len(positions) < width:
            self.diagnostics.append(
                diagnostic(
                    "map.row-short",
                    f"row {spec.key} has {len(positions)} cells for {width} columns; "
                    f"{', '.join(spec.column_labels[len(positions) :])} read as missing",
                    line=row.line,
                    key=spec.key,
                )
            )
        counts, values, sources = spec.kind == "count", self.values, self.sources
        raws, cell_lines = row.raws, row.cell_lines
        for key, position, text in zip(spec.cells, positions, texts, strict=False):
            if counts and is_plain_number(text):  # most cells: nothing to report, so read here, at once
                lines = cell_lines[position]
                values[key] = int(text)
                sources[key] = Cell(raws[position], lines[0], "value", lines)
            else:
                self._read_cell(key, row, position, spec)
        if len(positions) < width:
            for key in spec.cells[len(positions) :]:
                self._set(key, None, Cell(raw="", line=row.line, state="missing"))

    def _read_cell(self, key: str, row: Row, position: int, spec: RowSpec) -> None:
        text, raw, lines = row.texts[position], row.raws[position], row.cell_lines[position]
        line = lines[0]
        reading = read_value(text, spec.kind)
        self._set(key, reading.value, Cell(raw, line, reading.state, lines))
        shown = text or "(empty)"
        if reading.state == "blank":
            self.diagnostics.append(diagnostic("map.cell-blank", f"{key} is empty", line=line, key=key))
        elif reading.state == "na":
            self.diagnostics.append(
                diagnostic("map.cell-not-applicable", f"{key} is 「{shown}」", line=line, key=key)
            )
        elif reading.state == "unreadable":
            self.diagnostics.append(
                diagnostic(
                    "map.cell-unreadable",
                    f"{key}: 「{shown}」 is not a {'count' if spec.kind == 'count' else 'amount'}",
                    line=line,
                    key=key,
                )
            )
        if reading.unit and reading.state == "value":
            self.diagnostics.append(
                diagnostic(
                    "map.cell-unit",
                    f"{key}: 「{shown}」 read as {reading.value} (unit {reading.unit} removed)",
                    line=line,
                    key=key,
                )
            )

    def _set(self, key: str, value: Value, source: Cell) -> None:
        self.values[key] = value
        self.sources[key] = source

    def _finish(self) -> None:
        for table in self.fmt.tables:
            if table.key not in self.tables_found:
                self.diagnostics.append(
                    diagnostic(
                        "map.table-missing",
                        f"table {table.number} ({table.title}) was not found",
                        key=table.key,
                    )
                )
                for row in table.rows:
                    self._mark_missing(row)
                continue
            for row in table.rows:
                if row.key not in self.seen_rows:
                    self._finish_missing_row(row)

    def _finish_missing_row(self, row: RowSpec) -> None:
        if row.derived_from:
            if all(part in self.seen_rows for part in row.derived_from):
                self._derive(row)
                return
        else:
            owners = [spec for spec in self.fmt.rows if row.key in spec.derived_from]
            if owners and owners[0].key in self.seen_rows:
                self.diagnostics.append(
                    diagnostic(
                        "map.row-not-in-layout",
                        f"row {row.key} is not printed: the report uses the older single row {owners[0].key}",
                        line=self.seen_rows[owners[0].key],
                        key=row.key,
                    )
                )
                if row.key == owners[0].derived_from[0]:
                    self.diagnostics.append(
                        diagnostic(
                            "map.old-other-processing",
                            "（六）其他处理 is printed as one row (out-of-date layout)",
                            line=self.seen_rows[owners[0].key],
                            key=owners[0].key,
                        )
                    )
                self._mark_missing(row)
                return
        self.diagnostics.append(diagnostic("map.row-missing", f"row {row.key} was not found", key=row.key))
        self._mark_missing(row)

    def _mark_missing(self, row: RowSpec) -> None:
        for key in row.cells:
            self._set(key, None, Cell(raw="", line=None, state="missing"))

    def _derive(self, row: RowSpec) -> None:
        for position, key in enumerate(row.cells):
            parts = [self.values.get(self.fmt.row(part).cells[position]) for part in row.derived_from]
            if any(part is None for part in parts):
                self._set(key, None, Cell(raw="", line=None, state="derived"))
                self.diagnostics.append(
                    diagnostic("map.derived-incomplete", f"{key} cannot be derived: a part is None", key=key)
                )
            else:
                self._set(
                    key, sum(p for p in parts if p is not None), Cell(raw="", line=None, state="derived")
                )


def map_tables(layout: Layout, fmt: FormatSpec, index: LabelIndex | None = None) -> TableReading:
    """Map the rows of every block to the format's flat keys."""
    return _TableMapper(fmt, index or LabelIndex(fmt)).run(layout)


# --- Metadata and sections -----------------------------------------------------------------------

_TITLE = regex.compile(r"政府信息公开.{0,8}报告")
_YEAR_DIGITS = r"(?:19|20)\d{2}"
_CHINESE_DIGITS = {c: str(i) for i, c in enumerate("〇一二三四五六七八九")} | {"零": "0"}
_YEAR = regex.compile(rf"(?P<year>{_YEAR_DIGITS}|[〇零一二三四五六七八九]{{4}})\s*年")
_REPORT_PHRASE = regex.compile(r"(?:年度)?政府信息公开(?:工作)?(?:年度)?(?:工作)?(?:年度)?报告")
_YEAR_EXPRESSION = regex.compile(rf"\(?(?:{_YEAR_DIGITS}|[〇零一二三四五六七八九]{{4}})年度?\)?")
_DATE = regex.compile(r"(?P<y>\d{4})年(?P<m>\d{1,2})月(?P<d>\d{1,2})日")
_CHINESE_DATE = regex.compile(
    r"(?P<y>[〇零一二三四五六七八九]{4})年(?P<m>[一二三四五六七八九十]{1,2})月(?P<d>[一二三四五六七八九十]{1,3})日"
)


def chinese_number(text: str) -> int:
    """1-31 written in Chinese numerals: 「九」 9, 「十」 10, 「十五」 15, 「二十」 20, 「三十一」 31.

    >>> chinese_number("二十一")
    21
    """
    tens, _, units = text.rpartition("十")
    if "十" not in text:
        return int(_CHINESE_DIGITS[text])
    return int(_CHINESE_DIGITS.get(tens, "1")) * 10 + (int(_CHINESE_DIGITS[units]) if units else 0)


def read_date(text: str) -> datetime.date | None:
    """A signing date line: 「2024年1月16日」 or 「二〇二四年一月十六日」; None if not a valid date."""
    if "日" not in text:  # every date ends so; most lines are not dates
        return None
    flat = compact(text)
    try:
        if found := _DATE.fullmatch(flat):
            return datetime.date(int(found["y"]), int(found["m"]), int(found["d"]))
        if found := _CHINESE_DATE.fullmatch(flat):
            year = int("".join(_CHINESE_DIGITS[c] for c in found["y"]))
            return datetime.date(year, chinese_number(found["m"]), chinese_number(found["d"]))
    except (ValueError, KeyError):
        return None
    return None


# How far from the start a title, and from the end a date, is looked for (non-blank prose lines).
TITLE_SEARCH_LINES = 15
DATE_SEARCH_LINES = 12
MAX_TITLE_CHARS = 80
# A title may be broken over up to this many short lines (「…2023年政府信息公开」「工作年度报告」).
MAX_TITLE_LINES = 3
MAX_TITLE_LINE_CHARS = 40


@attrs.frozen
class Metadata:
    title: str | None
    organ: str | None
    year: int | None
    date: datetime.date | None
    title_line: int | None


def as_written(line: Line) -> str:
    """A prose line as printed (full-width punctuation kept), less invisible characters and edges."""
    if len(line.text) == len(line.original):  # every other fix maps one character to one
        return line.original.strip()  # so nothing invisible was removed
    return remove_zero_width(line.original).strip()


def find_title(lines: Sequence[Line]) -> tuple[str, int] | None:
    """The title as printed and its first line: the first line, else run of 2-3 short lines, that
    names the report. A title that starts with the year, or names no organ, takes the short line
    above it (「XX人民政府」 printed above 「2023年政府信息公开工作年度报告」)."""
    candidates = lines[:TITLE_SEARCH_LINES]
    for span in range(1, MAX_TITLE_LINES + 1):
        for position in range(len(candidates) - span + 1):
            window = candidates[position : position + span]
            if window[0].text.strip().startswith("附件") or (
                span > 1 and any(len(compact(line.text)) > MAX_TITLE_LINE_CHARS for line in window)
            ):
                continue
            flat = compact("".join(line.text for line in window))
            if len(flat) > MAX_TITLE_CHARS or flat.endswith("。") or not _TITLE.search(flat):
                continue
            title = "".join(as_written(line) for line in window)
            if position > 0 and (_YEAR.match(flat) or organ_of(title) is None):
                above = candidates[position - 1]
                text = compact(above.text)
                fits = len(text) <= MAX_TITLE_LINE_CHARS and not text.startswith("附件")
                if fits and not _TITLE.search(text):
                    return as_written(above) + title, above.number
            return title, window[0].number
    return None


def organ_of(title: str) -> str | None:
    """The title less its year and 「(年度)政府信息公开(工作)年度报告」, spaces removed, as printed."""
    flat = compact(normalize_line(title))
    year = _YEAR_EXPRESSION.search(flat)
    # The phrase is looked for after the year, so 「2023年度」 is not split between the two.
    phrase = _REPORT_PHRASE.search(flat, year.end()) if year else None
    if phrase is None:
        year, phrase = None, _REPORT_PHRASE.search(flat)  # no year, or a year after the phrase
    if phrase is None:
        return None
    keep = [(0, year.start()), (year.end(), phrase.start())] if year else [(0, phrase.start())]
    # Normalization maps character for character, so the same spans locate the organ as printed.
    printed = compact(title)
    source = printed if len(printed) == len(flat) else flat
    organ = "".join(source[start:end] for start, end in keep).removeprefix("关于").removesuffix("的")
    return organ or None


def read_metadata(prose: Sequence[Line]) -> Metadata:
    """Title, organ and year from the first prose lines; the signing date from the last ones."""
    lines = [line for line in prose if line.text.strip()]
    found = find_title(lines)
    title, title_line = found if found else (None, None)
    organ = year = None
    if title:
        flat = compact(normalize_line(title))
        found_year = _YEAR.search(flat)
        if found_year:
            year = int("".join(_CHINESE_DIGITS.get(c, c) for c in found_year["year"]))
        organ = organ_of(title)
    dates = (read_date(line.text) for line in reversed(lines[-DATE_SEARCH_LINES:]))
    date = next((found_date for found_date in dates if found_date), None)
    return Metadata(title=title, organ=organ, year=year, date=date, title_line=title_line)


# Section number -> (words a numbered heading must contain, the phrase an unnumbered one must contain)
SECTION_WORDS: dict[int, tuple[tuple[str, ...], str]] = {
    1: (("总体",), "总体情况"),
    2: (("主动公开",), "主动公开政府信息情况"),
    3: (("申请",), "收到和处理政府信息公开申请"),
    4: (("复议", "诉讼"), "行政复议"),
    5: (("问题",), "存在的主要问题"),
    6: (("其他", "其它"), "其他需要报告"),
}
_SECTION_NUMBER = regex.compile(r"(?P<number>[一二三四五六]|[1-6])[、.]")
MAX_HEADING_CHARS = 40


def heading_number(text: str, after: int = 0) -> int | None:
    """The section number (1-6) if ``text`` is a section heading numbered above ``after``."""
    if len(text) > 4 * MAX_HEADING_CHARS:  # prose paragraphs, skipped before any work
        return None
    edges = text.strip()
    if not edges or edges.endswith(("。", ";", ",")) or edges.startswith("("):  # sentences, list items
        return None
    flat = compact(text)
    if not flat or len(flat) > MAX_HEADING_CHARS:
        return None
    numbered = _SECTION_NUMBER.match(flat)
    if numbered:
        number = "一二三四五六".find(numbered["number"]) + 1 or int(numbered["number"])
        words, _ = SECTION_WORDS[number]
        rest = flat[numbered.end() :]
        return number if number > after and any(word in rest for word in words) else None
    if "," in flat or ":" in flat:
        return None
    for number, (_, phrase) in SECTION_WORDS.items():
        if number > after and phrase in flat:
            return number
    return None


def read_sections(prose: Sequence[Line]) -> tuple[Section, ...]:
    """Sections 一 to 六 with the prose lines under each (tables excluded)."""
    found: list[tuple[int, Line, list[str]]] = []
    for line in prose:
        if not line.text.strip() or is_footer(line.text):
            continue  # blank lines, and page furniture such as 「— 4 —」, are not part of the prose
        number = heading_number(line.text, found[-1][0] if found else 0)
        if number is not None:
            found.append((number, line, []))
        elif found:
            found[-1][2].append(as_written(line))
    return tuple(
        Section(number=number, heading=as_written(line), text="\n".join(body), line=line.number)
        for number, line, body in found
    )


def section_diagnostics(sections: Iterable[Section]) -> list[Diagnostic]:
    present = {section.number for section in sections}
    return [
        diagnostic("map.section-missing", f"section {'一二三四五六'[n - 1]} was not found", key=None)
        for n in range(1, 7)
        if n not in present
    ]
