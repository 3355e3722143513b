"""Hostile input: huge or pathological texts are cut with a diagnostic and never hang.

No wall-clock bound here (a loaded machine would fail it): each test checks the bound that keeps the
input cheap (input cut, rows and diagnostics capped), and ``benchmarks/bench_hostile.py`` prints how
long each input takes against a normal parse.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

import gipreport
from _support import read_sample
from gipreport.formats import get
from gipreport.layout import MAX_CELLS_PER_ROW
from gipreport.pipeline import MAX_INPUT_CHARS, MAX_INPUT_LINES, read_text, stages
from gipreport.tables import MAX_REPEATED_DIAGNOSTICS, map_tables
from gipreport.tables.reading import MAX_UNLABELLED_ROWS

NORMAL = read_sample("000_6943510d23fd8daa")

HOSTILE: dict[str, Callable[[], str]] = {
    "50 MB dump of reports": lambda: (NORMAL * (50_000_000 // len(NORMAL) + 1))[:50_000_000],
    "1 000 000 tabs on one line": lambda: "\t" * 1_000_000,
    "10 MB of tabs and newlines": lambda: "\t\t\t\n" * 2_500_000,
    "1 000 000 tab-only lines": lambda: "\t\n" * 1_000_000,
    "a line of 10 000 000 digits": lambda: "7" * 10_000_000,
    "100 000 repeated label rows": lambda: "规章\t0\t0\t0\n" * 100_000,
    "one row repeating a label": lambda: "规章\t" * 200_000,
    "1 000 000 pipes": lambda: "|" * 1_000_000,
    "a long label-like cell": lambda: "（七）总计" * 100_000 + "\t1",
    "1 000 000 short lines": lambda: "0\n" * 1_000_000,
    "footer-like dashes": lambda: "—" * 400_000 + " 4 " + "—" * 400_000,
    # found by this module: every short line under a table row was joined to its last cell, quadratically
    "100 000 short lines under a table row": lambda: "规章\t1\t2\t3\n" + "0\n" * 100_000,
    "half-open brackets": lambda: "(" * 500_000 + "\t" + "（" * 500_000,
}


@pytest.mark.parametrize("name", list(HOSTILE))
def test_hostile_input_is_bounded(name: str) -> None:
    found = stages(HOSTILE[name]())
    report, layout = found.report, found.layout
    assert report.diagnostics
    assert found.normalized is not None
    assert len(found.normalized.texts) <= MAX_INPUT_LINES
    assert sum(map(len, found.normalized.texts)) <= MAX_INPUT_CHARS
    assert all(len(row.texts) <= MAX_CELLS_PER_ROW for block in layout.blocks for row in block.rows)
    per_code: dict[str, int] = {}
    for d in report.diagnostics:
        per_code[d.code] = per_code.get(d.code, 0) + 1
    # A repetition-driven code stops at its cap (+1 for the "left out" line); the others are few.
    assert max(per_code.values()) <= MAX_REPEATED_DIAGNOSTICS + 1 + len(report.to_flat()), per_code


def test_over_long_text_is_cut_with_a_diagnostic() -> None:
    report = gipreport.parse(HOSTILE["a line of 10 000 000 digits"]())
    (cut,) = [d for d in report.diagnostics if d.code == "input.too-large"]
    assert str(MAX_INPUT_CHARS) in cut.message


def test_too_many_lines_are_cut_with_a_diagnostic() -> None:
    report = gipreport.parse("规章\t1\t2\t3\n" + "0\n" * (MAX_INPUT_LINES + 5))
    assert report.active_disclosure.regulations.issued == 1
    assert any(d.code == "input.too-large" and str(MAX_INPUT_LINES) in d.message for d in report.diagnostics)


def test_wide_row_is_cut_and_reported() -> None:
    report = gipreport.parse("规章\t" + "\t".join(["1"] * 500))
    assert report.active_disclosure.regulations.issued is None
    assert {"layout.row-too-wide", "map.row-long"} <= {d.code for d in report.diagnostics}


def test_repeated_rows_do_not_flood_diagnostics() -> None:
    report = gipreport.parse("规章\t0\t0\t0\n" * 5_000)
    duplicates = [d for d in report.diagnostics if d.code == "map.row-duplicate"]
    assert len(duplicates) == 101
    assert "left out" in duplicates[-1].message


def test_repeated_diagnostics_are_not_built_past_their_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    """100,000 repeated label rows once built 100,014 diagnostics to keep 101."""
    from gipreport.tables import rows

    built = 0
    make = rows.diagnostic

    def counting(*args: object, **kwargs: object) -> object:
        nonlocal built
        built += 1
        return make(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(rows, "diagnostic", counting)
    gipreport.parse(HOSTILE["100 000 repeated label rows"]())
    assert built <= MAX_REPEATED_DIAGNOSTICS + 10


def test_a_tables_rows_without_labels_left_for_recovery_are_bounded() -> None:
    """Thousands of rows of numbers without a label under a table's heading are junk (a table has a
    few dozen rows): recovery is left MAX_UNLABELLED_ROWS of them, the rest reported, never tried."""
    text = "三、收到和处理政府信息公开申请情况\n" + "4\t5\t6\n" * (3 * MAX_UNLABELLED_ROWS)
    _, layout, _ = read_text(text)
    mapped = map_tables(layout, get("2021"))
    assert sum(waiting.reason == "unlabelled" for waiting in mapped.pending) == MAX_UNLABELLED_ROWS
    report = gipreport.parse(text)
    assert "map.unlabelled-row" in {d.code for d in report.diagnostics}
