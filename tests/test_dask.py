"""The Dask path (issue 16): a corpus parsed on a LocalCluster of two workers into Parquet, read back
equal to ``to_records``."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pytest

import gipreport
from _support import SAMPLES

pytest.importorskip("dask.distributed")
gipreport_dask = pytest.importorskip("gipreport.dask")


def _plain(value: Any) -> Any:
    import pandas

    if value is pandas.NA or (isinstance(value, float) and math.isnan(value)):
        return None
    return value


def _corpus(tmp_path: Path) -> list[str]:
    paths = sorted(
        str(path)
        for path in SAMPLES.iterdir()
        if path.suffix in (".txt", ".md", ".html", ".pdf") and path.name != "README.md"
    )
    (tmp_path / "broken.txt").write_bytes(bytes(range(256)))  # a binary file: a record with errors
    return [*paths, str(tmp_path / "broken.txt"), str(tmp_path / "missing.txt")]


def test_a_corpus_on_two_workers_is_written_and_read_back_equal_to_the_records(tmp_path: Path) -> None:
    from dask.distributed import Client, LocalCluster

    paths = _corpus(tmp_path)
    with (
        LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster,
        Client(cluster) as client,
    ):
        gipreport_dask.to_parquet(paths, tmp_path / "corpus", npartitions=4)
        assert len(client.scheduler_info()["workers"]) == 2
    reports, diagnostics = gipreport_dask.read_parquet(tmp_path / "corpus")
    expected = []
    for path in paths:
        try:
            expected.append(gipreport.to_records([gipreport.parse_file(path)], files=[path])[0])
        except OSError:
            expected.append(None)
    got = [{key: _plain(value) for key, value in row.items()} for row in reports.to_dict("records")]
    assert len(got) == len(paths)
    for want, have in zip(expected, got, strict=True):
        if want is None:  # the missing file: a record that says why
            assert have["read_error"].startswith("cannot read") and have["organ"] is None
            continue
        assert have == want
    assert str(reports["applications.new_received.total"].dtype) == "Int64"
    assert str(reports["year"].dtype) == "Int64"
    assert str(diagnostics["line"].dtype) == "Int64"
    wanted_codes = sorted(
        (path, d.code) for path in paths[:-1] for d in gipreport.parse_file(path).diagnostics
    )
    assert sorted(zip(diagnostics["file"], diagnostics["code"], strict=True)) == wanted_codes


def test_without_a_cluster_the_local_scheduler_does_the_same(tmp_path: Path) -> None:
    paths = _corpus(tmp_path)[:3]
    gipreport_dask.to_parquet(paths, tmp_path / "local")
    reports, _ = gipreport_dask.read_parquet(tmp_path / "local")
    assert list(reports["file"]) == paths
