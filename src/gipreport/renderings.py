"""Drawn tables and the renderings other programs make of them: a PDF's text layout, one cell per
line, markdown mini-tables, crawled text run together, broken rows, page breaks, a crawler's header.

``render`` draws a report's tables as ``DrawnTable``s of ``DrawnRow``s and hands them here for the
renderings that reshape a whole table; each takes its own seeded random source, so it replays exactly.
"""

from __future__ import annotations

import random
from typing import TYPE_CHECKING, Literal

import attrs

from gipreport.model import Report

if TYPE_CHECKING:
    from gipreport.render import LayoutName, NoiseKind, NoiseStep

# A label wraps at the width of its cell: Word's label column holds about this many characters.
WRAP_CHARS = 12

Role = Literal["label", "group", "pad", "value", "header"]


@attrs.define
class DrawnRow:
    """A drawn row: its cells and what each cell is (label, merged group label, padding, value)."""

    cells: list[str]
    roles: list[Role]
    data: bool = True

    def labels(self) -> list[int]:
        return [
            i for i, role in enumerate(self.roles) if role in ("label", "group", "header") and self.cells[i]
        ]


@attrs.define
class DrawnTable:
    number: str
    rows: list[DrawnRow]


def row_lines(row: DrawnRow, layout: LayoutName, rule_after: bool, trailing_pipes: bool) -> list[str]:
    """One drawn row in a layout: a TAB line, a pipe line (and its rule), or one line per cell."""
    if layout == "tab":
        return ["\t".join(row.cells)]
    if layout == "pipe":
        lines = ["| " + " | ".join(row.cells) + (" |" if trailing_pipes else "")]
        if rule_after:
            lines.append("|" + "|".join("---" for _ in row.cells) + "|")
        return lines
    return [*("\t" + cell for cell in row.cells), ""]


def page_break(
    kinds: dict[NoiseKind, NoiseStep], layout: str, pages: dict[NoiseStep, random.Random]
) -> list[str]:
    """``page-furniture``: a page number (bare, or 「第 N 页」) printed between two rows; ``pages``
    keeps one random source per step for a whole render, so pages go on from row to row."""
    step = kinds.get("page-furniture")
    if step is None:
        return []
    rng = pages.setdefault(step, random.Random(step.seed))
    if rng.random() >= 0.12:
        return []
    page = rng.randrange(1, 30)
    mark = rng.choice([str(page), f"第 {page} 页", f"第{page}页 共{page + 3}页"])
    return [mark, ""] if layout == "lines" else [mark]


def pdf_layout(
    table: DrawnTable,
    rng: random.Random,
    wrapped: random.Random | None,
    kinds: dict[NoiseKind, NoiseStep],
    pages: dict[NoiseStep, random.Random],
) -> list[str]:
    """``pdf-layout``: columns aligned by runs of spaces (``pdftotext -layout``); a blank cell is
    only spaces, so it vanishes. With ``wrapped-labels``, long labels wrap over two or three lines,
    their numbers on the first, the last or a line of their own."""
    lines: list[str] = []
    for row in table.rows:
        cells = [cell for cell in row.cells if cell.strip()]
        if not cells:
            continue
        indent = " " * rng.randrange(0, 12)
        labels = [
            cell for cell, role in zip(row.cells, row.roles, strict=True) if role != "value" and cell.strip()
        ]
        values = [
            cell for cell, role in zip(row.cells, row.roles, strict=True) if role == "value" and cell.strip()
        ]
        gap = " " * rng.randrange(2, 8)
        if wrapped is not None and labels and len(labels[-1]) > 8 and wrapped.random() < 0.5:
            label = labels[-1]
            cut = wrapped.randrange(4, len(label) - 2)
            head, tail = label[:cut], label[cut:]
            numbers = gap.join(values)
            where = wrapped.randrange(3)
            front = "  ".join(labels[:-1])
            if where == 0:
                lines.extend([indent + "  ".join(filter(None, [front, head])) + gap + numbers, indent + tail])
            elif where == 1:
                lines.extend([indent + "  ".join(filter(None, [front, head])), indent + tail + gap + numbers])
            else:
                lines.extend(
                    [
                        indent + "  ".join(filter(None, [front, head])),
                        indent + tail,
                        indent + " " * 20 + numbers,
                    ]
                )
        else:
            lines.append(indent + gap.join(cells))
        lines.extend(page_break(kinds, "spaced", pages))
    return lines


def cell_per_line(table: DrawnTable, rng: random.Random) -> list[str]:
    """``cell-per-line``: every cell on a line of its own, no separator (``get_text("\n")``); header
    words split over lines, a blank cell a line of NBSP or nothing at all."""
    lines: list[str] = []
    for row in table.rows:
        for cell, role in zip(row.cells, row.roles, strict=True):
            if not cell.strip():
                if role == "value":
                    lines.append(rng.choice(["\u00a0", ""]))
                continue
            if role == "header" and len(cell) in (4, 6) and rng.random() < 0.5:
                lines.extend([cell[: len(cell) // 2], cell[len(cell) // 2 :]])  # 「商业」「企业」
            else:
                lines.append(cell)
    return lines


def mini_tables(table: DrawnTable, rng: random.Random) -> list[str]:
    """``converter-markdown``: each data row a table of its own under a generic header (「数据1」…),
    as OCR and PDF converters write them, with a rule line and, now and then, an empty table."""
    lines: list[str] = []
    for row in table.rows:
        cells = [cell for cell in row.cells if cell.strip() or not row.data]
        if not row.data:
            lines.append("| " + " | ".join(row.cells) + " |")
            continue
        header = ["项目", *(f"数据{i}" for i in range(1, len(cells)))]
        lines.extend(
            [
                "| " + " | ".join(header) + " |",
                "|" + "---|" * len(header),
                "| " + " | ".join(row.cells) + " |",
                "",
            ]
        )
        if rng.random() < 0.1:
            lines.extend(["|  |  |", "|---|---|", ""])
    return lines


def run_together(table: DrawnTable, rng: random.Random) -> list[str]:
    """``run-together``: what crawlers make of a table: every cell of a row joined without separator
    (「行政许可396442278」), the rows joined too, a few spaces left where 「&nbsp;」 stood."""
    parts: list[str] = []
    for row in table.rows:
        for cell in row.cells:
            if cell.strip():
                parts.append(cell + (" " if rng.random() < 0.15 else ""))
    return ["".join(parts)]


def broken_row(row: DrawnRow, layout: LayoutName, rng: random.Random) -> list[str]:
    """A row whose label wrapped in its cell (the wrapped part on a line of its own), as PDF and Word
    copies give it: in the lines layout any label cell, in the tab layout the row's last cell; and,
    in the lines layout, an empty cell whose number went to the next line (「→」 then 「0」)."""
    lines = row_lines(row, layout, False, True)
    if layout == "tab":
        last = len(row.cells) - 1
        if row.roles and row.roles[last] in ("label", "header", "group") and rng.random() < 0.5:
            head, tail = _wrap(row.cells[last], rng)
            if tail:
                return [lines[0][: len(lines[0]) - len(tail)], tail]
        return lines
    out: list[str] = []
    for cell, role in zip(row.cells, row.roles, strict=True):
        if role in ("label", "header", "group") and rng.random() < 0.3:
            head, tail = _wrap(cell, rng)
            out.extend(["\t" + head, tail] if tail else ["\t" + cell])
        elif role == "value" and cell.strip() and cell.isdigit() and rng.random() < 0.1:
            out.extend(["\t", cell])
        else:
            out.append("\t" + cell)
    return [*out, ""]


def _wrap(cell: str, rng: random.Random) -> tuple[str, str]:
    """A label cut where its cell wraps: at least two characters kept, at most WRAP_CHARS carried."""
    if len(cell) < 4:
        return cell, ""
    cut = rng.randrange(max(2, len(cell) - WRAP_CHARS), len(cell))
    head, tail = cell[:cut], cell[cut:]
    if not tail.strip() or tail[0].isspace() or head[-1].isspace():
        return cell, ""
    return head, tail


def crawler_header(report: Report, lines: list[str]) -> list[str]:
    """``crawler-header``: the page's metadata as a crawler saves it, the title only in 「标题:」."""
    if report.title and lines[:1] == [report.title]:
        lines = lines[2:]
    header = [
        f"标题: {report.title or ''}",
        "发布时间: 2024-01-20 09:30",
        "文号: ",
        f"发布机构: {report.organ or ''}",
        "栏目: 政府信息公开年报",
        "==================== 正文 ====================",
    ]
    return [*header, *lines]
