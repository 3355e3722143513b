"""The tables stage: a Layout and a format -> every flat key's value, its provenance, and diagnostics.

One room, four steps over one ``TableReading``, each a module:

- ``rows``: every row found by its label (``joins``: the labels a PDF text broke, and a row's label
  glued to its number on a line the layouts left as prose); the cells that fit their columns placed by
  position, the rest left ``Pending`` with every reading they could have (``placements``);
- ``aligned``: short rows of a space-aligned table read by where their numbers stand under the header
  (a blank cell leaves no trace in such text);
- ``search``: the bounded search for the choices of readings under which no identity breaks;
- ``recovery``: what every reading agrees on and something proves, placed with its proof; the
  rest None, flagged;
- ``stream``: a table whose numbers the text gives apart from their labels (content-stream order),
  placed from their sequence where the identities prove every value (``regions`` finds them,
  ``blocks`` solves the cuts of the rows into blocks, ``cuts`` says how each block reads);
- ``complete``: tables and rows not found, and rows not printed but derived (（六）其他处理);
- ``units``: amounts whose unit (元) is printed in their column's header, not in their cells;
- ``lost_cells`` (OCR text only, run by the pipeline after the OCR checks): cells OCR lost whole that
  the identities fix from the values read, filled and flagged.

Identities are decided by the format's one evaluator (``formats.identities``).
"""

from __future__ import annotations

from collections.abc import Mapping

from gipreport.formats import FormatSpec
from gipreport.layout import Layout
from gipreport.mapping.labels import LabelIndex, label_index
from gipreport.model import Value
from gipreport.tables.aligned import read_under_header
from gipreport.tables.complete import complete
from gipreport.tables.joins import rows_glued_in_prose
from gipreport.tables.reading import MAX_REPEATED_DIAGNOSTICS, Pending, RowReading, TableReading
from gipreport.tables.recovery import recover
from gipreport.tables.rows import map_tables
from gipreport.tables.stream import read_stream_order
from gipreport.tables.units import header_units

__all__ = [
    "MAX_REPEATED_DIAGNOSTICS",
    "Pending",
    "RowReading",
    "TableReading",
    "complete",
    "map_tables",
    "read_tables",
    "recover",
]


def read_tables(
    layout: Layout,
    fmt: FormatSpec,
    evidence: Mapping[str, frozenset[Value]] | None = None,
    index: LabelIndex | None = None,
    *,
    lost_zeros: bool = False,
) -> tuple[TableReading, TableReading]:
    """The tables of ``layout`` in ``fmt``: the rows as first read, and the finished reading.

    ``evidence`` maps flat keys to the numbers the report's prose states (``figures.evidence``); it
    breaks ties the identities leave, and is named in the proof of what it decided. ``lost_zeros``:
    the text is OCR output, whose rows lose lone zeros (see ``placements``).
    """
    index = index or label_index(fmt)
    layout = rows_glued_in_prose(layout, index)
    mapped = map_tables(layout, fmt, index, lost_zeros=lost_zeros)
    aligned = read_under_header(mapped, layout, fmt)
    recovered = read_stream_order(recover(aligned, fmt, evidence), layout, fmt)
    return mapped, header_units(layout, fmt, complete(recovered, fmt))
