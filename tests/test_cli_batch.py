"""The command line on the files real batches hold (issues 13 and 15): documents of every kind, a
missing extra, upper-case names, links, FIFOs, GBK file names; Ctrl-C, a closed stdout, usage errors,
help, the summary line. Each runs the installed console script in a subprocess."""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from _support import SAMPLES, read_report
from gipreport import cli, documents

SCRIPT = shutil.which("gipreport", path=str(Path(sys.executable).parent)) or shutil.which("gipreport")
GBK_NAME = "中文报告.txt".encode("gbk")  # a name as unzipped on Linux from a Chinese Windows archive


def run(
    *args: str, env: dict[str, str] | None = None, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    assert SCRIPT, "the gipreport console script is not installed"
    return subprocess.run(
        [SCRIPT, *args], capture_output=True, text=True, timeout=timeout, env=env, errors="backslashreplace"
    )


@pytest.fixture(scope="module")
def batch_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder as users have them: every kind of report file, and the entries that trip a batch."""
    folder = tmp_path_factory.mktemp("batch")
    (folder / "sub").mkdir()
    shutil.copy(SAMPLES / "004_c601c8efb108a009.txt", folder / "A_UPPER.TXT")
    shutil.copy(SAMPLES / "pingtan-zone-2023-page.html", folder / "b_page.html")
    shutil.copy(SAMPLES / "huaian-hongze-district-2024.pdf", folder / "c_report.pdf")
    (folder / "d_word.docx").write_bytes(documents.docx(read_report("001_8b957fd57b8434a8")))
    shutil.copy(SAMPLES / "shanghai-office-2025-pdftext.md", folder / "sub" / "e_ocr.md")
    shutil.copy(SAMPLES / "000_6943510d23fd8daa.txt", os.path.join(os.fsencode(folder), GBK_NAME))
    (folder / "notes.json").write_text("{}", encoding="utf-8")
    os.symlink("/no/such/target.txt", folder / "f_dangling.txt")
    os.symlink(folder / "sub", folder / "g_link_to_dir")
    os.mkfifo(folder / "h_fifo.txt")
    os.symlink(folder / "i_loop.txt", folder / "i_loop.txt")
    return folder


def test_a_mixed_folder_gives_one_record_per_file_and_names_every_entry_it_skips(batch_folder: Path) -> None:
    result = run("parse", str(batch_folder), "--to", "jsonl")
    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    names = [Path(record["file"]).name for record in records]
    assert names == [
        "A_UPPER.TXT",
        "b_page.html",
        "c_report.pdf",
        "d_word.docx",
        r"\xd6\xd0\xce\xc4\xb1\xa8\xb8\xe6.txt",
        "e_ocr.md",
    ]
    organs = [record["report"]["organ"] for record in records]
    assert organs == [
        "攀枝花市米易县普威镇",
        "平潭综合实验区",
        "淮安市洪泽区人民政府",
        "莱州市柞村镇人民政府",
        "盘州市柏果镇人民政府",
        "上海市人民政府办公厅",
    ]
    assert "f_dangling.txt: skipped: a dangling link" in result.stderr
    assert "i_loop.txt: skipped: a link loop" in result.stderr
    assert "g_link_to_dir: skipped: a link to a directory, not followed" in result.stderr
    assert "h_fifo.txt: skipped: a FIFO, not opened" in result.stderr
    summary = result.stderr.strip().splitlines()[-1]
    assert summary.startswith("gipreport: 6 files, 0 unreadable, 1 with errors; skipped 4 (")
    assert "1 not matching the patterns" in summary


def test_a_missing_extra_is_one_error_record_not_a_lost_file(batch_folder: Path, tmp_path: Path) -> None:
    fake = tmp_path / "no-lxml" / "lxml"
    fake.mkdir(parents=True)
    (fake / "__init__.py").write_text("raise ImportError('lxml is not installed (simulated)')\n")
    env = {**os.environ, "PYTHONPATH": str(fake.parent)}
    result = run("parse", str(batch_folder), "--to", "jsonl", env=env)
    records = {Path(r["file"]).name: r for r in map(json.loads, result.stdout.splitlines())}
    assert len(records) == 6
    page = records["b_page.html"]["report"]
    missing = [d for d in page["diagnostics"] if d["code"] == "input.missing-extra"]
    assert missing and "pip install 'gipreport[html]'" in missing[0]["message"]
    assert records["c_report.pdf"]["report"]["organ"] == "淮安市洪泽区人民政府"  # the others still read


def test_patterns_ignore_case_and_can_be_given(batch_folder: Path) -> None:
    result = run("parse", str(batch_folder), "--pattern", "*.TXT", "--to", "jsonl")
    names = [Path(json.loads(line)["file"]).name for line in result.stdout.splitlines()]
    assert names == ["A_UPPER.TXT", r"\xd6\xd0\xce\xc4\xb1\xa8\xb8\xe6.txt"]


@pytest.mark.parametrize("command", ["parse", "check", "show"])
def test_a_fifo_named_on_the_command_line_is_refused_without_hanging(
    batch_folder: Path, command: str
) -> None:
    result = run(command, str(batch_folder / "h_fifo.txt"), timeout=20)
    assert result.returncode == 1
    assert "a FIFO, not a regular file: not opened" in result.stderr


def test_a_gbk_file_name_is_written_not_a_crash(batch_folder: Path) -> None:
    path = os.path.join(os.fsencode(batch_folder), GBK_NAME)
    assert SCRIPT
    result = subprocess.run([SCRIPT, "check", path], capture_output=True, timeout=60)
    assert result.returncode == 0, result.stderr
    escaped = rb"\xd6\xd0\xce\xc4\xb1\xa8\xb8\xe6.txt"  # the name's GBK bytes, written as escapes
    assert escaped + ": 盘州市柏果镇人民政府".encode() in result.stdout


def _interruptible() -> None:
    """In the child, before the CLI starts: Ctrl-C as at a terminal. A test run started in the
    background (a CI script's ``cmd &``) ignores SIGINT, and its children inherit that, so the signal
    the tests send never arrived."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


@pytest.fixture(scope="module")
def slow_batch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two thousand PDFs (links to one; a link to a file is read as the file): tens of seconds of work
    for two workers however fast a PDF is read (forty took 1 s with PDFium), so that the Ctrl-C always
    comes mid-batch."""
    folder = tmp_path_factory.mktemp("slow")
    source = folder.parent / "slow-source.pdf"
    shutil.copy(SAMPLES / "huaian-hongze-district-2024.pdf", source)
    for number in range(2000):
        os.symlink(source, folder / f"r{number:04d}.pdf")
    return folder


def test_ctrl_c_stops_a_two_worker_run_at_once_with_exit_130(slow_batch: Path, tmp_path: Path) -> None:
    assert SCRIPT
    process = subprocess.Popen(
        [SCRIPT, "parse", str(slow_batch), "--jobs", "2", "-o", str(tmp_path / "out.jsonl")],
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its own process group, so that the signal reaches it as Ctrl-C does
        preexec_fn=_interruptible,
    )
    output = tmp_path / "out.jsonl"
    while process.poll() is None and not (output.exists() and output.stat().st_size):
        time.sleep(0.05)  # Ctrl-C once the batch is under way
    os.killpg(process.pid, signal.SIGINT)  # a terminal's Ctrl-C goes to the whole group
    _, stderr = process.communicate(timeout=60)  # a hang guard, not a speed bound
    assert process.returncode == 130
    summary = re.fullmatch(
        r"gipreport: interrupted after (\d+) of (\d+) files", stderr.strip().splitlines()[-1]
    )
    assert summary is not None, stderr
    done, total = map(int, summary.groups())
    assert done < total == len(list(slow_batch.iterdir()))  # the workers stopped before the batch's end
    assert "Traceback" not in stderr


def test_a_closed_stdout_stops_the_batch(slow_batch: Path) -> None:
    assert SCRIPT
    result = subprocess.run(
        ["bash", "-c", f"set -o pipefail; '{SCRIPT}' parse '{slow_batch}' --jobs 2 --to flat | head -n 3"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert len(result.stdout.splitlines()) == 3
    assert result.returncode == 141  # the batch stopped on the closed pipe, not at its end
    assert "Traceback" not in result.stderr


def test_check_with_two_jobs_gives_the_same_output(batch_folder: Path) -> None:
    one = run("check", str(batch_folder), "--to", "json")
    two = run("check", str(batch_folder), "--to", "json", "--jobs", "2")
    assert json.loads(one.stdout) == json.loads(two.stdout)
    assert one.returncode == two.returncode == 1  # the OCR markdown's table 二 is flagged


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["parse", "x.txt", "-o", "/no/such/dir/x.csv"], "cannot write -o /no/such/dir/x.csv"),
        (["parse", "x.txt", "--jobs", "two"], "'two' is not a whole number"),
        (["check", "x.txt", "--jobs", "0"], "0 is less than 1"),
        (["parse", "x.txt", "--excel"], "--excel applies to --to csv"),
        (["parse", "x.txt", "--to", "xml"], "invalid choice"),
    ],
)
def test_usage_errors_exit_2_with_one_line(args: list[str], message: str) -> None:
    result = run(*args)
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert message in result.stderr


def test_every_argument_has_help() -> None:
    top = cli.parser()
    commands = next(a for a in top._actions if isinstance(a, argparse._SubParsersAction))
    for name, command in commands.choices.items():
        for action in command._actions:
            assert action.help, f"{name}: {action.option_strings or action.dest} has no help"
        assert "(default:" in command.format_help()


def test_version() -> None:
    import gipreport

    result = run("--version")
    assert result.stdout.strip() == f"gipreport {gipreport.__version__}"


def test_show_a_missing_or_binary_file_is_a_clear_error(tmp_path: Path) -> None:
    missing = run("show", str(tmp_path / "nope.txt"))
    assert missing.returncode == 1
    assert "nope.txt: cannot read: No such file or directory" in missing.stderr
    binary = tmp_path / "x.bin"
    binary.write_bytes(bytes(range(256)) * 4)
    shown = run("show", str(binary))
    assert shown.returncode == 1
    assert "binary file" in shown.stderr


def test_show_draws_full_labels_under_their_group_headings() -> None:
    result = run("show", str(SAMPLES / "004_c601c8efb108a009.txt"))
    lines = result.stdout.splitlines()
    heading = next(i for i, line in enumerate(lines) if line.strip() == "（三）不予公开")
    assert lines[heading + 1].strip().startswith("1.属于国家秘密")
    assert lines[heading + 1].index("1.") > lines[heading].index("（")  # indented under its heading
    text = "".join(line.strip() for line in lines)
    assert "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请" in text.replace(
        " ", ""
    ).replace("0", "")


def test_excel_csv_starts_with_a_bom(tmp_path: Path) -> None:
    out = tmp_path / "x.csv"
    run("parse", str(SAMPLES / "004_c601c8efb108a009.txt"), "--to", "csv", "--excel", "-o", str(out))
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0]["organ"] == "攀枝花市米易县普威镇"


@pytest.mark.parametrize("command", ["parse", "check"])
def test_ctrl_c_leaves_the_json_written_so_far_valid(slow_batch: Path, tmp_path: Path, command: str) -> None:
    assert SCRIPT
    output = tmp_path / "out.json"
    process = subprocess.Popen(
        [SCRIPT, command, str(slow_batch), "--jobs", "2", "--to", "json", "-o", str(output)],
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
        preexec_fn=_interruptible,
    )
    while process.poll() is None and not (output.exists() and output.stat().st_size > 2):
        time.sleep(0.05)  # Ctrl-C once a first report is written
    os.killpg(process.pid, signal.SIGINT)
    process.communicate(timeout=60)  # a hang guard, not a speed bound
    assert process.returncode == 130
    written = json.loads(output.read_text("utf-8"))
    assert 0 < len(written) < len(list(slow_batch.iterdir()))


def test_control_characters_of_a_file_never_reach_the_terminal(tmp_path: Path) -> None:
    """A crafted report whose title and a cell hold ESC and BEL sequences: what check and parse write
    carries them as \\u001b escapes (the same characters inside JSON strings)."""
    crafted = tmp_path / "crafted.txt"
    crafted.write_text("\x1b]0;owned\x07标题\n规章\t0\t\x1b[2J两\t0\n", "utf-8")
    for arguments in (["check", str(crafted), "--all"], ["parse", str(crafted), "--to", "flat"]):
        result = run(*arguments)
        assert "\x1b" not in result.stdout + result.stderr and "\x07" not in result.stdout, arguments
    checked = run("check", str(crafted), "--all")
    assert "「\\u001b[2J两」 is not a number" in checked.stdout
    parsed = json.loads(run("parse", str(crafted), "--to", "json").stdout)
    assert parsed[0]["report"]["sources"]["active_disclosure.regulations.repealed"]["raw"] == "\x1b[2J两"


def test_a_link_to_a_file_is_read_as_that_file(tmp_path: Path) -> None:
    shutil.copy(SAMPLES / "004_c601c8efb108a009.txt", tmp_path / "report.txt")
    os.symlink(tmp_path / "report.txt", tmp_path / "link.txt")
    result = run("parse", str(tmp_path), "--to", "jsonl")
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [Path(record["file"]).name for record in records] == ["link.txt", "report.txt"]
    assert records[0]["report"]["organ"] == records[1]["report"]["organ"] == "攀枝花市米易县普威镇"
