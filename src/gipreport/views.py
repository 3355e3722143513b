"""Views of one report for people: a short repr, the tables as text (``gipreport show``), as HTML
(``Report._repr_html_`` in notebooks) and one table as a pandas frame (``Report.table``).

Every view shows a value that could not be read as ∅ (never 0), and marks a value a diagnostic
concerns: ``!`` under an error, ``*`` under a warning; the HTML view also names the diagnostics in
the cell's tooltip and lists them under the tables.
"""

from __future__ import annotations

import html
import unicodedata
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Literal

from gipreport.diagnostics import Diagnostic
from gipreport.documents import DrawnCell, draw
from gipreport.formats import RowSpec, TableSpec
from gipreport.model import VIEWS, Report, Value
from gipreport.textforms import number_text
from gipreport.validate import format_of

if TYPE_CHECKING:
    import pandas

Mark = Literal["error", "warning", ""]
NONE_MARK = "∅"
MARK_SIGNS = {"error": "!", "warning": "*", "": " "}
MAX_LISTED_DIAGNOSTICS = 100  # the HTML view lists this many; the rest are counted
LABEL_WIDTH = 30  # display columns of a row label in the text view; longer labels wrap


def diagnostics_by_key(report: Report) -> dict[str, list[Diagnostic]]:
    """The diagnostics concerning each flat key (a diagnostic on a row concerns all its cells)."""
    keys = format_of(report).flat_keys
    found: dict[str, list[Diagnostic]] = {}
    for d in report.diagnostics:
        if not d.key:
            continue
        prefix = d.key + "."
        for key in keys:
            if key == d.key or key.startswith(prefix):
                found.setdefault(key, []).append(d)
    return found


def mark_of(concerning: Sequence[Diagnostic]) -> Mark:
    severities = {d.severity for d in concerning}
    return "error" if "error" in severities else "warning" if "warning" in severities else ""


def value_text(value: Value) -> str:
    return NONE_MARK if value is None else number_text(value)


# --- repr ----------------------------------------------------------------------------------------


def short_repr(report: Report) -> str:
    """A few lines: who and when, how many values were read, the diagnostics by severity."""
    flat = report.to_flat()
    read = sum(value is not None for value in flat.values())
    counts = dict.fromkeys(("error", "warning", "info"), 0)
    for d in report.diagnostics:
        counts[d.severity] += 1
    lines = [
        f"{type(report).__name__}(organ={report.organ!r}, year={report.year!r}, format={report.format!r})",
        f"  title: {report.title!r}",
        f"  values: {read} of {len(flat)} read, {len(flat) - read} None",
        f"  diagnostics: {counts['error']} error(s), {counts['warning']} warning(s), {counts['info']} info",
    ]
    if report.source_name is not None:
        lines.insert(1, f"  source: {report.source_name!r}")
    if report.errors:
        first = report.errors[0]
        message = first.message
        if first.key and message.startswith(f"{first.key}: "):  # the key is said once, before it
            message = message[len(first.key) + 2 :]
        if len(message) > _FIRST_ERROR_CHARS:
            message = message[: _FIRST_ERROR_CHARS - 1] + "…"
        lines.append(f"  first error: {first.code} {first.key or ''} {message}".rstrip())
    return "\n".join(lines)


_FIRST_ERROR_CHARS = 80  # the first error's message in a repr, cut with 「…」 beyond this


# --- text ----------------------------------------------------------------------------------------


def display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _pad(text: str, width: int, right: bool = False) -> str:
    gap = " " * max(0, width - display_width(text))
    return gap + text if right else text + gap


def _wrap(text: str, width: int) -> list[str]:
    """Cut a label into lines of at most ``width`` display columns (CJK characters count two)."""
    lines, line = [], ""
    for char in text:
        if line and display_width(line + char) > width:
            lines.append(line)
            line = ""
        line += char
    return [*lines, line] if line or not lines else lines


def _grid(header: Sequence[str], rows: Sequence[tuple[int, str, Sequence[str] | None]]) -> list[str]:
    """Rows of (indent level, label, cells or None for a group heading) under one header; labels wrap
    at LABEL_WIDTH (a wrapped line keeps its label's indent), numbers align right."""
    label_width = min(LABEL_WIDTH, max([2 * level + display_width(label) for level, label, _ in rows] + [4]))
    value_rows = [cells for _, _, cells in rows if cells is not None]
    widths = [max(display_width(row[i]) for row in [header, *value_rows]) for i in range(len(header))]
    lines = [
        "  "
        + " " * label_width
        + "  "
        + "  ".join(_pad(h, w, True) for h, w in zip(header, widths, strict=True))
    ]
    for level, label, cells in rows:
        indent = "  " * (level + 1)
        pieces = _wrap(label, label_width - 2 * level)
        values = (
            "" if cells is None else "  ".join(_pad(c, w, True) for c, w in zip(cells, widths, strict=True))
        )
        lines.append(indent + _pad(pieces[0], label_width - 2 * level) + "  " + values)
        lines.extend(indent + piece for piece in pieces[1:])
    return [line.rstrip() for line in lines]


def text_tables(report: Report, title: str) -> list[str]:
    """The tables as aligned text in table order: group headings on their own lines above their rows,
    full labels (wrapped, not cut), None as ∅, a value under a warning ``*`` or an error ``!``."""
    spec = format_of(report)
    flat = report.to_flat()
    concerning = diagnostics_by_key(report)

    def cell(key: str) -> str:
        return value_text(flat[key]) + MARK_SIGNS[mark_of(concerning.get(key, ()))]

    lines = [f"{title}: {report.organ or '?'} {report.year or '?'} (format {report.format or 'none'})"]
    for table in spec.tables:
        lines += ["", f"表{table.number} {table.title}"]
        if all(not row.labels for row in table.rows):  # table 四: one printed row of blocks
            for row in table.rows:
                blocks = list(dict.fromkeys(column.group or "" for column in row.columns))
                size = len(row.columns) // max(len(blocks), 1)
                lines += _grid(
                    tuple(column.own_label for column in row.columns[:size]),
                    [
                        (0, block, [cell(key) for key in row.keys[i * size : (i + 1) * size]])
                        for i, block in enumerate(blocks)
                    ],
                )
            continue
        grid: list[tuple[int, str, Sequence[str] | None]] = []
        header: tuple[str, ...] = ()
        groups: tuple[str, ...] = ()
        for row in table.rows:
            if tuple(_value_labels(row)) != header:  # a sub-table with its own header (table 二)
                if grid:
                    lines += _grid(header, grid)
                grid, header, groups = [], tuple(_value_labels(row)), ()
            for level, group in enumerate(row.groups):
                if groups[: level + 1] != row.groups[: level + 1]:
                    grid.append((level, group, None))
            groups = row.groups
            label = f"{row.label}（合计）" if row.derived_from else row.label  # the sum of the rows above
            grid.append((len(row.groups), label, [cell(key) for key in row.keys]))
        if grid:
            lines += _grid(header, grid)
    errors, warnings = len(report.errors), len(report.warnings)
    lines += [
        "",
        f"{NONE_MARK} no value   * under a warning   ! under an error   "
        f"({errors} error(s), {warnings} warning(s))",
    ]
    return lines


# --- HTML ----------------------------------------------------------------------------------------

_STYLE = """<style>
.gipreport table {border-collapse: collapse; margin: 0.4em 0 1em 0; font-size: 0.9em}
.gipreport td, .gipreport th {border: 1px solid #999; padding: 2px 6px}
.gipreport td.value {text-align: right; font-variant-numeric: tabular-nums}
.gipreport td.none {color: #888}
.gipreport td.warning {background: #fff3c4}
.gipreport td.error {background: #ffd6d6; font-weight: bold}
.gipreport caption {text-align: left; font-weight: bold}
.gipreport li.error {color: #a00}
</style>"""


def _drawn_cell(cell: DrawnCell, flat: dict[str, Value], concerning: dict[str, list[Diagnostic]]) -> str:
    spans = (f' rowspan="{cell.rowspan}"' if cell.rowspan > 1 else "") + (
        f' colspan="{cell.colspan}"' if cell.colspan > 1 else ""
    )
    if cell.key is None:
        tag = "th" if not cell.value else "td"
        return f"<{tag}{spans}>{html.escape(cell.text)}</{tag}>"
    value = flat.get(cell.key)
    found = concerning.get(cell.key, [])
    classes = ["value", mark_of(found), "none" if value is None else ""]
    tooltip = "\n".join([cell.key, *(f"{d.severity} {d.code}: {d.message}" for d in found)])
    text = value_text(value) + ("!" if classes[1] == "error" else "*" if classes[1] == "warning" else "")
    return (
        f'<td{spans} class="{" ".join(c for c in classes if c)}" title="{html.escape(tooltip)}">'
        f"{html.escape(text)}</td>"
    )


def html_view(report: Report) -> str:
    """The report as an HTML fragment: a heading, the three tables as the national format draws them
    (merged group labels), ∅ for None, marked cells, and the diagnostics listed below."""
    spec = format_of(report)
    flat = report.to_flat()
    concerning = diagnostics_by_key(report)
    parts = [
        '<div class="gipreport">',
        _STYLE,
        f"<p><b>{html.escape(report.organ or '?')} {html.escape(str(report.year or '?'))}</b> "
        f"· format {html.escape(report.format or 'none')}"
        + (f" · {html.escape(report.source_name)}" if report.source_name else "")
        + f"<br>{html.escape(report.title or '')}</p>",
    ]
    for table in spec.tables:
        rows = draw(report, table)
        body = "\n".join(
            "<tr>" + "".join(_drawn_cell(cell, flat, concerning) for cell in row) + "</tr>" for row in rows
        )
        parts.append(
            f"<table><caption>表{table.number} {html.escape(table.title)}</caption>\n{body}\n</table>"
        )
    shown = [d for d in report.diagnostics if d.severity != "info"]
    parts.append(
        f"<p>{NONE_MARK} no value · * under a warning · ! under an error — "
        f"{len(report.errors)} error(s), {len(report.warnings)} warning(s)</p>"
    )
    if shown:
        items = "".join(
            f'<li class="{d.severity}"><code>{html.escape(d.code)}</code> '
            + (f"line {d.line} " if d.line else "")
            + (f"<code>{html.escape(d.key)}</code> " if d.key else "")
            + f"{html.escape(d.message)}</li>"
            for d in shown[:MAX_LISTED_DIAGNOSTICS]
        )
        more = len(shown) - MAX_LISTED_DIAGNOSTICS
        parts.append(f"<ul>{items}</ul>" + (f"<p>… and {more} more</p>" if more > 0 else ""))
    parts.append("</div>")
    return "\n".join(parts)


# --- one table as a frame ------------------------------------------------------------------------


def _column_index(table: TableSpec, labels: list[str]) -> Any:
    """Column labels, as two levels when the table's header has a merged heading over some columns
    (法人或其他组织 over 商业企业 ... 其他)."""
    import pandas

    if len(table.header_rows) >= 2 and all(len(h) == len(labels) + 1 for h in table.header_rows[-2:]):
        upper, lower = table.header_rows[-2][1:], table.header_rows[-1][1:]
        filled, current = [], ""
        for top, bottom in zip(upper, lower, strict=True):
            current = top or (current if bottom else top)
            filled.append(current)
        return pandas.MultiIndex.from_arrays([filled, [b if b else "" for b in lower]])
    return pandas.Index(labels)


def table_frame(report: Report, name: str) -> pandas.DataFrame:
    """One table of a report as a pandas frame in table order, with Chinese row and column labels.

    ``name`` is a table's key ("applications", "active_disclosure", "review_litigation", or the
    2019 format's "active_disclosure_2019"). Counts are nullable ``Int64`` (None stays <NA>, not
    NaN or 0); amounts are ``Decimal`` objects. Needs the ``pandas`` extra.
    """
    try:
        import pandas
    except ImportError as error:  # pragma: no cover - depends on the environment
        raise ImportError("Report.table needs pandas: pip install 'gipreport[pandas]'") from error
    spec = format_of(report)
    names = [table.key for table in spec.tables]
    if name not in names:
        raise KeyError(f"{name!r} is not a table of the {spec.name} format; its tables: {', '.join(names)}")
    table = spec.table(name)
    flat = report.to_flat()
    if all(not row.labels for row in table.rows):  # table 四: blocks as rows
        row_labels: list[Any] = []
        grid: dict[str, list[Value]] = {}
        for row in table.rows:
            for column, key in zip(row.columns, row.keys, strict=True):
                block = column.group or ""
                if block not in row_labels:
                    row_labels.append(block)
                grid.setdefault(column.own_label, []).append(flat[key])
        return pandas.DataFrame({label: _column(values) for label, values in grid.items()}, index=row_labels)
    labels = list(dict.fromkeys(label for row in table.rows for label in _value_labels(row)))
    depth = max(len(row.groups) for row in table.rows)
    index = [(*row.groups, *[""] * (depth - len(row.groups)), row.label) for row in table.rows]
    data = {label: _column([_value_at(row, label, flat) for row in table.rows]) for label in labels}
    rows = pandas.MultiIndex.from_tuples(index) if depth else pandas.Index([i[0] for i in index])
    frame = pandas.DataFrame(data)
    frame.index, frame.columns = rows, _column_index(table, labels)
    return frame


def _value_labels(row: RowSpec) -> list[str]:
    """The labels of a row's values in the order of ``row.keys`` (a unit follows its amount)."""
    labels = []
    for column in row.columns:
        labels.append(column.label)
        if column.unit_key:
            labels.append(f"{column.label}（单位）")
    return labels


def _value_at(row: RowSpec, label: str, flat: dict[str, Value]) -> Value:
    for column in row.columns:
        if column.label == label:
            return flat[column.key]
        if column.unit_key and f"{column.label}（单位）" == label:
            return flat[column.unit_key]
    return None


def _column(values: list[Value]) -> Any:
    """A column's values as a pandas array: whole numbers as nullable Int64 (None is <NA>, never NaN
    or 0); amounts (Decimal) and units as objects, None kept."""
    import pandas

    if all(value is None or type(value) is int for value in values):
        return pandas.array(values, dtype="Int64")
    return pandas.array(values, dtype=object)


VIEWS.update(repr=short_repr, html=html_view, table=table_frame)
