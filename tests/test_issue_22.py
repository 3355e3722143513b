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
