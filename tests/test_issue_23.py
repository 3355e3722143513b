"""Issue 23: what PDF text extractors and OCR make of a report."""

from __future__ import annotations

import gipreport
from _support import read_sample
from gipreport.layout import classify_line, spaced
from gipreport.normalize import normalize_line

BODY = read_sample("004_c601c8efb108a009").split("\n", 3)[3]


def test_radicals_a_pdf_gives_for_ideographs_read_as_the_ideographs() -> None:
    """Chromium's PDFs map 「一」 to KANGXI RADICAL ONE and 「民」 to CJK RADICAL CIVILIAN: labels
    (「⼀、本年新收…」) and organs (「改⾰局」) matched nothing."""
    assert normalize_line("⼀、本年新收政府信息公开申请数量") == "一、本年新收政府信息公开申请数量"
    assert normalize_line("⼈⺠政府 改⾰局 ⻚") == "人民政府 改革局 页"
    report = gipreport.parse(f"沭阳县发展和改⾰局2023年政府信息公开工作年度报告\n{BODY}")
    assert report.organ == "沭阳县发展和改革局"


def test_a_menu_line_above_a_wrapped_title_is_not_in_the_organ() -> None:
    """Chromium's print of a portal page: 「首页 新闻」, then the title wrapped at the page's width."""
    text = f"首页 新闻\n攀枝花市米易县普威镇2023年政府信息公开工作年\n度报告\n{BODY}"
    report = gipreport.parse(text)
    assert (report.organ, report.year) == ("攀枝花市米易县普威镇", 2023)


def test_a_sentence_naming_the_report_is_no_title_and_gives_the_organ_over_its_wrap() -> None:
    """A page printed without its title: the first sentence names the report, wrapped mid-name."""
    text = (
        "根据《条例》要求，现向社会公布沭阳县发\n"
        "展和改革局2023年度政府信息公开年度报告。本年度报告所列数据的统计时限为2023年1月1\n"
        f"{BODY}"
    )
    report = gipreport.parse(text)
    assert (report.organ, report.year) == ("沭阳县发展和改革局", 2023)
    assert report.title is None
    assert any(d.code == "map.metadata-inferred" and d.key == "organ" for d in report.diagnostics)


def test_a_label_one_space_before_its_numbers_is_a_row() -> None:
    """``pdftotext -layout`` of a tight column: the label runs into its numbers with one space, and
    a wrapped label's first line ends with the values."""
    line = "（二）部分公开（区分处理的，只计这一情形，不 1 0 0 0 0 0 1"
    assert classify_line(normalize_line(line)) == "spaced"
    cells = [text for _, text in spaced._chunks(normalize_line(line))]
    assert cells == ["(二)部分公开(区分处理的,只计这一情形,不", "1 0 0 0 0 0 1"]
    # a sentence that ends in a figure stays prose
    assert classify_line(normalize_line("全年共收到申请。其中依申请公开 3 4")) == "text"


def test_two_runs_of_table_four_numbers_are_neither_read() -> None:
    """pdfminer moves table 三's last numbers below table 四's heading: the first 15 numbers there
    were read as table 四, silently (a 1 read as 0)."""
    moved = [0, 0, 0, 0, 0, 26, 0, 0, 0, 0, 0, 0, 0, 0, 26]  # table 三's, moved down
    table_four = [0, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]
    text = "四、政府信息公开行政复议、行政诉讼情况\n行政复议\n" + "\n".join(map(str, moved))
    text += "\n结果维持\n" + "\n".join(map(str, table_four)) + "\n"
    report = gipreport.parse(text)
    flat = report.to_flat()
    review = {key: value for key, value in flat.items() if key.startswith("review_litigation.")}
    assert review and all(value is None for value in review.values())
    assert any(d.code == "map.unlabelled-twice" and d.key == "review_litigation" for d in report.diagnostics)


def test_without_any_format_marker_the_years_format_is_read_and_said() -> None:
    """OCR garbles every heading: a 2019 report was read in the 2021 format, and its 2019 keys were
    missing without a word."""
    report = gipreport.parse("平潭综合实验区2019年政府信息公开工作年度报告\n规章 |0 |0 0\n")
    assert report.format == "2019" or report.format is None
    assert any(d.code == "format.by-year" for d in report.diagnostics)
    assert "active_disclosure_2019.regulations.new_made" in report.to_flat()


def test_an_organ_the_title_and_body_spell_apart_is_flagged() -> None:
    """tesseract reads 洪泽 as 洪译 in the title and right in the body."""
    title = "淮安市洪译区人民政府\n2024年政府信息公开工作年度报告\n"
    text = title + "2024年，淮安市洪泽区人民政府坚持以人民为中心。\n"
    report = gipreport.parse(text)
    assert report.organ == "淮安市洪译区人民政府"
    conflict = [d for d in report.diagnostics if d.code == "map.metadata-conflict"]
    assert conflict and conflict[0].key == "organ" and conflict[0].severity == "warning"
    # a short name in the body is another name, not a misreading
    text = "淮安市洪泽区人民政府\n2024年政府信息公开工作年度报告\n2024年，区政府办坚持以人民为中心。\n"
    assert not any(d.code == "map.metadata-conflict" for d in gipreport.parse(text).diagnostics)
