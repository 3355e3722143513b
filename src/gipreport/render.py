"""Rendering, the inverse of parsing: Report -> text in a layout, with the mess real files carry.

The tables are drawn from the report's format (its header rows, merged group labels and rows), never
from the parser's heuristics, so round trips test the parser against independent text. Noise steps
are named and seeded, so every messy text replays exactly; each reproduces a kind of mess seen in real
reports. Most keep every value readable; those in LOSSY_NOISE destroy information on purpose (as real files
do), to test that the parser flags what it cannot know.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence
from typing import Literal, get_args

import attrs

from gipreport import formats
from gipreport.formats import FormatSpec, RowSpec, TableSpec
from gipreport.model import Report, Value
from gipreport.renderings import (
    DrawnRow,
    DrawnTable,
    Role,
    broken_row,
    cell_per_line,
    crawler_header,
    mini_tables,
    page_break,
    pdf_layout,
    row_lines,
    run_together,
)
from gipreport.textforms import TO_FULLWIDTH_WITH_SPACE, number_text

LayoutName = Literal["tab", "pipe", "lines"]
LAYOUTS: tuple[LayoutName, ...] = get_args(LayoutName)

NoiseKind = Literal[
    "fullwidth",
    "number-spellings",
    "label-spaces",
    "broken-cells",
    "label-variants",
    "group-alone",
    "leading-cell",
    "footers",
    "pipe-rules",
    "crlf",
    "prose-around-tables",
    "page-furniture",
    "lost-cell",
    "pdf-layout",
    "wrapped-labels",
    "converter-markdown",
    "crawler-header",
    "cell-per-line",
    "run-together",
    "word-export",
]
NOISE_KINDS: tuple[NoiseKind, ...] = get_args(NoiseKind)
# Noise that destroys information: a lost cell, blank cells that vanish between runs of spaces or
# lines, numbers run together. After it, values may come back None (flagged), never wrong.
LOSSY_NOISE: frozenset[NoiseKind] = frozenset({"lost-cell", "pdf-layout", "cell-per-line", "run-together"})
# Noise for documents only (documents.html): no effect on text.
DOCUMENT_NOISE: frozenset[NoiseKind] = frozenset({"word-export"})


@attrs.frozen
class NoiseStep:
    """One kind of noise, applied with its own random seed (so it replays exactly)."""

    kind: NoiseKind
    seed: int = 0

    def __attrs_post_init__(self) -> None:
        if self.kind not in NOISE_KINDS:
            raise ValueError(f"unknown noise kind {self.kind!r}; choose from {', '.join(NOISE_KINDS)}")


# --- The tables as rows of cells -----------------------------------------------------------------


def value_text(report: Report, key: str, value: Value) -> str:
    """A value as a report prints it; a None whose source was 「/」 prints 「/」, else an empty cell."""
    if value is None:
        source = report.sources.get(key)
        return "/" if source is not None and source.state == "na" else ""
    return number_text(value)


def value_cells(report: Report, flat: dict[str, Value], spec: RowSpec) -> list[str]:
    cells = []
    for column in spec.columns:
        text = value_text(report, column.key, flat.get(column.key))
        unit = flat.get(column.unit_key) if column.unit_key else None
        cells.append(f"{text}{unit}" if text and isinstance(unit, str) else text)
    return cells


def uses_derived_row(spec: RowSpec, flat: dict[str, Value]) -> bool:
    """True when a derived row is printed itself (its parts hold no number: the older layout)."""
    parts_empty = all(flat.get(key) is None for part in spec.derived_from for key in _cells_of(part))
    return parts_empty and any(flat.get(key) is not None for key in spec.cells)


def _cells_of(row_key: str) -> list[str]:
    for spec in formats.registered():
        if row_key in {row.key for row in spec.rows}:
            return list(spec.row(row_key).cells)
    return []


def printed_rows(table: TableSpec, flat: dict[str, Value]) -> list[RowSpec]:
    """The rows of a table as the report prints them: a derived row, or its parts, not both."""
    derived = {spec.key: uses_derived_row(spec, flat) for spec in table.rows if spec.derived_from}
    parts_hidden = {part for key, printed in derived.items() if printed for part in _parts(table, key)}
    return [
        spec
        for spec in table.rows
        if spec.key not in parts_hidden and not (spec.derived_from and not derived[spec.key])
    ]


def _parts(table: TableSpec, key: str) -> tuple[str, ...]:
    return next(spec.derived_from for spec in table.rows if spec.key == key)


def _headers(count: int) -> list[Role]:
    return ["header"] * count


def draw_table(report: Report, flat: dict[str, Value], table: TableSpec) -> DrawnTable:
    """A table as rows of cells: its header rows, then each printed row behind its group labels."""
    rows = [DrawnRow(list(cells), _headers(len(cells)), data=False) for cells in table.header_rows]
    open_groups: list[str] = []
    for spec in printed_rows(table, flat):
        for cells in spec.before:
            # A heading over a sub-table is a merged cell as wide as the row: its empty cells follow.
            drawn = [*cells, *[""] * (len(spec.columns) + 1 - len(cells))]
            rows.append(DrawnRow(drawn, _headers(len(drawn)), data=False))
        labels: list[str] = []
        roles: list[Role] = []
        for depth, group in enumerate(spec.groups):
            first = len(open_groups) <= depth or open_groups[depth] != group
            labels.append(group if first else "")
            roles.append("group" if first else "pad")
        open_groups = list(spec.groups)
        if spec.labels:
            labels.append(spec.labels[0])
            roles.append("label")
        values = value_cells(report, flat, spec)
        value_roles: list[Role] = ["value"] * len(values)
        rows.append(DrawnRow([*labels, *values], [*roles, *value_roles]))
    return DrawnTable(table.number, rows)


# --- Noise on rows -------------------------------------------------------------------------------

_FULLWIDTH = TO_FULLWIDTH_WITH_SPACE
_HALFWIDTH = {full: half for half, full in _FULLWIDTH.items()}


def spell_number(text: str, rng: random.Random) -> str:
    """Write a number as reports do: 「00」, 「+3」, 「1,234」, padded with NBSP or ideographic spaces."""
    if not text or not text.isdigit():
        return text
    choice = rng.randrange(6)
    if choice == 0 and len(text) < 4:
        text = "0" + text
    elif choice == 1:
        text = "+" + text
    elif choice == 2 and len(text) > 3:
        text = f"{int(text):,}"
    elif choice == 3:
        text = "\u00a0" + text + "\u00a0"
    elif choice == 4:
        text = "\u3000\u3000" + text
    return text


def _noise_rows(tables: list[DrawnTable], step: NoiseStep, layout: LayoutName, fmt: FormatSpec) -> None:
    rng = random.Random(step.seed)
    for table in tables:
        rows = table.rows
        if step.kind == "fullwidth":  # either way: 「0」 -> 「０」, 「（一）」 -> 「(一)」
            for row in rows:
                row.cells = [c.translate(rng.choice((_FULLWIDTH, _HALFWIDTH))) for c in row.cells]
        elif step.kind == "number-spellings":
            for row in rows:
                row.cells = [
                    spell_number(c, rng) if role == "value" and rng.random() < 0.5 else c
                    for c, role in zip(row.cells, row.roles, strict=True)
                ]
        elif step.kind == "label-spaces":
            for row in rows:
                row.cells = [
                    _spaced(c, rng) if role != "value" and rng.random() < 0.5 else c
                    for c, role in zip(row.cells, row.roles, strict=True)
                ]
        elif step.kind == "label-variants":
            for row in rows:
                row.cells = [fmt.variants.get(c, c) if rng.random() < 0.7 else c for c in row.cells]
        elif step.kind == "group-alone":
            _groups_alone(rows, rng)
        elif step.kind == "broken-cells" and layout in ("tab", "pipe"):
            _split_first_group(rows)
        elif step.kind == "lost-cell":
            # One value cell of one data row is lost (a deleted TAB, a dropped empty cell).
            data = [row for row in rows if row.data and "value" in row.roles]
            if data:
                row = rng.choice(data)
                at = rng.choice([i for i, role in enumerate(row.roles) if role == "value"])
                del row.cells[at], row.roles[at]
        elif step.kind == "leading-cell" and layout in ("tab", "pipe"):
            for row in rows:
                if not row.data or "label" not in row.roles or rng.random() < 0.5:
                    continue
                if row.roles[0] == "pad" and rng.random() < 0.5:
                    row.cells, row.roles = row.cells[1:], row.roles[1:]  # the row lost its leading TAB
                else:
                    row.cells, row.roles = ["", *row.cells], ["pad", *row.roles]  # the row gained one


def _spaced(cell: str, rng: random.Random) -> str:
    if len(cell) < 2:
        return cell
    position = rng.randrange(1, len(cell))
    return cell[:position] + " " + cell[position:]


def _groups_alone(rows: list[DrawnRow], rng: random.Random) -> None:
    """Move group labels printed on their first child's line onto a row of their own."""
    index = 0
    while index < len(rows):
        row = rows[index]
        if row.data and "group" in row.roles and "label" in row.roles and rng.random() < 0.7:
            at = row.roles.index("group")
            # the merged row keeps an empty cell after the label, as Word exports it
            pads: list[Role] = ["pad"] * at
            group = DrawnRow([*[""] * at, row.cells[at], ""], [*pads, "group", "pad"], data=False)
            child = DrawnRow([*row.cells], [*row.roles])
            child.cells[at], child.roles[at] = "", "pad"
            rows[index : index + 1] = [group, child]
            index += 1
        index += 1


def _split_first_group(rows: list[DrawnRow]) -> None:
    """A group label flows into two rows, as PDFs copy it (seed 004: 「三、本年（一）予以公开」, then
    「度办理结果」 in the next row's first cell)."""
    for index, row in enumerate(rows[:-1]):
        following = rows[index + 1]
        if (
            row.data
            and row.roles[:2] == ["group", "label"]
            and following.roles[:1] == ["pad"]
            and len(row.cells[0]) > 4
        ):
            group = row.cells[0]
            row.cells, row.roles = [group[:4] + row.cells[1], *row.cells[2:]], ["label", *row.roles[2:]]
            following.cells[0], following.roles[0] = group[4:], "group"
            return


# --- Serialising ---------------------------------------------------------------------------------


def _table_lines(
    table: DrawnTable, layout: LayoutName, noise: Sequence[NoiseStep], pages: dict[NoiseStep, random.Random]
) -> list[str]:
    kinds = {step.kind: step for step in noise}
    # Renderings that replace the layout's separators (each as a converter or crawler writes).
    if "run-together" in kinds:
        return run_together(table, random.Random(kinds["run-together"].seed))
    if "cell-per-line" in kinds:
        return cell_per_line(table, random.Random(kinds["cell-per-line"].seed))
    if "pdf-layout" in kinds:
        wrapped = random.Random(kinds["wrapped-labels"].seed) if "wrapped-labels" in kinds else None
        return pdf_layout(table, random.Random(kinds["pdf-layout"].seed), wrapped, kinds, pages)
    if "converter-markdown" in kinds and layout == "pipe":
        return mini_tables(table, random.Random(kinds["converter-markdown"].seed))
    rng = random.Random(kinds["pipe-rules"].seed) if "pipe-rules" in kinds else None
    broken = random.Random(kinds["broken-cells"].seed) if "broken-cells" in kinds else None
    footers = random.Random(kinds["footers"].seed) if "footers" in kinds else None
    lines: list[str] = []
    for position, row in enumerate(table.rows):
        rule = rng is not None and (position == 0 or rng.random() < 0.2)
        trailing = rng is None or rng.random() < 0.5
        if broken is not None and layout != "pipe":
            lines.extend(broken_row(row, layout, broken))
        else:
            lines.extend(row_lines(row, layout, rule, trailing))
        if footers is not None and footers.random() < 0.15:
            # A page break between rows: 「— 4 —」 or 「- 5 -」 with a blank line around it.
            page = footers.randrange(1, 30)
            lines.extend([f"\u2014 {page} \u2014", ""] if layout == "lines" else ["", f"- {page} -"])
        lines.extend(page_break(kinds, layout, pages))
    while lines and lines[-1] == "":
        lines.pop()
    return lines


def render(report: Report, layout: LayoutName = "tab", *, noise: Iterable[NoiseStep | NoiseKind] = ()) -> str:
    """The report as text: title, sections, and its tables in ``layout`` ("tab", "pipe", "lines").

    ``noise`` is a sequence of NoiseStep (or noise kind names, seed 0); see NOISE_KINDS.
    """
    if layout not in LAYOUTS:
        raise ValueError(f"unknown layout {layout!r}; choose one of {', '.join(LAYOUTS)}")
    if not isinstance(report, Report):
        raise TypeError(f"render() takes a gipreport.Report, not {type(report).__name__}")
    steps = [step if isinstance(step, NoiseStep) else NoiseStep(step) for step in noise]
    fmt = _format(report)
    flat = report.to_flat()
    tables: list[DrawnTable] = []
    if report.format is not None:
        tables = [draw_table(report, flat, table) for table in fmt.tables]
        for step in steps:
            _noise_rows(tables, step, layout, fmt)
    by_key = {table.key: drawn for table, drawn in zip(fmt.tables, tables, strict=False)}
    kinds = {step.kind for step in steps}
    lines: list[str] = []
    pages: dict[NoiseStep, random.Random] = {}  # one source per page-furniture step: pages go on
    if report.title:
        lines.extend([report.title, ""])
    sections = {section.number: section for section in report.sections}
    for number in fmt.section_numbers:
        section = sections.get(number)
        body = section.text.split("\n") if section and section.text else []
        after: list[str] = []
        drawn = [by_key[table.key] for table in fmt.tables_in_section(number) if table.key in by_key]
        if drawn and "prose-around-tables" in kinds and body:
            body, after = body[: len(body) // 2], body[len(body) // 2 :]
        if section:
            lines.append(section.heading)
            lines.extend(body)
        for table in drawn:
            lines.extend(["", *_table_lines(table, layout, steps, pages), ""])
        lines.extend(after)
    if "crawler-header" in kinds:
        lines = crawler_header(report, lines)
    text = "\n".join(lines) + "\n"
    if "crlf" in kinds:
        text = text.replace("\n", "\r\n")
    return text


def _format(report: Report) -> FormatSpec:
    for spec in formats.registered():
        if type(report) is spec.report_class:
            return spec
    raise TypeError(f"{type(report).__name__} is not the report class of a registered format")
