"""The report's sections (一 to 六) in its prose: which lines are section headings, and the text under
each; a heading run into a long line of crawled text is cut out of it first."""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Iterable, Iterator, Sequence

import regex

from gipreport.diagnostics import Diagnostic, diagnostic
from gipreport.formats import FormatSpec
from gipreport.formats.spec import CHINESE_NUMERALS
from gipreport.mapping.cells import compact
from gipreport.model import Section
from gipreport.normalize import Line, as_written, fix_radicals, printed

MAX_HEADING_CHARS = 40
MAX_HEADING_EXTRA = 10


def heading_number(text: str, fmt: FormatSpec, after: int = 0) -> int | None:
    """The section number (1-6) if ``text`` is a section heading numbered above ``after``."""
    if len(text) > 4 * MAX_HEADING_CHARS:  # prose paragraphs, skipped before any work
        return None
    edges = text.strip()
    if not edges or edges.endswith(("。", ";", ",")) or edges.startswith("("):  # sentences, list items
        return None
    flat = compact(text)
    if not flat or len(flat) > MAX_HEADING_CHARS:
        return None
    numbered = _SECTION_NUMBER.match(flat)
    words = fmt.section_words
    if numbered:
        number = "一二三四五六".find(numbered["number"]) + 1 or int(numbered["number"])
        required, _ = words[number]
        rest = flat[numbered.end() :]
        return number if number > after and any(word in rest for word in required) else None
    if "," in flat or ":" in flat or "、" in flat or len(flat) < _shortest_phrase(fmt):
        return None  # a list in a sentence, or too short for any heading's phrase
    for number, (_, phrase) in words.items():
        # An unnumbered heading is the phrase with a few words around it, not a line of prose
        if number > after and phrase in flat and len(flat) <= len(phrase) + MAX_HEADING_EXTRA:
            return number
    return None


@functools.cache
def _shortest_phrase(fmt: FormatSpec) -> int:
    return min(len(phrase) for _, phrase in fmt.section_words.values())


_SECTION_NUMBER = re.compile(r"(?P<number>[一二三四五六]|[1-6])[、.]")  # stdlib: a cheaper call, per line


# A heading run into a long line of crawled text: 「… 一、总体情况 2022年，…」.
_INLINE_HEADING = regex.compile(r"(?:^|(?<=\s))(?:[一二三四五六]、)")
MIN_RUN_TOGETHER_CHARS = 160


def _with_inline_headings(prose: Sequence[Line], fmt: FormatSpec) -> Iterator[Line]:
    """The prose lines, with long lines split before each section heading they hold (one word after
    list numbering, the heading's words up to the next space)."""
    for line in prose:
        text = line.text
        if len(text) < MIN_RUN_TOGETHER_CHARS:
            yield line
            continue
        cuts = [0]
        for match in _INLINE_HEADING.finditer(text):
            word_end = text.find(" ", match.start())
            candidate = text[match.start() : word_end if word_end > 0 else len(text)]
            if match.start() > 0 and heading_number(candidate, fmt) is not None:
                cuts.extend((match.start(), match.start() + len(candidate)))
        cuts.append(len(text))
        same = len(text) == len(line.original)
        for start, end in itertools.pairwise(cuts):
            if text[start:end].strip():
                original = line.original[start:end] if same else text[start:end]
                yield Line(line.number, text[start:end], original, line.column + start)


def read_sections(prose: Sequence[Line], fmt: FormatSpec) -> tuple[Section, ...]:
    """The format's sections (一 to 六) with the prose lines under each (tables and furniture excluded)."""
    found: list[tuple[int, Line, list[str]]] = []
    for line in _with_inline_headings(prose, fmt):
        if not line.text.strip():
            continue
        number = heading_number(line.text, fmt, found[-1][0] if found else 0)
        if number is not None:
            found.append((number, line, []))
        elif found:
            found[-1][2].append(printed(line))
    return tuple(
        Section(number=number, heading=as_written(line), text=fix_radicals("\n".join(body)), line=line.number)
        for number, line, body in found
    )


def section_diagnostics(sections: Iterable[Section], fmt: FormatSpec) -> list[Diagnostic]:
    """The format's sections that were not found."""
    present = {section.number for section in sections}
    return [
        diagnostic("map.section-missing", f"section {CHINESE_NUMERALS[n - 1]} was not found", key=None)
        for n in fmt.section_numbers
        if n not in present
    ]
