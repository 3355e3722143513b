"""Rendering, the inverse of parsing: Report -> text in the tab, pipe or lines layout, with noise.

Noise steps are named and seeded, so every messy text can be replayed exactly; each one reproduces a
kind of mess seen in real reports and keeps the data intact (``parse(render(r, ...)) == r``).
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Literal, get_args

import attrs

from gipreport.formats.gb2021 import (
    ACTIVE_DISCLOSURE,
    APPLICANT_COLUMNS,
    APPLICATIONS,
    OTHER_PROCESSING_PARTS,
    REVIEW_LITIGATION,
)
from gipreport.layout import LAYOUTS, LayoutName, is_continuation
from gipreport.mapping import looks_like_value
from gipreport.model import Report, Value
from gipreport.normalize import normalize_line

NoiseKind = Literal[
    "fullwidth",
    "number-spellings",
    "label-spaces",
    "broken-cells",
    "label-variants",
    "group-alone",
    "leading-cell",
    "footers",
    "pipe-rules",
    "crlf",
    "prose-around-tables",
]
NOISE_KINDS: tuple[NoiseKind, ...] = get_args(NoiseKind)

RowKind = Literal["header", "group", "data"]


@attrs.frozen
class NoiseStep:
    """One kind of noise, applied with its own random seed (so it replays exactly)."""

    kind: NoiseKind
    seed: int = 0

    def __attrs_post_init__(self) -> None:
        if self.kind not in NOISE_KINDS:
            raise ValueError(f"unknown noise kind {self.kind!r}; choose from {', '.join(NOISE_KINDS)}")


@attrs.define
class _Row:
    kind: RowKind
    cells: list[str]


@attrs.define
class _Table:
    number: str
    rows: list[_Row]


# --- The tables as rows of cells -----------------------------------------------------------------


def _text(report: Report, key: str, value: Value) -> str:
    if value is None:
        source = report.sources.get(key)
        return "/" if source is not None and source.state == "na" else ""
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def _values(report: Report, flat: dict[str, Value], cells: Sequence[str]) -> list[str]:
    return [_text(report, key, flat[key]) for key in cells]


def _active_table(report: Report, flat: dict[str, Value]) -> _Table:
    rows = {row.key.split(".")[1]: row for row in ACTIVE_DISCLOSURE.rows}
    out: list[_Row] = []
    blocks = (
        ("第二十条第（一）项", ("regulations", "normative_documents")),
        ("第二十条第（五）项", ("licensing",)),
        ("第二十条第（六）项", ("punishment", "coercion")),
        ("第二十条第（八）项", ("fees",)),
    )
    for heading, keys in blocks:
        width = len(rows[keys[0]].cells)
        out.append(_Row("header", [heading] + [""] * width))
        out.append(_Row("header", ["信息内容", *_column_headings(rows[keys[0]].column_labels)]))
        for key in keys:
            out.append(_Row("data", [rows[key].labels[0], *_values(report, flat, rows[key].cells)]))
    return _Table("二", out)


def _column_headings(labels: Sequence[str]) -> list[str]:
    return [label.replace("(单位:万元)", "（单位：万元）") for label in labels]


# Group labels of table 三, printed on the line of their first child row.
_GROUPS = {
    "granted": "三、本年度办理结果",
    "denied_state_secret": "（三）不予公开",
    "unavailable_not_held": "（四）无法提供",
    "not_processed_complaint": "（五）不予处理",
    "other_overdue_correction": "（六）其他处理",
}
# Rows under (三)-(六) sit one column further right than (一), (二), (七) and the old （六） row.
_SUB_ROWS = {
    row.key.split(".")[1]
    for row in APPLICATIONS.rows
    if row.key.split(".")[1].startswith(("denied", "unavailable", "not_processed", "other_"))
    and not row.derived_from
}


def _label_cells(name: str, label: str) -> list[str]:
    """The cells of a table 三 row before its numbers: merged group cells, then the label."""
    if name == "granted":
        return [_GROUPS[name], label]
    if name in _GROUPS:
        return ["", _GROUPS[name], label]
    if name in _SUB_ROWS:
        return ["", "", label]
    if name in ("partially_granted", "total_processed", "other_processing"):
        return ["", label]
    return [label]


def uses_old_other_processing(flat: dict[str, Value]) -> bool:
    """True when only the single row （六）其他处理 holds numbers (the older layout)."""
    parts_empty = all(
        flat[f"applications.{part}.{column}"] is None
        for part in OTHER_PROCESSING_PARTS
        for column, _ in APPLICANT_COLUMNS
    )
    return parts_empty and any(
        flat[key] is not None for key in flat if key.startswith("applications.other_processing.")
    )


def _applications_table(report: Report, flat: dict[str, Value]) -> _Table:
    out = [
        _Row(
            "header", ["（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", "申请人情况"]
        ),
        _Row("header", ["", "自然人", "法人或其他组织", "", "", "", "", "总计"]),
        _Row("header", ["", "", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", ""]),
    ]
    old = uses_old_other_processing(flat)
    for row in APPLICATIONS.rows:
        name = row.key.split(".")[1]
        # The older layout prints （六） as one row; the current one prints its three rows instead.
        if (old and name in OTHER_PROCESSING_PARTS) or (not old and name == "other_processing"):
            continue
        values = _values(report, flat, row.cells)
        out.append(_Row("data", [*_label_cells(name, row.labels[0]), *values]))
    return _Table("三", out)


def _review_table(report: Report, flat: dict[str, Value]) -> _Table:
    (row,) = REVIEW_LITIGATION.rows
    outcomes = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    return _Table(
        "四",
        [
            _Row("header", ["行政复议", "", "", "", "", "行政诉讼"]),
            _Row("header", [*outcomes, "未经复议直接起诉", "", "", "", "", "复议后起诉"]),
            _Row("header", ["", "", "", "", "", *outcomes, *outcomes]),
            _Row("data", _values(report, flat, row.cells)),
        ],
    )


# --- Noise on rows -------------------------------------------------------------------------------

_FULLWIDTH = {code: code + 0xFEE0 for code in range(0x21, 0x7F)} | {0x20: 0x3000}
_HALFWIDTH = {full: half for half, full in _FULLWIDTH.items()}
_VARIANTS = {
    "本年废止件数": "本年度止件数",
    "法人或其他组织": "法人或者其他组织",
    "（七）总计": "（七）合计",
    "四、结转下年度继续办理": "四、结转下一年度继续办理",
    "复议后起诉": "复议后诉讼",
    "3.危及“三安全一稳定”": '3.危及"三安全一稳定"',
    "1.属于国家秘密": "1、属于国家秘密",
    "（一）予以公开": "(一)予以公开",
}


def spell_number(text: str, rng: random.Random) -> str:
    """Write a number as reports do: 「00」, 「+3」, 「1,234」, padded with NBSP or ideographic spaces."""
    if not text or not text.isdigit():
        return text
    choice = rng.randrange(6)
    if choice == 0 and len(text) < 4:
        text = "0" + text
    elif choice == 1:
        text = "+" + text
    elif choice == 2 and len(text) > 3:
        text = f"{int(text):,}"
    elif choice == 3:
        text = "\u00a0" + text + "\u00a0"
    elif choice == 4:
        text = "\u3000\u3000" + text
    return text


def _is_value(cell: str) -> bool:
    return looks_like_value(normalize_line(cell))


def _noise_rows(tables: list[_Table], step: NoiseStep, layout: LayoutName) -> None:
    rng = random.Random(step.seed)
    for table in tables:
        rows = table.rows
        if step.kind == "fullwidth":  # either way: 「0」 -> 「０」, 「（一）」 -> 「(一)」
            for row in rows:
                row.cells = [c.translate(rng.choice((_FULLWIDTH, _HALFWIDTH))) for c in row.cells]
        elif step.kind == "number-spellings":
            for row in rows:
                if row.kind == "data":
                    row.cells = [spell_number(c, rng) if rng.random() < 0.5 else c for c in row.cells]
        elif step.kind == "label-spaces":
            for row in rows:
                row.cells = [
                    _spaced(c, rng) if not _is_value(c) and rng.random() < 0.5 else c for c in row.cells
                ]
        elif step.kind == "label-variants":
            for row in rows:
                row.cells = [_VARIANTS.get(c, c) if rng.random() < 0.7 else c for c in row.cells]
        elif step.kind == "group-alone":
            _groups_alone(rows, rng)
        elif step.kind == "leading-cell" and layout in ("tab", "pipe"):
            for row in rows:
                if row.kind != "data" or rng.random() < 0.5:
                    continue
                if row.cells and row.cells[0] == "" and _has_label(row) and rng.random() < 0.5:
                    row.cells = row.cells[1:]  # the row lost its leading TAB
                elif _has_label(row):
                    row.cells = ["", *row.cells]  # the row gained one
        elif step.kind == "broken-cells" and layout in ("tab", "pipe"):
            _split_first_group(rows)


def _has_label(row: _Row) -> bool:
    return any(cell and not _is_value(cell) for cell in row.cells)


def _spaced(cell: str, rng: random.Random) -> str:
    if len(cell) < 2:
        return cell
    position = rng.randrange(1, len(cell))
    return cell[:position] + " " + cell[position:]


def _groups_alone(rows: list[_Row], rng: random.Random) -> None:
    """Move group labels printed on their first child's line onto a row of their own."""
    groups = set(_GROUPS.values())
    index = 0
    while index < len(rows):
        row = rows[index]
        found = next((i for i, cell in enumerate(row.cells) if cell in groups), None)
        # A group label is followed by its first child's label; the old single row （六）其他处理 is
        # followed by numbers and is a row of its own.
        is_group = found is not None and found + 1 < len(row.cells) and not _is_value(row.cells[found + 1])
        if row.kind == "data" and found is not None and is_group and rng.random() < 0.7:
            child = [*row.cells]
            child[found] = ""
            # the merged row keeps an empty cell after the label, as Word exports it
            group = _Row("group", [*[""] * found, row.cells[found], ""])
            rows[index : index + 1] = [group, _Row("data", child)]
            index += 1
        index += 1


def _split_first_group(rows: list[_Row]) -> None:
    """The group label 三、本年度办理结果 flows into two rows, as PDFs copy it (seed 004)."""
    for index, row in enumerate(rows[:-1]):
        if row.kind == "data" and row.cells and row.cells[0] == "三、本年度办理结果":
            label = row.cells[1]
            rows[index] = _Row("data", ["三、本年" + label, *row.cells[2:]])
            following = rows[index + 1]
            following.cells = (
                ["度办理结果", *following.cells[1:]] if following.cells[:1] == [""] else following.cells
            )
            return


# --- Serialising ---------------------------------------------------------------------------------


def _row_lines(row: _Row, layout: LayoutName, rule_after: bool, trailing_pipes: bool) -> list[str]:
    if layout == "tab":
        return ["\t".join(row.cells)]
    if layout == "pipe":
        line = "| " + " | ".join(row.cells) + (" |" if trailing_pipes else "")
        lines = [line]
        if rule_after:
            lines.append("|" + "|".join("---" for _ in row.cells) + "|")
        return lines
    return [*("\t" + cell for cell in row.cells), ""]


def _table_lines(table: _Table, layout: LayoutName, noise: Sequence[NoiseStep]) -> list[str]:
    kinds = {step.kind: step for step in noise}
    rng = random.Random(kinds["pipe-rules"].seed) if "pipe-rules" in kinds else None
    lines: list[str] = []
    for position, row in enumerate(table.rows):
        rule = rng is not None and (position == 0 or rng.random() < 0.2)
        trailing = rng is None or rng.random() < 0.5
        lines.extend(_row_lines(row, layout, rule, trailing))
    # Footers go between rows, so they are placed before a broken cell's tail becomes a line.
    if "footers" in kinds:
        lines = _insert_footers(lines, layout, random.Random(kinds["footers"].seed))
    if "broken-cells" in kinds:
        lines = _break_cells(lines, layout, random.Random(kinds["broken-cells"].seed))
    while lines and lines[-1] == "":
        lines.pop()
    return lines


def _break_cells(lines: list[str], layout: LayoutName, rng: random.Random) -> list[str]:
    """Break a cell over two lines: in the lines layout any cell, in the tab layout a row's last."""
    if layout == "pipe":
        return lines
    out: list[str] = []
    for line in lines:
        cell = line.rsplit("\t", 1)[-1] if "\t" in line else ""
        low = 0 if cell.isdigit() else 1  # 「→」+「0」: a number may leave its cell line empty
        if len(cell) > low and rng.random() < 0.3:
            cut = rng.randrange(max(low, len(cell) - 8), len(cell))
            tail = cell[cut:]
            # the parser reads a tail that starts like a list heading (「(八)项」) as prose
            if tail.strip() and not tail[0].isspace() and is_continuation(normalize_line(tail)):
                out.extend([line[: len(line) - len(tail)], tail])
                continue
        out.append(line)
    return out


def _insert_footers(lines: list[str], layout: LayoutName, rng: random.Random) -> list[str]:
    """Blank lines and page footers such as 「— 4 —」 between the rows of a table."""
    out: list[str] = []
    for line in lines:
        out.append(line)
        between_rows = line == "" if layout == "lines" else True
        if between_rows and rng.random() < 0.15:
            out.extend(
                [f"\u2014 {rng.randrange(1, 30)} \u2014", ""]
                if layout == "lines"
                else ["", f"- {rng.randrange(1, 30)} -"]
            )
    return out


def render(report: Report, layout: LayoutName = "tab", *, noise: Iterable[NoiseStep | NoiseKind] = ()) -> str:
    """The report as text: title, sections, and its three tables in ``layout`` ("tab", "pipe", "lines").

    ``noise`` is a sequence of NoiseStep (or noise kind names, seed 0); see NOISE_KINDS.
    """
    if layout not in LAYOUTS:
        raise ValueError(f"unknown layout {layout!r}; choose one of {', '.join(LAYOUTS)}")
    if not isinstance(report, Report):
        raise TypeError(f"render() takes a gipreport.Report, not {type(report).__name__}")
    steps = [step if isinstance(step, NoiseStep) else NoiseStep(step) for step in noise]
    flat = report.to_flat()
    tables: list[_Table] = []
    if report.format is not None:
        tables = [
            _active_table(report, flat),
            _applications_table(report, flat),
            _review_table(report, flat),
        ]
        for step in steps:
            _noise_rows(tables, step, layout)
    by_number = {table.number: table for table in tables}
    kinds = {step.kind for step in steps}
    lines: list[str] = []
    if report.title:
        lines.extend([report.title, ""])
    sections = {section.number: section for section in report.sections}
    for number in range(1, 7):
        section = sections.get(number)
        body = section.text.split("\n") if section and section.text else []
        after: list[str] = []
        table = by_number.get("一二三四五六"[number - 1]) if number in (2, 3, 4) else None
        if table and "prose-around-tables" in kinds and body:
            body, after = body[: len(body) // 2], body[len(body) // 2 :]
        if section:
            lines.append(section.heading)
            lines.extend(body)
        if table:
            lines.extend(["", *_table_lines(table, layout, steps), ""])
            lines.extend(after)
    text = "\n".join(lines) + "\n"
    if "crlf" in kinds:
        text = text.replace("\n", "\r\n")
    return text
