"""Prose figures: the numbers a report states in words for cells of its tables.

「集中公开现行有效行政规范性文件698件，动态更新本年度制发的规范性文件88件」 states two cells of table 二.
Each format lists its cues (``FormatSpec.prose_cues``: a flat key and a pattern whose group ``n`` is
the number); a figure is kept only when its cue is unambiguous: a key stated twice with different
numbers is dropped. Figures never fill a table cell by themselves: recovery uses them only to choose
between readings that the text and the identities both allow, and names them when it does.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping

import attrs
import regex

from gipreport.formats import FormatSpec
from gipreport.model import Value
from gipreport.normalize import Line

# A sentence holding a figure: quoted in the figure, at most this long.
MAX_SENTENCE_CHARS = 120
_SENTENCE_END = regex.compile(r"[。；;！？!?]")


@attrs.frozen
class ProseFigure:
    """A number the prose states for a flat key, with the sentence and line it is in."""

    key: str
    value: int
    line: int
    sentence: str


@functools.cache
def _cues(fmt: FormatSpec) -> tuple[tuple[str, regex.Pattern[str]], ...]:
    return tuple((key, regex.compile(pattern)) for key, pattern in fmt.prose_cues)


def _sentence(text: str, start: int, end: int) -> str:
    before = max((m.end() for m in _SENTENCE_END.finditer(text, 0, start)), default=0)
    after = _SENTENCE_END.search(text, end)
    sentence = text[before : after.end() if after else len(text)].strip()
    return sentence if len(sentence) <= MAX_SENTENCE_CHARS else text[max(0, start - 40) : end + 10].strip()


def prose_figures(prose: Iterable[Line], fmt: FormatSpec) -> tuple[ProseFigure, ...]:
    """Every figure the prose states unambiguously, in order."""
    cues = _cues(fmt)
    if not cues:
        return ()
    found: list[ProseFigure] = []
    for line in prose:
        text = line.text
        if not any(character.isdigit() for character in text):
            continue
        for key, pattern in cues:
            for match in pattern.finditer(text):
                found.append(ProseFigure(key, int(match["n"]), line.number, _sentence(text, *match.span())))
    stated: dict[str, set[int]] = {}
    for figure in found:
        stated.setdefault(figure.key, set()).add(figure.value)
    return tuple(figure for figure in found if len(stated[figure.key]) == 1)


def evidence(figures: Iterable[ProseFigure]) -> Mapping[str, frozenset[Value]]:
    """The figures as recovery takes them: each key with the number stated for it."""
    found: dict[str, set[Value]] = {}
    for figure in figures:
        found.setdefault(figure.key, set()).add(figure.value)
    return {key: frozenset(values) for key, values in found.items()}
