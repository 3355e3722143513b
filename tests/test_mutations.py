"""The mutation fuzzer that found issue 11's silent values, kept as a test: the samples damaged one
cell at a time the way real files are damaged, and not one wrong value may go without a diagnostic.

- page numbers: a bare page number or a footer inserted under a table line (「5」「12」「- 5 -」);
- deletions: one table cell deleted (on a copy whose numbers are all distinct, so a shift shows);
- two numbers: one cell holding two numbers that are not a digit grouping (「58 58」「40000 40000」);
- one number: one cell's number changed; the changed text is then the truth, and must be read.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

import pytest

import gipreport
from _support import covered, read_expected, read_sample, sample_names

SAMPLES = [name for name in sample_names() if "\t" in read_sample(name)]
# Every STRIDE-th mutation of each family is tried (all of them in the workplace's own tool).
STRIDE = 3


def _number(value: object) -> object:
    """A value compared as a number (「3」 == 3), a unit (「元」) as the text it is."""
    try:
        return None if value is None else Decimal(str(value))
    except ArithmeticError:
        return value


def silent(text: str, truth: dict[str, object]) -> list[str]:
    report = gipreport.parse(text)
    flat = report.to_flat()
    return [
        f"{key}: truth {want!r}, read {flat.get(key)!r}"
        for key, want in truth.items()
        if _number(flat.get(key)) != _number(want) and not covered(key, report)
    ]


def fields(text: str) -> Iterator[tuple[int, int, int, str, int]]:
    """Every TAB-separated field: (line index, start, end, text, TABs on its line)."""
    position = 0
    for index, line in enumerate(text.split("\n")):
        start = position
        for field in line.split("\t"):
            yield index, start, start + len(field), field, line.count("\t")
            start += len(field) + 1
        position += len(line) + 1


def numeric(field: tuple[int, int, int, str, int]) -> bool:
    return field[3].strip().isascii() and field[3].strip().isdigit() and field[4] >= 1


def distinct(text: str) -> str:
    """The text with every number made distinct (1000, 1007, ...), so that a shifted value shows."""
    out, shift = text, 0
    for number, (_, start, end, field, _) in enumerate(f for f in fields(text) if numeric(f)):
        lead, trail = field[: len(field) - len(field.lstrip())], field[len(field.rstrip()) :]
        new = lead + str(1000 + 7 * number) + trail
        out = out[: start + shift] + new + out[end + shift :]
        shift += len(new) - (end - start)
    return out


@pytest.mark.parametrize("name", SAMPLES)
def test_page_numbers_under_table_lines_are_never_read_as_values(name: str) -> None:
    text, truth = read_sample(name), read_expected(name)["values"]
    lines = text.split("\n")
    table_lines = [i for i, line in enumerate(lines) if "\t" in line and any(c.isdigit() for c in line)]
    for index in table_lines[::STRIDE]:
        for inserted in ("5", "12", "- 5 -"):
            mutated = "\n".join([*lines[: index + 1], inserted, *lines[index + 1 :]])
            assert not silent(mutated, truth), f"{name} line {index + 1}: {inserted!r} inserted"


@pytest.mark.parametrize("name", SAMPLES)
def test_a_deleted_cell_never_shifts_values_silently(name: str) -> None:
    text = distinct(read_sample(name))
    truth = gipreport.parse(text).to_flat()
    lines = text.split("\n")
    tried = 0
    for index, start, end, field, tabs in fields(text):
        line = lines[index]
        is_number = field.strip().isdigit()
        if tabs == 1 and line.startswith("\t") and start == sum(len(x) + 1 for x in lines[:index]) + 1:
            mutated = text[: start - 1] + text[end + 1 :]  # a cell line of the lines layout
        elif (
            tabs >= 2
            and start > sum(len(x) + 1 for x in lines[:index])
            and (is_number or (not field.strip() and any(c.isdigit() for c in line)))
        ):
            mutated = text[: start - 1] + text[end:]  # a field and its TAB
        else:
            continue
        tried += 1
        if tried % STRIDE:
            continue
        assert not silent(mutated, truth), f"{name} line {index + 1}: field {field!r} deleted"


@pytest.mark.parametrize("name", SAMPLES)
def test_two_numbers_in_one_cell_are_never_read_as_one(name: str) -> None:
    text, truth = read_sample(name), read_expected(name)["values"]
    for _, start, end, _, _ in [f for f in fields(text) if numeric(f)][:: STRIDE * 3]:
        for two in ("58 58", "40000 40000"):
            assert not silent(text[:start] + two + text[end:], truth), f"{name}: {two!r} at {start}"


@pytest.mark.parametrize("name", SAMPLES)
def test_a_changed_number_is_read_as_printed(name: str) -> None:
    """On the copy whose numbers are all distinct, each number names its key; change one, and the
    parse must read the new number there (or flag it) and nothing else may change silently."""
    text = distinct(read_sample(name))
    report = gipreport.parse(text)
    key_of = {cell.raw.strip(): key for key, cell in report.sources.items() if cell.state == "value"}
    # Sums of printed rows (（六）其他处理 derived from its parts) move with them: left out here.
    truth = {key: value for key, value in report.to_flat().items() if report.sources[key].state != "derived"}
    for _, start, end, field, _ in [f for f in fields(text) if numeric(f)][::STRIDE]:
        key = key_of.get(field.strip())
        if key is None:  # a number outside the tables (a date in a table-like line)
            continue
        new = str(int(field) + 3)
        expected = {**truth, key: int(new)}
        assert not silent(text[:start] + new + text[end:], expected), f"{name}: {field} -> {new}"


# What users' converters make of a report, one of each shape the layouts read: pipe markdown
# (MarkItDown), a w3m box drawing, space-aligned PDF text (pypdf's layout mode), content-stream order
# (`pdftotext` plain), PDF-text markdown with cells lost, crawled text.
CONVERTED = [
    "pingtan-zone-2023-page-markitdown",
    "pingtan-zone-2023-page-w3m",
    "huaian-hongze-district-2024-pdf-pypdf-layout",
    "huaian-hongze-district-2024-pdf-pdftotext",
    "shanghai-office-2025-pdftext",
    "pingtan-zone-2022-crawler",
]
_NUMBER_TOKEN = re.compile(r"(?<![\d.,])\d+(?![\d.,])")


@pytest.mark.parametrize("name", CONVERTED)
def test_a_number_blanked_or_lost_in_a_converters_text_is_never_read_silently(name: str) -> None:
    """A number of a line that holds table values blanked (spaces where it stood: a blank cell, the
    columns kept) or lost (with a space beside it: the row's later cells move left), one at a time:
    every value that is not the hand-read one, the damaged cell's included, carries a warning or an
    error on its key."""
    text, truth = read_sample(name), read_expected(name)["values"]
    lines = text.split("\n")
    table_lines = sorted({cell.line for cell in gipreport.parse(text).sources.values() if cell.line})
    tokens = [(line, match) for line in table_lines for match in _NUMBER_TOKEN.finditer(lines[line - 1])]
    for line, match in tokens[::STRIDE]:
        start, end = match.span()
        old = lines[line - 1]
        lost_start, lost_end = (start, end + 1) if old[end : end + 1] == " " else (max(start - 1, 0), end)
        for damaged in (old[:start] + " " * (end - start) + old[end:], old[:lost_start] + old[lost_end:]):
            mutated = "\n".join([*lines[: line - 1], damaged, *lines[line:]])
            assert not silent(mutated, truth), f"{name} line {line}: {old!r} -> {damaged!r}"
