"""Input, before normalization: bytes -> text (UTF-8, UTF-16, GB18030/GBK detected, the encoding
recorded), and what kind of document bytes are (text, HTML, DOCX, PDF), told by their content."""

from __future__ import annotations

import codecs
import io
import zipfile
from typing import Literal

import attrs

from gipreport.diagnostics import Diagnostic, diagnostic

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


def input_diagnostics(decoded: Decoded) -> list[Diagnostic]:
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


Kind = Literal["text", "html", "docx", "pdf"]
_MARKUP = (
    b"<html",
    b"<!doctype html",
    b"<body",
    b"<div",
    b"<table",
    b"<p",
    b"<span",
    b"<meta",
    b"<head",
    b"<h1",
)


def sniff(data: bytes) -> Kind:
    """What bytes are, by their content: a PDF, a DOCX (a zip holding ``word/document.xml``), an HTML
    page (markup among the first bytes), else text.

    >>> sniff(b"%PDF-1.7"), sniff("<div class=TRS_Editor><p>".encode()), sniff("一、总体情况".encode())
    ('pdf', 'html', 'text')
    """
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                if "word/document.xml" in archive.namelist():
                    return "docx"
        except zipfile.BadZipFile:
            return "text"
    lowered = head.lower()
    if lowered.startswith(b"<") and any(tag in lowered for tag in _MARKUP):
        return "html"
    return "text"


def looks_like_html(text: str) -> bool:
    """A str that is an HTML page or fragment rather than a report's text."""
    return text.lstrip()[:1] == "<" and sniff(text[:2048].encode("utf-8", "surrogatepass")) == "html"
