"""Layer 1, normalization: raw text -> NormalizedText, small named fixes applied line by line.

Every fix is a pure ``str -> str`` function that never adds or removes a line, a TAB or a pipe, so
line numbers and cell boundaries stay those of the original input.
"""

from __future__ import annotations

import re
import unicodedata

import attrs

from gipreport.textforms import TO_ASCII

# Characters that copying from Word, PDF or web pages inserts invisibly.
_ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
# Space-like characters that are not U+0020: NBSP, the U+2000 block, narrow NBSP, medium
# mathematical space, ideographic space, vertical tab and form feed.
_SPACES = "\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000\x0b\x0c"

_ZERO_WIDTH_TABLE = {ord(c): None for c in _ZERO_WIDTH}
_SPACES_TABLE = {ord(c): " " for c in _SPACES}
_FULLWIDTH_TABLE = TO_ASCII
# Dot-like and quote-like variants seen in labels and numbers.
_PUNCTUATION_TABLE = {
    ord("\uff61"): ".",  # halfwidth ideographic full stop
    ord("\u2024"): ".",  # one dot leader
    ord("\u201c"): '"',  # left double quotation mark
    ord("\u201d"): '"',  # right double quotation mark
    ord("\u2018"): "'",
    ord("\u2019"): "'",
    # Every minus sign alike: 「−3」 (U+2212, as formula editors and PDFs write it) is 「-3」.
    ord("\u2212"): "-",  # minus sign
    ord("\ufe63"): "-",  # small hyphen-minus
    ord("\u2011"): "-",  # non-breaking hyphen
}

# PDF printers (Chromium's Skia among them) map some glyphs of CJK fonts to the radical code points
# that look the same: 「⼀」 U+2F00 for 「一」, 「⺠」 for 「民」. Labels and organ names then match only
# once each is the ideograph it stands for. Kangxi radicals have that ideograph as their compatibility
# form; the simplified radicals of the supplement that are whole characters are listed here.
_RADICALS_TABLE = {code: ord(unicodedata.normalize("NFKC", chr(code))) for code in range(0x2F00, 0x2FD6)} | {
    ord(radical): ord(character)
    for radical, character in zip(
        "⺟⺠⻄⻅⻆⻉⻋⻓⻔⻘⻙⻚⻛⻜⻢⻥⻦⻨⻩⻬⻮⻰⻳",
        "母民西见角贝车长门青韦页风飞马鱼鸟麦黄齐齿龙龟",
        strict=True,
    )
}

_RADICAL = re.compile("[\u2e80-\u2fdf]")

# This module uses the stdlib engine: it scans a character set 7x faster than ``regex`` does.
_ZERO_WIDTH_RE = re.compile(f"[{_ZERO_WIDTH}]")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


@attrs.frozen
class Line:
    """One input line (or a part of one): its 1-based number, its normalized text, the original text
    and the 1-based column where the part starts (1 for a whole line)."""

    number: int
    text: str
    original: str
    column: int = 1


@attrs.frozen
class NormalizedText:
    """Every line's normalized text beside its original; line ``n`` is at index ``n - 1``.

    The lines are kept as two tuples of strings because a report has hundreds of lines and a Line
    object for each cost more than normalizing them; ``lines`` and ``line(n)`` build them on demand.
    """

    texts: tuple[str, ...]
    originals: tuple[str, ...]

    @property
    def lines(self) -> tuple[Line, ...]:
        return tuple(map(Line, range(1, len(self.texts) + 1), self.texts, self.originals))

    def line(self, number: int) -> Line:
        return Line(number, self.texts[number - 1], self.originals[number - 1])

    def lines_at(self, numbers: list[int]) -> tuple[Line, ...]:
        """The lines with these numbers, in the order given."""
        indexes = [number - 1 for number in numbers]
        return tuple(
            map(Line, numbers, map(self.texts.__getitem__, indexes), map(self.originals.__getitem__, indexes))
        )


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


def fix_radicals(text: str) -> str:
    """Map CJK radical code points that PDF text gives for ideographs back to the ideographs.

    >>> fix_radicals("\u2f00\u3001\u2ea0")
    '\u4e00\u3001\u6c11'
    """
    # A scan for any radical first: almost no line has one, and translate looks up every character.
    return text.translate(_RADICALS_TABLE) if _RADICAL.search(text) else text


FIXES = (remove_zero_width, fix_spaces, fix_fullwidth, fix_punctuation, fix_radicals)


# The fixes are all character maps, so they compose into one map applied in one pass. A report has
# a few hundred fixable characters but fewer than a dozen distinct ones (full-width brackets, colons,
# commas, ideographic spaces), so each distinct one is found with a regex scan and replaced with
# str.replace: 3x faster than str.translate, which looks up every character of the text one by one.
_ALL_FIXES: dict[str, str] = {
    chr(code): chr(code).translate(table)
    for table in (_FULLWIDTH_TABLE, _PUNCTUATION_TABLE, _SPACES_TABLE, _ZERO_WIDTH_TABLE, _RADICALS_TABLE)
    for code in table
}
_FIXABLE = re.compile("[" + "".join(re.escape(c) for c in sorted(_ALL_FIXES)) + "]")


def normalize_line(text: str) -> str:
    """Apply every fix in ``FIXES`` to one line (in one pass: they are all character maps)."""
    position = 0
    # No replacement is itself fixable, and every fixable character before ``found`` is already
    # replaced, so the scan resumes where it stopped: at most one scan of the text in all.
    while found := _FIXABLE.search(text, position):
        character = found.group()
        text = text.replace(character, _ALL_FIXES[character])
        position = found.start()
    return text


# What tesseract makes of a ruled table: a border read as 「|」「I」「[」「j」 and glued to a number
# (「|0」「0|10」), or as a 1 between zeros (「0101010」); a border read as an opening quote, after a
# label (「度办“|」) or glued to a row's first number (「“80  1  0」: a quoted figure, 「“12345”」, is
# closed); a border standing alone at a line's end, far from the text before it (「…仍不明     |」).
# A text converted from a table never has them. Each written to start with its border character (or
# the 1), so that the engine looks for those few characters instead of trying every digit (9x faster).
_OCR_SIGN = re.compile(
    r"[|I\[j1](?:(?<=\d\|)\d|(?<=\dI)\d|(?<![\w|][|I\[j])(?<=[|I\[j])\d|(?<=1)0101010)"
    r"|“(?:\||\d+[ \t]{2,}\d)"
    r"|(?<=[ \t]{3})\|(?=[ \t]*$)"
    r"|〈[^〉\n]{0,6}[)）]",  # 「（」 read as 「〈」: 「第二十条第〈一)项」, 「〈单位: 万元)」
    re.MULTILINE,
)
MIN_OCR_SIGN_LINES = 2
_QUOTE_BEFORE_DIGIT = re.compile(r"“\d")


def shows_ocr(text: str) -> bool:
    """Whether ``text`` is OCR output: several lines (other than markdown pipe rows) bear a table
    border read as a character glued to the numbers, or an opening bracket read as 「〈」 and closed by
    「)」 (tesseract's reading of 「（」; a page printed without borders, or its sparse mode, shows only
    this sign)."""
    # Most texts hold none of the characters a sign needs: a few substring scans (faster than any
    # pattern) tell so.
    if not (
        "|" in text
        or "I" in text
        or "[" in text
        or "j" in text
        or "10101010" in text
        or ("“" in text and _QUOTE_BEFORE_DIGIT.search(text))  # a report quotes words often, numbers not
        or "〈" in text
    ):
        return False
    lines: set[int] = set()
    for sign in _OCR_SIGN.finditer(text):
        start = text.rfind("\n", 0, sign.start()) + 1
        if not text[start : sign.end()].lstrip().startswith("|"):  # a markdown pipe row is no sign
            lines.add(start)
            if len(lines) >= MIN_OCR_SIGN_LINES:
                return True
    return False


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
    return NormalizedText(texts=tuple(split_lines(normalize_line(text))), originals=tuple(split_lines(text)))


def as_written(line: Line) -> str:
    """A prose line as printed (full-width punctuation kept), less invisible characters and edges, with
    the ideographs a PDF wrote as radicals (「改⾰局」 is 「改革局」)."""
    original = line.original
    if original == line.text:  # nothing was fixed: no radical either
        return original.strip()
    return fix_radicals(printed(line))


def printed(line: Line) -> str:
    """``as_written`` but for the radicals (fixed once for a whole section's text)."""
    if len(line.text) == len(line.original):  # every other fix maps one character to one
        return line.original.strip()  # so nothing invisible was removed
    return remove_zero_width(line.original).strip()
