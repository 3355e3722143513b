"""Reading one cell: its text -> a value of its column's kind, or None with the state saying why."""

from __future__ import annotations

from decimal import Decimal

import attrs
import regex

from gipreport.formats import ValueKind
from gipreport.layout.model import SPACE_GROUPED_DIGITS
from gipreport.model import CellState, Value

NOT_APPLICABLE = frozenset(
    {"/", "\\", "-", "--", "\u2014", "\u2014\u2014", "\u2013", "\u2015", "无", "不适用"}
)
_UNITS = "万元|元|件|条|个|次|项|人"
_COUNT_UNITS = frozenset({"件", "条", "个", "次", "项", "人"})
_AMOUNT_UNITS = frozenset({"万元", "元"})
_NUMBER = r"(?:\d{1,3}(?:,\d{3})+|\d+)"
_READ = regex.compile(rf"(?P<sign>[+\-]?)(?P<number>{_NUMBER}(?P<fraction>\.\d+)?)(?P<unit>{_UNITS})?")
# Spaces inside a number are digit-group separators only as ``SPACE_GROUPED_DIGITS`` says (「1 234」);
# 「40000 40000」, 「58 58」 or 「0 293」 (a converter's merged cells) are two numbers in one cell, not one.
_SPACED = regex.compile(rf"[+\-]? ?(?:{SPACE_GROUPED_DIGITS}|\d+)(?:\.\d+)?(?: ?(?:{_UNITS}))?")
_VALUE_LIKE = regex.compile(rf"[+\-]?[\d,.]{{1,40}}(?:{_UNITS})?")
_VALUE_START = frozenset("+-0123456789,.")
# Longer digit strings are not numbers of a report (and int() of a huge string is slow).
MAX_NUMBER_CHARS = 30


@attrs.frozen
class Reading:
    """What one cell's text means: a value, or None with the state saying why; a unit it carried."""

    value: Value
    state: CellState
    unit: str | None = None


def compact(text: str) -> str:
    """Drop every space inside a cell: 「 0 」 and 「1 234」 are written numbers too."""
    if text.isalnum():  # no space inside (most cells and labels): nothing to build
        return text
    return "".join(text.split())


def is_plain_number(text: str) -> bool:
    """ASCII digits only, of a sane length: the common cell, read without any regex."""
    return text.isascii() and text.isdigit() and len(text) <= MAX_NUMBER_CHARS


def looks_like_value(text: str) -> bool:
    """True for cells that hold (or should hold) a number: empty, n/a marks and digit strings."""
    if not text or is_plain_number(text):  # the common cases, without a regex
        return True
    text = compact(text)
    if not text or text in NOT_APPLICABLE:
        return True
    # Labels, the other common cells, fail on their first character, without the regex.
    return text[0] in _VALUE_START and bool(_VALUE_LIKE.fullmatch(text))


def read_value(text: str, kind: ValueKind = "count") -> Reading:
    """Read one cell as a value of ``kind`` (see ``formats.spec.ValueKind``).

    >>> read_value("1,234")
    Reading(value=1234, state='value', unit=None)
    >>> read_value("/")
    Reading(value=None, state='na', unit=None)
    >>> read_value("40000 40000").state
    'unreadable'
    >>> read_value("-18", "signed").value, read_value("251000元", "amount").value
    (-18, Decimal('25.1'))
    >>> read_value("75394432.52元", "amount-as-printed")
    Reading(value=Decimal('75394432.52'), state='value', unit='元')
    """
    if is_plain_number(text):
        return Reading(int(text) if kind in ("count", "signed") else Decimal(text), "value")
    spaced = " ".join(text.split())
    if not spaced:
        return Reading(None, "blank")
    flat = spaced.replace(" ", "")
    if flat in NOT_APPLICABLE:
        return Reading(None, "na")
    if len(flat) > MAX_NUMBER_CHARS or (" " in spaced and not _SPACED.fullmatch(spaced)):
        return Reading(None, "unreadable")
    found = _READ.fullmatch(flat)
    if found is None:
        return Reading(None, "unreadable")
    sign, unit = found["sign"], found["unit"]
    digits = found["number"].replace(",", "").partition(".")[0]
    if kind in ("count", "signed"):
        negative_count = sign == "-" and kind == "count"
        if found["fraction"] or negative_count or (unit is not None and unit not in _COUNT_UNITS):
            return Reading(None, "unreadable", unit)
        number = int(digits)
        return Reading(-number if sign == "-" else number, "value", unit)
    if sign == "-" or (unit is not None and unit not in _AMOUNT_UNITS):
        return Reading(None, "unreadable", unit)
    amount = Decimal(digits + (found["fraction"] or ""))
    if kind == "amount" and unit == "元":
        amount = plain_decimal(amount / 10000)
    return Reading(amount, "value", unit)


def plain_decimal(amount: Decimal) -> Decimal:
    """A Decimal without trailing zeros or an exponent: 25.10 -> 25.1, 10.0000 -> 10 (not 1E+1)."""
    normalized = amount.normalize()
    return normalized.quantize(Decimal(1)) if normalized == normalized.to_integral_value() else normalized
