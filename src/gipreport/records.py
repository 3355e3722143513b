"""Exports for many reports: flat records (dicts), CSV rows, and pandas frames (the ``pandas`` extra)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from gipreport.formats.gb2021 import FORMAT
from gipreport.model import Report, Value

if TYPE_CHECKING:
    import pandas

METADATA_COLUMNS = ("file", "organ", "year", "format", "title", "errors", "warnings", "read_error")


def to_record(
    report: Report | None, file: str | None = None, read_error: str | None = None
) -> dict[str, Any]:
    """One report as a flat dict: metadata, diagnostic counts, then every flat key in table order.

    ``report`` None (a file that could not be read) gives the metadata with every value None.
    """
    record: dict[str, Any] = dict.fromkeys(METADATA_COLUMNS)
    record.update(file=file, read_error=read_error)
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
    else:
        record.update(dict.fromkeys(FORMAT.flat_keys))
    return record


def to_records(reports: Iterable[Report], files: Sequence[str] | None = None) -> list[dict[str, Any]]:
    """One flat dict per report (see ``to_record``), e.g. for ``pandas.DataFrame(records)``."""
    reports = list(reports)
    names: Sequence[str | None] = files if files is not None else [None] * len(reports)
    if len(names) != len(reports):
        raise ValueError(f"{len(reports)} reports but {len(names)} file names")
    return [to_record(report, file) for report, file in zip(reports, names, strict=True)]


def csv_value(value: Any) -> str:
    """A record value as CSV text: None is the empty string, Decimal keeps its digits."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def from_csv_value(key: str, text: str) -> Value:
    """The inverse of ``csv_value`` for a flat key's column."""
    if text == "":
        return None
    return Decimal(text) if key == "active_disclosure.fees.amount" else int(text)


def to_frame(
    reports: Iterable[Report], long: bool = False, files: Sequence[str] | None = None
) -> pandas.DataFrame:
    """Reports as a pandas DataFrame: wide (one row per report) or long (report x cell, with labels).

    Long columns: report, file, organ, year, table, row, column, key, value, table_label,
    row_label, column_label. Needs the ``pandas`` extra.
    """
    try:
        import pandas
    except ImportError as error:  # pragma: no cover - depends on the environment
        raise ImportError("to_frame needs pandas: pip install 'gipreport[pandas]'") from error
    records = to_records(reports, files)
    if not long:
        return pandas.DataFrame.from_records(records)
    rows = []
    tables = {table.key: table for table in FORMAT.tables}
    for number, record in enumerate(records):
        for spec in FORMAT.rows:
            for key, column_label in zip(spec.cells, spec.column_labels, strict=True):
                table, row, column = key.split(".")
                row_label = spec.labels[0] if spec.labels else row
                if not spec.labels:  # table 四's one printed row: 「行政复议·结果维持」
                    row_label, _, column_label = column_label.partition("·")
                rows.append(
                    {
                        "report": number,
                        "file": record["file"],
                        "organ": record["organ"],
                        "year": record["year"],
                        "table": table,
                        "row": row,
                        "column": column,
                        "key": key,
                        "value": record[key],
                        "table_label": f"表{tables[table].number} {tables[table].title}",
                        "row_label": row_label,
                        "column_label": column_label,
                    }
                )
    return pandas.DataFrame.from_records(rows)
