"""Diagnostics: the closed registry of problem codes, the Diagnostic record and ParseError."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

import attrs

if TYPE_CHECKING:
    from gipreport.model import Report

Severity = Literal["error", "warning", "info"]

# Code -> (severity, one line saying what it means). Codes are API: never reuse or rename one;
# add new ones here, in the README table and in the CHANGELOG.
CODES: dict[str, tuple[Severity, str]] = {
    "input.too-large": (
        "warning",
        "The text is longer than MAX_INPUT_CHARS or MAX_INPUT_LINES; only its beginning was parsed.",
    ),
    "input.encoding": ("info", "Which encoding the bytes were decoded with (parse_bytes, parse_file)."),
    "input.undecodable": ("warning", "Some bytes could not be decoded and were replaced by U+FFFD."),
    "input.binary": ("error", "The data has NUL bytes and is not UTF-16: not a text report."),
    "input.ocr": (
        "warning",
        "The text is OCR output (table borders read as characters glued to numbers): digits may be misread.",
    ),
    "input.ocr-borders": (
        "info",
        "OCR text: a row's borders, read as characters among its numbers, taken out the one way that fits.",
    ),
    "input.looks-like-path": (
        "error",
        "The str given to parse() is a file name, not a report's text: use parse_file(path).",
    ),
    "input.markup": (
        "warning",
        "A str given to parse() is HTML markup: parse_html reads its tables cell by cell.",
    ),
    "input.unreadable": (
        "error",
        "A document could not be read (damaged markup or file); its report is empty.",
    ),
    "input.no-text-layer": (
        "error",
        "A PDF has no text layer (a scan): there is nothing to read without OCR.",
    ),
    "input.missing-extra": (
        "error",
        "Reading this kind of document needs an optional extra that is not installed (see the message).",
    ),
    "layout.merged-value": (
        "warning",
        "A number spans several columns of its row (misaligned merged cells); the row is read by its cells.",
    ),
    "layout.row-too-wide": (
        "warning",
        "A row had more cells than any report table (e.g. a line of TABs); the rest were dropped.",
    ),
    "layout.no-tables": ("warning", "No table block (tab, pipe or lines layout) was found."),
    "layout.page-furniture": (
        "info",
        "Page footers, headers or bare page numbers between table rows were skipped (line numbers listed).",
    ),
    "format.by-year": (
        "warning",
        "No marker of any format was read; the format in use in the report's year was assumed.",
    ),
    "format.mixed": (
        "warning",
        "The tables show headings or rows of more than one national format; read in the one with most.",
    ),
    "map.metadata-missing": ("warning", "The title, organ or year could not be found."),
    "map.metadata-inferred": (
        "info",
        "The organ or year was read from the body or a crawler's header, not from a title line.",
    ),
    "map.metadata-conflict": (
        "warning",
        "The title and the body spell the organ a character or two apart (misread by OCR, or mistyped).",
    ),
    "map.metadata-unconfirmed": (
        "warning",
        "In OCR text, the organ's name stands in the text once only: nothing confirms its spelling.",
    ),
    "map.metadata-short-organ": (
        "warning",
        "The organ read from the body names no place (「县发展和改革局」): its full name is longer.",
    ),
    "map.label-approximate": (
        "info",
        "A row label matched with typos or cut short; the label as printed is in the message and provenance.",
    ),
    "map.section-missing": ("info", "One of the six numbered sections was not found."),
    "map.table-missing": ("error", "A whole statistical table was not found; its values are None."),
    "map.row-missing": ("error", "A row was not found by its label; its values are None."),
    "map.row-duplicate": (
        "warning",
        "A row label appears twice; the first occurrence is kept, the second ignored.",
    ),
    "map.row-short": (
        "warning",
        "A one-cell-per-line row ends at the next row's label: its cells are its first ones, the rest None.",
    ),
    "map.row-under-header": (
        "info",
        "A space-aligned row came out short (blank cells leave no trace); its numbers were placed in the "
        "columns whose header they stand under, the other cells blank.",
    ),
    "map.row-ambiguous": (
        "warning",
        "Empty cells at a row's ends could be merged label cells or blank values; placed only if certain.",
    ),
    "map.row-long": (
        "error",
        "A row has more cells than columns; no value of it is guessed, all are None.",
    ),
    "map.cell-blank": ("warning", "A cell is empty; its value is None, not 0."),
    "map.cell-not-applicable": ("warning", "A cell holds 「/」「—」「-」 or 「无」; its value is None."),
    "map.cell-unreadable": ("error", "A cell holds text that is not a number of its column."),
    "map.cell-unit": ("warning", "A cell carried a unit (元, 万元, 件, 条...) that was removed."),
    "map.unit-from-header": (
        "warning",
        "An amount printed without a unit under a header in 元 was converted to 万元 "
        "(the source keeps it as printed).",
    ),
    "map.unlabelled-row": (
        "warning",
        "A row of numbers without a recognised label was ignored.",
    ),
    "map.unlabelled-twice": (
        "warning",
        "Two rows of numbers fit a table's unlabelled row (table 四); neither is read, all are None.",
    ),
    "map.old-other-processing": (
        "warning",
        "（六）其他处理 is printed as one row (out-of-date layout); it fills other_processing.",
    ),
    "map.row-not-in-layout": (
        "info",
        "A row of the current format is absent because the report uses the older layout.",
    ),
    "map.derived-incomplete": (
        "warning",
        "other_processing cannot be derived because one of its three rows has no value.",
    ),
    "map.derived-from-flagged": (
        "warning",
        "A derived value (other_processing) is the sum of values that carry a warning or an error.",
    ),
    "recover.recovered": (
        "info",
        "A damaged row's values were placed: one reading fits, and identities or prose figures prove each.",
    ),
    "recover.stream-order": (
        "info",
        "A table's numbers stood apart from their labels (content-stream order); placed from their order.",
    ),
    "recover.stream-unproven": (
        "warning",
        "A table's numbers stood apart from their labels and no reading of them is proven; a label follows "
        "its row's numbers, or the values read beside the labels break an identity: they may be a "
        "neighbouring row's.",
    ),
    "recover.stream-unconfirmed": (
        "warning",
        "A row's numbers stood apart from their labels and were read in the text's order; nothing proves it.",
    ),
    "recover.lost-zero": (
        "warning",
        "OCR text showed no number in a cell, and every reading of its row the identities allow makes it 0; "
        "placed as 0 (the report may print it blank).",
    ),
    "recover.lost-cell": (
        "warning",
        "OCR text lost a count cell (or its row) and the identities fix it from the values read: filled "
        "(``derived``), flagged since OCR may have misread those values and a 0 may be printed blank.",
    ),
    "recover.ambiguous": (
        "error",
        "A damaged row's cells fit its columns in several ways the identities do not tell apart; None.",
    ),
    "recover.unproven": (
        "error",
        "A damaged row's cells fit one way, but no identity or prose figure checks a value; None.",
    ),
    "recover.inconsistent": (
        "error",
        "No reading of a table's damaged rows satisfies its identities (a report's arithmetic error?); None.",
    ),
    "recover.budget": (
        "error",
        "The search for a damaged table's reading exceeded its work bound; its damaged values are None.",
    ),
    "check.i1-balance": (
        "error",
        "I1: new_received + carried_over != total_processed + carried_forward in a column.",
    ),
    "check.i2-results-sum": (
        "error",
        "I2: total_processed != the sum of the result rows in a column.",
    ),
    "check.i3-row-total": ("error", "I3: a row's total != the sum of its six applicant columns."),
    "check.i4-review-total": (
        "error",
        "I4: upheld + corrected + other + pending != total in a block of table 四.",
    ),
    "check.prose-mismatch": (
        "warning",
        "The prose states a different number for a cell than the table (both in the message).",
    ),
    "check.ocr-unconfirmed": (
        "warning",
        "In OCR text, a value no identity of the tables confirms (table 二, a row that does not add up).",
    ),
    "check.prose-only": (
        "info",
        "A cell has no value in the table but the prose states one; offered in the message, not filled in.",
    ),
    "check.i5-carried-over": (
        "error",
        "I5 (check_corpus): this year's 二、上年结转 ≠ last year's 四、结转下年度继续办理 in a column.",
    ),
    "check.stock": (
        "warning",
        "check_corpus: 现行有效 ≠ last year's 现行有效 + 制发 − 废止 (规章, 规范性文件).",
    ),
    "check.hierarchy-sum": (
        "warning",
        "check_corpus with additive=True: a parent's cell ≠ the sum of its children's.",
    ),
    "check.corpus-unplaced": (
        "info",
        "check_corpus: a report could not be compared (no organ, year or tables; a child of another year).",
    ),
    "check.corpus-duplicate": (
        "warning",
        "check_corpus: a second report of one organ and year; only the first is compared.",
    ),
    "check.not-assessable": (
        "info",
        "An identity could not be checked because a value it needs is None.",
    ),
}


@attrs.frozen
class Diagnostic:
    """One problem found while parsing or validating, tied to a line and a flat key (or prefix)."""

    code: str
    severity: Severity
    message: str
    line: int | None = None
    key: str | None = None


def diagnostic(code: str, message: str, *, line: int | None = None, key: str | None = None) -> Diagnostic:
    """Build a Diagnostic for a registered code, taking its severity from the registry."""
    severity, _ = CODES[code]
    return Diagnostic(code=code, severity=severity, message=message, line=line, key=key)


class ParseError(ValueError):
    """Raised by ``parse(..., strict=True)`` after parsing, when the report has error diagnostics.

    ``errors`` holds every error diagnostic and ``report`` the partial report.
    """

    def __init__(self, report: Report) -> None:
        self.report = report
        self.errors = report.errors
        shown = "; ".join(f"{d.code} at line {d.line} ({d.key}): {d.message}" for d in self.errors[:5])
        more = f" (+{len(self.errors) - 5} more)" if len(self.errors) > 5 else ""
        super().__init__(f"{len(self.errors)} error(s): {shown}{more}")
