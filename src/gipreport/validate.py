"""Layer 4, validation: Report -> diagnostics for identities I1-I4 (pure; runs on any Report)."""

from __future__ import annotations

from collections.abc import Mapping

from gipreport.diagnostics import Diagnostic, diagnostic
from gipreport.formats import FormatSpec, SumIdentity
from gipreport.formats.gb2021 import FORMAT as GB2021
from gipreport.model import Cell, Report, Value


def check_identity(
    identity: SumIdentity, flat: Mapping[str, Value], sources: Mapping[str, Cell], fmt: FormatSpec = GB2021
) -> Diagnostic | None:
    """One identity on one column or block: None when it holds (or has no value at all), else an
    error or a not-assessable diagnostic."""
    value = flat.__getitem__
    try:  # the common case, decided before any list or message is built
        if sum(map(value, identity.left)) == sum(map(value, identity.right)):  # type: ignore[arg-type]
            return None
    except (KeyError, TypeError):  # a key absent, or None (no number): the slow path says which
        pass
    left_values = [*map(flat.get, identity.left)]
    right_values = [*map(flat.get, identity.right)]
    if None not in left_values and None not in right_values:
        left, right = sum(map(int, left_values)), sum(map(int, right_values))  # type: ignore[arg-type]
        if left == right:  # values that are not ints (a hand-made flat dict) but hold
            return None
    source = sources.get(identity.key)
    line = source.line if source else None
    keys = (*identity.left, *identity.right)
    missing = [key for key, value in zip(keys, (*left_values, *right_values), strict=True) if value is None]
    if len(missing) == len(keys):
        return None  # nothing to check: each None already carries the diagnostic saying why
    if missing:
        shown = "、".join(fmt.describe(key) for key in missing[:3]) + (" …" if len(missing) > 3 else "")
        return diagnostic(
            "check.not-assessable",
            f"{identity.name} {identity.scope}: cannot be checked, no value for {shown}",
            line=line,
            key=identity.key,
        )
    return diagnostic(
        identity.code,
        f"{identity.name} {identity.scope}: {identity.left_label} {left} ≠ {identity.right_label} {right}",
        line=line,
        key=identity.key,
    )


def validate_flat(
    flat: Mapping[str, Value], sources: Mapping[str, Cell] | None = None, fmt: FormatSpec = GB2021
) -> tuple[Diagnostic, ...]:
    """The identity checks on flat values (``sources`` only supply line numbers)."""
    found = (check_identity(identity, flat, sources or {}, fmt) for identity in fmt.identities)
    return tuple(d for d in found if d is not None)


def validate(report: Report, fmt: FormatSpec = GB2021) -> tuple[Diagnostic, ...]:
    """Check every identity of the report's format; a None value makes a check not assessable."""
    return validate_flat(report.to_flat(), report.sources, fmt)
