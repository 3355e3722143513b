"""Hostile inputs timed against a normal parse (the timing the tests leave out).

    python benchmarks/bench_hostile.py

Each input of ``tests/test_hostile.py`` is parsed once and its time printed as a multiple of the best
of five parses of seed 000; the target is under 2,000 normal parses each (a hang never finishes).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import gipreport

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from test_hostile import HOSTILE, NORMAL

BOUND_IN_NORMAL_PARSES = 2000


def best_of(count: int, text: str) -> float:
    best = float("inf")
    for _ in range(count):
        start = time.perf_counter()
        gipreport.parse(text)
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    normal = best_of(5, NORMAL)
    print(f"normal parse (seed 000): {normal * 1000:.2f} ms; bound {BOUND_IN_NORMAL_PARSES} normal parses")
    for name, make in HOSTILE.items():
        text = make()
        elapsed = best_of(1, text)
        ratio = elapsed / normal
        mark = "ok" if ratio < BOUND_IN_NORMAL_PARSES else "OVER"
        print(f"{name:40} {elapsed:8.3f} s  {ratio:8.0f} normal parses  {mark}")


if __name__ == "__main__":
    main()
