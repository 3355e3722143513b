"""Layer 3, schema mapping: Layout -> values by flat key, their provenance, and the prose's metadata.

Four rooms: ``labels`` (which label a text stands for), ``cells`` (what a cell's text is worth),
``tables`` (rows found by label, their cells placed by position, the rest left pending) with
``placements`` (every reading of a damaged row), and ``prose`` (title, organ, year, date, sections).
"""

from __future__ import annotations

from gipreport.mapping.cells import Reading, compact, is_plain_number, looks_like_value, read_value
from gipreport.mapping.labels import LabelIndex, LabelMatch, label_index, label_key, strip_numbering
from gipreport.mapping.prose import (
    Metadata,
    heading_number,
    read_metadata,
    read_sections,
    section_diagnostics,
)
from gipreport.mapping.tables import (
    MAX_REPEATED_DIAGNOSTICS,
    Pending,
    RowReading,
    TableReading,
    complete,
    map_tables,
)

__all__ = [
    "MAX_REPEATED_DIAGNOSTICS",
    "LabelIndex",
    "LabelMatch",
    "Metadata",
    "Pending",
    "Reading",
    "RowReading",
    "TableReading",
    "compact",
    "complete",
    "heading_number",
    "is_plain_number",
    "label_index",
    "label_key",
    "looks_like_value",
    "map_tables",
    "read_metadata",
    "read_sections",
    "read_value",
    "section_diagnostics",
    "strip_numbering",
]
