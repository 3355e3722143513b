"""How a report's text spells its organ: two spellings a character or two apart (one misread by OCR,
or mistyped), or a name that stands once only in OCR text. Each is a warning on ``organ``: the name
read is kept, and nothing in the text confirms its characters.
"""

from __future__ import annotations

from collections.abc import Sequence

from gipreport.diagnostics import Diagnostic, diagnostic
from gipreport.mapping.cells import compact
from gipreport.normalize import Line


def organ_conflict(
    organ: str, body_organ: tuple[str, str, int] | None, lines: Sequence[Line], most: int
) -> Diagnostic | None:
    """A warning where the body names the title's organ a character or two apart (「洪译区」 and
    「洪泽区」), or a line spells the organ read up to ``most`` characters apart (「平潭综合实验区」
    beside the 「平漂…」 the organ was read from): one of them is misread or mistyped. OCR text shows no
    sign of itself at 400 dpi or in tesseract's sparse mode, so this is asked of every text (``most``
    is 2 in OCR text, 1 in any other). ``body_organ``: what the body names (name, where, line), where
    the organ was read from a title."""
    if body_organ is not None and misread(organ, body_organ[0]):
        return diagnostic(
            "map.metadata-conflict",
            f"the title names 「{organ}」 and {body_organ[1]} 「{body_organ[0]}」: one of them is "
            "misread or mistyped; the title's is kept",
            line=body_organ[2],
            key="organ",
        )
    apart = _spelt_apart(organ, lines, most)
    if apart is None:
        return None
    return diagnostic(
        "map.metadata-conflict",
        f"the organ is read as 「{organ}」, and line {apart[1]} spells it 「{apart[0]}」: one of "
        "them is misread or mistyped; the first is kept",
        line=apart[1],
        key="organ",
    )


def organ_unconfirmed(prose: Sequence[Line], organ: str) -> Diagnostic | None:
    """In OCR text: a warning where the organ's name stands in the text once only (a title without
    the body naming it again, or a body without a title): nothing confirms its characters, and OCR
    misreads names (「沭阳县」 as 「沐阳县」)."""
    name = compact(organ)
    if compact("".join(line.text for line in prose)).count(name) >= 2:
        return None
    return diagnostic(
        "map.metadata-unconfirmed",
        f"the organ 「{organ}」 stands in the OCR text once only: nothing confirms its spelling",
        key="organ",
    )


def misread(title_organ: str, body_organ: str) -> bool:
    """Two spellings of one name that differ in a character or two (「洪译区」 for 「洪泽区」), as OCR
    misreads; a short form in the body (「区政府办」) is another name, not a misreading."""
    first, second = compact(title_organ), compact(body_organ)
    return len(first) == len(second) and 0 < sum(a != b for a, b in zip(first, second, strict=True)) <= 2


def _spelt_apart(organ: str, lines: Sequence[Line], most: int) -> tuple[str, int] | None:
    """A spelling of ``organ`` in ``lines`` up to ``most`` characters apart, and its line. ``most``
    misread characters leave one of ``most + 1`` pieces of the name whole: each is looked for, and
    the name's length around it compared, within a line (a name wrapped over two lines is not seen)."""
    name = compact(organ)
    size = len(name)
    if size < 2 * (most + 1):
        return None
    step = size // (most + 1)
    pieces = [(start, name[start : start + step]) for start in range(0, step * (most + 1), step)]
    text = "\n".join(compact(line.text) for line in lines)
    for offset, piece in pieces:
        found = text.find(piece)
        while found != -1:
            window = text[found - offset : found - offset + size] if found >= offset else ""
            if (
                len(window) == size
                and window != name
                and "\n" not in window  # a name wrapped over two lines
                and _misread_characters(window, name, most)
            ):
                return window, lines[text.count("\n", 0, found)].number
            found = text.find(piece, found + 1)
    return None


def _misread_characters(window: str, name: str, most: int) -> bool:
    """``window`` is ``name`` with 1 to ``most`` characters read as other ideographs (「沐」 for 「沭」);
    not a name's end after other words (「2023年,县发展和改革局」: a comma is no misread character)."""
    other = [character for character, wanted in zip(window, name, strict=True) if character != wanted]
    return len(other) <= most and all("\u4e00" <= character <= "\u9fff" for character in other)
