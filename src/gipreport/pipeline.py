"""The pipeline: text -> normalize -> detect_layout -> detect format -> tables -> validate.

``parse`` composes the layers; ``stages`` keeps what each produced. A document reader (HTML, DOCX,
PDF) builds a ``Layout`` itself and enters here, so the tables stage and validation are shared.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, cast

import attrs

from gipreport import formats
from gipreport.decoding import looks_like_html
from gipreport.diagnostics import Diagnostic, ParseError, diagnostic
from gipreport.figures import evidence, prose_figures
from gipreport.formats import Detection
from gipreport.layout import MAX_CELLS_PER_ROW, Block, Layout, detect_layout
from gipreport.mapping import (
    Metadata,
    organ_unconfirmed,
    read_metadata,
    read_sections,
    section_diagnostics,
    title_lines,
    year_named,
)
from gipreport.model import Report, Sources
from gipreport.normalize import NormalizedText, normalize, shows_ocr
from gipreport.ocr import repair_ocr_rows
from gipreport.tables import MAX_REPEATED_DIAGNOSTICS, TableReading, read_tables
from gipreport.tables.lost_cells import fill_lost_cells
from gipreport.validate import ocr_checks, prose_checks, validate_flat

if TYPE_CHECKING:
    from gipreport.formats import NationalReport

# Real reports are 5-50 thousand characters in under 2 000 lines; anything far beyond is a dump,
# parsed only in part so that no input can keep ``parse`` busy for more than about a second.
MAX_INPUT_CHARS = 1_000_000
MAX_INPUT_LINES = 100_000


@attrs.frozen
class Stages:
    """Every intermediate value of one parse, for debugging a report that reads wrongly.

    ``normalized`` is None when a reader built the layout itself; ``mapped`` is the table reading
    before recovery, ``tables`` after recovery and completion.
    """

    normalized: NormalizedText | None
    layout: Layout
    detection: Detection
    mapped: TableReading
    tables: TableReading
    metadata: Metadata
    report: Report


def _check_text(text: object) -> str:
    if isinstance(text, (bytes, bytearray)):
        raise TypeError(
            "gipreport.parse() takes str, not bytes: decode the file first, e.g. "
            "data.decode('utf-8') or data.decode('gb18030') for files saved by government sites, "
            "or call gipreport.parse_file(path) / gipreport.parse_bytes(data)"
        )
    if isinstance(text, os.PathLike):
        raise TypeError(
            f"gipreport.parse() takes the text of a report, not a path: use gipreport.parse_file({text!r})"
        )
    if not isinstance(text, str):
        raise TypeError(f"gipreport.parse() takes str, not {type(text).__name__}")
    return text


_FILE_SUFFIXES = (".txt", ".md", ".html", ".htm", ".shtml", ".docx", ".pdf")


def _looks_like_a_path(text: str) -> bool:
    """One short line that names an existing file or ends like a report file's name."""
    name = text.strip()
    if not name or "\n" in name or len(name) > 1024:
        return False
    if name.lower().endswith(_FILE_SUFFIXES):
        return True
    try:
        return os.path.isfile(name)
    except (ValueError, OSError):  # a NUL byte, a name too long for the system
        return False


def read_text(text: str) -> tuple[NormalizedText, Layout, list[Diagnostic]]:
    """The text layers: normalization and layout detection, with the input's own diagnostics."""
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
    islands = _table_islands(text, normalized, early)
    if not islands:
        return normalized, detect_layout(normalized), early
    # Each island is read as the drawing or markup it is; its lines are blank to the text layouts.
    texts, originals = list(normalized.texts), list(normalized.originals)
    found: list[Block] = []
    for first, last, read in islands:
        found.extend(read(originals[first - 1 : last], first))
        texts[first - 1 : last] = originals[first - 1 : last] = [""] * (last - first + 1)
    rest = NormalizedText(tuple(texts), tuple(originals))
    layout = detect_layout(rest)
    blocks = sorted((*layout.blocks, *found), key=lambda block: (block.first_line, block.first_column))
    return normalized, attrs.evolve(layout, blocks=tuple(blocks)), early  # all of the text, for detection


IslandReader = Callable[[Sequence[str], int], list[Block]]
# The layouts found in text itself (not in markup or drawings a converter left in it).
TEXT_LAYOUTS = frozenset({"tab", "pipe", "lines", "spaced", "cells", "inline"})


def _table_islands(
    text: str, normalized: NormalizedText, early: list[Diagnostic]
) -> list[tuple[int, int, IslandReader]]:
    """Tables a converter left inside the text in another form: ``<table>`` markup (pandoc's gfm)
    and box drawings (``w3m -dump``), with the reader of each; read as their own kind, not as text."""
    # The readers enter through the pipeline (readers.__init__ imports it): imported here, when used.
    from gipreport.readers.boxes import box_blocks, box_islands, grid_blocks, grid_islands

    islands: list[tuple[int, int, IslandReader]] = []
    if _BOX_START.search(text):
        islands.extend((first, last, box_blocks) for first, last in box_islands(normalized.originals))
    if _GRID_START.search(text):
        islands.extend((first, last, grid_blocks) for first, last in grid_islands(normalized.originals))
    if _TABLE_START.search(text):
        markup = markup_islands(normalized.originals)
        try:
            from gipreport.readers.html import table_blocks
        except ImportError:
            if markup:
                early.append(
                    diagnostic(
                        "input.missing-extra",
                        "the text holds tables as HTML markup (converter markdown); reading them needs "
                        "pip install 'gipreport[html]'",
                        line=markup[0][0],
                    )
                )
            markup = []
        islands.extend((first, last, _read_markup(table_blocks)) for first, last in markup)
    return sorted(islands)


def _read_markup(table_blocks: Callable[[str, int], list[Block]]) -> IslandReader:
    return lambda lines, first: table_blocks("\n".join(lines), first)


_BOX_START = re.compile("[\u250c\u250f\u2554]")  # ┌ ┏ ╔: a drawn table's top-left corner
# An ASCII grid table's first rule; [ \t], not \s, which would run over blank lines (quadratic).
_GRID_START = re.compile(r"^[ \t]*\+[-=:]{3,}\+", re.MULTILINE)


# Tables that converters keep as HTML markup inside their markdown (pandoc's gfm, for every table with
# merged cells): 「<table …>」 to 「</table>」, each read by the HTML reader (``markup_islands``).
_TABLE_START = re.compile(r"<table\b", re.IGNORECASE)
_TABLE_END = re.compile(r"</table\s*>", re.IGNORECASE)


def markup_islands(lines: Sequence[str]) -> list[tuple[int, int]]:
    """The 1-based (first, last) line ranges of top-level ``<table>`` markup in a text's lines (a
    table inside a cell stays inside its island; an unclosed one runs to the end).

    >>> markup_islands(["# 标题", "<table>", "<tr><td>1</td></tr>", "</table>", "正文"])
    [(2, 4)]
    """
    islands: list[tuple[int, int]] = []
    depth, start = 0, 0
    for number, line in enumerate(lines, 1):
        if "<" not in line:
            continue
        opens, closes = len(_TABLE_START.findall(line)), len(_TABLE_END.findall(line))
        if depth == 0 and opens:
            start = number
        depth += opens - closes
        if start and depth <= 0:
            islands.append((start, number))
            depth, start = 0, 0
    if start:
        islands.append((start, len(lines)))
    return islands


def _is_page(text: str) -> bool:
    """HTML markup to read with ``parse_html``, not converter markdown with tables kept as markup:
    outside its tables, its prose is markup too (a tag for every other line at least)."""
    if not looks_like_html(text):
        return False
    rest = _TABLE_MARKUP.sub("", text[:MAX_INPUT_CHARS])
    lines = sum(1 for line in rest.split("\n") if line.strip())
    return len(_PROSE_TAG.findall(rest)) * 2 >= max(lines, 1)


_TABLE_MARKUP = re.compile(r"<table\b.*?</table\s*>", re.IGNORECASE | re.DOTALL)
_PROSE_TAG = re.compile(r"<(?:p|br|span|font|strong|b|div|h[1-6])\b", re.IGNORECASE)


def _layout_diagnostics(layout: Layout) -> list[Diagnostic]:
    found = []
    if not layout.blocks:
        found.append(diagnostic("layout.no-tables", "no table block was found"))
    found.extend(
        diagnostic(
            "layout.row-too-wide",
            f"a row has more than {MAX_CELLS_PER_ROW} cells; the cells after them were dropped",
            line=line,
        )
        for line in layout.wide_rows[:MAX_REPEATED_DIAGNOSTICS]
    )
    if layout.furniture:
        shown = ", ".join(str(line.number) for line in layout.furniture[:10]) + (
            " …" if len(layout.furniture) > 10 else ""
        )
        found.append(
            diagnostic(
                "layout.page-furniture",
                f"{len(layout.furniture)} line(s) of page furniture (footers, page numbers) skipped: {shown}",
                line=layout.furniture[0].number,
            )
        )
    return found


def choose_format(
    layout: Layout, name: str, normalized: NormalizedText | None = None
) -> tuple[Detection, list[Diagnostic]]:
    """The format to read the tables in: the named one, or (``auto``) the one the text shows."""
    if name != "auto":
        spec = formats.get(name)
        return Detection(spec, {spec.name: ()}), []
    if normalized is not None:
        text = "".join(normalized.texts)
    else:  # a reader's layout: its cells and prose
        text = "".join(cell for block in layout.blocks for row in block.rows for cell in row.texts)
        text += "".join(line.text for line in layout.prose)
    detection = formats.detect(text.replace(" ", ""))
    found = []
    if not detection.evidence:
        # No heading or row of any format could be read (OCR garbles them, a lost table has none):
        # the format in use in the report's year is the best guess left, and it is said to be one.
        year = read_metadata(layout.prose, detection.format).year or year_named(layout.prose)
        by_year = formats.for_year(year)
        if by_year is not None and by_year is not detection.format:
            detection = attrs.evolve(detection, format=by_year)
            found.append(
                diagnostic(
                    "format.by-year",
                    f"no table heading or row of any format was read; read as the {by_year.name} "
                    f"format, the one in use in {year}",
                )
            )
    if detection.mixed:
        shown = "; ".join(f"{name}: {'、'.join(hits)}" for name, hits in detection.hits.items() if hits)
        found.append(
            diagnostic(
                "format.mixed",
                f"the tables show marks of more than one format ({shown}); read as {detection.format.name}",
            )
        )
    return detection, found


def stages(source: str | Layout, format: str = "auto", *, early: tuple[Diagnostic, ...] = ()) -> Stages:
    """Run every layer on ``source`` (a report's text, or a Layout a reader built) and keep what each
    produced. ``format`` is "auto" (detected from the tables' headings and rows) or a format's name."""
    normalized: NormalizedText | None = None
    diagnostics: list[Diagnostic] = list(early)
    ocr = False  # the text is OCR output (a reader's document never is)
    if isinstance(source, Layout):
        layout = source
    else:
        text = _check_text(source)
        if _looks_like_a_path(text):
            diagnostics.append(
                diagnostic(
                    "input.looks-like-path",
                    "the text is a file name, not a report: read the file with "
                    f"gipreport.parse_file({text!r})",
                )
            )
        elif _is_page(text):
            diagnostics.append(
                diagnostic(
                    "input.markup",
                    "the text is HTML markup: read it with gipreport.parse_html (or parse_file), "
                    "which reads its tables cell by cell",
                )
            )
        normalized, layout, read = read_text(text)
        ocr = shows_ocr(text)
        diagnostics.extend(read)
    detection, chosen = choose_format(layout, format, normalized)
    diagnostics.extend(chosen)
    spec = detection.format
    if ocr and normalized is not None and all(block.layout in TEXT_LAYOUTS for block in layout.blocks):
        repaired, read_back = repair_ocr_rows(normalized, spec)  # borders read as 「|」「1」 among numbers
        if read_back:
            normalized, layout = repaired, detect_layout(repaired)  # the originals stay the sources
            diagnostics.extend(read_back)
    diagnostics.extend(_layout_diagnostics(layout))
    figures = prose_figures(layout.prose, spec)
    mapped, tables = read_tables(layout, spec, evidence(figures), lost_zeros=ocr)
    metadata = read_metadata(title_lines(layout, spec), spec, ocr=ocr)
    sections = read_sections(layout.prose, spec)
    if metadata.title is None and (metadata.year is None or metadata.organ is None):
        missing = [name for name in ("title", "organ", "year") if getattr(metadata, name) is None]
        diagnostics.append(
            diagnostic("map.metadata-missing", f"not found: {', '.join(missing)}", line=metadata.title_line)
        )
    elif metadata.organ is None or metadata.year is None:
        missing = [name for name in ("organ", "year") if getattr(metadata, name) is None]
        diagnostics.append(
            diagnostic("map.metadata-missing", f"not found: {', '.join(missing)}", line=metadata.title_line)
        )
    values, sources, table_diagnostics = tables.values, tables.sources, tables.diagnostics
    # In OCR text only the values read confirm one another; then the cells OCR lost that the
    # identities fix are filled (``lost_cells``).
    unconfirmed = ocr_checks(values, spec) if ocr else ()
    if ocr and tables.lost_zeros is not None:
        filled = fill_lost_cells(values, sources, table_diagnostics, spec, tables.lost_zeros)
        values, sources, table_diagnostics = filled
    checks = validate_flat(values, sources, spec) + prose_checks(values, figures, spec)
    if ocr:
        message = (
            "the text is OCR output: a value no identity across rows confirms is flagged "
            "check.ocr-unconfirmed"
        )
        checks += (diagnostic("input.ocr", message), *unconfirmed)
        sources = _unproven(sources, {d.key for d in unconfirmed if d.key})
        # A name that stands once only is doubted in OCR text alone (most texts name the organ once,
        # and spell it right); one the title and the body spell apart, in any (``read_metadata``).
        conflict = any(d.code == "map.metadata-conflict" for d in metadata.diagnostics)
        doubt = organ_unconfirmed(layout.prose, metadata.organ) if metadata.organ and not conflict else None
        checks += (doubt,) if doubt else ()
    report = spec.report_class(
        **spec.tables_from_values(values),
        title=metadata.title,
        organ=metadata.organ,
        year=metadata.year,
        date=metadata.date,
        format=spec.name if tables.tables_found else None,
        sections=sections,
        diagnostics=(
            *diagnostics,
            *metadata.diagnostics,
            *table_diagnostics,
            *section_diagnostics(sections, spec),
            *checks,
        ),
        sources=sources,
        prose_figures=figures,
    )
    return Stages(
        normalized=normalized,
        layout=layout,
        detection=detection,
        mapped=mapped,
        tables=tables,
        metadata=metadata,
        report=report,
    )


def _unproven(sources: Sources, unconfirmed: set[str]) -> Sources:
    """In OCR text, a recovered value that no identity across rows confirms (or that a broken one goes
    through) is no longer called proven: OCR can misread two cells of a row alike (a border read as a
    「1」 glued to both, 「301」 and 「538」 as 「1301」 and 「1538」) and the row still adds up. Such a value
    is as read (``value``), and flagged (check.ocr-unconfirmed)."""
    demoted = [key for key in unconfirmed if key in sources and sources[key].state == "recovered"]
    if not demoted:
        return sources
    sources = Sources(sources)
    for key in demoted:
        sources[key] = attrs.evolve(sources[key], state="value", proof=None)
    return sources


def parse(text: str, *, strict: bool = False, format: str = "auto") -> NationalReport:
    """Parse the text of a 政府信息公开工作年度报告 into a Report of its format ("2021", "2019").

    Never raises on a ``str``: what cannot be read is None with a Diagnostic. With ``strict=True``
    the whole text is parsed first, then one ParseError carries every error and the partial report.
    ``format`` is "auto" (detected from the tables) or a registered format's name. The report's class
    is its format's (``Report2021``, ``Report2019``): check ``report.format`` or use ``isinstance``
    before reading a table only one format has.
    """
    report = stages(text, format).report
    if strict and report.errors:
        raise ParseError(report)
    return cast("NationalReport", report)
