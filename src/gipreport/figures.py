"""Prose figures: the numbers a report states in words for cells of its tables.

「集中公开现行有效行政规范性文件698件，动态更新本年度制发的规范性文件88件」 states two cells of table 二.
Each format lists its cues (``FormatSpec.prose_cues``: a flat key and a pattern whose group ``n`` is
the number); a figure is kept only when its cue is unambiguous: a key stated twice with different
numbers is dropped. Figures never fill a table cell by themselves: recovery uses them only to choose
between readings that the text and the identities both allow, and names them when it does;
validation compares them with the table (``check.prose-mismatch``, ``check.prose-only``).
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Iterable, Mapping

import regex

from gipreport.formats import FormatSpec
from gipreport.model import ProseFigure, Value
from gipreport.normalize import Line

__all__ = ["ProseFigure", "evidence", "paragraphs", "prose_figures"]

# A sentence holding a figure: quoted in the figure, at most this long.
MAX_SENTENCE_CHARS = 120
_SENTENCE_END = re.compile(r"[。；;！？!?]")  # stdlib re: simple scans run faster in it


@functools.cache
def _cues(fmt: FormatSpec) -> tuple[tuple[str, regex.Pattern[str]], ...]:
    return tuple((key, regex.compile(pattern)) for key, pattern in fmt.prose_cues)


def _sentence(text: str, start: int, end: int) -> str:
    """The sentence around ``text[start:end]``, or an excerpt if the sentence is longer than
    MAX_SENTENCE_CHARS. Its ends are looked for only that far away: a text without a full stop
    costs no more per figure than one with many."""
    reach = MAX_SENTENCE_CHARS + 1
    before = max((m.end() for m in _SENTENCE_END.finditer(text, max(0, start - reach), start)), default=None)
    if before is None:
        before = 0 if start <= reach else -1  # -1: the sentence began further back than it may
    after = _SENTENCE_END.search(text, end, end + reach)
    stop = after.end() if after else (len(text) if len(text) <= end + reach else -1)
    if before >= 0 and stop >= 0:
        sentence = text[before:stop].strip()
        if len(sentence) <= MAX_SENTENCE_CHARS:
            return sentence
    return text[max(0, start - 40) : end + 10].strip()


# A line that ends a sentence (or a heading line) is not continued by the next one.
_ENDS_PARAGRAPH = "。；;！？!?：:"
_COUNT_WORDS = "件起"  # every cue states its number as 「N件」 (cases also 「N起」)


def _states_figure(text: str, begin: int = 0, end: int | None = None) -> bool:
    """Whether a digit stands before 件 or 起 (spaces between allowed) in ``text[begin:end]``; found by
    the words first, as a regex scan for a digit is ten times slower on a page of prose."""
    stop = len(text) if end is None else end
    for word in _COUNT_WORDS:
        at = text.find(word, begin, stop)
        while at != -1:
            before = at - 1
            while before > begin and text[before] in " \t\n\u3000":
                before -= 1
            if before >= begin and text[before].isdigit():
                return True
            at = text.find(word, at + 1, stop)
    return False


def paragraphs(prose: Iterable[Line]) -> list[tuple[str, list[tuple[int, int]]]]:
    """Prose lines joined where a sentence runs on (PDF text and OCR break sentences at the page
    width): each paragraph's text and, per joined line, (offset in the text, line number)."""
    found: list[tuple[str, list[tuple[int, int]]]] = []
    text, starts = "", []  # type: tuple[str, list[tuple[int, int]]]
    previous: int | None = None
    for line in prose:
        piece = line.text.strip()
        if not piece:
            continue
        adjacent = previous is not None and 0 <= line.number - previous <= 1
        if text and (not adjacent or text[-1] in _ENDS_PARAGRAPH):
            found.append((text, starts))
            text, starts = "", []
        starts.append((len(text), line.number))
        text += piece
        previous = line.number
    if text:
        found.append((text, starts))
    return found


def _line_at(starts: list[tuple[int, int]], offset: int) -> int:
    """The line of the paragraph that holds ``offset`` (``starts``: each line's offset and number)."""
    at = bisect.bisect_right(starts, (offset, float("inf")))
    return starts[max(at - 1, 0)][1]


def prose_figures(prose: Iterable[Line], fmt: FormatSpec) -> tuple[ProseFigure, ...]:
    """Every figure the prose states unambiguously, in order; a key stated with two different
    numbers is dropped (which one the table should match cannot be told)."""
    cues = _cues(fmt)
    prose = list(prose)
    # Prose that states no 「N件」 anywhere (as in four of the five seeds) is passed over in one scan,
    # before its paragraphs are joined.
    if not cues or not _states_figure("\n".join(line.text for line in prose)):
        return ()
    found: list[ProseFigure] = []
    for text, starts in paragraphs(prose):
        if not _states_figure(text):
            continue
        # Cues never reach across a sentence: only sentences that state a 「N件」 are searched.
        begin = 0
        for end in [*(m.end() for m in _SENTENCE_END.finditer(text)), len(text)]:
            if end > begin and _states_figure(text, begin, end):
                for key, pattern in cues:
                    for match in pattern.finditer(text, begin, end):
                        line = _line_at(starts, match.start("n"))
                        found.append(ProseFigure(key, int(match["n"]), line, _sentence(text, *match.span())))
            begin = end
    stated: dict[str, set[int]] = {}
    for figure in found:
        stated.setdefault(figure.key, set()).add(figure.value)
    kept, seen = [], set()
    for figure in found:
        if len(stated[figure.key]) == 1 and figure.key not in seen:  # stated twice alike: kept once
            seen.add(figure.key)
            kept.append(figure)
    return tuple(kept)


def evidence(figures: Iterable[ProseFigure]) -> Mapping[str, frozenset[Value]]:
    """The figures as recovery takes them: each key with the number stated for it."""
    found: dict[str, set[Value]] = {}
    for figure in figures:
        found.setdefault(figure.key, set()).add(figure.value)
    return {key: frozenset(values) for key, values in found.items()}
