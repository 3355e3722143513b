"""Every diagnostic code is registered, documented in the README, and triggered by some input."""

from __future__ import annotations

import inspect
import io
import sys
from collections.abc import Callable
from pathlib import Path

import attrs
import pytest

import gipreport
from _support import read_report, read_sample
from gipreport.diagnostics import CODES
from gipreport.formats.gb2021 import ApplicantCounts
from gipreport.model import Report
from gipreport.pipeline import MAX_INPUT_CHARS
from gipreport.tables import blocks, recovery
from gipreport.tables import search as recover

README = Path(__file__).resolve().parent.parent / "README.md"


def _parse_codes(text: str) -> set[str]:
    return {d.code for d in gipreport.parse(text).diagnostics}


def _broken_report_codes() -> set[str]:
    report = gipreport.parse(read_sample("004_c601c8efb108a009"))
    apps = report.applications
    broken = attrs.evolve(
        report,
        applications=attrs.evolve(
            apps,
            new_received=ApplicantCounts(5, 0, 0, 0, 0, 0, 5),
            granted=ApplicantCounts(0, 0, 0, 0, 0, 0, 1),
        ),
        review_litigation=attrs.evolve(
            report.review_litigation,
            litigation_direct=attrs.evolve(report.review_litigation.litigation_direct, total=3),
        ),
    )
    return {d.code for d in gipreport.validate(broken)}


def _label_lost_codes() -> set[str]:
    """Sample 004 with the label of 二、上年结转 lost: an identity across rows (I1) proves which row its
    numbers are (a row's own total would not: any row of zeros adds up)."""
    text = read_sample("004_c601c8efb108a009")
    label = next(line for line in text.splitlines() if line.startswith("二、上年结转")).split("\t")[0]
    return _parse_codes(text.replace(label, "", 1))


def _unproven_codes(monkeypatch: pytest.MonkeyPatch) -> set[str]:
    """「000」 in table 二 cuts one way only, its one proof; without that proof, one reading fits and
    nothing checks it (table 二 has no identities)."""
    monkeypatch.setattr(recovery, "cut_one_way", lambda *_: None)
    return _parse_codes(read_sample("pingtan-zone-2022-crawler"))


def _budget_codes(monkeypatch: pytest.MonkeyPatch) -> set[str]:
    monkeypatch.setattr(recover, "MAX_SEARCH_NODES", 0)
    monkeypatch.setattr(blocks, "MAX_STREAM_READINGS", 0)  # nor may the stream reading place the rows
    return _label_lost_codes()


def _bytes_codes(data: bytes, encoding: str | None = None) -> set[str]:
    return {d.code for d in gipreport.parse_bytes(data, encoding).diagnostics}


def _document_codes(parse: Callable[[bytes], Report], data: bytes) -> set[str]:
    return {d.code for d in parse(data).diagnostics}


def _scanned_pdf() -> bytes:
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    drawing = canvas.Canvas(buffer)
    drawing.rect(100, 100, 200, 200, fill=1)  # a scan's picture, no text
    drawing.save()
    return buffer.getvalue()


def _missing_extra_codes(monkeypatch: pytest.MonkeyPatch) -> set[str]:
    for module in [name for name in sys.modules if name.startswith(("lxml", "gipreport.readers.html"))]:
        monkeypatch.delitem(sys.modules, module)
    monkeypatch.setitem(sys.modules, "lxml", None)  # `import lxml` now fails, as without the extra
    return _bytes_codes(
        b"<html><body><table><tr><td>\xe8\xa7\x84\xe7\xab\xa0</td></tr></table></body></html>"
    )


def _corpus_codes() -> set[str]:
    """Two years of one organ (last year's 结转下年度 is 0, this year's 上年结转 1; the stock does not
    carry on), a duplicate, a report without an organ, and a parent that is not its child's sum."""
    last = attrs.evolve(read_report("pingtan-zone-2022-crawler"), source_name="last")
    this = read_report("pingtan-zone-2023-page")
    flat = this.to_flat()
    flat["applications.carried_over.total"] = 1
    this = gipreport.from_flat(flat, format="2021", organ=this.organ, year=2023, source_name="this")
    parent = gipreport.from_flat({"applications.granted.total": 5}, format="2021", organ="县", year=2022)
    reports = [last, this, this, attrs.evolve(last, organ=None), attrs.evolve(parent, source_name="parent")]
    found = gipreport.check_corpus(reports, hierarchy={"parent": ["last"]}, additive=True)
    return {item.diagnostic.code for item in found}


TRIGGERS: dict[str, Callable[..., set[str]]] = {
    "input.encoding": lambda: _bytes_codes(b""),
    "input.undecodable": lambda: _bytes_codes(b"\xff\xfe\xfd abc", "utf-8"),
    "input.binary": lambda: _bytes_codes(bytes(range(256))),
    "input.looks-like-path": lambda: _parse_codes("samples/000_6943510d23fd8daa.txt"),
    "input.markup": lambda: _parse_codes("<html><body><p>一、总体情况</p></body></html>"),
    "input.unreadable": lambda: _document_codes(gipreport.parse_pdf, b"%PDF-1.4 not really"),
    "input.no-text-layer": lambda: _document_codes(gipreport.parse_pdf, _scanned_pdf()),
    "input.missing-extra": _missing_extra_codes,
    "layout.merged-value": lambda: {
        d.code
        for d in gipreport.parse_html(
            "<table><tr><td>规章</td><td colspan='2'>1</td><td>2</td></tr></table>"
        ).diagnostics
    },
    "input.too-large": lambda: _parse_codes("x" * (MAX_INPUT_CHARS + 1)),
    "layout.row-too-wide": lambda: _parse_codes("\t" * 100),
    "layout.no-tables": lambda: _parse_codes("没有表格"),
    "map.metadata-missing": lambda: _parse_codes(""),
    "map.section-missing": lambda: _parse_codes(""),
    "map.table-missing": lambda: _parse_codes(""),
    "map.row-missing": lambda: _parse_codes("规章\t0\t0\t0\n"),
    "map.row-duplicate": lambda: _parse_codes("规章\t0\t0\t0\n规章\t0\t0\t0\n"),
    "map.row-ambiguous": lambda: _parse_codes("(七)总计\t\t1\t0\t0\t0\t0\t0\t\n"),
    "recover.stream-unproven": lambda: _parse_codes(
        read_sample("pingtan-zone-2023-page-libreoffice-pdf-pdfminer")
    ),
    "map.row-under-header": lambda: _parse_codes(
        read_sample("shuyang-development-reform-2023-page-chromium-pdf-pdftotext-layout")
    ),
    "map.row-short": lambda: _parse_codes("\t规章\n\t0\n\t行政许可\n\t0\n"),
    "map.row-long": lambda: _parse_codes("规章\t0\t0\t0\t0\n"),
    "map.cell-blank": lambda: _parse_codes("| 规章 | 0 |  | 0 |\n"),
    "map.cell-not-applicable": lambda: _parse_codes("规章\t/\t0\t0\n"),
    "map.cell-unreadable": lambda: _parse_codes("规章\t0\t两\t0\n"),
    "map.cell-unit": lambda: _parse_codes("行政许可\t3件\n"),
    "map.unit-from-header": lambda: _parse_codes("本年收费金额（单位：元）\n行政事业性收费\t251000\n"),
    "map.unlabelled-row": lambda: _parse_codes("申请人情况\t自然人\n\t1\t2\t3\n"),
    "map.old-other-processing": lambda: _parse_codes(read_sample("002_14788243fd7ad82f")),
    "map.row-not-in-layout": lambda: _parse_codes(read_sample("002_14788243fd7ad82f")),
    "map.derived-incomplete": lambda: _parse_codes(
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请\t/\t0\t0\t0\t0\t0\t0\n"
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请\t0\t0\t0\t0\t0\t0\t0\n"
        "3.其他\t0\t0\t0\t0\t0\t0\t0\n"
    ),
    "format.mixed": lambda: _parse_codes(
        "信息内容\t本年新制作数量\t本年新公开数量\t对外公开总数量\n规章\t0\t0\t0\n"
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请\t0\t0\t0\t0\t0\t0\t0\n"
    ),
    "layout.page-furniture": lambda: _parse_codes("规章\t0\t0\t0\n5\n"),
    "map.metadata-inferred": lambda: _parse_codes("一、总体情况\n2023年，平潭综合实验区坚持以人民为中心。\n"),
    "map.metadata-short-organ": lambda: _parse_codes("一、总体情况\n2023年，县发展和改革局认真贯彻执行。\n"),
    "map.metadata-conflict": lambda: _parse_codes(
        "淮安市洪译区人民政府2024年政府信息公开工作年度报告\n一、总体情况\n"
        "2024年，淮安市洪泽区人民政府坚持以人民为中心。\n行政许可 |3\n行政处罚 |0\n行政强制 0|10101010\n"
    ),
    "map.unlabelled-twice": lambda: _parse_codes(
        "四、政府信息公开行政复议、行政诉讼情况\n" + "\t".join("0" * 15) + "\n" + "\t".join("1" * 15) + "\n"
    ),
    "format.by-year": lambda: _parse_codes("平潭综合实验区2019年政府信息公开工作年度报告\n规章\t0\t0\t0\n"),
    "input.ocr": lambda: _parse_codes("规章\t1\t2\t3\n行政许可 |3\n行政处罚 |0\n行政强制 0|10101010\n"),
    "check.ocr-unconfirmed": lambda: _parse_codes(
        "规章\t1\t2\t3\n行政许可 |3\n行政处罚 |0\n行政强制 0|10101010\n"
    ),
    "map.label-approximate": lambda: _parse_codes("一、本年新收政府信息公开申请数\t1\t0\t0\t0\t0\t0\t1\n"),
    "map.derived-from-flagged": lambda: _parse_codes(
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请\t1件\t0\t0\t0\t0\t0\t1\n"
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请\t0\t0\t0\t0\t0\t0\t0\n"
        "3.其他\t0\t0\t0\t0\t0\t0\t0\n"
    ),
    "recover.recovered": _label_lost_codes,
    "recover.ambiguous": lambda: _parse_codes("规章\t1\t2\n"),
    "recover.unproven": _unproven_codes,
    "recover.inconsistent": lambda: _parse_codes("（一）予以公开    1111111\n"),
    "recover.budget": _budget_codes,
    "input.ocr-borders": lambda: {
        d.code for d in read_report("huaian-hongze-district-2024-pdf-tesseract").diagnostics
    },
    "map.metadata-unconfirmed": lambda: _parse_codes(
        "现向社会公布沐阳县发展和改革局2023年政府信息公开工作年度报告。\n"
        + "".join(f"行政许可 |{n}\n" for n in range(4))
    ),
    "recover.lost-zero": lambda: {
        d.code for d in read_report("pingtan-zone-2023-page-chromium-pdf-tesseract").diagnostics
    },
    "recover.lost-cell": lambda: {
        d.code for d in read_report("rendered-004-chromium-pdf-tesseract").diagnostics
    },
    "recover.stream-unconfirmed": lambda: {
        d.code for d in read_report("huaian-hongze-district-2024-pdf-pdftotext").diagnostics
    },
    "recover.stream-order": lambda: {
        d.code for d in read_report("huaian-hongze-district-2024-pdf-pdftotext").diagnostics
    },
    "check.i1-balance": _broken_report_codes,
    "check.i2-results-sum": _broken_report_codes,
    "check.i3-row-total": _broken_report_codes,
    "check.i4-review-total": _broken_report_codes,
    "check.prose-mismatch": lambda: {d.code for d in read_report("pingtan-zone-2023-page").diagnostics},
    "check.prose-only": lambda: {
        d.code for d in read_report("shuyang-development-reform-2023-page-gettext").diagnostics
    },
    "check.i5-carried-over": _corpus_codes,
    "check.stock": _corpus_codes,
    "check.hierarchy-sum": _corpus_codes,
    "check.corpus-unplaced": _corpus_codes,
    "check.corpus-duplicate": _corpus_codes,
    "check.not-assessable": lambda: _parse_codes(read_sample("000_6943510d23fd8daa")),
}


def test_every_code_has_a_trigger() -> None:
    assert set(TRIGGERS) == set(CODES)


@pytest.mark.parametrize("code", sorted(CODES))
def test_code_is_triggered(code: str, monkeypatch: pytest.MonkeyPatch) -> None:
    trigger = TRIGGERS[code]
    found = trigger(monkeypatch) if inspect.signature(trigger).parameters else trigger()
    assert code in found, code


@pytest.mark.parametrize("code", sorted(CODES))
def test_code_is_in_the_readme_table(code: str) -> None:
    assert f"`{code}`" in README.read_text(encoding="utf-8")


def test_codes_are_prefixed_by_their_layer_and_have_a_severity() -> None:
    for code, (severity, doc) in CODES.items():
        assert code.split(".")[0] in {"input", "layout", "format", "map", "recover", "check"}
        assert severity in {"error", "warning", "info"}
        assert doc.strip()
