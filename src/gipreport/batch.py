"""Running the command line over many files without losing one: finding the inputs (walking
directories, refusing special files, naming every entry that is not parsed), reading each safely,
running the work in worker processes that Ctrl-C stops at once, progress on a terminal, and the
one-line summary at the end.
"""

from __future__ import annotations

import errno
import fnmatch
import os
import re
import signal
import stat
import sys
import time
from collections import Counter
from collections.abc import Callable, Generator, Iterator, Sequence
from multiprocessing import get_context
from typing import IO, Any, TypeVar

import attrs

DEFAULT_PATTERNS = ("*.txt", "*.html", "*.htm", "*.shtml", "*.md", "*.docx", "*.pdf")
MAX_FILE_BYTES = 256 * 1024 * 1024  # a report is well under 50 MB, even as a PDF with pictures

T = TypeVar("T")


class Interrupted(Exception):  # noqa: N818 - it is an event, not an error
    """Ctrl-C stopped the batch after ``done`` of ``total`` inputs had been written."""

    def __init__(self, done: int, total: int) -> None:
        super().__init__(done, total)
        self.done, self.total = done, total


def shown(path: str) -> str:
    """A path as text that can always be printed: a name that is not UTF-8 (a GBK file name unzipped
    on Linux) has its non-ASCII bytes written as ``\\xd6`` escapes instead of crashing the output
    (all of them: a GBK pair can happen to be a UTF-8 character, which would mislead); control
    characters are escaped (see ``escape_controls``)."""
    data = os.fsencode(path)
    try:
        return escape_controls(data.decode("utf-8"))
    except UnicodeDecodeError:
        return escape_controls(data.decode("ascii", "backslashreplace"))


# Characters a terminal obeys rather than shows: C0 and C1 controls but TAB, newline and the CR of a
# CRLF line end (ESC starts a colour, a cursor move or a title change; BEL rings; a lone CR writes
# over the line), DEL, and the bidirectional overrides that reorder what is shown.
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]|\r(?!\n)")


def escape_controls(text: str) -> str:
    r"""``text`` with every character a terminal would obey written as a ``\u001b`` escape, which is
    also the same character inside a JSON string.

    >>> escape_controls("报告\x1b[2J\x07")
    '报告\\u001b[2J\\u0007'
    """
    if not _CONTROLS.search(text):
        return text
    return _CONTROLS.sub(lambda found: f"\\u{ord(found.group()):04x}", text)


# --- finding inputs ------------------------------------------------------------------------------


@attrs.frozen
class Skipped:
    """An entry of a directory that is not parsed: what it is (a link to a directory, a dangling
    link, a FIFO...) and the path."""

    path: str
    kind: str


@attrs.frozen
class Inputs:
    files: list[str]
    skipped: list[Skipped]
    excluded: int  # regular files in directories that no pattern matches


def _special(mode: int) -> str | None:
    """What a special file is (FIFO, device, socket), None for a regular file or a directory."""
    for test, name in (
        (stat.S_ISFIFO, "FIFO"),
        (stat.S_ISCHR, "character device"),
        (stat.S_ISBLK, "block device"),
        (stat.S_ISSOCK, "socket"),
    ):
        if test(mode):
            return name
    return None


def matches(name: str, patterns: Sequence[str]) -> bool:
    """Whether a file name matches one of the patterns, ignoring case (``REPORT.TXT`` is a *.txt)."""
    lowered = name.lower()
    return any(fnmatch.fnmatchcase(lowered, pattern.lower()) for pattern in patterns)


def find_inputs(paths: Sequence[str], patterns: Sequence[str]) -> Inputs:
    """Every path named on the command line is an input (reading it says why it cannot be read);
    directories are walked in sorted order; a link to a directory is not followed, a link to a file
    is read as that file; every entry that is not parsed is named (links to directories, dangling
    links, link loops, special files) or counted (files no pattern matches)."""
    files: list[str] = []
    skipped: list[Skipped] = []
    excluded = 0
    for path in paths:
        if path != "-" and os.path.isdir(path):
            found, more, count = _walk(path, patterns)
            files.extend(found)
            skipped.extend(more)
            excluded += count
        else:
            files.append(path)
    return Inputs(files, skipped, excluded)


def _walk(top: str, patterns: Sequence[str]) -> tuple[list[str], list[Skipped], int]:
    files: list[str] = []
    skipped: list[Skipped] = []
    excluded = 0

    def unlistable(error: OSError) -> None:
        skipped.append(Skipped(error.filename or top, f"directory that cannot be listed ({error.strerror})"))

    for directory, subdirectories, names in os.walk(top, onerror=unlistable, followlinks=False):
        subdirectories.sort()
        skipped.extend(
            Skipped(os.path.join(directory, name), "link to a directory")
            for name in subdirectories
            if os.path.islink(os.path.join(directory, name))
        )
        for name in sorted(names):
            path = os.path.join(directory, name)
            try:
                mode = os.stat(path).st_mode  # follows a link to its file
            except OSError as error:
                kind = (
                    ("link loop" if error.errno == errno.ELOOP else "dangling link")
                    if os.path.islink(path)
                    else f"entry that cannot be read ({error.strerror})"
                )
                skipped.append(Skipped(path, kind))
                continue
            special = _special(mode)
            if special:
                skipped.append(Skipped(path, special))
            elif matches(name, patterns):
                files.append(path)
            else:
                excluded += 1
    return files, skipped, excluded


def read_input(path: str) -> bytes:
    """A file's bytes ('-' is standard input). A special file (FIFO, device) is refused without being
    opened: it could block for ever or have effects; the file is then opened non-blocking and checked
    again, in case it was replaced in between."""
    if path == "-":
        return sys.stdin.buffer.read()
    if os.path.islink(path) and not os.path.exists(path):
        raise FileNotFoundError(errno.ENOENT, f"a dangling link (to {os.readlink(path)})")
    special = _special(os.stat(path).st_mode)
    if special:
        raise OSError(f"a {special}, not a regular file: not opened")
    descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    with os.fdopen(descriptor, "rb") as handle:
        info = os.fstat(descriptor)
        special = _special(info.st_mode)
        if special:
            raise OSError(f"a {special}, not a regular file: not read")
        if stat.S_ISDIR(info.st_mode):
            raise IsADirectoryError(errno.EISDIR, "is a directory")
        if info.st_size > MAX_FILE_BYTES:
            raise OSError(f"{info.st_size} bytes, more than a report ({MAX_FILE_BYTES}): not read")
        return handle.read()


# --- running -------------------------------------------------------------------------------------


def _ignore_interrupts() -> None:
    # Ctrl-C reaches every process of the terminal's group: the workers leave it to the main process,
    # which stops them, so that no worker prints a traceback.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def run(work: Callable[[str], T], paths: Sequence[str], jobs: int) -> Iterator[T]:
    """``work`` on each path, results in input order; in ``jobs`` worker processes when jobs > 1.

    A consumer that stops (a closed stdout) or Ctrl-C (``KeyboardInterrupt``) terminates the workers
    at once: nothing keeps parsing a batch no one reads.
    """
    if jobs <= 1 or len(paths) <= 1 or "-" in paths:
        yield from map(work, paths)
        return
    pool = get_context().Pool(min(jobs, len(paths)), initializer=_ignore_interrupts)
    try:
        yield from pool.imap(work, paths, chunksize=max(1, min(8, len(paths) // (jobs * 16))))
        pool.close()
    finally:
        pool.terminate()  # stops workers at once on Ctrl-C, a closed stdout or an error
        pool.join()


# --- progress and summary ------------------------------------------------------------------------


class Progress:
    """Progress on stderr while a batch runs: tqdm's bar when tqdm is installed, else one line with the
    count, rate and time left, cut to the terminal's width. Silent when stderr is not a terminal."""

    def __init__(self, total: int, stream: IO[str], enabled: bool) -> None:
        self.total, self.stream, self.enabled = total, stream, enabled and total > 1
        self.done, self.started, self.drawn_at = 0, time.monotonic(), 0.0
        self.bar: Any = None
        if self.enabled:
            try:
                from tqdm import tqdm  # type: ignore[import-untyped, unused-ignore]
            except ImportError:
                self.bar = None
            else:
                self.bar = tqdm(total=total, file=stream, unit="file", dynamic_ncols=True, leave=False)

    def advance(self, name: str) -> None:
        self.done += 1
        if not self.enabled:
            return
        if self.bar is not None:
            self.bar.update(1)
            return
        now = time.monotonic()
        if now - self.drawn_at < 0.1 and self.done < self.total:
            return
        self.drawn_at = now
        self.stream.write("\r" + self.line(name, now) + "\x1b[K")
        self.stream.flush()

    def line(self, name: str, now: float) -> str:
        elapsed = max(now - self.started, 1e-9)
        rate = self.done / elapsed
        left = (self.total - self.done) / rate if rate else 0.0
        text = f"{self.done}/{self.total}  {rate:.1f} files/s  {_clock(left)} left  {name}"
        width = _terminal_width(self.stream) - 1
        return text if len(text) <= width else text[: max(width - 1, 0)] + "…"

    def note(self, text: str) -> None:
        """A message on its own line above the progress line."""
        if self.bar is not None:
            self.bar.write(text, file=self.stream)
            return
        self.stream.write(("\r\x1b[K" if self.enabled else "") + text + "\n")
        self.stream.flush()

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
        elif self.enabled:
            self.stream.write("\r\x1b[K")
            self.stream.flush()


def _terminal_width(stream: IO[str]) -> int:
    try:
        return os.get_terminal_size(stream.fileno()).columns
    except (OSError, ValueError, AttributeError):
        return 80


def _clock(seconds: float) -> str:
    minutes, seconds = divmod(int(seconds + 0.5), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{seconds:02d}" if hours else f"{minutes}:{seconds:02d}"


def with_progress(
    results: Iterator[T], name: Callable[[T], str], progress: Progress
) -> Generator[T, None, None]:
    try:
        for result in results:
            progress.advance(name(result))
            yield result
    finally:
        progress.close()
        close = getattr(results, "close", None)
        if close is not None:
            close()  # stops the workers now, not when the generator is collected


@attrs.define
class Tally:
    """What happened to each input, for the summary line."""

    read: int = 0
    unreadable: int = 0
    with_errors: int = 0

    def count(self, read_error: str | None, errors: int) -> None:
        if read_error is not None:
            self.unreadable += 1
        else:
            self.read += 1
            self.with_errors += errors > 0


def summary(tally: Tally, inputs: Inputs, seconds: float) -> str:
    """The batch in one line: files read, unreadable, with errors; entries skipped and why."""
    total = tally.read + tally.unreadable
    parts = [f"{total:,} file{'s' if total != 1 else ''}", f"{tally.unreadable:,} unreadable"]
    parts.append(f"{tally.with_errors:,} with errors")
    line = "gipreport: " + ", ".join(parts)
    if inputs.skipped:
        kinds = Counter(
            entry.kind.partition(" (")[0].removesuffix(", not opened") for entry in inputs.skipped
        )
        line += f"; skipped {len(inputs.skipped)} (" + ", ".join(f"{n} {k}" for k, n in kinds.items()) + ")"
    if inputs.excluded:
        line += f"; {inputs.excluded:,} not matching the patterns"
    return line + f"; {seconds:.1f} s"
