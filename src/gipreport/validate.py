"""Layer 4, validation: a report's values -> diagnostics for its format's identities (pure).

Each identity is decided by the evaluator its format shares with recovery
(``formats.identities.evaluate``); this module only turns outcomes into diagnostics.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Mapping

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
            key=identity.key,
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
    identities = spec.identities
    try:
        unsettled: Iterable[int] = _unsettled_identities(spec)(flat)
    except (KeyError, TypeError):  # a hand-made flat dict without some key: each identity by evaluate
        unsettled = range(len(identities))
    found = []
    for position in unsettled:
        checked = check_identity(identities[position], flat, sources or {}, spec)
        if checked is not None:
            found.append(checked)
    return tuple(found)


@functools.cache
def _unsettled_identities(fmt: FormatSpec) -> Callable[[Mapping[str, object]], list[int]]:
    """A function of flat values that lists the positions of the identities of ``fmt`` that do not
    plainly hold: the others have every value an int and equal sides, and need no more work.

    It is generated from the identities (as attrs generates ``__init__``): each value is read and
    its type tested once, and each identity is one comparison of locals, where a loop over ~43
    identities reading each value again costs ≈1.5% more of a parse (and building an outcome of
    ``evaluate`` for each, ≈3% more). What it lists goes through ``evaluate``; a key missing from
    ``flat`` raises KeyError.
    """
    keys = list(dict.fromkeys(key for identity in fmt.identities for key in identity.keys))
    local = {key: f"v{number}" for number, key in enumerate(keys)}
    lines = ["def unsettled(flat):"]
    for key, name in local.items():
        lines.append(f"    {name} = flat[{key!r}]")
        lines.append(f"    {name}_int = type({name}) is int")
    lines.append("    out = []")
    for position, identity in enumerate(fmt.identities):
        ints = " and ".join(f"{local[key]}_int" for key in identity.keys) or "True"
        left, right = _side(identity.left, local), _side(identity.right, local)
        lines.append(f"    if not ({ints} and {left} == {right}):")
        lines.append(f"        out.append({position})")
    lines.append("    return out")
    namespace: dict[str, object] = {}
    # The code is made from the format's own data: its keys as literals, its positions as numbers.
    exec("\n".join(lines), {"int": int, "type": type, "sum": sum}, namespace)
    return namespace["unsettled"]  # type: ignore[return-value]


def _side(keys: tuple[str, ...], local: dict[str, str]) -> str:
    """One side of an identity as an expression; a long one as a sum() call, since the compiler
    nests a chain of ``+`` as deep as it is long."""
    names = [local[key] for key in keys]
    if len(names) > MAX_CHAINED_TERMS:
        return f"sum(({', '.join(names)},))"
    return " + ".join(names) or "0"


# Longer sides than this (none in the national formats; a registered format may have them) are summed
# with sum() in the generated check.
MAX_CHAINED_TERMS = 32


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
