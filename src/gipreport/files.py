"""Bytes and files -> a Report: text is decoded (see ``decoding``) and parsed; a document (HTML,
DOCX, PDF, told by its content) goes to its reader."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from gipreport.decoding import sniff

if TYPE_CHECKING:
    from gipreport.formats import NationalReport


def parse_bytes(
    data: bytes, encoding: str | None = None, *, strict: bool = False, format: str = "auto"
) -> NationalReport:
    """Parse a file's bytes: text is decoded (``encoding``, or detected; diagnostics record which) and
    parsed; an HTML page, DOCX or PDF (told by its content, see ``decoding.sniff``) goes to its reader.
    A document whose reader's extra is not installed gives a report with the error
    ``input.missing-extra`` naming the ``pip install`` line (``parse_html`` & co. raise instead)."""
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise TypeError(f"parse_bytes() takes bytes, not {type(data).__name__}; use parse() for str")
    from gipreport.readers import parse_document  # the readers import this module's neighbours

    data = bytes(data)
    return parse_document(
        data, "text" if encoding else sniff(data), encoding=encoding, strict=strict, format=format
    )


def parse_file(
    path: str | os.PathLike[str], encoding: str | None = None, *, strict: bool = False, format: str = "auto"
) -> NationalReport:
    """Read and parse one file as ``parse_bytes`` does; the report keeps the file's name in
    ``source_name``. I/O errors (a missing file, a directory) raise OSError."""
    from gipreport.readers import parse_document

    with open(path, "rb") as handle:
        data = handle.read()
    kind = "text" if encoding else sniff(data)
    return parse_document(
        data, kind, encoding=encoding, strict=strict, format=format, source_name=os.fsdecode(path)
    )
