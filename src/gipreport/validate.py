"""Layer 4, validation: Report -> diagnostics for identities I1-I4 (pure; runs on any Report)."""

from __future__ import annotations

from gipreport.diagnostics import Diagnostic, diagnostic
from gipreport.formats import FormatSpec, SumIdentity
from gipreport.formats.gb2021 import FORMAT as GB2021
from gipreport.model import Report, Value


def check_identity(
    identity: SumIdentity, flat: dict[str, Value], report: Report, fmt: FormatSpec = GB2021
) -> Diagnostic | None:
    """One identity on one column or block: None when it holds (or has no value at all), else an
    error or a not-assessable diagnostic."""
    source = report.sources.get(identity.key)
    line = source.line if source else None
    keys = (*identity.left, *identity.right)
    missing = [key for key in keys if flat.get(key) is None]
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
    left = sum(int(flat[key] or 0) for key in identity.left)
    right = sum(int(flat[key] or 0) for key in identity.right)
    if left == right:
        return None
    return diagnostic(
        identity.code,
        f"{identity.name} {identity.scope}: {identity.left_label} {left} ≠ {identity.right_label} {right}",
        line=line,
        key=identity.key,
    )


def validate(report: Report, fmt: FormatSpec = GB2021) -> tuple[Diagnostic, ...]:
    """Check every identity of the report's format; a None value makes a check not assessable."""
    flat = report.to_flat()
    found = (check_identity(identity, flat, report, fmt) for identity in fmt.identities)
    return tuple(d for d in found if d is not None)
