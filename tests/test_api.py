"""The public API: names, equality, JSON and flat round trips, provenance, import cost."""

from __future__ import annotations

import subprocess
import sys
from decimal import Decimal

import attrs
import pytest
from hypothesis import given

import gipreport
from _support import read_sample, sample_names
from gipreport import strategies as gs
from gipreport.formats.gb2021 import FORMAT
from gipreport.model import Cell, Report, Sources


def test_all_is_sorted_and_importable() -> None:
    assert gipreport.__all__ == sorted(gipreport.__all__)
    for name in gipreport.__all__:
        assert hasattr(gipreport, name)


def test_importing_gipreport_does_not_import_hypothesis() -> None:
    code = "import sys, gipreport; gipreport.parse(''); print('hypothesis' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_flat_keys_are_every_key_in_table_order() -> None:
    flat = gipreport.parse("").to_flat()
    assert tuple(flat) == FORMAT.flat_keys
    assert len(flat) == 10 + 26 * 7 + 15


@pytest.mark.parametrize("name", sample_names())
def test_json_round_trip(name: str) -> None:
    report = gipreport.parse(read_sample(name))
    again = gipreport.from_json(gipreport.to_json(report))
    assert again == report
    assert again.diagnostics == report.diagnostics
    assert again.sources == report.sources


@given(gs.reports(blanks=True, old_layout=None))
def test_flat_round_trip(report: Report) -> None:
    rebuilt = gipreport.from_flat(report.to_flat())
    assert rebuilt.to_flat() == report.to_flat()


def test_from_flat_rejects_unknown_keys() -> None:
    with pytest.raises(KeyError):
        gipreport.from_flat({"applications.granted.nobody": 1})
    with pytest.raises(KeyError):
        gipreport.from_flat({"tables.granted.total": 1})


def test_equality_ignores_diagnostics_and_sources() -> None:
    report = gipreport.parse(read_sample("000_6943510d23fd8daa"))
    assert attrs.evolve(report, diagnostics=(), sources={}) == report
    assert attrs.evolve(report, year=1999) != report


def test_fee_is_a_decimal() -> None:
    report = gipreport.parse(read_sample("003_311ae15cdbf9e8ba"))
    assert report.active_disclosure.fees.amount == Decimal(0)
    assert isinstance(report.active_disclosure.fees.amount, Decimal)


def test_stages_show_every_layer() -> None:
    stages = gipreport.stages(read_sample("001_8b957fd57b8434a8"))
    assert {block.layout for block in stages.layout.blocks} == {"tab"}
    assert stages.tables.tables_found == ("active_disclosure", "applications", "review_litigation")
    assert stages.report.organ == "莱州市柞村镇人民政府"


def test_strategies_check_their_arguments_eagerly() -> None:
    from hypothesis.errors import InvalidArgument

    with pytest.raises(InvalidArgument):
        gs.reports(consistent="yes")  # type: ignore[arg-type]
    with pytest.raises(InvalidArgument):
        gs.rendered_reports(layout="csv")
    with pytest.raises(InvalidArgument):
        gs.noise(["glitter"])
    with pytest.raises(InvalidArgument):
        gs.cell_texts("money")


def test_sources_give_the_lines_of_values_read_as_printed_without_building_their_cells() -> None:
    """The stream reading asks which lines the label reading placed; the cells kept as (raw, lines,
    column) stay so."""
    sources = Sources()
    sources.plain_store["a.x"] = ("7", (3, 4), None)
    sources["a.y"] = Cell("5", 6, "recovered", (6,))
    sources["b.z"] = Cell("1", 9, "value", (9,))
    assert sorted(sources.lines_read_as_printed()) == [("a.x", 3), ("b.z", 9)]
    assert type(sources.plain_store["a.x"]) is tuple
    assert sources["a.x"] == Cell("7", 3, "value", (3, 4))
