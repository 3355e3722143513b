"""What every national format shares: the six section headings and the words that name the report.

Both 〔2019〕60号 and 〔2021〕30号 prescribe the same six sections and the same report title; a
format module passes these to its FormatSpec (a format with other sections passes its own).
"""

from __future__ import annotations

# Section number -> (words a numbered heading must contain, the phrase an unnumbered one must contain).
SECTION_WORDS: dict[int, tuple[tuple[str, ...], str]] = {
    1: (("总体",), "总体情况"),
    2: (("主动公开",), "主动公开政府信息情况"),
    3: (("申请",), "收到和处理政府信息公开申请"),
    4: (("复议", "诉讼"), "行政复议"),
    5: (("问题",), "存在的主要问题"),
    6: (("其他", "其它"), "其他需要报告"),
}

# The name of the report in its title: 「(年度)政府信息公开(工作)年度报告」 and its variants.
REPORT_PHRASE = r"(?:年度)?政府信息公开(?:工作)?(?:年度)?(?:工作)?(?:年度)?报告"
# What makes a line a title at all (a looser form, also matched across line breaks).
TITLE_PATTERN = r"政府信息公开.{0,8}报告"
