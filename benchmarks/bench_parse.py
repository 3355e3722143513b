"""Parse speed and memory, measured against a floor taken in the same run on the same texts.

    python benchmarks/bench_parse.py                  # samples + a fixed corpus drawn from the strategies
    python benchmarks/bench_parse.py --corpus DIR --jobs 2   # the CLI path over a folder

The floor is the cost of ``[line.split("\\t") for line in text.splitlines()]`` plus
``re.findall(r"\\d+", text)``: reading the text once. Targets: the seed samples parse in at most 9x
the floor (issues 11, 12 and 14; issue 5 asked for 10x, issue 10 for 9.5x); RSS does not grow over a
long loop; --jobs scales close to linearly.
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
RATIO_TARGET = 9.0


def floor(text: str) -> None:
    [line.split("\t") for line in text.splitlines()]
    re.findall(r"\d+", text)


def mean_seconds(function: Callable[[str], object], texts: list[str], repeats: int) -> float:
    """The mean time per text over ``repeats`` passes over ``texts``."""
    start = time.perf_counter()
    for _ in range(repeats):
        for text in texts:
            function(text)
    return (time.perf_counter() - start) / (repeats * len(texts))


def parse_and_floor_seconds(texts: list[str], repeats: int, rounds: int = 9) -> tuple[float, float]:
    """The best per-text times of parse and of the floor over ``rounds`` rounds.

    The two are timed in alternation, so that a burst of load from a neighbour on a shared machine
    slows both alike instead of skewing their ratio; many short rounds give the best of each a
    better chance of a quiet moment than a few long ones.
    """
    parse_s = floor_s = float("inf")
    for _ in range(rounds):
        floor_s = min(floor_s, mean_seconds(floor, texts, repeats * 5))
        parse_s = min(parse_s, mean_seconds(gipreport.parse, texts, repeats))
    return parse_s, floor_s


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
    parse_s, floor_s = parse_and_floor_seconds(texts, repeats)
    chars = sum(map(len, texts)) / len(texts)
    ratio = parse_s / floor_s
    print(
        f"{name:<28} {len(texts):>5} texts  {chars:>8.0f} chars  {1 / parse_s:>8.1f} reports/s  "
        f"{parse_s * 1e6:>8.0f} us/report  floor {floor_s * 1e6:>6.0f} us  ratio {ratio:>5.1f}x  "
        f"peak {peak_kib(texts[:20]):>7.0f} KiB"
    )
    return ratio


def each_ratio(named_texts: dict[str, str], repeats: int) -> None:
    """The ratio of each text alone: small reports come out higher, the fixed per-report work (the
    Cell of every key, the table objects, the checks) weighing more against a shorter floor."""
    figures = []
    for name, text in named_texts.items():
        parse_s, floor_s = parse_and_floor_seconds([text], repeats)
        figures.append(f"{name} {parse_s / floor_s:.1f}x")
    print(f"{'  each sample alone':<28} " + ", ".join(figures))


def memory_loop(text: str, count: int) -> None:
    """RSS before, halfway and after ``count`` parses: the first half may fill bounded caches (cell
    roles, the allocator's arenas); the second half shows whether memory grows per report."""
    gipreport.parse(text)
    readings = [rss_kib()]
    for _ in range(2):
        for _ in range(count // 2):
            gipreport.parse(text)
        readings.append(rss_kib())
    start, half, end = readings
    print(
        f"RSS over {count} parses: {start:.0f} KiB -> {half:.0f} KiB halfway -> {end:.0f} KiB "
        f"({end - half:+.0f} KiB over the second half)"
    )


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


REAL_RENDERINGS = (
    "pingtan-zone-2022-crawler.txt",
    "pingtan-zone-2019-crawler.txt",
    "shanghai-office-2025-pdftext.md",
    "huaian-hongze-district-2024-pdftotext-layout.txt",
)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--corpus", help="a folder of .txt reports: time the CLI path over it")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--size", type=int, default=200, help="reports drawn from the strategies")
    parser.add_argument("--repeats", type=int, default=12)
    parser.add_argument("--loop", type=int, default=10_000, help="parses in the memory loop")
    args = parser.parse_args()
    if args.corpus:
        corpus_run(args.corpus, args.jobs)
        return 0
    # The seeds (000-004) are what the speed target is measured on; the real renderings (PDF text,
    # crawler dumps) are damaged on purpose and go through recovery, so they are reported apart.
    named = {p.stem[:3]: p.read_text(encoding="utf-8") for p in sorted((ROOT / "samples").glob("0*.txt"))}
    # Named, not globbed: the samples folder also holds a hundred converter outputs (bench_real.py).
    real = {name: (ROOT / "samples" / name).read_text(encoding="utf-8") for name in REAL_RENDERINGS}
    samples = list(named.values())
    print(f"gipreport {gipreport.__version__}, Python {sys.version.split()[0]}, {os.cpu_count()} CPU(s)")
    ratio = report("seed samples", samples, args.repeats)
    each_ratio(named, args.repeats)
    report("real text renderings", list(real.values()), max(1, args.repeats // 2))
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
    print(f"target: seed samples within {RATIO_TARGET:.1f}x the floor: {verdict} ({ratio:.1f}x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
