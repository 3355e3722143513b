"""National report formats as data: the rows, columns, label aliases and identities of each table.

Every format module (``gb2021`` now, ``gb2019`` later) exposes one ``FORMAT: FormatSpec``; the mapping,
validation, rendering and strategies layers read only these values, so a new format is a new module.
"""

from __future__ import annotations

from typing import Literal

import attrs

ValueKind = Literal["count", "amount"]


@attrs.frozen
class RowSpec:
    """One printed row: its key, the labels it goes by, and the flat key of each column in order.

    ``labels`` are compared after ``label_key`` normalisation (no spaces, no punctuation); an empty
    ``labels`` marks a row printed without a label (table 四's single data row).
    """

    key: str
    labels: tuple[str, ...]
    cells: tuple[str, ...]
    column_labels: tuple[str, ...]
    kind: ValueKind = "count"
    derived_from: tuple[str, ...] = ()


@attrs.frozen
class TableSpec:
    """One statistical table: its flat-key prefix, its title, header texts and rows in print order."""

    key: str
    number: str
    title: str
    header_texts: tuple[str, ...]
    rows: tuple[RowSpec, ...]


@attrs.frozen
class SumIdentity:
    """``sum(left) == sum(right)`` over flat keys; one instance per column or block it applies to.

    ``name`` (I1-I4), ``scope`` (the column or row, in the report's words) and the two side labels
    make the human message: 「I2 自然人列: （七）总计 20 ≠ 各办理结果之和 26」.
    """

    code: str
    key: str
    name: str
    scope: str
    left_label: str
    right_label: str
    left: tuple[str, ...]
    right: tuple[str, ...]


@attrs.frozen
class FormatSpec:
    """A national format: tables in print order, the identities between their cells, group labels."""

    name: str
    tables: tuple[TableSpec, ...]
    identities: tuple[SumIdentity, ...]
    group_labels: tuple[str, ...]
    # Derived once (parsing asks for them per row and per cell).
    rows: tuple[RowSpec, ...] = attrs.field(init=False)
    flat_keys: tuple[str, ...] = attrs.field(init=False)
    _rows_by_key: dict[str, RowSpec] = attrs.field(init=False, repr=False)

    def __attrs_post_init__(self) -> None:
        rows = tuple(row for table in self.tables for row in table.rows)
        object.__setattr__(self, "rows", rows)
        object.__setattr__(self, "flat_keys", tuple(cell for row in rows for cell in row.cells))
        object.__setattr__(self, "_rows_by_key", {row.key: row for row in rows})

    def describe(self, key: str) -> str:
        """A flat key (or prefix) in the report's own words: 「表三 （一）予以公开 · 自然人」."""
        for table in self.tables:
            if key == table.key:
                return f"表{table.number} {table.title}"
            for row in table.rows:
                if key == row.key:
                    return f"表{table.number} {row.labels[0] if row.labels else table.title}"
                if key in row.cells:
                    column = row.column_labels[row.cells.index(key)]
                    label = f"{row.labels[0]} · " if row.labels else ""
                    return f"表{table.number} {label}{column}"
        return key

    def row(self, key: str) -> RowSpec:
        return self._rows_by_key[key]
