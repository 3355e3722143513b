"""Layer 1, normalization: raw text -> NormalizedText, small named fixes applied line by line.

Every fix is a pure ``str -> str`` function that never adds or removes a line, a TAB or a pipe, so
line numbers and cell boundaries stay those of the original input.
"""

from __future__ import annotations

import attrs
import regex

# Characters that copying from Word, PDF or web pages inserts invisibly.
_ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
# Space-like characters that are not U+0020: NBSP, the U+2000 block, narrow NBSP, medium
# mathematical space, ideographic space, vertical tab and form feed.
_SPACES = "\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000\x0b\x0c"

_ZERO_WIDTH_TABLE = {ord(c): None for c in _ZERO_WIDTH}
_SPACES_TABLE = {ord(c): " " for c in _SPACES}
# Full-width ASCII forms U+FF01..U+FF5E sit exactly 0xFEE0 above their ASCII twins.
_FULLWIDTH_TABLE = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
# Dot-like and quote-like variants seen in labels and numbers.
_PUNCTUATION_TABLE = {
    ord("\uff61"): ".",  # halfwidth ideographic full stop
    ord("\u2024"): ".",  # one dot leader
    ord("\u201c"): '"',  # left double quotation mark
    ord("\u201d"): '"',  # right double quotation mark
    ord("\u2018"): "'",
    ord("\u2019"): "'",
}

_ZERO_WIDTH_RE = regex.compile(f"[{_ZERO_WIDTH}]")
_LINE_BREAK = regex.compile(r"\r\n|\r|\n")


@attrs.frozen
class Line:
    """One input line: its 1-based number, its normalized text and the original text."""

    number: int
    text: str
    original: str


@attrs.frozen
class NormalizedText:
    lines: tuple[Line, ...]

    def line(self, number: int) -> Line:
        return self.lines[number - 1]


def remove_zero_width(text: str) -> str:
    """Drop zero-width spaces, joiners, BOMs and soft hyphens that split words invisibly.

    >>> remove_zero_width("自\u200b然人")
    '自然人'
    """
    # A regex scan is fast when, as almost always, there is nothing to remove.
    cleaned: str = _ZERO_WIDTH_RE.sub("", text)
    return cleaned


def fix_spaces(text: str) -> str:
    """Turn NBSP, ideographic and other Unicode spaces into a plain space (TAB is kept).

    >>> fix_spaces("\u3000\u30000\u00a0")
    '  0 '
    """
    return text.translate(_SPACES_TABLE)


def fix_fullwidth(text: str) -> str:
    """Map full-width digits, letters and punctuation (U+FF01-U+FF5E) to ASCII.

    Labels are then matched in one form and numbers such as 「１２」 read as 12.

    >>> fix_fullwidth("\uff11\uff12\uff08\u4e00\uff09")
    '12(\u4e00)'
    """
    return text.translate(_FULLWIDTH_TABLE)


def fix_punctuation(text: str) -> str:
    """Map curly quotes and dot look-alikes to ASCII so label variants compare equal.

    >>> fix_punctuation("\u201c\u4e09\u201d")
    '"\u4e09"'
    """
    return text.translate(_PUNCTUATION_TABLE)


FIXES = (remove_zero_width, fix_spaces, fix_fullwidth, fix_punctuation)


# The fixes are all character maps, so they compose into one table and one pass. The table is a
# list over the whole BMP: str.translate with a dict raises and swallows a LookupError for every
# character not in it (every Chinese character), which made normalization 3x slower.
_ALL_FIXES_TABLE = {**_FULLWIDTH_TABLE, **_PUNCTUATION_TABLE, **_SPACES_TABLE, **_ZERO_WIDTH_TABLE}
_BMP_TABLE: list[int | str | None] = list(range(0x10000))
for _code, _replacement in _ALL_FIXES_TABLE.items():
    _BMP_TABLE[_code] = _replacement


def normalize_line(text: str) -> str:
    """Apply every fix in ``FIXES`` to one line (in one pass: they are all character maps)."""
    return text.translate(_BMP_TABLE)


def split_lines(text: str) -> list[str]:
    r"""Split on ``\n``, ``\r\n`` and ``\r`` only; these define the line numbers users see.

    (``str.splitlines`` also splits on form feeds and U+2028, which editors do not count.)
    """
    if "\r" not in text:  # the common case, 8x faster than the regex
        return text.split("\n")
    lines: list[str] = _LINE_BREAK.split(text)
    return lines


def normalize(text: str) -> NormalizedText:
    """Split ``text`` into lines and normalize each, keeping original text and 1-based numbers."""
    # No fix touches a line break, so the whole text is fixed at once and both versions split alike.
    originals = split_lines(text)
    fixed = split_lines(normalize_line(text))
    return NormalizedText(tuple(map(Line, range(1, len(originals) + 1), fixed, originals)))
