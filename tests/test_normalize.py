"""Layer 1: normalization fixes, line numbering, and that nothing moves."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from gipreport.normalize import (
    FIXES,
    fix_fullwidth,
    fix_punctuation,
    fix_spaces,
    normalize,
    normalize_line,
    remove_zero_width,
    split_lines,
)


def test_fullwidth_digits_letters_and_punctuation() -> None:
    assert fix_fullwidth("\uff11\uff12\uff0c\uff08\u4e00\uff09\uff21") == "12,(\u4e00)A"


def test_spaces_and_zero_width() -> None:
    assert fix_spaces("\u00a00\u3000\u2002") == " 0  "
    assert remove_zero_width("\u81ea\u200b\u7136\ufeff\u4eba") == "\u81ea\u7136\u4eba"
    assert fix_punctuation("\u201c\u4e09\u201d") == '"\u4e09"'


def test_line_breaks_are_only_newlines() -> None:
    assert split_lines("a\r\nb\rc\nd\x0ce\u2028f") == ["a", "b", "c", "d\x0ce\u2028f"]


def test_original_text_is_kept_beside_the_normalized() -> None:
    text = normalize("\uff11\t\u3000\u30000\n\u81ea\u7136 \u4eba")
    assert [line.number for line in text.lines] == [1, 2]
    assert text.line(1).text == "1\t  0"
    assert text.line(1).original == "\uff11\t\u3000\u30000"


@given(st.text())
def test_normalize_keeps_lines_tabs_and_pipes(text: str) -> None:
    normalized = normalize(text)
    assert len(normalized.lines) == len(split_lines(text))
    for line in normalized.lines:
        assert line.text.count("\t") == line.original.count("\t")
        assert line.text.count("|") == line.original.count("|") + line.original.count("\uff5c")


@given(st.text())
def test_normalize_line_is_idempotent(text: str) -> None:
    once = normalize_line(text)
    assert normalize_line(once) == once


@given(st.integers(0, 10**9))
def test_fullwidth_numbers_read_as_ascii(number: int) -> None:
    fullwidth = "".join(chr(ord(c) + 0xFEE0) for c in str(number))
    assert normalize_line(fullwidth) == str(number)


@given(st.text())
def test_one_pass_equals_the_named_fixes_in_turn(text: str) -> None:
    composed = text
    for fix in FIXES:
        composed = fix(composed)
    assert normalize_line(text) == composed
