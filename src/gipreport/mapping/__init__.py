"""Layer 3, schema mapping: Layout -> values by flat key, their provenance, and the prose's metadata.

Five rooms: ``labels`` (which label a text stands for), ``cells`` (what a cell's text is worth),
``prose`` (title, organ, year, date), ``spellings`` (whether the text spells the organ alike) and
``sections`` (the six sections' headings and text). The
tables themselves are read in ``gipreport.tables``.
"""

from __future__ import annotations

from gipreport.mapping.cells import Reading, compact, is_plain_number, looks_like_value, read_value
from gipreport.mapping.labels import LabelIndex, LabelMatch, label_index, label_key, strip_numbering
from gipreport.mapping.prose import Metadata, read_metadata, title_lines, year_named
from gipreport.mapping.sections import heading_number, read_sections, section_diagnostics
from gipreport.mapping.spellings import organ_unconfirmed

__all__ = [
    "LabelIndex",
    "LabelMatch",
    "Metadata",
    "Reading",
    "compact",
    "heading_number",
    "is_plain_number",
    "label_index",
    "label_key",
    "looks_like_value",
    "organ_unconfirmed",
    "read_metadata",
    "read_sections",
    "read_value",
    "section_diagnostics",
    "strip_numbering",
    "title_lines",
    "year_named",
]
