"""Layer 3: label matching, cell reading, row trimming, derived rows, metadata and sections."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

import gipreport
from gipreport import strategies as gs
from gipreport.formats.gb2021 import FORMAT, DocumentCounts
from gipreport.mapping import LabelIndex, heading_number, label_key, labels, read_value, strip_numbering

INDEX = LabelIndex(FORMAT)


@pytest.mark.parametrize(
    ("text", "row"),
    [
        ("（一）予以公开", "applications.granted"),
        ("三、 本 年 度 办 理 结 果(一) 予以公开", "applications.granted"),
        ("三、本年(一)予以公开", "applications.granted"),
        ("(二) 部分公开(区分处理的, 只计这一情形, 不 计其他情形)", "applications.partially_granted"),
        ('3.危及"三安全一稳定"', "applications.denied_three_safeties_one_stability"),
        ("3. 危及“三安全一稳定”", "applications.denied_three_safeties_one_stability"),
        ("四、结转下一年度继续办理", "applications.carried_forward"),
        ("(七)合计", "applications.total_processed"),
        ("(七) 总计", "applications.total_processed"),
        ("3.其他", "applications.other_other"),
        (
            "1.申请人无正当理由逾期不补正,行政机关不再处理其政府信息公开申请",
            "applications.other_overdue_correction",
        ),
        ("5.要求行政机关确认或重新 出具已获取信息", "applications.not_processed_confirmation"),
        ("行政规范性文件", "active_disclosure.normative_documents"),
        ("规章", "active_disclosure.regulations"),
        ("一、本年新收政府信息公开申请数", "applications.new_received"),  # a character lost
    ],
)
def test_row_labels_and_their_variants(text: str, row: str) -> None:
    match = INDEX.match(text)
    assert match is not None and match.kind == "row" and match.row is not None
    assert match.row.key == row


@pytest.mark.parametrize(
    "text", ["其他", "总计", "法人或者其他组织", "本年度止件数", "复议后诉讼", "商业 企业"]
)
def test_header_texts_are_not_rows(text: str) -> None:
    match = INDEX.match(text)
    assert match is not None and match.kind == "header"


@pytest.mark.parametrize("text", ["规矩", "行政", "总体情况", "本报告所列数据", "x" * 500])
def test_unrelated_text_matches_nothing(text: str) -> None:
    match = INDEX.match(text)
    assert match is None or match.kind != "row"


@pytest.mark.parametrize(
    ("text", "role"),
    [("0", "value"), ("", "value"), ("/", "value"), ("1,234", "value"), ("规矩", None), ("x" * 500, None)],
)
def test_cell_roles_values_and_nothing(text: str, role: str | None) -> None:
    assert INDEX.role(text) == role
    assert INDEX.role(text) == role  # and the same again, from the cache


def test_cell_role_of_a_label_is_its_match() -> None:
    assert INDEX.role("（一）予以公开") == INDEX.match("（一）予以公开")


def test_role_cache_keeps_no_long_text() -> None:
    # A hostile cell of a million characters must not stay alive in a cache shared by every parse.
    index = LabelIndex(FORMAT)
    index.role("x" * 1_000_000)
    index.role("9" * 1_000_000)
    assert all(len(text) <= 80 for text in index._roles)


def test_role_cache_stays_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    # Distinct cell texts without end (a dump of numbers) must not grow the shared cache without end.
    monkeypatch.setattr(labels, "MAX_CACHED_LABELS", 10)
    index = LabelIndex(FORMAT)
    for number in range(100):
        assert index.role(str(number)) == "value"
        assert len(index._roles) <= 10
    assert index.role("（一）予以公开") == INDEX.match("（一）予以公开")


def test_label_key_and_numbering() -> None:
    assert label_key("(三) 不予 公开") == "三不予公开"
    assert strip_numbering("三、(一)予以公开") == "予以公开"
    assert strip_numbering("1. 属于国家秘密") == "属于国家秘密"


@pytest.mark.parametrize(
    ("text", "kind", "value", "state"),
    [
        ("0", "count", 0, "value"),
        ("00", "count", 0, "value"),
        ("1,234", "count", 1234, "value"),
        ("+3", "count", 3, "value"),
        (" 1 234 ", "count", 1234, "value"),
        (" 1 2 ", "count", None, "unreadable"),  # two numbers in one cell (issue 11)
        ("40000 40000", "count", None, "unreadable"),
        ("0 293", "count", None, "unreadable"),  # a first group of 0 groups nothing: two numbers
        ("+1036", "signed", 1036, "value"),
        ("-18", "signed", -18, "value"),
        ("100000元", "amount", Decimal("10"), "value"),
        ("75394432.52元", "amount-as-printed", Decimal("75394432.52"), "value"),
        ("", "count", None, "blank"),
        ("/", "count", None, "na"),
        ("\u2014", "count", None, "na"),
        ("无", "count", None, "na"),
        ("-3", "count", None, "unreadable"),
        ("1.5", "count", None, "unreadable"),
        ("abc", "count", None, "unreadable"),
        ("9" * 40, "count", None, "unreadable"),
        ("3件", "count", 3, "value"),
        ("0.5", "amount", Decimal("0.5"), "value"),
        ("0.5万元", "amount", Decimal("0.5"), "value"),
        ("251000元", "amount", Decimal("25.1"), "value"),
        ("12.5元", "count", None, "unreadable"),
    ],
)
def test_read_value(text: str, kind: str, value: object, state: str) -> None:
    reading = read_value(text, kind)  # type: ignore[arg-type]
    assert (reading.value, reading.state) == (value, state)


@given(gs.cell_texts())
def test_every_wild_spelling_of_a_count_reads_back(pair: tuple[str, object]) -> None:
    from gipreport.normalize import normalize_line

    text, value = pair
    assert read_value(normalize_line(text)).value == value


@given(gs.cell_texts("amount"))
def test_every_wild_spelling_of_an_amount_reads_back(pair: tuple[str, object]) -> None:
    from gipreport.normalize import normalize_line

    text, value = pair
    assert read_value(normalize_line(text), "amount").value == value


def _codes(report: gipreport.Report) -> set[tuple[str, str | None]]:
    return {(d.code, d.key) for d in report.diagnostics}


def test_a_short_row_is_not_read_by_position() -> None:
    """Issue 11: which cell was lost is unknown, so no value of the row is placed; each is flagged."""
    report = gipreport.parse("规章\t1\t2\n")
    assert report.active_disclosure.regulations == DocumentCounts(None, None, None)
    for column in ("issued", "repealed", "in_force"):
        key = f"active_disclosure.regulations.{column}"
        assert ("recover.ambiguous", key) in _codes(report)
        assert report.sources[key].raw == "1 | 2"


def test_a_lines_row_cut_by_the_next_label_keeps_its_first_cells() -> None:
    """Seed 000's shape: Word dropped an empty last cell with the blank line after the row."""
    report = gipreport.parse("\t行政规范性文件\n\t0\n\t0\n \t第二十条第（五）项\n")
    assert report.active_disclosure.normative_documents == DocumentCounts(0, 0, None)
    assert ("map.row-short", "active_disclosure.normative_documents") in _codes(report)


def test_a_lost_cell_behind_padding_is_not_read_by_position() -> None:
    """Issue 11: a trailing TAB (or merged-label padding) and one lost cell fill the width exactly."""
    for line in (
        "（一）予以公开\t1\t3\t4\t5\t6\t19\t",
        "四、结转下年度继续办理\t\t\t1\t3\t4\t5\t6\t19",
    ):
        report = gipreport.parse(line + "\n")
        row = next(spec for spec in FORMAT.rows if INDEX.match(line.split("\t")[0]).row is spec)  # type: ignore[union-attr]
        for key in row.cells:
            value = report.to_flat()[key]
            assert value is None or key.endswith(".total"), (key, value)
            assert any(d.key in (key, row.key) and d.severity == "error" for d in report.diagnostics), key


def test_long_row_gives_no_values() -> None:
    report = gipreport.parse("规章\t1\t2\t3\t4\n")
    assert report.active_disclosure.regulations == DocumentCounts(None, None, None)
    assert ("map.row-long", "active_disclosure.regulations") in _codes(report)


def test_padding_between_label_and_values_is_cut() -> None:
    report = gipreport.parse("一、本年新收政府信息公开申请数量\t\t1\t0\t0\t0\t0\t0\t1\t\n")
    assert report.applications.new_received.natural_person == 1
    assert report.applications.new_received.total == 1
    assert not any(d.code == "map.row-ambiguous" for d in report.diagnostics)


def test_ambiguous_padding_is_flagged_not_silent() -> None:
    """Empty cells at both ends: which are padding is unknown; only what every reading agrees on is
    placed (here nothing: the numbers shift), the rest is None with an error."""
    report = gipreport.parse("一、本年新收政府信息公开申请数量\t\t1\t0\t0\t0\t0\t0\t\n")
    assert report.applications.new_received.natural_person is None
    assert report.applications.new_received.total is None
    assert ("recover.ambiguous", "applications.new_received.natural_person") in _codes(report)


def test_a_value_never_moves_to_another_row() -> None:
    """A row's extra numbers do not spill into the next row (issue 2, bad input)."""
    text = "规章\t1\t2\t3\t4\n行政规范性文件\t5\t6\t7\n"
    report = gipreport.parse(text)
    assert report.active_disclosure.normative_documents == DocumentCounts(5, 6, 7)


def test_duplicate_row_keeps_the_first() -> None:
    report = gipreport.parse("规章\t1\t2\t3\n规章\t4\t5\t6\n")
    assert report.active_disclosure.regulations.issued == 1
    assert ("map.row-duplicate", "active_disclosure.regulations") in _codes(report)


def test_group_label_alone_and_on_first_child_line() -> None:
    rows = (
        "\t（六）其他处理\t\n"
        "\t\t1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请\t1\t0\t0\t0\t0\t0\t1\n"
    )
    report = gipreport.parse(rows)
    assert report.applications.other_overdue_correction.total == 1
    assert report.applications.other_processing.total is None  # its other two parts are missing


def test_other_processing_is_derived_from_its_parts() -> None:
    parts = [
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        "3.其他",
    ]
    text = "".join(f"{label}\t1\t0\t0\t0\t0\t2\t3\n" for label in parts)
    report = gipreport.parse(text)
    assert report.applications.other_processing.natural_person == 3
    assert report.applications.other_processing.other_org == 6
    assert report.sources["applications.other_processing.total"].state == "derived"


def test_unit_in_fee_cell_is_read_with_a_diagnostic() -> None:
    report = gipreport.parse("行政事业性收费\t251000元\n")
    assert report.active_disclosure.fees.amount == Decimal("25.1")
    assert ("map.cell-unit", "active_disclosure.fees.amount") in _codes(report)


@pytest.mark.parametrize(
    ("line", "after", "number"),
    [
        ("一、总体情况", 0, 1),
        ("总体情况", 0, 1),
        ("3、 收到和处理政府信息公开申请情况", 2, 3),
        ("四、结转下年度继续办理", 3, None),
        ("（一）主动公开情况。", 1, None),
        ("一是领导重视。", 0, None),
        ("五、当前存在的主要问题及下步改进措施", 4, 5),
        ("二、主动公开政府信息情况", 2, None),  # numbers only go up
    ],
)
def test_section_headings(line: str, after: int, number: int | None) -> None:
    assert heading_number(line, FORMAT, after) == number


def test_metadata_from_a_split_title_and_a_date() -> None:
    text = (
        "附件1\n\n某某县人民政府\n\n2024 年政府信息公开工作年度报告\n\n"
        "一、总体情况\n正文。\n\n某某县人民政府\n2025年1月20日\n"
    )
    report = gipreport.parse(text)
    assert (report.organ, report.year) == ("某某县人民政府", 2024)
    assert report.title == "某某县人民政府2024 年政府信息公开工作年度报告"
    assert report.date is not None and report.date.isoformat() == "2025-01-20"


def test_plain_digit_fee_is_a_decimal_not_an_int() -> None:
    """Regression: the plain-digit fast path returned int for the fee column."""
    reading = read_value("12", "amount")
    assert reading.value == Decimal(12) and isinstance(reading.value, Decimal)
    report = gipreport.parse("行政事业性收费\t12\n")
    assert isinstance(report.active_disclosure.fees.amount, Decimal)


def test_superscript_digits_are_not_numbers() -> None:
    assert read_value("\u00b2").state == "unreadable"


@pytest.mark.parametrize(
    ("text", "organ", "year"),
    [
        ("XX市人民政府办公室\n2023年政府信息公开\n工作年度报告\n", "XX市人民政府办公室", 2023),
        ("XX市生态环境局政府信息公开工作年度报告（2023年）\n", "XX市生态环境局", 2023),
        ("关于XX县财政局2023年度政府信息公开工作年度报告\n", "XX县财政局", 2023),
        ("2023年XX区政府信息公开工作年度报告\n", "XX区", 2023),
        ("XX镇人民政府二〇二三年政府信息公开工作年度报告\n", "XX镇人民政府", 2023),
        ("XX市教育局\n2023年度政府信息公开工作报告\n", "XX市教育局", 2023),
        ("附件1\n\nXX县人民政府\n\n2024 年政府信息公开工作年度报告\n", "XX县人民政府", 2024),
        ("XX市2023年度\n政府信息公开工作年度报告\n", "XX市", 2023),
        ("ＸＸ市（区）人民政府２０２３年政府信息公开工作年度报告\n", "ＸＸ市（区）人民政府", 2023),
        # OCR misread 年 of 年度报告 (and a menu line stands above): the looser phrase right after the year
        ("首页 新闻\nXX镇人民政府2023年政府信息公开工作和\n度报告\n", "XX镇人民政府", 2023),
    ],
)
def test_title_shapes(text: str, organ: str, year: int) -> None:
    report = gipreport.parse(text + "\n一、总体情况\n正文。\n")
    assert (report.organ, report.year) == (organ, year)


def test_a_sentence_naming_the_report_is_not_the_title() -> None:
    text = "一、总体情况\n现公布本局2023年政府信息公开工作年度报告。\n"
    report = gipreport.parse(text)
    assert report.title is None
    assert any(d.code == "map.metadata-missing" for d in report.diagnostics)


@pytest.mark.parametrize(
    ("line", "date"),
    [
        ("2024年1月16日", "2024-01-16"),
        ("二〇二四年一月十五日", "2024-01-15"),
        ("二〇二三年十二月三十一日", "2023-12-31"),
        ("二〇二四年二月三十日", None),
        ("2024年1月16日印发", None),
    ],
)
def test_signing_dates(line: str, date: str | None) -> None:
    report = gipreport.parse(
        f"某局2023年政府信息公开工作年度报告\n六、其他需要报告的事项\n无。\n某局\n{line}\n"
    )
    assert (report.date.isoformat() if report.date else None) == date


@given(st.lists(st.from_regex(r"[0-9]{1,8}", fullmatch=True), min_size=3, max_size=3))
def test_plain_count_cells_read_alike_through_the_count_cache(cells: list[str]) -> None:
    # Short count cells are read once and remembered; a cell read from the cache (the second parse)
    # and one read afresh give int(text), leading zeros and long numbers included, and the cache
    # keeps short texts only (its bound).
    from gipreport.tables import rows as tables

    text = "规章\t" + "\t".join(cells) + "\n"
    for _ in range(2):
        flat = gipreport.parse(text).to_flat()
        read = [flat[f"active_disclosure.regulations.{name}"] for name in ("issued", "repealed", "in_force")]
        assert read == [int(cell) for cell in cells]
    assert all(len(cell) <= tables.MAX_CACHED_COUNT_CHARS for cell in tables._COUNTS)
    assert all(
        tables._COUNTS[cell] == int(cell) for cell in cells if len(cell) <= tables.MAX_CACHED_COUNT_CHARS
    )


def test_a_row_below_holding_only_the_end_of_a_label_joins_it() -> None:
    """A ruled table cut by a page break: its row's numbers with the label's start, and below, a row
    of one cell, the label's end. The two are one row (the end alone reads as a piece of the label,
    and its empty cells would be a row of blanks)."""
    heading = "三、收到和处理政府信息公开申请情况\n"
    text = heading + "3.补正\t5\t0\t0\t0\t0\t0\t5\n后申请内容仍不明确\t\t\t\t\t\t\t\n"
    report = gipreport.parse(text, format="2021")
    row = gipreport.formats.get("2021").row("applications.unavailable_unclear")
    assert [report.to_flat()[key] for key in row.cells] == [5, 0, 0, 0, 0, 0, 5]
    assert report.sources[row.cells[0]].line == 2


def test_pieces_without_a_labels_character_are_not_joined_into_labels() -> None:
    """Junk cells (「x」「y」 before a number, one per line) are passed over before any join is tried; a
    label's pieces, misspelt or not, share characters with the format's labels."""
    index = gipreport.mapping.labels.label_index(gipreport.formats.get("2021"))
    assert not index.may_name(["x", "y"])
    assert index.may_name(["x", "范性文"])
    assert index.wrapped(("行政规", "范性文", "件", "0"), 2) is not None
    assert index.wrapped(("x", "y", "0"), 1) is None


def test_a_cell_ending_in_the_first_line_of_a_wrapped_label_names_its_row() -> None:
    """pdfplumber's text of a narrow label column: the group label's last piece and the first line of
    the row's wrapped label share a cell (「果 （二）部分公开（区分处理的，」), the numbers on the next
    line, the rest of the label below them. The cell ends in the start of the row's label: the row
    (approximate, an info). A start shorter than eight characters names nothing (「果 （二）部分」)."""
    lines = [
        "三、收到和处理政府信息公开申请情况",
        "三、本年 （一）予以公开 0 0 0 0 0 0 0",
        "度办理结",
        "果 （二）部分公开（区分处理的，",
        "4 0 0 0 0 0 4",
        "只计这一情形，不计其他情形）",
        "1.属于国家秘密 0 0 0 0 0 0 0",
    ]
    report = gipreport.parse("\n".join(lines))
    assert report.applications.partially_granted.total == 4
    assert "map.label-approximate" in {
        d.code for d in report.diagnostics if d.key == "applications.partially_granted"
    }
    lines[3] = "果 （二）部分"
    report = gipreport.parse("\n".join(lines))
    assert report.applications.partially_granted.total is None


def test_a_rows_label_on_the_line_above_its_one_row_table_names_it() -> None:
    """MarkItDown's PDF text (pdfplumber's tables) sets a row's label on the line above the one-row
    table it found for the row's numbers, or on a row of its own above them: the row of numbers, which
    has no label, is the label's row. A line above that names no row leaves it a row of numbers
    without a label."""
    lines = [
        "三、收到和处理政府信息公开申请情况",
        "| 一、本年新收政府信息公开申请数量 |  | 3 0 | 0 0 | 0 0 | 3 |",
        "二、上年结转政府信息公开申请数量",
        "|  |  | 2 0 | 0 0 | 0 0 | 2 |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    lines += [
        "| 果 | （二）部分公开（区分处理的， |  |  |  |  |",  # the label on a row of its own
        "|  |  | 5 0 | 0 0 | 0 0 | 5 |",
        "2.没有现成信息需要另行",
        "|  | 无法提 | 4 0 | 0 0 | 0 0 | 4 |",  # a group label's piece before the numbers
    ]
    report = gipreport.parse("\n".join(lines))
    assert report.applications.carried_over.natural_person == 2
    assert report.sources["applications.carried_over.total"].line == 4
    assert report.applications.partially_granted.total == 5
    assert report.applications.unavailable_needs_creation.total == 4
    lines[2] = "说明"
    report = gipreport.parse("\n".join(lines))
    assert report.applications.carried_over.total is None
