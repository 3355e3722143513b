"""Input: bytes and files -> text (UTF-8, UTF-16, GB18030/GBK detected) -> parse, encoding recorded."""

from __future__ import annotations

import codecs
import os
from typing import TYPE_CHECKING, cast

import attrs

from gipreport.diagnostics import Diagnostic, ParseError, diagnostic
from gipreport.pipeline import stages

if TYPE_CHECKING:
    from gipreport.formats import NationalReport

# BOM-less UTF-16 is recognised when this share of its characters is report text (CJK, ASCII...).
_TEXT_SHARE = 0.9


@attrs.frozen
class Decoded:
    text: str
    encoding: str
    replaced: int
    binary: bool


def decode(data: bytes, encoding: str | None = None) -> Decoded:
    """Decode report bytes: the given encoding, else a BOM, else UTF-8, else GB18030 (covers GBK).

    Undecodable bytes become U+FFFD and are counted, never an exception. ``binary`` is set for data
    with NUL bytes that is not UTF-16.
    """
    if encoding is not None:
        codecs.lookup(encoding)  # an unknown name is a programmer error: raise LookupError now
        return _replacing(data, encoding)
    if data.startswith(codecs.BOM_UTF8):
        return _replacing(data[len(codecs.BOM_UTF8) :], "utf-8")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _replacing(data, "utf-16")
    if b"\x00" in data:
        utf16 = _plausible_utf16(data)
        return _replacing(data, utf16) if utf16 else attrs.evolve(_replacing(data, "utf-8"), binary=True)
    for candidate in ("utf-8", "gb18030"):
        try:
            return Decoded(data.decode(candidate), candidate, 0, False)
        except UnicodeDecodeError:
            continue
    return _replacing(data, "utf-8")


def _is_report_char(char: str) -> bool:
    code = ord(char)
    return (
        0x20 <= code < 0x7F
        or char in "\t\r\n"
        or 0x4E00 <= code <= 0x9FFF  # CJK unified ideographs
        or 0x3000 <= code <= 0x303F  # CJK punctuation
        or 0xFF00 <= code <= 0xFFEF  # full-width forms
        or 0x2000 <= code <= 0x206F  # general punctuation: quotes, dashes
    )


def _plausible_utf16(data: bytes) -> str | None:
    """The UTF-16 byte order that decodes ``data`` into report-like text, if one does."""
    best: tuple[float, str] | None = None
    for encoding in ("utf-16-le", "utf-16-be"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        share = sum(map(_is_report_char, text)) / max(len(text), 1)
        if share >= _TEXT_SHARE and (best is None or share > best[0]):
            best = (share, encoding)
    return best[1] if best else None


def _replacing(data: bytes, encoding: str) -> Decoded:
    text = data.decode(encoding, errors="replace")
    return Decoded(text, encoding, text.count("\ufffd"), False)


def _input_diagnostics(decoded: Decoded) -> list[Diagnostic]:
    found = [diagnostic("input.encoding", f"decoded as {decoded.encoding}")]
    if decoded.replaced:
        found.append(
            diagnostic(
                "input.undecodable",
                f"{decoded.replaced} undecodable byte sequence(s) replaced by U+FFFD ({decoded.encoding})",
            )
        )
    if decoded.binary:
        found.append(diagnostic("input.binary", "the data has NUL bytes: it is not a text report"))
    return found


def parse_bytes(
    data: bytes, encoding: str | None = None, *, strict: bool = False, format: str = "auto"
) -> NationalReport:
    """Decode ``data`` (see ``decode``) and parse it; diagnostics record the encoding used."""
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise TypeError(f"parse_bytes() takes bytes, not {type(data).__name__}; use parse() for str")
    decoded = decode(bytes(data), encoding)
    report = stages(decoded.text, format, early=tuple(_input_diagnostics(decoded))).report
    if strict and report.errors:
        raise ParseError(report)
    return cast("NationalReport", report)


def parse_file(
    path: str | os.PathLike[str], encoding: str | None = None, *, strict: bool = False, format: str = "auto"
) -> NationalReport:
    """Read and parse one file; the report keeps its name in ``source_name``. I/O errors (missing
    file, a directory) raise OSError as usual."""
    with open(path, "rb") as handle:
        data = handle.read()
    report = parse_bytes(data, encoding, format=format)
    report = attrs.evolve(report, source_name=os.fsdecode(path))
    if strict and report.errors:
        raise ParseError(report)
    return report
