"""Layer 2, layout detection: NormalizedText -> Layout (table blocks of rows of cells, plus prose).

Each block's layout is detected on its own. Layouts recognised line by line (``tab``, ``pipe``,
``lines``, ``spaced``) say which lines they claim; layouts recognised over a run of lines that no
separator marks (``cells``: one cell per line without TAB; ``inline``: crawled text whose cells run
together) look at what the line layouts left as prose. Every layout is one module in this package,
registered in ``LINE_LAYOUTS`` or ``RUN_LAYOUTS``; readers of documents (HTML, DOCX, PDF) build a
``Layout`` themselves and enter the pipeline here.
"""

from __future__ import annotations

from gipreport.layout.model import (
    HEADING_START,
    MAX_CELLS_PER_ROW,
    Block,
    BlockCell,
    Found,
    Layout,
    LineLayout,
    Row,
    Run,
    RunLayout,
    is_fragment,
    is_number_like,
    is_page_number,
    row_of_line,
)
from gipreport.normalize import Line, NormalizedText

__all__ = [
    "LINE_LAYOUTS",
    "MAX_CELLS_PER_ROW",
    "MAX_CONTINUATION_CHARS",
    "MAX_CONTINUATION_LINES",
    "RUN_LAYOUTS",
    "Block",
    "BlockCell",
    "Found",
    "Layout",
    "LineLayout",
    "Row",
    "RunLayout",
    "classify_line",
    "detect_layout",
    "is_continuation",
    "is_fragment",
    "is_number_like",
    "is_page_number",
    "row_of_line",
]

# A cell broken by a PDF copy spans two or three lines; more short lines are prose (or an attack
# making one cell quadratic to build).
MAX_CONTINUATION_LINES = 4
# A line without TAB directly under a table line continues its last cell only when it is this short;
# longer lines are prose that follows the table without a blank line.
MAX_CONTINUATION_CHARS = 12
# A line that starts with list numbering is a heading when this much text follows the numbering.
MIN_HEADING_TEXT = 3


def _line_layouts() -> tuple[LineLayout, ...]:
    from gipreport.layout import lines, pipe, spaced, tab

    # Order matters: a line with one leading TAB is a cell of the lines layout before it is a tab row,
    # and a line with separators is never read as columns of spaces.
    return (lines.LAYOUT, pipe.LAYOUT, tab.LAYOUT, spaced.LAYOUT)


def _run_layouts() -> tuple[RunLayout, ...]:
    from gipreport.layout import cells, inline

    # Crawled text whose separators vanished first: its lines are long; one-cell lines are short.
    return (inline.LAYOUT, cells.LAYOUT)


LINE_LAYOUTS: tuple[LineLayout, ...] = _line_layouts()
RUN_LAYOUTS: tuple[RunLayout, ...] = _run_layouts()
_LAYOUT_OF_KIND: dict[str, LineLayout] = {}


# Table lines repeat across rows and reports (「\t0」「\t」「\t0\t0\t0」), so short lines are classified
# once; the cache is bounded, and long lines (prose) are never kept.
MAX_CACHED_LINE_CHARS = 40
MAX_CACHED_LINES = 20_000
_KINDS: dict[str, str] = {}


def classify_line(text: str) -> str:
    """Say what one normalized line is: ``blank``, ``furniture`` (a page footer or header),
    ``text``, or the line kind of the line layout that claims it."""
    kind = _KINDS.get(text)
    if kind is None:
        kind = _classify(text)
        if len(text) <= MAX_CACHED_LINE_CHARS:
            if len(_KINDS) >= MAX_CACHED_LINES:
                _KINDS.clear()
            _KINDS[text] = kind
    return kind


def _classify(text: str) -> str:
    if not text:
        return "blank"
    for layout in LINE_LAYOUTS:
        if layout.marker in text:  # most prose lines hold no layout's marker: no call at all
            kind = layout.classify(text)
            if kind is not None:
                _LAYOUT_OF_KIND.setdefault(kind, layout)
                return kind
    if not text.strip(" "):
        return "blank"
    return "furniture" if is_page_number(text, bare=False) else "text"


def is_continuation(text: str) -> bool:
    """A short line that does not start like a heading may be the rest of a label cell above it.

    A heading has text after its numbering; 「（八）项」, the end of 「第二十条第（八）项」, has too little.
    """
    stripped = text.strip()
    if len(stripped) > MAX_CONTINUATION_CHARS:
        return False
    heading = HEADING_START.match(stripped)
    return heading is None or len(stripped) - heading.end() < MIN_HEADING_TEXT


# A layout that takes text lines between its rows (space-aligned PDF text: labels wrapped over lines,
# group labels on their own line) takes at most this many in a row, each at most this long.
MAX_ABSORBED_LINES = 8


def _last_cell(text: str) -> str:
    return text.rpartition("\t")[2].strip()


def detect_layout(normalized: NormalizedText) -> Layout:
    """Find every table block and its layout; every other line that is not blank is prose.

    Page furniture between table rows (「— 4 —」, 「第 3 页」, a bare page number under a row) is left
    out of both and listed in ``Layout.furniture``.
    """
    texts = normalized.texts
    runs: list[tuple[LineLayout, list[tuple[int, str]]]] = []  # each run becomes one block
    prose: list[int] = []
    furniture: list[int] = []
    current: list[tuple[int, str]] = []  # the lines of the run being read
    current_layout: LineLayout | None = None
    # Blank lines (and, for layouts that take them, short text lines: label fragments, group
    # labels) that may still be inside the run, if another of its lines follows.
    pending: list[tuple[int, str]] = []
    last_line: str | None = None  # the last table line; its last cell is worked out when needed
    joined = ""  # continuation text joined to that cell so far
    continued = 0  # continuation lines joined to that cell so far

    def close_run() -> None:
        nonlocal current, current_layout, pending
        if current_layout is not None:
            runs.append((current_layout, current))
        prose.extend(number for number, kind in pending if kind == "text")
        current, current_layout, pending = [], None, []

    known = _KINDS.get  # the cache of classify_line, looked up here without a call per line
    layout_of = _LAYOUT_OF_KIND.get
    for number, text in enumerate(texts, 1):
        kind = known(text) or classify_line(text)
        layout = layout_of(kind)
        if layout is not None:
            if current_layout is not None and layout is not current_layout:
                # A block changes layout here; the blank lines between stay with the block above.
                current.extend(line for line in pending if line[1] == "blank")
                pending = [line for line in pending if line[1] == "text"]
                close_run()
            elif pending:
                current.extend(pending)
                pending = []
            current.append((number, kind))
            current_layout = layout
            last_line, joined, continued = text, "", 0
        elif kind == "blank":
            if current:
                pending.append((number, kind))
        elif kind == "furniture":
            furniture.append(number)
        elif current_layout is not None and last_line is not None and is_page_number(text):
            # A bare number under a table row is a page number: a number cell never continues onto
            # the next line, and a label never ends in one. Only an empty cell of the lines layout
            # takes its number from the next line (「→」 then 「0」, as Word exports it).
            if not pending and current_layout.name == "lines" and not (_last_cell(last_line) + joined):
                current.append((number, "text"))
                joined, continued = text.strip(), continued + 1
            else:
                furniture.append(number)
        elif (
            current_layout is not None
            and current_layout.continues
            and not pending
            and last_line is not None
            and continued < MAX_CONTINUATION_LINES
            and is_continuation(text)
            and not is_number_like(_last_cell(last_line) + joined)
        ):
            current.append((number, "text"))
            joined, continued = joined + text.strip(), continued + 1
        elif (
            current_layout is not None
            and current_layout.inside is not None
            and last_line is not None
            and (inside := current_layout.inside(text, last_line)) is not None
        ):
            current.extend(pending)
            pending = []
            current.append((number, inside))
            last_line, joined, continued = text, "", 0
        elif (
            current_layout is not None
            and current_layout.absorbs
            and sum(kind == "text" for _, kind in pending) < MAX_ABSORBED_LINES
            and is_fragment(text)
        ):
            pending.append((number, "text"))
        else:
            if current_layout is not None or pending:  # most prose lines follow prose: nothing open
                close_run()
            last_line = None
            prose.append(number)
    close_run()
    blocks = [_build_block(normalized, layout, run) for layout, run in runs]
    prose_lines = list(normalized.lines_at(prose))
    if RUN_LAYOUTS and prose:
        blocks, prose_lines = _find_run_blocks(normalized, blocks, prose_lines)
    wide = tuple(row.line for block in blocks for row in block.rows if row.cut)
    return Layout(
        blocks=tuple(blocks),
        prose=tuple(prose_lines),
        furniture=normalized.lines_at(furniture),
        wide_rows=wide,
        page_starts=tuple(
            number for number, original in enumerate(normalized.originals, 1) if "\f" in original
        ),
    )


def _build_block(normalized: NormalizedText, layout: LineLayout, run: Run) -> Block:
    rows = layout.build(normalized, run)
    # Runs are built in line order, so their ends are their first and last lines.
    return Block(layout=layout.name, first_line=run[0][0], last_line=run[-1][0], rows=tuple(rows))


def _find_run_blocks(
    normalized: NormalizedText, blocks: list[Block], prose: list[Line]
) -> tuple[list[Block], list[Line]]:
    """Let the run layouts look at the prose the line layouts left, a run of lines at a time."""
    numbers = [line.number for line in prose if line.column == 1]
    for run_layout in RUN_LAYOUTS:
        found_here = run_layout.find(normalized, numbers)
        if not found_here:  # the usual case: the prose is prose
            continue
        kept: list[Line] = []
        taken: set[int] = set()
        for found, lines_taken in found_here:
            blocks.append(found.block)
            taken.update(lines_taken)
            kept.extend(found.prose)
        kept.extend(line for line in prose if line.number not in taken)
        prose = sorted(kept, key=lambda line: (line.number, line.column))
        blocks.sort(key=lambda block: (block.first_line, block.first_column))
        numbers = [line.number for line in prose if line.column == 1]
    return blocks, prose
