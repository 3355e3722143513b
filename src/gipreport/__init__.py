"""gipreport: read 政府信息公开工作年度报告 text into typed, validated data.

Usage: ``report = gipreport.parse(text)``, then ``report.applications.new_received.total``,
``report.diagnostics``, ``report.sources[flat_key]`` and ``report.to_flat()``; see the README.
"""

from __future__ import annotations

from importlib import metadata as _metadata
from typing import TYPE_CHECKING, Any

from gipreport import formats
from gipreport import views as views  # importing it registers how reports show themselves
from gipreport.convert import converter, from_dict, from_flat, from_json, to_dict, to_json
from gipreport.corpus import CorpusDiagnostic, check_corpus
from gipreport.diagnostics import CODES, Diagnostic, ParseError
from gipreport.files import parse_bytes, parse_file
from gipreport.formats.gb2019 import Report2019
from gipreport.formats.gb2021 import Report2021
from gipreport.layout import Layout
from gipreport.model import Cell, ProseFigure, Report, Section
from gipreport.pipeline import parse, stages
from gipreport.readers import MissingExtraError, parse_docx, parse_html, parse_pdf
from gipreport.records import from_record, to_frame, to_records
from gipreport.render import render
from gipreport.validate import validate

if TYPE_CHECKING:
    from types import ModuleType

try:  # the version is written once, in pyproject.toml; an installed package knows it
    __version__ = _metadata.version("gipreport")
except _metadata.PackageNotFoundError:  # a source checkout on sys.path, not installed
    __version__ = "0+unknown"

__all__ = [
    "CODES",
    "Cell",
    "CorpusDiagnostic",
    "Diagnostic",
    "Layout",
    "MissingExtraError",
    "ParseError",
    "ProseFigure",
    "Report",
    "Report2019",
    "Report2021",
    "Section",
    "check_corpus",
    "converter",
    "formats",
    "from_dict",
    "from_flat",
    "from_json",
    "from_record",
    "parse",
    "parse_bytes",
    "parse_docx",
    "parse_file",
    "parse_html",
    "parse_pdf",
    "render",
    "stages",
    "to_dict",
    "to_frame",
    "to_json",
    "to_records",
    "validate",
    "views",
]


def __getattr__(name: str) -> ModuleType | Any:
    # ``gipreport.strategies`` imports Hypothesis, so it is loaded only when asked for.
    if name == "strategies":
        import importlib

        return importlib.import_module("gipreport.strategies")
    raise AttributeError(f"module 'gipreport' has no attribute {name!r}")
