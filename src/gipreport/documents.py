"""Rendering to documents: Report -> an HTML page or a DOCX file, the tables with their merged cells
as the national format draws them (a group label one cell spanning its rows, a row label spanning
the label columns), so that round trips test the readers as they test the text layouts.

``html(report, noise=...)`` can dress the page as portals serve it (``word-export``: the
``<span>``/``<font>`` soup of a Word export splitting labels into pieces, ``<o:p>`` marks, ``&nbsp;``
blank cells, breadcrumbs and share buttons around the article). ``docx(report)`` needs python-docx.
"""

from __future__ import annotations

import html as html_escape
import io
import random
from collections.abc import Iterable, Sequence

import attrs

from gipreport.formats import RowSpec, TableSpec
from gipreport.grid import grid_columns
from gipreport.model import Report, Value
from gipreport.render import NoiseStep, printed_rows, value_cells
from gipreport.validate import format_of


@attrs.frozen
class DrawnCell:
    """A cell of a drawn table: its text, its spans, and whether it holds a value."""

    text: str
    rowspan: int = 1
    colspan: int = 1
    value: bool = False
    key: str | None = None  # the flat key of a value cell


def _values(report: Report, flat: dict[str, Value], spec: RowSpec) -> list[DrawnCell]:
    return [
        DrawnCell(text, value=True, key=column.key)
        for text, column in zip(value_cells(report, flat, spec), spec.columns, strict=True)
    ]


def merged_header(rows: Sequence[Sequence[str]], width: int) -> list[list[DrawnCell]]:
    """A table's header rows, written with an empty text where a merged cell continues, as cells with
    spans. An empty cell continues the cell above when that one is one column wide (自然人 over two
    header rows), else the cell to its left (法人或其他组织 over its five columns)."""
    origin: dict[tuple[int, int], list[int]] = {}  # position -> [row, column, rowspan, colspan] of its cell
    cells: list[list[int]] = []
    for r, texts in enumerate(rows):
        for c in range(width):
            text = texts[c] if c < len(texts) else ""
            above = origin.get((r - 1, c))
            left = origin.get((r, c - 1))
            if text:
                cell = [r, c, 1, 1]
                cells.append(cell)
            elif above is not None and above[3] == 1:
                cell = above
                cell[2] = r - cell[0] + 1
            elif left is not None and left[0] == r:
                cell = left
                cell[3] = c - cell[1] + 1
            elif above is not None:
                cell = above
                cell[2] = r - cell[0] + 1
            else:
                cell = [r, c, 1, 1]
                cells.append(cell)
            origin[(r, c)] = cell
    drawn: list[list[DrawnCell]] = [[] for _ in rows]
    for r, c, rowspan, colspan in cells:
        text = rows[r][c] if c < len(rows[r]) else ""
        drawn[r].append(DrawnCell(text, rowspan=rowspan, colspan=colspan))
    return drawn


def draw(report: Report, table: TableSpec) -> list[list[DrawnCell]]:
    """A table as rows of cells with spans, as the national format draws it."""
    flat = report.to_flat()
    rows = printed_rows(table, flat)
    depth = max((len(spec.groups) for spec in rows), default=0) + 1  # the label columns
    width = max((len(spec.columns) for spec in rows), default=0)
    label_columns = depth if any(spec.labels for spec in rows) else 0
    # The header's first cell is over all the label columns (the national format's drawing).
    header = [(texts[0], *[""] * (label_columns - 1), *texts[1:]) for texts in table.header_rows]
    drawn = merged_header(header, max([width + label_columns, *map(len, header)]))
    for index, spec in enumerate(rows):
        for texts in spec.before:
            drawn.append(
                [DrawnCell(texts[0], colspan=width + 1)] if len(texts) == 1 else [DrawnCell(t) for t in texts]
            )
        cells: list[DrawnCell] = []
        for level, group in enumerate(spec.groups):
            previous = rows[index - 1].groups if index else ()
            if previous[: level + 1] != spec.groups[: level + 1]:
                span = 1
                while (
                    index + span < len(rows)
                    and rows[index + span].groups[: level + 1] == spec.groups[: level + 1]
                ):
                    span += 1
                cells.append(DrawnCell(group, rowspan=span))
        if spec.labels:
            cells.append(
                DrawnCell(spec.labels[0], colspan=depth - len(spec.groups) if table.group_labels else 1)
            )
        drawn.append([*cells, *_values(report, flat, spec)])
    return _filled(drawn)


def _filled(rows: list[list[DrawnCell]]) -> list[list[DrawnCell]]:
    """Every row as wide as the widest: a row that ends early has its last cell span the rest."""
    width = _grid_width(rows)
    for index, row in enumerate(rows):
        end = grid_columns(rows[: index + 1])[1][index]  # rows above may have been widened
        if row and end < width:
            row[-1] = attrs.evolve(row[-1], colspan=row[-1].colspan + width - end)
    return rows


# --- HTML ----------------------------------------------------------------------------------------


def _soup(text: str, rng: random.Random) -> str:
    """A label as a Word export writes it: pieces in ``<span>``/``<font>`` tags, ``<o:p>`` after."""
    pieces, start = [], 0
    while start < len(text):
        end = min(len(text), start + rng.randrange(1, 4))
        piece = html_escape.escape(text[start:end])
        pieces.append(
            f'<span style="font-family: 仿宋_GB2312;"><font face="方正仿宋_GBK">{piece}</font></span>'
        )
        start = end
    return "".join(pieces) + "<o:p></o:p>"


def _cell(cell: DrawnCell, rng: random.Random | None) -> str:
    spans = (f' rowspan="{cell.rowspan}"' if cell.rowspan > 1 else "") + (
        f' colspan="{cell.colspan}"' if cell.colspan > 1 else ""
    )
    if not cell.text:
        inner = "&nbsp;" if rng is not None else ""
    elif rng is not None and not cell.value:
        inner = f'<p style="text-align:center">{_soup(cell.text, rng)}</p>'
    else:
        inner = html_escape.escape(cell.text)
    return f'<td{spans} style="border:1px solid windowtext" valign="center">{inner}</td>'


def html(report: Report, *, noise: Iterable[NoiseStep] = ()) -> str:
    """The report as an HTML page: title, sections as paragraphs, the tables with merged cells."""
    steps = {step.kind: step for step in noise}
    rng = random.Random(steps["word-export"].seed) if "word-export" in steps else None
    fmt = format_of(report)
    sections = {section.number: section for section in report.sections}
    body: list[str] = []
    if report.title:
        body.append(f"<h1>{html_escape.escape(report.title)}</h1>")
    for number in fmt.section_numbers:
        section = sections.get(number)
        if section:
            body.append(f"<p><strong>{html_escape.escape(section.heading)}</strong></p>")
            body.extend(f"<p>{html_escape.escape(line)}</p>" for line in section.text.split("\n") if line)
        for table in fmt.tables_in_section(number) if report.format else ():
            rows = "\n".join(
                "<tr>" + "".join(_cell(cell, rng) for cell in row) + "</tr>" for row in draw(report, table)
            )
            body.append(f'<table border="1" cellspacing="0">\n{rows}\n</table>')
    around = (
        '<div class="breadcrumb"><a href="/">首页</a> &gt; <a href="/zwgk">政府信息公开</a></div>',
        '<div class="share">分享到：<a href="#">微信</a> <a href="#">微博</a></div>',
    )
    title = html_escape.escape(report.title or "")
    return (
        f'<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>{title}</title></head>\n<body>\n'
        f'<div class="nav"><a href="/">首页</a> <a href="/news">新闻</a></div>\n{around[0] if rng else ""}\n'
        f'<div class="article-content">\n' + "\n".join(body) + f"\n</div>\n{around[1] if rng else ''}\n"
        '<div class="footer">版权所有：某某人民政府 网站标识码 1234</div>\n</body></html>\n'
    )


# --- DOCX ----------------------------------------------------------------------------------------


def docx(report: Report) -> bytes:
    """The report as a Word file (needs python-docx): paragraphs, and tables whose merged cells are
    Word's own (``gridSpan``, ``vMerge``)."""
    try:
        import docx as python_docx
    except ImportError as error:  # pragma: no cover - depends on the environment
        raise ImportError("writing DOCX needs python-docx: pip install 'gipreport[docx]'") from error
    document = python_docx.Document()
    if report.title:
        document.add_paragraph(report.title)
    fmt = format_of(report)
    sections = {section.number: section for section in report.sections}
    for number in fmt.section_numbers:
        section = sections.get(number)
        if section:
            document.add_paragraph(section.heading)
            for line in section.text.split("\n"):
                if line:
                    document.add_paragraph(line)
        for table in fmt.tables_in_section(number) if report.format else ():
            _docx_table(document, draw(report, table))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


MAX_COLUMN_TWIPS = 900  # a column of a narrow table (表二's four): 0.625 inch
_EMU_PER_TWIP = 635


def _docx_table(document: object, rows: Sequence[Sequence[DrawnCell]]) -> None:
    """Append the table as Word writes merged cells: ``gridSpan`` across, and down a ``vMerge`` cell
    that restarts in its first row and continues (an empty ``w:tc``) in each row below. Written as XML,
    because python-docx's cell merging re-reads the whole grid on every call (seconds a table)."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    starts, ends = grid_columns(rows)
    width = max(ends, default=0)
    # Word draws the grid's widths as given: a wide table (表四, 15 columns) at 900 twips a column ran
    # off the page, and a print cut its last columns off. The columns share the text's width.
    section = document.sections[-1]  # type: ignore[attr-defined]
    column_width = MAX_COLUMN_TWIPS
    if None not in (section.page_width, section.left_margin, section.right_margin):
        text_width = (section.page_width - section.left_margin - section.right_margin) // _EMU_PER_TWIP
        column_width = min(MAX_COLUMN_TWIPS, text_width // max(width, 1))
    # per row: (grid column, colspan, text, vMerge) of each w:tc, its own cells and continuations
    placed: list[list[tuple[int, int, str, str]]] = [[] for _ in rows]
    for row_index, row in enumerate(rows):
        for cell, column in zip(row, starts[row_index], strict=True):
            merge = "restart" if cell.rowspan > 1 else ""
            placed[row_index].append((column, cell.colspan, cell.text, merge))
            for down in range(1, cell.rowspan):
                if row_index + down < len(rows):
                    placed[row_index + down].append((column, cell.colspan, "", "continue"))
    grid = "".join(f'<w:gridCol w:w="{column_width}"/>' for _ in range(width))
    xml_rows = []
    for cells in placed:
        xml_cells = []
        for _, colspan, text, merge in sorted(cells):
            properties = (f'<w:gridSpan w:val="{colspan}"/>' if colspan > 1 else "") + (
                '<w:vMerge w:val="restart"/>' if merge == "restart" else "<w:vMerge/>" if merge else ""
            )
            run = f'<w:r><w:t xml:space="preserve">{html_escape.escape(text)}</w:t></w:r>' if text else ""
            xml_cells.append(f"<w:tc><w:tcPr>{properties}</w:tcPr><w:p>{run}</w:p></w:tc>")
        xml_rows.append("<w:tr>" + "".join(xml_cells) + "</w:tr>")
    table = parse_xml(
        f'<w:tbl {nsdecls("w")}><w:tblPr><w:tblStyle w:val="TableGrid"/>'
        f'<w:tblW w:w="{column_width * width}" w:type="dxa"/><w:tblLayout w:type="fixed"/></w:tblPr>'
        f"<w:tblGrid>{grid}</w:tblGrid>{''.join(xml_rows)}</w:tbl>"
    )
    body = document.element.body  # type: ignore[attr-defined]
    body.insert(len(body) - 1, table)  # before the section properties, which end the body


def _grid_width(rows: Sequence[Sequence[DrawnCell]]) -> int:
    return max(grid_columns(rows)[1], default=0)
