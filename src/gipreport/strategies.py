"""Hypothesis strategies for users' property tests (install the ``strategies`` extra).

    from gipreport import strategies as gs
    @given(gs.rendered_reports(layout="tab"))
    def test_my_parser(pair): report, text = pair; assert my_parse(text) == report.to_flat()

Every function checks its arguments at once and returns a strategy. ``reports()`` builds tables that
satisfy the format's identities from the format's own data (the identities validation checks, solved
one key at a time), and shrinks to the all-zero report.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

import attrs

try:
    from hypothesis import strategies as st
    from hypothesis.errors import InvalidArgument
except ImportError as error:  # pragma: no cover - depends on the environment
    raise ImportError("gipreport.strategies needs Hypothesis: pip install 'gipreport[strategies]'") from error

from gipreport import formats
from gipreport.convert import from_flat
from gipreport.formats import FormatSpec, SumIdentity
from gipreport.model import Cell, Report, Section, Value
from gipreport.render import LAYOUTS, LOSSY_NOISE, NOISE_KINDS, NoiseStep, render, spell_number
from gipreport.textforms import TO_FULLWIDTH, number_text

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


def _format(name: object) -> FormatSpec:
    try:
        return formats.get(name)  # type: ignore[arg-type]
    except ValueError as error:
        raise InvalidArgument(str(error)) from None


def _identities(fmt: FormatSpec, old: bool) -> list[SumIdentity]:
    """The format's identities, plus each derived row as the sum of its parts (current layout)."""
    found = list(fmt.identities)
    if not old:
        for spec in fmt.rows:
            for position, key in enumerate(spec.cells if spec.derived_from else ()):
                parts = tuple(fmt.row(part).cells[position] for part in spec.derived_from)
                found.append(SumIdentity("derived", key, "derived", "", "", "", (key,), parts))
    return found


_AMOUNTS = ("amount", "amount-as-printed")
_NOT_COUNTS = (*_AMOUNTS, "signed")


@attrs.frozen
class _Plan:
    """How to draw a consistent table from a format's identities.

    ``sums`` computes a key that is one side of an identity from the other side; ``differences``
    computes a key of a two-sided identity (I1) as the other side less the rest of its own side,
    whose other keys (``bounded``) are drawn no larger than that other side.
    """

    sums: dict[str, tuple[str, ...]]
    differences: dict[str, tuple[tuple[str, ...], tuple[str, ...]]]  # key -> (other side, own rest)
    bounded: dict[str, tuple[tuple[str, ...], tuple[str, ...]]]  # key -> (other side, own rest)


def _plan(identities: Sequence[SumIdentity]) -> _Plan:
    sums: dict[str, tuple[str, ...]] = {}
    for identity in identities:
        for side, other in ((identity.left, identity.right), (identity.right, identity.left)):
            if len(side) == 1 and side[0] not in sums:
                sums[side[0]] = other
                break
    differences: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {}
    bounded: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {}
    for identity in identities:
        if any(len(side) == 1 for side in (identity.left, identity.right)):
            continue  # a sum identity: holds by construction
        for side, other in ((identity.left, identity.right), (identity.right, identity.left)):
            free = [key for key in side if key not in sums and key not in differences and key not in bounded]
            if free:
                key = free[0]
                rest = tuple(k for k in side if k != key)
                differences[key] = (other, rest)
                for k in rest:
                    if k not in sums and k not in differences:
                        bounded[k] = (other, tuple(r for r in rest if r != k))
                break
    return _Plan(sums, differences, bounded)


@st.composite
def _tables(
    draw: st.DrawFn, fmt: FormatSpec, consistent: bool, blanks: bool, old_layout: bool | None
) -> dict[str, Value]:
    """Values for every key of ``fmt`` satisfying its identities, drawn from the identities alone:
    keys that are one side of an identity are summed, one key of each two-sided identity is the
    difference of the rest (its partners drawn small enough for it to stay >= 0), the rest drawn."""
    old = draw(st.booleans()) if old_layout is None else old_layout
    derived_parts = {part for spec in fmt.rows for part in spec.derived_from}
    skipped = {key for spec in fmt.rows if spec.key in derived_parts and old for key in spec.keys}
    identities = [i for i in _identities(fmt, old) if not skipped & set(i.keys)]
    plan = _plan(identities)
    flat: dict[str, Value] = dict.fromkeys(fmt.flat_keys)
    computed = {*plan.sums, *plan.differences, *plan.bounded}
    in_identities = {key for identity in identities for key in identity.keys}
    # One draw of two bytes a count, not one draw a key (a report has 130-150 free counts): ten
    # times cheaper, and shrinking the bytes to zero still gives the all-zero report.
    drawn = [*sorted(in_identities - computed, key=fmt.flat_keys.index), *sorted(plan.bounded)]
    outside = skipped | in_identities
    drawn += [
        column.key
        for spec in fmt.rows
        for column in spec.columns
        if column.key not in outside and column.kind not in _NOT_COUNTS
    ]
    seeds = draw(st.binary(min_size=2 * len(drawn), max_size=2 * len(drawn)))
    pairs = {key: (seeds[2 * index], seeds[2 * index + 1]) for index, key in enumerate(drawn)}
    for key in drawn[: len(in_identities - computed)]:
        flat[key] = _count(*pairs[key], 500)

    def ready(keys: Sequence[str]) -> bool:
        return all(flat[key] is not None for key in keys)

    def total(keys: Sequence[str]) -> int:
        return sum(int(flat[key] or 0) for key in keys)

    waiting = set(computed)
    while waiting:
        progress = False
        for key in sorted(waiting, key=fmt.flat_keys.index):
            if key in plan.sums and ready(plan.sums[key]):
                flat[key] = total(plan.sums[key])
            elif (
                key in plan.bounded
                and ready(plan.bounded[key][0])
                and ready(
                    [k for k in plan.bounded[key][1] if k not in plan.differences and k not in plan.bounded]
                )
            ):
                other, rest = plan.bounded[key]
                room = total(other) - total([k for k in rest if flat[k] is not None])
                flat[key] = _count(*pairs[key], 500) % (max(room, 0) + 1)
            elif (
                key in plan.differences
                and ready(plan.differences[key][0])
                and ready(plan.differences[key][1])
            ):
                other, rest = plan.differences[key]
                flat[key] = total(other) - total(rest)
            else:
                continue
            waiting.discard(key)
            progress = True
        if not progress:
            raise AssertionError(
                f"format {fmt.name}: its identities cannot be drawn in order ({sorted(waiting)[:3]})"
            )
    for spec in fmt.rows:
        for column in spec.columns:
            if column.key in skipped or flat[column.key] is not None:
                continue
            if column.kind in _AMOUNTS:
                flat[column.key] = draw(_amounts())
            elif column.kind == "signed":
                flat[column.key] = draw(st.integers(-500, 500))
            else:
                flat[column.key] = _count(*pairs[column.key], 10_000)
            if column.unit_key:
                flat[column.unit_key] = draw(st.sampled_from(["元", "万元"]))
    perturbable = _perturbable_keys(fmt)
    if not consistent:
        key = draw(st.sampled_from(perturbable))
        flat[key] = int(flat[key] or 0) + draw(st.integers(1, 50))
    if blanks:
        for key in draw(st.sets(st.sampled_from(perturbable), max_size=6)):
            flat[key] = None
        if not old:
            _derive(fmt, flat)
    return flat


def _count(high: int, low: int, max_value: int) -> int:
    """A count from two drawn bytes, much as ``counts`` draws one: 0 (3 in 8), 0-9 (3 in 8), else up
    to ``max_value``; smaller bytes give smaller counts, so shrinking goes towards 0."""
    if high < 96:
        return 0
    if high < 192:
        return min(low % 10, max_value)
    return ((high - 192) * 256 + low) % (max_value + 1)


def _derive(fmt: FormatSpec, flat: dict[str, Value]) -> None:
    # Mirrors what the parser does for the current layout: the sum of the parts, or None.
    for spec in fmt.rows:
        for position, key in enumerate(spec.cells if spec.derived_from else ()):
            parts = [flat[fmt.row(part).cells[position]] for part in spec.derived_from]
            flat[key] = None if any(p is None for p in parts) else sum(int(p or 0) for p in parts)


def _perturbable_keys(fmt: FormatSpec) -> list[str]:
    """Keys in some identity that stand alone: not a derived row nor its parts (those move together)."""
    tied = {spec.key for spec in fmt.rows if spec.derived_from}
    tied |= {part for spec in fmt.rows for part in spec.derived_from}
    in_identities = {key for identity in fmt.identities for key in identity.keys}
    return [
        key
        for key in fmt.flat_keys
        if key in in_identities and fmt.row_of(key) is not None and fmt.row_of(key).key not in tied  # type: ignore[union-attr]
    ]


@st.composite
def _metadata_and_sections(draw: st.DrawFn, years: tuple[int, int]) -> dict[str, Any]:
    organ = draw(st.sampled_from(ORGANS))
    year = draw(st.integers(*years))
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
def _reports(
    draw: st.DrawFn, fmt: FormatSpec, consistent: bool, blanks: bool, old_layout: bool | None
) -> Report:
    flat = draw(_tables(fmt, consistent, blanks, old_layout))
    first, last = fmt.years
    years = (first, last if last is not None else max(first, 2026))
    metadata = draw(_metadata_and_sections(years))
    report = from_flat(flat, format=fmt.name, **metadata)
    if blanks:  # some empty cells are printed 「/」: their source says so, so render writes it
        empty = [k for k, v in flat.items() if v is None and fmt.row_of(k) is not None]
        chosen = draw(st.sets(st.sampled_from(empty), max_size=3)) if empty else set()
        report = attrs.evolve(report, sources={key: Cell(raw="/", line=None, state="na") for key in chosen})
    return report


def reports(
    *, consistent: bool = True, blanks: bool = False, old_layout: bool | None = False, format: str = "2021"
) -> st.SearchStrategy[Report]:
    """Reports in a registered format ("2021", "2019") with realistic numbers (many zeros, some large).

    consistent: the tables satisfy the format's identities (False: exactly one cell is off; prefer
    ``inconsistent_reports`` to know which). blanks: some cells are None (blank or 「/」).
    old_layout: print a derived row such as （六）其他处理 as one row (True), its parts (False), or
    either (None); the 2019 format always prints it as one row.
    """
    _check_bool("consistent", consistent)
    _check_bool("blanks", blanks)
    _check_bool("old_layout", old_layout, allow_none=True)
    return _reports(_format(format), consistent, blanks, old_layout)


def cell_texts(kind: str = "count") -> st.SearchStrategy[tuple[str, int | Decimal | None]]:
    """``(text, value)``: how reports spell a cell (「00」「１２」「1,234」「 0 」「+3」「/」, NBSP...)."""
    if kind not in ("count", "amount"):
        raise InvalidArgument(f"kind must be 'count' or 'amount', got {kind!r}")

    @st.composite
    def spelled(draw: st.DrawFn) -> tuple[str, int | Decimal | None]:
        if draw(st.integers(0, 9)) == 0:
            return draw(st.sampled_from(["", " ", "\u3000", "/", "\uff0f", "\u2014", "-", "无"])), None
        value: int | Decimal = draw(_amounts()) if kind == "amount" else draw(counts(10**6))
        text = number_text(value)
        rng = draw(st.randoms(use_true_random=False))
        text = spell_number(text, rng)
        if draw(st.booleans()):
            text = text.translate(TO_FULLWIDTH)
        return text, value

    return spelled()


def _check_kinds(kinds: Sequence[str]) -> None:
    unknown = [kind for kind in kinds if kind not in NOISE_KINDS]
    if unknown:
        raise InvalidArgument(f"unknown noise kinds {unknown!r}; choose from {', '.join(NOISE_KINDS)}")


def noise(kinds: Sequence[str] | None = None) -> st.SearchStrategy[NoiseStep]:
    """One named noise step with its seed; ``kinds`` limits the kinds drawn (default: all)."""
    chosen = tuple(NOISE_KINDS if kinds is None else kinds)
    _check_kinds(chosen)
    if not chosen:
        raise InvalidArgument("kinds must name at least one noise kind")
    return st.builds(NoiseStep, kind=st.sampled_from(chosen), seed=st.integers(0, 2**32 - 1))


def rendered_reports(
    layout: str | None = None,
    noise: Sequence[str] | None = None,
    *,
    consistent: bool = True,
    blanks: bool = False,
    format: str = "2021",
    old_layout: bool | None = None,
) -> st.SearchStrategy[tuple[Report, str]]:
    """``(report, text)``: a report and its text in ``layout`` with ``noise`` (kind names).

    layout None draws one of the layouts; noise None draws any set of the kinds that keep every value
    readable, each with its seed (kinds in ``render.LOSSY_NOISE`` destroy values on purpose: name them
    to get them, and then compare honestly: a value may be missing from the text). old_layout as in
    ``reports``: None draws reports that print （六）其他处理 as one row too, whose three sub-rows are
    then None even with ``blanks=False`` (the report has no such rows); False gives every value.
    """
    if layout is not None and layout not in LAYOUTS:
        raise InvalidArgument(f"layout must be one of {LAYOUTS} or None, got {layout!r}")
    if noise is not None:
        _check_kinds(noise)
    _check_bool("consistent", consistent)
    _check_bool("blanks", blanks)
    _check_bool("old_layout", old_layout, allow_none=True)
    fmt = _format(format)
    keeping = [kind for kind in NOISE_KINDS if kind not in LOSSY_NOISE]
    kinds = st.just(tuple(noise)) if noise is not None else st.sets(st.sampled_from(keeping)).map(sorted)

    @st.composite
    def pairs(draw: st.DrawFn) -> tuple[Report, str]:
        report = draw(_reports(fmt, consistent, blanks, old_layout))
        chosen_layout = layout or draw(st.sampled_from(LAYOUTS))
        steps = [NoiseStep(kind, draw(st.integers(0, 2**32 - 1))) for kind in draw(kinds)]  # type: ignore[arg-type]
        return report, render(report, chosen_layout, noise=steps)  # type: ignore[arg-type]

    return pairs()


def inconsistent_reports(
    format: str = "2021",
) -> st.SearchStrategy[tuple[Report, frozenset[tuple[str, str]]]]:
    """``(report, {(code, key)})``: one cell is off by 1-50; every identity through it must fail."""
    fmt = _format(format)

    @st.composite
    def broken(draw: st.DrawFn) -> tuple[Report, frozenset[tuple[str, str]]]:
        report = draw(_reports(fmt, True, False, False))
        flat = report.to_flat()
        key = draw(st.sampled_from(_perturbable_keys(fmt)))
        flat[key] = int(flat[key] or 0) + draw(st.integers(1, 50))
        expected = frozenset(
            (identity.code, fmt.failure_key(identity))
            for identity in fmt.identities
            if key in identity.left or key in identity.right
        )
        return attrs.evolve(report, **fmt.tables_from_values(flat)), expected

    return broken()
