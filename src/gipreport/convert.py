"""The one configured cattrs converter: Report <-> dict / JSON, and flat dicts back to a Report.

A report's class follows from its format: ``from_dict`` and ``from_flat`` choose it by the format
named in the data, or else by which format's tables the data holds.
"""

from __future__ import annotations

import datetime
import json
import numbers
from collections.abc import Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any, cast

import cattrs

from gipreport import formats
from gipreport.formats import FormatSpec
from gipreport.model import Report, Value

if TYPE_CHECKING:
    from gipreport.formats import NationalReport

converter = cattrs.Converter()
converter.register_unstructure_hook(Decimal, str)
converter.register_structure_hook(Decimal, lambda value, _: Decimal(str(value)))
converter.register_unstructure_hook(datetime.date, lambda value: value.isoformat())
converter.register_structure_hook(
    datetime.date,
    lambda value, _: value if isinstance(value, datetime.date) else datetime.date.fromisoformat(value),
)
# A value is an int, a Decimal (written as a string in JSON) or a unit string, by its flat key's
# column; a table's fields are typed, so cattrs restores each one by its annotation.
converter.register_structure_hook(int | Decimal | str | None, lambda value, _: value)


def to_dict(report: Report) -> dict[str, Any]:
    """The report as plain JSON-ready data, diagnostics and sources included."""
    data: dict[str, Any] = converter.unstructure(report, unstructure_as=type(report))
    return data


def _format_for(data: Mapping[str, Any], table_keys: set[str]) -> FormatSpec:
    name = data.get("format")
    if name is not None:
        return formats.get(name)
    for spec in formats.registered():
        if table_keys <= set(spec.report_class.TABLES) and table_keys:
            return spec
    return formats.get(formats.DEFAULT)


def from_dict(data: dict[str, Any]) -> NationalReport:
    """The inverse of ``to_dict``; the class is the report class of the data's format."""
    spec = _format_for(data, {key for key in data if "." not in key and isinstance(data[key], dict)})
    return cast("NationalReport", converter.structure(data, spec.report_class))


def to_json(report: Report, **kwargs: Any) -> str:
    return json.dumps(to_dict(report), ensure_ascii=False, **kwargs)


def from_json(text: str) -> NationalReport:
    return from_dict(json.loads(text))


def from_flat(flat: Mapping[str, Value], **metadata: Any) -> NationalReport:
    """Build a Report from ``{flat key: value}`` (the inverse of ``Report.to_flat``; a row of
    ``to_records`` comes back whole, metadata included, with ``records.from_record``).

    The format is ``metadata["format"]`` if given, else the registered format whose keys hold every
    key of ``flat``, kept in ``report.format`` when some value is not None (a flat dict of Nones is a
    report without tables). Keys absent from ``flat`` stay None; an unknown key raises KeyError, so
    typos cannot pass; keys that no one format holds together raise ValueError.
    """
    spec = _flat_format(flat, metadata.get("format"))
    known = set(spec.flat_keys)
    unknown = [key for key in flat if key not in known]
    if unknown:
        raise KeyError(f"unknown flat key {unknown[0]!r} for format {spec.name}")
    values: dict[str, Value] = dict.fromkeys(spec.flat_keys)
    values.update((key, plain_value(value)) for key, value in flat.items())
    if "format" not in metadata and any(value is not None for value in values.values()):
        metadata["format"] = spec.name  # the format inferred: a corpus check needs it (None: no tables)
    return cast("NationalReport", spec.report_class(**metadata, **spec.tables_from_values(values)))


def plain_value(value: object) -> Value:
    """A value as the model holds it, from what a table library gives back: pandas' NA and NaN are
    None, numpy's integers are ints; ints, Decimals and unit strings as they are.

    >>> plain_value(float("nan")), plain_value(Decimal("1.5")), plain_value(True)
    (None, Decimal('1.5'), True)
    """
    if value is None or isinstance(value, (bool, str, Decimal)):
        return value
    if isinstance(value, numbers.Integral):
        return int(value)
    try:
        if value != value:  # NaN
            return None
    except TypeError:  # pandas.NA: its comparisons are NA, which has no truth value
        return None
    return value  # type: ignore[return-value]


def _flat_format(flat: Mapping[str, Value], name: str | None) -> FormatSpec:
    if name is not None:
        return formats.get(name)
    for spec in formats.registered():
        if set(flat) <= set(spec.flat_keys):
            return spec
    unknown = [key for key in flat if all(key not in spec.flat_keys for spec in formats.registered())]
    if unknown:
        raise KeyError(f"unknown flat key {unknown[0]!r} (a row of to_records? read it with from_record)")
    holders = {key: [spec.name for spec in formats.registered() if key in spec.flat_keys] for key in flat}
    first = next(key for key in flat if len(holders[key]) == 1)
    other = next(key for key in flat if holders[first][0] not in holders[key])
    raise ValueError(
        f"keys of two formats: {first!r} ({holders[first][0]}) and {other!r} ({', '.join(holders[other])}); "
        "pass format=… or the keys of one format"
    )
