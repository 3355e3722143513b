"""Issue 22: what converters make of a page or a Word file."""

from __future__ import annotations

import pytest

import gipreport
from _support import read_sample

BODY = read_sample("004_c601c8efb108a009").split("\n", 3)[3]
TITLE = "攀枝花市米易县普威镇2023年政府信息公开工作年度报告"


@pytest.mark.parametrize(
    "line",
    [
        f"# **{TITLE}**",
        f"## {TITLE}",
        f"> **{TITLE}**",
        f"__{TITLE}__",
        f"*{TITLE}*",
        f"> # {TITLE}",
        "**攀枝花市米易县普威镇**2023年政府信息公开工作年度报告",
    ],
)
def test_markdown_marks_never_reach_the_organ_or_the_title(line: str) -> None:
    """pandoc, MarkItDown and html2text wrap a title in heading, quote and emphasis marks; they
    reached the organ silently (「**攀枝花市米易县普威镇」)."""
    report = gipreport.parse(f"{line}\n\n{BODY}")
    assert report.title == TITLE
    assert (report.organ, report.year) == ("攀枝花市米易县普威镇", 2023)


def test_html2text_rows_without_a_leading_pipe_are_pipe_rows() -> None:
    """html2text writes 「label| 0| 0」 (no outer pipes, a markdown line break after), and a rule
    「---|---」 after the first row; a sentence holding a 「|」 stays prose."""
    from gipreport.layout import pipe

    assert pipe.classify("行政规范性文件| 77| 132| 470  ") == "pipe"
    assert pipe.classify("---|---") == "rule"
    assert pipe.classify("本机关" + "依法公开政府信息" * 10 + "| 另见附件") is None
    report = gipreport.parse(
        "二、主动公开政府信息情况\n信息内容| 本年制发件数| 本年废止件数| 现行有效件数  \n规章| 0| 1| 2  \n"
    )
    assert (report.active_disclosure.regulations.repealed, report.active_disclosure.regulations.in_force) == (
        1,
        2,
    )


DRAWN = """\
三、收到和处理政府信息公开申请情况
┌─────────┬────┬────┐
│         │自然│总计│
│         │人  │    │
├────┬────┼────┼────┤
│三、│（一│3   │3   │
│本年│）予│    │    │
│度办│以公│    │    │
│理结│开  │    │    │
│果  ├────┼────┼────┤
│    │（二│    │1   │
│    │）部│    │    │
└────┴────┴────┴────┘
"""


def test_a_box_drawn_table_is_read_by_its_regions() -> None:
    """w3m draws a table with box characters; a region the walls enclose is one cell, its wrapped
    pieces joined (「（一」「）予」「以公」「开」), a merged label one cell of several rows."""
    from gipreport.readers.boxes import box_islands, box_rows

    lines = DRAWN.split("\n")
    assert box_islands(lines) == [(2, 13)]
    rows = box_rows(lines[1:13], 2)
    assert [[cell.text for cell in row] for row in rows] == [
        ["", "自然人", "总计"],
        ["三、本年度办理结果", "（一）予以公开", "3", "3"],
        ["（二）部", "", "1"],
    ]
    assert [(cell.rowspan, cell.colspan) for cell in rows[1]] == [(2, 1), (1, 1), (1, 1), (1, 1)]
    assert rows[0][0].colspan == 2 and rows[1][1].line == 6


def test_inline_markup_inside_pipe_cells_is_not_the_cells_text() -> None:
    """pandoc's gfm of a Word page keeps 「<span style=…>规章</span>」 in pipe cells."""
    span = '<span style="font-family: 微软雅黑;">{}</span><span style="font-family: 微软雅黑;"></span>'
    row = "| " + " | ".join(span.format(text) for text in ("规范性文件", "8", "0", "18")) + " |"
    report = gipreport.parse(f"二、主动公开政府信息情况\n{row}\n")
    assert report.active_disclosure.normative_documents.in_force == 18
    assert report.sources["active_disclosure.normative_documents.in_force"].raw.strip().startswith("<span")


def test_a_menu_line_above_a_whole_title_is_not_part_of_it() -> None:
    """w3m and lynx print a portal's menu (「首页新闻」) on the line above the title; it reached the
    organ silently (「首页新闻攀枝花市米易县普威镇」)."""
    for menu in ("首页新闻", "[首页](/) [新闻](/news)"):
        report = gipreport.parse(f"{menu}\n\n{TITLE}\n\n{BODY}")
        assert (report.title, report.organ) == (TITLE, "攀枝花市米易县普威镇")


def test_the_format_of_a_text_whose_tables_are_drawn_is_detected_from_them() -> None:
    """A 2019-format report whose tables are box drawings was read in the 2021 format: detection did
    not see the drawn tables' headings."""
    report = gipreport.parse(read_sample("rendered-pingtan-2019-w3m"))
    assert report.format == "2019"
    assert report.active_disclosure_2019.licensing.decisions == 181  # type: ignore[attr-defined]


def test_a_blank_cell_on_its_own_empty_line_keeps_its_place() -> None:
    """LibreOffice's text export of a Word table: one cell per line, a blank cell an empty line (or
    one of U+00A0); every row's numbers follow its label at once, so those empty lines are cells."""
    text = read_sample("shuyang-development-reform-2023-page-libreoffice-text")
    report = gipreport.parse(text)
    new = report.applications.new_received
    assert (new.natural_person, new.commercial_enterprise, new.other_org, new.total) == (26, None, None, 26)
    assert report.sources["applications.new_received.commercial_enterprise"].state == "blank"
    with_nbsp = gipreport.parse(text.replace("26\n\n\n", "26\n\u00a0\n\u00a0\n", 1))
    assert with_nbsp.applications.new_received == new


def test_empty_lines_an_extractor_prints_for_markup_are_not_cells() -> None:
    """get_text("\\n") puts empty lines between a label and its numbers too: there an empty line says
    nothing of a cell, and rows with blank cells stay short and flagged, never shifted."""
    report = gipreport.parse(read_sample("shuyang-development-reform-2023-page-gettext"))
    assert report.applications.new_received.commercial_enterprise is None
    assert any(d.key and d.key.startswith("applications.new_received") for d in report.diagnostics)


def test_a_box_cell_joins_a_wrapped_number_but_not_two_numbers() -> None:
    """A renderer wraps a cell's text only where it reached the cell's right wall: a number a narrow
    column cut (「7539443」 filling its line, then 「2.52」) is one number; two lines that stop short of
    the wall (a line printed twice: 「132」, 「132」) are two words, not 132132."""
    from gipreport.readers.boxes import box_rows

    drawn = [
        "┌────┬───────┬───────┐",
        "│规章│7539443│132    │",
        "│    │2.52   │132    │",
        "└────┴───────┴───────┘",
    ]
    assert [cell.text for cell in box_rows(drawn, 1)[0]] == ["规章", "75394432.52", "132 132"]
