"""Layer 2: block detection and each layout's rows and cells."""

from __future__ import annotations

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

import gipreport
from gipreport.layout import classify_line, detect_layout, is_continuation
from gipreport.normalize import normalize, normalize_line


def texts(text: str) -> list[list[list[str]]]:
    layout = detect_layout(normalize(text))
    return [[[cell.text for cell in row.cells] for row in block.rows] for block in layout.blocks]


def test_classify_lines() -> None:
    assert classify_line("") == "blank"
    assert classify_line("   ") == "blank"
    assert classify_line("\t") == "cell"
    assert classify_line(" \t第二十条") == "cell"
    assert classify_line("规章\t0\t0") == "tab"
    assert classify_line("| a | b |") == "pipe"
    assert classify_line("|---|:--:|") == "rule"
    assert classify_line("\u2014 4 \u2014") == "furniture"
    assert classify_line("一、总体情况") == "text"


def test_prose_justified_with_runs_of_spaces_is_no_header_row() -> None:
    """pypdf's layout mode spreads a justified line of prose over runs of spaces: three chunks made it
    a table's header line, the paragraph a table block, and the organ's sentence was lost."""
    prose = "2023年，平潭综合实验区坚持以习近平新时代中国特色社会主义思想为指导，全面    贯彻党的    二十大"
    assert classify_line(prose) == "text"
    assert classify_line("信息内容    本年制发件数    本年废止件数    现行有效件数") == "spaced"
    text = "\n".join(["平潭综合实验区政府信息公开工作年度报告", "一、总体情况", prose, "精神。"])
    report = gipreport.parse(text)
    assert (report.organ, report.year) == ("平潭综合实验区", 2023)


def test_tab_rows_keep_leading_empty_cells() -> None:
    assert texts("标题\n\t(三)不予公开\t1.属于国家秘密\t0\t1\n") == [
        [["", "(三)不予公开", "1.属于国家秘密", "0", "1"]]
    ]


def test_lines_layout_rows_split_by_blank_lines_and_cells_continued() -> None:
    text = "\t商业\n企业\n\t科研\n\n\t规章\n\t\n0\n\t7\n"
    assert texts(text) == [[["商业企业", "科研"], ["规章", "0", "7"]]]


def test_continued_cell_keeps_every_line() -> None:
    layout = detect_layout(normalize("\t规章\n\t\n0\n"))
    cell = layout.blocks[0].rows[0].cells[1]
    assert (cell.text, cell.line, cell.lines, cell.raw) == ("0", 2, (2, 3), "\n0")


def test_pipe_rows_with_and_without_rules_and_trailing_pipes() -> None:
    text = "| 规章 | 0 | 1 |\n|---|---|---|\n| 行政许可 | 5\n"
    assert texts(text) == [[["规章", "0", "1"], ["行政许可", "5"]]]


def test_a_pipe_cell_of_several_numbers_is_a_cell_for_each() -> None:
    """MarkItDown on a PDF (pdfminer) merges a table line's cells: 「| 23 | 0 0 | 0 0 | 0 23 |」 is seven
    numbers. Each is a cell, its raw text its own; digits grouped by spaces (「1 234」) stay one number,
    but a first group of 0 groups nothing (「0 293」, the Shanghai print's 其他 and 总计 merged)."""
    assert texts("| 一、本年新收 | 23 | 0 0 | 0 0 | 0 23 |\n| 规章 | 1 234 | 5 |\n") == [
        [["一、本年新收", "23", "0", "0", "0", "0", "0", "23"], ["规章", "1 234", "5"]]
    ]
    assert texts("| 四、结转下年度继续办理 | 290 | 3 | 0 0 | 0 | 0 293 |\n") == [
        [["四、结转下年度继续办理", "290", "3", "0", "0", "0", "0", "293"]]
    ]
    cells = detect_layout(normalize("| 规章 | \uff10 \uff17 | 7 |")).blocks[0].rows[0].cells
    assert [(cell.text, cell.raw) for cell in cells] == [
        ("规章", " 规章 "),
        ("0", "\uff10"),
        ("7", "\uff17"),
        ("7", " 7 "),
    ]


def test_an_empty_cell_among_merged_numbers_marks_no_column() -> None:
    """A row whose cells a converter merged (MarkItDown over a Chromium print: some cell holds several
    numbers) has its empty cells where the converter guessed a column: among its numbers they are left
    out (seven numbers, seven cells); a blank of the table is a number missing from a pair, and the
    row is short (「| 0 0 | 0 0 |  | 0 | 0 |」: six). Empty cells before the numbers stay (label columns);
    in a row of one number a cell, an empty cell is the table's own blank."""
    text = (
        "|  | 4.保护第三方合法权益 |  | 0 0 | 0 0 |  | 0 0 | 0 |\n"
        "|  | 3.危及三安全一稳定 |  | 0 0 | 0 0 |  | 0 | 0 |\n"
        "| 规章 | 1 |  | 2 |\n"
    )
    assert texts(text) == [
        [
            ["", "4.保护第三方合法权益", "", "0", "0", "0", "0", "0", "0", "0"],
            ["", "3.危及三安全一稳定", "", "0", "0", "0", "0", "0", "0"],
            ["规章", "1", "", "2"],
        ]
    ]


def test_a_rows_numbers_alone_under_its_wrapped_label_are_its_row() -> None:
    """PDF text (pypdf, pdfplumber, ``pdftotext -raw``) of a narrow label column: the label wraps over
    two lines and the row's numbers stand alone on the next, one space apart. Inside a run of rows it
    is a row, its label the lines above, where it holds as many numbers as the row before ends in;
    so too behind the label's last character (「确 0 0 0 0 0 0 0」); fewer (a text in content-stream
    order puts a row's last two cells on one line, 「0 1」, its label below) or outside a run, no row."""
    text = (
        "三、收到和处理政府信息公开申请情况\n"
        "一、本年新收政府信息公开申请数量 3 0 0 0 0 0 3\n"
        "二、上年结转政府信息公开申请数量 0 0 0 0 0 0 0\n"
        "（一）予以公开 1 0 0 0 0 0 1\n"
        "（二）部分公开（区分处理的，只计这一情形，不\n"
        "计其他情形）\n"
        "2 0 0 0 0 0 2\n"
        "（三）不\n"
        "予公开\n"
        "1.属于国家秘密 0 0 0 0 0 0 0\n"
        "3.补正后申请内容仍不明\n"
        "确 5 0 0 0 0 0 5\n"  # the label's last character on its numbers' line
    )
    report = gipreport.parse(text)
    assert report.applications.partially_granted.total == 2
    assert report.applications.unavailable_unclear.natural_person == 5
    assert report.sources["applications.partially_granted.natural_person"].line == 7
    assert report.applications.denied_state_secret.total == 0
    assert classify_line("2 0 0 0 0 0 2") == "text"  # alone, it starts no run
    stream = text.replace("2 0 0 0 0 0 2", "2 0")
    assert gipreport.parse(stream).applications.partially_granted.total is None


def test_fullwidth_pipe_is_a_separator_and_raw_keeps_it() -> None:
    layout = detect_layout(normalize("\uff5c 规章 \uff5c \uff10 \uff5c"))
    cell = layout.blocks[0].rows[0].cells[1]
    assert (cell.text, cell.raw) == ("0", " \uff10 ")


def test_each_block_detects_its_own_layout() -> None:
    text = "二、主动公开\n规章\t0\t0\t0\n\n三、收到和处理\n| 一、本年新收 | 1 |\n\n四、复议\n\t0\n\t1\n"
    layout = detect_layout(normalize(text))
    assert [block.layout for block in layout.blocks] == ["tab", "pipe", "lines"]
    # Blank lines are left out of the prose.
    assert [line.text for line in layout.prose] == ["二、主动公开", "三、收到和处理", "四、复议"]
    assert [line.number for line in layout.prose] == [1, 4, 7]


def test_prose_right_after_a_table_is_not_a_continuation() -> None:
    text = "规章\t0\t0\t0\n三、收到和处理政府信息公开申请情况\n"
    layout = detect_layout(normalize(text))
    assert [line.text for line in layout.prose] == ["三、收到和处理政府信息公开申请情况"]
    assert not is_continuation("(一)主动公开")
    assert is_continuation("企业")


def test_page_footer_inside_a_lines_row_does_not_split_it() -> None:
    assert texts("\t规章\n\u2014 4 \u2014\n\t0\n") == [[["规章", "0"]]]


_cell = st.text(alphabet=st.characters(blacklist_characters="\t\r\n|\uff5c"), max_size=8)


@given(
    st.lists(
        # The first cell must stay visible: one of only invisible characters (「\xad」) is removed by
        # normalization, and the line is then an empty cell of the lines layout.
        st.tuples(
            _cell.filter(lambda c: normalize_line(c).strip() != ""), st.lists(_cell, min_size=1, max_size=8)
        ),
        min_size=1,
        max_size=12,
    )
)
def test_tab_rows_round_trip(rows: list[tuple[str, list[str]]]) -> None:
    """A line with a TAB after a non-empty first cell is one row, its cells exactly as written."""
    lines = ["\t".join([first, *rest]) for first, rest in rows]
    layout = detect_layout(normalize("\n".join(lines)))
    got = [[cell.raw for cell in row.cells] for block in layout.blocks for row in block.rows]
    assert got == [[first, *rest] for first, rest in rows]


@given(st.lists(st.lists(st.integers(0, 999).map(str), min_size=1, max_size=9), min_size=1, max_size=12))
def test_lines_layout_round_trip(rows: list[list[str]]) -> None:
    text = "\n\n".join("\n".join("\t" + cell for cell in row) for row in rows)
    assert texts(text) == [rows]


@given(st.lists(st.lists(st.integers(0, 999).map(str), min_size=1, max_size=9), min_size=1, max_size=12))
def test_pipe_layout_round_trip(rows: list[list[str]]) -> None:
    text = "\n".join("| " + " | ".join(row) + " |" for row in rows)
    assert texts(text) == [rows]


def test_a_cell_continues_over_at_most_four_lines() -> None:
    """Regression: unbounded continuation made one cell quadratic to build (test_hostile)."""
    layout = detect_layout(normalize("\t规章\na\nb\nc\nd\ne\nf\n"))
    assert [[c.text for c in row.cells] for row in layout.blocks[0].rows] == [["规章abcd"]]
    assert [line.text for line in layout.prose] == ["e", "f"]


def test_a_number_cell_never_continues_onto_the_next_line() -> None:
    """Issue 11: 「规章→1→2→3」 then 「5」 (a page number) gave in_force 35."""
    for text in ("规章\t1\t2\t3\n5\n", "\t规章\n\t1\n\t2\n\t3\n5\n"):
        layout = detect_layout(normalize(text))
        assert [c.text for c in layout.blocks[0].rows[0].cells] == ["规章", "1", "2", "3"]
        assert [line.number for line in layout.furniture] == [text.count("\n")]
        assert layout.prose == ()


def test_a_heading_under_a_row_is_not_glued_to_its_last_cell() -> None:
    """Issue 11: 「行政规范性文件→0→0→1」, then 「第二十条第（五）项」, became 「1第二十条第(五)项」."""
    layout = detect_layout(normalize("行政规范性文件\t0\t0\t1\n第二十条第（五）项\n行政许可\t3\n"))
    assert [[c.text for c in row.cells] for block in layout.blocks for row in block.rows] == [
        ["行政规范性文件", "0", "0", "1"],
        ["行政许可", "3"],
    ]


def test_an_empty_lines_cell_takes_its_number_from_the_next_line() -> None:
    assert texts("\t规章\n\t\n0\n\t7\n") == [[["规章", "0", "7"]]]


LAYOUT_LINES = [
    "",
    " ",
    "\t",
    "\t1",
    "规章\t0\t0",
    "| a | 1 |",
    "|---|",
    "— 4 —",
    "企业",
    "二、主动公开",
    "5",
]


@given(st.lists(st.sampled_from(LAYOUT_LINES), max_size=30))
def test_every_line_not_blank_is_in_one_block_or_the_prose(lines: list[str]) -> None:
    layout = detect_layout(normalize("\n".join(lines)))
    prose = [line.number for line in layout.prose]
    assert prose == sorted(set(prose))
    spans = [range(block.first_line, block.last_line + 1) for block in layout.blocks]
    for number, text in enumerate(lines, 1):
        in_blocks = sum(number in span for span in spans)
        assert in_blocks <= 1
        if classify_line(text) == "blank":
            assert number not in prose and number not in {line.number for line in layout.furniture}
        else:  # every other line is in a block or is page furniture (skipped), or else is prose
            assert (number in prose) != bool(
                in_blocks or number in {line.number for line in layout.furniture}
            ), (number, text)


@given(st.text(alphabet="0123456789.元万年条件 \u3000\t、第(-/规章\u0663\uff15", max_size=40))
@example("0元/")  # an amount, then a cell printed 「/」: the 「/」 went uncounted (a dev-profile draw)
def test_the_inline_prefilter_counts_at_least_every_number_kept(text: str) -> None:
    # The crawled-text layout skips a line with fewer digit-run ends than MIN_NUMBERS before it
    # looks for numbers; that count must never be below the number of tokens it would keep.
    from gipreport.layout.inline import _CELL_DIGITS_END, _tokens

    assert len(_CELL_DIGITS_END.findall(text)) >= len(_tokens(text))


def test_a_cell_printed_slash_behind_a_number_in_crawled_text_is_a_cell_of_its_own() -> None:
    """Crawled text of a report whose cell prints 「/」: 「…制作0/ 7 04650480」. The 「0/」 was taken for
    prose (「2023/02」 is a date) and ran into the label, the row was a cell short, and recovery placed
    the 7 as 自然人, ``recovered`` (a property with blank cells found it)."""
    text = (
        "三、收到和处理政府信息公开申请情况（四）无法提供1.本机关不掌握相关政府信息 25700000257"
        "2.没有现成信息需要另行制作0/ 7 046504803.补正后申请内容仍不明确5300218 0 6277\n"
    )
    rows = [row.texts for block in detect_layout(normalize(text)).blocks for row in block.rows]
    assert ("2.没有现成信息需要另行制作", "0", "/", "7", "04650480") in rows
    report = gipreport.parse(text)
    assert report.applications.unavailable_needs_creation.natural_person in (0, None)
    assert report.applications.unavailable_needs_creation.commercial_enterprise is None


def test_a_digit_typed_as_a_letter_in_crawled_text_is_no_number() -> None:
    """「行政许可1069O第二十条」 (a 0 typed as the letter O): the cell was read 1069, unflagged, the O
    left to the next label (found by garbling one digit of a crawler dump at a time)."""
    text = (
        "二、主动公开政府信息情况第二十条第（一）项 信息内容 本年制发件数 本年废止件数 现行有效件数 "
        "规章000行政规范性文件8855698第二十条第（五）项信息内容本年处理决定数量行政许可1069O"
        "第二十条第（六）项信息内容本年处理决定数量行政处罚2113行政强制0\n"
    )
    rows = [row.texts for block in detect_layout(normalize(text)).blocks for row in block.rows]
    assert any("1069O" in row for row in rows)
    report = gipreport.parse(text)
    assert report.active_disclosure.licensing.decisions is None
    assert any(d.key and d.key.startswith("active_disclosure.licensing") for d in report.errors)
    assert report.active_disclosure.punishment.decisions == 2113


@given(st.text(alphabet="0123456789+-., 万元件条一二abc\t", max_size=12))
def test_a_number_like_cell_is_told_first_by_its_first_character(text: str) -> None:
    from gipreport.layout.model import _NUMBER_LIKE, is_number_like

    assert is_number_like(text) == (bool(text) and (text.isdigit() or bool(_NUMBER_LIKE.fullmatch(text))))


@given(st.lists(st.text(alphabet=" \t0123\u3000规章", max_size=8).map(lambda cell: "\t" + cell), max_size=12))
def test_lines_cells_read_through_the_cache_as_without_it(cell_lines: list[str]) -> None:
    # A lines-layout row read twice (the second time from the cell cache) has the same cells, and
    # they are the text after the TAB, stripped, with the raw text as printed.
    from gipreport.layout import lines

    lines._CELLS.clear()  # so that no line of this example is evicted before it is looked at
    text = "\n".join(cell_lines)
    first, second = texts(text), texts(text)
    assert first == second
    for line in cell_lines:
        if lines.classify(line) == "cell" and len(line) <= lines.MAX_CACHED_CELL_CHARS:
            assert lines._CELLS[normalize_line(line)] == (
                normalize_line(line).partition("\t")[2].strip(),
                normalize_line(line).partition("\t")[2],
            )


def test_lines_cell_cache_stays_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    # Distinct cell lines without end (a dump of numbers) must not grow the shared cache without end,
    # and a long line is never kept.
    from gipreport.layout import lines

    monkeypatch.setattr(lines, "MAX_CACHED_CELLS", 10)
    monkeypatch.setattr(lines, "_CELLS", {})
    text = "\n\n".join(f"\t规章\n\t{number}" for number in range(100)) + "\n\n\t规章\n\t" + "9" * 100
    assert texts(text)[0][-1] == ["规章", "9" * 100]
    assert 0 < len(lines._CELLS) <= 10
    assert all(len(line) <= lines.MAX_CACHED_CELL_CHARS for line in lines._CELLS)


def test_latin_words_one_per_line_are_prose_not_a_table_of_cells() -> None:
    """Lines of ASCII words (junk, a menu in English) among lone numbers are no cells of a report's
    table: the text holds no block (each such line was a row's cell, and every row went through the
    whole mapping); a table's labels and n/a marks are cells."""
    assert detect_layout(normalize("x\ny\n0\n" * 10)).blocks == ()
    table = detect_layout(normalize("规章\n0\n/\n0\n行政规范性文件\n0\n0\n-\n" * 3))
    assert [block.layout for block in table.blocks] == ["cells"]


def test_chromiums_layout_text_of_a_narrow_label_column() -> None:
    """``pdftotext -layout`` of Chromium's print of a narrow label column: a wrapped label cut at a comma
    runs into its numbers with one space (「度办理结 （二）部分公开（区分处理的，只计这一情形， 2 0 0 0 0 0
    2」), and a label's numbering stands on its numbers' line, its words on the line above
    (「属于国家秘密」, then 「1.      4 0 0 0 0 0 4」)."""
    text = (
        "三、收到和处理政府信息公开申请情况\n"
        "二、上年结转政府信息公开申请数量     1   0   0 0 0   0 1\n"
        "三、本年 （一）予以公开               201 5   0  0   0   0 206\n"
        "度办理结 （二）部分公开（区分处理的，只计这一情形， 2 0 0 0 0 0 2\n"
        "果    不计其他情形）\n"
        "               属于国家秘密\n"
        "              1.                4    0   0 0 0   0 4\n"
        "            2.其他法律行政法规禁止公开      0    0   0 0 0   0 0\n"
    )
    report = gipreport.parse(text)
    assert report.applications.partially_granted.total == 2
    assert report.applications.denied_state_secret.natural_person == 4
    assert report.applications.denied_prohibited_by_law.total == 0
    # On a line alone, a long label cut at a comma makes a row with three figures or more, not two.
    cut = "（二）部分公开（区分处理的，只计这一情形，不计其他情形，"
    assert classify_line(normalize_line(f"{cut} 2 0 2")) == "spaced"
    assert classify_line(normalize_line(f"{cut} 2 0")) == "text"
