"""A corpus on Dask (extra ``gipreport[dask]``): files parsed on a cluster's workers into a Parquet
dataset with one row per report and one per diagnostic.

    from dask.distributed import Client, LocalCluster
    import gipreport.dask

    with Client(LocalCluster(n_workers=2)):          # or Client("tcp://scheduler:8786")
        gipreport.dask.to_parquet(paths, "corpus.parquet")
    reports, diagnostics = gipreport.dask.read_parquet("corpus.parquet")

The work is a ``dask.bag`` of paths mapped to records, so it runs on whatever scheduler is active:
the threads of one process without a client, a ``LocalCluster``, or a remote ``distributed``
scheduler (whose workers must have gipreport installed and see the paths). Nothing here schedules.

The dataset is a directory holding ``reports/`` (the columns of ``to_records``: metadata, counts as
int64 with nulls, amounts as decimal128(38, 10), units and text as strings) and ``diagnostics/``
(file, code, severity, message, line, key).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from gipreport.files import parse_file
from gipreport.records import METADATA_COLUMNS, column_kinds, to_record, value_columns, whole_number_columns

try:
    import dask.bag
    import dask.dataframe
    import pandas
    import pyarrow
    from dask.base import compute
    from dask.delayed import delayed
except ImportError as error:  # pragma: no cover - depends on the environment
    raise ImportError("gipreport.dask needs the dask extra: pip install 'gipreport[dask]'") from error

if TYPE_CHECKING:
    from gipreport.model import Report

__all__ = ["AMOUNT_TYPE", "read_parquet", "records_bag", "to_parquet"]

AMOUNT_TYPE = pyarrow.decimal128(38, 10)  # fees in 万元 and amounts as printed: exact, 10 decimals
DIAGNOSTIC_COLUMNS = ("file", "code", "severity", "message", "line", "key")


def _parse(path: str, report_format: str) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """One file's record and diagnostics; a file that cannot be read is a record with read_error."""
    name = os.fsdecode(path)
    try:
        report: Report | None = parse_file(path, format=report_format)
        error = None
    except OSError as failure:
        report, error = None, f"cannot read: {failure.strerror or failure}"
    record = to_record(report, name, error)
    diagnostics = [
        {
            "file": name,
            "code": d.code,
            "severity": d.severity,
            "message": d.message,
            "line": d.line,
            "key": d.key,
        }
        for d in (report.diagnostics if report is not None else ())
    ]
    return record, diagnostics


def records_bag(
    paths: Sequence[str | os.PathLike[str]], *, npartitions: int | None = None, format: str = "auto"
) -> dask.bag.Bag:
    """A bag of (record, diagnostics) per path, parsed where the bag is computed."""
    names = [os.fspath(path) for path in paths]
    partitions = npartitions or max(1, min(len(names), 64, len(names) // 50 or 1))
    return dask.bag.from_sequence(names, npartitions=partitions).map(_parse, format)


def reports_frame(records: Iterable[dict[str, Any]]) -> pandas.DataFrame:
    """Records as a typed frame: whole numbers Int64, amounts Decimal objects, the rest strings."""
    records = list(records)
    kinds, whole = column_kinds(), whole_number_columns()
    columns: dict[str, Any] = {}
    for column in (*METADATA_COLUMNS, *value_columns()):
        values = [record[column] for record in records]
        if column in whole:
            columns[column] = pandas.array(values, dtype="Int64")
        elif kinds.get(column) == "amount":
            columns[column] = pandas.array([None if v is None else Decimal(v) for v in values], dtype=object)
        else:
            columns[column] = pandas.array(values, dtype="string")
    return pandas.DataFrame(columns, index=pandas.RangeIndex(len(records)))


def diagnostics_frame(rows: Iterable[dict[str, Any]]) -> pandas.DataFrame:
    rows = list(rows)
    columns = {
        column: pandas.array([row[column] for row in rows], dtype="Int64" if column == "line" else "string")
        for column in DIAGNOSTIC_COLUMNS
    }
    return pandas.DataFrame(columns, index=pandas.RangeIndex(len(rows)))


def _reports_part(items: list[tuple[dict[str, Any], list[dict[str, Any]]]]) -> pandas.DataFrame:
    return reports_frame(record for record, _ in items)


def _diagnostics_part(items: list[tuple[dict[str, Any], list[dict[str, Any]]]]) -> pandas.DataFrame:
    return diagnostics_frame(row for _, rows in items for row in rows)


def _amount_schema() -> dict[str, pyarrow.DataType]:
    return {column: AMOUNT_TYPE for column, kind in column_kinds().items() if kind == "amount"}


def to_parquet(
    paths: Sequence[str | os.PathLike[str]],
    directory: str | os.PathLike[str],
    *,
    npartitions: int | None = None,
    format: str = "auto",
) -> None:
    """Parse ``paths`` on the active Dask scheduler and write ``directory/reports`` and
    ``directory/diagnostics`` as Parquet datasets (one file per partition)."""
    bag = records_bag(paths, npartitions=npartitions, format=format)
    parts = bag.to_delayed()
    reports = dask.dataframe.from_delayed(
        [delayed(_reports_part)(part) for part in parts], meta=reports_frame([]), verify_meta=False
    )
    diagnostics = dask.dataframe.from_delayed(
        [delayed(_diagnostics_part)(part) for part in parts], meta=diagnostics_frame([]), verify_meta=False
    )
    root = os.fspath(directory)
    compute(
        reports.to_parquet(
            os.path.join(root, "reports"), write_index=False, schema=_amount_schema(), compute=False
        ),
        diagnostics.to_parquet(os.path.join(root, "diagnostics"), write_index=False, compute=False),
    )


def read_parquet(directory: str | os.PathLike[str]) -> tuple[pandas.DataFrame, pandas.DataFrame]:
    """The two tables of a dataset written by ``to_parquet``, typed as written (Int64 with <NA>,
    Decimal amounts, strings), reports in the order of the paths."""
    root = os.fspath(directory)
    reports = pandas.read_parquet(os.path.join(root, "reports"), dtype_backend="numpy_nullable")
    diagnostics = pandas.read_parquet(os.path.join(root, "diagnostics"), dtype_backend="numpy_nullable")
    return reports.reset_index(drop=True), diagnostics.reset_index(drop=True)
