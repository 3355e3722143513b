"""The command line's arguments: ``parser()`` builds every command with its options, defaults and help.

Usage errors are one line and exit 2 (``EXIT_USAGE``); ``cli.main`` runs the command parsed.
"""

from __future__ import annotations

import argparse
import functools
import os
from typing import NoReturn

from gipreport import __version__, formats
from gipreport.batch import DEFAULT_PATTERNS

EXIT_USAGE = 2


class _Parser(argparse.ArgumentParser):
    """Usage errors in one line (and exit 2), naming the command's --help."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


def _jobs(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{value} is less than 1")
    return min(value, max(os.cpu_count() or 1, 1) * 4)


def _common(command: argparse.ArgumentParser, batch_command: bool = True) -> None:
    names = [spec.name for spec in formats.registered()]  # a format registered before main() runs too
    command.add_argument(
        "--format",
        choices=("auto", *names),
        default="auto",
        help=f"the national format of the reports' tables: detected (auto), {' or '.join(names)}",
    )
    if not batch_command:
        return
    command.add_argument(
        "paths",
        nargs="+",
        metavar="PATH",
        help="report files (text, HTML, DOCX, PDF; chosen by content), directories (searched "
        "recursively; links to directories not followed, links to files read) or - for standard input",
    )
    command.add_argument(
        "--pattern",
        action="append",
        metavar="GLOB",
        help="file names to take inside directories, ignoring case; repeat for several "
        f"(default: {' '.join(DEFAULT_PATTERNS)})",
    )
    command.add_argument(
        "-j", "--jobs", type=_jobs, default=1, metavar="N", help="worker processes (default: 1)"
    )
    command.add_argument("-o", "--output", metavar="FILE", help="write here instead of standard output")
    command.add_argument(
        "-q", "--quiet", action="store_true", help="no progress line on a terminal (the summary stays)"
    )


class _DefaultsOnce(argparse.ArgumentDefaultsHelpFormatter):
    """Each default said once: not after a help that says it already, nor for a flag or an option
    whose absence says all (None, False)."""

    def _get_help_string(self, action: argparse.Action) -> str | None:
        text = action.help or ""
        if "(default" in text or action.default in (None, False, argparse.SUPPRESS):
            return text
        return super()._get_help_string(action)


def parser() -> argparse.ArgumentParser:
    """The command line's argument parser (every argument with its help)."""
    formatter = functools.partial(_DefaultsOnce, max_help_position=32)
    top = _Parser(
        prog="gipreport",
        description="Read 政府信息公开工作年度报告 (text, HTML, DOCX, PDF) into typed, validated data.",
        epilog="exit codes: 0 done, 1 unreadable inputs (parse) or reports with errors (check), "
        "2 usage error, 130 interrupted, 141 standard output closed",
        formatter_class=formatter,
    )
    top.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = top.add_subparsers(dest="command", required=True, metavar="COMMAND", parser_class=_Parser)
    parse = commands.add_parser(
        "parse",
        help="parse reports into JSON, JSON Lines, CSV or flat lines",
        description="Parse reports: one record per input file, in input order; files that cannot be read "
        "get a record with read_error and a line on stderr, and the run goes on.",
        formatter_class=formatter,
    )
    _common(parse)
    parse.add_argument(
        "--to",
        choices=("jsonl", "json", "csv", "flat"),
        default="jsonl",
        help="output form: JSON Lines, one JSON array, CSV (one row per report, flat keys as "
        "columns) or flat lines (file, key, value)",
    )
    parse.add_argument(
        "--excel",
        action="store_true",
        help="start the CSV with a UTF-8 byte order mark so that Excel shows Chinese correctly",
    )

    check = commands.add_parser(
        "check",
        help="list each report's diagnostics; exit 1 when any report has an error",
        description="Check reports: each diagnostic with its line, flat key, Chinese labels and the "
        "numbers; exit 1 when a report has an error or an input cannot be read.",
        formatter_class=formatter,
    )
    _common(check)
    check.add_argument("--to", choices=("text", "json"), default="text", help="output form")
    check.add_argument("--all", action="store_true", help="also show info diagnostics")
    check.add_argument(
        "--across-years",
        action="store_true",
        help="also compare each organ's consecutive years: I5 (上年结转 = last year's 结转下年度) and the "
        "stock of documents",
    )
    check.add_argument(
        "--aliases",
        metavar="FILE",
        help='a JSON object of renamed organs, {"old name": "new name"}, for --across-years',
    )
    check.add_argument(
        "--hierarchy",
        metavar="FILE",
        help='a JSON object {"parent file": ["child file", ...]} (paths relative to FILE): each parent\'s '
        "tables 三 and 四 against its children's sums; needs --additive",
    )
    check.add_argument(
        "--additive",
        action="store_true",
        help="state that the parents' tables are the sums of their children's (not true in general)",
    )

    show = commands.add_parser(
        "show",
        help="draw a report's tables (the bundled demo without PATH)",
        description="Draw a report's three tables as aligned text: ∅ no value, * under a warning, "
        "! under an error.",
        formatter_class=formatter,
    )
    show.add_argument("path", nargs="?", metavar="PATH", help="a report file (default: the bundled demo)")
    _common(show, batch_command=False)
    show.set_defaults(output=None)
    return top
