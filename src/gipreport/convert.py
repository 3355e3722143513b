"""The one configured cattrs converter: Report <-> dict / JSON, and flat dicts back to a Report."""

from __future__ import annotations

import datetime
import json
import operator
from collections.abc import Callable
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


def _row_classes() -> dict[str, dict[str, type]]:
    """{table: {row: row class}}, read once from the model (each row field defaults to its class)."""
    classes: dict[str, dict[str, type]] = {}
    for table, table_type in _TABLE_TYPES.items():
        classes[table] = {}
        for field in attrs.fields(table_type):
            row_type = getattr(field.default, "factory", None)
            assert isinstance(row_type, type)
            classes[table][field.name] = row_type
    return classes


_ROW_CLASSES = _row_classes()
_COLUMNS = {
    (table, row): frozenset(attrs.fields_dict(row_type))
    for table, rows in _ROW_CLASSES.items()
    for row, row_type in rows.items()
}


def _row_values(keys: list[str]) -> Callable[[dict[str, Value]], tuple[Value, ...]]:
    """A getter of the values of ``keys`` as a tuple (itemgetter gives a bare value for one key)."""
    if len(keys) == 1:
        return lambda values: (values[keys[0]],)
    getter: Callable[[dict[str, Value]], tuple[Value, ...]] = operator.itemgetter(*keys)
    return getter


# Each row class with a getter of its fields' flat keys, in order, for building tables positionally.
_ROW_GETTERS = tuple(
    (table, row, row_type, _row_values([f"{table}.{row}.{field.name}" for field in attrs.fields(row_type)]))
    for table, rows in _ROW_CLASSES.items()
    for row, row_type in rows.items()
)


def tables_from_values(values: dict[str, Value]) -> dict[str, Any]:
    """The three table objects from a dict holding every flat key (the parser's fast path)."""
    rows: dict[str, dict[str, Any]] = {table: {} for table in _TABLE_TYPES}
    for table, row, row_type, row_values in _ROW_GETTERS:
        rows[table][row] = row_type(*row_values(values))
    return {table: table_type(**rows[table]) for table, table_type in _TABLE_TYPES.items()}


def from_flat(flat: dict[str, Value], **metadata: Any) -> Report:
    """Build a Report from ``{flat key: value}`` (the inverse of ``Report.to_flat``).

    Keys absent from ``flat`` stay None; an unknown key raises KeyError, so typos cannot pass.
    """
    nested: dict[str, dict[str, dict[str, Value]]] = {table: {} for table in _TABLE_TYPES}
    for key, value in flat.items():
        table, _, rest = key.partition(".")
        row, _, column = rest.partition(".")
        if column not in _COLUMNS.get((table, row), ()):
            raise KeyError(f"unknown flat key {key!r}")
        nested[table].setdefault(row, {})[column] = value
    tables = {
        table: table_type(**{row: _ROW_CLASSES[table][row](**cells) for row, cells in nested[table].items()})
        for table, table_type in _TABLE_TYPES.items()
    }
    return Report(**metadata, **tables)
