"""The README's code runs as written: its doctest examples give what they show, and its Python blocks
run on the bundled samples (names they leave open — a page's bytes, a text — are given samples)."""

from __future__ import annotations

import doctest
import os
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings

import gipreport

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
BLOCKS = re.findall(
    r"^```python\n(.*?)^```", (ROOT / "README.md").read_text("utf-8"), re.DOTALL | re.MULTILINE
)


def _block(starting: str) -> str:
    (found,) = [block for block in BLOCKS if block.lstrip().startswith(starting)]
    return found


def test_the_doctest_examples_give_what_they_show(monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("pandas")
    monkeypatch.chdir(ROOT)
    examples = [block for block in BLOCKS if block.lstrip().startswith(">>>")]
    assert examples
    for number, block in enumerate(examples):
        test = doctest.DocTestParser().get_doctest(
            block, {"gipreport": gipreport}, f"README-{number}", None, 0
        )
        runner = doctest.DocTestRunner(optionflags=doctest.NORMALIZE_WHITESPACE)
        runner.run(test)
        assert runner.failures == 0, block


@pytest.fixture
def names(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """A folder as the README's reader has it: report.txt, the samples, and a page's bytes."""
    text = (SAMPLES / "001_8b957fd57b8434a8.txt").read_text("utf-8")
    (tmp_path / "report.txt").write_text(text, "utf-8")
    os.symlink(SAMPLES, tmp_path / "samples")
    monkeypatch.chdir(tmp_path)
    paths = [str(SAMPLES / name) for name in ("000_6943510d23fd8daa.txt", "pingtan-zone-2023-page.html")]
    return {
        "page_bytes": (SAMPLES / "pingtan-zone-2023-page.html").read_bytes(),
        "text": text,
        "paths": paths,
    }


def test_the_python_block_runs(names: dict[str, Any]) -> None:
    exec(_block("import gipreport"), names)
    assert names["report"].organ == "平潭综合实验区"  # the last report it read: the page


def test_the_many_reports_block_runs(names: dict[str, Any]) -> None:
    pytest.importorskip("pandas")
    exec(_block("reports = "), {"gipreport": gipreport, **names})


def test_the_property_testing_block_runs_as_written(names: dict[str, Any]) -> None:
    scope: dict[str, Any] = {
        "my_parser": lambda text: gipreport.parse(text).to_flat(),
        "my_checker": lambda report: {
            (d.code, d.key) for d in gipreport.validate(report) if d.severity == "error"
        },
    }
    exec(_block("from hypothesis import given"), scope)
    settings(max_examples=5)(scope["test_my_parser_reads_every_value"])()
    settings(max_examples=5)(scope["test_my_checker_finds_each_broken_identity"])()
