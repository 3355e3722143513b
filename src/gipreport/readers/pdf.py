"""The PDF reader: a PDF with a text layer -> Layout, with pdfplumber.

Each page's ruled tables are read as cells (pdfplumber's table finder; a merged cell is one cell of
its first row), the text outside them as lines, both in the page's order from top to bottom. A
"table" whose rows hold one cell each is a framed paragraph and read as prose. A PDF without any text
(a scan) gives ``input.no-text-layer``: there is nothing to read without OCR. Provenance: a value's
``line`` is its page number, ``raw`` its cell's text.
"""

from __future__ import annotations

import io
from collections.abc import Callable

from gipreport.diagnostics import Diagnostic, diagnostic
from gipreport.layout import Layout
from gipreport.readers.base import LayoutBuilder, SourceCell

try:
    import pdfplumber
except ImportError as error:  # pragma: no cover - depends on the environment
    raise ImportError("reading PDF needs pdfplumber: pip install 'gipreport[pdf]'") from error


def _inside(obj: dict[str, float], box: tuple[float, float, float, float]) -> bool:
    x0, top, x1, bottom = box
    middle_x = (obj["x0"] + obj["x1"]) / 2
    middle_y = (obj["top"] + obj["bottom"]) / 2
    return x0 <= middle_x <= x1 and top <= middle_y <= bottom


def _outside(boxes: list[tuple[float, float, float, float]]) -> Callable[[dict[str, float]], bool]:
    return lambda obj: not any(_inside(obj, box) for box in boxes)


# Latin digits set in a CJK title sit lower than its ideographs (5 pt at 24 pt in Chromium's PDFs):
# with pdfplumber's 3 pt they became a line of their own (「…普威镇 年政府…」 then 「2023」).
TITLE_LINE_TOLERANCE = 6
Part = tuple[float, str | list[list[str | None]]]  # (top on the page, a line of text | a table's rows)


def _pages(data: bytes) -> tuple[list[list[Part]], int]:
    """Each page's lines and tables in order from top to bottom, and the number of characters."""
    pages: list[list[Part]] = []
    characters = 0
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            characters += len(page.chars)
            tables = page.find_tables()
            boxes = [table.bbox for table in tables]
            outside = page.filter(_outside(boxes)) if boxes else page
            lines = outside.extract_text_lines(y_tolerance=TITLE_LINE_TOLERANCE)
            parts: list[Part] = [(line["top"], str(line["text"])) for line in lines]
            parts.extend((table.bbox[1], table.extract()) for table in tables)
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
    for number, parts in enumerate(pages, 1):
        for _, content in parts:
            if isinstance(content, str):
                builder.paragraph(content, number)
            elif all(sum(bool(cell and cell.strip()) for cell in row) <= 1 for row in content):
                for row in content:  # a framed paragraph, not a table
                    builder.paragraph("".join(cell for cell in row if cell), number)
            else:
                notes.extend(
                    builder.table(
                        [
                            [SourceCell(cell.replace("\n", ""), number) for cell in row if cell is not None]
                            for row in content
                        ]
                    )
                )
    return builder.layout(), [diagnostic("layout.merged-value", note, line=line) for line, note in notes]
