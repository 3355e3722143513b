"""Byte and file input: encodings detected and recorded, undecodable bytes reported, never a crash."""

from __future__ import annotations

from pathlib import Path

import pytest

import gipreport
from _support import read_expected, read_sample, sample_names
from gipreport.decoding import decode

TEXT = read_sample("001_8b957fd57b8434a8")


def _encoding(report: gipreport.Report) -> str:
    (found,) = [d.message for d in report.diagnostics if d.code == "input.encoding"]
    return found.removeprefix("decoded as ")


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (b"\xef\xbb\xbf" + TEXT.encode("utf-8"), "utf-8"),
        (TEXT.encode("utf-16"), "utf-16"),
        (TEXT.encode("utf-16-le"), "utf-16-le"),
        (TEXT.encode("utf-16-be"), "utf-16-be"),
        (TEXT.encode("gbk"), "gb18030"),
        (TEXT.encode("gb18030"), "gb18030"),
    ],
)
def test_encodings_are_detected_and_the_report_is_the_same(data: bytes, encoding: str) -> None:
    report = gipreport.parse_bytes(data)
    assert _encoding(report) == encoding
    assert report == gipreport.parse(TEXT)


def test_undecodable_bytes_are_replaced_and_reported() -> None:
    report = gipreport.parse_bytes(TEXT.encode("utf-8")[:-3] + b"\xff\xfe\xfd", encoding="utf-8")
    assert any(d.code == "input.undecodable" for d in report.diagnostics)


def test_binary_data_is_flagged_not_parsed_as_a_report() -> None:
    report = gipreport.parse_bytes(bytes(range(256)) * 10)
    assert any(d.code == "input.binary" and d.severity == "error" for d in report.diagnostics)


def test_unknown_encoding_name_is_a_programmer_error() -> None:
    with pytest.raises(LookupError):
        gipreport.parse_bytes(b"x", encoding="no-such-codec")


def test_parse_bytes_rejects_str() -> None:
    with pytest.raises(TypeError, match="parse"):
        gipreport.parse_bytes("text")  # type: ignore[arg-type]


def test_parse_file(tmp_path: Path) -> None:
    path = tmp_path / "r.txt"
    path.write_bytes(read_sample("000_6943510d23fd8daa").encode("gb18030"))
    report = gipreport.parse_file(path)
    assert report.organ == read_expected("000_6943510d23fd8daa")["organ"]


def test_empty_bytes() -> None:
    assert decode(b"").text == ""
    report = gipreport.parse_bytes(b"")
    assert report.format is None


@pytest.mark.parametrize("name", sample_names())
def test_records_carry_every_flat_value(name: str) -> None:
    report = gipreport.parse(read_sample(name))
    (record,) = gipreport.to_records([report], files=[name])
    assert record["file"] == name
    assert {k: record[k] for k in report.to_flat()} == report.to_flat()


def test_to_frame_wide_and_long() -> None:
    pandas = pytest.importorskip("pandas")
    reports = [gipreport.parse(read_sample(name)) for name in sample_names()]
    wide = gipreport.to_frame(reports, files=sample_names())
    assert isinstance(wide, pandas.DataFrame)
    assert len(wide) == len(reports)
    assert wide.loc[0, "applications.new_received.total"] == reports[0].applications.new_received.total
    long = gipreport.to_frame(reports, long=True)
    assert len(long) == sum(len(report.to_flat()) for report in reports)  # every value, units too
    row = long[(long.report == 1) & (long.key == "review_litigation.litigation_direct.total")].iloc[0]
    assert (row.table_label, row.row_label, row.column_label) == (
        "表四 政府信息公开行政复议、行政诉讼情况",
        "未经复议直接起诉",
        "总计",
    )
