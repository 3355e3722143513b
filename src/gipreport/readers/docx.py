"""The DOCX reader: a Word file -> Layout, with python-docx.

Paragraphs and tables in document order; merged cells (``gridSpan`` across, ``vMerge`` down) are
expanded the way the HTML reader expands rowspan and colspan. Provenance: a value's ``line`` is the
ordinal of its table row among the document's paragraphs and rows (Word has no lines), ``raw`` its
cell's text.
"""

from __future__ import annotations

import io
import zipfile

import attrs

from gipreport.diagnostics import Diagnostic, diagnostic
from gipreport.layout import Layout
from gipreport.readers.base import LayoutBuilder, SourceCell, span_of

try:
    import docx
    from docx.oxml.ns import qn
except ImportError as error:  # pragma: no cover - depends on the environment
    raise ImportError("reading DOCX needs python-docx: pip install 'gipreport[docx]'") from error


MAX_UNPACKED_BYTES = 64 * 1024 * 1024  # a report's Word file unpacks to well under 1 MB; a zip bomb does not


def _text(element: object) -> str:
    return "".join(node.text or "" for node in element.iter(qn("w:t")))  # type: ignore[attr-defined]


def _table(table: object, counter: list[int]) -> list[list[SourceCell]]:
    """The rows of a ``w:tbl``, each cell with its spans; a cell continuing a vertical merge is left
    out and counted into the rowspan of the cell above that restarts it."""
    rows: list[list[SourceCell]] = []
    merging: dict[int, tuple[int, int]] = {}  # grid column -> (row, index) of the cell merging down
    for row in table.findall(qn("w:tr")):  # type: ignore[attr-defined]
        counter[0] += 1
        kept: list[SourceCell] = []
        column = 0
        for cell in row.findall(qn("w:tc")):
            properties = cell.find(qn("w:tcPr"))
            span, merge = 1, None
            if properties is not None:
                grid_span = properties.find(qn("w:gridSpan"))
                if grid_span is not None:
                    span = span_of(grid_span.get(qn("w:val")))
                vertical = properties.find(qn("w:vMerge"))
                if vertical is not None:
                    merge = vertical.get(qn("w:val"), "continue")
            if merge == "continue" and column in merging:
                above_row, above_index = merging[column]
                above = rows[above_row][above_index]
                rows[above_row][above_index] = attrs.evolve(above, rowspan=above.rowspan + 1)
            else:
                if merge == "restart":
                    merging[column] = (len(rows), len(kept))
                else:
                    merging.pop(column, None)
                kept.append(SourceCell(_text(cell), counter[0], colspan=span))
            column += span
        rows.append(kept)
    return rows


def read_docx(data: bytes) -> tuple[Layout, list[Diagnostic]]:
    builder = LayoutBuilder("docx")
    try:
        unpacked = sum(entry.file_size for entry in zipfile.ZipFile(io.BytesIO(data)).infolist())
        if unpacked > MAX_UNPACKED_BYTES:
            raise ValueError(f"it unpacks to {unpacked} bytes, more than {MAX_UNPACKED_BYTES}")
        document = docx.Document(io.BytesIO(data))
    except Exception as error:
        return builder.layout(), [
            diagnostic("input.unreadable", f"not a readable DOCX file ({type(error).__name__}: {error})")
        ]
    counter = [0]
    notes: list[tuple[int, str]] = []
    for element in document.element.body.iterchildren():
        if element.tag == qn("w:p"):
            counter[0] += 1
            builder.paragraph(_text(element), counter[0])
        elif element.tag == qn("w:tbl"):
            notes.extend(builder.table(_table(element, counter)))
    return builder.layout(), [diagnostic("layout.merged-value", note, line=line) for line, note in notes]
