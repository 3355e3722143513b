"""Checks across reports: one organ's consecutive years, and a parent against its children.

- **Across years (I5)**: this year's 二、上年结转 equals last year's 四、结转下年度继续办理, column by
  column (an error: the national format defines the one as the other); and the stock of documents,
  现行有效(N) = 现行有效(N−1) + 制发(N) − 废止(N) (a warning: documents also lapse or are revised).
  Reports are matched by a normalised organ name (see ``organ_key``); a renamed organ is joined to its
  old name by ``aliases``.
- **Hierarchy**: a parent's tables 三 and 四 against the sums of its children's. The national format
  does not make a parent report the sum of its units' (a county's 本级 report covers its own office,
  not its departments), so the check runs only when the caller states ``additive=True``.

Identities across reports are ``SumIdentity`` data decided by the same evaluator as a report's own,
over the values of both reports with each key prefixed by its report's place (``this:``, ``last:``).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence

import attrs

from gipreport.diagnostics import Diagnostic, diagnostic
from gipreport.formats import FormatSpec, SumIdentity
from gipreport.formats.identities import Broken, evaluate
from gipreport.model import Report
from gipreport.validate import format_of

_NOT_NAME = re.compile(r"[\s\W_]+")


@attrs.frozen
class CorpusDiagnostic:
    """A diagnostic on one report (``source``) found by comparing it with another (``other``)."""

    source: str
    diagnostic: Diagnostic
    other: str | None = None


def organ_key(organ: str | None, aliases: Mapping[str, str] | None = None) -> str | None:
    """An organ's name for matching across years: NFKC, without spaces and punctuation; ``aliases``
    maps a (normalised or as printed) old name to the name it is known by now.

    >>> organ_key("盘州市 柏果镇人民政府"), organ_key("（原）柏果乡", {"原柏果乡": "柏果镇"})
    ('盘州市柏果镇人民政府', '柏果镇')
    """
    return _organ_key(organ, _renamed(aliases))


def _name_key(name: str) -> str:
    return _NOT_NAME.sub("", unicodedata.normalize("NFKC", name))


def _renamed(aliases: Mapping[str, str] | None) -> dict[str, str]:
    """The aliases with both names as keys: normalised once for a whole corpus, not per report."""
    renamed: dict[str, str] = {}
    for old, new in (aliases or {}).items():
        renamed.setdefault(_name_key(old), _name_key(new))  # the first alias of a name wins
    return renamed


def _organ_key(organ: str | None, renamed: Mapping[str, str]) -> str | None:
    if not organ:
        return None
    key = _name_key(organ)
    return renamed.get(key, key or None)


def _name(report: Report, index: int) -> str:
    return report.source_name or f"#{index}"


def _across_years(this: FormatSpec, last: FormatSpec) -> tuple[SumIdentity, ...]:
    """The identities of this report's format with last year's, where both reports have their keys
    (the stock of documents compares two reports of the 2021 format only)."""
    keys = {f"this:{key}" for key in this.flat_keys} | {f"last:{key}" for key in last.flat_keys}
    return tuple(identity for identity in this.across_years if set(identity.keys) <= keys)


def _both(this: Report, last: Report) -> dict[str, object]:
    values: dict[str, object] = {f"this:{key}": value for key, value in this.to_flat().items()}
    values.update({f"last:{key}": value for key, value in last.to_flat().items()})
    return values


def _compare(
    identities: Iterable[SumIdentity],
    values: Mapping[str, object],
    source: str,
    other: str,
    severity_note: str,
) -> list[CorpusDiagnostic]:
    found = []
    for identity in identities:
        outcome = evaluate(identity, values)
        if isinstance(outcome, Broken):
            message = (
                f"{identity.name} {identity.scope}: {identity.left_label} {outcome.left} ≠ "
                f"{identity.right_label} {outcome.right} ({severity_note} {other})"
            )
            found.append(
                CorpusDiagnostic(source, diagnostic(identity.code, message, key=identity.key), other)
            )
    return found


def across_years(
    reports: Sequence[Report], aliases: Mapping[str, str] | None = None
) -> list[CorpusDiagnostic]:
    """I5 and the stock check for each organ's consecutive years (reports without organ or year, and
    second reports of one organ and year, are named, not compared)."""
    found: list[CorpusDiagnostic] = []
    placed: dict[tuple[str, int], tuple[str, Report]] = {}
    renamed = _renamed(aliases)
    for index, report in enumerate(reports):
        name = _name(report, index)
        organ = _organ_key(report.organ, renamed)
        if organ is None or report.year is None or report.format is None:
            missing = "organ" if organ is None else "year" if report.year is None else "tables"
            found.append(
                CorpusDiagnostic(
                    name, diagnostic("check.corpus-unplaced", f"not compared across years: no {missing}")
                )
            )
            continue
        if (organ, report.year) in placed:
            first = placed[(organ, report.year)][0]
            message = f"a second report of {report.organ} {report.year} (the first is {first}); not compared"
            found.append(CorpusDiagnostic(name, diagnostic("check.corpus-duplicate", message), first))
            continue
        placed[(organ, report.year)] = (name, report)
    for (organ, year), (name, report) in sorted(placed.items()):
        previous = placed.get((organ, year - 1))
        if previous is None:
            continue
        last_name, last = previous
        values = _both(report, last)
        identities = _across_years(format_of(report), format_of(last))
        found.extend(_compare(identities, values, name, last_name, "last year:"))
    return found


def hierarchy_sums(
    reports: Sequence[Report], children_of: Mapping[str, Sequence[str]]
) -> list[CorpusDiagnostic]:
    """Each parent's tables 三 and 四 against the sums of its children's, cell by cell."""
    by_name = {_name(report, index): report for index, report in enumerate(reports)}
    found: list[CorpusDiagnostic] = []
    for parent_name, child_names in children_of.items():
        parent = by_name.get(parent_name)
        if parent is None:
            continue
        spec: FormatSpec = format_of(parent)
        children = []
        for child_name in child_names:
            child = by_name.get(child_name)
            if child is None or child.year != parent.year or format_of(child).name != spec.name:
                why = "not among the reports" if child is None else "another year or format than its parent"
                found.append(
                    CorpusDiagnostic(
                        child_name,
                        diagnostic("check.corpus-unplaced", f"not summed into {parent_name}: {why}"),
                        parent_name,
                    )
                )
                continue
            children.append((child_name, child))
        if not children:
            continue
        values: dict[str, object] = {f"parent:{k}": v for k, v in parent.to_flat().items()}
        for position, (_, child) in enumerate(children):
            values.update({f"child{position}:{k}": v for k, v in child.to_flat().items()})
        identities = (
            SumIdentity(
                code="check.hierarchy-sum",
                key=key,
                name="汇总",
                scope=spec.describe(key),
                left_label="本级报告",
                right_label=f"{len(children)} 个下级报告之和",
                left=(f"parent:{key}",),
                right=tuple(f"child{position}:{key}" for position in range(len(children))),
            )
            for key in spec.flat_keys
            if key.split(".")[0] in spec.additive_tables
        )
        found.extend(
            _compare(identities, values, parent_name, ", ".join(n for n, _ in children), "children:")
        )
    return found


def check_corpus(
    reports: Iterable[Report],
    *,
    aliases: Mapping[str, str] | None = None,
    hierarchy: Mapping[str, Sequence[str]] | None = None,
    additive: bool = False,
) -> tuple[CorpusDiagnostic, ...]:
    """Diagnostics found by comparing reports with each other, each keyed by the report it concerns
    (``source``: its ``source_name``, or ``#index`` in ``reports``) and a flat key.

    Across years always; ``hierarchy`` ({parent source: [child sources]}) only with ``additive=True``,
    the caller's statement that the parent's tables 三 and 四 are the sums of its children's.
    """
    reports = list(reports)
    if hierarchy is not None and not additive:
        raise ValueError(
            "a parent report is not in general the sum of its children's (a 本级 report covers its own "
            "office only): pass additive=True to state that these are"
        )
    found = across_years(reports, aliases)
    if hierarchy is not None:
        found.extend(hierarchy_sums(reports, hierarchy))
    return tuple(found)
