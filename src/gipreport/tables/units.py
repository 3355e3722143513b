"""A unit printed in a column's header rather than in its cells: 「本年收费金额（单位：元）」 over 「251000」.

A column of kind ``amount`` holds 万元. A cell that says its own unit (「251000元」) is converted when it is
read; a bare number under a header that says 元 is converted here, with a warning that names the
header: the value is right, its source keeps the number as printed, and the warning says why they
differ.
"""

from __future__ import annotations

import bisect
import functools
from collections.abc import Iterator
from decimal import Decimal

import attrs
import regex

from gipreport.diagnostics import diagnostic
from gipreport.formats import ColumnSpec, FormatSpec
from gipreport.layout import Layout
from gipreport.mapping.cells import plain_decimal, read_value
from gipreport.tables.reading import TableReading

# The unit after a column's label: 「(单位:元)」「（元）」「(万元)」「 元」.
_UNIT_AFTER = regex.compile(r"\s*[(（]?\s*(?:单位\s*[:：]?\s*)?(?P<unit>万元|元)")


def _stem(column: ColumnSpec) -> str:
    """The words of a column's label before its unit, without 「本年」: 「收费金额」."""
    words: str = regex.split(r"[(（]", column.label, maxsplit=1)[0]
    return words.removeprefix("本年")


# A column's header is printed a few lines above its first value (its sub-table's heading rows).
HEADER_REACH = 40


def _texts_before(layout: Layout, line: int) -> Iterator[tuple[int, str]]:
    """Every cell and prose text of ``layout`` within HEADER_REACH lines up to ``line``, with its line."""
    first = line - HEADER_REACH
    for block in layout.blocks:
        if block.first_line > line:
            break
        if block.last_line < first:
            continue
        for row in block.rows:
            if first <= row.line <= line:
                for text, lines in zip(row.texts, row.cell_lines, strict=True):
                    if lines[0] <= line:
                        yield lines[0], text
    start = bisect.bisect_left([prose.number for prose in layout.prose], first)
    for prose in layout.prose[start:]:
        if prose.number > line:
            break
        yield prose.number, prose.text


def _header_unit(layout: Layout, stem: str, line: int) -> tuple[int, str, str] | None:
    """The nearest header above ``line`` that names the column and a unit: (line, text, unit)."""
    nearest: tuple[int, str, str] | None = None
    for number, text in _texts_before(layout, line):
        at = text.find(stem)
        if at < 0 or (nearest is not None and number < nearest[0]):
            continue
        found = _UNIT_AFTER.match(text, at + len(stem))
        nearest = (number, text, found["unit"]) if found else None
    return nearest


@functools.cache
def _amount_columns(fmt: FormatSpec) -> tuple[ColumnSpec, ...]:
    return tuple(column for spec in fmt.rows for column in spec.columns if column.kind == "amount")


def header_units(layout: Layout, fmt: FormatSpec, reading: TableReading) -> TableReading:
    """``reading`` with each bare amount under a header in 元 converted to 万元, and warned."""
    values = dict(reading.values)
    found = []
    for column in _amount_columns(fmt):
        value = values.get(column.key)
        if not isinstance(value, Decimal) or not value:  # 0 is 0 in either unit
            continue
        source = reading.sources.get(column.key)
        if source is None or source.line is None or read_value(source.raw, "amount").unit is not None:
            continue  # a unit in the cell itself was read with it
        header = _header_unit(layout, _stem(column), source.line)
        if header is None or header[2] != "元":
            continue
        values[column.key] = converted = plain_decimal(value / 10000)
        found.append(
            diagnostic(
                "map.unit-from-header",
                f"{column.key}: the header 「{header[1]}」 (line {header[0]}) gives the unit 元; "
                f"「{source.raw.strip()}」 read as {converted} 万元",
                line=source.line,
                key=column.key,
            )
        )
    if not found:
        return reading
    return attrs.evolve(reading, values=values, diagnostics=(*reading.diagnostics, *found))
