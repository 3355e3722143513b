"""The real console script, run in subprocesses on samples, odd encodings and bad files."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import gipreport
from _support import SAMPLES, read_sample, sample_names
from gipreport.records import from_csv_value

SCRIPT = shutil.which("gipreport", path=str(Path(sys.executable).parent)) or shutil.which("gipreport")


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    assert SCRIPT, "the gipreport console script is not installed"
    return subprocess.run([SCRIPT, *args], capture_output=True, text=True, cwd=cwd, timeout=120)


@pytest.fixture(scope="module")
def mixed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("mixed")
    (folder / "nested").mkdir()
    text = read_sample("001_8b957fd57b8434a8")
    (folder / "a_utf8.txt").write_text(read_sample("004_c601c8efb108a009"), encoding="utf-8")
    (folder / "b_gbk.txt").write_bytes(text.encode("gbk"))
    (folder / "nested" / "c_utf16.txt").write_bytes(text.encode("utf-16"))
    (folder / "d_empty.txt").write_bytes(b"")
    (folder / "e_binary.txt").write_bytes(bytes(range(256)) * 40)
    (folder / "ignored.json").write_text("{}", encoding="utf-8")
    return folder


def test_parse_a_directory_mixing_encodings_and_bad_files(mixed: Path) -> None:
    result = run("parse", str(mixed), "--to", "jsonl")
    assert result.returncode == 1  # the binary file could not be parsed as a report
    records = [json.loads(line) for line in result.stdout.splitlines()]
    names = [Path(r["file"]).name for r in records]
    assert names == ["a_utf8.txt", "b_gbk.txt", "d_empty.txt", "e_binary.txt", "c_utf16.txt"]
    by_name = dict(zip(names, records, strict=True))
    assert by_name["b_gbk.txt"]["report"]["organ"] == "莱州市柞村镇人民政府"
    assert by_name["c_utf16.txt"]["report"]["organ"] == "莱州市柞村镇人民政府"
    assert by_name["d_empty.txt"]["read_error"] == "empty file"  # told apart from a report with errors
    assert by_name["d_empty.txt"]["report"] is None
    assert "binary" in by_name["e_binary.txt"]["read_error"]
    assert by_name["e_binary.txt"]["report"] is None  # not parsed as if it were text
    assert "e_binary.txt" in result.stderr


def test_missing_file_is_reported_and_the_run_goes_on() -> None:
    result = run("parse", "/no/such/file.txt", str(SAMPLES / "004_c601c8efb108a009.txt"), "--to", "csv")
    assert result.returncode == 1
    assert "cannot read" in result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert rows[0]["read_error"].startswith("cannot read")
    assert rows[1]["organ"] == "攀枝花市米易县普威镇"


def test_clean_run_exits_zero() -> None:
    result = run("parse", str(SAMPLES / "003_311ae15cdbf9e8ba.txt"), "--to", "json")
    assert result.returncode == 0, result.stderr
    (record,) = json.loads(result.stdout)
    assert record["report"]["year"] == 2023


def test_csv_round_trips_through_dictreader() -> None:
    result = run("parse", str(SAMPLES), "--to", "csv", "--pattern", "*.txt")
    assert result.returncode == 0, result.stderr
    rows = {Path(r["file"]).stem: r for r in csv.DictReader(io.StringIO(result.stdout))}
    assert sorted(rows) == sample_names((".txt",))
    for name in sample_names((".txt",)):
        flat = gipreport.parse(read_sample(name)).to_flat()
        got = {key: from_csv_value(key, rows[name][key]) for key in flat}
        assert got == flat, name


def test_flat_output_has_one_line_per_key() -> None:
    result = run("parse", str(SAMPLES / "000_6943510d23fd8daa.txt"), "--to", "flat")
    lines = result.stdout.splitlines()
    assert len(lines) == 207
    assert lines[5].split("\t")[1:] == ["active_disclosure.normative_documents.in_force", ""]


def test_jobs_two_gives_the_same_output_as_one(mixed: Path, tmp_path: Path) -> None:
    one, two = tmp_path / "one.csv", tmp_path / "two.csv"
    run("parse", str(SAMPLES), str(mixed), "--to", "csv", "-o", str(one), "--jobs", "1", "--pattern", "*.txt")
    run("parse", str(SAMPLES), str(mixed), "--to", "csv", "-o", str(two), "--jobs", "2", "--pattern", "*.txt")
    assert one.read_text(encoding="utf-8") == two.read_text(encoding="utf-8")
    assert len(one.read_text(encoding="utf-8").splitlines()) == 1 + len(sample_names((".txt",))) + 5


def test_check_a_report_that_does_not_add_up(tmp_path: Path) -> None:
    text = read_sample("000_6943510d23fd8daa")
    start = text.index("（七）总计")
    broken = text[:start] + text[start:].replace("\t1", "\t20", 1)
    path = tmp_path / "broken.txt"
    path.write_text(broken, encoding="utf-8")
    result = run("check", str(path))
    assert result.returncode == 1
    assert "I2 自然人列: （七）总计 20 ≠ 各办理结果之和 1" in result.stdout
    assert f"{path}:330: error: check.i2-results-sum" in result.stdout
    assert "表三 （七）总计 · 自然人" in result.stdout


def test_check_a_clean_sample_exits_zero() -> None:
    result = run("check", str(SAMPLES / "004_c601c8efb108a009.txt"))
    assert result.returncode == 0, result.stdout
    assert "0 error(s)" in result.stdout


def test_check_json() -> None:
    result = run("check", str(SAMPLES / "001_8b957fd57b8434a8.txt"), "--to", "json")
    (entry,) = json.loads(result.stdout)
    assert entry["errors"] == 0
    blank = [d for d in entry["diagnostics"] if d["code"] == "map.cell-blank"]
    assert blank[0]["label"] == "表四 行政复议·结果维持"


def test_usage_error_exits_two() -> None:
    assert run("check").returncode == 2
    assert run("parse", "--to", "xml", "x").returncode == 2


def test_show_the_demo_without_a_file() -> None:
    result = run("show")
    assert result.returncode == 0
    assert "盘州市柏果镇人民政府 2023" in result.stdout
    assert "∅*" in result.stdout  # a None cell under a warning


def test_python_dash_m() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "gipreport", "show", str(SAMPLES / "002_14788243fd7ad82f.txt")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0
    assert "盘州市乡村振兴局" in result.stdout


def test_stdin() -> None:
    assert SCRIPT
    data = read_sample("004_c601c8efb108a009").encode("gbk")
    result = subprocess.run(
        [SCRIPT, "parse", "-", "--to", "jsonl"], input=data, capture_output=True, timeout=120
    )
    assert json.loads(result.stdout)["report"]["organ"] == "攀枝花市米易县普威镇"


@pytest.mark.parametrize("command", ["parse", "check", "show"])
def test_help_says_each_default_once(command: str) -> None:
    """``--help`` printed 「(default: 1) (default: 1)」 and 「(default: None)」."""
    help_text = run(command, "--help").stdout
    assert "(default: None)" not in help_text and "(default: False)" not in help_text
    flat = " ".join(help_text.split())
    assert not re.search(r"\(default: [^)]*\) \(default:", flat)
