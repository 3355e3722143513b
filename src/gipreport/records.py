"""Exports for many reports: flat records (dicts), CSV rows, and pandas frames (the ``pandas`` extra).

A record has the metadata columns, then the flat keys of every registered format, each format's keys
in columns of their own: a 2021 report leaves the ``active_disclosure_2019.*`` columns empty and a
2019 report the 2021-only ones, so a mixed corpus never folds one format's columns into the other's.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from gipreport import formats
from gipreport.convert import from_flat, plain_value
from gipreport.model import Report, Value
from gipreport.textforms import number_text

if TYPE_CHECKING:
    import pandas

    from gipreport.formats import NationalReport

METADATA_COLUMNS = ("file", "organ", "year", "format", "title", "errors", "warnings", "read_error")


def value_columns() -> tuple[str, ...]:
    """Every flat key of every registered format, the default format's first, each once."""
    return tuple(dict.fromkeys(key for spec in formats.registered() for key in spec.flat_keys))


def to_record(
    report: Report | None, file: str | None = None, read_error: str | None = None
) -> dict[str, Any]:
    """One report as a flat dict: metadata, diagnostic counts, then every value column.

    ``report`` None (a file that could not be read) gives the metadata with every value None.
    """
    record: dict[str, Any] = dict.fromkeys(METADATA_COLUMNS)
    record.update(
        file=file if file is not None else (report.source_name if report else None), read_error=read_error
    )
    record.update(dict.fromkeys(value_columns()))
    if report is not None:
        record.update(
            organ=report.organ,
            year=report.year,
            format=report.format,
            title=report.title,
            errors=len(report.errors),
            warnings=len(report.warnings),
        )
        record.update(report.to_flat())
    return record


def to_records(reports: Iterable[Report], files: Sequence[str] | None = None) -> list[dict[str, Any]]:
    """One flat dict per report (see ``to_record``), e.g. for ``pandas.DataFrame(records)``."""
    reports = list(reports)
    names: Sequence[str | None] = files if files is not None else [None] * len(reports)
    if len(names) != len(reports):
        raise ValueError(f"{len(reports)} reports but {len(names)} file names")
    return [to_record(report, file) for report, file in zip(reports, names, strict=True)]


# The metadata columns of a record that are a report's own fields (the others are counts of its
# diagnostics, which a rebuilt report does not have).
_RECORD_FIELDS = {
    "organ": "organ",
    "year": "year",
    "format": "format",
    "title": "title",
    "file": "source_name",
}


def from_record(record: Mapping[str, Any]) -> NationalReport:
    """The report a row of ``to_records`` (or of ``to_frame``) was made from: its metadata and values.

    The record holds every registered format's columns; those of other formats must be empty (None,
    NaN). Diagnostics are not in a record: the rebuilt report has none (``validate`` finds the
    identities' again).

    >>> from importlib import resources
    >>> import gipreport
    >>> report = gipreport.parse(resources.files("gipreport").joinpath("data/demo.txt").read_text("utf-8"))
    >>> back = from_record(to_records([report])[0])
    >>> (back.organ, back.year, back.format, back.to_flat() == report.to_flat())
    ('盘州市柏果镇人民政府', 2023, '2021', True)
    """
    metadata = {
        field: plain_value(record[column]) for column, field in _RECORD_FIELDS.items() if column in record
    }
    metadata = {field: value for field, value in metadata.items() if value is not None}
    if "year" in metadata:
        metadata["year"] = int(metadata["year"])  # type: ignore[arg-type]
    flat = {key: plain_value(value) for key, value in record.items() if key not in METADATA_COLUMNS}
    name = metadata.get("format")
    if name is None:
        flat = {key: value for key, value in flat.items() if value is not None}
    else:
        keys = set(formats.get(str(name)).flat_keys)
        stray = [key for key, value in flat.items() if key not in keys and value is not None]
        if stray:
            raise ValueError(
                f"a {name}-format record holds a value for {stray[0]!r}, a key of another format"
            )
        flat = {key: value for key, value in flat.items() if key in keys}
    return from_flat(flat, **metadata)


def csv_value(value: Any) -> str:
    """A record value as CSV text: None is the empty string, Decimal keeps its digits."""
    return "" if value is None else number_text(value)


def from_csv_value(key: str, text: str) -> Value:
    """The inverse of ``csv_value`` for a flat key's column."""
    if text == "":
        return None
    for spec in formats.registered():
        row = spec.row_of(key)
        if row is None:
            continue
        for column in row.columns:
            if key == column.unit_key:
                return text
            if key == column.key:
                return int(text) if column.kind in ("count", "signed") else Decimal(text)
    raise KeyError(f"unknown flat key {key!r}")


def column_kinds() -> dict[str, str]:
    """The kind of every value column: "count", "signed", "amount" or "unit" (a unit printed beside
    an amount-as-printed, 「元」)."""
    kinds: dict[str, str] = {}
    for spec in formats.registered():
        for row in spec.rows:
            for column in row.columns:
                kinds.setdefault(column.key, "amount" if column.kind.startswith("amount") else column.kind)
                if column.unit_key:
                    kinds.setdefault(column.unit_key, "unit")
    return kinds


def whole_number_columns() -> frozenset[str]:
    """The wide columns that hold whole numbers: year, error and warning counts, and every count and
    signed cell."""
    kinds = column_kinds()
    return frozenset({"year", "errors", "warnings"}) | {
        key for key, kind in kinds.items() if kind in ("count", "signed")
    }


def _array(values: Sequence[Any], whole_numbers: bool) -> Any:
    """A frame column: whole numbers as nullable Int64 (None is <NA>, never NaN or 0.0), anything
    else (Decimal amounts, units, text) as objects with None kept."""
    import pandas

    if whole_numbers and all(value is None or type(value) is int for value in values):
        return pandas.array(values, dtype="Int64")
    return pandas.array(values, dtype=object)


def to_frame(
    reports: Iterable[Report], long: bool = False, files: Sequence[str] | None = None
) -> pandas.DataFrame:
    """Reports as a pandas DataFrame: wide (one row per report) or long (report x cell, with labels).

    Counts are nullable ``Int64`` (a None is <NA>, never 0 or NaN); amounts are ``Decimal`` objects,
    exactly as printed. Long columns: report, file, organ, year, format, table, row, column, key, kind
    (count, signed, amount, unit), value (Int64: the count of a count or signed cell), amount (the
    ``Decimal`` of an amount cell), unit (the unit printed beside an amount), table_label, row_label,
    column_label; a row fills the one of value, amount and unit its kind names, so the frame is
    written to Parquet as it is (int64, decimal128, string). Needs the ``pandas`` extra.
    """
    try:
        import pandas
    except ImportError as error:  # pragma: no cover - depends on the environment
        raise ImportError("to_frame needs pandas: pip install 'gipreport[pandas]'") from error
    reports = list(reports)
    records = to_records(reports, files)
    if not long:
        columns = [*METADATA_COLUMNS, *value_columns()]
        whole = whole_number_columns()
        return pandas.DataFrame(
            {column: _array([record[column] for record in records], column in whole) for column in columns},
            index=pandas.RangeIndex(len(records)),
        )
    kinds = column_kinds()
    rows = []
    for number, (report, record) in enumerate(zip(reports, records, strict=True)):
        spec = formats.get(report.format) if report.format else formats.get(formats.DEFAULT)
        for table in spec.tables:
            for row_spec in table.rows:
                for column in row_spec.columns:
                    row_label = row_spec.labels[0] if row_spec.labels else row_spec.name
                    column_label = column.own_label
                    if not row_spec.labels and column.group:  # table 四's one row: its blocks as rows
                        row_label = column.group
                    cells = [(column.key, column_label)]
                    if column.unit_key:  # the unit printed beside an amount (「万元」)
                        cells.append((column.unit_key, f"{column_label}（单位）"))
                    for key, label in cells:
                        table_key, row_name, column_name = key.split(".")
                        kind, value = kinds[key], record[key]
                        rows.append(
                            {
                                "report": number,
                                "file": record["file"],
                                "organ": record["organ"],
                                "year": record["year"],
                                "format": record["format"],
                                "table": table_key,
                                "row": row_name,
                                "column": column_name,
                                "key": key,
                                "kind": kind,
                                # One typed column per kind, so that the frame goes to Parquet as is.
                                "value": value if kind in ("count", "signed") else None,
                                "amount": value if kind == "amount" else None,
                                "unit": value if kind == "unit" else None,
                                "table_label": f"表{table.number} {table.title}",
                                "row_label": row_label,
                                "column_label": label,
                            }
                        )
    names = (
        "report",
        "file",
        "organ",
        "year",
        "format",
        "table",
        "row",
        "column",
        "key",
        "kind",
        "value",
        "amount",
        "unit",
        "table_label",
        "row_label",
        "column_label",
    )
    return pandas.DataFrame(
        {name: _array([row[name] for row in rows], name in ("report", "year", "value")) for name in names},
        index=pandas.RangeIndex(len(rows)),
    )
