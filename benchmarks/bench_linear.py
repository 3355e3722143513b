"""The cost per character of hostile and unusual texts, against a seed report's, at three lengths.

    python benchmarks/bench_linear.py            # 10 k, 100 k and 1 M characters
    python benchmarks/bench_linear.py 10000      # one length only

Each shape is a unit of text repeated to the length; its parse's CPU time per character is printed as
a multiple of seed 000's (best of five; each shape's best of three below a million characters, after one
parse of the shape to warm up). A shape whose multiple grows with the length is not linear;
the goal (issue 25) is at most 5x a seed's at every length. Budgets that keep these bounded are counts
(states, split steps, repeated diagnostics), never clocks.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import gipreport

ROOT = Path(__file__).resolve().parents[1]
SEED = (ROOT / "samples" / "000_6943510d23fd8daa.txt").read_text("utf-8")
GOAL = 5.0

# Each unit is repeated to the length (cut at the length).
SHAPES: dict[str, str] = {
    "seed report repeated": SEED,
    "damaged row (digits, label, comma)": "4自然人99999999999999999999 1,2\n",
    "prose figures, no full stop": "全年共收到政府信息公开申请81件，予以公开42件，",
    "prose figures, sentences": "全年共收到政府信息公开申请81件。予以公开42件。",
    "run-together table 三 row": "（一）予以公开210000021\n",
    "run-together long digits": "三、本年度办理结果（一）予以公开159413631031886186311567893\n",
    "repeated label rows (TAB)": "规章\t0\t0\t0\n",
    "repeated label rows (pipe)": "| 规章 | 0 | 0 | 0 |\n",
    "label cells one per line": "\t规章\n\t0\n\t0\n\t0\n\n",
    "many TABs": "\t\t\t\t\t\t\t\t\n",
    "many pipes": "|||||||||\n",
    "long digit runs": "1234567890" * 10 + "\n",
    "digits with spaces": "1 2 3 4 5 6 7 8 9 0 " * 5 + "\n",
    "repeated headers": "申请人情况\t自然人\t法人或其他组织\t总计\n",
    "distinct CJK cells": "".join(chr(0x4E00 + i) + "\t" for i in range(200)) + "\n",
    "section headings": "一、总体情况\n二、主动公开政府信息情况\n",
    "titles": "某某市某某镇2023年政府信息公开工作年度报告\n",
    "unlabelled number rows": "\t1\t2\t3\t4\t5\t6\t7\n",
    "box drawing": "┌──┬──┐\n│规章│0 │\n└──┴──┘\n",
    "ASCII grid": "+----+----+\n| 规章 | 0 |\n+----+----+\n",
    "markup islands": "<table><tr><td>规章</td><td>0</td></tr></table>\n",
    "html2text rows": "规章| 0| 0| 0\n---|---|---|---\n",
    "full-width digits": "规章\t０\t１２\t３\n",
    "page furniture": "— 4 —\n第 4 页 共 9 页\n",
    "spaced columns": "规章          0          0          0\n",
    "random-looking junk": "a1b2c3\td4e5\t|f6|\t┼7\n",
    "a label, then words where numbers belong": "一、本年新收政府信息公开申请数量\tx\ty\tz\tq\tw\te\tr\n",
    "words and numbers one per line": "x\ny\n0\n",
    "label pieces one per line": "行政规\n范性文\n件\n0\n",
    "ideographic spaces between cells": "规章\u3000０\u3000１\u3000２\n",
    "a label glued to its number, a line alone": "行政事业性收费0\n",
    "one-row pipe tables, label pieces after each": "| 2.其 | 0 0 | 0 0 | 0 |\n| --- | --- |\n他法\n律行\n",
    # pdftotext -layout of a report that leaves columns blank: short rows read under the header
    "space-aligned short rows under a header": "\n".join(
        [
            f"{'':34}自 然   商业    科研    社会公     法 律     其他    总计",
            f"{'':34}人     企业    机构    益组织     服 务",
            f"{'一、本年新收政府信息公开申请数量':34}26{'':38}26",
            f"{'（一）予以公开':34}26{'':38}26",
            f"{'1.属于国家秘密':34}0{'':39}0",
        ]
    )
    + "\n",
}


def cpu_time(text: str) -> float:
    start = time.process_time()
    gipreport.parse(text)
    return time.process_time() - start


def per_char(text: str, repeats: int = 1) -> float:
    return min(cpu_time(text) for _ in range(repeats)) / max(len(text), 1)


def _repeated(unit: str, length: int) -> str:
    return (unit * (length // len(unit) + 1))[:length]


def main(lengths: list[int]) -> None:
    seed = per_char(SEED, repeats=5)
    print(
        f"seed 000: {len(SEED)} characters, {seed * 1e9:.0f} ns per character (goal: each shape <= {GOAL}x)"
    )
    print(f"{'shape':40}" + "".join(f"{length:>12,}" for length in lengths))
    worst = 0.0
    for name, unit in SHAPES.items():
        gipreport.parse(
            _repeated(unit, 2_000)
        )  # first use of a reader (lxml's import...) is not per character
        # The best of three below a million characters: a shared machine's one slow run is not the cost.
        ratios = [
            per_char(_repeated(unit, length), repeats=3 if length < 1_000_000 else 1) / seed
            for length in lengths
        ]
        worst = max(worst, *ratios)
        print(f"{name:40}" + "".join(f"{ratio:11.1f}x" for ratio in ratios), flush=True)
    verdict = "met" if worst <= GOAL else "NOT met"
    print(f"worst: {worst:.1f}x the seed's cost per character (goal {GOAL}x: {verdict})")


if __name__ == "__main__":
    main([int(arg) for arg in sys.argv[1:]] or [10_000, 100_000, 1_000_000])
