"""Issue 23, shape 5: cells OCR lost whole (a row whose numbers it garbled, a row's line gone), filled
where the identities fix them from the values read: ``derived``, with the identities as proof, and
flagged ``recover.lost-cell`` (OCR may have misread the values they rest on; a 0 may be printed
blank). Never in a text that is not OCR, never a cell printed empty, never in a table that leaves
whole columns blank, never where a filled value would break an identity."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

import gipreport
from _support import covered, read_report
from gipreport import formats
from gipreport.strategies import reports

# 表三 of a small report: a few rows with applications, every other row 0.
COUNTS = {
    "new_received": (21, 1, 22),
    "carried_over": (2, 0, 2),
    "granted": (12, 1, 13),
    "partially_granted": (3, 0, 3),
    "unavailable_not_held": (5, 0, 5),
    "other_overdue_correction": (1, 0, 1),
    "total_processed": (21, 1, 22),
    "carried_forward": (2, 0, 2),
}
ROWS = [  # as OCR text: borders read as 「|」, so the text shows OCR signs
    (row.label, " |".join(map(str, (natural, enterprise, 0, 0, 0, 0, total))))
    for row in formats.get("2021").table("applications").rows
    if not row.derived_from
    for natural, enterprise, total in [COUNTS.get(row.key.partition(".")[2], (0, 0, 0))]
]
GARBLED_ROW = 12  # 1.本机关不掌握相关政府信息
STATE_SECRET_ROW = 4  # 1.属于国家秘密
OVERDUE_ROW = 20  # （六）其他处理's 1.申请人无正当理由逾期不补正…


def _table_three(rows: list[tuple[str, str]]) -> str:
    return "三、收到和处理政府信息公开申请情况\n" + "".join(f"{label}    |{cells}\n" for label, cells in rows)


def _garbled(row: int, cells: str = "Dll pm pp") -> list[tuple[str, str]]:
    return [(label, cells if place == row else numbers) for place, (label, numbers) in enumerate(ROWS)]


def test_a_row_whose_numbers_ocr_garbled_is_fixed_by_the_column_sums() -> None:
    """「1.本机关不掌握相关政府信息  Dll pm pp」: no number of the row is read; （七）总计 less the other
    results in each column (I2) gives 5 0 0 0 0 0 5, each derived, proven, and flagged."""
    report = gipreport.parse(_table_three(_garbled(GARBLED_ROW)))
    row = report.applications.unavailable_not_held
    assert (row.natural_person, row.commercial_enterprise, row.other_org, row.total) == (5, 0, 0, 5)
    for column in ("natural_person", "total"):
        key = f"applications.unavailable_not_held.{column}"
        source = report.sources[key]
        assert source.state == "derived" and source.raw == ""
        assert source.proof is not None and "I2" in source.proof
        assert any(
            d.code == "recover.lost-cell" and d.key == key and d.severity == "warning"
            for d in report.diagnostics
        )


def test_a_part_of_a_derived_row_is_fixed_through_that_row() -> None:
    """A part of （六）其他处理 garbled: I2 fixes （六）其他处理, which the report prints as its three parts,
    and the parts read leave the lost one the rest (1, as printed)."""
    report = gipreport.parse(_table_three(_garbled(OVERDUE_ROW)))
    row = report.applications.other_overdue_correction
    assert (row.natural_person, row.commercial_enterprise, row.total) == (1, 0, 1)
    assert report.applications.other_processing.natural_person == 1
    source = report.sources["applications.other_overdue_correction.natural_person"]
    assert source.state == "derived" and source.proof is not None and "sum of its parts" in source.proof


def test_a_lost_row_of_a_sum_already_made_up_is_zeros() -> None:
    """「1.属于国家秘密」's line gone entirely: the results read already make up （七）总计 in every column,
    so the row's counts, never negative, are each 0 (and the rows of the table never printed stay
    as they were: I2 goes through them too, but the sum leaves them nothing as well)."""
    rows = [row for place, row in enumerate(ROWS) if place != STATE_SECRET_ROW]
    report = gipreport.parse(_table_three(rows))
    flat = report.to_flat()
    secret = [flat[key] for key in flat if key.startswith("applications.denied_state_secret.")]
    assert secret == [0] * 7
    assert all(covered(key, report) for key in flat if key.startswith("applications.denied_state_secret."))


def test_a_fill_that_would_need_a_negative_count_is_not_made() -> None:
    """The results read exceed （七）总计 (OCR misread one): no count makes up the sum, nothing is
    filled, and the lost row stays None, flagged."""
    rows = _garbled(GARBLED_ROW)
    rows[2] = ("（一）予以公开", "19 |1 |0 |0 |0 |0 |20")
    report = gipreport.parse(_table_three(rows))
    assert report.applications.unavailable_not_held.natural_person is None
    assert covered("applications.unavailable_not_held.natural_person", report)
    assert not any(
        d.code == "recover.lost-cell" and "natural_person" in (d.key or "") for d in report.diagnostics
    )


def test_text_that_is_not_ocr_is_never_filled() -> None:
    """The same table with its cells apart by TABs (no OCR sign): a converter loses no digits, and a
    row it shows without numbers was printed so; nothing is derived."""
    rows = _garbled(GARBLED_ROW)
    lines = ["\t".join([label, *cells.split(" |")]) for label, cells in rows]
    text = "三、收到和处理政府信息公开申请情况\n" + "\n".join(lines) + "\n"
    report = gipreport.parse(text)
    assert "input.ocr" not in {d.code for d in report.diagnostics}
    assert report.applications.unavailable_not_held.natural_person is None
    assert not any(d.code == "recover.lost-cell" for d in report.diagnostics)


def test_a_table_that_leaves_columns_blank_is_not_filled() -> None:
    """Every row shows two numbers for seven columns (「|26  26」): the five 法人或其他组织 columns are
    blank, not lost, and no sum fills them with 0."""
    rows = [
        ("一、本年新收政府信息公开申请数量", "26                 26"),
        ("二、上年结转政府信息公开申请数量", "0                  0"),
        ("（一）予以公开", "26                 26"),
        ("（七）总计", "26                 26"),
        ("四、结转下年度继续办理", "0                  0"),
    ]
    report = gipreport.parse(_table_three(rows))
    assert "input.ocr" in {d.code for d in report.diagnostics}
    assert report.applications.granted.commercial_enterprise is None
    assert not any(d.code == "recover.lost-cell" for d in report.diagnostics)


def test_a_filled_value_confirms_no_other_ocr_value() -> None:
    """A filled value makes its identities hold by construction: the values they rest on stay flagged
    ``check.ocr-unconfirmed`` where nothing else confirms them. （一）予以公开's 12 is confirmed across
    rows by I2 alone; with a row of its column filled from I2, I2 confirms nothing."""
    key = "applications.granted.natural_person"

    def unconfirmed(rows: list[tuple[str, str]]) -> set[str | None]:
        report = gipreport.parse(_table_three(rows))
        return {d.key for d in report.diagnostics if d.code == "check.ocr-unconfirmed"}

    assert key not in unconfirmed(ROWS)
    assert key in unconfirmed(_garbled(GARBLED_ROW))


def test_the_rendered_pages_ocr_fills_its_garbled_rows() -> None:
    """tesseract over Chromium's print of a rendered page whose tables are all 0: rows whose numbers
    OCR lost (「2 没有现成信息需要另行制作    Dll pm pp」, （二）部分公开 with no numbers at all) are
    filled with 0 from the column sums, each flagged."""
    report = read_report("rendered-004-chromium-pdf-tesseract")
    flat = report.to_flat()
    for row in ("partially_granted", "unavailable_needs_creation"):
        keys = [key for key in flat if key.startswith(f"applications.{row}.")]
        assert [flat[key] for key in keys] == [0] * 7
        assert all(report.sources[key].state == "derived" and covered(key, report) for key in keys)


@given(st.data())
def test_rows_ocr_lost_are_filled_right_or_left_none(data: st.DataObject) -> None:
    """A report's 表三 as OCR text with some rows' numbers garbled: every value differs from the truth
    only under a warning or an error, and where the report has no blank cell (nothing for a lost 0 to
    stand for), every filled value is the truth: the identities fix it."""
    blanks = data.draw(st.booleans())
    report = data.draw(reports(blanks=blanks))
    lines = gipreport.render(report, "tab").splitlines()
    for place, line in enumerate(lines):
        cells = line.split("\t")
        if len(cells) < 8 or not all(cell.isdigit() for cell in cells[-7:]):
            continue
        label = next((cell for cell in reversed(cells[:-7]) if cell), "")
        numbers = "Dll pm pp" if data.draw(st.integers(0, 4)) == 0 else " |".join(cells[-7:])
        lines[place] = f"{label}    |{numbers}"
    got = gipreport.parse("\n".join(lines) + "\n")
    truth, flat = report.to_flat(), got.to_flat()
    silent = [key for key, value in truth.items() if flat.get(key) != value and not covered(key, got)]
    assert not silent, [(key, truth[key], flat.get(key)) for key in silent]
    filled = [key for key, cell in got.sources.items() if cell.state == "derived" and cell.proof]
    if not blanks:
        wrong = [key for key in filled if flat[key] != truth[key]]
        assert not wrong, [(key, truth[key], flat[key]) for key in wrong]
