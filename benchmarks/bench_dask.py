"""Reports/s over a corpus on Dask (1 and 2 workers of a LocalCluster) beside `gipreport parse --jobs`.

    python benchmarks/bench_dask.py [--files 2000]

The corpus is the seed samples copied to N files in a temporary folder. Dask writes the Parquet
dataset (reports and diagnostics); the CLI writes CSV. Both include reading and parsing every file;
Dask's figure excludes starting the cluster (printed apart). Needs the `dask` extra.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SAMPLES = Path(__file__).resolve().parent.parent / "samples"


def corpus(folder: Path, count: int) -> list[str]:
    seeds = sorted(SAMPLES.glob("00*.txt"))
    paths = []
    for number in range(count):
        path = folder / f"r{number:05d}.txt"
        shutil.copy(seeds[number % len(seeds)], path)
        paths.append(str(path))
    return paths


def dask_rate(paths: list[str], workers: int, out: Path) -> tuple[float, float]:
    from dask.distributed import Client, LocalCluster

    import gipreport.dask

    started = time.perf_counter()
    with (
        LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        Client(cluster),
    ):
        ready = time.perf_counter()
        gipreport.dask.to_parquet(paths, out, npartitions=workers * 8)
        done = time.perf_counter()
    return len(paths) / (done - ready), ready - started


def cli_rate(folder: Path, jobs: int, out: Path) -> float:
    script = Path(sys.executable).with_name("gipreport")
    started = time.perf_counter()
    subprocess.run(
        [str(script), "parse", str(folder), "--to", "csv", "-o", str(out), "--jobs", str(jobs), "-q"],
        check=False,
        capture_output=True,
    )
    return (len(list(folder.glob("*.txt")))) / (time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=2000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temporary:
        root = Path(temporary)
        folder = root / "corpus"
        folder.mkdir()
        paths = corpus(folder, args.files)
        print(f"{args.files} files (the seed samples, copied)")
        for workers in (1, 2):
            rate, startup = dask_rate(paths, workers, root / f"dask{workers}")
            print(
                f"  dask LocalCluster, {workers} worker(s): {rate:,.0f} reports/s "
                f"(cluster start {startup:.1f} s)"
            )
        for jobs in (1, 2):
            print(
                f"  gipreport parse --jobs {jobs}: "
                f"{cli_rate(folder, jobs, root / f'cli{jobs}.csv'):,.0f} reports/s"
            )


if __name__ == "__main__":
    main()
