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
    datetime.date,
    lambda value, _: value if isinstance(value, datetime.date) else datetime.date.fromisoformat(value),
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
        parts = key.split(".")
        if len(parts) != 3 or parts[0] not in _TABLE_TYPES:
            raise KeyError(f"unknown flat key {key!r}")
        table, row, column = parts
        if column not in attrs.fields_dict(_row_type(table, row, key)):
            raise KeyError(f"unknown flat key {key!r}")
        nested[table].setdefault(row, {})[column] = value
    tables = {
        table: table_type(
            **{row: _row_type(table, row, row)(**cells) for row, cells in nested[table].items()}
        )
        for table, table_type in _TABLE_TYPES.items()
    }
    return Report(**metadata, **tables)


def _row_type(table: str, row: str, key: str) -> type:
    """The attrs class of one row (each row field defaults to ``attrs.Factory(<row class>)``)."""
    field = attrs.fields_dict(_TABLE_TYPES[table]).get(row)
    if field is None:
        raise KeyError(f"unknown flat key {key!r}")
    row_type = getattr(field.default, "factory", None)
    if not isinstance(row_type, type):
        raise KeyError(f"unknown flat key {key!r}")
    return row_type
