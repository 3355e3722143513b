"""CPU time per example of each public strategy, against the goal of issue 25.

    python benchmarks/bench_strategies.py [--examples 200]

Each strategy runs in a Hypothesis test that does nothing with its example (generation only,
derandomized, no database), once to warm up and once measured. The goal: at most 10 ms an example,
a tenth of the 0.1 s the first strategies cost, so that a user's first ``@given`` test passes
Hypothesis' ``too_slow`` health check on a loaded machine.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from gipreport import strategies as gs

GOAL_MS = 10.0


def cost_ms(strategy: st.SearchStrategy[object], examples: int) -> float:
    drawn = 0

    @settings(
        max_examples=examples,
        derandomize=True,
        database=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
        deadline=None,
    )
    @given(strategy)
    def draw_only(example: object) -> None:
        nonlocal drawn
        drawn += 1

    draw_only()  # warm up: strategies are built lazily
    drawn = 0
    start = time.process_time()
    draw_only()
    return (time.process_time() - start) / max(drawn, 1) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=200)
    args = parser.parse_args()
    cases: dict[str, Callable[[], st.SearchStrategy[object]]] = {
        "reports()": gs.reports,
        'reports(format="2019", blanks=True)': lambda: gs.reports(format="2019", blanks=True),
        "rendered_reports()": gs.rendered_reports,
        'rendered_reports(layout="tab", noise=[...])': lambda: gs.rendered_reports(
            layout="tab", noise=["fullwidth", "broken-cells", "label-variants"]
        ),
        "inconsistent_reports()": gs.inconsistent_reports,
        "cell_texts()": gs.cell_texts,
    }
    for name, make in cases.items():
        figure = cost_ms(make(), args.examples)
        verdict = "met" if figure <= GOAL_MS else "NOT met"
        print(f"{name:46} {figure:6.2f} ms an example (goal {GOAL_MS:.0f} ms: {verdict})")


if __name__ == "__main__":
    main()
