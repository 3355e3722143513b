"""The shape of a national format as data: columns, rows, tables, groups, and the format itself.

A format module builds one ``FormatSpec`` from these values; every layer (mapping, recovery,
validation, rendering, strategies, exports) reads the format only through them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, Literal

import attrs

from gipreport.formats import national
from gipreport.formats.identities import SumIdentity
from gipreport.model import flat_keys_of, table_builder

if TYPE_CHECKING:
    from gipreport.model import Report

# How a cell's text is read (see ``mapping.cells.read_value``):
#   count            an integer >= 0 (「1,234」「+3」「00」)
#   signed           an integer that may carry a sign (「+1036」「-18」), e.g. 本年增/减
#   amount           a Decimal in 万元; a value printed in 元 is converted (「251000元」 -> 25.1)
#   amount-as-printed  a Decimal as printed, its unit (「元」「万元」) kept in the column's ``unit_key``
ValueKind = Literal["count", "signed", "amount", "amount-as-printed"]
# How a report numbers its sections and tables: 一、二、三 …
CHINESE_NUMERALS = "一二三四五六七八九十"


@attrs.frozen(cache_hash=True)  # specs are keys of per-row caches: hashed once
class ColumnSpec:
    """One printed column of a row: its flat key, its printed label and how its cells are read."""

    key: str
    label: str
    kind: ValueKind = "count"
    unit_key: str | None = None  # the flat key that receives the unit of an amount-as-printed cell

    @property
    def group(self) -> str | None:
        """The label of the column group printed above this column (table 四's 「行政复议」), written
        in ``label`` before a 「·」; None for a column on its own."""
        group, dot, _ = self.label.partition("·")
        return group if dot else None

    @property
    def own_label(self) -> str:
        """The column's label under its group (「结果维持」), or its whole label."""
        return self.label.partition("·")[2] or self.label


@attrs.frozen(cache_hash=True)
class RowSpec:
    """One printed row: its key, the labels it goes by, and its columns in print order.

    ``labels`` are compared after ``label_key`` normalisation (no spaces, no punctuation); an empty
    ``labels`` marks a row printed without a label (table 四's single data row). ``derived_from``
    names the rows whose column-wise sum this row is when it is not printed itself (（六）其他处理).
    ``groups`` are the merged group labels the row sits under, outermost first; ``before`` are the
    header rows printed above this row (a sub-table's heading and column labels), for rendering.
    """

    key: str
    labels: tuple[str, ...]
    columns: tuple[ColumnSpec, ...]
    derived_from: tuple[str, ...] = ()
    groups: tuple[str, ...] = ()
    before: tuple[tuple[str, ...], ...] = ()
    # Derived once: parsing asks for them per row and per cell.
    cells: tuple[str, ...] = attrs.field(init=False)
    kinds: tuple[ValueKind, ...] = attrs.field(init=False)
    keys: tuple[str, ...] = attrs.field(init=False)
    counts_only: bool = attrs.field(init=False)  # every column a count (most rows)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "cells", tuple(column.key for column in self.columns))
        object.__setattr__(self, "kinds", tuple(column.kind for column in self.columns))
        object.__setattr__(self, "counts_only", all(kind == "count" for kind in self.kinds))
        keys: list[str] = []
        for column in self.columns:
            keys.append(column.key)
            if column.unit_key:
                keys.append(column.unit_key)
        object.__setattr__(self, "keys", tuple(keys))

    @property
    def name(self) -> str:
        """The row's own name, the last part of its key (「granted」)."""
        return self.key.rpartition(".")[2]

    @property
    def column_labels(self) -> tuple[str, ...]:
        return tuple(column.label for column in self.columns)

    @property
    def label(self) -> str:
        """The printed label, or the table's title for a row printed without one."""
        return self.labels[0] if self.labels else ""


@attrs.frozen(cache_hash=True)
class TableSpec:
    """One statistical table: its flat-key prefix (and attribute name), title, texts and rows.

    ``header_texts`` are the column headings and notes that may appear in the table (they tell the
    parser which table it is in); ``group_labels`` the merged labels over groups of rows;
    ``header_rows`` the rows drawn at the top of the table when rendering.
    """

    key: str
    number: str
    title: str
    header_texts: tuple[str, ...]
    rows: tuple[RowSpec, ...]
    group_labels: tuple[str, ...] = ()
    header_rows: tuple[tuple[str, ...], ...] = ()
    # The section the table is printed under; None: the section numbered like the table (表三 in 三、).
    section: int | None = None

    @property
    def section_number(self) -> int:
        return self.section if self.section is not None else CHINESE_NUMERALS.find(self.number) + 1


@attrs.frozen(eq=False)  # compared (and hashed) by identity: a format is registered once
class FormatSpec:
    """A national format: its tables in print order, the identities between their cells, the words
    that tell it apart from other formats, and the model classes its reports are built into.

    ``markers`` are texts printed only in this format's tables (compared without spaces);
    ``report_class`` is the frozen attrs class of its reports, one attribute per table, each a class
    with one attribute per row, each a class with one attribute per column. ``across_years`` are the
    identities between a report and the organ's report of the year before, over ``this:<key>`` and
    ``last:<key>`` (one whose keys a pair of reports lacks is skipped); ``additive_tables`` the tables
    a parent's report may be checked against the sum of its children's; ``years`` the first and last
    year (None: open) whose reports use the format.
    """

    name: str
    title: str
    tables: tuple[TableSpec, ...]
    identities: tuple[SumIdentity, ...]
    report_class: type[Report]
    markers: tuple[str, ...] = ()
    across_years: tuple[SumIdentity, ...] = ()
    additive_tables: tuple[str, ...] = ()
    years: tuple[int, int | None] = (2021, None)
    # (flat key, pattern with a group ``n``): how the prose states a cell's number (see figures.py).
    prose_cues: tuple[tuple[str, str], ...] = ()
    # Spellings seen in real reports (printed text -> variant, typo), for writing realistic text.
    variants: dict[str, str] = attrs.Factory(dict)
    section_words: dict[int, tuple[tuple[str, ...], str]] = attrs.Factory(
        lambda: dict(national.SECTION_WORDS)
    )
    report_phrase: str = national.REPORT_PHRASE
    title_pattern: str = national.TITLE_PATTERN
    # Derived once.
    rows: tuple[RowSpec, ...] = attrs.field(init=False)
    flat_keys: tuple[str, ...] = attrs.field(init=False)
    _rows_by_key: dict[str, RowSpec] = attrs.field(init=False, repr=False)
    _row_of_key: dict[str, RowSpec] = attrs.field(init=False, repr=False)
    _builder: Callable[[Mapping[str, Any]], dict[str, Any]] = attrs.field(init=False, repr=False)
    _descriptions: dict[str, str] = attrs.field(init=False, repr=False)

    def __attrs_post_init__(self) -> None:
        rows = tuple(row for table in self.tables for row in table.rows)
        object.__setattr__(self, "rows", rows)
        object.__setattr__(self, "flat_keys", tuple(key for row in rows for key in row.keys))
        object.__setattr__(self, "_rows_by_key", {row.key: row for row in rows})
        object.__setattr__(self, "_row_of_key", {key: row for row in rows for key in row.keys})
        if set(flat_keys_of(self.report_class)) != set(self.flat_keys):
            raise ValueError(
                f"format {self.name}: the fields of {self.report_class.__name__} do not match its row specs"
            )
        object.__setattr__(self, "_builder", table_builder(self.report_class))
        object.__setattr__(self, "_descriptions", _descriptions(self.tables))

    @property
    def section_numbers(self) -> tuple[int, ...]:
        """The numbers of the format's prose sections, in order (1-6 in the national formats)."""
        return tuple(sorted(self.section_words))

    def tables_in_section(self, number: int) -> tuple[TableSpec, ...]:
        """The tables printed under section ``number``."""
        return tuple(table for table in self.tables if table.section_number == number)

    def row(self, key: str) -> RowSpec:
        """The row with this key (「applications.granted」)."""
        return self._rows_by_key[key]

    def row_of(self, flat_key: str) -> RowSpec | None:
        """The row a flat key belongs to, or None for a key of another format."""
        return self._row_of_key.get(flat_key)

    def failure_key(self, identity: SumIdentity) -> str:
        """The key a broken identity's error is reported on: the dotted prefix its terms share, where
        that is more than a table (a row's total, I3: 「applications.granted」; a block of 表四's row,
        I4: 「review_litigation.litigation_direct」: any of its cells may be the wrong one, and each is
        covered), else the identity's own key (I1, I2, down a column: its total)."""
        shared = identity.keys[0].split(".")
        for key in identity.keys[1:]:
            parts = key.split(".")
            while shared != parts[: len(shared)]:
                shared.pop()
        return ".".join(shared) if len(shared) > 1 else identity.key

    def table(self, key: str) -> TableSpec:
        for table in self.tables:
            if table.key == key:
                return table
        raise KeyError(key)

    def table_of(self, flat_key: str) -> TableSpec:
        """The table a flat key (or a row or table key) belongs to."""
        return self.table(flat_key.partition(".")[0])

    def tables_from_values(self, values: Mapping[str, Any]) -> dict[str, Any]:
        """The table objects of a report, as keyword arguments of ``report_class``, from a mapping
        that holds every flat key of this format."""
        return self._builder(values)

    def describe(self, key: str) -> str:
        """A flat key (or prefix) in the report's own words: 「表三 （一）予以公开 · 自然人」."""
        return self._descriptions.get(key, key)


def _descriptions(tables: tuple[TableSpec, ...]) -> dict[str, str]:
    """Every table, row and flat key of a format in the report's own words (see ``describe``)."""
    found: dict[str, str] = {}
    for table in tables:
        found[table.key] = f"表{table.number} {table.title}"
        for row in table.rows:
            found[row.key] = f"表{table.number} {row.labels[0] if row.labels else table.title}"
            label = f"{row.labels[0]} · " if row.labels else ""
            for column in row.columns:
                found[column.key] = f"表{table.number} {label}{column.label}"
                if column.unit_key:
                    found[column.unit_key] = f"表{table.number} {label}{column.label}（单位）"
    return found
