"""Short rows of a space-aligned table (``pdftotext -layout``, pypdf's layout mode) read by where their
numbers stand under the header: a report that leaves cells blank loses them in such text."""

from __future__ import annotations

from random import Random

from hypothesis import given, settings
from hypothesis import strategies as st

import gipreport
from _support import covered, read_expected, read_report, read_sample
from gipreport import formats
from gipreport.layout import Block, detect_layout
from gipreport.model import Report, Value
from gipreport.normalize import normalize
from gipreport.strategies import reports
from gipreport.tables import aligned

TABLE = formats.get("2021").table("applications")
ROWS = [row for row in TABLE.rows if not row.derived_from]
# Where each of the seven columns' header starts (0-based), and the header as a PDF wraps it.
COLUMN_AT = (34, 40, 46, 52, 60, 68, 74)
HEADER = (
    ((34, "自 然"), (40, "商业"), (46, "科研"), (52, "社会公"), (60, "法 律"), (68, "其他"), (74, "总计")),
    ((34, "人"), (40, "企业"), (46, "机构"), (52, "益组织"), (60, "服 务")),
    ((60, "机构"),),
)
PREAMBLE = "某某局2023年政府信息公开工作年度报告\n三、收到和处理政府信息公开申请情况\n"
SHUYANG = "shuyang-development-reform-2023-page-chromium-pdf-pdftotext-layout"
SAMPLE = read_report("003_311ae15cdbf9e8ba")  # a real table 三: mostly zeros, as most reports' are


def _line(items: tuple[tuple[int, str], ...] | list[tuple[int, str]]) -> str:
    text = ""
    for at, piece in items:
        text = text.ljust(at) + piece if at >= len(text) + 2 or not text else text + "  " + piece
    return text


def _draw(
    rows: list[list[int | None]], shifts: list[int] | None = None, page_before: int | None = None
) -> str:
    """Table 三 as ``pdftotext -layout`` prints it: its header, then each row's label and numbers
    under their columns (a blank cell only spaces), each row's numbers moved by its shift."""
    lines = [_line(items) for items in HEADER]
    for place, (spec, values) in enumerate(zip(ROWS, rows, strict=True)):
        shift = shifts[place] if shifts else 0
        label = spec.label[:28]
        numbers = [
            (at + shift, str(value)) for at, value in zip(COLUMN_AT, values, strict=True) if value is not None
        ]
        line = _line([(0, label), *numbers])
        lines.append(("\f" if place == page_before else "") + line)
    return PREAMBLE + "\n".join(lines) + "\n"


def _table(report: gipreport.Report, rnd: Random, blank: float) -> list[list[int | None]]:
    """The report's table 三 as printed rows, some cells of 0 left blank (a blank counts 0 in the
    identities, as a report's blanks do; the total never blank)."""
    flat = report.to_flat()
    rows: list[list[int | None]] = []
    for spec in ROWS:
        values = [flat[key] for key in spec.cells]
        assert all(isinstance(value, int) for value in values)
        parts = [None if value == 0 and rnd.random() < blank else value for value in values[:-1]]
        rows.append([*parts, values[-1]])  # type: ignore[list-item]
    return rows


def _read(report: gipreport.Report) -> list[list[Value]]:
    flat = report.to_flat()
    return [[flat[key] for key in spec.cells] for spec in ROWS]


def test_a_shuyang_page_printed_to_pdf_reads_its_blank_columns_rows_under_the_header() -> None:
    """沭阳县发改局 leaves the five 法人或其他组织 columns blank: in ``pdftotext -layout`` of Chromium's
    print every row of table 三 is 「label  26  26」, which no identity places. The rows of the page
    that holds the header stand under it (自然人, 总计); the next page sets its columns elsewhere, and
    its rows stay unread, flagged. (「年度办 （二）部分公开（区分处理的，只计这」 names its row: the cell
    ends in the start of the row's wrapped label.)"""
    report = gipreport.parse(read_sample(SHUYANG))
    expected = read_expected(SHUYANG)["values"]
    flat = report.to_flat()
    read_here = [key for key in expected if key.startswith("applications.") and flat.get(key) is not None]
    assert len(read_here) == 32
    assert all(flat[key] == expected[key] for key in read_here)
    assert flat["applications.granted.commercial_enterprise"] is None
    assert report.sources["applications.granted.total"].raw == "26"
    assert report.sources["applications.granted.total"].column == 46
    # The rows after the form feed (page 3) are none of the header's.
    assert flat["applications.total_processed.total"] is None
    assert covered("applications.total_processed.total", report)
    notes = [d for d in report.diagnostics if d.code == "map.row-under-header"]
    assert len(notes) == 16 and "自然人, 总计" in notes[0].message


def test_rows_under_the_header_read_with_their_blank_cells() -> None:
    rows = _table(SAMPLE, Random(3), blank=0.6)
    report = gipreport.parse(_draw(rows), format="2021")
    assert _read(report) == rows
    blank = "applications.granted.commercial_enterprise"
    if rows[2][1] is None:
        assert any(d.code == "map.cell-blank" and d.key == blank for d in report.diagnostics)


def test_whole_rows_above_show_the_columns_for_the_short_rows_below() -> None:
    """Found by the round trip: two short rows under twenty whole ones were not read, since only the
    short rows were counted as standing under the header (the whole ones are read at once, with no
    reading of their own to look at): their cells' columns count now."""
    rows = _table(SAMPLE, Random(0), blank=0.0)
    rows[-2][0] = rows[-1][0] = None
    rows[-2][-1] -= SAMPLE.to_flat()[ROWS[-2].cells[0]]  # (a blank counts 0: the totals follow)
    rows[-1][-1] -= SAMPLE.to_flat()[ROWS[-1].cells[0]]
    report = gipreport.parse(_draw(rows), format="2021")
    assert _read(report) == rows
    assert _read_under_header(report) == {ROWS[-2].key, ROWS[-1].key}


def _read_under_header(report: gipreport.Report) -> set[str]:
    return {d.key or "" for d in report.diagnostics if d.code == "map.row-under-header"}


def test_a_row_whose_numbers_stand_between_columns_ends_the_rows_read_so() -> None:
    """The columns moved (another page without a form feed, a merged cell): from that row on, no
    short row is read by where it stands (the recovery stage proves what it can)."""
    rows = _table(SAMPLE, Random(4), blank=0.6)
    shifts = [0] * len(ROWS)
    shifts[10:] = [4] * (len(ROWS) - 10)  # between two columns' labels
    report = gipreport.parse(_draw(rows, shifts), format="2021")
    assert _read(report)[:10] == rows[:10]
    short = {spec.key for spec, printed in zip(ROWS, rows, strict=True) if None in printed}
    assert _read_under_header(report) == {spec.key for spec in ROWS[:10]} & short
    for spec, printed, got in zip(ROWS[10:], rows[10:], _read(report)[10:], strict=True):
        assert all(g == p or covered(k, report) for k, p, g in zip(spec.cells, printed, got, strict=True))


def test_a_form_feed_ends_the_rows_read_under_the_header() -> None:
    rows = _table(SAMPLE, Random(5), blank=0.6)
    report = gipreport.parse(_draw(rows, page_before=8), format="2021")
    assert _read(report)[:8] == rows[:8]
    short = {spec.key for spec, printed in zip(ROWS, rows, strict=True) if None in printed}
    assert _read_under_header(report) == {spec.key for spec in ROWS[:8]} & short


def test_two_rows_under_the_header_are_too_few_to_show_columns() -> None:
    rows = _table(SAMPLE, Random(6), blank=0.6)
    rows[0][0] = rows[1][0] = None
    report = gipreport.parse(_draw(rows, page_before=2), format="2021")
    assert not _read_under_header(report)


@settings(max_examples=40, deadline=None)
@given(reports(), st.randoms(use_true_random=False), st.floats(0.0, 0.8), st.integers(-1, 1))
def test_rows_a_pdf_sets_a_character_off_read_back_exactly(
    report: Report, rnd: Random, blank: float, drift: int
) -> None:
    """Round trip: any table 三 with blank cells, drawn under its header with each row's numbers up to
    a character off (as extractors set a long label's numbers), reads back exactly."""
    rows = _table(report, rnd, blank)
    shifts = [rnd.choice([0, drift]) for _ in ROWS]
    assert _read(gipreport.parse(_draw(rows, shifts), format="2021")) == rows


@settings(max_examples=60, deadline=None)
@given(reports(), st.randoms(use_true_random=False), st.floats(0.1, 0.8))
def test_rows_set_anywhere_are_read_right_or_flagged(report: Report, rnd: Random, blank: float) -> None:
    """Honesty: with each row's numbers moved anywhere (text whose spacing only parts cells), every
    value is the printed one or flagged."""
    rows = _table(report, rnd, blank)
    shifts = [rnd.randrange(-8, 9) for _ in ROWS]
    got = gipreport.parse(_draw(rows, shifts), format="2021")
    for spec, printed, read in zip(ROWS, rows, _read(got), strict=True):
        for key, want, value in zip(spec.cells, printed, read, strict=True):
            assert value == want or covered(key, got), (key, want, value)


def _header_block(*lines: str) -> Block:
    text = "\n".join([*lines, f"{'一、本年新收政府信息公开申请数量':34}26{'':38}26"])
    layout = detect_layout(normalize(text))
    return next(block for block in layout.blocks if block.layout == "spaced")


def test_the_header_gives_columns_only_where_it_names_each_once_in_order() -> None:
    header = _line(HEADER[0])
    block = _header_block(header, _line(HEADER[1]))
    labels = [column.own_label for column in ROWS[0].columns]
    spans = aligned.header_spans(aligned.header_lines(block), labels)
    assert spans is not None and [span.first for span in spans] == [at + 1 for at in COLUMN_AT]
    assert (
        aligned.header_spans(aligned.header_lines(block), labels[:1]) is None
    )  # one column: nothing to tell apart
    assert (
        aligned.header_spans(aligned.header_lines(block), ["结果维持", "结果纠正"]) is None
    )  # two labels start alike
    # 「总计」 printed twice after 「其他」: two placings, no columns
    doubled = _header_block(header + "  总计", _line(HEADER[1]))
    assert aligned.header_spans(aligned.header_lines(doubled), labels) is None
