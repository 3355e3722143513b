"""The CLI over folders of text, HTML and PDF reports, with --jobs 1 and --jobs 2: reports/s and how
--jobs scales.

    python benchmarks/bench_jobs.py [--texts 1000] [--pages 200] [--pdfs 100]

Each folder holds copies of one sample (a seed text, the real Pingtan page, the real Huai'an PDF) under
different names; each run is a whole `python -m gipreport parse DIR --to csv` process, start-up
included, the best of three. Goal (issue 24): --jobs scales near-linearly to the cores it is given.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
KINDS = (
    ("text", "004_c601c8efb108a009.txt", "texts"),
    ("HTML", "pingtan-zone-2023-page.html", "pages"),
    ("PDF", "huaian-hongze-district-2024.pdf", "pdfs"),
)


def seconds(folder: Path, jobs: int) -> float:
    command = [sys.executable, "-m", "gipreport", "parse", str(folder), "--to", "csv", "-o", os.devnull]
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        subprocess.run([*command, "--jobs", str(jobs), "-q"], check=True, stderr=subprocess.DEVNULL)
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--texts", type=int, default=1000)
    parser.add_argument("--pages", type=int, default=200)
    parser.add_argument("--pdfs", type=int, default=100)
    args = parser.parse_args()
    print(f"{os.cpu_count()} cores; each figure the best of three whole CLI runs")
    with tempfile.TemporaryDirectory() as root:
        for kind, sample, count_name in KINDS:
            count = getattr(args, count_name)
            folder = Path(root) / kind
            folder.mkdir()
            for index in range(count):
                shutil.copyfile(SAMPLES / sample, folder / f"{index:05d}{Path(sample).suffix}")
            one, two = seconds(folder, 1), seconds(folder, 2)
            print(
                f"{kind:4} ({count} copies of {sample}): --jobs 1 {count / one:7.1f} reports/s, "
                f"--jobs 2 {count / two:7.1f} reports/s ({one / two:.2f}x)"
            )


if __name__ == "__main__":
    main()
