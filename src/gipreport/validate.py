"""Layer 4, validation: a report's values -> diagnostics for its format's identities (pure).

Each identity is decided by the evaluator its format shares with recovery
(``formats.identities.evaluate``); this module only turns outcomes into diagnostics.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from gipreport import formats
from gipreport.diagnostics import Diagnostic, diagnostic
from gipreport.formats import FormatSpec, SumIdentity
from gipreport.formats.identities import Broken, Holds, NotAssessable, evaluate
from gipreport.model import Cell, ProseFigure, Report


def check_identity(
    identity: SumIdentity, flat: Mapping[str, object], sources: Mapping[str, Cell], fmt: FormatSpec
) -> Diagnostic | None:
    """One identity on one column or block: None when it holds (or has no value at all), else an
    error or a not-assessable diagnostic."""
    outcome = evaluate(identity, flat)
    if isinstance(outcome, Holds):
        return None
    source = sources.get(identity.key)
    line = source.line if source else None
    if isinstance(outcome, Broken):
        return diagnostic(
            identity.code,
            f"{identity.name} {identity.scope}: {identity.left_label} {outcome.left} ≠ "
            f"{identity.right_label} {outcome.right}",
            line=line,
            key=fmt.failure_key(identity),
        )
    if isinstance(outcome, NotAssessable):
        shown = [*outcome.missing, *outcome.invalid]
        names = "、".join(fmt.describe(key) for key in shown[:3]) + (" …" if len(shown) > 3 else "")
        why = "no value for" if outcome.missing else "not a number in"
        return diagnostic(
            "check.not-assessable",
            f"{identity.name} {identity.scope}: cannot be checked, {why} {names}",
            line=line,
            key=identity.key,
        )
    return None  # nothing to check: each None already carries the diagnostic saying why


def validate_flat(
    flat: Mapping[str, object], sources: Mapping[str, Cell] | None = None, fmt: FormatSpec | str | None = None
) -> tuple[Diagnostic, ...]:
    """The identity checks of ``fmt`` (the default format if None) on flat values; ``sources`` only
    supply line numbers."""
    spec = fmt if isinstance(fmt, FormatSpec) else formats.get(fmt or formats.DEFAULT)
    found = []
    for identity in spec.identities:
        checked = check_identity(identity, flat, sources or {}, spec)
        if checked is not None:
            found.append(checked)
    return tuple(found)


def ocr_checks(flat: Mapping[str, object], fmt: FormatSpec) -> tuple[Diagnostic, ...]:
    """In OCR text, a warning on every value that no identity which holds confirms, or that an identity
    which fails goes through: table 二's (it has no identities) and the terms of identities that fail
    or cannot be assessed. OCR misreads digits (「154」 as 「1154」, 「0 0」 as 「0 10」) where a text
    converter never does, and a row can hold its own total and still be misread (a border read as a
    「1」 glued to a part and to the total alike): only identities across rows confirm."""
    confirmed: set[str] = set()
    broken: set[str] = set()
    for identity in fmt.identities:
        outcome = type(evaluate(identity, flat))
        if outcome is Holds and _across_rows(identity, fmt):
            confirmed.update(identity.keys)
        elif outcome is Broken:
            broken.update(identity.keys)
    confirmed -= broken
    found = [
        diagnostic(
            "check.ocr-unconfirmed",
            f"{fmt.describe(key)}: {value} is read from OCR text and no identity of the tables confirms it",
            key=key,
        )
        for key, value in flat.items()
        if value is not None and key not in confirmed and not isinstance(value, str)
    ]
    # An amount's unit is read with it (「75394432.52」 and, a line below, 「元」 that OCR may misread or
    # lose): where the amount is unconfirmed, so is its unit, printed or not.
    units = _unit_keys(fmt)
    found += [
        diagnostic(
            "check.ocr-unconfirmed",
            f"{fmt.describe(units[d.key])}: the unit of an amount read from OCR text, "
            f"{flat.get(units[d.key]) or 'none'} as read, and no identity of the tables confirms it",
            key=units[d.key],
        )
        for d in tuple(found)
        if d.key in units
    ]
    return tuple(found)


def _unit_keys(fmt: FormatSpec) -> dict[str, str]:
    """The unit key of each amount column that keeps its unit apart (``amount`` → ``amount_unit``)."""
    return {column.key: column.unit_key for row in fmt.rows for column in row.columns if column.unit_key}


def _across_rows(identity: SumIdentity, fmt: FormatSpec) -> bool:
    """Whether an identity spans several rows (I1, I2), not one row's total (I3, 表四's I4)."""
    rows = {row.key if (row := fmt.row_of(key)) else key for key in identity.keys}
    return len(rows) > 1


def prose_checks(
    flat: Mapping[str, object], figures: Iterable[ProseFigure], fmt: FormatSpec
) -> tuple[Diagnostic, ...]:
    """The prose against the table: a warning where they state different numbers for a cell, an info
    where the table has no value and the prose states one (offered, never filled in)."""
    found = []
    for figure in figures:
        value = flat.get(figure.key)
        label = fmt.describe(figure.key)
        if value is None:
            found.append(
                diagnostic(
                    "check.prose-only",
                    f"{label}: the table has no value; the prose states {figure.value} "
                    f"(line {figure.line}: 「{figure.sentence}」)",
                    line=figure.line,
                    key=figure.key,
                )
            )
        elif value != figure.value:
            found.append(
                diagnostic(
                    "check.prose-mismatch",
                    f"{label}: the table says {value}, the prose {figure.value} "
                    f"(line {figure.line}: 「{figure.sentence}」)",
                    line=figure.line,
                    key=figure.key,
                )
            )
    return tuple(found)


def validate(report: Report) -> tuple[Diagnostic, ...]:
    """Check every identity of the report's format (a None value makes a check not assessable), and
    the figures its prose states against its tables."""
    spec = format_of(report)
    flat = report.to_flat()
    return validate_flat(flat, report.sources, spec) + prose_checks(flat, report.prose_figures, spec)


def format_of(report: Report) -> FormatSpec:
    """The format a report's tables are in (by its class: a report without tables has one too)."""
    for spec in formats.registered():
        if type(report) is spec.report_class:
            return spec
    raise TypeError(f"{type(report).__name__} is not the report class of a registered format")
