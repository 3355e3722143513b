"""How reports write characters and numbers: full-width and ASCII twins, and a value as printed.

Shared by the parser (normalization reads full-width forms as ASCII) and the writers (rendering and
strategies write them back, exports print values), so each fact is written once.
"""

from __future__ import annotations

from decimal import Decimal

# Full-width ASCII forms U+FF01..U+FF5E sit exactly 0xFEE0 above their ASCII twins; the ideographic
# space U+3000 is the full-width space.
FULLWIDTH_OFFSET = 0xFEE0
TO_ASCII: dict[int, int] = {code: code - FULLWIDTH_OFFSET for code in range(0xFF01, 0xFF5F)}
TO_FULLWIDTH: dict[int, int] = {code: code + FULLWIDTH_OFFSET for code in range(0x21, 0x7F)}
TO_FULLWIDTH_WITH_SPACE: dict[int, int] = TO_FULLWIDTH | {0x20: 0x3000}


def number_text(value: int | Decimal | str) -> str:
    """A value as a report prints it: Decimals with their digits, never in exponent form.

    >>> number_text(Decimal("1E+1")), number_text(12), number_text("元")
    ('10', '12', '元')
    """
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)
