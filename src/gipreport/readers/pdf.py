"""The PDF reader: a PDF with a text layer -> Layout, with PDFium (pypdfium2).

Each page's ruled tables are read as cells (``pdfpage``: a merged cell is one cell of its first
row), the text outside them as lines, both in the page's order from top to bottom. A "table" whose
rows hold one cell each is a framed paragraph and read as prose. A PDF without any text (a scan)
gives ``input.no-text-layer``: there is nothing to read without OCR. Provenance: a value's ``line``
is its page number, ``raw`` its cell's text. Pages are read one at a time.
"""

from __future__ import annotations

from gipreport.diagnostics import Diagnostic, diagnostic
from gipreport.layout import Layout, is_page_number
from gipreport.readers.base import LayoutBuilder, SourceCell

try:
    from gipreport.readers.pdfpage import middle_in, placed_lines, read_pages
except ImportError as error:  # pragma: no cover - depends on the environment
    raise ImportError("reading PDF needs pypdfium2: pip install 'gipreport[pdf]'") from error


# Outside ruled tables, characters whose baselines are within 6 pt make one line (3 pt inside
# cells): with 3 pt, Chromium's print of the Pingtan page lost 7 values of a table it reads as text.
PROSE_LINE_TOLERANCE = 6
Part = tuple[float, str | list[list[str | None]]]  # (top on the page, a line of text | a table's rows)


def _pages(data: bytes) -> tuple[list[list[Part]], int]:
    """Each page's lines and tables in order from top to bottom, and the number of characters."""
    pages: list[list[Part]] = []
    characters = 0
    for page in read_pages(data):
        characters += len(page.chars)
        boxes = [box for box, _ in page.tables]
        outside = [char for char in page.chars if not any(middle_in(char, box) for box in boxes)]
        parts: list[Part] = list(placed_lines(outside, PROSE_LINE_TOLERANCE))
        parts.extend((box[1], rows) for box, rows in page.tables)
        pages.append(sorted(parts, key=lambda part: part[0]))
    return pages, characters


def read_pdf(data: bytes) -> tuple[Layout, list[Diagnostic]]:
    builder = LayoutBuilder("pdf")
    try:
        pages, characters = _pages(data)
    except Exception as error:
        return builder.layout(), [
            diagnostic("input.unreadable", f"not a readable PDF ({type(error).__name__}: {error})")
        ]
    if not characters:
        return builder.layout(), [
            diagnostic("input.no-text-layer", "the PDF has no text layer (a scan?): nothing to read")
        ]
    notes: list[tuple[int, str]] = []
    ended_in_table = False  # the last page's last part, page furniture aside, was a table
    for number, parts in enumerate(pages, 1):
        at_top = True  # no part of this page read yet, page furniture aside
        last_is_table = False
        for _, content in parts:
            if isinstance(content, str):
                builder.paragraph(content, number)
                if not is_page_number(content):
                    at_top = last_is_table = False
            elif all(sum(bool(cell and cell.strip()) for cell in row) <= 1 for row in content):
                for row in content:  # a framed paragraph, not a table
                    builder.paragraph("".join(cell for cell in row if cell), number)
                at_top = last_is_table = False
            else:
                rows = [
                    [SourceCell(cell.replace("\n", ""), number) for cell in row if cell is not None]
                    for row in content
                ]
                # A table at the top of a page that goes on from a table at the foot of the last is
                # the rest of it: a row a page break cut (its label's end on this page) is one row.
                notes.extend(builder.table(rows, continues=at_top and ended_in_table))
                at_top, last_is_table = False, True
        ended_in_table = last_is_table
    return builder.layout(), [diagnostic("layout.merged-value", note, line=line) for line, note in notes]
