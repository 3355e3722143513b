"""Documents (issue 13): HTML pages, DOCX and PDF files read into the same pipeline as text."""

from __future__ import annotations

import builtins
import html
import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import gipreport
from _support import SAMPLES, expected_report, read_report, read_sample
from gipreport import documents
from gipreport import strategies as gs
from gipreport.decoding import sniff
from gipreport.formats.national import SECTION_HEADINGS
from gipreport.grid import grid_columns
from gipreport.model import Report
from gipreport.readers import MissingExtraError
from gipreport.render import NoiseStep


def _same_tables(expected: Report, got: Report) -> list[str]:
    truth, flat = expected.to_flat(), got.to_flat()
    return [
        f"{key}: expected {value!r}, got {flat.get(key)!r}"
        for key, value in truth.items()
        if flat.get(key) != value
    ]


def test_the_same_report_as_a_page_and_as_its_text_reads_the_same() -> None:
    page = read_report("pingtan-zone-2023-page")
    text = read_report("pingtan-zone-2023-page-gettext")
    assert page.to_flat() == text.to_flat()
    assert (page.organ, page.year, page.format) == (text.organ, text.year, text.format)


def test_a_word_export_page_keeps_blank_cells_blank() -> None:
    report = read_report("shuyang-development-reform-2023-page")
    assert report.applications.new_received.natural_person == 26
    assert report.applications.new_received.commercial_enterprise is None
    assert report.sources["applications.new_received.commercial_enterprise"].state == "blank"
    assert report.sources["applications.new_received.total"].line is not None  # the <td>'s source line


def test_html_provenance_is_the_source_line_of_the_cell() -> None:
    report = read_report("shuyang-development-reform-2023-page")
    cell = report.sources["applications.new_received.total"]
    html = (SAMPLES / "shuyang-development-reform-2023-page.html").read_text(encoding="utf-8")
    assert cell.raw.strip() in "".join(html.split("\n")[cell.line - 1 : cell.line + 3])


@pytest.mark.parametrize(
    "name", ["000_6943510d23fd8daa", "002_14788243fd7ad82f", "pingtan-zone-2019-crawler"]
)
@pytest.mark.parametrize("dressed", [False, True])
def test_sample_tables_round_trip_through_html(name: str, dressed: bool) -> None:
    report = expected_report(name)
    noise = [NoiseStep("word-export", 5)] if dressed else []
    got = gipreport.parse_html(documents.html(report, noise=noise))
    assert not _same_tables(report, got)
    assert (got.organ, got.year, got.format) == (report.organ, report.year, report.format)


@given(
    st.sampled_from(["2021", "2019"]).flatmap(
        lambda fmt: gs.reports(blanks=True, old_layout=None, format=fmt)
    ),
    st.booleans(),
    st.integers(0, 2**16),
)
def test_drawn_reports_round_trip_through_html(report: Report, dressed: bool, seed: int) -> None:
    noise = [NoiseStep("word-export", seed)] if dressed else []
    got = gipreport.parse_html(documents.html(report, noise=noise).encode("utf-8"))
    assert not _same_tables(report, got)
    assert (got.organ, got.year) == (report.organ, report.year)


@given(
    st.sampled_from(["2021", "2019"]).flatmap(
        lambda fmt: gs.reports(blanks=True, old_layout=None, format=fmt)
    )
)
def test_drawn_reports_round_trip_through_docx(report: Report) -> None:
    got = gipreport.parse_docx(documents.docx(report))
    assert not _same_tables(report, got)
    assert (got.organ, got.year) == (report.organ, report.year)


@pytest.mark.parametrize("sample", ["004_c601c8efb108a009", "pingtan-zone-2019-crawler"])
def test_a_word_files_tables_fit_its_page(sample: str) -> None:
    """表四 has 15 columns: at 900 twips a column it ran 4,860 twips off a Letter page, and
    LibreOffice's print of the file cut its last three columns (the values were lost to every reader
    of the PDF). Each table's grid now shares the text's width, and Word keeps it (fixed layout)."""
    import docx as python_docx
    from docx.oxml.ns import qn

    document = python_docx.Document(io.BytesIO(documents.docx(expected_report(sample))))
    section = document.sections[0]
    text_width = (section.page_width - section.left_margin - section.right_margin) // 635
    for table in document.tables:
        grid = table._tbl.tblGrid.findall(qn("w:gridCol"))
        assert sum(int(column.get(qn("w:w"))) for column in grid) <= text_width
        assert table._tbl.tblPr.find(qn("w:tblLayout")).get(qn("w:type")) == "fixed"


def _pdf(report: Report) -> bytes:
    """A PDF of the report's tables made with reportlab (its built-in Chinese font, no file needed)."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    style = ParagraphStyle("cn", fontName="STSong-Light", fontSize=9, leading=12)
    story: list[Any] = [Paragraph(report.title or "", style)]
    fmt = gipreport.formats.get(report.format or "2021")
    for table in fmt.tables:
        story.append(Paragraph(SECTION_HEADINGS[table.section_number], style))
        drawn = documents.draw(report, table)
        starts, ends = grid_columns(drawn)
        width = max(ends)
        column_width = (A4[0] - 80) / width
        grid: list[list[str]] = [[""] * width for _ in drawn]
        spans = []
        for r, row in enumerate(drawn):
            for cell, c in zip(row, starts[r], strict=True):
                grid[r][c] = _wrapped(cell.text, cell.colspan * column_width - 12, style.fontSize)
                if (cell.rowspan, cell.colspan) != (1, 1):
                    spans.append(("SPAN", (c, r), (c + cell.colspan - 1, r + cell.rowspan - 1)))
        cells = [[Paragraph(text, style) for text in row] for row in grid]
        rendered = Table(cells, colWidths=[column_width] * width)
        rendered.setStyle(
            TableStyle(
                [
                    ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                    ("FONTNAME", (0, 0), (-1, -1), "STSong-Light"),
                    *spans,
                ]
            )
        )
        story.append(rendered)
    buffer = io.BytesIO()
    # One tall page: a table with merged cells cannot be split across pages by reportlab.
    SimpleDocTemplate(buffer, pagesize=(A4[0], 4000)).build(story)
    return buffer.getvalue()


def _wrapped(text: str, width: float, size: float) -> str:
    """A cell's text broken into lines that fit ``width`` (as full-width characters), its last line
    never one character: PDFium drops a text object of one character in a font the PDF does not embed
    when the machine has no CJK font (README, Limits), and reportlab's Chinese font is not embedded."""
    per_line = max(2, int(width // size))
    lines = [text[start : start + per_line] for start in range(0, len(text), per_line)]
    if len(lines) > 1 and len(lines[-1]) == 1:
        lines[-2:] = [lines[-2][:-1], lines[-2][-1] + lines[-1]]
    return "<br/>".join(html.escape(line) for line in lines)


@pytest.mark.parametrize("name", ["004_c601c8efb108a009", "002_14788243fd7ad82f"])
def test_a_generated_pdf_reads_back(name: str) -> None:
    pytest.importorskip("reportlab")
    report = expected_report(name)
    got = gipreport.parse_pdf(_pdf(report))
    assert not _same_tables(report, got)


def test_a_pdf_without_a_text_layer_is_a_clear_error() -> None:
    pytest.importorskip("reportlab")
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    drawing = canvas.Canvas(buffer)
    drawing.rect(100, 100, 200, 200, fill=1)  # a scan's picture, no text
    drawing.save()
    report = gipreport.parse_pdf(buffer.getvalue())
    assert [d.code for d in report.errors][:1] == ["input.no-text-layer"]


def test_html_given_to_parse_says_to_use_parse_html() -> None:
    html = (SAMPLES / "pingtan-zone-2023-page.html").read_text(encoding="utf-8")
    report = gipreport.parse(html)
    assert any(d.code == "input.markup" for d in report.diagnostics)
    assert report.organ is None or "<" not in report.organ


def test_files_are_read_by_their_content_not_their_name(tmp_path: Path) -> None:
    page = tmp_path / "report.txt"  # an HTML page saved with the wrong suffix
    page.write_bytes((SAMPLES / "pingtan-zone-2023-page.html").read_bytes())
    assert gipreport.parse_file(page).to_flat() == read_report("pingtan-zone-2023-page").to_flat()
    assert sniff((SAMPLES / "huaian-hongze-district-2024.pdf").read_bytes()) == "pdf"
    assert sniff(documents.docx(expected_report("004_c601c8efb108a009"))) == "docx"
    assert sniff("一、总体情况\n<这不是标记>".encode()) == "text"


_READERS = {"html": ("lxml", "gipreport.readers.html"), "docx": ("docx", "gipreport.readers.docx")}
_READERS["pdf"] = ("pypdfium2", "gipreport.readers.pdf")


@pytest.mark.parametrize(
    ("kind", "call"),
    [
        ("html", lambda: gipreport.parse_html("<p>x</p>")),
        ("html", lambda: gipreport.parse_html(b"<p>x</p>")),
        ("docx", lambda: gipreport.parse_docx(b"PK")),
        ("pdf", lambda: gipreport.parse_pdf(b"%PDF-1.4")),
    ],
)
def test_a_missing_extra_names_its_install_line(
    monkeypatch: pytest.MonkeyPatch, kind: str, call: Callable[[], object]
) -> None:
    """The README's promise: parse_html, parse_docx and parse_pdf raise MissingExtraError (an empty
    report of 207 None values was what bytes, DOCX and PDF gave)."""
    real_import = builtins.__import__
    blocked = _READERS[kind]

    def without_the_extra(name: str, *args: Any, **kwargs: Any) -> Any:
        if name.startswith(blocked):
            raise ImportError(f"No module named {name!r}")
        return real_import(name, *args, **kwargs)

    import sys

    monkeypatch.delitem(sys.modules, blocked[1], raising=False)
    monkeypatch.setattr(builtins, "__import__", without_the_extra)
    with pytest.raises(MissingExtraError, match=r"pip install 'gipreport\[\w+\]'"):
        call()


@given(st.binary(max_size=2000))
def test_documents_never_raise_on_junk(data: bytes) -> None:
    for parse in (gipreport.parse_html, gipreport.parse_docx, gipreport.parse_pdf):
        assert isinstance(parse(data), gipreport.Report)


def test_a_page_is_decoded_by_its_meta_charset_widened_as_browsers_do() -> None:
    title = "某某市镕溪镇2023年政府信息公开工作年度报告"
    page = f'<html><head><meta charset="gb2312"><title>{title}</title></head></html>'
    report = gipreport.parse_html(page.encode("gb18030"))  # 镕 is a GBK character, not GB2312
    assert report.organ == "某某市镕溪镇"
    unknown = page.replace("gb2312", "x-no-such-charset").encode("utf-8")
    assert gipreport.parse_html(unknown).organ == "某某市镕溪镇"  # an unknown name: detected instead


def test_hostile_spans_cost_little() -> None:
    rows = "".join(f'<tr><td rowspan="100000" colspan="100000">{i}</td></tr>' for i in range(3000))
    report = gipreport.parse_html(f"<table>{rows}</table>")
    assert isinstance(report, gipreport.Report)


@attrs.frozen
class _Span:
    rowspan: int
    colspan: int


def _naive_grid_columns(rows: list[list[_Span]]) -> tuple[list[list[int]], list[int]]:
    """The obvious walk over a set of covered positions, to check the fast one against."""
    occupied: set[tuple[int, int]] = set()
    starts, ends = [], []
    for r, row in enumerate(rows):
        column, found = 0, []
        for cell in row:
            while (r, column) in occupied:
                column += 1
            found.append(column)
            occupied |= {(r + d, column + a) for d in range(cell.rowspan) for a in range(cell.colspan)}
            column += cell.colspan
        while (r, column) in occupied:
            column += 1
        starts.append(found)
        ends.append(column)
    return starts, ends


@given(st.lists(st.lists(st.builds(_Span, st.integers(1, 4), st.integers(1, 3)), max_size=5), max_size=8))
def test_grid_columns_places_merged_cells_as_the_obvious_walk_does(rows: list[list[_Span]]) -> None:
    assert grid_columns(rows) == _naive_grid_columns(rows)


def test_a_table_printed_as_text_inside_a_page_is_read_as_parse_reads_it() -> None:
    """Issue 21, one entrance: a CMS page whose report is TAB text in a <pre>, or a <p> per line,
    reads as the same text does through ``parse`` (it came back all None)."""
    pytest.importorskip("lxml")
    import html as markup

    text = read_sample("004_c601c8efb108a009")
    expected = gipreport.parse(text).to_flat()
    in_pre = f"<html><body><div class='article'><pre>{markup.escape(text)}</pre></div></body></html>"
    paragraphs = "".join(f"<p>{markup.escape(line)}</p>" for line in text.split("\n") if line.strip())
    in_paragraphs = f"<html><body><div class='article'>{paragraphs}</div></body></html>"
    for page in (in_pre, in_paragraphs):
        report = gipreport.parse_html(page)
        assert report.to_flat() == expected
        assert report.organ == "攀枝花市米易县普威镇" and report.year == 2023


def test_a_document_table_cell_keeps_its_grid_column() -> None:
    """The grid of merged cells feeds provenance: each value's column is its grid column."""
    pytest.importorskip("lxml")
    report = read_report("pingtan-zone-2023-page")
    columns = [report.sources[f"applications.granted.{name}"].column for name in ("natural_person", "total")]
    assert columns[0] is not None and columns[1] is not None and columns[1] - columns[0] == 6


def _flood_regions(lines: list[str]) -> list[tuple[int, int, int, int, list[tuple[int, str]]]]:
    """The regions of a box drawing found the plain way, a flood fill of every character: the
    reference the reader's segment joining must agree with."""
    from gipreport.readers.boxes import WALLS, WIDE_REST, drawing

    grid, left, right = drawing(lines)  # the same picture: the regions found in it are compared
    walls = [[character in WALLS for character in row] for row in grid]
    seen: set[tuple[int, int]] = set()
    boxes = []
    for top in range(len(grid)):
        for column in range(left, right + 1):
            if walls[top][column] or (top, column) in seen:
                continue
            found, stack = [], [(top, column)]
            seen.add((top, column))
            while stack:
                y, x = stack.pop()
                found.append((y, x))
                for ny, nx in ((y - 1, x), (y + 1, x), (y, x - 1), (y, x + 1)):
                    if (
                        0 <= ny < len(grid)
                        and left <= nx <= right
                        and not walls[ny][nx]
                        and (ny, nx) not in seen
                    ):
                        seen.add((ny, nx))
                        stack.append((ny, nx))
            xs, ys = [x for _, x in found], sorted({y for y, _ in found})
            if min(xs) == left or max(xs) == right:
                continue
            texts = [
                (
                    y,
                    "".join(grid[y][x] for x in sorted(x for yy, x in found if yy == y))
                    .replace(WIDE_REST, "")
                    .strip(),
                )
                for y in ys
            ]
            boxes.append((ys[0], ys[-1], min(xs), max(xs), [(y, text) for y, text in texts if text]))
    return boxes


@given(st.lists(st.text(alphabet="─│┌┐└┘├┤┬┴┼ a0规", max_size=12), min_size=1, max_size=8))
def test_box_regions_are_the_regions_a_flood_fill_finds(lines: list[str]) -> None:
    """The box reader joins the wall-free runs of each line to the overlapping runs above (cheap on a
    wide drawing); the cells it gives are those a flood fill of every character gives, in order."""
    from gipreport.readers.boxes import box_rows

    boxes = sorted(_flood_regions(lines), key=lambda box: box[2])
    expected = [
        [text for _, text in box[4]]
        for top in sorted({box[0] for box in boxes})
        for box in boxes
        if box[0] == top
    ]
    got = [[cell.text for cell in row] for row in box_rows(lines, 1)]
    assert [cell for row in got for cell in row] == ["".join(texts) for texts in expected]


def test_a_row_a_page_break_cut_is_read_whole_from_a_pdf() -> None:
    """LibreOffice's print of a narrow Word table: 「3.补正 | 5 | 0 … 5」 at the foot of page 2, the
    label's end 「后申请内容仍不明确」 in the table's first row on page 3. The table going on from the
    foot of a page is one table, and the row below made only of the label's end joins it."""
    pytest.importorskip("pypdfium2")
    report = gipreport.parse_file(SAMPLES / "rendered-pingtan-2019-docx-wide-libreoffice.pdf")
    row = gipreport.formats.get("2019").row("applications.unavailable_unclear")
    assert [report.to_flat()[key] for key in row.cells] == [5, 0, 0, 0, 0, 0, 5]
    assert report.sources[row.cells[-1]].line == 2  # the page its numbers are on
    assert not [d for d in report.diagnostics if d.key and d.key.startswith(row.key)]
