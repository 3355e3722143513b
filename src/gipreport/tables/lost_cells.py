"""Cells an OCR text lost, fixed by the identities: the last step of reading an OCR text's tables,
run by the pipeline once the values read have been checked against one another (see below).

OCR loses what a text converter never does: a row's numbers whose label it garbled (「Dll pm pp」), a
whole row's line, lone zeros. Where an identity's other cells were read, its lost cell is their
difference (I2: （七）总计 less the other results); where an identity's read cells leave nothing for
its lost ones (a total 0, or a total equal to the parts read), each lost count is 0, since counts are
never negative. Carried on until nothing more follows, and kept only if no identity breaks.

Each value so found is ``derived`` (its proof names the identities) and carries
``recover.lost-cell``, a warning: it is arithmetic on values OCR read, which OCR may have misread,
and a lost 0 may be a blank in the report. A cell printed empty or 「/」 is never filled, nor any cell
of a text that is not OCR (a converter loses no digits: a cell it lost was blank), nor of a table
none of whose rows shows all its columns but one (it may leave whole columns blank). The identities
that confirm OCR values (``validate.ocr_checks``) are decided before this step: a filled value makes
its identities hold by construction, and confirms nothing.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import NamedTuple

from gipreport.diagnostics import Diagnostic, diagnostic
from gipreport.formats import FormatSpec, SumIdentity
from gipreport.formats.identities import Broken, evaluate
from gipreport.model import Cell, Sources, Value
from gipreport.tables.reading import LostZeroEvidence

_FILLABLE = ("unreadable", "missing", "derived")  # None because the text lost it (or a part of it)
_PRINTED = ("value", "recovered", "blank", "na")
_PARTS = "parts"  # the name of a derived row's cell as the sum of its parts' (no identity of the format)


class Filled(NamedTuple):
    """The values with the lost cells filled, their sources, and the diagnostics: a warning on each
    filled key, and none left saying a derived row it completed cannot be derived."""

    values: dict[str, Value]
    sources: Sources
    diagnostics: tuple[Diagnostic, ...]


def fill_lost_cells(
    values: Mapping[str, Value],
    sources: Sources,
    diagnostics: tuple[Diagnostic, ...],
    fmt: FormatSpec,
    evidence: LostZeroEvidence,
) -> Filled:
    """``values`` with every count cell that OCR lost and the identities fix filled (see the module
    doc); as they were where nothing follows or a filled value would break an identity. Only in a
    table that ``evidence`` says prints its columns: a report may leave whole columns blank, and
    then every row lacks them and the sums are made up without them."""
    counts = _count_keys(fmt)
    known = {key: value for key, value in values.items() if type(value) is int and key in counts}
    lost = {
        key
        for key, value in values.items()
        if value is None
        and key in counts
        and key in sources
        and sources[key].state in _FILLABLE
        and evidence.prints_columns(fmt.row_of(key))
    }
    rules = _rules(fmt, sources)
    fixed_by: dict[str, list[SumIdentity]] = {}
    changed = True
    while changed:
        changed = False
        for rule in rules:
            found = _follows(rule, known, lost)
            for key, value in found.items():
                known[key] = value
                fixed_by.setdefault(key, []).append(rule)
                changed = True
    touched = [rule for rule in rules if any(key in fixed_by for key in rule.keys)]
    if not fixed_by or any(isinstance(evaluate(rule, known), Broken) for rule in touched):
        return Filled(dict(values), sources, diagnostics)
    filled_values, filled_sources = dict(values), Sources(sources)
    notes = []
    for key in fixed_by:
        named = "、".join(_named(rule) for rule in fixed_by[key])
        value = known[key]
        old = sources[key]
        filled_values[key] = value
        filled_sources[key] = Cell(
            "", old.line, "derived", old.lines, proof=f"a cell the OCR text lost, fixed at {value} by {named}"
        )
        notes.append(
            diagnostic(
                "recover.lost-cell",
                f"{fmt.describe(key)}: the OCR text lost this cell, fixed at {value} by {named} from the "
                "values read, which OCR may have misread (a 0 may be printed blank in the report)",
                line=old.line,
                key=key,
            )
        )
    kept = (d for d in diagnostics if not (d.code == "map.derived-incomplete" and d.key in fixed_by))
    return Filled(filled_values, filled_sources, (*kept, *notes))


def _follows(rule: SumIdentity, known: Mapping[str, int], lost: set[str]) -> dict[str, int]:
    """The lost cells of ``rule`` its known cells fix: one lost cell, the difference of the sides;
    lost cells on one side only that the other side's known sum leaves nothing, each 0."""
    unknown_left = [key for key in rule.left if key not in known]
    unknown_right = [key for key in rule.right if key not in known]
    if not (unknown_left or unknown_right) or (unknown_left and unknown_right):
        return {}
    if any(key not in lost for key in (*unknown_left, *unknown_right)):
        return {}  # a cell printed empty (or of another kind) is not the text's loss
    left = sum(known[key] for key in rule.left if key in known)
    right = sum(known[key] for key in rule.right if key in known)
    rest, unknown = (right - left, unknown_left) if unknown_left else (left - right, unknown_right)
    if rest < 0 or (rest and len(unknown) > 1):
        return {}
    return dict.fromkeys(unknown, rest)


def _named(rule: SumIdentity) -> str:
    return "the sum of its parts" if rule.name == _PARTS else f"{rule.name} {rule.scope}"


@functools.cache
def _count_keys(fmt: FormatSpec) -> frozenset[str]:
    """The keys of count cells: never negative, so lost ones on the side of a sum that is already
    made up are 0."""
    return frozenset(
        key
        for row in fmt.rows
        for key, column in zip(row.cells, row.columns, strict=True)
        if column.kind == "count"
    )


def _rules(fmt: FormatSpec, sources: Sources) -> list[SumIdentity]:
    """The format's identities over counts, and for each derived row not printed as one row (（六）其他处理
    printed as its parts), its cells as the sums of its parts'."""
    counts = _count_keys(fmt)
    rules = [rule for rule in fmt.identities if all(key in counts for key in rule.keys)]
    for row in fmt.rows:
        printed = any(key in sources and sources[key].state in _PRINTED for key in row.cells)
        if not row.derived_from or printed:
            continue  # none, or printed as one row (the older layout): its parts are no rows of it
        parts = [fmt.row(part) for part in row.derived_from]
        for position, key in enumerate(row.cells):
            summed = tuple(part.cells[position] for part in parts)
            rules.append(SumIdentity("", key, _PARTS, "", "", "", (key,), summed))
    return rules
