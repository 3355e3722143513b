"""Issue 25: a library that keeps its word: every minus sign alike, the fee's unit from its header,
round trips through records that come back whole."""

from __future__ import annotations

from decimal import Decimal

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import gipreport
from _support import read_sample
from gipreport import strategies as gs
from gipreport.model import Report

TAB_2019 = read_sample("pingtan-zone-2019-rendered-blank-totals")


@pytest.mark.parametrize("minus", ["-", "\uff0d", "\u2212", "\ufe63", "\u2011"])
def test_every_minus_sign_reads_alike(minus: str) -> None:
    """「−3」 with U+2212 gave one silent value under damage; each spelling of minus now reads as 「-」."""
    report = gipreport.parse(TAB_2019.replace("行政许可\t396\t0\t181", f"行政许可\t396\t{minus}3\t181"))
    assert report.active_disclosure_2019.licensing.change == -3
    assert report.sources["active_disclosure_2019.licensing.change"].raw == f"{minus}3"


SEED = read_sample("000_6943510d23fd8daa")


def _with_fee(header: str, cell: str) -> gipreport.Report:
    text = SEED.replace("本年收费金额（单位：万元）", header)
    start = text.index("行政事业性收费")
    return gipreport.parse(text[:start] + text[start:].replace("\t0\n", f"\t{cell}\n", 1))


@pytest.mark.parametrize("header", ["本年收费金额（单位：元）", "本年收费金额（元）", "收费金额(单位:元)"])
def test_a_fee_under_a_header_in_yuan_is_converted_and_warned(header: str) -> None:
    report = _with_fee(header, "251000")
    assert report.active_disclosure.fees.amount == Decimal("25.1")
    assert report.sources["active_disclosure.fees.amount"].raw == "251000"
    warned = [d for d in report.diagnostics if d.code == "map.unit-from-header"]
    assert [(d.severity, d.key) for d in warned] == [("warning", "active_disclosure.fees.amount")]


@pytest.mark.parametrize(
    ("header", "cell", "amount"),
    [
        ("本年收费金额（单位：万元）", "25.1", Decimal("25.1")),  # the format's own header
        ("本年收费金额（单位：元）", "251000元", Decimal("25.1")),  # the cell says its unit: read once
        ("本年收费金额（单位：元）", "25.1万元", Decimal("25.1")),  # the cell's unit wins
    ],
)
def test_a_unit_in_the_cell_or_the_format_header_is_not_converted_again(
    header: str, cell: str, amount: Decimal
) -> None:
    report = _with_fee(header, cell)
    assert report.active_disclosure.fees.amount == amount
    assert not [d for d in report.diagnostics if d.code == "map.unit-from-header"]


# --- Round trips that come back whole ---------------------------------------------------------------

REPORTS = gs.reports(blanks=True, old_layout=None)


@given(REPORTS, st.sampled_from([None, "a.txt"]))
def test_a_record_comes_back_as_its_report_and_the_report_as_its_record(
    report: Report, file: str | None
) -> None:
    report = attrs.evolve(report, source_name=file)
    record = gipreport.to_records([report])[0]
    back = gipreport.from_record(record)
    assert type(back) is type(report)
    assert (back.organ, back.year, back.format, back.title, back.source_name) == (
        report.organ,
        report.year,
        report.format,
        report.title,
        file,
    )
    assert back.to_flat() == report.to_flat()
    counts = ("errors", "warnings")  # a record counts diagnostics; a rebuilt report has none
    again = gipreport.to_records([back])[0]
    assert {k: v for k, v in again.items() if k not in counts} == {
        k: v for k, v in record.items() if k not in counts
    }


def test_a_record_read_back_through_a_frame_keeps_its_metadata() -> None:
    pandas = pytest.importorskip("pandas")
    report = gipreport.parse(SEED)
    frame = gipreport.to_frame([report])
    back = gipreport.from_record(frame.iloc[0].to_dict())
    assert (back.organ, back.year, back.format) == (report.organ, report.year, report.format)
    assert back.to_flat() == report.to_flat()
    assert isinstance(frame, pandas.DataFrame)


def test_a_record_with_values_of_another_format_is_refused() -> None:
    record = gipreport.to_records([gipreport.parse(SEED)])[0]
    record["active_disclosure_2019.licensing.change"] = 3
    with pytest.raises(ValueError, match="another format"):
        gipreport.from_record(record)


def test_flat_keys_of_two_formats_are_refused_with_a_clear_message() -> None:
    with pytest.raises(ValueError, match="keys of two formats"):
        gipreport.from_flat(
            {"active_disclosure.fees.amount": 1, "active_disclosure_2019.licensing.change": 3}
        )
    with pytest.raises(KeyError, match="from_record"):
        gipreport.from_flat(gipreport.to_records([gipreport.parse(SEED)])[0])


@settings(max_examples=20)
@given(gs.rendered_reports(layout="tab", noise=[], blanks=False, old_layout=False))
def test_rendered_reports_without_blanks_and_the_old_layout_have_every_value(
    pair: tuple[Report, str],
) -> None:
    report, _ = pair
    assert all(value is not None for key, value in report.to_flat().items() if not key.endswith("_unit"))


def test_the_long_frame_goes_to_parquet_as_it_is_and_comes_back_typed(tmp_path: object) -> None:
    """The long frame's one ``value`` column mixed int, Decimal and str, and pandas could not write it
    (ArrowInvalid); each kind has a typed column now, and a Parquet round trip keeps every value."""
    pandas = pytest.importorskip("pandas")
    pytest.importorskip("pyarrow")
    reports = [gipreport.parse(SEED), gipreport.parse(TAB_2019), _with_fee("本年收费金额（元）", "251000")]
    long = gipreport.to_frame(reports, long=True)
    assert str(long["value"].dtype) == "Int64"
    path = f"{tmp_path}/long.parquet"
    long.to_parquet(path)
    back = pandas.read_parquet(path)
    assert str(back["value"].dtype) == "Int64"
    for report_number, report in enumerate(reports):
        rows = back[back["report"] == report_number]
        assert len(rows) == len(report.to_flat())
        for row in rows.itertuples():
            expected = report.to_flat()[row.key]
            column = {"count": "value", "signed": "value", "amount": "amount", "unit": "unit"}[row.kind]
            got = getattr(row, column)
            assert (None if pandas.isna(got) else got) == expected, row.key
            others = {"value", "amount", "unit"} - {column}
            assert all(pandas.isna(getattr(row, other)) for other in others)
    fee = back[(back["report"] == 2) & (back["key"] == "active_disclosure.fees.amount")].iloc[0]
    assert fee.amount == Decimal("25.1")


def test_rows_without_a_label_that_repeat_are_each_reported_on_their_own_line() -> None:
    """The readings of rows that hold the same cells are listed once a table (junk text repeats one row:
    10,000 characters of it cost 9x a seed's per character, now 5x); each row still says where it is."""
    table = "三、收到和处理政府信息公开申请情况\n" + "4自然人99999999999999999999 1,2\n" * 3
    lines = {
        diagnostic.line
        for diagnostic in gipreport.parse(table).diagnostics
        if diagnostic.code == "map.unlabelled-row"
    }
    assert lines == {2, 3, 4}


@pytest.mark.parametrize(
    "row",
    [
        # The rest of a label broken over cells, tried with each word where a number belongs: asked
        # anew in every row, 3,000 rows cost 10x a seed's time per character (21,000 fuzzy matches).
        "一、本年新收政府信息公开申请数量\tx\ty\tz\tq\tw\te\tr\n",
        # Words one per line, joined as a wrapped label: 83,000 fuzzy matches in 100,000 characters (52x).
        "x\ny\n0\n",
        # A number glued to a label (「行政处罚12」), its label looked up without it in every row (8x).
        "1.\u3000行政处罚12\n-\t自然人|\n",
    ],
)
def test_texts_a_junk_row_repeats_are_matched_to_labels_once(
    monkeypatch: pytest.MonkeyPatch, row: str
) -> None:
    """Every text tried as a label goes through the remembered cell roles: a row repeated 300 times
    costs the fuzzy matcher what one row costs."""
    index = gipreport.mapping.labels.label_index(gipreport.formats.get("2021"))
    calls: list[str] = []
    original = type(index).match

    def counting(self: object, text: str) -> object:
        calls.append(text)
        return original(self, text)  # type: ignore[arg-type]

    monkeypatch.setattr(type(index), "match", counting)
    gipreport.parse("三、收到和处理政府信息公开申请情况\n" + row * 300, format="2021")
    assert len(calls) < 50
