"""Bad input: parse never raises on a str, says what it could not read, and strict raises once."""

from __future__ import annotations

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

import gipreport
from _support import covered, read_sample
from gipreport import formats
from gipreport.pipeline import MAX_INPUT_CHARS


@given(st.text())
@example("其他对外管理服务事项")  # a label of the 2019 format alone: read in that format (its keys)
def test_parse_never_raises_on_any_text(text: str) -> None:
    report = gipreport.parse(text)
    assert isinstance(report, gipreport.Report)
    # Every key of one registered format: the default, or the one the text's words name.
    assert set(report.to_flat()) in [set(spec.flat_keys) for spec in formats.registered()]


_TABLEISH = st.lists(
    st.sampled_from(
        [*"\t|\n\r 0123456789/-—一二三四（）()、.", "规章", "行政许可", "(七)总计", "3.其他", "\r\n"]
    )
).map("".join)


@given(_TABLEISH)
@example("行政许可\t/")  # a row of one 「/」 cell: its None was under an info only (found by this test)
def test_parse_never_raises_on_table_like_noise(text: str) -> None:
    report = gipreport.parse(text)
    uncovered = [key for key, value in report.to_flat().items() if value is None and not covered(key, report)]
    assert not uncovered, "a None without a diagnostic on its key"


@pytest.mark.parametrize(
    "text",
    [
        "",
        "\x00\x01\ufffd" * 100,
        "很久很久以前，有一座山。" * 200,
        "\t" * 100_000,
        "|" * 10_000,
        "规章\t" + "9" * 5_000,
        "(七)总计\t" + "\t".join(["1"] * 5_000),
    ],
)
def test_hostile_inputs_give_a_report_with_diagnostics(text: str) -> None:
    report = gipreport.parse(text)
    assert report.diagnostics


def test_text_with_no_tables() -> None:
    report = gipreport.parse("某某局2023年政府信息公开工作年度报告\n一、总体情况\n本年度无申请。\n")
    assert report.format is None
    assert report.organ == "某某局"
    codes = {d.code for d in report.diagnostics}
    assert {"layout.no-tables", "map.table-missing"} <= codes
    assert all(value is None for value in report.to_flat().values())
    assert {d.key for d in report.diagnostics if d.code == "map.table-missing"} == {
        "active_disclosure",
        "applications",
        "review_litigation",
    }


def test_half_a_table() -> None:
    text = read_sample("004_c601c8efb108a009")
    lines = text.split("\n")
    report = gipreport.parse("\n".join(lines[:55]))
    assert report.applications.new_received.total == 0
    assert report.applications.total_processed.total is None
    keys = {d.key for d in report.diagnostics if d.code == "map.row-missing"}
    assert "applications.total_processed" in keys


def test_oversized_input_is_cut_with_a_diagnostic() -> None:
    report = gipreport.parse("规章\t1\t2\t3\n" + "x" * (MAX_INPUT_CHARS + 10))
    assert report.active_disclosure.regulations.issued == 1
    assert any(d.code == "input.too-large" for d in report.diagnostics)


def test_bytes_raise_type_error_with_a_hint() -> None:
    with pytest.raises(TypeError, match="decode"):
        gipreport.parse(b"\xe8\xa7\x84\xe7\xab\xa0")  # type: ignore[arg-type]


def test_strict_raises_one_error_with_the_partial_report() -> None:
    with pytest.raises(gipreport.ParseError) as raised:
        gipreport.parse("规章\t1\t2\t3\t4\n", strict=True)
    assert raised.value.report.active_disclosure.regulations.issued is None
    assert {d.code for d in raised.value.errors} >= {"map.row-long", "map.table-missing"}
    assert all(d.severity == "error" for d in raised.value.errors)


def test_strict_passes_a_clean_report() -> None:
    report = gipreport.parse(read_sample("004_c601c8efb108a009"), strict=True)
    assert report.errors == ()
