"""Worst-case time of the recovery stage: a table 三 whose 25 rows ran together, 15 digits each, and a
search that spends its whole budget of states.

    python benchmarks/bench_recover.py [--trials 30]

Two kinds of run-together table, each parsed whole (layout, mapping, recovery, validation) and timed
alone: random digits (the rows' own identity rejects almost every cut) and rows that add up (a
consistent table whose numbers make 15 digits a row, so every row has real readings to weigh).
Target (issue 12): under 50 ms per table. Then the budget: the blank-total sample with one row padded
by a TAB, so that every other row may be padding beside a lost cell and the search stops at
``MAX_SEARCH_NODES`` states (issue 21: a budget of states bounds the time, and says so).
"""

from __future__ import annotations

import argparse
import random
import time
from pathlib import Path

import gipreport
from gipreport import formats
from gipreport.tables import search

ROOT = Path(__file__).resolve().parent.parent

TARGET_MS = 50.0


def _labels() -> list[str]:
    table = formats.get("2021").table("applications")
    return [row.labels[0] for row in table.rows if row.labels and not row.derived_from]


def random_table(rng: random.Random) -> str:
    return "".join(f"{label}{''.join(rng.choice('0123456789') for _ in range(15))}" for label in _labels())


def consistent_table(rng: random.Random) -> str:
    rows = []
    for label in _labels():
        while True:  # six parts and their total, 15 digits in all
            parts = [rng.randrange(0, 10 ** rng.randrange(1, 3)) for _ in range(6)]
            digits = "".join(map(str, [*parts, sum(parts)]))
            if len(digits) == 15:
                break
        rows.append(label + digits)
    return "".join(rows)


def worst_ms(make: object, trials: int, rng: random.Random) -> tuple[float, float]:
    times = []
    for _ in range(trials):
        text = "三、收到和处理政府信息公开申请情况\n" + make(rng) + "\n"  # type: ignore[operator]
        start = time.perf_counter()
        gipreport.parse(text)
        times.append((time.perf_counter() - start) * 1000)
    return max(times), sum(times) / len(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=30)
    args = parser.parse_args()
    rng = random.Random(12)
    gipreport.parse("")  # build the label index first
    for name, make in (("random digits", random_table), ("rows that add up", consistent_table)):
        worst, mean = worst_ms(make, args.trials, rng)
        verdict = "met" if worst < TARGET_MS else "NOT met"
        print(
            f"{name:18s} 25 rows x 15 digits: worst {worst:6.1f} ms, mean {mean:6.1f} ms "
            f"({verdict}: < {TARGET_MS:.0f} ms)"
        )
    print(f"a search to its budget ({search.MAX_SEARCH_NODES:,} states): {budget_ms():.0f} ms")


def budget_ms() -> float:
    text = (ROOT / "samples" / "pingtan-zone-2019-rendered-blank-totals.txt").read_text(encoding="utf-8")
    lines = text.split("\n")
    padded = next(i for i, line in enumerate(lines) if line.startswith("一、本年新收"))
    lines[padded] += "\t"
    text = "\n".join(lines)
    start = time.perf_counter()
    report = gipreport.parse(text)
    elapsed = (time.perf_counter() - start) * 1000
    assert any(d.code == "recover.budget" for d in report.diagnostics)
    return elapsed


if __name__ == "__main__":
    main()
