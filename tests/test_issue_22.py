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
