"""Regressions from issue 11 (real text renderings): each shape that gave a silent wrong number."""

from __future__ import annotations

import gipreport
from _support import covered


def _codes(report: gipreport.Report) -> set[tuple[str, str | None]]:
    return {(d.code, d.key) for d in report.diagnostics}


def test_a_page_number_under_a_row_is_page_furniture() -> None:
    for text in ("规章\t1\t2\t3\n5\n", "\t规章\n\t1\n\t2\n\t3\n\n5\n"):
        report = gipreport.parse(text)
        assert report.to_flat()["active_disclosure.regulations.in_force"] == 3
        assert any(d.code == "layout.page-furniture" for d in report.diagnostics)


def test_a_sub_table_heading_under_a_row_does_not_swallow_the_next_row() -> None:
    report = gipreport.parse("行政规范性文件\t0\t0\t1\n第二十条第（五）项\n行政许可\t7\n")
    assert report.to_flat()["active_disclosure.normative_documents.in_force"] == 1
    assert report.to_flat()["active_disclosure.licensing.decisions"] == 7


def test_two_numbers_in_one_cell_are_not_one_number() -> None:
    report = gipreport.parse("规章\t40000 40000\t2\t3\n")
    assert report.to_flat()["active_disclosure.regulations.issued"] is None
    assert ("map.cell-unreadable", "active_disclosure.regulations.issued") in _codes(report)


def test_an_unreadable_cell_of_table_four_stays_in_its_place() -> None:
    row = "\t".join(["1", "七", "3", "4", "8", *["0"] * 10])
    report = gipreport.parse(f"行政复议\t行政诉讼\n{row}\n")
    flat = report.to_flat()
    assert flat["review_litigation.administrative_review.upheld"] == 1
    assert flat["review_litigation.administrative_review.corrected"] is None
    assert flat["review_litigation.administrative_review.other"] == 3
    assert flat["review_litigation.administrative_review.total"] == 8
    assert ("map.cell-unreadable", "review_litigation.administrative_review.corrected") in _codes(report)


def test_a_derived_value_from_flagged_parts_carries_a_diagnostic() -> None:
    parts = [
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请\t1件\t0\t0\t0\t0\t0\t1",
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请\t0\t0\t0\t0\t0\t0\t0",
        "3.其他\t0\t0\t0\t0\t0\t0\t0",
    ]
    report = gipreport.parse("\n".join(parts) + "\n")
    assert report.to_flat()["applications.other_processing.natural_person"] == 1
    assert ("map.derived-from-flagged", "applications.other_processing.natural_person") in _codes(report)


def test_metadata_behind_a_crawlers_header() -> None:
    text = (
        "标题: 平潭综合实验区2022年度政府信息公开工作年度报告\n发布时间: 2023-02-20 15:07\n文号: \n"
        "发布机构: \n==================== 正文 ====================\n本报告根据《条例》编制。\n"
    )
    report = gipreport.parse(text)
    assert (report.organ, report.year) == ("平潭综合实验区", 2022)


def test_metadata_behind_a_markdown_heading_and_a_leading_zhengwen_line() -> None:
    report = gipreport.parse("正文\n# 2025 年上海市人民政府办公厅政府信息公开\n工作年度报告\n一、总体情况\n")
    assert (report.organ, report.year) == ("上海市人民政府办公厅", 2025)


def test_a_page_body_without_title_gives_organ_and_year_from_its_sentences() -> None:
    text = (
        "本报告根据《条例》编制。本报告中所列数据的统计期限自2023年1月1日起至2023年12月31日止。\n"
        "一、总体情况\n2023年，平潭综合实验区坚持以习近平新时代中国特色社会主义思想为指导。\n"
    )
    report = gipreport.parse(text)
    assert (report.organ, report.year) == ("平潭综合实验区", 2023)
    found = {d.key: d.message for d in report.diagnostics if d.code == "map.metadata-inferred"}
    assert set(found) == {"organ", "year"}


def test_a_sentence_is_never_an_organ() -> None:
    text = "现将有关情况报告如下。根据《关于印发中华人民共和国政府信息公开工作年度报告格式的通知》要求。\n"
    report = gipreport.parse(text)
    assert report.organ is None
    assert covered("organ", report) or any(d.code == "map.metadata-missing" for d in report.diagnostics)
