"""Issue 23: what PDF text extractors and OCR make of a report."""

from __future__ import annotations

import re
from decimal import Decimal
from random import Random
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import gipreport
from _support import covered, dishonest, read_report, read_sample
from gipreport.layout import classify_line, spaced
from gipreport.model import Report
from gipreport.normalize import normalize_line
from gipreport.render import NoiseStep, render
from gipreport.strategies import reports
from test_stream_order import HEADING, printed_rows

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


@pytest.mark.parametrize(
    "title",
    [
        "攀枝花市米易县普威镇 年政府信息公开工作年\n2023\n度报告",  # MarkItDown: the year a run of its own
        "攀枝花市米易县普威镇 年政府信息公开工作年度报告\n2023",  # pdfplumber: the year below the title
        "攀枝花市米易县普威镇 年政\n2023\n府信息公开工作年度报告",  # an A5 print: the title wraps after 年政
    ],
)
def test_a_titles_year_drawn_on_a_line_of_its_own_is_put_back(title: str) -> None:
    """Chromium's print of a page whose title's year is a text run of its own: extractors give the
    year on a line below, and leave a gap before 「年」 where it stood."""
    report = gipreport.parse(f"首页 新闻\n{title}\n{BODY}")
    assert (report.organ, report.year) == ("攀枝花市米易县普威镇", 2023)
    assert report.title == "攀枝花市米易县普威镇2023年政府信息公开工作年度报告"


def test_a_title_a_converter_drew_as_a_pipe_row_is_read() -> None:
    """MarkItDown's text of LibreOffice's print: the title's pieces are a pipe table's row."""
    row = "| 攀枝花市米易县普威镇 |     | 2023 | 年政府信息公开工作 |\n| --- | --- | --- | --- |"
    text = f"{row}\n年度报告\n{BODY}"
    report = gipreport.parse(text)
    assert (report.organ, report.year) == ("攀枝花市米易县普威镇", 2023)


def test_a_titles_year_taken_for_a_page_number_is_put_back() -> None:
    """MarkItDown's text of Chromium's print: the title a pipe row, its year alone below it (which the
    layout takes for a page number)."""
    row = "| 平潭综合实验区 |     | 年政府信息公开工作年度报告 |\n| --- | --- | --- |"
    report = gipreport.parse(f"首页 新闻\n{row}\n2019\n{BODY}")
    assert (report.organ, report.year) == ("平潭综合实验区", 2019)


def test_a_lone_year_is_not_put_into_a_title_with_two_gaps() -> None:
    """Which gap the year left cannot be told: the lines stay as they are."""
    report = gipreport.parse(f"首页 新闻\nXX镇 年 年政府信息公开工作年度报告\n2023\n{BODY}")
    assert "2023" not in (report.title or "")


def test_an_organ_the_body_names_without_its_place_is_flagged() -> None:
    """A page without its title whose first sentence naming the organ says 「县发展和改革局」: the
    body's own short form, flagged, not completed."""
    report = gipreport.parse("一、总体情况\n2023年，县发展和改革局认真贯彻执行省、市、县有关文件精神。\n")
    assert report.organ == "县发展和改革局"
    (short,) = [d for d in report.diagnostics if d.code == "map.metadata-short-organ"]
    assert short.severity == "warning" and short.key == "organ"


def test_justified_prose_cut_into_chunks_with_a_full_stop_is_no_header_row() -> None:
    """The Shuyang page printed by LibreOffice, in pypdf's layout text: the sentence publishing the
    report, justified with runs of spaces into three chunks, was read as a table's header line, and
    the organ was taken from a later sentence's short form (「县发展和改革局」)."""
    line = "展和改革局  2023年度政府信息公开年度报告。本年度报告所列数据的统计时限为          2023年1月1"
    assert classify_line(line) != "spaced"
    report = read_report("shuyang-development-reform-2023-page-libreoffice-pdf-pypdf-layout")
    assert (report.organ, report.year) == ("沭阳县发展和改革局", 2023)


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


def test_a_label_wrapped_into_pieces_of_a_narrow_column_is_joined() -> None:
    """PyMuPDF over LibreOffice's print of a Word table with narrow label columns: each label comes
    in pieces of 1-3 characters, one a line, and was not found (「行政规」「范性文」「件」)."""
    pieces = "规章\n1\n2\n3\n行政规\n范性文\n件\n4\n5\n6\n行政许\n可\n7\n"
    report = gipreport.parse(f"二、主动公开政府信息情况\n{pieces}")
    documents = report.active_disclosure.normative_documents
    assert (documents.issued, documents.repealed, documents.in_force) == (4, 5, 6)
    assert report.sources["active_disclosure.normative_documents.issued"].line == 9


def test_a_group_labels_pieces_before_a_rows_pieces_are_not_a_row() -> None:
    """「（六）」「其他处」「理」 then the pieces of 「1.申请人无正当理由…」: the group label is the old
    single row's label, but a row's pieces follow it, not its numbers; the row is the one read."""
    numbers = "\n".join("0" * 7)
    text = (
        "三、收到和处理政府信息公开申请情况\n（六）\n其他处\n理\n1.申请\n人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请\n"
        f"{numbers}\n"
    )
    report = gipreport.parse(text)
    assert report.applications.other_overdue_correction.total == 0
    assert not any(d.code == "map.old-other-processing" for d in report.diagnostics)


def procurement_read(report: Report) -> list[str]:
    """2019's 政府集中采购 row as read: its count, amount and the amount's unit."""
    flat = report.to_flat()
    columns = ("count", "amount", "amount_unit")
    return [str(flat[f"active_disclosure_2019.procurement.{column}"]) for column in columns]


def test_a_unit_a_narrow_column_wrapped_under_its_amount_stays_with_it() -> None:
    """「75394432.52」 then 「元」 on the next line: the unit was lost (an unflagged None)."""
    text = (
        "第二十条第（九）项\n信息内容\n采购项目数量\n采购总金额\n政府集中采购\n135\n75394432.52\n元\n"
        "规范性文件\n89\n89\n89\n规章\n0\n0\n0\n"
    )
    report = gipreport.parse(text, format="2019")
    assert procurement_read(report) == ["135", "75394432.52", "元"]
    assert report.sources["active_disclosure_2019.procurement.amount"].lines == (7, 8)


def test_a_rows_numbers_on_one_line_after_its_wrapped_label_are_a_cell_each() -> None:
    """pypdf's plain text of a Word-export PDF: a label wrapped over lines, then the row's numbers on
    one line (「396 0 181」); the line was one cell, unreadable, and every such row was flagged. A
    number whose digits are grouped by spaces (「1 234」) stays one cell."""
    text = (
        "第二十条第（一）项\n信息内\n容\n本年新\n制作数\n量\n本年新\n公开数\n量\n对外公\n开总数\n量\n"
        "规章 0 0 0\n规范性\n文件\n89 89 89\n第二十条第（五）项\n信息内\n容\n上一年\n项目数\n量\n"
        "本年\n增/减\n处理决\n定数量\n行政许\n可\n396 0 181\n其他对\n外管理\n服务事\n项\n10 0 153\n"
        "第二十条第（六）项\n行政处\n罚\n2648 0 430\n行政强\n制\n1 234\n0\n25\n"
        "第二十条第（九）项\n采购项\n目数量\n采购总金额\n政府集\n中采购\n135 75394432.52元\n"
    )
    report = gipreport.parse(text, format="2019")
    flat = report.to_flat()
    fmt = gipreport.formats.get("2019")
    rows = ("normative_documents", "licensing", "other_management_services", "punishment", "coercion")
    got = [flat[key] for row in rows for key in fmt.row(f"active_disclosure_2019.{row}").cells]
    assert got == [89, 89, 89, 396, 0, 181, 10, 0, 153, 2648, 0, 430, 1234, 0, 25]
    assert [
        str(flat[f"active_disclosure_2019.procurement.{c}"]) for c in ("count", "amount", "amount_unit")
    ] == [
        "135",
        "75394432.52",
        "元",
    ]
    source = report.sources["active_disclosure_2019.licensing.decisions"]
    assert (source.raw, source.line) == ("181", 29)


OCR_TABLE = (
    "信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数\n"
    "规章 |0 |0 0\n"
    "行政规范性文件 |1154 |0 |12\n"
    "行政许可 |I3\n"
    "一、本年新收政府信息公开申请数量 0|10101010 1\n"
)


def test_ocr_text_is_said_and_its_unconfirmed_values_are_flagged() -> None:
    """tesseract reads table borders as 「|」「I」 or a 1: 「|1154」 may be 154. Table 二 has no identity
    to confirm it, so every value there is flagged in OCR text; a clean text's are not."""
    report = gipreport.parse(OCR_TABLE + BODY)
    codes = {d.code for d in report.diagnostics}
    assert "input.ocr" in codes
    flagged = {d.key for d in report.diagnostics if d.code == "check.ocr-unconfirmed"}
    assert "active_disclosure.normative_documents.issued" in flagged
    assert all(d.severity == "warning" for d in report.diagnostics if d.code == "check.ocr-unconfirmed")
    clean = gipreport.parse(read_sample("004_c601c8efb108a009"))
    assert not {"input.ocr", "check.ocr-unconfirmed"} & {d.code for d in clean.diagnostics}


def test_markdown_pipe_rows_are_no_ocr_sign() -> None:
    rows = "".join(f"|规章|{n}|0|0|\n" for n in range(5))
    assert not gipreport.normalize.shows_ocr(rows)
    assert not gipreport.normalize.shows_ocr("".join(f"  |0|{n}|\n" for n in range(5)))  # indented


@pytest.mark.parametrize(
    "line",
    [
        "度办“| (二) 部分公开 〈区分处理的，",  # a border read as an opening quote after a label
        "一、本年新收政府信息公开申请数量 “80  1  0  0  0   0  81",  # glued to the row's first number
        "3.补正后申请内容仍不明           |",  # a border alone at the line's end
        "4.保护第三方合法权益 |0                   0",  # a border glued to a number
    ],
)
def test_ocr_signs(line: str) -> None:
    assert gipreport.normalize.shows_ocr(f"{line}\n" * 2)
    assert not gipreport.normalize.shows_ocr(f"{line}\n")  # one line may be a slip


@pytest.mark.parametrize(
    "line",
    [
        "请拨打“12345”政务服务热线，“12345”热线全年受理 80 件",  # quoted figures are closed
        "3.危及“三安全一稳定”| 0| 0| 0| 0| 0| 0| 0",  # html2text: a closing quote before a cell's border
        "| 规章 | 0 | 0 |",  # a pipe row
        "规章 | 0 | 0 |",  # a pipe row without its leading pipe
    ],
)
def test_converter_text_shows_no_ocr_sign(line: str) -> None:
    assert not gipreport.normalize.shows_ocr(f"{line}\n" * 5)


def test_the_search_counts_every_reading_it_tries(monkeypatch: pytest.MonkeyPatch) -> None:
    """MarkItDown over a narrow-column print: rows of numbers without labels, each with hundreds of
    readings. The budget counted steps down the walk, not readings tried: 15.7 million readings were
    tried within 20,000 steps (14 s). Every reading tried now counts, so the budget bounds the work."""
    from gipreport.tables import blocks as blocks_module
    from gipreport.tables import recovery as recovery_module
    from gipreport.tables import search as search_module

    tried = searches = 0
    checked, searched = search_module.holds_where_known, search_module.search

    def counting_check(*args: Any) -> bool:
        nonlocal tried
        tried += 1
        return checked(*args)

    def counting_search(*args: Any, **options: Any) -> search_module.Outcome:
        nonlocal searches
        searches += 1
        return searched(*args, **options)

    budget = 1_000
    monkeypatch.setattr(search_module, "holds_where_known", counting_check)
    monkeypatch.setattr(search_module, "MAX_SEARCH_NODES", budget)
    monkeypatch.setattr(recovery_module, "search", counting_search)
    monkeypatch.setattr(blocks_module, "MAX_STREAM_READINGS", 0)  # the numbers' order places them too
    report = gipreport.parse(read_sample("rendered-004-docx-wide-libreoffice-pdf-markitdown"))
    # a reading is checked when tried, and a whole reading once more at the end of the walk
    assert 0 < tried <= 2 * budget * searches
    assert any(d.code == "recover.budget" for d in report.diagnostics)


def test_a_label_that_goes_on_below_its_numbers_is_joined() -> None:
    """``pdftotext -layout`` of LibreOffice's print of a Word table with a narrow label column: the
    numbers stand on the label's first line, its rest on the lines below (「行政规 0 0 0」, 「范性文」,
    「件」); the first piece alone named no row, and the row was lost."""
    text = (
        "二、主动公开政府信息情况\n"
        "信息内   本年制   本年废   现行有\n"
        "规章    1      2      3\n"
        "行政规   4      5      6\n"
        "范性文\n"
        "件\n"
        "第二十条第（五）项\n"
        "行政许可   7\n"
    )
    report = gipreport.parse(text)
    documents = report.active_disclosure.normative_documents
    assert (documents.issued, documents.repealed, documents.in_force) == (4, 5, 6)
    assert report.active_disclosure.licensing.decisions == 7
    assert report.sources["active_disclosure.normative_documents.issued"].line == 4


@pytest.mark.parametrize(
    ("line", "key", "value"),
    [
        ("行政事业性收费0", "active_disclosure.fees.amount", 0),
        ("行政事业性收费5949.088667", "active_disclosure.fees.amount", Decimal("5949.088667")),
        ("行政许可2629", "active_disclosure.licensing.decisions", 2629),
    ],
)
def test_a_label_glued_to_its_one_number_on_a_line_alone_is_its_row(
    line: str, key: str, value: object
) -> None:
    """``pdftotext -raw`` of Chromium's prints: 「行政事业性收费0」 on a line of its own; no layout takes a
    line of words with one figure behind them, and the row was lost."""
    text = (
        "二、主动公开政府信息情况\n第二十条第（八）项\n信息内容 本年收费金额（单位：万元）\n"
        f"{line}\n三、收到和处理政府信息公开申请情况\n"
    )
    report = gipreport.parse(text)
    assert report.to_flat()[key] == value
    assert report.sources[key].line == 4


def test_labels_glued_to_their_numbers_on_lines_one_after_another_are_each_their_row() -> None:
    lines = [
        "二、主动公开政府信息情况",
        "行政许可2629",
        "行政处罚1330",
        "行政强制54",
        "三、收到和处理政府信息公开申请情况",
    ]
    text = "\n".join(lines) + "\n"
    report = gipreport.parse(text)
    disclosure = report.active_disclosure
    assert (
        disclosure.licensing.decisions,
        disclosure.punishment.decisions,
        disclosure.coercion.decisions,
    ) == (
        2629,
        1330,
        54,
    )
    assert [
        report.sources[f"active_disclosure.{row}.decisions"].line for row in ("licensing", "punishment")
    ] == [2, 3]


def test_a_sentence_ending_in_a_figure_is_no_glued_row() -> None:
    report = gipreport.parse("二、主动公开政府信息情况\n全年办理行政许可2629\n行政许可 7\n")
    assert report.active_disclosure.licensing.decisions == 7


def test_a_numbering_and_one_character_of_a_label_before_its_numbers_is_a_row() -> None:
    """PDF text of a Word table whose label column is two characters wide: 「2.其 0 0 0 0 0 0 0」 (the
    label 「2.其他法律行政法规禁止公开」 goes on below) was prose, and the row was lost."""
    assert classify_line(normalize_line("2.其 0 0 0 0 0 0 0")) == "spaced"
    assert classify_line(normalize_line("2.其   0   0   0   0   0   0   0")) == "spaced"
    assert classify_line(normalize_line("2.5 0 0")) == "text"


NARROW_LABELS = {  # the same rows as two programs give a Word table with two-character label columns
    "pdftotext -layout": (
        "三、收到和处理政府信息公开申请情况\n"
        "                    申请人情况\n"
        "三、  （一）予以公   1   0   0    0     0    0    1\n"
        "本年  开\n"
        "度办  （二）部分公   2   0   0    0     0    0    2\n"
        "理结  开（区分处理\n"
        "果   的，只计这一\n"
        "    情形，不计其\n"
        "    他情形）\n"
        "（三   1.属   3   0   0   0   0   0   3\n"
        "）不   于国\n"
        "予公   家秘\n"
        "开    密\n"
        "     2.其   4   0   0   0   0   0   4\n"
        "     他法\n"
        "     律行\n"
        "     政法\n"
        "     规禁\n"
        "     止公\n"
        "     开\n"
        "     3.危   5   0   0   0   0   0   5\n"
        "     及“三\n"
        "     安全\n"
        "     一稳\n"
        "     定”\n"
        "     4.保   0   0   0   0   0   0   0\n"
    ),
    "pdfplumber": (
        "三、收到和处理政府信息公开申请情况\n"
        "申请人情况\n"
        "三、 （一）予以公 1 0 0 0 0 0 1\n"
        "本年 开\n"
        "度办 （二）部分公 2 0 0 0 0 0 2\n"
        "理结 开（区分处理\n"
        "果 的，只计这一\n"
        "情形，不计其\n"
        "他情形）\n"
        "（三 1.属 3 0 0 0 0 0 3\n"
        "）不 于国\n"
        "予公 家秘\n"
        "开 密\n"
        "2.其 4 0 0 0 0 0 4\n"
        "他法\n"
        "律行\n"
        "政法\n"
        "规禁\n"
        "止公\n"
        "开\n"
        "3.危 5 0 0 0 0 0 5\n"
        "及“三\n"
        "安全\n"
        "一稳\n"
        "定”\n"
        "4.保 0 0 0 0 0 0 0\n"
    ),
    "MarkItDown": (  # each row a one-row table of its own, its label's pieces on the prose lines after it
        "三、收到和处理政府信息公开申请情况\n"
        "| 三、 （一）予以公 | 1 0 | 0 0 | 0 0 | 1   |\n"
        "| --------- | --- | --- | --- | --- |\n"
        "本年 开\n"
        "| 度办 （二）部分公 | 2 0 | 0 0 | 0 0 | 2   |\n"
        "| --------- | --- | --- | --- | --- |\n"
        "理结 开（区分处理\n"
        "果 的，只计这一\n"
        "情形，不计其\n"
        "他情形）\n"
        "\n"
        "| （三 1.属 | 3 0 | 0 0 | 0 0 | 3   |\n"
        "| ------ | --- | --- | --- | --- |\n"
        "）不 于国\n"
        "予公 家秘\n"
        "开 密\n"
        "| 2.其 | 4 0 | 0 0 | 0 0 | 4   |\n"
        "| --- | --- | --- | --- | --- |\n"
        "他法\n"
        "律行\n"
        "政法\n"
        "规禁\n"
        "止公\n"
        "开\n"
        "| 3.危 | 5 0 | 0 0 | 0 0 | 5   |\n"
        "| --- | --- | --- | --- | --- |\n"
        "及“三\n"
        "安全\n"
        "一稳\n"
        "定”\n"
    ),
}


@pytest.mark.parametrize("gap", [" ", "      "])
def test_a_unit_below_its_amount_beside_the_labels_last_piece_stays_with_the_amount(gap: str) -> None:
    """LibreOffice's print of a 2019 Word table in pdfplumber / ``pdftotext -layout``: 「政府集 135
    75394432.52」 then 「中采购 元」 (the label's last piece and the amount's unit on one line, after
    the block): the joined label took the unit, which was lost (an unflagged None)."""
    text = (
        "第二十条第（九）项\n信息内 采购项 采购总金额\n容 目数量\n"
        f"政府集 135{gap}75394432.52\n中采购{gap}元\n三、收到和处理政府信息公开申请情况\n"
    )
    report = gipreport.parse(text, format="2019")
    assert procurement_read(report) == ["135", "75394432.52", "元"]
    assert report.sources["active_disclosure_2019.procurement.amount"].lines == (4, 5)


def test_a_label_wrapped_below_ends_where_the_next_rows_numbering_starts() -> None:
    """tesseract (``--psm 6``) over the same print: 「2.重 |3  3」, then 「复申」「请」「3.要」「求提」…; the
    pieces joined up to 「版物」 end in the next row's label, which a suffix match named: the 3s were
    placed in 3.要求提供公开出版物 instead of 2.重复申请."""
    text = (
        "三、收到和处理政府信息公开申请情况\n"
        "1.信访举报投诉类申请   0   0   0   0   0   0   0\n"
        "2.重   3   0   0   0   0   0   3\n"
        "复申\n请\n3.要\n求提\n供公\n开出\n版物\n"
        "4.无正当理由大量反复申请   0   0   0   0   0   0   0\n"
    )
    report = gipreport.parse(text)
    assert report.applications.not_processed_duplicate.total == 3
    assert report.applications.not_processed_publication.total is None


def test_a_label_whose_last_character_leads_its_numbers_is_not_joined_to_the_next_label() -> None:
    """``pdftotext -raw`` of an A5 print: 「一、本年新收政府信息公开申请数」 then 「量 1259 36 0 0 0 0 1295」;
    the 「量」 joined on to the next row's 「二、上年结转政府信息公开申请数」「量」 named 二 by its suffix,
    and the first row's numbers were read as the second's (flagged as a duplicate row)."""
    text = (
        "三、收到和处理政府信息公开申请情况\n申请人情况\n"
        "一、本年新收政府信息公开申请数\n量 1259 36 0 0 0 0 1295\n"
        "二、上年结转政府信息公开申请数\n量 170 15 0 0 4 0 189\n"
        "（一）予以公开 201 5 0 0 0 0 206\n"
    )
    report = gipreport.parse(text)
    assert report.applications.new_received.total == 1295
    assert report.applications.carried_over.total == 189
    assert not any(d.code == "map.row-duplicate" for d in report.diagnostics)


@pytest.mark.parametrize("program", sorted(NARROW_LABELS))
def test_row_labels_wrapped_below_beside_a_group_labels_pieces_are_joined(program: str) -> None:
    """LibreOffice's print of a Word table with two-character label columns: a row's numbers stand on
    its label's first line, the rest of the label below, each line holding a piece of the group label
    (「（三」「）不」「予公」「开」) beside the row label's (「1.属」「于国」「家秘」「密」)."""
    report = gipreport.parse(NARROW_LABELS[program])
    three = report.applications
    rows = (
        three.granted,
        three.partially_granted,
        three.denied_state_secret,
        three.denied_prohibited_by_law,
        three.denied_three_safeties_one_stability,
    )
    assert [(row.natural_person, row.total) for row in rows] == [(1, 1), (2, 2), (3, 3), (4, 4), (5, 5)]
    source = report.sources["applications.denied_state_secret.natural_person"]
    assert "1.属" in NARROW_LABELS[program].splitlines()[source.line - 1]  # the numbers' line
    assert source.state == "value"


def test_an_organ_the_title_and_body_spell_apart_is_flagged() -> None:
    """tesseract reads 洪泽 as 洪译 in the title and right in the body: one of them is misread."""
    title = "淮安市洪译区人民政府\n2024年政府信息公开工作年度报告\n"
    text = title + "2024年，淮安市洪泽区人民政府坚持以人民为中心。\n" + OCR_TABLE
    report = gipreport.parse(text)
    assert report.organ == "淮安市洪译区人民政府"
    conflict = [d for d in report.diagnostics if d.code == "map.metadata-conflict"]
    assert conflict and conflict[0].key == "organ" and conflict[0].severity == "warning"
    # a short name in the body is another name, not a misreading
    text = "淮安市洪泽区人民政府\n2024年政府信息公开工作年度报告\n2024年，区政府办坚持以人民为中心。\n"
    assert not any(d.code == "map.metadata-conflict" for d in gipreport.parse(text + OCR_TABLE).diagnostics)


def test_an_organ_spelt_apart_is_flagged_in_text_without_ocr_signs() -> None:
    """tesseract's sparse mode (``--psm 11``) draws no borders, so its text of the Huai'an PDF at
    250 dpi shows no OCR sign; its title says 洪译区, its body 洪泽区. The organ was taken from the title
    without a word; now flagged, as in OCR text. A clean text whose title and body agree is not."""
    title = "淮安市洪译区人民政府\n2024年政府信息公开工作年度报告\n"
    body = "2024年，淮安市洪泽区人民政府坚持以人民为中心，做好政府信息公开工作。\n"
    table = "三、收到和处理政府信息公开申请情况\n一、本年新收政府信息公开申请数量\t1\t0\t0\t0\t0\t0\t1\n"
    report = gipreport.parse(title + body + table)
    assert "input.ocr" not in {d.code for d in report.diagnostics}
    assert report.organ == "淮安市洪译区人民政府"
    assert any(d.code == "map.metadata-conflict" and d.key == "organ" for d in report.diagnostics)
    clean = gipreport.parse(title.replace("洪译", "洪泽") + body + table)
    assert clean.organ == "淮安市洪泽区人民政府"
    assert not any(d.key == "organ" for d in clean.diagnostics)


def test_an_organ_the_ocr_text_names_once_only_is_flagged() -> None:
    """tesseract reads 沭阳县 as 沐阳县 in the one sentence that names the organ (no title): nothing in
    the text confirms it. Named twice alike, it is confirmed."""
    body = "现向社会公布沐阳县发展和改革局2023年政府信息公开工作年度报告。\n"
    report = gipreport.parse(body + OCR_TABLE)
    flagged = [d for d in report.diagnostics if d.code == "map.metadata-unconfirmed"]
    assert report.organ == "沐阳县发展和改革局"
    assert flagged and flagged[0].key == "organ" and flagged[0].severity == "warning"
    twice = body + "沐阳县发展和改革局坚持以人民为中心。\n"
    assert not any(
        d.code == "map.metadata-unconfirmed" for d in gipreport.parse(twice + OCR_TABLE).diagnostics
    )
    assert not any(d.code == "map.metadata-unconfirmed" for d in gipreport.parse(body).diagnostics)  # no OCR


def test_a_space_aligned_row_that_lost_a_blank_cell_is_not_cut_into_digits() -> None:
    """Found by the honesty property (pdf-layout noise): table 四 as PDF text, 未经复议直接起诉's
    尚未审结 printed blank and its total 33. The row has 14 numbers for 15 columns; cutting 「33」 into
    3 and 3 was taken for the only reading that adds up (3 placed as 尚未审结 and as the total,
    "recovered"), but space-aligned text drops a blank cell without running its neighbours together:
    a lost cell is a reading too, and nothing is proven."""
    flat = read_report("000_6943510d23fd8daa").to_flat()
    flat.update({key: 0 for key in flat if key.startswith("review_litigation.")})
    flat["review_litigation.litigation_direct.pending"] = None
    flat["review_litigation.litigation_direct.total"] = 33
    report = gipreport.from_flat(flat, format="2021", organ="盘州市柏果镇人民政府", year=2023)
    got = gipreport.parse(render(report, "tab", noise=[NoiseStep("pdf-layout", 0)]))
    assert not dishonest(report, got)


@pytest.mark.parametrize("amount", ["75394432.52元", "75394432.52 元"])
def test_an_amount_with_its_unit_ends_a_short_row(amount: str) -> None:
    """PDF text of 2019's 政府集中采购 (pdfplumber, pypdf, `pdftotext -raw`):
    「政府集中采购 135 75394432.52元」 was taken for prose (a unit after the last number): the row was
    missing."""
    text = (
        "第二十条第（一）项\n信息内容 本年新制作数量 本年新公开数量 对外公开总数量\n"
        "规章 0 0 0\n规范性文件 89 89 89\n"
        f"第二十条第（九）项\n信息内容 采购项目数量 采购总金额\n政府集中采购 135 {amount}\n"
    )
    report = gipreport.parse(text, format="2019")
    row = report.active_disclosure_2019.procurement
    assert (row.count, row.amount, row.amount_unit) == (135, Decimal("75394432.52"), "元")
    assert report.sources["active_disclosure_2019.procurement.amount"].raw == amount


@settings(max_examples=25)
@given(reports(), st.randoms(use_true_random=False))
def test_pipe_rows_whose_number_cells_a_converter_merged_read_back_whole(report: Report, rnd: Random) -> None:
    """MarkItDown's PDF text (pdfminer): neighbouring cells of a table line in one pipe cell, apart by
    a space (「| 23 | 0 0 | 0 0 | 0 23 |」). Each number is read as its own cell, and the report back
    exactly: every value, none recovered by a search. (Cells merged into what reads as one number with
    its digits grouped, 「871 974」, are left apart here: that one is read as 871974, and flagged.)"""
    lines = []
    for line in render(report, "pipe").split("\n"):
        cells = line.strip("|").split("|") if line.startswith("|") else None
        if not cells or not all(cell.strip().isdigit() for cell in cells[1:]) or len(cells) < 3:
            lines.append(line)
            continue
        merged, numbers = [cells[0]], [cell.strip() for cell in cells[1:]]
        while numbers:
            take = rnd.randint(1, 3)
            if GROUPED_DIGITS.fullmatch(" ".join(numbers[:take])):
                take = 1
            merged.append(" " + " ".join(numbers[:take]) + " ")
            numbers = numbers[take:]
        lines.append("|" + "|".join(merged) + "|")
    got = gipreport.parse("\n".join(lines))
    assert got.to_flat() == report.to_flat()
    assert {source.state for source in got.sources.values()} <= {"value", "derived"}


GROUPED_DIGITS = re.compile(r"\d{1,3}(?: \d{3})+")


def test_a_report_whose_title_ocr_broke_is_read_in_the_format_of_the_year_it_names() -> None:
    """tesseract read a 2019 report's title as 「…2019 年政府信息公开工作年度报」 and 「写」 (告), and no
    table heading of any format: no title is found, but the line names the year beside the report's
    subject, and the format in use then is read (said so), not the default one, whose keys the
    report does not have."""
    rows = "一、本年新收政府信息公开申请数量    |1 |0 |0 |0 |0 |0 |1\n（七）总计    |1 |0 |0 |0 |0 |0 |1\n"
    text = "平漂综合实验区 2019 年政府信息公开工作年度报\n写\n三、收到和处理政府信息公开申请情况\n" + rows
    assert not any(gipreport.formats.detect(text.replace(" ", "")).hits.values())
    report = gipreport.parse(text)
    assert report.format == "2019"
    assert "format.by-year" in {d.code for d in report.diagnostics}
    assert report.year is None  # no title: the year is not the report's metadata


def narrow_print(report: Report, program: str) -> str:
    """Table 三 of ``report`` as PDF text programs give a Word table whose label columns are two
    characters wide: a row's numbers on its label's first line (blank cells gone), the rest of the label
    a piece a line below, beside the pieces of the innermost group label over the group's first row."""
    flat = report.to_flat()
    lines = [f"某某县人民政府{report.year}年政府信息公开工作年度报告", HEADING, "申请人情况"]
    seen_groups: set[str] = set()
    gap = "   " if program == "pdftotext -layout" else " "
    for row in printed_rows(report):
        pieces = [row.label[at : at + 2] for at in range(0, len(row.label), 2)]
        group = row.groups[-1] if row.groups and row.groups[-1] not in seen_groups else ""
        seen_groups.add(group)
        beside = [group[at : at + 2] for at in range(0, len(group), 2)]
        numbers = [str(flat[key]) for key in row.cells if flat[key] is not None]
        first = f"{beside[0]}{gap}{pieces[0]}" if beside else pieces[0]
        if program == "MarkItDown":
            cells = [" ".join(numbers[at : at + 2]) for at in range(0, len(numbers), 2)]
            lines += [f"| {first} | {' | '.join(cells)} |", "| --- |" + " --- |" * len(cells)]
        else:
            lines.append(gap.join([first, *numbers]))
        for at in range(1, max(len(pieces), len(beside))):
            parts = [beside[at] if at < len(beside) else "", pieces[at] if at < len(pieces) else ""]
            lines.append(gap.join(part for part in parts if part))
    lines.append("四、政府信息公开行政复议、行政诉讼情况")
    return "\n".join(lines) + "\n"


@given(st.data())
def test_narrow_label_columns_are_read_exactly_or_flagged(data: st.DataObject) -> None:
    """Labels in two-character pieces below their numbers, beside a group label's: whatever the joins
    make of them (a piece may end one label and start the next), no value is silently wrong."""
    report = data.draw(reports(old_layout=None, format=data.draw(st.sampled_from(["2021", "2019"]))))
    program = data.draw(st.sampled_from(sorted(NARROW_LABELS)))
    got = gipreport.parse(narrow_print(report, program))
    assert not dishonest(report, got)


def test_a_row_whose_total_fails_flags_every_cell_of_it() -> None:
    """tesseract at 400 dpi (``--psm 3``) over LibreOffice's print of the Pingtan page draws no border,
    so its text shows no OCR sign, and it read 表四's 4 as a 1 (「1 1 0 0 窿 1 0 0 1 5 …」): I4 fails in
    the 未经复议直接起诉 block, and the wrong 1 was left unflagged, the error keyed on the block's total
    only. A row's total that fails is keyed on the row: any of its cells may be the wrong one."""
    text = (
        "四、政府信息公开行政复议、行政诉讼情况\n"
        "行政复议\t行政诉讼\n"
        "1\t1\t0\t0\t2\t1\t0\t0\t1\t5\t1\t0\t1\t0\t2\n"
    )
    report = gipreport.parse(text)
    assert report.review_litigation.litigation_direct.upheld == 1  # 4 in the report: OCR misread it
    assert covered("review_litigation.litigation_direct.upheld", report)
    assert not covered("review_litigation.administrative_review.upheld", report)  # its block adds up


def test_the_unit_of_an_unconfirmed_ocr_amount_is_flagged() -> None:
    """The 2019 format's 政府集中采购 amount with its unit 「元」 on a line below, which OCR lost: the
    amount is flagged ``check.ocr-unconfirmed``, and its unit (None as read, 元 in the report) too."""
    text = (
        "信息内容 | 采购项目数量 | 采购总金额\n"
        "政府集中采购 | 135     75394432.52\n"
        "规章 |0 |0 0\n"
        "一、本年新收政府信息公开申请数量 0|10101010 1\n"
    )
    report = gipreport.parse("2019年政府信息公开工作年度报告\n" + text, format="2019")
    assert report.to_flat()["active_disclosure_2019.procurement.amount"] is not None
    flagged = {d.key for d in report.diagnostics if d.code == "check.ocr-unconfirmed"}
    assert {
        "active_disclosure_2019.procurement.amount",
        "active_disclosure_2019.procurement.amount_unit",
    } <= flagged


def test_an_organ_spelt_a_character_apart_anywhere_in_the_text_is_flagged() -> None:
    """The Pingtan page has no title; OCR misread 平潭 as 平漂 in the sentence the organ is read from (and
    in two more), but kept 平潭 in another line (「请与平潭综合实验区管委会办公室联系」): the text spells
    the organ two ways, a character apart, and one is misread. Flagged in any text (at 400 dpi the text
    showed no OCR sign); a name wrapped over two lines is no other spelling."""
    body = (
        "2023年，平漂综合实验区坚持以习近平新时代中国特色社会主义思想为指导。\n"
        "本报告有任何疑问、意见，请与平潭综合实验区管委会办公室联系。\n"
    )
    table = "三、收到和处理政府信息公开申请情况\n一、本年新收政府信息公开申请数量\t1\t0\t0\t0\t0\t0\t1\n"
    report = gipreport.parse(body + table)
    assert report.organ == "平漂综合实验区"
    (conflict,) = [d for d in report.diagnostics if d.code == "map.metadata-conflict"]
    assert conflict.key == "organ" and conflict.severity == "warning" and conflict.line == 2
    wrapped = body.replace("请与平潭综合实验区管委会", "请与平漂综合实\n验区管委会")
    assert not any(d.code == "map.metadata-conflict" for d in gipreport.parse(wrapped + table).diagnostics)


def test_an_opening_bracket_read_as_an_angle_bracket_shows_ocr() -> None:
    """tesseract at 400 dpi (and in sparse mode) reads no border, but reads 「（」 as 「〈」: 「第二十条第
    〈一) 项」, 「〈单位: 万元)」. Two such lines make the text OCR output; 〈…〉 closed as printed (a
    title quoted in 〈〉) is no sign."""
    table = "三、收到和处理政府信息公开申请情况\n一、本年新收政府信息公开申请数量  1  0  0  0  0  0  1\n"
    ocr = "第二十条第 〈一) 项\n信息内容   本年收费金额 〈单位: 万元)\n" + table
    assert "input.ocr" in {d.code for d in gipreport.parse(ocr).diagnostics}
    quoted = "关于印发〈中华人民共和国政府信息公开条例〉的通知\n〈政府信息公开工作年度报告格式〉\n" + table
    assert "input.ocr" not in {d.code for d in gipreport.parse(quoted).diagnostics}


def test_an_ocr_text_may_misread_two_characters_of_the_organ() -> None:
    """tesseract at 400 dpi over LibreOffice's print of the Shuyang page: 「沐阳县发展和改革局」 where the
    organ is read from, 「沭阳县发展和改诗局」 in another line: two characters apart, flagged in OCR text
    (in a converter's text, one character apart only); the end of a sentence before a name's end
    (「2023年,县发展和改革局」) is no spelling of it."""
    body = (
        "现向社会公布沐阳县发展和改革局2023年政府信息公开工作年度报告。\n"
        "如对年度报告有疑问，请与沐阳县发展和改革局联系。\n"
        "2023年,县发展和改革局认真贯彻落实。\n"
        "沭阳县发展和改诗局\n"
    )
    table = "三、收到和处理政府信息公开申请情况\n一、本年新收政府信息公开申请数量  1  0  0  0  0  0  1\n"
    ocr = body + "第二十条第 〈一) 项\n第二十条第 〈五) 项\n" + table
    (conflict,) = [d for d in gipreport.parse(ocr).diagnostics if d.code == "map.metadata-conflict"]
    assert conflict.line == 4 and "沭阳县发展和改诗局" in conflict.message
    assert not any(d.code == "map.metadata-conflict" for d in gipreport.parse(body + table).diagnostics)
