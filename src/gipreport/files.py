"""Input: bytes and files -> text (UTF-8, UTF-16, GB18030/GBK detected) -> parse, encoding recorded."""

from __future__ import annotations

import codecs
import os

import attrs

from gipreport.diagnostics import Diagnostic, ParseError, diagnostic
from gipreport.model import Report
from gipreport.pipeline import parse

# Above this share of NUL bytes in one byte position, BOM-less text is UTF-16.
_UTF16_NUL_SHARE = 0.3


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
        odd, even = data[1::2], data[0::2]
        if odd and odd.count(0) / len(odd) > _UTF16_NUL_SHARE and even.count(0) < len(even) / 10:
            return _replacing(data, "utf-16-le")
        if even and even.count(0) / len(even) > _UTF16_NUL_SHARE and odd.count(0) < len(odd) / 10:
            return _replacing(data, "utf-16-be")
        decoded = _replacing(data, "utf-8")
        return attrs.evolve(decoded, binary=True)
    for candidate in ("utf-8", "gb18030"):
        try:
            return Decoded(data.decode(candidate), candidate, 0, False)
        except UnicodeDecodeError:
            continue
    return _replacing(data, "utf-8")


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


def parse_bytes(data: bytes, encoding: str | None = None, *, strict: bool = False) -> Report:
    """Decode ``data`` (see ``decode``) and parse it; diagnostics record the encoding used."""
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise TypeError(f"parse_bytes() takes bytes, not {type(data).__name__}; use parse() for str")
    decoded = decode(bytes(data), encoding)
    report = parse(decoded.text)
    report = attrs.evolve(report, diagnostics=(*_input_diagnostics(decoded), *report.diagnostics))
    if strict and report.errors:
        raise ParseError(report)
    return report


def parse_file(path: str | os.PathLike[str], encoding: str | None = None, *, strict: bool = False) -> Report:
    """Read and parse one file. I/O errors (missing file, a directory) raise OSError as usual."""
    with open(path, "rb") as handle:
        data = handle.read()
    return parse_bytes(data, encoding, strict=strict)
