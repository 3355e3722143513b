"""The one configured cattrs converter: Report <-> dict / JSON, and flat dicts back to a Report."""

from __future__ import annotations

import datetime
import json
from decimal import Decimal
from typing import Any

import attrs
import cattrs

from gipreport.model import ActiveDisclosure, Applications, Report, ReviewLitigation, Value

converter = cattrs.Converter()
converter.register_unstructure_hook(Decimal, str)
converter.register_structure_hook(Decimal, lambda value, _: Decimal(str(value)))
converter.register_unstructure_hook(datetime.date, lambda value: value.isoformat())
converter.register_structure_hook(
    datetime.date, lambda value, _: value if isinstance(value, datetime.date) else datetime.date.fromisoformat(value)
)
# The tuple of sources is provenance keyed by flat key; cattrs handles dict[str, Cell] natively.


def to_dict(report: Report) -> dict[str, Any]:
    """The report as plain JSON-ready data, diagnostics and sources included."""
    data: dict[str, Any] = converter.unstructure(report)
    return data


def from_dict(data: dict[str, Any]) -> Report:
    return converter.structure(data, Report)


def to_json(report: Report, **kwargs: Any) -> str:
    return json.dumps(to_dict(report), ensure_ascii=False, **kwargs)


def from_json(text: str) -> Report:
    return from_dict(json.loads(text))


_TABLE_TYPES: dict[str, type] = {
    "active_disclosure": ActiveDisclosure,
    "applications": Applications,
    "review_litigation": ReviewLitigation,
}


def from_flat(flat: dict[str, Value], **metadata: Any) -> Report:
    """Build a Report from ``{flat key: value}`` (the inverse of ``Report.to_flat``).

    Keys absent from ``flat`` stay None; an unknown key raises KeyError, so typos cannot pass.
    """
    nested: dict[str, dict[str, dict[str, Value]]] = {table: {} for table in _TABLE_TYPES}
    for key, value in flat.items():
        table, row, column = key.split(".")
        if table not in nested:
            raise KeyError(f"unknown flat key {key!r}")
        nested[table].setdefault(row, {})[column] = value
    tables: dict[str, Any] = {}
    for table, rows in nested.items():
        table_type = _TABLE_TYPES[table]
        names = {field.name: field.type for field in attrs.fields(table_type)}
        kwargs: dict[str, Any] = {}
        for row, cells in rows.items():
            if row not in names:
                raise KeyError(f"unknown flat key {table}.{row}")
            row_type = attrs.fields_dict(table_type)[row].default.factory  # type: ignore[union-attr]
            kwargs[row] = row_type(**cells)
        tables[table] = table_type(**kwargs)
    return Report(**metadata, **tables)
