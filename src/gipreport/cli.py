"""The command line: ``gipreport parse | check | show`` (also ``python -m gipreport``).

Exit codes: 0 done; 1 some input could not be read (``parse``) or has errors (``check``); 2 a usage
error, in one line; 130 Ctrl-C; 141 the reader of standard output went away (``| head``).
"""

from __future__ import annotations

import argparse
import csv
import functools
import io
import json
import os
import sys
import time
from collections.abc import Callable, Generator, Sequence
from importlib import resources
from typing import IO, Any

import attrs

from gipreport import batch, formats
from gipreport.arguments import EXIT_USAGE, parser
from gipreport.batch import DEFAULT_PATTERNS, Inputs, Progress, Tally, shown
from gipreport.convert import from_flat, to_dict
from gipreport.corpus import CorpusDiagnostic, check_corpus
from gipreport.diagnostics import Diagnostic
from gipreport.files import parse_bytes
from gipreport.model import Report
from gipreport.records import METADATA_COLUMNS, csv_value, to_record, value_columns
from gipreport.validate import format_of
from gipreport.views import text_tables

EXIT_OK, EXIT_FAILED, EXIT_INTERRUPTED, EXIT_CLOSED_OUTPUT = 0, 1, 130, 141


@attrs.frozen
class Outcome:
    """One input's result: the report, or why it could not be read at all."""

    file: str
    report: Report | None
    read_error: str | None


def read_one(path: str, report_format: str = "auto") -> Outcome:
    """Parse one path ('-' is standard input); never raises, so one bad file cannot stop a run."""
    name = shown(path)
    try:
        data = batch.read_input(path)
    except OSError as error:
        return Outcome(name, None, f"cannot read: {error.strerror or error}")
    try:
        report = parse_bytes(data, format=report_format)
    except Exception as error:
        return Outcome(name, None, f"internal error while parsing ({type(error).__name__}: {error})")
    report = attrs.evolve(report, source_name=name)
    # Three kinds of file that are not reports, told apart from a report with errors (and left out of
    # the corpus checks): nothing in it, bytes that are not text, text with nothing of a report.
    if not data.strip():
        return Outcome(name, None, "empty file")
    if any(d.code == "input.binary" for d in report.diagnostics):
        return Outcome(name, None, "binary file (NUL bytes), not a text report")
    if report.format is None and report.title is None and not _said_why(report):
        return Outcome(name, None, "not a report: no title, no table of a report's format")
    return Outcome(name, report, None)


def _said_why(report: Report) -> bool:
    """The report carries an input error that says why nothing was read (an extra not installed, a
    PDF without a text layer): it is shown, not summed up as "not a report"."""
    return any(d.code.startswith("input.") and d.severity == "error" for d in report.diagnostics)


class _Result:
    """What crosses back from a worker: the file, why it could not be read, its error count, its
    output already written as text, and (for corpus checks) what the corpus needs of its report."""

    __slots__ = ("corpus", "errors", "file", "read_error", "text")

    def __init__(
        self, file: str, read_error: str | None, errors: int, text: str, corpus: dict[str, Any] | None = None
    ) -> None:
        self.file, self.read_error, self.errors, self.text = file, read_error, errors, text
        self.corpus = corpus


def _corpus_record(outcome: Outcome, path: str) -> dict[str, Any] | None:
    report = outcome.report
    if report is None or report.format is None:
        return None
    return {
        "flat": report.to_flat(),
        "organ": report.organ,
        "year": report.year,
        "format": report.format,
        "source_name": outcome.file,
        "path": os.path.realpath(path) if path != "-" else path,
    }


def _errors(outcome: Outcome) -> int:
    return len(outcome.report.errors) if outcome.report is not None else 0


def _file_of(result: _Result) -> str:
    return result.file


def _run_batch(
    args: argparse.Namespace,
    work: Callable[[str], _Result],
    out: IO[str],
    write: Callable[[_Result], None],
    inputs: Inputs,
) -> Tally:
    """Run ``work`` over the inputs and ``write`` each result as it comes, in input order."""
    for entry in inputs.skipped:
        what = {"link to a directory": ", not followed", "dangling link": ""}.get(entry.kind, ", not opened")
        print(f"gipreport: {shown(entry.path)}: skipped: a {entry.kind}{what}", file=sys.stderr)
    tally = Tally()
    progress = Progress(len(inputs.files), sys.stderr, sys.stderr.isatty() and not args.quiet)
    results: Generator[_Result, None, None] = batch.with_progress(
        batch.run(work, inputs.files, args.jobs), _file_of, progress
    )
    try:
        try:
            for result in results:
                tally.count(result.read_error, result.errors)
                if result.read_error:
                    progress.note(f"gipreport: {result.file}: {result.read_error}")
                write(result)
                out.flush()  # a reader that went away (| head) is noticed now, not after the batch
        except KeyboardInterrupt:
            raise batch.Interrupted(tally.read + tally.unreadable, len(inputs.files)) from None
    finally:
        results.close()  # stops the workers now, on a closed stdout too
    return tally


# --- parse ---------------------------------------------------------------------------------------


def _json_record(outcome: Outcome) -> dict[str, Any]:
    body = to_dict(outcome.report) if outcome.report is not None else None
    return {"file": outcome.file, "read_error": outcome.read_error, "report": body}


def _formatted(outcome: Outcome, to: str) -> str:
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


def _parse_work(path: str, to: str, report_format: str) -> _Result:
    outcome = read_one(path, report_format)
    return _Result(outcome.file, outcome.read_error, _errors(outcome), _formatted(outcome, to))


def _cmd_parse(args: argparse.Namespace, out: IO[str]) -> int:
    inputs = batch.find_inputs(args.paths, args.pattern or DEFAULT_PATTERNS)
    if not inputs.files:
        print(batch.summary(Tally(), inputs, 0.0), file=sys.stderr)
        print("gipreport: no input files found", file=sys.stderr)
        return EXIT_FAILED
    to = args.to
    started = time.monotonic()
    if to == "csv":
        out.write("\ufeff" if args.excel else "")
        csv.writer(out).writerow([*METADATA_COLUMNS, *value_columns()])
    elif to == "json":
        out.write("[")
    count = 0

    def write(result: _Result) -> None:
        nonlocal count
        if to == "json":
            out.write(("," if count else "") + "\n" + result.text)
        elif to == "jsonl":
            out.write(result.text + "\n")
        else:
            out.write(result.text)
        count += 1

    work = functools.partial(_parse_work, to=to, report_format=args.format)
    try:
        tally = _run_batch(args, work, out, write, inputs)
    finally:  # interrupted too: what was written stays valid JSON
        if to == "json":
            out.write("\n]\n")
    out.flush()
    print(batch.summary(tally, inputs, time.monotonic() - started), file=sys.stderr)
    return EXIT_FAILED if tally.unreadable else EXIT_OK


# --- check ---------------------------------------------------------------------------------------


def _diagnostic_dict(d: Diagnostic, report: Report | None) -> dict[str, Any]:
    spec = format_of(report) if report is not None else formats.get(formats.DEFAULT)
    return {**attrs.asdict(d), "label": spec.describe(d.key) if d.key else None}


def _check_work(path: str, to: str, show_all: bool, report_format: str, corpus: bool = False) -> _Result:
    outcome = read_one(path, report_format)
    result = _check_result(outcome, to, show_all)
    if corpus and outcome.read_error is None:
        result.corpus = _corpus_record(outcome, path)
    return result


def _check_result(outcome: Outcome, to: str, show_all: bool) -> _Result:
    report = outcome.report
    shown_here = [d for d in (report.diagnostics if report else ()) if show_all or d.severity != "info"]
    shown_here.sort(key=lambda d: (d.line or 0, d.code))
    errors = _errors(outcome) + (outcome.read_error is not None)
    if to == "json":
        payload = {
            "file": outcome.file,
            "read_error": outcome.read_error,
            "organ": report.organ if report else None,
            "year": report.year if report else None,
            "errors": errors,
            "diagnostics": [_diagnostic_dict(d, report) for d in shown_here],
        }
        return _Result(outcome.file, outcome.read_error, errors, json.dumps(payload, ensure_ascii=False))
    return _Result(outcome.file, outcome.read_error, errors, _check_text(outcome, shown_here, errors))


def _check_text(outcome: Outcome, shown_here: list[Diagnostic], errors: int) -> str:
    report = outcome.report
    if report is None:
        return f"{outcome.file}: {outcome.read_error}\n"
    what = f"{report.organ or '?'} {report.year or '?'} (format {report.format or 'none'})"
    lines = [f"{outcome.file}: {what}: {errors} error(s), {len(report.warnings)} warning(s)"]
    if outcome.read_error:
        lines.append(f"  {outcome.read_error}")
    for d in shown_here:
        where = f"{outcome.file}:{d.line}" if d.line else outcome.file
        label = f"  [{format_of(report).describe(d.key)}]" if d.key else ""
        lines.append(f"  {where}: {d.severity}: {d.code}  {d.key or ''}{label}")
        lines.append(f"      {d.message}")
    return "\n".join(lines) + "\n"


def _cmd_check(args: argparse.Namespace, out: IO[str]) -> int:
    corpus = args.across_years or args.hierarchy is not None
    aliases, hierarchy = _corpus_files(args)
    inputs = batch.find_inputs(args.paths, args.pattern or DEFAULT_PATTERNS)
    started = time.monotonic()
    # With corpus checks the JSON is an object: {"reports": [...], "corpus": [...]}.
    out.write(('{\n"reports": [' if corpus else "[") if args.to == "json" else "")
    count = 0
    records: list[dict[str, Any]] = []

    def write(result: _Result) -> None:
        nonlocal count
        out.write((("," if count else "") + "\n" + result.text) if args.to == "json" else result.text)
        count += 1
        if result.corpus is not None:
            records.append(result.corpus)

    work = functools.partial(
        _check_work, to=args.to, show_all=args.all, report_format=args.format, corpus=corpus
    )
    try:
        tally = _run_batch(args, work, out, write, inputs)
    except batch.Interrupted:
        if args.to == "json":  # what was written stays valid JSON, the corpus not checked
            out.write('\n],\n"corpus": null\n}\n' if corpus else "\n]\n")
        raise
    corpus_errors = 0
    if corpus:
        found = _corpus_checks(records, aliases, hierarchy)
        corpus_errors = sum(item.diagnostic.severity == "error" for item in found)
        _write_corpus(found, records, args.to, args.all, out)
    elif args.to == "json":
        out.write("\n]\n")
    out.flush()
    print(batch.summary(tally, inputs, time.monotonic() - started), file=sys.stderr)
    if not inputs.files:
        print("gipreport: no input files found", file=sys.stderr)
    failed = not inputs.files or tally.unreadable or tally.with_errors or corpus_errors
    return EXIT_FAILED if failed else EXIT_OK


def _corpus_files(args: argparse.Namespace) -> tuple[dict[str, str], dict[str, list[str]] | None]:
    """The aliases and hierarchy files, read before any work (a bad file is a usage error)."""
    aliases: dict[str, str] = {}
    hierarchy: dict[str, list[str]] | None = None
    try:
        if args.aliases:
            with open(args.aliases, encoding="utf-8") as handle:
                aliases = {str(old): str(new) for old, new in json.load(handle).items()}
        if args.hierarchy:
            if not args.additive:
                raise ValueError(
                    "--hierarchy needs --additive: a parent report is not in general the sum of its "
                    "children's, so say that these are"
                )
            folder = os.path.dirname(os.path.abspath(args.hierarchy))
            with open(args.hierarchy, encoding="utf-8") as handle:
                hierarchy = {
                    os.path.realpath(os.path.join(folder, parent)): [
                        os.path.realpath(os.path.join(folder, child)) for child in children
                    ]
                    for parent, children in json.load(handle).items()
                }
    except (OSError, ValueError, AttributeError, TypeError) as error:
        print(f"gipreport check: error: {error} (see gipreport check --help)", file=sys.stderr)
        raise SystemExit(EXIT_USAGE) from None
    return aliases, hierarchy


def _corpus_checks(
    records: list[dict[str, Any]], aliases: dict[str, str], hierarchy: dict[str, list[str]] | None
) -> tuple[CorpusDiagnostic, ...]:
    reports = [
        from_flat(
            record["flat"],
            organ=record["organ"],
            year=record["year"],
            format=record["format"],
            source_name=record["source_name"],
        )
        for record in records
    ]
    if hierarchy is not None:  # the file names paths; the reports go by the names they are shown by
        name_of = {record["path"]: record["source_name"] for record in records}
        hierarchy = {
            name_of.get(parent, shown(parent)): [name_of.get(child, shown(child)) for child in children]
            for parent, children in hierarchy.items()
        }
    return check_corpus(reports, aliases=aliases, hierarchy=hierarchy, additive=hierarchy is not None)


def _write_corpus(
    found: Sequence[CorpusDiagnostic], records: list[dict[str, Any]], to: str, show_all: bool, out: IO[str]
) -> None:
    shown_items = [item for item in found if show_all or item.diagnostic.severity != "info"]
    if to == "json":
        items = [
            {"file": item.source, "other": item.other, **attrs.asdict(item.diagnostic)}
            for item in shown_items
        ]
        out.write('\n],\n"corpus": ' + json.dumps(items, ensure_ascii=False, indent=1) + "\n}\n")
        return
    out.write(f"across reports ({len(records)} compared): {len(shown_items)} finding(s)\n")
    for item in shown_items:
        d = item.diagnostic
        out.write(f"  {item.source}: {d.severity}: {d.code}  {d.key or ''}\n      {d.message}\n")


# --- show ----------------------------------------------------------------------------------------


def _cmd_show(args: argparse.Namespace, out: IO[str]) -> int:
    if args.path is None:
        data = resources.files("gipreport").joinpath("data/demo.txt").read_bytes()
        report: Report = parse_bytes(data, format=args.format)
        title = "demo (bundled sample report, 盘州市柏果镇 2023)"
    else:
        outcome = read_one(args.path, args.format)
        if outcome.read_error or outcome.report is None:
            print(f"gipreport: {outcome.file}: {outcome.read_error}", file=sys.stderr)
            return EXIT_FAILED
        report, title = outcome.report, outcome.file
    out.write("\n".join(text_tables(report, title)) + "\n")
    out.write("run `gipreport check FILE` for each diagnostic with its line and labels\n")
    return EXIT_OK


# --- main ----------------------------------------------------------------------------------------


class _Escaping(io.TextIOBase):
    """Standard output that escapes the control characters a file's text may carry (an organ, a
    cell, a diagnostic quoting it): a crafted report cannot drive the terminal it is shown on."""

    def __init__(self, stream: IO[str]) -> None:
        self.stream = stream

    def write(self, text: str) -> int:
        self.stream.write(batch.escape_controls(text))
        return len(text)

    def flush(self) -> None:
        self.stream.flush()

    def fileno(self) -> int:
        return self.stream.fileno()


def _open_output(path: str | None, command: str) -> IO[str]:
    if path is None:
        return _Escaping(sys.stdout)  # type: ignore[return-value]
    try:
        return open(path, "w", encoding="utf-8", newline="")
    except OSError as error:
        print(
            f"gipreport {command}: error: cannot write -o {shown(path)}: {error.strerror or error}",
            file=sys.stderr,
        )
        raise SystemExit(EXIT_USAGE) from None


def main(argv: Sequence[str] | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):  # a file name that is not UTF-8 must never crash a print
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="backslashreplace")
    args = parser().parse_args(argv)
    run = {"parse": _cmd_parse, "check": _cmd_check, "show": _cmd_show}[args.command]
    if getattr(args, "excel", False) and args.to != "csv":
        print(
            "gipreport parse: error: --excel applies to --to csv (see gipreport parse --help)",
            file=sys.stderr,
        )
        return EXIT_USAGE
    out = _open_output(args.output, args.command)
    try:
        code = run(args, out)
    except batch.Interrupted as stop:
        print(f"gipreport: interrupted after {stop.done} of {stop.total} files", file=sys.stderr)
        return EXIT_INTERRUPTED
    except KeyboardInterrupt:
        print("gipreport: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:  # `gipreport parse dir | head`: stop the batch, quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_CLOSED_OUTPUT
    finally:
        if args.output is not None:
            out.close()
    return code
