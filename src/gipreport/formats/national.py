"""What every national format shares: the six section headings, the words that name the report, and
the identities across years (I5, the stock of documents), built from a format's own columns and rows.

Both 〔2019〕60号 and 〔2021〕30号 prescribe the same six sections and the same report title; a
format module passes these to its FormatSpec (a format with other sections passes its own).
"""

from __future__ import annotations

from gipreport.formats.identities import SumIdentity

# Section number -> (words a numbered heading must contain, the phrase an unnumbered one must contain).
SECTION_WORDS: dict[int, tuple[tuple[str, ...], str]] = {
    1: (("总体",), "总体情况"),
    2: (("主动公开",), "主动公开政府信息情况"),
    3: (("申请",), "收到和处理政府信息公开申请"),
    4: (("复议", "诉讼"), "行政复议"),
    5: (("问题",), "存在的主要问题"),
    6: (("其他", "其它"), "其他需要报告"),
}

# The six headings as the national format prints them (for writing reports; reading tolerates variants).
SECTION_HEADINGS = {
    1: "一、总体情况",
    2: "二、主动公开政府信息情况",
    3: "三、收到和处理政府信息公开申请情况",
    4: "四、政府信息公开行政复议、行政诉讼情况",
    5: "五、存在的主要问题及改进情况",
    6: "六、其他需要报告的事项",
}

# The name of the report in its title: 「(年度)政府信息公开(工作)年度报告」 and its variants.
REPORT_PHRASE = r"(?:年度)?政府信息公开(?:工作)?(?:年度)?(?:工作)?(?:年度)?报告"
# What makes a line a title at all (a looser form, also matched across line breaks).
TITLE_PATTERN = r"政府信息公开.{0,8}报告"

# How prose states the figures of tables 三 and 四, which both formats share (flat key, pattern whose
# group ``n`` is the number). Each cue binds one cell; a figure that is the sum of several cells (「予以
# 公开及部分公开42件」, 「行政诉讼案件7件」 = two blocks, 「不予公开5件」 = eight rows) has no cue, and the
# lookbehinds keep 「及部分公开」 from binding the second half of such a sum.
_RECEIVED = r"(?:收到|接收|受理)"
_SUM_JOINED = r"[及和与、或]"  # a word after one of these is the second half of a sum
APPLICANT_WORDS = {
    "natural_person": "自然人",
    "commercial_enterprise": "商业企业",
    "research_institution": "科研机构",
    "social_welfare_org": "社会公益组织",
    "legal_service_org": "法律服务机构",
}
APPLICATION_CUES: tuple[tuple[str, str], ...] = (
    (
        "applications.new_received.total",
        rf"{_RECEIVED}[^，。；,;]{{0,30}}?(?:政府信息公开|依申请(?:信息)?公开)(?:申请)?(?:共计|合计|共)?\s*(?P<n>\d+)\s*件",
    ),
    *(
        # 「收到…申请81件，涉及自然人80件、商业企业1件」: only in a sentence about applications received
        (
            f"applications.new_received.{column}",
            # the word first: the lookbehind, scanning back to the sentence's start, runs only there
            rf"{word}(?<={_RECEIVED}[^。；;]*申请[^。；;]*{word})(?:申请)?\s*(?P<n>\d+)\s*件",
        )
        for column, word in APPLICANT_WORDS.items()
    ),
    ("applications.carried_over.total", r"上一?年度?结转(?:的)?(?:申请)?\s*(?P<n>\d+)\s*件"),
    (
        "applications.carried_forward.total",
        r"结转(?:至|到)?下一?年度?(?:继续办理)?(?:的)?(?:申请)?\s*(?P<n>\d+)\s*件",
    ),
    (
        "applications.total_processed.total",
        r"办结(?:依申请公开|政府信息公开申请|申请)?(?:共)?\s*(?P<n>\d+)\s*件",
    ),
    ("applications.granted.total", rf"予以公开(?<!{_SUM_JOINED}予以公开)\s*(?P<n>\d+)\s*件"),
    ("applications.partially_granted.total", rf"部分公开(?<!{_SUM_JOINED}部分公开)\s*(?P<n>\d+)\s*件"),
    ("applications.other_processing.total", rf"其他处理(?<!{_SUM_JOINED}其他处理)\s*(?P<n>\d+)\s*件"),
)
REVIEW_CUES: tuple[tuple[str, str], ...] = (
    (
        "review_litigation.administrative_review.total",
        r"行政复议(?:案件|申请)?(?:共)?\s*(?P<n>\d+)\s*(?:件|起)",
    ),
)


# --- Across years (``FormatSpec.across_years``) ------------------------------------------------


def carried_over_identities(columns: tuple[tuple[str, str], ...]) -> tuple[SumIdentity, ...]:
    """I5, across years: this year's 二、上年结转 is last year's 四、结转下年度继续办理, per column. Keys
    are ``this:<flat key>`` and ``last:<flat key>`` (see ``corpus.across_years``)."""
    return tuple(
        SumIdentity(
            code="check.i5-carried-over",
            key=f"applications.carried_over.{column}",
            name="I5",
            scope=f"{label}列",
            left_label="本年 二、上年结转",
            right_label="上年 四、结转下年度继续办理",
            left=(f"this:applications.carried_over.{column}",),
            right=(f"last:applications.carried_forward.{column}",),
        )
        for column, label in columns
    )


def stock_identities(rows: tuple[tuple[str, str], ...]) -> tuple[SumIdentity, ...]:
    """The stock of documents across years: 现行有效(N) + 废止(N) = 现行有效(N-1) + 制发(N); a warning,
    since documents also lapse or are revised."""
    return tuple(
        SumIdentity(
            code="check.stock",
            key=f"active_disclosure.{row}.in_force",
            name="存量",
            scope=label,
            left_label="本年现行有效 + 本年废止",
            right_label="上年现行有效 + 本年制发",
            left=(f"this:active_disclosure.{row}.in_force", f"this:active_disclosure.{row}.repealed"),
            right=(f"last:active_disclosure.{row}.in_force", f"this:active_disclosure.{row}.issued"),
        )
        for row, label in rows
    )
