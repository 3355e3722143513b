"""Issue 23, shape 5: OCR loses lone zeros. In OCR text a cell missing from a row is read as a 0 the
text lost, placed only where every reading of the row that the identities allow agrees (state
``recovered``), each such 0 flagged ``recover.lost-zero`` (a blank cell looks the same); where a lost
cell held another number, no reading keeps the identities and nothing is guessed."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

import gipreport
from _support import covered, read_report
from gipreport.strategies import reports
from gipreport.tables.placements import placements

# What OCR leaves between two cells: spaces, or a border read as 「|」.
BORDERS = ["  ", "   ", " | ", " |"]


def _ocr_text(lines: list[str], data: st.DataObject, lose_others: bool) -> tuple[str, set[str]]:
    """``lines`` (a report rendered with TABs) as OCR text: each row of 表三 (seven number cells) with
    its cells apart by spaces or borders, some zeros lost (and, with ``lose_others``, now and then
    another cell); the first rows keep a border glued to a digit so that the text shows OCR signs.
    Also the labels of the rows that lost a cell."""
    damaged: set[str] = set()
    rows = 0
    for place, line in enumerate(lines):
        cells = line.split("\t")
        if len(cells) < 8 or not all(cell.isdigit() for cell in cells[-7:]):
            continue
        label = next((cell for cell in reversed(cells[:-7]) if cell), "")
        numbers = cells[-7:]
        kept = [
            number
            for number in numbers
            if not data.draw(st.booleans() if number == "0" or lose_others else st.just(False))
        ]
        if len(kept) < len(numbers):
            damaged.add(label)
        if rows < 3:
            lines[place] = f"{label}    |" + "|".join(kept)
        else:
            borders = [data.draw(st.sampled_from(BORDERS)) for _ in kept]
            lines[place] = f"{label}  " + "".join(map(str.__add__, borders, kept))
        rows += 1
    return "\n".join(lines) + "\n", damaged


@given(st.data())
def test_lost_zeros_are_read_back_and_flagged_never_silent(data: st.DataObject) -> None:
    """Zeros lost (and sometimes another cell): every value that differs from the truth is flagged, and
    every value placed by recovery is the truth, except a 0 read for a blank cell, which is flagged
    ``recover.lost-zero`` on its key."""
    report = data.draw(reports(blanks=data.draw(st.booleans())))
    text, _ = _ocr_text(gipreport.render(report, "tab").splitlines(), data, data.draw(st.booleans()))
    got = gipreport.parse(text)
    assert "input.ocr" in {d.code for d in got.diagnostics}
    truth, flat = report.to_flat(), got.to_flat()
    lost_zero = {d.key for d in got.diagnostics if d.code == "recover.lost-zero"}
    assert all(d.severity == "warning" for d in got.diagnostics if d.code == "recover.lost-zero")
    silent = [key for key, value in truth.items() if flat.get(key) != value and not covered(key, got)]
    assert not silent, [(key, truth[key], flat.get(key)) for key in silent]
    wrongly_proven = [
        key
        for key, cell in got.sources.items()
        if cell.state == "recovered"
        and flat.get(key) != truth.get(key)
        and not (truth.get(key) is None and flat.get(key) == 0 and key in lost_zero)
    ]
    assert not wrongly_proven, [(key, truth[key], flat.get(key)) for key in wrongly_proven]


def _table_three(rows: list[tuple[str, str]]) -> str:
    """Table 三's heading and ``rows`` (label, OCR's cells) as OCR text."""
    return "三、收到和处理政府信息公开申请情况\n" + "".join(f"{label}    {cells}\n" for label, cells in rows)


def test_a_row_that_lost_its_zeros_is_read_back() -> None:
    """「80  1  0  0  0     81」: one zero lost; every reading that keeps the table's identities puts
    80 and 1 in the first two columns, so the row is read whole, the lost 0 flagged."""
    rows = [
        ("一、本年新收政府信息公开申请数量", "80  1  0  0  0     81"),
        ("二、上年结转政府信息公开申请数量", "|0 |0 |0 |0 |0 |0 |0"),
        ("（一）予以公开", "|22 |1 |0 |0 |0 |0 |23"),
        ("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "58  0  0  0  0  0  58"),
        ("（七）总计", "80 |1 |0 |0 |0 |0 |81"),
        ("四、结转下年度继续办理", "0  0  0  0  0  0  0"),
    ]
    report = gipreport.parse(_table_three(rows))
    new = report.applications.new_received
    assert (new.natural_person, new.commercial_enterprise, new.research_institution, new.total) == (
        80,
        1,
        0,
        81,
    )
    flagged = {d.key for d in report.diagnostics if d.code == "recover.lost-zero"}
    assert flagged and all(key.startswith("applications.new_received.") for key in flagged)
    assert all(report.sources[key].state == "recovered" and report.sources[key].raw == "" for key in flagged)


def test_a_lost_cell_that_held_a_number_is_not_read_as_0() -> None:
    """「2  “」: OCR read the total 2 as a quote mark. No reading with lost zeros keeps the row's total,
    so the row is not read."""
    text = (
        "三、收到和处理政府信息公开申请情况\n"
        "一、本年新收政府信息公开申请数量    |2 |0 |0 |0 |0 |0 |2\n"
        "8.属于行政查询事项    2                “\n"
        "二、上年结转政府信息公开申请数量    |0 |0 |0 |0 |0 |0 |0\n"
    )
    report = gipreport.parse(text)
    row = report.applications.denied_administrative_query
    assert row.natural_person is None and row.total is None
    assert covered("applications.denied_administrative_query.total", report)


# OCR text of 表三's first and last rows, all 0, then 表四's heading.
TABLE_THREE_OF_ZEROS = (
    "三、收到和处理政府信息公开申请情况\n"
    "一、本年新收政府信息公开申请数量    |0 |0 |0 |0 |0 |0 |0\n"
    "二、上年结转政府信息公开申请数量    |0 |0 |0 |0 |0 |0 |0\n"
    "四、结转下年度继续办理    |0 |0 |0 |0 |0 |0 |0\n"
    "四、政府信息公开行政复议、行政诉讼情况\n"
)


def test_table_four_row_that_lost_zeros_is_read_under_its_garbled_header() -> None:
    """表四's one row printed without a label, two zeros lost (13 numbers for 15 columns), under a
    header OCR garbled: 「其他结」 (of 「其他结果」) holds 表三's short header 「其他」, which must not take
    the reading back to 表三 after 表四's heading."""
    text = TABLE_THREE_OF_ZEROS + "结果维 |了果纠 |其他结 |尚未审 |总\n" + "  ".join(["0"] * 13) + "\n"
    report = gipreport.parse(text)
    values = [report.to_flat()[key] for key in report.to_flat() if key.startswith("review_litigation.")]
    assert values == [0] * 15
    # Any two of the fifteen zeros may be the lost ones: each is flagged.
    flagged = {d.key for d in report.diagnostics if d.code == "recover.lost-zero"}
    assert len(flagged) == 15 and all(key.startswith("review_litigation.") for key in flagged)


def test_a_header_cell_of_an_earlier_table_after_a_heading_keeps_the_headed_table() -> None:
    """After 表四's heading, a garbled header row whose cell is exactly 表三's column header 「其他」
    (OCR's 「其他」 of 「其他结果」, a cell of its own) is a piece of 表四's header: 表四's row that
    follows is read in 表四 (found, not 「table 四 was not found」), and the header words are no row of
    numbers."""
    header = "结果 结果   其他   尚未 总计\n维持   纠正 结果 审结\n"
    text = TABLE_THREE_OF_ZEROS + header + "  ".join(["0"] * 14) + "\n"
    report = gipreport.parse(text)
    values = [report.to_flat()[key] for key in report.to_flat() if key.startswith("review_litigation.")]
    assert values == [0] * 15
    codes = {(d.code, d.key) for d in report.diagnostics}
    assert ("map.table-missing", "review_litigation") not in codes
    assert not any(code == "map.unlabelled-row" for code, _ in codes)


def test_a_header_of_an_earlier_table_still_moves_back_where_no_heading_named_the_later_one() -> None:
    """The rule above holds from a heading only. LibreOffice's print of a Word file, as ``pdftotext
    -layout``: in 2019's 表二 a weak header cell (「其他对」 of 「其他对外管理服务事项」) takes the
    reading to 表三; 表二's own header (「信息内 采购项 采购总金额」) brings it back, and 政府集中采购's
    row, its label cut to 「政府集」, is read in 表二, not left as an unlabelled row of 表三."""
    report = read_report("rendered-pingtan-2019-docx-libreoffice-pdf-pdftotext-layout")
    assert report.to_flat()["active_disclosure_2019.procurement.count"] == 135
    lines = [cell.line for key, cell in report.sources.items() if key.startswith("applications.")]
    first = min(line for line in lines if line)
    unlabelled = [d for d in report.diagnostics if d.code == "map.unlabelled-row" and d.key == "applications"]
    assert not [d for d in unlabelled if d.line < first]


def test_the_rendered_pages_ocr_reads_its_lost_zeros() -> None:
    """tesseract over Chromium's print of a rendered page whose tables are all 0: most rows lost some
    zeros (「0 |o lo   0  0 0」); 表三 and 表四 read all but what a garbled label hides."""
    report = read_report("rendered-004-chromium-pdf-tesseract")
    flat = report.to_flat()
    review = [flat[key] for key in flat if key.startswith("review_litigation.")]
    assert review == [0] * 15
    applications = [value for key, value in flat.items() if key.startswith("applications.")]
    assert applications.count(0) >= 140 and set(applications) <= {0, None}


def test_a_table_whose_rows_all_lack_the_same_columns_keeps_them_blank() -> None:
    """A report that leaves the five 法人或其他组织 columns blank: in OCR every row shows two numbers
    (「26  26」), none shows all its cells but one. Those are blank columns, not lost zeros: the rows
    are read as in any text (the blanks None, flagged), never 0."""
    rows = [
        ("一、本年新收政府信息公开申请数量", "|26                 26"),
        ("二、上年结转政府信息公开申请数量", "|0                  0"),
        ("（一）予以公开", "|26                 26"),
        ("（七）总计", "26                 26"),
        ("四、结转下年度继续办理", "0                  0"),
    ]
    text = _table_three(rows)
    report = gipreport.parse(text)
    assert "input.ocr" in {d.code for d in report.diagnostics}
    assert report.applications.carried_over.commercial_enterprise is None
    assert not any(d.code == "recover.lost-zero" for d in report.diagnostics)
    # One row that shows all its cells but one: the report prints its columns, the rest lost zeros.
    text += "（二）部分公开（区分处理的，只计这一情形，不计其他情形）    0  0  0  0  0  0\n"
    assert gipreport.parse(text).applications.carried_over.commercial_enterprise == 0


@given(st.integers(1, 15).flatmap(lambda width: st.tuples(st.just(width), st.integers(1, width))))
def test_a_row_of_zeros_that_lost_zeros_has_one_reading_every_zero_maybe_lost(shape: tuple[int, int]) -> None:
    """However many of a row's zeros OCR kept, every reading puts 0 in every column: one reading,
    each column's 0 one that may be the lost one."""
    width, kept = shape
    found, complete = placements([(at, "0") for at in range(kept)], width, padded=False, lost_zeros=True)
    assert complete and len(found) == 1
    assert all(piece is not None and piece.text == "0" and piece.lost for piece in found[0])
