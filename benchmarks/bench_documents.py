"""Documents: HTML parse time per report next to the text path, the HTML parsers compared, and PDF
pages per second with the two PDF libraries compared for speed and for what they read right.

    python benchmarks/bench_documents.py [--repeats 30]

Needs the `documents` extra; selectolax and pypdfium2's text path are compared when installed
(pypdfium2 comes with pdfplumber). Goals (issue 13): HTML within 3x the text path on the same report,
well under 18 ms (a peer's time); PDF pages/s reported.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import gipreport
from gipreport import documents
from gipreport.render import NoiseStep

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
PEER_MS = 18.0


def median_ms(function: Callable[[], object], repeats: int) -> float:
    function()  # warm caches (label index, lxml's parser)
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def expected_flat(name: str) -> dict[str, object]:
    """The hand-read values (amounts are written as strings in the JSON, to keep their digits)."""
    data = json.loads((SAMPLES / f"{name}.expected.json").read_text(encoding="utf-8"))
    values: dict[str, object] = {}
    for key, value in data["values"].items():
        try:
            values[key] = Decimal(value) if isinstance(value, str) else value
        except ArithmeticError:
            values[key] = value  # a unit (「万元」)
    return values


def accuracy(report: gipreport.Report, name: str) -> str:
    truth = expected_flat(name)
    flat = report.to_flat()
    right = sum(flat.get(key) == value for key, value in truth.items())
    return f"{right}/{len(truth)}"


def html_figures(repeats: int) -> None:
    print("HTML vs text, the same report (median ms per report)")
    pairs = [
        (
            "pingtan-zone-2023-page",
            SAMPLES / "pingtan-zone-2023-page.html",
            SAMPLES / "pingtan-zone-2023-page-gettext.txt",
        ),
        (
            "shuyang-development-reform-2023-page",
            SAMPLES / "shuyang-development-reform-2023-page.html",
            SAMPLES / "shuyang-development-reform-2023-page-gettext.txt",
        ),
    ]
    for name, page, text in pairs:
        page_bytes, text_bytes = page.read_bytes(), text.read_bytes()
        html_ms = median_ms(lambda data=page_bytes: gipreport.parse_html(data), repeats)
        text_ms = median_ms(lambda data=text_bytes: gipreport.parse_bytes(data), repeats)
        print(
            f"  {name}: html {html_ms:.2f}  text {text_ms:.2f}  ratio {html_ms / text_ms:.1f}x  "
            f"(page {len(page_bytes) // 1024} KiB)"
        )
    for seed in ("000_6943510d23fd8daa", "004_c601c8efb108a009"):
        text = (SAMPLES / f"{seed}.txt").read_text(encoding="utf-8")
        page = documents.html(gipreport.parse(text), noise=[NoiseStep("word-export", 1)])
        html_ms = median_ms(lambda page=page: gipreport.parse_html(page), repeats)
        text_ms = median_ms(lambda text=text: gipreport.parse(text), repeats)
        print(
            f"  {seed} drawn as a Word-export page: html {html_ms:.2f}  text {text_ms:.2f}  "
            f"ratio {html_ms / text_ms:.1f}x"
        )
    print(f"  goal: within 3x the text path; the peer needs {PEER_MS:.0f} ms")


def parser_figures(repeats: int) -> None:
    print("HTML parsers, tree building alone (median ms per page)")
    pages = [path.read_bytes() for path in sorted(SAMPLES.glob("*.html"))]
    import lxml.html

    lxml_ms = median_ms(lambda: [lxml.html.document_fromstring(page) for page in pages], repeats) / len(pages)
    print(f"  lxml {lxml_ms:.2f}")
    try:
        from selectolax.lexbor import LexborHTMLParser
    except ImportError:
        print("  selectolax: not installed")
    else:
        lexbor_ms = median_ms(lambda: [LexborHTMLParser(page) for page in pages], repeats) / len(pages)
        print(f"  selectolax (lexbor) {lexbor_ms:.2f}  (no source line numbers for provenance)")


def pdf_figures(repeats: int) -> None:
    name = "huaian-hongze-district-2024"
    data = (SAMPLES / f"{name}.pdf").read_bytes()
    import pdfplumber

    with pdfplumber.open(str(SAMPLES / f"{name}.pdf")) as pdf:
        pages = len(pdf.pages)
    print(f"PDF ({name}, {pages} pages)")
    plumber_ms = median_ms(lambda: gipreport.parse_pdf(data), max(3, repeats // 5))
    report = gipreport.parse_pdf(data)
    print(
        f"  pdfplumber (tables + text lines, the reader): {plumber_ms:.0f} ms, "
        f"{pages / plumber_ms * 1000:.1f} pages/s, values right {accuracy(report, name)}"
    )
    try:
        import pypdfium2
    except ImportError:
        print("  pypdfium2: not installed")
        return

    def pdfium_text() -> str:
        document = pypdfium2.PdfDocument(data)
        try:
            return "\n".join(page.get_textpage().get_text_range() for page in document)
        finally:
            document.close()

    pdfium_ms = median_ms(lambda: gipreport.parse(pdfium_text()), max(3, repeats // 5))
    text_report = gipreport.parse(pdfium_text())
    print(
        f"  pypdfium2 (page text into the text path): {pdfium_ms:.0f} ms, "
        f"{pages / pdfium_ms * 1000:.1f} pages/s, values right {accuracy(text_report, name)}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=30)
    args = parser.parse_args()
    html_figures(args.repeats)
    parser_figures(args.repeats)
    pdf_figures(args.repeats)


if __name__ == "__main__":
    main()
