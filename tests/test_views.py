"""Views for people (issue 15): the short repr, the notebook's HTML tables, one table as a frame,
typed frames, and the hint when parse() is given a path."""

from __future__ import annotations

import html.parser
from decimal import Decimal
from pathlib import Path

import attrs
import pandas
import pytest
from hypothesis import given
from hypothesis import strategies as st

import gipreport
from _support import SAMPLES, read_report, read_sample
from gipreport import strategies as gs
from gipreport import views
from gipreport.model import Report
from gipreport.render import printed_rows
from gipreport.textforms import number_text


class _Cells(html.parser.HTMLParser):
    """The tables of an HTML fragment as rows of (tag, attributes, text), and every text node."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[list[list[tuple[str, dict[str, str | None], str]]]] = []
        self.texts: list[str] = []
        self._cell: tuple[str, dict[str, str | None]] | None = None
        self._text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self.tables[-1].append([])
        elif tag in ("td", "th"):
            self._cell, self._text = (tag, dict(attrs)), ""

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None:
            self.tables[-1][-1].append((*self._cell, self._text))
            self._cell = None

    def handle_data(self, data: str) -> None:
        self.texts.append(data)
        if self._cell is not None:
            self._text += data


def _cells(report: Report) -> _Cells:
    parser = _Cells()
    parser.feed(report._repr_html_())
    return parser


def test_the_repr_is_a_few_lines_not_a_wall() -> None:
    report = read_report("shanghai-office-2025-pdftext")
    text = repr(report)
    assert len(text.splitlines()) <= 7
    assert len(text) < 600
    assert text.startswith("Report2021(organ='上海市人民政府办公厅', year=2025, format='2021')")
    assert "values: 201 of 207 read, 6 None" in text
    assert "first error: recover.ambiguous" in text


def test_the_html_view_draws_the_tables_in_table_order_with_merged_labels() -> None:
    report = read_report("004_c601c8efb108a009")
    tables = _cells(report).tables
    assert len(tables) == 3
    applications = tables[1]
    labels = [cell[2] for row in applications for cell in row if cell[0] == "th"]
    order = [
        "一、本年新收政府信息公开申请数量",
        "（一）予以公开",
        "（三）不予公开",
        "1.属于国家秘密",
        "（七）总计",
        "四、结转下年度继续办理",
    ]
    positions = [labels.index(label) for label in order]
    assert positions == sorted(positions)
    merged = {cell[2]: cell[1] for row in applications for cell in row}
    spec = gipreport.formats.get("2021").table("applications")
    under = [row for row in printed_rows(spec, report.to_flat()) if row.groups[:1] == ("三、本年度办理结果",)]
    assert merged["三、本年度办理结果"]["rowspan"] == str(len(under))  # the group label spans its rows
    assert merged["（三）不予公开"]["rowspan"] == "8"
    assert merged["法人或其他组织"]["colspan"] == "5"


def test_the_html_view_marks_none_and_diagnosed_cells() -> None:
    report = read_report("shanghai-office-2025-pdftext")  # table 二's first rows are ambiguous
    cells = [cell for table in _cells(report).tables for row in table for cell in row]
    errors = [cell for cell in cells if "error" in (cell[1].get("class") or "")]
    assert len(errors) == 6
    assert all(cell[2] == "∅!" for cell in errors)
    assert "recover.ambiguous" in (errors[0][1]["title"] or "")
    assert "active_disclosure.regulations.issued" in (errors[0][1]["title"] or "")
    demo = read_report("000_6943510d23fd8daa")
    warned = [c for t in _cells(demo).tables for r in t for c in r if "warning" in (c[1].get("class") or "")]
    assert warned and all(cell[2].endswith("*") for cell in warned)


def test_the_html_view_escapes_hostile_text() -> None:
    hostile = "<script>alert(1)</script>"
    text = f"{hostile}某某镇人民政府2023年政府信息公开工作年度报告\n" + read_sample("004_c601c8efb108a009")
    report = attrs.evolve(gipreport.parse(text), source_name=f"{hostile}.txt")
    assert hostile in (report.title or "")
    page = report._repr_html_()
    assert "<script" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_one_table_as_a_frame_in_table_order_with_nullable_counts() -> None:
    report = read_report("000_6943510d23fd8daa")
    frame = report.table("applications")
    assert list(frame.index.get_level_values(-1))[:3] == [
        "一、本年新收政府信息公开申请数量",
        "二、上年结转政府信息公开申请数量",
        "（一）予以公开",
    ]
    assert frame.columns.nlevels == 2
    assert ("法人或其他组织", "商业企业") in frame.columns
    assert all(str(dtype) == "Int64" for dtype in frame.dtypes)
    other = frame.loc[(slice(None), slice(None), "3.危及“三安全一稳定”"), ("法人或其他组织", "其他")]
    assert other.isna().all()  # None stays missing: never 0, never NaN in a float column
    review = report.table("review_litigation")
    assert list(review.index) == ["行政复议", "未经复议直接起诉", "复议后起诉"]
    assert list(review.columns) == ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    fees = report.table("active_disclosure")["本年收费金额（单位：万元）"]
    assert fees["行政事业性收费"] == Decimal("0")
    with pytest.raises(KeyError, match="active_disclosure_2019"):
        report.table("active_disclosure_2019")


def test_frames_keep_none_apart_from_zero() -> None:
    reports = [read_report("000_6943510d23fd8daa"), read_report("pingtan-zone-2019-crawler")]
    wide = gipreport.to_frame(reports)
    column = wide["active_disclosure.normative_documents.in_force"]
    assert str(column.dtype) == "Int64"
    assert column.isna().tolist() == [True, True]  # blank in one report, not in the other's format
    assert str(wide["year"].dtype) == "Int64"
    fees = wide["active_disclosure.fees.amount"]
    assert fees[0] == Decimal("0")
    long = gipreport.to_frame(reports, long=True)
    assert set(long["kind"]) == {"count", "signed", "amount", "unit"}
    assert str(long["report"].dtype) == "Int64"


@given(
    st.sampled_from(["2021", "2019"]).flatmap(
        lambda fmt: gs.reports(blanks=True, old_layout=None, format=fmt)
    )
)
def test_views_show_each_value_as_printed_and_none_as_the_none_mark(report: Report) -> None:
    flat = report.to_flat()
    cells = [c for t in _cells(report).tables for r in t for c in r if "value" in (c[1].get("class") or "")]
    assert cells
    for _, attributes, text in cells:
        key = (attributes["title"] or "").split("\n")[0]
        assert text.rstrip("!*") == ("∅" if flat[key] is None else number_text(flat[key]))
    lines = views.text_tables(report, "drawn")[1:-1]  # the tables, without the title and the legend
    assert "\n".join(lines).count("∅") == sum(value is None for value in flat.values())


def test_parse_given_a_path_says_to_use_parse_file() -> None:
    report = gipreport.parse(str(SAMPLES / "004_c601c8efb108a009.txt"))
    (hint,) = [d for d in report.diagnostics if d.code == "input.looks-like-path"]
    assert "parse_file(" in hint.message
    with pytest.raises(TypeError, match="parse_file"):
        gipreport.parse(Path("report.txt"))  # type: ignore[arg-type]
    assert not any(d.code == "input.looks-like-path" for d in gipreport.parse("一、总体情况").diagnostics)


def test_pandas_is_the_frame_library() -> None:
    assert isinstance(read_report("004_c601c8efb108a009").table("applications"), pandas.DataFrame)


def test_the_model_imports_no_view() -> None:
    # Views register themselves in model.VIEWS: the model stays below every layer that draws it.
    source = Path(gipreport.model.__file__).read_text(encoding="utf-8")
    imports = [line for line in source.splitlines() if line.lstrip().startswith(("import ", "from "))]
    assert not [line for line in imports if "views" in line or "documents" in line or "render" in line]
    assert {"repr", "html", "table"} <= set(gipreport.model.VIEWS)
