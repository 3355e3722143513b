"""A number a PDF text extractor glued to a row's label (PyMuPDF, `pdftotext -layout`, pypdf's layout
mode): the label column's last line and the first cell beside it share a baseline, and the two come
out as one word (「行政规范性文件77」, 「…不计其他情形）19」)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

import gipreport
from _support import read_report, read_sample
from gipreport.layout import spaced

TAB = read_sample("004_c601c8efb108a009")


def _parse(printed: str, glued: str) -> gipreport.Report:
    assert printed in TAB
    return gipreport.parse(TAB.replace(printed, glued))


def test_a_number_glued_to_a_whole_label_is_the_rows_first_value() -> None:
    report = _parse("行政规范性文件\t0\t0\t0", "行政规范性文件7\t13\t47")
    row = report.active_disclosure.normative_documents
    assert (row.issued, row.repealed, row.in_force) == (7, 13, 47)
    source = report.sources["active_disclosure.normative_documents.issued"]
    assert (source.raw, source.line, source.state) == ("7", 26, "value")


def test_an_amount_glued_to_its_label_is_read_whole() -> None:
    report = _parse("行政事业性收费\t0\t\t", "行政事业性收费5949.088667\t\t")
    assert report.active_disclosure.fees.amount == Decimal("5949.088667")
    assert report.sources["active_disclosure.fees.amount"].raw == "5949.088667"


def test_a_number_glued_to_a_labels_last_piece_is_the_rows_first_value() -> None:
    """The label wrapped over two cells, the number glued to the second: the row was one cell short,
    its label unjoined, every value flagged."""
    report = _parse(
        "(二) 部分公开 (区分处理的, 只计这一情形, 不计其他情形)\t\t0\t0\t0\t0\t0\t0\t0",
        "(二) 部分公开 (区分处理的,\t只计这一情形, 不计其他情形)0\t0\t0\t0\t0\t0\t0",
    )
    row = report.applications.partially_granted
    assert [getattr(row, column) for column in ("natural_person", "other_org", "total")] == [0, 0, 0]
    assert report.sources["applications.partially_granted.natural_person"].line == 47
    assert not [d for d in report.diagnostics if (d.key or "").startswith("applications.partially_granted")]


def test_a_mark_after_a_label_whose_row_is_whole_stays_in_the_label() -> None:
    """「行政规范性文件1」 with its three numbers after it: the 1 is no cell (a footnote's mark)."""
    report = _parse("行政规范性文件\t0\t0\t0", "行政规范性文件1\t0\t8\t0")
    row = report.active_disclosure.normative_documents
    assert (row.issued, row.repealed, row.in_force) == (0, 8, 0)


@given(st.tuples(st.integers(0, 10**6), st.integers(0, 10**6), st.integers(0, 10**6)))
def test_any_first_value_glued_to_its_label_reads_back(values: tuple[int, int, int]) -> None:
    issued, repealed, in_force = values
    report = _parse("行政规范性文件\t0\t0\t0", f"行政规范性文件{issued}\t{repealed}\t{in_force}")
    row = report.active_disclosure.normative_documents
    assert (row.issued, row.repealed, row.in_force) == values


def test_a_short_line_with_its_first_number_glued_to_its_label_is_a_row() -> None:
    """`pdftotext -raw` of Chromium's print: 「其他对外管理服务事项10 0 153」, a line of its own. With the
    other numbers apart by single spaces it is a row (label, then its numbers), not prose."""
    report = read_report("rendered-pingtan-2019-chromium-pdf-pdftotext-raw")
    row = report.active_disclosure_2019.other_management_services  # type: ignore[attr-defined]
    assert (row.prev_year_items, row.change, row.decisions) == (10, 0, 153)
    source = report.sources["active_disclosure_2019.other_management_services.prev_year_items"]
    assert (source.raw, source.line, source.state) == ("10", 12, "value")


@pytest.mark.parametrize(
    ("line", "cells"),
    [
        ("行政规范性文件0 0 0", ["行政规范性文件", "0 0 0"]),
        ("其他对外管理服务事项10 0 153", ["其他对外管理服务事项", "10 0 153"]),
        ("行政事业性收费0", None),  # one number: a sentence may end so
        ("本年共收到申请81件", None),
        ("附件1 2 3", None),
    ],
)
def test_a_label_glued_to_two_numbers_or_more_is_a_spaced_row(line: str, cells: list[str] | None) -> None:
    assert spaced.classify(line) == ("spaced" if cells else None)
    if cells:
        assert [text for _, text in spaced._chunks(line)] == cells
