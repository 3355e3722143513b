"""Helpers shared by the tests: the bundled samples, their hand-read expected values, and the oracles
that compare a parsed report with the truth (exactly, or honestly: every difference flagged)."""

from __future__ import annotations

import json
import shutil
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import gipreport
from gipreport.model import Report, Section

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
TEXT_SUFFIXES = (".txt", ".md")


# The installed console script beside this Python (tests run it in subprocesses).
SCRIPT = shutil.which("gipreport", path=str(Path(sys.executable).parent)) or shutil.which("gipreport")


def sample_names(suffixes: tuple[str, ...] = TEXT_SUFFIXES) -> list[str]:
    """The samples whose input is text (``.txt``, ``.md``), by name without suffix."""
    return sorted(
        path.name.removesuffix(path.suffix)
        for path in SAMPLES.iterdir()
        if path.suffix in suffixes and path.name != "README.md"
    )


DOCUMENT_SUFFIXES = (".html", ".htm", ".docx", ".pdf")


def read_report(name: str) -> Report:
    """A sample parsed the way a user would: text with ``parse``, a document with ``parse_file``."""
    path = sample_path(name)
    if path.suffix in DOCUMENT_SUFFIXES:
        return gipreport.parse_file(path)
    return gipreport.parse(path.read_text(encoding="utf-8"))


def sample_path(name: str) -> Path:
    for path in SAMPLES.glob(f"{name}.*"):
        if not path.name.endswith(".expected.json"):
            return path
    raise FileNotFoundError(name)


def read_sample(name: str) -> str:
    return sample_path(name).read_text(encoding="utf-8")


def read_expected(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((SAMPLES / f"{name}.expected.json").read_text(encoding="utf-8"))
    return data


def expected_value(value: object) -> object:
    """A hand-read value as the model holds it (fees and amounts are written as strings)."""
    if isinstance(value, str):
        try:
            return Decimal(value)
        except ArithmeticError:
            return value
    return value


def expected_report(name: str) -> Report:
    """The report a sample's hand-read values describe (tables, organ, year), with the six section
    headings and no prose, to render and read back: a reference that owes nothing to the parser."""
    expected = read_expected(name)
    values = {key: expected_value(value) for key, value in expected["values"].items()}
    sections = tuple(
        Section(number, heading, "")
        for number, heading in enumerate(
            (
                "一、总体情况",
                "二、主动公开政府信息情况",
                "三、收到和处理政府信息公开申请情况",
                "四、政府信息公开行政复议、行政诉讼情况",
                "五、存在的主要问题及改进情况",
                "六、其他需要报告的事项",
            ),
            1,
        )
    )
    return gipreport.from_flat(
        values,
        format=str(expected["format"]),
        organ=expected["organ"],
        year=expected["year"],
        title=f"{expected['organ']}{expected['year']}年政府信息公开工作年度报告",
        sections=sections,
    )


def covered(key: str, report: Report) -> bool:
    """A warning or an error whose key is ``key`` or a dotted prefix of it (as the acceptance scorer
    judges): an info never covers a value, since a note such as "rows were recovered here" says
    nothing about one value."""
    return any(
        d.key and d.severity != "info" and (d.key == key or key.startswith(d.key + "."))
        for d in report.diagnostics
    )


def dishonest(expected: Report, got: Report) -> list[str]:
    """Every value that differs from the truth without a warning or error covering its key, and every
    value placed by recovery (state ``recovered``) that differs from the truth at all: a proven value
    is never wrong, flagged or not."""
    truth, flat = expected.to_flat(), got.to_flat()
    wrong = [
        f"{key}: expected {value!r}, got {flat.get(key)!r}"
        for key, value in truth.items()
        if flat.get(key) != value and not covered(key, got)
    ]
    wrong.extend(
        f"{key}: recovered {flat.get(key)!r}, the truth is {truth.get(key)!r}"
        for key, cell in got.sources.items()
        if cell.state == "recovered" and key in truth and flat.get(key) != truth[key]
    )
    return wrong


def difference(expected: Report, got: Report, keys: object = None) -> str:
    """What differs between two reports (values, then metadata), for assertion messages."""
    flat, got_flat = expected.to_flat(), got.to_flat()
    wrong = [f"{k}: expected {v!r}, got {got_flat.get(k)!r}" for k, v in flat.items() if got_flat.get(k) != v]
    meta = [
        f"{name}: expected {getattr(expected, name)!r}, got {getattr(got, name)!r}"
        for name in ("title", "organ", "year", "format", "date", "sections")
        if getattr(expected, name) != getattr(got, name)
    ]
    return "\n".join([*wrong[:10], *meta])
