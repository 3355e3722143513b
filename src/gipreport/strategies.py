"""Hypothesis strategies for users' property tests (install the ``strategies`` extra).

    from gipreport import strategies as gs
    @given(gs.rendered_reports(layout="tab"))
    def test_my_parser(pair): report, text = pair; assert my_parse(text) == report.to_flat()

Every function checks its arguments at once and returns a strategy. ``reports()`` builds tables that
satisfy identities I1-I4 from the format's row and column data, and shrinks to the all-zero report.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

import attrs
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from gipreport.convert import from_flat
from gipreport.formats.gb2021 import (
    ACTIVE_DISCLOSURE,
    APPLICANT_COLUMNS,
    APPLICANT_PARTS,
    FORMAT,
    OTHER_PROCESSING_PARTS,
    OUTCOME_COLUMNS,
    RESULT_ROWS,
    REVIEW_BLOCKS,
)
from gipreport.layout import LAYOUTS
from gipreport.model import Cell, Report, Section, Value
from gipreport.render import NOISE_KINDS, NoiseStep, render, spell_number

__all__ = [
    "cell_texts",
    "counts",
    "inconsistent_reports",
    "noise",
    "rendered_reports",
    "reports",
]

ORGANS = (
    "盘州市柏果镇人民政府",
    "莱州市柞村镇人民政府",
    "盘州市乡村振兴局",
    "重庆市綦江区郭扶镇人民政府",
    "攀枝花市米易县普威镇",
    "北京市东城区人民政府办公室",
    "广东省生态环境厅",
    "上海市浦东新区市场监督管理局",
)
HEADINGS: dict[int, tuple[str, ...]] = {
    1: ("一、总体情况", "总体情况", "1、总体情况"),
    2: ("二、主动公开政府信息情况", "二、行政机关主动公开政府信息情况"),
    3: ("三、收到和处理政府信息公开申请情况", "3、 收到和处理政府信息公开申请情况"),
    4: ("四、政府信息公开行政复议、行政诉讼情况", "四、政府信息公开行政复议和行政诉讼情况"),
    5: ("五、存在的主要问题及改进情况", "五、当前存在的主要问题及下步改进措施"),
    6: ("六、其他需要报告的事项",),
}
SENTENCES = (
    "本年度我单位严格落实《中华人民共和国政府信息公开条例》要求，扎实推进政务公开工作。",
    "进一步规范依申请公开办理流程，确保答复及时、准确、规范。",
    "通过政府网站、政务新媒体等平台及时发布政府信息。",
    "部分信息公开不够及时，下一步将加强培训和审核。",
    "本机关未收取信息处理费，无其他需要报告的事项。",
)


def counts(max_value: int = 10_000) -> st.SearchStrategy[int]:
    """Counts as reports have them: mostly 0, often small, sometimes large; shrinks to 0."""
    if not isinstance(max_value, int) or max_value < 0:
        raise InvalidArgument(f"max_value must be an int >= 0, got {max_value!r}")
    return st.one_of(st.just(0), st.integers(0, min(9, max_value)), st.integers(0, max_value))


def _amounts() -> st.SearchStrategy[Decimal]:
    return st.one_of(st.just(Decimal(0)), st.integers(0, 10**7).map(lambda cents: Decimal(cents).scaleb(-2)))


@st.composite
def _tables(draw: st.DrawFn, consistent: bool, blanks: bool, old_layout: bool | None) -> dict[str, Value]:
    flat: dict[str, Value] = {}
    for spec in ACTIVE_DISCLOSURE.rows:
        for key in spec.cells:
            flat[key] = draw(_amounts()) if spec.kind == "amount" else draw(counts())
    old = draw(st.booleans()) if old_layout is None else old_layout
    results: dict[str, dict[str, int]] = {}
    leaf_rows = [r for r in RESULT_ROWS if r != "other_processing"] + list(OTHER_PROCESSING_PARTS)
    for row in leaf_rows:
        results[row] = {part: draw(counts(500)) for part in APPLICANT_PARTS}
    results["other_processing"] = {
        part: sum(results[p][part] for p in OTHER_PROCESSING_PARTS) for part in APPLICANT_PARTS
    }
    total_processed = {part: sum(results[r][part] for r in RESULT_ROWS) for part in APPLICANT_PARTS}
    carried_forward = {part: draw(counts(500)) for part in APPLICANT_PARTS}
    carried_over = {
        part: draw(st.integers(0, total_processed[part] + carried_forward[part])) for part in APPLICANT_PARTS
    }
    new_received = {
        part: total_processed[part] + carried_forward[part] - carried_over[part] for part in APPLICANT_PARTS
    }
    rows = {
        **results,
        "new_received": new_received,
        "carried_over": carried_over,
        "total_processed": total_processed,
        "carried_forward": carried_forward,
    }
    for row, values in rows.items():
        for part, value in values.items():
            flat[f"applications.{row}.{part}"] = value
        flat[f"applications.{row}.total"] = sum(values.values())
    for block, _ in REVIEW_BLOCKS:
        outcomes = [draw(counts(200)) for _ in OUTCOME_COLUMNS[:-1]]
        for (column, _), value in zip(OUTCOME_COLUMNS, [*outcomes, sum(outcomes)], strict=True):
            flat[f"review_litigation.{block}.{column}"] = value
    if not consistent:
        key = draw(st.sampled_from(_perturbable_keys()))
        flat[key] = int(flat[key] or 0) + draw(st.integers(1, 50))
    if blanks:
        for key in draw(st.sets(st.sampled_from(_perturbable_keys()), max_size=6)):
            flat[key] = None
    if old:
        for part in OTHER_PROCESSING_PARTS:
            for column, _ in APPLICANT_COLUMNS:
                flat[f"applications.{part}.{column}"] = None
    else:
        _derive_other_processing(flat)
    return flat


def _derive_other_processing(flat: dict[str, Value]) -> None:
    # Mirrors what the parser does for the current layout: the sum of the three rows, or None.
    for column, _ in APPLICANT_COLUMNS:
        parts = [flat[f"applications.{part}.{column}"] for part in OTHER_PROCESSING_PARTS]
        total = None if any(p is None for p in parts) else sum(int(p or 0) for p in parts)
        flat[f"applications.other_processing.{column}"] = total


def _perturbable_keys() -> list[str]:
    """Cells that stand alone: not other_processing nor its parts (those move together)."""
    tied = {f"applications.{row}." for row in (*OTHER_PROCESSING_PARTS, "other_processing")}
    return [
        key
        for key in FORMAT.flat_keys
        if key.startswith(("applications.", "review_litigation.")) and not key.startswith(tuple(tied))
    ]


@st.composite
def _metadata_and_sections(draw: st.DrawFn) -> dict[str, Any]:
    organ = draw(st.sampled_from(ORGANS))
    year = draw(st.integers(2021, 2026))
    spaced = draw(st.booleans())
    title = (
        f"{organ} {year} 年政府信息公开工作年度报告" if spaced else f"{organ}{year}年政府信息公开工作年度报告"
    )
    numbers = draw(st.sets(st.integers(1, 6), min_size=0, max_size=6))
    sections = []
    date = None
    for number in sorted(numbers):
        heading = draw(st.sampled_from(HEADINGS[number]))
        body = draw(st.lists(st.sampled_from(SENTENCES), max_size=3))
        if number == 6 and draw(st.booleans()):
            date = draw(st.dates(datetime.date(year + 1, 1, 1), datetime.date(year + 1, 3, 31)))
            body = [*body, organ, f"{date.year}年{date.month}月{date.day}日"]
        sections.append(Section(number=number, heading=heading, text="\n".join(body)))
    return {"title": title, "organ": organ, "year": year, "date": date, "sections": tuple(sections)}


def _check_bool(name: str, value: object, allow_none: bool = False) -> None:
    if not (isinstance(value, bool) or (allow_none and value is None)):
        raise InvalidArgument(f"{name} must be a bool{' or None' if allow_none else ''}, got {value!r}")


@st.composite
def _reports(draw: st.DrawFn, consistent: bool, blanks: bool, old_layout: bool | None) -> Report:
    flat = draw(_tables(consistent, blanks, old_layout))
    metadata = draw(_metadata_and_sections())
    report = from_flat(flat, format=FORMAT.name, **metadata)
    if blanks:  # some empty cells are printed 「/」: their source says so, so render writes it
        sources = (
            {
                key: Cell(raw="/", line=None, state="na")
                for key in draw(
                    st.sets(st.sampled_from([k for k, v in flat.items() if v is None]), max_size=3)
                )
            }
            if any(v is None for v in flat.values())
            else {}
        )
        report = attrs.evolve(report, sources=sources)
    return report


def reports(
    *, consistent: bool = True, blanks: bool = False, old_layout: bool | None = False
) -> st.SearchStrategy[Report]:
    """Reports in the 2021 format with realistic numbers (many zeros, some large).

    consistent: the tables satisfy identities I1-I4 (False: exactly one cell is off; prefer
    ``inconsistent_reports`` to know which). blanks: some cells are None (blank or 「/」).
    old_layout: print （六）其他处理 as one row (True), its three rows (False), or either (None).
    """
    _check_bool("consistent", consistent)
    _check_bool("blanks", blanks)
    _check_bool("old_layout", old_layout, allow_none=True)
    return _reports(consistent, blanks, old_layout)


def cell_texts(kind: str = "count") -> st.SearchStrategy[tuple[str, int | Decimal | None]]:
    """``(text, value)``: how reports spell a cell (「00」「１２」「1,234」「 0 」「+3」「/」, NBSP...)."""
    if kind not in ("count", "amount"):
        raise InvalidArgument(f"kind must be 'count' or 'amount', got {kind!r}")

    @st.composite
    def spelled(draw: st.DrawFn) -> tuple[str, int | Decimal | None]:
        if draw(st.integers(0, 9)) == 0:
            return draw(st.sampled_from(["", " ", "\u3000", "/", "\uff0f", "\u2014", "-", "无"])), None
        value: int | Decimal = draw(_amounts()) if kind == "amount" else draw(counts(10**6))
        text = format(value, "f") if isinstance(value, Decimal) else str(value)
        rng = draw(st.randoms(use_true_random=False))
        text = spell_number(text, rng)
        if draw(st.booleans()):
            text = text.translate({code: code + 0xFEE0 for code in range(0x21, 0x7F)})
        return text, value

    return spelled()


def noise(kinds: Sequence[str] | None = None) -> st.SearchStrategy[NoiseStep]:
    """One named noise step with its seed; ``kinds`` limits the kinds drawn (default: all)."""
    chosen = tuple(NOISE_KINDS if kinds is None else kinds)
    unknown = [kind for kind in chosen if kind not in NOISE_KINDS]
    if unknown or not chosen:
        raise InvalidArgument(f"unknown noise kinds {unknown!r}; choose from {', '.join(NOISE_KINDS)}")
    return st.builds(NoiseStep, kind=st.sampled_from(chosen), seed=st.integers(0, 2**32 - 1))


def rendered_reports(
    layout: str | None = None,
    noise: Sequence[str] | None = None,
    *,
    consistent: bool = True,
    blanks: bool = False,
) -> st.SearchStrategy[tuple[Report, str]]:
    """``(report, text)``: a report and its text in ``layout`` with ``noise`` (kind names).

    layout None draws one of tab, pipe, lines; noise None draws any set of kinds, each with its seed.
    """
    if layout is not None and layout not in LAYOUTS:
        raise InvalidArgument(f"layout must be one of {LAYOUTS} or None, got {layout!r}")
    if noise is not None:
        unknown = [kind for kind in noise if kind not in NOISE_KINDS]
        if unknown:
            raise InvalidArgument(f"unknown noise kinds {unknown!r}; choose from {', '.join(NOISE_KINDS)}")
    _check_bool("consistent", consistent)
    _check_bool("blanks", blanks)
    kinds = st.just(tuple(noise)) if noise is not None else st.sets(st.sampled_from(NOISE_KINDS)).map(sorted)

    @st.composite
    def pairs(draw: st.DrawFn) -> tuple[Report, str]:
        report = draw(reports(consistent=consistent, blanks=blanks, old_layout=None))
        chosen_layout = layout or draw(st.sampled_from(LAYOUTS))
        steps = [NoiseStep(kind, draw(st.integers(0, 2**32 - 1))) for kind in draw(kinds)]  # type: ignore[arg-type]
        return report, render(report, chosen_layout, noise=steps)  # type: ignore[arg-type]

    return pairs()


def inconsistent_reports() -> st.SearchStrategy[tuple[Report, frozenset[tuple[str, str]]]]:
    """``(report, {(code, key)})``: one cell is off by 1-50; every identity through it must fail."""

    @st.composite
    def broken(draw: st.DrawFn) -> tuple[Report, frozenset[tuple[str, str]]]:
        report = draw(reports())
        flat = report.to_flat()
        key = draw(st.sampled_from(_perturbable_keys()))
        flat[key] = int(flat[key] or 0) + draw(st.integers(1, 50))
        expected = frozenset(
            (identity.code, identity.key)
            for identity in FORMAT.identities
            if key in identity.left or key in identity.right
        )
        return attrs.evolve(report, **_tables_of(flat)), expected

    return broken()


def _tables_of(flat: dict[str, Value]) -> dict[str, Any]:
    rebuilt = from_flat(flat)
    return {
        "active_disclosure": rebuilt.active_disclosure,
        "applications": rebuilt.applications,
        "review_litigation": rebuilt.review_litigation,
    }
