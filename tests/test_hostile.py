"""Hostile input: huge or pathological texts finish fast, cut with a diagnostic, never hang.

Bounds are relative to parsing a normal report in the same test run, so a slow CI machine does not
fail them, while a super-linear regex or a million cell objects would.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest

import gipreport
from _support import read_sample
from gipreport.pipeline import MAX_INPUT_CHARS, MAX_INPUT_LINES

NORMAL = read_sample("000_6943510d23fd8daa")
# Generous: the slowest input below takes ~700 normal parses here; a hang takes forever.
BOUND_IN_NORMAL_PARSES = 2000


def _normal_parse_seconds() -> float:
    gipreport.parse(NORMAL)
    best = float("inf")
    for _ in range(5):
        start = time.perf_counter()
        gipreport.parse(NORMAL)
        best = min(best, time.perf_counter() - start)
    return best


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
def test_hostile_input_finishes_fast(name: str) -> None:
    text = HOSTILE[name]()
    bound = BOUND_IN_NORMAL_PARSES * _normal_parse_seconds()
    start = time.perf_counter()
    report = gipreport.parse(text)
    elapsed = time.perf_counter() - start
    assert elapsed < bound, f"{name}: {elapsed:.2f}s, bound {bound:.2f}s"
    assert report.diagnostics


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
