"""Parse speed and memory, measured against a floor taken in the same run on the same texts.

    python benchmarks/bench_parse.py                  # samples + a fixed corpus drawn from the strategies
    python benchmarks/bench_parse.py --corpus DIR --jobs 2   # the CLI path over a folder

The floor is the cost of ``[line.split("\\t") for line in text.splitlines()]`` plus
``re.findall(r"\\d+", text)``: reading the text once. Targets (issue 5): a seed-sized report parses in
at most 10x the floor; RSS does not grow over a long loop; --jobs scales close to linearly.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import gipreport

ROOT = Path(__file__).resolve().parent.parent
RATIO_TARGET = 10.0


def floor(text: str) -> None:
    [line.split("\t") for line in text.splitlines()]
    re.findall(r"\d+", text)


def best_seconds(function: Callable[[str], object], texts: list[str], repeats: int, rounds: int) -> float:
    """Best over ``rounds`` of the mean time per text over ``repeats`` passes."""
    best = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        for _ in range(repeats):
            for text in texts:
                function(text)
        best = min(best, (time.perf_counter() - start) / (repeats * len(texts)))
    return best


def peak_kib(texts: list[str]) -> float:
    """The largest tracemalloc peak while parsing one of the texts."""
    peak = 0
    for text in texts:
        tracemalloc.start()
        gipreport.parse(text)
        peak = max(peak, tracemalloc.get_traced_memory()[1])
        tracemalloc.stop()
    return peak / 1024


def rss_kib() -> float:
    """Current resident set size (Linux /proc), else the peak from getrusage."""
    try:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1024
    except OSError:
        return float(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)


def strategy_corpus(size: int) -> list[str]:
    """A fixed corpus: ``size`` reports drawn deterministically from gipreport.strategies."""
    from hypothesis import HealthCheck, Phase, given, settings

    from gipreport import strategies

    texts: list[str] = []

    @settings(
        max_examples=size,
        derandomize=True,
        database=None,
        phases=[Phase.generate],
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(strategies.rendered_reports(blanks=True))
    def collect(pair: tuple[gipreport.Report, str]) -> None:
        texts.append(pair[1])

    collect()
    return texts


def report(name: str, texts: list[str], repeats: int) -> float:
    for text in texts:  # warm caches (label index, regex compilation) before timing
        gipreport.parse(text)
    floor_s = best_seconds(floor, texts, repeats * 5, 3)
    parse_s = best_seconds(gipreport.parse, texts, repeats, 3)
    chars = sum(map(len, texts)) / len(texts)
    ratio = parse_s / floor_s
    print(
        f"{name:<28} {len(texts):>5} texts  {chars:>8.0f} chars  {1 / parse_s:>8.1f} reports/s  "
        f"{parse_s * 1e6:>8.0f} us/report  floor {floor_s * 1e6:>6.0f} us  ratio {ratio:>5.1f}x  "
        f"peak {peak_kib(texts[:20]):>7.0f} KiB"
    )
    return ratio


def memory_loop(text: str, count: int) -> None:
    gipreport.parse(text)
    before = rss_kib()
    for _ in range(count):
        gipreport.parse(text)
    after = rss_kib()
    print(f"RSS over {count} parses: {before:.0f} KiB -> {after:.0f} KiB ({after - before:+.0f} KiB)")


def corpus_run(folder: str, jobs: int) -> None:
    from gipreport.cli import main

    files = [p for p in Path(folder).rglob("*.txt") if p.is_file()]
    for n in sorted({1, jobs}):
        start = time.perf_counter()
        main(["parse", folder, "--to", "csv", "-o", os.devnull, "--jobs", str(n), "-q"])
        elapsed = time.perf_counter() - start
        print(
            f"CLI parse --jobs {n}: {len(files)} files in {elapsed:.2f}s = "
            f"{len(files) / elapsed:.1f} reports/s"
        )


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--corpus", help="a folder of .txt reports: time the CLI path over it")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--size", type=int, default=200, help="reports drawn from the strategies")
    parser.add_argument("--repeats", type=int, default=20)
    parser.add_argument("--loop", type=int, default=10_000, help="parses in the memory loop")
    args = parser.parse_args()
    if args.corpus:
        corpus_run(args.corpus, args.jobs)
        return 0
    samples = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "samples").glob("*.txt"))]
    print(f"gipreport {gipreport.__version__}, Python {sys.version.split()[0]}, {os.cpu_count()} CPU(s)")
    ratio = report("seed samples", samples, args.repeats)
    try:
        corpus = strategy_corpus(args.size)
    except ImportError:
        print("strategy corpus skipped: it needs Hypothesis (pip install 'gipreport[strategies]')")
    else:
        report("strategy corpus", corpus, max(1, args.repeats // 10))
    memory_loop(samples[0], args.loop)
    with tempfile.TemporaryDirectory() as folder:
        for copy in range(200):
            for number, text in enumerate(samples):
                Path(folder, f"{copy:03}_{number}.txt").write_text(text, encoding="utf-8")
        corpus_run(folder, args.jobs)
    verdict = "met" if ratio <= RATIO_TARGET else "NOT met"
    print(f"target: seed samples within {RATIO_TARGET:.0f}x the floor: {verdict} ({ratio:.1f}x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
