"""The command line: ``gipreport parse | check | show`` (also ``python -m gipreport``)."""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import sys
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from importlib import resources
from pathlib import Path
from typing import IO, Any, Protocol, TypeVar

import attrs

from gipreport import formats
from gipreport.convert import to_dict
from gipreport.diagnostics import Diagnostic
from gipreport.files import parse_bytes
from gipreport.model import Report
from gipreport.records import METADATA_COLUMNS, csv_value, to_record, value_columns
from gipreport.validate import format_of

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


@attrs.frozen
class Outcome:
    """One input's result: the report, or why it could not be read at all."""

    file: str
    report: Report | None
    read_error: str | None


def _read(path: str) -> Outcome:
    """Parse one path ('-' is standard input); never raises, so one bad file cannot stop a run."""
    try:
        data = sys.stdin.buffer.read() if path == "-" else Path(path).read_bytes()
    except OSError as error:
        return Outcome(path, None, f"cannot read: {error.strerror or error}")
    report = parse_bytes(data)
    if any(d.code == "input.binary" for d in report.diagnostics):
        return Outcome(path, report, "binary file (NUL bytes), not a text report")
    return Outcome(path, report, None)


def _expand(paths: Sequence[str], pattern: str) -> list[str]:
    """Files as given; directories searched recursively for ``pattern``, in sorted order."""
    found: list[str] = []
    for path in paths:
        if path != "-" and Path(path).is_dir():
            found.extend(str(p) for p in sorted(Path(path).rglob(pattern)) if p.is_file())
        else:
            found.append(path)
    return found


class _Result(Protocol):
    @property
    def file(self) -> str: ...
    @property
    def read_error(self) -> str | None: ...


_R = TypeVar("_R", bound=_Result)


def _with_progress(outcomes: Iterable[_R], total: int, progress: bool) -> Iterator[_R]:
    """Pass results through, reporting unreadable inputs on stderr and progress on a terminal."""
    for done, outcome in enumerate(outcomes, start=1):
        if outcome.read_error:
            print(f"gipreport: {outcome.file}: {outcome.read_error}", file=sys.stderr)
        if progress:
            print(f"\r{done}/{total} {outcome.file[-60:]:<60}", end="", file=sys.stderr, flush=True)
        yield outcome
    if progress:
        print(file=sys.stderr)


# --- parse ---------------------------------------------------------------------------------------


@attrs.frozen
class Formatted:
    """One input already written in the output format: all that crosses from a worker process."""

    file: str
    read_error: str | None
    text: str


def _json_record(outcome: Outcome) -> dict[str, Any]:
    body = to_dict(outcome.report) if outcome.report is not None else None
    return {"file": outcome.file, "read_error": outcome.read_error, "report": body}


def _format(outcome: Outcome, to: str) -> str:
    if to == "csv":
        buffer = io.StringIO()
        record = to_record(outcome.report, outcome.file, outcome.read_error)
        csv.writer(buffer).writerow([csv_value(value) for value in record.values()])
        return buffer.getvalue()
    if to in ("json", "jsonl"):
        return json.dumps(_json_record(outcome), ensure_ascii=False)
    record = to_record(outcome.report, outcome.file, outcome.read_error)
    keys = format_of(outcome.report).flat_keys if outcome.report is not None else value_columns()
    return "".join(f"{outcome.file}\t{key}\t{csv_value(record[key])}\n" for key in keys)


def _read_and_format(path: str, to: str) -> Formatted:
    outcome = _read(path)
    return Formatted(outcome.file, outcome.read_error, _format(outcome, to))


def _formatted(paths: list[str], to: str, jobs: int, progress: bool) -> Iterator[Formatted]:
    """Each input parsed and formatted, in input order; in worker processes when jobs > 1."""
    if jobs > 1 and len(paths) > 1 and "-" not in paths:
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            chunk = max(1, min(64, len(paths) // (jobs * 8)))
            done = pool.map(_read_and_format, paths, [to] * len(paths), chunksize=chunk)
            yield from _with_progress(done, len(paths), progress)
    else:
        yield from _with_progress((_read_and_format(p, to) for p in paths), len(paths), progress)


def _write(outputs: Iterable[Formatted], to: str, out: IO[str]) -> bool:
    """Write every output as it comes; True when some input could not be read."""
    failed = False
    if to == "csv":
        csv.writer(out).writerow([*METADATA_COLUMNS, *value_columns()])
    elif to == "json":
        out.write("[")
    for position, output in enumerate(outputs):
        failed |= output.read_error is not None
        if to == "json":
            out.write(("," if position else "") + "\n" + output.text)
        elif to == "jsonl":
            out.write(output.text + "\n")
        else:
            out.write(output.text)
    if to == "json":
        out.write("\n]\n")
    return failed


def _cmd_parse(args: argparse.Namespace) -> int:
    paths = _expand(args.paths, args.pattern)
    if not paths:
        print("gipreport: no input files found", file=sys.stderr)
        return EXIT_FAILED
    progress = sys.stderr.isatty() and len(paths) > 1 and not args.quiet
    outputs = _formatted(paths, args.to, args.jobs, progress)
    if args.output:
        with open(args.output, "w", encoding="utf-8", newline="") as out:
            failed = _write(outputs, args.to, out)
    else:
        failed = _write(outputs, args.to, sys.stdout)
    return EXIT_FAILED if failed else EXIT_OK


# --- check ---------------------------------------------------------------------------------------


def _diagnostic_dict(d: Diagnostic, report: Report | None) -> dict[str, Any]:
    spec = format_of(report) if report is not None else formats.get(formats.DEFAULT)
    return {**attrs.asdict(d), "label": spec.describe(d.key) if d.key else None}


def _cmd_check(args: argparse.Namespace) -> int:
    paths = _expand(args.paths, args.pattern)
    any_errors = not paths
    results = []
    for outcome in _with_progress(map(_read, paths), len(paths), progress=False):
        report = outcome.report
        shown = [d for d in (report.diagnostics if report else ()) if args.all or d.severity != "info"]
        shown.sort(key=lambda d: (d.line or 0, d.code))
        errors = len(report.errors if report else ()) + (outcome.read_error is not None)
        any_errors |= errors > 0
        results.append((outcome, shown, errors))
    if args.format == "json":
        payload = [
            {
                "file": outcome.file,
                "read_error": outcome.read_error,
                "organ": outcome.report.organ if outcome.report else None,
                "year": outcome.report.year if outcome.report else None,
                "errors": errors,
                "diagnostics": [_diagnostic_dict(d, outcome.report) for d in shown],
            }
            for outcome, shown, errors in results
        ]
        json.dump(payload, sys.stdout, ensure_ascii=False, indent=1)
        print()
    else:
        for outcome, shown, errors in results:
            _print_check(outcome, shown, errors)
    if not paths:
        print("gipreport: no input files found", file=sys.stderr)
    return EXIT_FAILED if any_errors else EXIT_OK


def _print_check(outcome: Outcome, shown: list[Diagnostic], errors: int) -> None:
    report = outcome.report
    if report is None:
        print(f"{outcome.file}: {outcome.read_error}")
        return
    what = f"{report.organ or '?'} {report.year or '?'} (format {report.format or 'none'})"
    print(f"{outcome.file}: {what}: {errors} error(s), {len(report.warnings)} warning(s)")
    if outcome.read_error:
        print(f"  {outcome.read_error}")
    for d in shown:
        where = f"{outcome.file}:{d.line}" if d.line else outcome.file
        label = f"  [{format_of(report).describe(d.key)}]" if d.key else ""
        print(f"  {where}: {d.severity}: {d.code}  {d.key or ''}{label}")
        print(f"      {d.message}")


# --- show ----------------------------------------------------------------------------------------


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _pad(text: str, width: int, right: bool = False) -> str:
    gap = " " * max(0, width - _width(text))
    return gap + text if right else text + gap


def _grid(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    widths = [max(_width(row[i]) for row in [header, *rows]) for i in range(len(header))]
    lines = ["  ".join(_pad(cell, widths[i], right=i > 0) for i, cell in enumerate(header))]
    lines += ["  ".join(_pad(cell, widths[i], right=i > 0) for i, cell in enumerate(row)) for row in rows]
    return lines


def _marked(report: Report, key: str) -> str:
    value = report.to_flat()[key]
    text = "∅" if value is None else csv_value(value)
    covering = [d for d in report.diagnostics if d.key and (key == d.key or key.startswith(d.key + "."))]
    if any(d.severity == "error" for d in covering):
        return text + "!"
    if any(d.severity == "warning" for d in covering):
        return text + "*"
    return text + " "


def show_lines(report: Report, title: str) -> list[str]:
    """The tables as aligned text, None as ∅, cells under a warning * or an error !."""
    spec = format_of(report)
    lines = [f"{title}: {report.organ or '?'} {report.year or '?'} (format {report.format or 'none'})"]
    for table in spec.tables:
        lines += ["", f"表{table.number} {table.title}"]
        widths = {len(row.columns) for row in table.rows}
        if len(widths) == 1 and max(widths) <= 7 and len(table.rows) > 2:
            header = ["", *table.rows[0].column_labels]
            rows = [[row.label[:22], *(_marked(report, key) for key in row.cells)] for row in table.rows]
            lines += ["  " + line for line in _grid(header, rows)]
        elif all(not row.labels for row in table.rows):
            for row in table.rows:
                blocks = list(dict.fromkeys(label.partition("·")[0] for label in row.column_labels))
                size = len(row.columns) // max(len(blocks), 1)
                header = ["", *(label.partition("·")[2] for label in row.column_labels[:size])]
                grid = [
                    [block, *(_marked(report, key) for key in row.cells[i * size : (i + 1) * size])]
                    for i, block in enumerate(blocks)
                ]
                lines += ["  " + line for line in _grid(header, grid)]
        else:
            for row in table.rows:
                cells = [
                    f"{label} {_marked(report, key)}"
                    for key, label in zip(row.keys, _key_labels(row), strict=True)
                ]
                lines.append(f"  {_pad(row.label, 16)}{'   '.join(cells)}")
    errors, warnings = len(report.errors), len(report.warnings)
    lines += [
        "",
        f"∅ no value   * under a warning   ! under an error   ({errors} error(s), {warnings} warning(s);",
    ]
    lines.append("  run `gipreport check FILE` for each diagnostic with its line)")
    return lines


def _key_labels(row: formats.RowSpec) -> list[str]:
    labels = []
    for column in row.columns:
        labels.append(column.label)
        if column.unit_key:
            labels.append("单位")
    return labels


def _cmd_show(args: argparse.Namespace) -> int:
    report: Report
    if args.path is None:
        data = resources.files("gipreport").joinpath("data/demo.txt").read_bytes()
        report, title = parse_bytes(data), "demo (bundled sample report, 盘州市柏果镇 2023)"
    else:
        outcome = _read(args.path)
        if outcome.report is None:
            return EXIT_FAILED
        report, title = outcome.report, args.path
    print("\n".join(show_lines(report, title)))
    return EXIT_OK


# --- main ----------------------------------------------------------------------------------------


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="gipreport", description="Read 政府信息公开工作年度报告 text into typed, validated data."
    )
    commands = parser.add_subparsers(dest="command", required=True)
    parse = commands.add_parser("parse", help="parse reports into JSON, JSON Lines, CSV or flat lines")
    parse.add_argument("paths", nargs="+", help="files, directories (searched recursively) or - for stdin")
    parse.add_argument("--to", choices=("json", "jsonl", "csv", "flat"), default="jsonl")
    parse.add_argument("-o", "--output", help="write here instead of standard output")
    parse.add_argument("--jobs", type=_positive, default=1, help="parallel processes (default 1)")
    parse.add_argument("--pattern", default="*.txt", help="file pattern inside directories (default *.txt)")
    parse.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    parse.set_defaults(run=_cmd_parse)
    check = commands.add_parser("check", help="check reports' identities; exit 1 when any has errors")
    check.add_argument("paths", nargs="+")
    check.add_argument("--format", choices=("text", "json"), default="text")
    check.add_argument("--all", action="store_true", help="also show info diagnostics")
    check.add_argument("--pattern", default="*.txt")
    check.set_defaults(run=_cmd_check)
    show = commands.add_parser("show", help="draw a report's tables (the bundled demo without FILE)")
    show.add_argument("path", nargs="?")
    show.set_defaults(run=_cmd_show)
    return parser


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return min(value, os.cpu_count() or 1) if value > 64 else value


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        code: int = args.run(args)
    except BrokenPipeError:  # `gipreport parse dir | head` is fine
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    return code
