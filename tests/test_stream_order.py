"""Issue 23, shape 4: a table whose numbers stand apart from their labels (content-stream order, as
``pdftotext`` without ``-layout``, pypdf and pdfminer give a PDF): rows cut into blocks, each read
row by row or column by column, placed only where the identities prove every value."""

from __future__ import annotations

import itertools
from collections.abc import Sequence

import attrs
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

import gipreport
from _support import dishonest, expected_report, read_expected, read_report
from gipreport.formats import RowSpec, get
from gipreport.formats.identities import Broken, evaluate
from gipreport.layout import detect_layout
from gipreport.model import Report, Section
from gipreport.normalize import normalize
from gipreport.strategies import reports
from gipreport.tables.regions import Stream, Token, label_lines_first
from gipreport.tables.search import table_identities

HEADING = "三、收到和处理政府信息公开申请情况"
HEADER = [
    "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
    "申请人情况",
    "自然人",
    "法人或其他组织",
    "总计",
]
NEXT_HEADING = "四、政府信息公开行政复议、行政诉讼情况"
Cut = Sequence[tuple[int, int, bool]]  # blocks of printed rows: first, stop, read down the columns


def printed_rows(report: Report) -> list[RowSpec]:
    """Table 三's rows as the report prints them: （六）其他处理 as one row or as its three parts."""
    fmt = get(report.format or "2021")
    flat = report.to_flat()
    rows = [row for row in fmt.table("applications").rows if flat[row.cells[0]] is not None]
    derived = [row for row in rows if row.derived_from]
    parts = {key for row in derived for key in row.derived_from}
    if any(row.key in parts for row in rows):
        return [row for row in rows if not row.derived_from]
    return rows


def stream_text(
    report: Report,
    cut: Cut,
    labels_first: bool = True,
    page_number: str = "",
    total_at: dict[int, int] | None = None,
    pages: bool = False,
    apart: dict[int, tuple[str, int]] | None = None,
) -> str:
    """The report's table 三 as a PDF's content stream gives it: each block's numbers one per line
    (row by row, or down its columns), its labels before them or, for every block, at the end. With
    ``total_at``, a block (by its place in ``cut``) read down draws its total column at that place
    among its parts (pdfminer's boxes); with ``pages``, each block after the first starts a page;
    with ``apart``, a block read row by row draws its rows' first cells (as many as the number given
    with "before" or "after"), row by row, before or after the rest of its rows (LibreOffice's prints
    in ``pdftotext``: the first cell of two rows; a run of tall rows read as two columns of a page)."""
    flat = report.to_flat()
    rows = printed_rows(report)
    lines = [f"某某县人民政府{report.year}年政府信息公开工作年度报告", HEADING, *HEADER]
    trailing: list[str] = []
    for place, (first, stop, down) in enumerate(cut):
        block = rows[first:stop]
        width = len(block[0].cells)
        if down:
            columns = list(range(width))
            if total_at and place in total_at:
                columns.insert(total_at[place], columns.pop())  # the total column (last) among the parts
            numbers = [flat[row.cells[column]] for column in columns for row in block]
        elif apart and place in apart:
            drawn, lead = apart[place]
            leading = [flat[key] for row in block for key in row.cells[:lead]]
            rests = [flat[key] for row in block for key in row.cells[lead:]]
            numbers = [*leading, *rests] if drawn == "before" else [*rests, *leading]
        else:
            numbers = [flat[key] for row in block for key in row.cells]
        labels = [row.label for row in block]
        block_lines = [str(number) for number in numbers]
        if labels_first:
            block_lines = [*labels, *block_lines]
        else:
            trailing.extend(labels)
        if pages and place:
            block_lines[0] = "\f" + block_lines[0]
        lines.extend(block_lines)
        if page_number and first == len(rows) // 2:
            lines.append(page_number)
    lines += [*trailing, NEXT_HEADING]
    return "\n".join(lines) + "\n"


@st.composite
def cuts(draw: st.DrawFn, count: int) -> list[tuple[int, int, bool]]:
    """A cut of ``count`` rows into blocks, each read row by row or down its columns."""
    stops = sorted(draw(st.sets(st.integers(1, count - 1), max_size=count - 1)) | {count})
    firsts = [0, *stops[:-1]]
    return [
        (first, stop, stop - first > 1 and draw(st.booleans()))
        for first, stop in zip(firsts, stops, strict=True)
    ]


@given(st.data())
def test_a_table_in_stream_order_is_read_exactly_or_flagged(data: st.DataObject) -> None:
    report = data.draw(reports(old_layout=None, format=data.draw(st.sampled_from(["2021", "2019"]))))
    cut = data.draw(cuts(len(printed_rows(report))))
    text = stream_text(report, cut, labels_first=data.draw(st.booleans()))
    got = gipreport.parse(text)
    assert not dishonest(report, got)


@given(st.data())
def test_rows_read_row_by_row_beside_their_labels_come_back_whole(data: st.DataObject) -> None:
    report = data.draw(reports(old_layout=None, format=data.draw(st.sampled_from(["2021", "2019"]))))
    rows = printed_rows(report)
    got = gipreport.parse(stream_text(report, [(place, place + 1, False) for place in range(len(rows))]))
    flat, truth = got.to_flat(), report.to_flat()
    assert [flat[key] for row in rows for key in row.cells] == [
        truth[key] for row in rows for key in row.cells
    ]


HUAIAN_LIKE = {  # rows with their values (自然人, five 0, 总计): two blocks printed down their columns
    "new_received": 95, "carried_over": 0, "granted": 50, "partially_granted": 9, "denied_state_secret": 0,
    "denied_prohibited_by_law": 0, "denied_three_safeties_one_stability": 1, "denied_third_party_rights": 0,
    "denied_internal_affairs": 0, "denied_process_information": 1, "denied_enforcement_files": 1,
    "denied_administrative_query": 0, "unavailable_not_held": 31, "unavailable_needs_creation": 1,
    "unavailable_unclear": 0, "not_processed_complaint": 1, "not_processed_duplicate": 0,
    "not_processed_publication": 0, "not_processed_excessive": 0, "not_processed_confirmation": 0,
    "other_processing": 0, "total_processed": 95, "carried_forward": 0,
}  # fmt: skip


def huaian_like() -> Report:
    values: dict[str, object] = {}
    fmt = get("2021")
    for row in fmt.table("applications").rows:
        first = HUAIAN_LIKE.get(row.name)
        for position, key in enumerate(row.cells):
            values[key] = None if first is None else first if position in (0, 6) else 0
    return gipreport.from_flat(values, format="2021", year=2024, organ="某某县人民政府")


def test_blocks_printed_down_their_columns_are_placed_with_their_proof() -> None:
    """The Huai'an report's PDF draws rows 1.属于国家秘密…1.本机关不掌握 down each column."""
    cut = [
        (0, 1, False),
        (1, 2, False),
        (2, 3, False),
        (3, 4, False),
        (4, 13, True),
        (13, 21, True),
        (21, 23, True),
    ]
    text = stream_text(huaian_like(), cut, labels_first=False)
    got = gipreport.parse(text)
    assert not dishonest(huaian_like(), got)
    flat = got.to_flat()
    assert flat["applications.unavailable_not_held.natural_person"] == 31
    assert flat["applications.denied_process_information.total"] == 1
    source = got.sources["applications.unavailable_not_held.natural_person"]
    assert source.state == "recovered" and source.raw == "31"
    assert text.splitlines()[source.line - 1] == "31"
    assert source.proof and "column by column" in source.proof
    assert "recover.stream-order" in {d.code for d in got.diagnostics}


def test_a_page_drawn_down_its_columns_with_its_total_among_its_parts_is_placed() -> None:
    """pdf2txt.py (pdfminer) over the Huai'an PDF: each page's part of table 三 down its columns, the
    first page's total column drawn before its last part column. No cut as printed reads the rows; the
    page read with its total elsewhere does, and the identities leave that one reading. That page's
    part columns are taken in their printed order, which no identity checks (the text drew its columns
    in an order of its own): its values are as read, each row flagged; the other page's are proven."""
    report = huaian_like()
    text = stream_text(
        report, [(0, 13, True), (13, 23, True)], labels_first=False, total_at={0: 5}, pages=True
    )
    got = gipreport.parse(text)
    assert not dishonest(report, got)
    flat, truth = got.to_flat(), report.to_flat()
    keys = [key for row in printed_rows(report) for key in row.cells]
    assert [flat[key] for key in keys] == [truth[key] for key in keys]
    total = got.sources["applications.granted.total"]
    other = got.sources["applications.granted.other_org"]
    assert total.state == other.state == "value"
    (flag,) = [d for d in got.diagnostics if d.key == "applications.granted"]
    assert flag.code == "recover.stream-unconfirmed" and flag.severity == "warning"
    assert "its columns drawn in the order 1 2 3 4 5 7 6" in flag.message
    assert got.sources["applications.total_processed.total"].state == "recovered"  # the second page
    # Each value's source is its own number in the text: 予以公开's total is the 3rd of the 6th run.
    assert total.line == text.splitlines().index("95", 3 + 13 * 5) + 3
    # Without the page break, no block of the table is a page's: nothing is read so.
    unpaged = gipreport.parse(
        stream_text(report, [(0, 13, True), (13, 23, True)], labels_first=False, total_at={0: 5})
    )
    assert unpaged.to_flat()["applications.granted.total"] is None


@given(st.data())
def test_pages_drawn_with_their_totals_anywhere_are_read_exactly_or_flagged(data: st.DataObject) -> None:
    report = data.draw(reports(old_layout=None, format=data.draw(st.sampled_from(["2021", "2019"]))))
    count = len(printed_rows(report))
    cut = [
        (first, stop, True)
        for first, stop in itertools.pairwise(
            [0, *sorted(data.draw(st.sets(st.integers(2, count - 2), max_size=2))), count]
        )
    ]
    total_at = {place: data.draw(st.integers(0, 6)) for place in range(len(cut)) if data.draw(st.booleans())}
    text = stream_text(report, cut, labels_first=data.draw(st.booleans()), total_at=total_at, pages=True)
    assert not dishonest(report, gipreport.parse(text))


@given(st.data())
def test_a_page_whose_part_columns_the_text_also_swapped_is_never_silently_wrong(data: st.DataObject) -> None:
    """A page drawn with its total among its parts may have its part columns out of order too, which no
    identity sees: such a page's values are flagged (found by this property before they were)."""
    report = data.draw(reports(old_layout=None, format=data.draw(st.sampled_from(["2021", "2019"]))))
    count = len(printed_rows(report))
    inner = sorted(data.draw(st.sets(st.integers(2, count - 2), max_size=2)))
    cut = [(first, stop, True) for first, stop in itertools.pairwise([0, *inner, count])]
    page = data.draw(st.integers(0, len(cut) - 1))
    total_at = data.draw(st.integers(0, 5))
    lines = stream_text(report, cut, data.draw(st.booleans()), total_at={page: total_at}, pages=True).split(
        "\n"
    )
    numbers = [place for place, line in enumerate(lines) if line.lstrip("\f").isdigit()]
    first, stop, _ = cut[page]
    size = stop - first
    a, b = data.draw(
        st.lists(st.sampled_from([p for p in range(7) if p != total_at]), min_size=2, max_size=2, unique=True)
    )
    for at in range(size):  # the runs of two part columns swapped, form feeds kept where they were
        i, j = numbers[first * 7 + a * size + at], numbers[first * 7 + b * size + at]
        feed_i, feed_j = lines[i][:1] == "\f", lines[j][:1] == "\f"
        text_i, text_j = lines[i].lstrip("\f"), lines[j].lstrip("\f")
        lines[i], lines[j] = "\f" * feed_i + text_j, "\f" * feed_j + text_i
    assert not dishonest(report, gipreport.parse("\n".join(lines)))


def cut_with_runs(count: int, runs: Sequence[tuple[int, int]]) -> tuple[Cut, list[int]]:
    """``count`` rows cut into the ``runs`` (first, stop; in order, not overlapping) read row by row
    and one-row blocks around them, and each run's place in the cut."""
    cut: list[tuple[int, int, bool]] = []
    places: list[int] = []
    row = 0
    for first, stop in runs:
        cut += [(single, single + 1, False) for single in range(row, first)]
        places.append(len(cut))
        cut.append((first, stop, False))
        row = stop
    cut += [(single, single + 1, False) for single in range(row, count)]
    return cut, places


def assert_table_three_read(report: Report, got: Report) -> None:
    """Every printed cell of 表三 read as the report has it."""
    cells = [key for row in printed_rows(report) for key in row.cells]
    flat, truth = got.to_flat(), report.to_flat()
    assert [flat[key] for key in cells] == [truth[key] for key in cells]


def test_rows_whose_first_cells_the_text_draws_apart_are_placed_with_their_proof() -> None:
    """LibreOffice's print of the Shanghai page in ``pdftotext``: where a row's label wraps, the first
    cells of it and its neighbour come down their column before the rest of both rows (「201 2 | 5 0 0 0
    0 206 | 0 0 0 0 0 2」) or after it. No cut as printed reads the rows; the one reading with those
    first cells drawn apart keeps every identity."""
    report = expected_report("rendered-shanghai-2025-libreoffice-pdf-pdftotext")
    cut, (granted, third_party) = cut_with_runs(len(printed_rows(report)), [(2, 4), (7, 9)])
    text = stream_text(report, cut, apart={granted: ("before", 1), third_party: ("after", 1)})
    got = gipreport.parse(text)
    assert_table_three_read(report, got)
    source = got.sources["applications.partially_granted.natural_person"]
    assert source.state == "recovered" and text.splitlines()[source.line - 1] == "2"
    assert source.proof and "the first cells of rows （一）予以公开…" in source.proof
    assert "drawn before the rest" in source.proof and "drawn after the rest" in source.proof


@given(st.data())
def test_rows_whose_first_cells_are_drawn_apart_are_read_exactly_or_flagged(data: st.DataObject) -> None:
    report = data.draw(reports(old_layout=None, format=data.draw(st.sampled_from(["2021", "2019"]))))
    count = len(printed_rows(report))
    pairs: list[tuple[int, int]] = []
    for first in sorted(data.draw(st.sets(st.integers(0, count - 2), max_size=4))):
        if not pairs or first >= pairs[-1][1]:  # pairs that do not overlap
            pairs.append((first, first + 2))
    cut, places = cut_with_runs(count, pairs)
    apart = {place: (data.draw(st.sampled_from(["before", "after"])), 1) for place in places}
    text = stream_text(report, cut, labels_first=data.draw(st.booleans()), apart=apart)
    got = gipreport.parse(text)
    assert not dishonest(report, got)


def test_a_run_of_rows_read_as_two_columns_of_the_page_is_placed_with_its_proof() -> None:
    """``pdftotext`` of Chromium's A5 print of the Shanghai page: rows 1.属于行政执法案卷…4.无正当理由 are
    tall (their labels wrap), and the text gives their first four columns' cells row by row, then their
    last three's. No cut as printed reads the rows; that run with its first columns drawn apart does."""
    report = expected_report("rendered-shanghai-2025-libreoffice-pdf-pdftotext")
    cut, (run,) = cut_with_runs(len(printed_rows(report)), [(10, 19)])
    text = stream_text(report, cut, apart={run: ("before", 4)})
    got = gipreport.parse(text)
    assert_table_three_read(report, got)
    source = got.sources["applications.unavailable_not_held.total"]
    assert source.state == "recovered" and text.splitlines()[source.line - 1] == "513"
    assert source.proof and "first 4 columns' cells of rows 7.属于行政执法案卷…" in source.proof


@given(st.data())
def test_a_run_of_rows_with_its_first_columns_drawn_apart_is_read_exactly_or_flagged(
    data: st.DataObject,
) -> None:
    report = data.draw(reports(old_layout=None, format=data.draw(st.sampled_from(["2021", "2019"]))))
    count = len(printed_rows(report))
    first = data.draw(st.integers(0, count - 2))
    stop = data.draw(st.integers(first + 2, count))
    lead = data.draw(st.integers(1, 6))
    cut, (run,) = cut_with_runs(count, [(first, stop)])
    drawn = data.draw(st.sampled_from(["before", "after"]))
    text = stream_text(report, cut, labels_first=data.draw(st.booleans()), apart={run: (drawn, lead)})
    assert not dishonest(report, gipreport.parse(text))


def test_a_lost_number_places_nothing() -> None:
    text = stream_text(huaian_like(), [(0, 23, True)], labels_first=False)
    lines = text.splitlines()
    lost = lines.index("31")
    got = gipreport.parse("\n".join(lines[:lost] + lines[lost + 1 :]) + "\n")
    assert not dishonest(huaian_like(), got)
    assert "recover.stream-order" not in {d.code for d in got.diagnostics}


@pytest.mark.parametrize("page_number", ["3", "- 3 -"])
def test_a_page_number_among_the_numbers_is_left_out(page_number: str) -> None:
    cut = [(place, place + 1, False) for place in range(23)]
    got = gipreport.parse(stream_text(huaian_like(), cut, page_number=page_number))
    assert not dishonest(huaian_like(), got)
    assert got.applications.unavailable_not_held.natural_person == 31


def test_two_readings_the_identities_allow_place_nothing() -> None:
    """Three rows of (1, 0 … 0, 1), each under a row of zeros, no label beside them: read down the
    columns in pairs, all three move their 1 to the fourth column and every identity still holds."""
    values = {key: 0 for row in get("2019").table("applications").rows for key in row.cells}
    for row in ("carried_over", "partially_granted", "total_processed"):
        values[f"applications.{row}.natural_person"] = values[f"applications.{row}.total"] = 1
    report = gipreport.from_flat(values, format="2019", year=2020, organ="某某县人民政府")
    cut = [(place, place + 1, False) for place in range(23)]
    got = gipreport.parse(stream_text(report, cut, labels_first=False))
    assert not dishonest(report, got)
    assert got.applications.partially_granted.natural_person is None
    # with each label printed where its row's numbers start, the rows are read row by row
    got = gipreport.parse(stream_text(report, cut, labels_first=True))
    assert got.applications.partially_granted.natural_person == 1


def test_a_long_run_of_one_number_a_line_keeps_every_number() -> None:
    """The ``cells`` layout cut a row at 64 cells and dropped the rest; it goes on in a new row."""
    text = "（二）部分公开\n" + "\n".join(["0"] * 70) + "\n"
    layout = detect_layout(normalize(text))
    cells = [text for block in layout.blocks for row in block.rows for text in row.texts]
    assert cells.count("0") == 70
    assert not layout.wide_rows


def test_real_stream_order_outputs_are_read() -> None:
    report = read_report("huaian-hongze-district-2024-pdf-pdftotext")
    assert report.applications.unavailable_not_held.natural_person == 31
    assert report.sources["applications.unavailable_not_held.natural_person"].state == "recovered"


@given(st.data())
def test_numbers_out_of_order_within_rows_are_never_placed_wrong(data: st.DataObject) -> None:
    """Chromium's prints give some rows' cells out of order (a cell drawn lower comes later): the stream
    reading places no value of such a text wrong. (Labels at the end: every value read is the stream's;
    beside their labels, the numbers would be read as printed, like any report's own arithmetic slip.)
    Cells swapped so that every identity still holds (two rows' swaps in the same two columns that
    cancel) make the text of another report that adds up, which no reading can tell from this one: such
    texts are left out (see the README's Limits)."""
    report = data.draw(reports(old_layout=None, format=data.draw(st.sampled_from(["2021", "2019"]))))
    rows = printed_rows(report)
    cut = [(place, place + 1, False) for place in range(len(rows))]
    lines = stream_text(report, cut, labels_first=False).splitlines()
    numbers = [place for place, line in enumerate(lines) if line.isdigit()]
    as_read = report.to_flat()  # the values the disordered text gives, read in its order
    for _ in range(data.draw(st.integers(1, 4))):
        row = data.draw(st.integers(0, len(rows) - 1))
        first, second = data.draw(st.lists(st.integers(0, 6), min_size=2, max_size=2, unique=True))
        a, b = numbers[row * 7 + first], numbers[row * 7 + second]
        lines[a], lines[b] = lines[b], lines[a]
        keys = rows[row].cells
        as_read[keys[first]], as_read[keys[second]] = as_read[keys[second]], as_read[keys[first]]
    fmt = get(report.format or "2021")
    for derived in (row for row in fmt.table("applications").rows if row.derived_from and row not in rows):
        parts = [fmt.row(key) for key in derived.derived_from]  # printed as its parts: their sums
        for column, key in enumerate(derived.cells):
            as_read[key] = sum(as_read[part.cells[column]] or 0 for part in parts)
    identities = table_identities(fmt)["applications"]
    assume(any(isinstance(evaluate(identity, as_read), Broken) for identity in identities if identity.keys))
    got = gipreport.parse("\n".join(lines) + "\n")
    assert not dishonest(report, got)


TABLE_FOUR = [
    "行政复议", "行政诉讼", "未经复议直接起诉", "复议后起诉",
    "结果", "维持", "结果", "纠正", "其他", "结果", "尚未", "总 计 结果 结果 其他 尚未",
]  # fmt: skip


def table_four_text(numbers: Sequence[str]) -> str:
    """The Huai'an PDF's table 四 below its heading (``stream_text`` ends with it) as ``pdftotext``
    gives it: header pieces, the 15 numbers one per line, the last block's 「总计」 among them."""
    body = [*numbers[:14], "总计", *numbers[14:]]
    return "\n".join([*TABLE_FOUR, *body, "五、存在的主要问题及改进情况", "无。"]) + "\n"


def test_table_four_in_stream_order_is_read_in_order_and_flagged() -> None:
    numbers = ["1", "1", "0", "0", "2", "1", "0", "0", "0", "1", "2", "0", "1", "0", "3"]
    got = gipreport.parse(stream_text(huaian_like(), [(0, 23, True)]) + table_four_text(numbers))
    assert got.review_litigation.litigation_after_review.total == 3
    assert got.review_litigation.administrative_review.upheld == 1
    assert got.sources["review_litigation.litigation_after_review.total"].state == "value"
    flags = [d for d in got.diagnostics if d.code == "recover.stream-unconfirmed"]
    assert [d.key for d in flags] == ["review_litigation"] and flags[0].severity == "warning"


@pytest.mark.parametrize(
    "numbers",
    [
        "1 1 0 0 3 1 0 0 0 1 2 0 1 0 3",  # a block's total broken: the order is not the table's
        "1 1 0 0 2 1 0 0 0 1 2 0 1 0",  # a number lost
        "1 1 0 0 2 1 0 0 0 1 2 0 1 0 3 4",  # one too many
    ],
)
def test_table_four_whose_numbers_do_not_fit_is_not_read(numbers: str) -> None:
    got = gipreport.parse(stream_text(huaian_like(), [(0, 23, True)]) + table_four_text(numbers.split()))
    assert got.review_litigation.litigation_after_review.total is None
    assert not dishonest(huaian_like(), got)


def table_four_drawn_last(numbers: Sequence[str], at: int, prose: str = "无。") -> str:
    """Table 四 on a report's last page as LibreOffice's and Chromium's prints give it in stream order:
    the first ``at`` numbers below its header, the rest after the later sections' headings and text."""
    return (
        "\n".join(
            [
                *TABLE_FOUR,
                *numbers[:at],
                "五、存在的主要问题及改进情况",
                prose,
                "六、其他需要报告的事项",
                "版权所有：某某人民政府 网站标识码 1234",  # a number in a line of text is no cell
                *numbers[at:],
            ]
        )
        + "\n"
    )


@pytest.mark.parametrize("at", [1, 5, 7, 14])
def test_table_four_cells_drawn_after_the_later_sections_are_read_and_flagged(at: int) -> None:
    numbers = ["1", "1", "0", "0", "2", "1", "0", "0", "0", "1", "2", "0", "1", "0", "3"]
    got = gipreport.parse(stream_text(huaian_like(), [(0, 23, True)]) + table_four_drawn_last(numbers, at))
    assert got.review_litigation.litigation_after_review.total == 3
    assert got.review_litigation.administrative_review.upheld == 1
    assert (
        got.sources["review_litigation.litigation_after_review.total"].line
        > got.sources["review_litigation.administrative_review.upheld"].line
    )
    (flag,) = [d for d in got.diagnostics if d.code == "recover.stream-unconfirmed"]
    assert flag.key == "review_litigation" and flag.severity == "warning"
    assert f"its last {15 - at} numbers stand after a later section's heading" in flag.message


@pytest.mark.parametrize(
    "prose",
    [
        "本年度共 3 件，均已办结。",  # a number inside the text: its line is prose, not cells
        "3",  # a line of its own: one number too many, so the count is wrong and nothing is read
    ],
)
def test_table_four_numbers_after_the_later_sections_are_read_only_where_they_fit(prose: str) -> None:
    numbers = ["1", "1", "0", "0", "2", "1", "0", "0", "0", "1", "2", "0", "1", "0", "3"]
    got = gipreport.parse(
        stream_text(huaian_like(), [(0, 23, True)]) + table_four_drawn_last(numbers, 7, prose)
    )
    expected = 3 if prose != "3" else None
    assert got.review_litigation.litigation_after_review.total == expected
    assert not dishonest(huaian_like(), got)


def test_table_four_read_whole_below_its_heading_takes_no_later_numbers() -> None:
    numbers = ["1", "1", "0", "0", "2", "1", "0", "0", "0", "1", "2", "0", "1", "0", "3"]
    later = "六、其他需要报告的事项\n7\n"
    text = stream_text(huaian_like(), [(0, 23, True)]) + table_four_text(numbers) + later
    got = gipreport.parse(text)
    assert got.review_litigation.litigation_after_review.total == 3
    (flag,) = [d for d in got.diagnostics if d.code == "recover.stream-unconfirmed"]
    assert "later section" not in flag.message


def test_table_two_in_stream_order_is_read_in_order_and_flagged() -> None:
    """The Huai'an PDF's table 二 in ``pdftotext``: a page mark and a heading between a label and its
    number, the fee before its label."""
    text = """\
二、主动公开政府信息情况
第二十条第（一）项
信息内容
本年制发件数
本年废止件数
现行有效件数
规章
0
0
0
行政规范性文件
3
0
8
第二十条第（五）项
信息内容
行政许可
-2-
本年处理决定数量
9487
第二十条第（六）项
信息内容
本年处理决定数量
行政处罚
2776
行政强制
84
第二十条第（八）项
信息内容
本年收费金额（单位：万元）
7545
行政事业性收费
"""
    got = gipreport.parse(text + stream_text(huaian_like(), [(0, 23, True)]))
    disclosure = got.active_disclosure
    assert (disclosure.licensing.decisions, disclosure.punishment.decisions) == (9487, 2776)
    assert (disclosure.coercion.decisions, str(disclosure.fees.amount)) == (84, "7545")
    assert disclosure.normative_documents.in_force == 8
    flagged = {d.key for d in got.diagnostics if d.code == "recover.stream-unconfirmed"}
    assert "active_disclosure.licensing" in flagged and "active_disclosure.fees" in flagged


def test_headings_a_narrow_page_wrapped_still_bound_the_table() -> None:
    cut = [(0, 4, False), (4, 13, True), (13, 23, True)]
    text = stream_text(huaian_like(), cut, labels_first=False)
    text = text.replace(HEADING, "三、收到和处理政府信息公开\n申请情况").replace(
        NEXT_HEADING, "四、政府信息公开行政复议、行政\n诉讼情况"
    )
    got = gipreport.parse(text)
    assert got.applications.unavailable_not_held.natural_person == 31
    assert not dishonest(huaian_like(), got)


def test_a_lost_heading_does_not_lend_the_next_tables_numbers_to_the_stream() -> None:
    """Table 四's heading lost, its row read beside its header: its 15 numbers are not table 三's.
    Found by the honesty property (full-width noise): table 三's 160 numbers (a blank cell, and
    （六）其他处理 printed as one row) and table 四's 15 made 175, the cells of the 25-row print, and an
    all-zero table read so "in stream order" gave 0 for the blank and for the three parts."""
    fmt = get("2021")
    flat: dict[str, object] = dict.fromkeys(fmt.flat_keys, 0)
    flat["applications.new_received.natural_person"] = None
    for part in ("other_overdue_correction", "other_unpaid_fee", "other_other"):
        for key in fmt.row(f"applications.{part}").cells:
            flat[key] = None
    report = attrs.evolve(
        gipreport.from_flat(flat, organ="某某镇人民政府", year=2021, format="2021"),
        title="某某镇人民政府2021年政府信息公开工作年度报告",
        sections=(Section(3, HEADING, ""), Section(5, "五、存在的主要问题及改进情况", "")),
    )
    text = gipreport.render(report, "tab")
    assert HEADING in text and NEXT_HEADING not in text
    got = gipreport.parse(text)
    assert dishonest(report, got) == []
    assert got.applications.new_received.natural_person is None


def chromium_stream_text(report: Report, modes: Sequence[int], cuts_at: Sequence[int]) -> str:
    """Table 三 as ``pdftotext`` gives Chromium's print: each row's numbers one per line, and its label
    on a line of its own after them (mode 0), or with the row's first cells on the label's line, that
    line before the rest of the row (1) or after it (2); ``cuts_at`` says how many cells each label
    line holds."""
    flat = report.to_flat()
    lines = [f"某某县人民政府{report.year}年政府信息公开工作年度报告", HEADING, *HEADER]
    for row, mode, cut in zip(printed_rows(report), modes, cuts_at, strict=False):
        numbers = [str(flat[key]) for key in row.cells]
        if mode == 0:
            lines += [*numbers, row.label]
            continue
        label_line = f"{row.label} {' '.join(numbers[:cut])}"
        lines += [label_line, *numbers[cut:]] if mode == 1 else [*numbers[cut:], label_line]
    return "\n".join([*lines, NEXT_HEADING]) + "\n"


def test_labels_after_their_numbers_and_label_lines_that_end_their_rows_are_read() -> None:
    """Chromium's prints in ``pdftotext`` (rendered-pingtan-2019, pingtan-zone-2023): most rows' numbers
    come before their label, so the label-by-label reading takes each label's numbers from the next
    row, and breaks an identity; a label's line holds its row's first cells, before or after the rest
    of the row. Those values are set aside and those cells moved to their row's start: the table is
    read from the stream, proven."""
    report = huaian_like()
    count = len(printed_rows(report))
    text = chromium_stream_text(
        report, [(0, 0, 1, 2)[place % 4] for place in range(count)], [1, 3, 4] * count
    )
    got = gipreport.parse(text)
    assert not dishonest(report, got)
    truth, flat = report.to_flat(), got.to_flat()
    keys = [key for key in truth if key.startswith("applications.")]
    assert [flat[key] for key in keys] == [truth[key] for key in keys]
    proof = got.sources["applications.granted.natural_person"].proof or ""
    assert "set aside" in proof and "first cells" in proof


def test_labels_after_their_numbers_with_no_proven_reading_leave_the_table_unread() -> None:
    """Found by the property below: every label after its row's numbers, and two readings the
    identities allow (rows of (1, 0 … 0, 1) under rows of zeros, read down their columns in pairs).
    The label-by-label reading took each label's numbers from the next row, and a row swapped so keeps
    every identity: those values were read as printed, silently wrong. A label standing just after its
    row's numbers now leaves the table's values unread, flagged."""
    values = {key: 0 for row in get("2019").table("applications").rows for key in row.cells}
    for row in ("carried_over", "partially_granted", "total_processed"):
        values[f"applications.{row}.natural_person"] = values[f"applications.{row}.total"] = 1
    report = gipreport.from_flat(values, format="2019", year=2020, organ="某某县人民政府")
    count = len(printed_rows(report))
    got = gipreport.parse(chromium_stream_text(report, [0] * count, [1] * count))
    assert not dishonest(report, got)
    assert got.applications.granted.natural_person is None
    assert got.sources["applications.granted.natural_person"].state == "unreadable"
    assert "recover.stream-unproven" in {d.code for d in got.diagnostics if d.key == "applications"}


@given(st.data())
def test_chromium_stream_order_is_read_exactly_or_flagged(data: st.DataObject) -> None:
    report = data.draw(reports(old_layout=None, format=data.draw(st.sampled_from(["2021", "2019"]))))
    count = len(printed_rows(report))
    modes = data.draw(st.lists(st.integers(0, 2), min_size=count, max_size=count))
    cuts_at = data.draw(st.lists(st.integers(1, 6), min_size=count, max_size=count))
    got = gipreport.parse(chromium_stream_text(report, modes, cuts_at))
    assert not dishonest(report, got)


@pytest.mark.parametrize(
    "name",
    [
        "rendered-pingtan-2019-chromium-pdf-pdftotext",
        "pingtan-zone-2023-page-chromium-pdf-pdftotext",
        "rendered-shanghai-2025-libreoffice-pdf-pdftotext",  # first cells of wrapped rows drawn apart
    ],
)
def test_chromium_prints_in_stream_order_read_table_three(name: str) -> None:
    expected = read_expected(name)["values"]
    flat = read_report(name).to_flat()
    three = [key for key in expected if key.startswith("applications.")]
    assert [flat[key] for key in three] == [expected[key] for key in three]


def test_table_two_label_line_that_ends_its_row_gives_the_rows_first_cell() -> None:
    """Chromium's print of the Pingtan page in ``pdftotext``: 「132」「470」「行政规范性文件 77」. Read in the
    text's order the row was 132 | 470 | 77; its label's line holds its first cell, so 77 | 132 | 470
    (flagged, as every table 二 row read in stream order is: no identity proves it)."""
    report = read_report("pingtan-zone-2023-page-chromium-pdf-pdftotext")
    row = report.active_disclosure.normative_documents
    assert (row.issued, row.repealed, row.in_force) == (77, 132, 470)
    assert report.sources["active_disclosure.normative_documents.issued"].raw == "77"
    assert "recover.stream-unconfirmed" in {
        d.code for d in report.diagnostics if d.key == "active_disclosure.normative_documents"
    }


def test_table_two_of_2019_with_an_amount_and_its_unit_is_read_in_order() -> None:
    """2019's 政府集中采购 keeps its unit beside the amount (「75394432.52元」): the stream reading left
    the whole table to the label-by-label reading, which in Chromium's print (numbers before labels)
    read each label with the next row's numbers. Its numbers are read in the text's order now, the
    amount with its unit, each row flagged."""
    report = read_report("rendered-pingtan-2019-chromium-pdf-pdftotext")
    table = report.active_disclosure_2019
    assert (table.punishment.prev_year_items, table.punishment.change, table.punishment.decisions) == (
        2648,
        0,
        430,
    )
    procurement = table.procurement
    assert (procurement.count, str(procurement.amount), procurement.amount_unit) == (135, "75394432.52", "元")
    assert report.sources["active_disclosure_2019.procurement.amount"].raw == "75394432.52元"
    assert "recover.stream-unconfirmed" in {
        d.code for d in report.diagnostics if d.key == "active_disclosure_2019.procurement"
    }


def test_values_beside_labels_after_their_numbers_give_no_provenance() -> None:
    """Chromium's print of a rendered report, all zeros, in ``pdftotext``: 二、上年结转's numbers stand on
    lines 47–52, its label on 53. The label-by-label reading took the seven zeros after the label (the
    next row's) and, every value the same, the stream's proven reading kept them with their lines: the
    sources named the next row's cells. A label after its own row's numbers sets every value read
    beside a label aside, its source too."""
    report = read_report("rendered-004-chromium-pdf-pdftotext")
    source = report.sources["applications.carried_over.natural_person"]
    assert (source.line, source.state) == (47, "recovered")
    assert report.sources["applications.carried_over.total"].line == 52
    assert "follows its row's numbers" in (source.proof or "")


def chromium_layout_text(report: Report, quirks: Sequence[int], cuts_at: Sequence[int]) -> str:
    """Table 三 as ``pdftotext -layout`` gives Chromium's print: a row a line, its label then its
    numbers (quirk 0), but where a row's label is wrapped, its numbers may stand elsewhere. Quirk 1:
    the row's label alone, the next row's label with that row's first cells (``cuts_at``), then this
    row's numbers and the rest of the next row, each on a line of its own. Quirk 2: the row's label
    alone, the first part of the next row's label, this row's numbers, then the rest of the next
    label with its numbers (read as a label wrapped around its numbers, it takes this row's)."""
    flat = report.to_flat()
    rows = printed_rows(report)
    lines = [f"某某县人民政府{report.year}年政府信息公开工作年度报告", HEADING, *HEADER]
    place = 0
    while place < len(rows):
        row, quirk = rows[place], quirks[place]
        numbers = " ".join(str(flat[key]) for key in row.cells)
        if quirk == 0 or place + 1 == len(rows):
            lines.append(f"{row.label} {numbers}")
            place += 1
            continue
        below = rows[place + 1]
        below_numbers = [str(flat[key]) for key in below.cells]
        if quirk == 1:
            cut = cuts_at[place]
            lines += [row.label, f"{below.label} {' '.join(below_numbers[:cut])}", numbers]
            lines.append(" ".join(below_numbers[cut:]))
        else:
            lines += [row.label, below.label[:-3], numbers, f"{below.label[-3:]} {' '.join(below_numbers)}"]
        place += 2
    return "\n".join([*lines, NEXT_HEADING]) + "\n"


def test_a_label_line_with_the_next_rows_first_cells_above_this_rows_numbers_is_read() -> None:
    """A wrapped label's row whose numbers follow the next label's line, which holds the next row's
    first cells: those cells are moved to their row's start, and the stream has one reading."""
    report = huaian_like()
    count = len(printed_rows(report))
    quirks = [0] * count
    quirks[6], quirks[12] = 1, 2  # 3.危及… with 4.保护第三方…, and 1.本机关不掌握… with 2.没有现成信息…
    got = gipreport.parse(chromium_layout_text(report, quirks, [1] * count))
    truth, flat = report.to_flat(), got.to_flat()
    keys = [key for key in truth if key.startswith("applications.")]
    assert [flat[key] for key in keys] == [truth[key] for key in keys]
    proof = got.sources["applications.denied_third_party_rights.natural_person"].proof or ""
    assert "first cells, wherever the line stands" in proof


def test_chromium_print_in_layout_text_reads_table_three_setting_aside_a_label_read_with_its_neighbour() -> (
    None
):
    """The Pingtan page printed by Chromium, in ``pdftotext -layout``: 「5.保护第三方合法权益」 alone,
    「属于三类内部事务信 0」 (the next row's first cell), then 「1 0 0 0 0 0 1」 and 「0 0 0 0 0 0」; and
    「2.没有现成信息需要另」 above 「31 0 0 0 0 0 31」, the row above's numbers, read as its own. The
    label-by-label reading left rows of numbers without a label: its values are set aside where the
    stream's one reading differs (it read 31 for 2.没有现成信息, a value no identity could check)."""
    got = read_report("pingtan-zone-2023-page-chromium-pdf-pdftotext-layout")
    truth = read_expected("pingtan-zone-2023-page-chromium-pdf-pdftotext-layout")["values"]
    keys = [key for key in truth if key.startswith("applications.")]
    assert [got.to_flat()[key] for key in keys] == [truth[key] for key in keys]
    cell = got.sources["applications.unavailable_needs_creation.natural_person"]
    assert cell.state == "recovered" and "left without a label" in (cell.proof or "")


@given(st.data())
def test_chromium_layout_text_with_wrapped_labels_is_read_exactly_or_flagged(data: st.DataObject) -> None:
    report = data.draw(reports(old_layout=None, format=data.draw(st.sampled_from(["2021", "2019"]))))
    count = len(printed_rows(report))
    quirks = data.draw(st.lists(st.sampled_from([0, 0, 1, 2]), min_size=count, max_size=count))
    cuts_at = data.draw(st.lists(st.integers(1, 6), min_size=count, max_size=count))
    got = gipreport.parse(chromium_layout_text(report, quirks, cuts_at))
    assert not dishonest(report, got)


def test_a_row_whose_label_was_lost_is_not_placed_by_its_own_total_alone() -> None:
    """Found by the property above: 「2.重复申请」 alone, 「3.要求提供公开出版物」 with its row's first six
    cells, then 2's numbers and 3's last cell on lines of their own. The recovery took 2's numbers for
    4.无正当理由大量反复申请 (the one row between the labelled neighbours) and called them proven by
    that row's own total; a row of zeros adds up wherever it is placed, so only an identity across
    rows says which row it is. 4's 1 is not read as 0 now."""
    values = {key: 0 for row in get("2021").table("applications").rows for key in row.cells}
    for key in ("new_received", "not_processed_excessive", "total_processed"):
        values[f"applications.{key}.other_org"] = values[f"applications.{key}.total"] = 1
    report = gipreport.from_flat(values, format="2021", year=2021, organ="某某县人民政府")
    count = len(printed_rows(report))
    quirks, cuts = [0] * count, [1] * count
    quirks[16], cuts[16], quirks[18] = 1, 6, 1  # 2.重复申请 with 3.要求提供…, 4.无正当理由… with 5.要求…
    got = gipreport.parse(chromium_layout_text(report, quirks, cuts))
    assert got.applications.not_processed_excessive.other_org != 0
    assert not dishonest(report, got)


def test_label_lines_cells_are_moved_by_their_places_in_the_stream_as_it_comes() -> None:
    """Two label lines whose cells stand out of place, one before the other's: each row's first cells
    go where the row starts, by their positions in the stream as it came (moving one line's cells
    first used to shift the other's, which then moved the wrong numbers)."""
    fmt = get("2021")
    first, second, third = fmt.table("applications").rows[:3]
    a, b, c = ([f"{name}{column}" for column in range(1, 8)] for name in "abc")
    printed = [b[0], *a, *b[1:], *c]  # b's label line (b1) above a's numbers; a's (a1 a2) among them
    stream = Stream([Token(text, 1, text) for text in printed], [], [], fmt)
    stream.__dict__["label_lines"] = [(second.key, 0, 1), (first.key, 1, 2)]
    moved = label_lines_first(stream, [first, second, third])
    assert moved is not None
    assert [token.text for token in moved] == [*a, *b, *c]
