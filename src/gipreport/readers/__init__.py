"""Readers: documents (HTML pages, DOCX and PDF files) -> the Layout the text path produces, then the
same pipeline (mapping, recovery, validation). One module per kind of document, each an optional
extra (``gipreport[html]``, ``gipreport[docx]``, ``gipreport[pdf]``); a missing extra is one clear
error naming its ``pip install`` line.

``sniff`` tells what bytes are by their content (magic bytes, markup), not by a file's name.
"""

from __future__ import annotations

__all__ = [
    "KINDS",
    "Kind",
    "MissingExtraError",
    "looks_like_html",
    "parse_document",
    "parse_docx",
    "parse_html",
    "parse_pdf",
    "sniff",
]

import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, cast

import attrs

from gipreport.decoding import Kind, decode, input_diagnostics, looks_like_html, sniff
from gipreport.diagnostics import Diagnostic, ParseError, diagnostic
from gipreport.layout import Layout
from gipreport.pipeline import stages

if TYPE_CHECKING:
    from gipreport.formats import NationalReport

KINDS: tuple[Kind, ...] = ("text", "html", "docx", "pdf")
EXTRAS = {"html": "html", "docx": "docx", "pdf": "pdf"}


class MissingExtraError(ImportError):
    """Reading this kind of document needs an optional extra that is not installed."""


def _reader(kind: Kind) -> Callable[[bytes | str], tuple[Layout, list[Diagnostic]]]:
    try:
        if kind == "html":
            from gipreport.readers.html import charset_of, read_html

            def html(data: bytes | str) -> tuple[Layout, list[Diagnostic]]:
                if isinstance(data, str):
                    return read_html(data)
                decoded = decode(data, charset_of(data))
                layout, found = read_html(decoded.text)
                return layout, [*input_diagnostics(decoded), *found]

            return html
        if kind == "docx":
            from gipreport.readers.docx import read_docx

            return read_docx  # type: ignore[return-value]
        from gipreport.readers.pdf import read_pdf

        return read_pdf  # type: ignore[return-value]
    except ImportError as error:
        raise MissingExtraError(
            f"reading {kind.upper()} needs an extra: pip install 'gipreport[{EXTRAS[kind]}]' ({error})"
        ) from error


def _as_bytes(source: bytes | str | os.PathLike[str]) -> bytes:
    if isinstance(source, (bytes, bytearray, memoryview)):
        return bytes(source)
    return Path(source).read_bytes()


def parse_document(
    data: bytes,
    kind: Kind | None = None,
    *,
    encoding: str | None = None,
    strict: bool = False,
    format: str = "auto",
    source_name: str | None = None,
) -> NationalReport:
    """Parse a document's bytes, its kind told by ``kind`` or sniffed from its content. A missing extra
    becomes the error ``input.missing-extra`` in the report (a batch never loses a file to it)."""
    kind = kind or sniff(data)
    found: list[Diagnostic]
    if kind == "text":
        decoded = decode(data, encoding)
        source: str | Layout = decoded.text
        found = input_diagnostics(decoded)
    else:
        try:
            source, found = _reader(kind)(data)
        except MissingExtraError as error:
            source, found = Layout((), ()), [diagnostic("input.missing-extra", str(error))]
    report = stages(source, format, early=tuple(found)).report
    if source_name is not None:
        report = attrs.evolve(report, source_name=source_name)
    if strict and report.errors:
        raise ParseError(report)
    return cast("NationalReport", report)


def parse_html(source: str | bytes, *, strict: bool = False, format: str = "auto") -> NationalReport:
    """Parse an HTML page or fragment (str, or bytes in the encoding its ``<meta charset>`` names)."""
    if isinstance(source, str):
        layout, found = _reader("html")(source)
        report = stages(layout, format, early=tuple(found)).report
        if strict and report.errors:
            raise ParseError(report)
        return cast("NationalReport", report)
    _reader("html")  # raises MissingExtraError now, as for a str (parse_file says it in the report)
    return parse_document(bytes(source), "html", strict=strict, format=format)


def parse_docx(
    source: bytes | str | os.PathLike[str], *, strict: bool = False, format: str = "auto"
) -> NationalReport:
    """Parse a Word (.docx) file, given its path or its bytes (MissingExtraError without the extra)."""
    _reader("docx")
    name = None if isinstance(source, (bytes, bytearray, memoryview)) else os.fspath(source)
    return parse_document(_as_bytes(source), "docx", strict=strict, format=format, source_name=name)


def parse_pdf(
    source: bytes | str | os.PathLike[str], *, strict: bool = False, format: str = "auto"
) -> NationalReport:
    """Parse a PDF with a text layer, given its path or its bytes (MissingExtraError without the extra)."""
    _reader("pdf")
    name = None if isinstance(source, (bytes, bytearray, memoryview)) else os.fspath(source)
    return parse_document(_as_bytes(source), "pdf", strict=strict, format=format, source_name=name)
