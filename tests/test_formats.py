"""Formats are data: every registered format is consistent, and a toy format registered here parses,
validates and round-trips without touching any module of the package (issue 10)."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import gipreport
from gipreport import formats
from gipreport import strategies as gs
from gipreport.formats import ColumnSpec, FormatSpec, RowSpec, SumIdentity, TableSpec
from gipreport.formats.identities import Broken, Empty, Holds, NotAssessable, evaluate
from gipreport.model import Report, flat_keys_of, make_report_class
from gipreport.render import LAYOUTS, render

SRC = Path(__file__).resolve().parent.parent / "src" / "gipreport"


def _toy_format() -> FormatSpec:
    """Two tiny tables: 甲表 with two rows, 乙表 one row whose 合计 is the sum of its parts."""
    fruit = TableSpec(
        key="fruit",
        number="一",
        title="水果情况",
        header_texts=("品种", "数量"),
        rows=(
            RowSpec("fruit.apples", ("苹果",), (ColumnSpec("fruit.apples.count", "数量"),)),
            RowSpec("fruit.pears", ("梨子",), (ColumnSpec("fruit.pears.count", "数量"),)),
        ),
        header_rows=(("品种", "数量"),),
    )
    baskets = TableSpec(
        key="baskets",
        number="二",
        title="篮子情况",
        header_texts=("大篮", "小篮", "合计"),
        rows=(
            RowSpec(
                "baskets.all",
                ("篮子数",),
                tuple(
                    ColumnSpec(f"baskets.all.{name}", label)
                    for name, label in (("large", "大篮"), ("small", "小篮"), ("total", "合计"))
                ),
            ),
        ),
        header_rows=(("", "大篮", "小篮", "合计"),),
    )
    identity = SumIdentity(
        code="check.i4-review-total",
        key="baskets.all.total",
        name="T1",
        scope="篮子数",
        left_label="合计",
        right_label="大篮 + 小篮",
        left=("baskets.all.total",),
        right=("baskets.all.large", "baskets.all.small"),
    )
    return FormatSpec(
        name="toy",
        title="a test format",
        tables=(fruit, baskets),
        identities=(identity,),
        report_class=make_report_class("ToyReport", (fruit, baskets)),
        markers=("篮子数",),
    )


@pytest.fixture
def toy() -> Iterator[FormatSpec]:
    spec = formats.register(_toy_format())
    yield spec
    formats.unregister(spec.name)


def test_every_registered_format_builds_its_model_from_its_rows() -> None:
    for spec in formats.registered():
        assert flat_keys_of(spec.report_class) == spec.flat_keys, spec.name
        report = gipreport.parse("", format=spec.name)
        assert type(report) is spec.report_class
        assert tuple(report.to_flat()) == spec.flat_keys


@pytest.mark.parametrize("spec", formats.registered(), ids=lambda spec: spec.name)
def test_every_format_parses_junk_without_raising(spec: FormatSpec) -> None:
    @given(st.lists(st.sampled_from([*"\t|\n 0123456789/-", "规章", "(七)总计", "篮子数"])).map("".join))
    def check(text: str) -> None:
        report = gipreport.parse(text, format=spec.name)
        assert set(report.to_flat()) == set(spec.flat_keys)

    check()


def test_a_toy_format_parses_validates_and_round_trips(toy: FormatSpec) -> None:
    report = gipreport.from_flat(
        {
            "fruit.apples.count": 3,
            "fruit.pears.count": 0,
            "baskets.all.large": 2,
            "baskets.all.small": 5,
            "baskets.all.total": 7,
        },
        format="toy",
        title="某果园管理局2023年政府信息公开工作年度报告",
        organ="某果园管理局",
        year=2023,
    )
    assert gipreport.validate(report) == ()
    for layout in LAYOUTS:
        got = gipreport.parse(render(report, layout))
        assert got.format == "toy"
        assert got == report, layout
    broken = attrs.evolve(
        report, baskets=attrs.evolve(report.baskets, all=attrs.evolve(report.baskets.all, total=8))
    )  # type: ignore[attr-defined]
    assert [d.code for d in gipreport.validate(broken)] == ["check.i4-review-total"]


def test_strategies_draw_a_toy_format(toy: FormatSpec) -> None:
    @given(gs.rendered_reports(format="toy", layout="tab", noise=[]))
    def check(pair: tuple[Report, str]) -> None:
        report, text = pair
        assert gipreport.validate(report) == ()
        assert gipreport.parse(text) == report

    check()


def test_an_unknown_format_name_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="registered formats"):
        gipreport.parse("", format="1999")


# --- The evaluator shared by validation and recovery ------------------------------------------------

I4 = next(i for i in formats.get("2021").identities if i.name == "I4")


def test_evaluate_is_exact_and_never_raises() -> None:
    keys = I4.right
    assert isinstance(evaluate(I4, {I4.left[0]: 0, **dict.fromkeys(keys, 0)}), Holds)
    # Regression (issue 10): an upheld of 0.6 with a total of 0 passed through int().
    broken = evaluate(I4, {I4.left[0]: 0, keys[0]: Decimal("0.6"), **dict.fromkeys(keys[1:], 0)})
    assert broken == Broken(Decimal("0"), Decimal("0.6"))
    # Regression (issue 10): validate on a flat dict holding 「1.5」 raised ValueError.
    assert isinstance(evaluate(I4, {I4.left[0]: "1.5", keys[0]: "1.5", **dict.fromkeys(keys[1:], 0)}), Holds)
    assert evaluate(I4, {I4.left[0]: "三", **dict.fromkeys(keys, 0)}) == NotAssessable((), (I4.left[0],))
    assert evaluate(I4, {}) == Empty()
    assert evaluate(I4, {I4.left[0]: 1}) == NotAssessable(keys)


def test_validate_reports_a_fractional_count_that_breaks_an_identity() -> None:
    from gipreport.validate import validate_flat

    flat = dict.fromkeys(formats.get("2021").flat_keys, 0)
    flat["review_litigation.administrative_review.upheld"] = Decimal("0.6")  # type: ignore[assignment]
    codes = {(d.code, d.key) for d in validate_flat(flat)}
    assert ("check.i4-review-total", "review_litigation.administrative_review") in codes
    flat["review_litigation.administrative_review.upheld"] = "1.5"  # type: ignore[assignment]
    assert validate_flat(flat)  # no ValueError


# --- The house's walls: what may import what -----------------------------------------------------


def _imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


def test_no_module_outside_formats_imports_a_specific_format() -> None:
    national = {f"gipreport.formats.{path.stem}" for path in (SRC / "formats").glob("gb*.py")}
    for path in SRC.rglob("*.py"):
        if path.parent.name == "formats":
            continue
        wrong = _imports(path) & national
        allowed = path.name == "__init__.py" and path.parent == SRC  # re-exports the report classes
        assert allowed or not wrong, f"{path.relative_to(SRC)} imports {wrong}"


def test_render_and_strategies_import_no_parsing_layer() -> None:
    parsing = (
        "gipreport.normalize",
        "gipreport.layout",
        "gipreport.mapping",
        "gipreport.pipeline",
        "gipreport.tables",
    )
    for name in ("render.py", "renderings.py", "strategies.py"):
        wrong = {module for module in _imports(SRC / name) if module.startswith(parsing)}
        assert not wrong, f"{name} imports {wrong}"


def test_an_identity_with_a_long_side_is_checked_like_a_short_one() -> None:
    # A registered format may have sides far longer than the national ones (7 terms at most).
    from gipreport.validate import validate_flat

    width = 40
    columns = tuple(ColumnSpec(f"wide.row.c{number}", f"列{number}") for number in range(width))
    table = TableSpec(
        key="wide",
        number="一",
        title="宽表",
        header_texts=("列0",),
        rows=(RowSpec("wide.row", ("宽行",), (*columns, ColumnSpec("wide.row.total", "合计"))),),
        header_rows=(),
    )
    identity = SumIdentity(
        code="check.i4-review-total",
        key="wide.row.total",
        name="T1",
        scope="宽行",
        left_label="合计",
        right_label="各列之和",
        left=("wide.row.total",),
        right=tuple(column.key for column in columns),
    )
    spec = FormatSpec(
        name="wide",
        title="a wide test format",
        tables=(table,),
        identities=(identity,),
        report_class=make_report_class("WideReport", (table,)),
    )
    flat: dict[str, object] = {column.key: 1 for column in columns} | {"wide.row.total": width}
    assert validate_flat(flat, {}, spec) == ()
    flat["wide.row.total"] = width + 1
    (found,) = validate_flat(flat, {}, spec)
    assert (found.code, found.key) == ("check.i4-review-total", "wide.row")


def test_a_registered_format_passes_through_every_entrance(
    toy: FormatSpec, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Issue 21's conformance: a format registered from outside reaches parse, validate, render, the
    strategies, the long frame, check_corpus (with its own identity across years) and the CLI."""
    from hypothesis import HealthCheck, settings

    from gipreport import cli
    from gipreport import strategies as gs

    toy_across = attrs.evolve(
        toy,
        across_years=(
            SumIdentity(
                code="check.i5-carried-over",
                key="fruit.apples.count",
                name="T5",
                scope="苹果",
                left_label="本年苹果",
                right_label="上年梨子",
                left=("this:fruit.apples.count",),
                right=("last:fruit.pears.count",),
            ),
        ),
        years=(2030, 2031),
    )
    formats.unregister("toy")
    formats.register(toy_across)

    def report(year: int, apples: int, pears: int) -> Report:
        return gipreport.from_flat(
            {"fruit.apples.count": apples, "fruit.pears.count": pears, "baskets.all.large": 1}
            | {"baskets.all.small": 1, "baskets.all.total": 2},
            title=f"某果园管理局{year}年政府信息公开工作年度报告",
            organ="某果园管理局",
            year=year,
        )

    first, second = report(2030, 1, 4), report(2031, 5, 0)
    assert first.format == "toy" and gipreport.validate(first) == ()
    for layout in LAYOUTS:
        assert gipreport.parse(render(first, layout), format="toy") == first
    found = gipreport.check_corpus(
        [attrs.evolve(first, source_name="a"), attrs.evolve(second, source_name="b")]
    )
    assert [(f.source, f.diagnostic.code, f.diagnostic.key) for f in found] == [
        ("b", "check.i5-carried-over", "fruit.apples.count")
    ]
    long = gipreport.to_frame([first], long=True)
    assert set(long["key"]) == set(toy_across.flat_keys)

    @settings(max_examples=5, suppress_health_check=list(HealthCheck), deadline=None)
    @given(gs.reports(format="toy"))
    def drawn(drawn_report: Report) -> None:
        assert drawn_report.format == "toy" and drawn_report.year in (2030, 2031)
        assert gipreport.validate(drawn_report) == ()

    drawn()
    path = tmp_path / "toy.txt"
    path.write_text(render(first, "tab"), encoding="utf-8")
    assert cli.main(["parse", str(path), "--format", "toy", "--to", "flat"]) == 0
    assert "fruit.apples.count\t1" in capsys.readouterr().out
