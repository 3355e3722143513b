"""The pipeline: text -> normalize -> detect_layout -> map -> validate -> Report; ``stages`` shows each."""

from __future__ import annotations

import attrs

from gipreport.convert import tables_from_values
from gipreport.diagnostics import Diagnostic, ParseError, diagnostic
from gipreport.formats import FormatSpec
from gipreport.formats.gb2021 import FORMAT as GB2021
from gipreport.layout import MAX_CELLS_PER_ROW, Layout, detect_layout
from gipreport.mapping import (
    MAX_REPEATED_DIAGNOSTICS,
    LabelIndex,
    Metadata,
    TableReading,
    map_tables,
    read_metadata,
    read_sections,
    section_diagnostics,
)
from gipreport.model import Report
from gipreport.normalize import NormalizedText, normalize
from gipreport.validate import validate_flat

# Real reports are 5-50 thousand characters in under 2 000 lines; anything far beyond is a dump,
# parsed only in part so that no input can keep ``parse`` busy for more than about a second.
MAX_INPUT_CHARS = 1_000_000
MAX_INPUT_LINES = 100_000

_INDEXES: dict[str, LabelIndex] = {}


def _index(fmt: FormatSpec) -> LabelIndex:
    # Compiling the fuzzy label patterns costs more than parsing a report: do it once per format.
    if fmt.name not in _INDEXES:
        _INDEXES[fmt.name] = LabelIndex(fmt)
    return _INDEXES[fmt.name]


@attrs.frozen
class Stages:
    """Every intermediate value of one parse, for debugging a report that reads wrongly."""

    normalized: NormalizedText
    layout: Layout
    tables: TableReading
    metadata: Metadata
    report: Report


def _check_text(text: object) -> str:
    if isinstance(text, (bytes, bytearray)):
        raise TypeError(
            "gipreport.parse() takes str, not bytes: decode the file first, e.g. "
            "data.decode('utf-8') or data.decode('gb18030') for files saved by government sites"
        )
    if not isinstance(text, str):
        raise TypeError(f"gipreport.parse() takes str, not {type(text).__name__}")
    return text


def stages(text: str, fmt: FormatSpec = GB2021) -> Stages:
    """Run every layer on ``text`` and keep what each produced."""
    text = _check_text(text)
    early: list[Diagnostic] = []
    if len(text) > MAX_INPUT_CHARS:
        early.append(
            diagnostic(
                "input.too-large",
                f"the text has {len(text)} characters; only the first {MAX_INPUT_CHARS} were parsed",
            )
        )
        text = text[:MAX_INPUT_CHARS]
    normalized = normalize(text)  # bounded: the text is at most MAX_INPUT_CHARS long by now
    if len(normalized.texts) > MAX_INPUT_LINES:
        early.append(
            diagnostic(
                "input.too-large", f"the text has more than {MAX_INPUT_LINES} lines; the rest was not parsed"
            )
        )
        normalized = NormalizedText(
            texts=normalized.texts[:MAX_INPUT_LINES], originals=normalized.originals[:MAX_INPUT_LINES]
        )
    layout = detect_layout(normalized)
    if not layout.blocks:
        early.append(diagnostic("layout.no-tables", "no table block was found in the text"))
    early.extend(
        diagnostic(
            "layout.row-too-wide",
            f"a row has more than {MAX_CELLS_PER_ROW} cells; the cells after them were dropped",
            line=line,
        )
        for line in layout.wide_rows[:MAX_REPEATED_DIAGNOSTICS]
    )
    tables = map_tables(layout, fmt, _index(fmt))
    metadata = read_metadata(layout.prose)
    sections = read_sections(layout.prose)
    if metadata.title is None or metadata.year is None or metadata.organ is None:
        missing = [name for name in ("title", "organ", "year") if getattr(metadata, name) is None]
        early.append(
            diagnostic("map.metadata-missing", f"not found: {', '.join(missing)}", line=metadata.title_line)
        )
    checks = validate_flat(tables.values, tables.sources, fmt)
    report = Report(
        **tables_from_values(tables.values),
        title=metadata.title,
        organ=metadata.organ,
        year=metadata.year,
        date=metadata.date,
        format=fmt.name if tables.tables_found else None,
        sections=sections,
        diagnostics=(*early, *tables.diagnostics, *section_diagnostics(sections), *checks),
        sources=dict(tables.sources),
    )
    return Stages(normalized=normalized, layout=layout, tables=tables, metadata=metadata, report=report)


def parse(text: str, *, strict: bool = False) -> Report:
    """Parse the text of a 政府信息公开工作年度报告 (2021 format) into a Report.

    Never raises on a ``str``: what cannot be read is None with a Diagnostic. With ``strict=True``
    the whole text is parsed first, then one ParseError carries every error and the partial report.
    """
    report = stages(text).report
    if strict and report.errors:
        raise ParseError(report)
    return report
