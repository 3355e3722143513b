"""Prose against tables, years against years, parents against children (issue 16)."""

from __future__ import annotations

import json
import re
import subprocess
from collections.abc import Iterable
from pathlib import Path

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import gipreport
from _support import DOCUMENT_SUFFIXES, SAMPLES, SCRIPT, expected_report, read_report, sample_names
from gipreport import strategies as gs
from gipreport.corpus import check_corpus, organ_key
from gipreport.model import Report, Section

GOLDEN = json.loads((Path(__file__).parent / "prose_figures.json").read_text(encoding="utf-8"))
# A real sentence (pingtan-zone-2023-page): its 393 contradicts the report's own table (470).
REAL_SENTENCE = (
    "按照省政府办公厅相关工作要求设立规范性文件库，清理并集中发布现行有效行政规范性文件393件，"
    "动态更新本年度制发的规范性文件77件。"
)


def _codes(found: Iterable[gipreport.CorpusDiagnostic]) -> list[tuple[str, str | None]]:
    return sorted((item.diagnostic.code, item.diagnostic.key) for item in found)


# --- prose against tables ------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(set(sample_names()) | set(sample_names(DOCUMENT_SUFFIXES))))
def test_every_prose_figure_of_every_sample_is_in_the_hand_read_golden_file(name: str) -> None:
    figures = [
        {"key": f.key, "value": f.value, "line": f.line, "sentence": f.sentence}
        for f in read_report(name).prose_figures
    ]
    assert figures == GOLDEN[name]


def test_prose_that_contradicts_the_table_is_a_warning_with_both_numbers() -> None:
    report = read_report("pingtan-zone-2023-page-gettext")
    (found,) = [d for d in report.diagnostics if d.code == "check.prose-mismatch"]
    assert found.key == "active_disclosure.normative_documents.in_force"
    assert found.severity == "warning"
    assert "the table says 470, the prose 393" in found.message
    assert report.active_disclosure.normative_documents.in_force == 470  # the table is not changed


def test_a_figure_only_the_prose_states_is_offered_never_filled_in() -> None:
    report = read_report("shuyang-development-reform-2023-page-gettext")
    assert report.applications.new_received.total is None
    (found,) = [d for d in report.diagnostics if d.code == "check.prose-only"]
    assert found.key == "applications.new_received.total"
    assert "the prose states 26" in found.message


def test_a_sum_of_cells_in_prose_binds_no_cell() -> None:
    text = "其中：予以公开及部分公开42件，行政诉讼案件7件，不予公开5件。\n"
    assert gipreport.parse(text).prose_figures == ()


@given(gs.reports(blanks=True))
def test_prose_checks_compare_exactly_what_the_prose_states(report: Report) -> None:
    flat = report.to_flat()
    key = "applications.new_received.total"
    stated = (flat[key] or 0) + 1
    text = gipreport.render(
        attrs.evolve(
            report, sections=(Section(1, "一、总体情况", f"全年共收到政府信息公开申请{stated}件。"),)
        )
    )
    parsed = gipreport.parse(text)
    assert [(f.key, f.value) for f in parsed.prose_figures] == [(key, stated)]
    found = [d for d in parsed.diagnostics if d.code.startswith("check.prose")]
    expected_code = "check.prose-only" if parsed.to_flat()[key] is None else "check.prose-mismatch"
    assert [(d.code, d.key) for d in found] == [(expected_code, key)]


# --- across years --------------------------------------------------------------------------------


def _next_year(last: Report, *, broken_column: str | None = None) -> Report:
    """The organ's next report: 上年结转 carried over from last year's 结转下年度 (new applications
    adjusted so that I1 still holds), the stock of documents carried on, and the real sentence."""
    flat = dict(last.to_flat())
    columns = (
        "natural_person",
        "commercial_enterprise",
        "research_institution",
        "social_welfare_org",
        "legal_service_org",
        "other_org",
        "total",
    )
    for column in columns:
        carried = flat[f"applications.carried_forward.{column}"]
        if broken_column is not None and column in (broken_column, "total"):
            carried += 1  # a carried-over figure that last year's report does not have
        change = carried - flat[f"applications.carried_over.{column}"]
        flat[f"applications.carried_over.{column}"] = carried
        flat[f"applications.new_received.{column}"] -= change  # I1 holds in the new report
    issued, repealed = 77, 132  # as the organ's real 2023 report has them
    row = "active_disclosure.normative_documents"
    flat[f"{row}.in_force"] = flat[f"{row}.in_force"] + issued - repealed
    flat[f"{row}.issued"], flat[f"{row}.repealed"] = issued, repealed
    year = (last.year or 0) + 1
    return gipreport.from_flat(
        flat,
        format="2021",
        organ=last.organ,
        year=year,
        title=f"{last.organ}{year}年政府信息公开工作年度报告",
        sections=(Section(2, "二、主动公开政府信息情况", REAL_SENTENCE),),
    )


@pytest.fixture
def two_years(tmp_path: Path) -> Path:
    last = gipreport.parse_file(SAMPLES / "pingtan-zone-2022-crawler.txt")
    (tmp_path / "2022.txt").write_bytes((SAMPLES / "pingtan-zone-2022-crawler.txt").read_bytes())
    this = _next_year(last)
    (tmp_path / "2023.txt").write_text(gipreport.render(this, "tab"), encoding="utf-8")
    assert gipreport.parse_file(tmp_path / "2023.txt").to_flat() == this.to_flat()
    return tmp_path


def test_consecutive_years_that_agree_give_no_finding() -> None:
    last = gipreport.parse_file(SAMPLES / "pingtan-zone-2022-crawler.txt")
    this = attrs.evolve(_next_year(last), source_name="2023")
    assert _codes(check_corpus([last, this])) == []


def test_a_broken_i5_is_reported_on_its_column_only() -> None:
    last = gipreport.parse_file(SAMPLES / "pingtan-zone-2022-crawler.txt")
    this = attrs.evolve(_next_year(last, broken_column="commercial_enterprise"), source_name="2023")
    found = check_corpus([this, last])
    assert _codes(found) == [
        ("check.i5-carried-over", "applications.carried_over.commercial_enterprise"),
        ("check.i5-carried-over", "applications.carried_over.total"),
    ]
    assert all(
        item.source == "2023" and item.other == str(SAMPLES / "pingtan-zone-2022-crawler.txt")
        for item in found
    )
    assert "本年 二、上年结转 1 ≠ 上年 四、结转下年度继续办理 0" in found[0].diagnostic.message


def test_the_real_stock_of_documents_does_not_carry_on() -> None:
    # The organ's real reports: 698 in force in 2022; 77 issued, 132 repealed and 470 in force in 2023.
    found = check_corpus([read_report("pingtan-zone-2022-crawler"), read_report("pingtan-zone-2023-page")])
    assert _codes(found) == [("check.stock", "active_disclosure.normative_documents.in_force")]
    assert found[0].diagnostic.severity == "warning"
    assert "602 ≠ 上年现行有效 + 本年制发 775" in found[0].diagnostic.message


def test_renamed_organs_are_joined_by_aliases_and_unplaced_reports_named() -> None:
    last = gipreport.parse_file(SAMPLES / "pingtan-zone-2022-crawler.txt")
    this = attrs.evolve(_next_year(last, broken_column="natural_person"), organ="平潭综合实验区管委会")
    assert _codes(check_corpus([last, this])) == []  # two organs: nothing to compare
    joined = check_corpus([last, this], aliases={"平潭综合实验区管委会": "平潭综合实验区"})
    assert [code for code, _ in _codes(joined)] == ["check.i5-carried-over"] * 2
    nameless = check_corpus([attrs.evolve(last, organ=None), last, last])
    assert _codes(nameless) == [("check.corpus-duplicate", None), ("check.corpus-unplaced", None)]
    assert organ_key("平潭 综合实验区（）") == "平潭综合实验区"


def test_check_across_years_on_the_command_line_reports_exactly_the_broken_ones(two_years: Path) -> None:
    last = gipreport.parse_file(two_years / "2022.txt")
    (two_years / "2023.txt").write_text(
        gipreport.render(_next_year(last, broken_column="natural_person"), "tab"), encoding="utf-8"
    )
    assert SCRIPT
    result = subprocess.run(
        [SCRIPT, "check", str(two_years), "--across-years", "--to", "json"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1  # I5 is an error
    payload = json.loads(result.stdout)
    corpus = [(Path(item["file"]).name, item["code"], item["key"]) for item in payload["corpus"]]
    assert corpus == [
        ("2023.txt", "check.i5-carried-over", "applications.carried_over.natural_person"),
        ("2023.txt", "check.i5-carried-over", "applications.carried_over.total"),
    ]
    this_year = next(entry for entry in payload["reports"] if entry["file"].endswith("2023.txt"))
    prose = [(d["code"], d["key"]) for d in this_year["diagnostics"] if d["code"].startswith("check.prose")]
    assert prose == [("check.prose-mismatch", "active_disclosure.normative_documents.in_force")]


# --- hierarchy -----------------------------------------------------------------------------------


def _parent_of(children: list[Report], change: str | None = None) -> Report:
    flats = [child.to_flat() for child in children]
    summed: dict[str, object] = {
        key: None if any(flat[key] is None for flat in flats) else sum(flat[key] for flat in flats)  # type: ignore[misc]
        for key in flats[0]
        if key.startswith(("applications.", "review_litigation."))
    }
    if change:
        summed[change] += 1  # type: ignore[operator]
    return gipreport.from_flat(
        summed, format="2021", organ="某县", year=children[0].year, source_name="parent"
    )


def test_a_parent_is_checked_against_its_childrens_sums_only_when_said_to_add_up() -> None:
    children = [
        attrs.evolve(expected_report(name), year=2023, source_name=name)
        for name in ("001_8b957fd57b8434a8", "003_311ae15cdbf9e8ba")
    ]
    hierarchy = {"parent": [child.source_name or "" for child in children]}
    assert _codes(check_corpus([_parent_of(children), *children], hierarchy=hierarchy, additive=True)) == []
    found = check_corpus(
        [_parent_of(children, "applications.granted.natural_person"), *children],
        hierarchy=hierarchy,
        additive=True,
    )
    assert [key for code, key in _codes(found) if code == "check.hierarchy-sum"] == [
        "applications.granted.natural_person"
    ]
    with pytest.raises(ValueError, match="additive=True"):
        check_corpus(children, hierarchy=hierarchy)


def test_hierarchy_on_the_command_line_needs_additive(tmp_path: Path) -> None:
    (tmp_path / "h.json").write_text('{"a.txt": ["b.txt"]}', encoding="utf-8")
    assert SCRIPT
    result = subprocess.run(
        [SCRIPT, "check", str(SAMPLES / "004_c601c8efb108a009.txt"), "--hierarchy", str(tmp_path / "h.json")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert "--hierarchy needs --additive" in result.stderr


@given(st.lists(gs.reports(), min_size=2, max_size=4))
def test_reports_of_one_organ_in_consecutive_years_that_carry_over_give_no_i5(drawn: list[Report]) -> None:
    chained = []
    for year, report in enumerate(drawn, 2021):
        report = attrs.evolve(report, organ="某某镇人民政府", year=year, source_name=str(year))
        if chained:
            report = _carried_from(chained[-1], report)
        chained.append(report)
    assert [c for c in check_corpus(chained) if c.diagnostic.code == "check.i5-carried-over"] == []


def _carried_from(last: Report, report: Report) -> Report:
    """``report`` with 上年结转 set to last year's 结转下年度 and new applications adjusted (I1 kept)."""
    flat = dict(report.to_flat())
    for key, value in last.to_flat().items():
        if key.startswith("applications.carried_forward."):
            mine = key.replace("carried_forward", "carried_over")
            new = key.replace("carried_forward", "new_received")
            flat[new] = flat[new] + flat[mine] - value  # type: ignore[operator]
            flat[mine] = value
    return gipreport.from_flat(
        flat, format="2021", organ=report.organ, year=report.year, source_name=report.source_name
    )


@given(
    st.text(alphabet="0123456789件起一 \t\n\u3000申请", max_size=30), st.integers(0, 30), st.integers(0, 30)
)
def test_the_quick_figure_test_agrees_with_its_regex(text: str, begin: int, end: int) -> None:
    from gipreport.figures import _states_figure

    begin, end = min(begin, len(text)), min(max(begin, end), len(text))
    assert _states_figure(text, begin, end) == bool(re.search(r"\d[ \t\n\u3000]*[件起]", text[begin:end]))


def test_reports_rebuilt_from_a_parquet_file_are_checked_across_years(tmp_path: Path) -> None:
    """Issue 21: parse -> to_frame -> Parquet -> read back -> from_flat -> check_corpus finds the same
    I5 error as on the parsed reports (from_flat keeps the format it infers, and reads pandas' NA and
    numpy's integers)."""
    pandas = pytest.importorskip("pandas")
    pytest.importorskip("pyarrow")
    last = gipreport.parse_file(SAMPLES / "pingtan-zone-2022-crawler.txt")
    this = attrs.evolve(_next_year(last, broken_column="commercial_enterprise"), source_name="2023")
    expected = _codes(check_corpus([this, last]))
    assert expected
    path = tmp_path / "corpus.parquet"
    gipreport.to_frame([this, last]).to_parquet(path)
    keys = gipreport.formats.get("2021").flat_keys
    rebuilt = [
        gipreport.from_flat(
            {key: record[key] for key in keys},
            organ=record["organ"],
            year=int(record["year"]),
            source_name=record["file"],
        )
        for record in pandas.read_parquet(path).to_dict("records")
    ]
    assert [report.format for report in rebuilt] == ["2021", "2021"]
    assert _codes(check_corpus(rebuilt)) == expected


def test_from_flat_keeps_the_format_it_infers() -> None:
    report = read_report("pingtan-zone-2019-crawler")
    assert gipreport.from_flat(report.to_flat()).format == "2019"
    assert gipreport.from_flat({}).format is None
