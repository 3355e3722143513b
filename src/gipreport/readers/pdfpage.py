"""A PDF page as characters and ruled tables, from PDFium (pypdfium2): what the PDF reader reads.

PDFium gives every character with its box and every path object (a ruling line, a cell's border)
with its bounds, in C, in a few milliseconds a page. The tables are found from the ruling lines as
pdfplumber's "lines" strategy finds them: edges snapped and joined, their crossings, the smallest
rectangles those crossings close (cells), cells that share corners grouped into tables. A merged cell
is one cell, in the first row it spans; the positions it covers below and to its right are None.

Coordinates are PDF points with ``top`` measured down from the top of the page.
"""

from __future__ import annotations

import bisect
import ctypes
from collections.abc import Iterable, Sequence
from typing import NamedTuple

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

# pdfplumber's defaults, which the samples were read with: edges within 3 pt are one, a gap of
# 3 pt ends a word, characters whose tops are within 3 pt are one line.
SNAP_TOLERANCE = 3.0
JOIN_TOLERANCE = 3.0
INTERSECTION_TOLERANCE = 3.0
WORD_GAP = 3.0
LINE_TOLERANCE = 3.0
# A path thinner than this is a ruling line; a wider one is a rectangle whose four sides are edges.
MAX_LINE_THICKNESS = 2.0
# Edges shorter than this are tick marks or glyph parts, not table rules.
MIN_EDGE_LENGTH = 3.0
MAX_FORM_DEPTH = 3  # form XObjects inside form XObjects: rules drawn so are looked for this deep


class Char(NamedTuple):
    """A character, its box and its baseline (the characters of a line share it, whatever their
    fonts' heights: a CJK title's Latin digits, a radical from a fallback font)."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    baseline: float


class Edge(NamedTuple):
    """A horizontal (``at`` is its y, ``start``/``end`` its x) or vertical (``at`` is its x) rule."""

    at: float
    start: float
    end: float


Box = tuple[float, float, float, float]  # x0, top, x1, bottom
TableRows = list[list[str | None]]


class Page(NamedTuple):
    chars: list[Char]
    tables: list[tuple[Box, TableRows]]  # each table's bounds and its rows of cell texts


def read_pages(data: bytes) -> Iterable[Page]:
    """Every page of the PDF, one at a time (a long PDF is never held whole as characters)."""
    document = pdfium.PdfDocument(data)
    try:
        for index in range(len(document)):
            page = document[index]
            try:
                chars = _chars(page)
                tables = _tables(_edges(page), chars) if chars else []
                yield Page(chars, tables)
            finally:
                page.close()
    finally:
        document.close()


def _chars(page: pdfium.PdfPage) -> list[Char]:
    textpage = page.get_textpage()
    try:
        height = page.get_height()
        raw = textpage.raw
        box = pdfium_c.FS_RECTF()
        x, y = ctypes.c_double(), ctypes.c_double()
        chars = []
        for index in range(pdfium_c.FPDFText_CountChars(raw)):
            code = pdfium_c.FPDFText_GetUnicode(raw, index)
            if not code or pdfium_c.FPDFText_IsGenerated(raw, index) or chr(code) in "\r\n":
                continue  # PDFium's own spaces and line breaks: lines and gaps are found below
            # The loose box is the glyph's advance and the font's height, as pdfplumber's boxes are:
            # a tight box puts a full stop's small glyph out of line.
            pdfium_c.FPDFText_GetLooseCharBox(raw, index, ctypes.byref(box))
            pdfium_c.FPDFText_GetCharOrigin(raw, index, x, y)
            chars.append(
                Char(chr(code), box.left, height - box.top, box.right, height - box.bottom, height - y.value)
            )
        return chars
    finally:
        textpage.close()


def _edges(page: pdfium.PdfPage) -> tuple[list[Edge], list[Edge]]:
    """The page's horizontal and vertical rules: thin paths, and the sides of rectangles."""
    height = page.get_height()
    horizontal: list[Edge] = []
    vertical: list[Edge] = []
    for left, bottom, right, top in _path_bounds(page):
        x0, x1, y0, y1 = left, right, height - top, height - bottom
        if y1 - y0 <= MAX_LINE_THICKNESS and x1 - x0 >= MIN_EDGE_LENGTH:
            horizontal.append(Edge((y0 + y1) / 2, x0, x1))
        elif x1 - x0 <= MAX_LINE_THICKNESS and y1 - y0 >= MIN_EDGE_LENGTH:
            vertical.append(Edge((x0 + x1) / 2, y0, y1))
        elif x1 - x0 >= MIN_EDGE_LENGTH and y1 - y0 >= MIN_EDGE_LENGTH:
            horizontal += [Edge(y0, x0, x1), Edge(y1, x0, x1)]
            vertical += [Edge(x0, y0, y1), Edge(x1, y0, y1)]
    return _merged(horizontal), _merged(vertical)


def _path_bounds(page: pdfium.PdfPage) -> Iterable[tuple[float, float, float, float]]:
    """The bounds (left, bottom, right, top) of every path on the page, in forms too: PDFium's own
    calls, without a Python object for each of the page's thousands of text objects."""
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    count = pdfium_c.FPDFPage_CountObjects(page.raw)
    objects = [(pdfium_c.FPDFPage_GetObject(page.raw, index), 0) for index in range(count)]
    while objects:
        obj, depth = objects.pop()
        kind = pdfium_c.FPDFPageObj_GetType(obj)
        if kind == pdfium_c.FPDF_PAGEOBJ_PATH:
            if pdfium_c.FPDFPageObj_GetBounds(obj, left, bottom, right, top):
                yield left.value, bottom.value, right.value, top.value
        elif kind == pdfium_c.FPDF_PAGEOBJ_FORM and depth < MAX_FORM_DEPTH:
            children = range(pdfium_c.FPDFFormObj_CountObjects(obj))
            objects.extend((pdfium_c.FPDFFormObj_GetObject(obj, index), depth + 1) for index in children)


def _merged(edges: list[Edge]) -> list[Edge]:
    """Edges snapped to a common position where within SNAP_TOLERANCE, and joined where they touch."""
    merged: list[Edge] = []
    for group in _clusters(sorted(edges), SNAP_TOLERANCE):
        at = sum(edge.at for edge in group) / len(group)
        pieces = sorted((edge.start, edge.end) for edge in group)
        start, end = pieces[0]
        for piece_start, piece_end in pieces[1:]:
            if piece_start <= end + JOIN_TOLERANCE:
                end = max(end, piece_end)
            else:
                merged.append(Edge(at, start, end))
                start, end = piece_start, piece_end
        merged.append(Edge(at, start, end))
    return merged


def _clusters(edges: Sequence[Edge], tolerance: float) -> list[list[Edge]]:
    groups: list[list[Edge]] = []
    for edge in edges:  # sorted by position
        if groups and edge.at - groups[-1][-1].at <= tolerance:
            groups[-1].append(edge)
        else:
            groups.append([edge])
    return groups


# A crossing of rules and the indexes of the horizontal and the vertical edges through it.
Crossings = dict[tuple[float, float], tuple[set[int], set[int]]]


def _tables(edges: tuple[list[Edge], list[Edge]], chars: list[Char]) -> list[tuple[Box, TableRows]]:
    horizontal, vertical = edges
    near = INTERSECTION_TOLERANCE
    crossings: Crossings = {}
    for v_index, v in enumerate(vertical):
        for h_index, h in enumerate(horizontal):
            if h.start - near <= v.at <= h.end + near and v.start - near <= h.at <= v.end + near:
                through = crossings.setdefault((v.at, h.at), (set(), set()))
                through[0].add(h_index)
                through[1].add(v_index)
    cells = _cells(crossings)
    return [(_bounds(group), _rows(group, chars)) for group in _grouped(cells)]


def _cells(crossings: Crossings) -> list[Box]:
    """The smallest rectangle each crossing closes as its top-left corner, all four sides ruled: two
    crossings are joined along a side where one edge runs through both."""

    def joined(a: tuple[float, float], b: tuple[float, float], axis: int) -> bool:
        return bool(crossings[a][axis] & crossings[b][axis])

    # The crossings on each rule position, sorted: a point's candidates below and to its right.
    ys_at_x: dict[float, list[float]] = {}
    xs_at_y: dict[float, list[float]] = {}
    for x, y in sorted(crossings):
        ys_at_x.setdefault(x, []).append(y)  # in order: the points are sorted by x, then y
    for x, y in sorted(crossings, key=lambda point: (point[1], point[0])):
        xs_at_y.setdefault(y, []).append(x)  # in order: sorted by y, then x
    cells: list[Box] = []
    for x, y in sorted(crossings, key=lambda point: (point[1], point[0])):
        below = [(x, lower) for lower in ys_at_x[x] if lower > y]
        right = [(further, y) for further in xs_at_y[y] if further > x]
        cell = next(
            (
                (x, y, top_right[0], bottom_left[1])
                for bottom_left in below
                if joined((x, y), bottom_left, 1)
                for top_right in right
                if joined((x, y), top_right, 0)
                and (corner := (top_right[0], bottom_left[1])) in crossings
                and joined(corner, top_right, 1)
                and joined(corner, bottom_left, 0)
            ),
            None,
        )
        if cell is not None:
            cells.append(cell)
    return cells


def _grouped(cells: list[Box]) -> list[list[Box]]:
    """Cells that share a corner, as tables (in no set order: the reader sorts a page's parts by top)."""
    groups: list[list[Box]] = []
    corners: list[set[tuple[float, float]]] = []
    for cell in cells:
        x0, top, x1, bottom = cell
        own = {(x0, top), (x1, top), (x0, bottom), (x1, bottom)}
        joined = [index for index, group_corners in enumerate(corners) if group_corners & own]
        group, group_corners = [cell], set(own)
        for index in reversed(joined):
            group += groups.pop(index)
            group_corners |= corners.pop(index)
        groups.append(group)
        corners.append(group_corners)
    return [group for group in groups if len(group) > 1]


def _bounds(cells: list[Box]) -> Box:
    return (
        min(cell[0] for cell in cells),
        min(cell[1] for cell in cells),
        max(cell[2] for cell in cells),
        max(cell[3] for cell in cells),
    )


def _rows(cells: list[Box], chars: list[Char]) -> TableRows:
    """The table's rows as pdfplumber gives them: a row per distinct cell top, a column per distinct
    cell left edge; a position no cell starts at (a merged cell covers it) is None."""
    x0, top, x1, bottom = _bounds(cells)
    # The table's characters by the height of their middle, so that each cell looks at its band only.
    inside = sorted(
        (((char.top + char.bottom) / 2, char) for char in chars if middle_in(char, (x0, top, x1, bottom))),
        key=lambda pair: pair[0],
    )
    middles = [middle for middle, _ in inside]
    columns = sorted({cell[0] for cell in cells})
    rows = []
    for row_top in sorted({cell[1] for cell in cells}):
        starting = {cell[0]: cell for cell in cells if cell[1] == row_top}
        row: list[str | None] = []
        for x in columns:
            cell = starting.get(x)
            if cell is None:
                row.append(None)
                continue
            band = inside[bisect.bisect_left(middles, cell[1]) : bisect.bisect_right(middles, cell[3])]
            row.append("\n".join(lines_of([char for _, char in band if middle_in(char, cell)])))
        rows.append(row)
    return rows


def middle_in(char: Char, box: Box) -> bool:
    """Whether the middle of ``char`` lies in ``box``: the character belongs to that cell or table."""
    x0, top, x1, bottom = box
    return x0 <= (char.x0 + char.x1) / 2 <= x1 and top <= (char.top + char.bottom) / 2 <= bottom


def lines_of(chars: Sequence[Char], tolerance: float = LINE_TOLERANCE) -> list[str]:
    """Characters as lines of text, top to bottom: a line is the characters whose baselines are
    within ``tolerance`` of the one above, left to right, with a space where a gap wider than
    WORD_GAP parts them."""
    return [text for _, text in placed_lines(chars, tolerance)]


def placed_lines(chars: Sequence[Char], tolerance: float = LINE_TOLERANCE) -> list[tuple[float, str]]:
    """``lines_of`` with each line's top."""
    lines: list[list[Char]] = []
    for char in sorted(chars, key=lambda char: char.baseline):
        if lines and char.baseline - lines[-1][-1].baseline <= tolerance:
            lines[-1].append(char)
        else:
            lines.append([char])
    texts = []
    for line in lines:
        line_top = min(char.top for char in line)
        parts: list[str] = []
        last: Char | None = None
        for char in sorted(line, key=lambda char: char.x0):
            if last is not None and char.x0 - last.x1 > WORD_GAP and char.text != " " and parts[-1] != " ":
                parts.append(" ")
            parts.append(char.text)
            last = char
        texts.append((line_top, "".join(parts).strip()))
    return [(line_top, text) for line_top, text in texts if text]
