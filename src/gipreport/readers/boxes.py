"""Box-drawn tables inside a text (``w3m -dump``, pandoc's grid tables) -> table blocks.

A drawn table is read as its picture: every character takes its display width (a CJK character two
columns, a box-drawing character one, as terminals draw them), the box-drawing characters are walls,
and each region the walls enclose is one cell, however many lines and columns it covers (a merged
label is one region; a label wrapped inside its box is one region of several lines, its pieces joined).
Regions become rows of cells with their spans, expanded by the same grid walk as an HTML table.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Callable, Sequence

from gipreport.layout import Block
from gipreport.readers.base import LayoutBuilder, SourceCell

# Light, heavy and double box-drawing lines and their junctions.
WALLS = frozenset("─│┌┐└┘├┤┬┴┼━┃┏┓┗┛┣┫┳┻╋═║╔╗╚╝╠╣╦╩╬╞╡╪╤╧╟╢╫╥╨")
_CORNERS = frozenset("┌┏╔")
# A drawing larger than this is not a report's table: it is left to the text layouts.
MAX_BOX_LINES = 2000
MAX_BOX_WIDTH = 400


def box_islands(lines: Sequence[str]) -> list[tuple[int, int]]:
    """The 1-based (first, last) line ranges of box-drawn tables: from a line whose first character
    is a top-left corner through the lines that go on with a wall.

    >>> box_islands(["正文", "┌─┬─┐", "│a│1│", "└─┴─┘", "正文"])
    [(2, 4)]
    """
    return _islands(lines, lambda line: line.lstrip()[:1] in _CORNERS, WALLS)


def _islands(
    lines: Sequence[str], starts: Callable[[str], bool], goes_on: frozenset[str]
) -> list[tuple[int, int]]:
    """The 1-based (first, last) line ranges from a line that ``starts`` a drawing through the lines
    whose first character is in ``goes_on`` (at most MAX_BOX_LINES lines)."""
    islands: list[tuple[int, int]] = []
    start = 0
    for number, line in enumerate(lines, 1):
        if start:
            if line.lstrip()[:1] in goes_on and number - start < MAX_BOX_LINES:
                continue
            islands.append((start, number - 1))
            start = 0
        if starts(line):
            start = number
    if start:
        islands.append((start, len(lines)))
    return islands


# A grid table's rules (「+-----+=====+:---:+」), drawn with ASCII: read as box-drawing lines.
_GRID_RULE = re.compile(r"\+(?:[-=:]+\+)+")
_GRID_START = re.compile(r"[ \t]*\+[-=:]{3,}\+")
_GRID_WALLS = frozenset("+|")  # a set: an empty first character (a blank line) is not in it


def grid_islands(lines: Sequence[str]) -> list[tuple[int, int]]:
    """The 1-based line ranges of ASCII grid tables (pandoc's ``plain`` and ``rst``): from a rule
    「+----+」 through the lines that go on with 「+」 or 「|」.

    >>> grid_islands(["正文", "+---+---+", "|a  |1  |", "+---+---+", "正文"])
    [(2, 4)]
    """
    return _islands(lines, lambda line: _GRID_START.match(line) is not None, _GRID_WALLS)


def grid_as_box(line: str) -> str:
    """A grid table's line drawn with box characters: its rules as 「┼───┼」, its 「|」 as walls; a
    「-」 or 「+」 inside a cell's text stays text.

    >>> grid_as_box("| -3  | +3 |")
    '│ -3  │ +3 │'
    >>> grid_as_box("|   +---+---+")
    '│   ┼───┼───┼'
    """
    drawn = _GRID_RULE.sub(lambda rule: rule.group().replace("+", "┼").translate(_RULE_LINE), line)
    return drawn.replace("|", "│")


_RULE_LINE = str.maketrans("-=:", "───")


# A wide character's second display column, in a line drawn as its display columns (dropped from text).
WIDE_REST = "\0"
_WALL_CLASS = "".join(sorted(WALLS))
_OPEN = re.compile(f"[^{_WALL_CLASS}]+")  # a run of a line between walls
_FIRST_WALL = re.compile(f"[{_WALL_CLASS}]")
_LAST_WALL = re.compile(f"(?s:.*)[{_WALL_CLASS}]")


def _display(line: str) -> str:
    """A line as its display columns: a wide character fills two, the second WIDE_REST."""
    if line.isascii():
        return line
    return "".join(
        character + WIDE_REST if unicodedata.east_asian_width(character) in ("W", "F") else character
        for character in line
    )


def drawing(lines: Sequence[str]) -> tuple[list[str], int, int]:
    """A box drawing as its picture: each line as its display columns (padded to one width), and the
    first and last column a wall stands in (the frame)."""
    grid = [_display(line.rstrip()[: MAX_BOX_WIDTH * 2]) for line in lines]
    width = max((len(row) for row in grid), default=0)
    grid = [row.ljust(width) for row in grid]
    firsts = [found.start() for row in grid if (found := _FIRST_WALL.search(row))]
    lasts = [found.end() - 1 for row in grid if (found := _LAST_WALL.match(row))]
    return grid, min(firsts, default=0), max(lasts, default=width - 1)


def box_rows(lines: Sequence[str], first_line: int) -> list[list[SourceCell]]:
    """The rows of one box-drawn table (``lines``, the first at ``first_line``), as cells with spans."""
    grid, left, right = drawing(lines)
    # A region is what the walls enclose together: the runs of a line between walls (its segments),
    # joined to the segments of the line above that share a column with them. Working on segments,
    # not on characters, keeps a wide drawing cheap.
    segments: list[tuple[int, int, int]] = []  # (line, first column, last column)
    parent: list[int] = []

    def root(index: int) -> int:
        while parent[index] != index:
            parent[index] = parent[parent[index]]
            index = parent[index]
        return index

    above: list[int] = []  # the previous line's segments, left to right
    for y, row in enumerate(grid):
        here: list[int] = []
        for run in _OPEN.finditer(row, left, right + 1):
            here.append(len(segments))
            segments.append((y, run.start(), run.end() - 1))
            parent.append(len(parent))
        at = 0
        for index in here:  # the segments above that overlap this one (both lists are ordered)
            _, start, end = segments[index]
            while at < len(above) and segments[above[at]][2] < start:
                at += 1
            overlap = at
            while overlap < len(above) and segments[above[overlap]][1] <= end:
                parent[root(above[overlap])] = root(index)
                overlap += 1
        above = here
    regions: dict[int, list[tuple[int, int, int]]] = {}
    for index, segment in enumerate(segments):
        regions.setdefault(root(index), []).append(segment)
    boxes = []
    for found in regions.values():
        first_x = min(start for _, start, _ in found)
        last_x = max(end for _, _, end in found)
        if first_x == left or last_x == right:  # outside the frame: a gap in a broken drawing
            continue
        by_line: dict[int, list[tuple[int, int]]] = {}
        for y, start, end in found:
            by_line.setdefault(y, []).append((start, end))
        text_lines = []
        for y in sorted(by_line):
            drawn = "".join(grid[y][start : end + 1] for start, end in sorted(by_line[y]))
            piece = drawn.replace(WIDE_REST, "").strip()
            if piece:
                # A renderer wraps a cell's text only where it reached the box's right wall (a wide
                # character that does not fit leaves one column): a line that stops short of it ended
                # a word, and the next line's text is another word (「132」 on two lines is two numbers,
                # not 132132; a number cut by a narrow column fills its line).
                ends_short = len(drawn) - len(drawn.rstrip()) > 1
                text_lines.append((y, piece + " " if ends_short else piece))
        boxes.append((min(by_line), max(by_line), first_x, last_x, text_lines))
    row_starts = sorted({top for top, *_ in boxes})
    column_starts = sorted({start for _, _, start, _, _ in boxes})
    by_top: dict[int, list[tuple[int, int, int, int, list[tuple[int, str]]]]] = {}
    for box in sorted(boxes, key=lambda box: box[2]):
        by_top.setdefault(box[0], []).append(box)
    rows: list[list[SourceCell]] = []
    for row_top in row_starts:
        cells = []
        for top, bottom, start, end, text_lines in by_top[row_top]:
            line = text_lines[0][0] if text_lines else top
            cells.append(
                SourceCell(
                    text="".join(piece for _, piece in text_lines).strip(),
                    line=first_line + line,
                    # The row and column starts the box covers (both lists sorted).
                    rowspan=bisect.bisect_right(row_starts, bottom) - bisect.bisect_left(row_starts, top),
                    colspan=bisect.bisect_right(column_starts, end)
                    - bisect.bisect_left(column_starts, start),
                )
            )
        rows.append(cells)
    return rows


def box_blocks(lines: Sequence[str], first_line: int) -> list[Block]:
    """One box-drawn table as a block of the text (layout ``box``), its lines the text's."""
    builder = LayoutBuilder("box")
    builder.table(box_rows(lines, first_line))
    return builder.blocks


def grid_blocks(lines: Sequence[str], first_line: int) -> list[Block]:
    """One ASCII grid table as a block of the text, read as the box drawing it is."""
    return box_blocks([grid_as_box(line) for line in lines], first_line)
