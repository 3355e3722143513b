"""National report formats as data, and the registry that finds them.

Every format module (``gb2021``, ``gb2019``) builds one ``FORMAT: FormatSpec`` (tables, rows, columns,
label aliases, identities, markers, model classes) and registers it here; the other layers read
formats only through this registry, so a new format is a new module (see the README's map).

    >>> from gipreport import formats
    >>> [spec.name for spec in formats.registered()]
    ['2021', '2019']
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeAlias

import attrs

from gipreport.formats.identities import SumIdentity
from gipreport.formats.spec import ColumnSpec, FormatSpec, RowSpec, TableSpec, ValueKind

__all__ = [
    "DEFAULT",
    "ColumnSpec",
    "Detection",
    "FormatSpec",
    "RowSpec",
    "SumIdentity",
    "TableSpec",
    "ValueKind",
    "detect",
    "get",
    "register",
    "registered",
    "unregister",
]

if TYPE_CHECKING:
    from gipreport.formats.gb2019 import Report2019
    from gipreport.formats.gb2021 import Report2021

    # What ``parse`` returns for the national formats (a format registered by a user has its own
    # class, a subclass of Report): check ``report.format`` or ``isinstance`` before reading a table
    # that only one format has, and a type checker will see which tables each has.
    NationalReport: TypeAlias = Report2021 | Report2019

DEFAULT = "2021"  # used when a text gives no evidence of its format (or has no tables)

_REGISTRY: dict[str, FormatSpec] = {}


def register(spec: FormatSpec) -> FormatSpec:
    """Make a format known to ``parse(text, format=...)``, detection, exports and the CLI."""
    if not isinstance(spec, FormatSpec):
        raise TypeError(f"register() takes a FormatSpec, not {type(spec).__name__}")
    if spec.name in _REGISTRY and _REGISTRY[spec.name] is not spec:
        raise ValueError(f"a format named {spec.name!r} is already registered")
    _REGISTRY[spec.name] = spec
    return spec


def unregister(name: str) -> None:
    """Forget a registered format (for formats registered by tests or plug-ins)."""
    if name in (DEFAULT,):
        raise ValueError(f"the default format {name!r} cannot be unregistered")
    _REGISTRY.pop(name, None)


def get(name: str) -> FormatSpec:
    """The registered format with this name; a clear error names the known ones."""
    try:
        return _REGISTRY[name]
    except (KeyError, TypeError):
        known = ", ".join(repr(n) for n in _REGISTRY)
        raise ValueError(f"unknown format {name!r}; registered formats: {known}, or 'auto'") from None


def registered() -> tuple[FormatSpec, ...]:
    """Every registered format, the default first."""
    return tuple(_REGISTRY.values())


@attrs.frozen
class Detection:
    """Which format a text is in, and why: the markers of each format found in it."""

    format: FormatSpec
    hits: dict[str, tuple[str, ...]]

    @property
    def mixed(self) -> bool:
        """Markers of more than one format were found."""
        return sum(1 for found in self.hits.values() if found) > 1

    @property
    def evidence(self) -> bool:
        return any(self.hits.values())


def detect(compact_text: str) -> Detection:
    """The format whose markers the text holds most of (``compact_text`` without spaces).

    Markers are table headings and rows printed only in one format; the year of a report says
    nothing (2019 reports already use 2021 wording, and the reverse). Without any marker the text is
    read in the default format.
    """
    hits = {
        spec.name: tuple(marker for marker in spec.markers if marker in compact_text)
        for spec in _REGISTRY.values()
    }
    best = max(_REGISTRY.values(), key=lambda spec: len(hits[spec.name]))  # the first on a tie
    if not hits[best.name]:
        best = _REGISTRY[DEFAULT]
    return Detection(best, hits)


def for_year(year: int | None) -> FormatSpec | None:
    """The one registered format whose years hold ``year`` (None if none or several do)."""
    if year is None:
        return None
    found = [
        spec
        for spec in _REGISTRY.values()
        if spec.years[0] <= year and (spec.years[1] is None or year <= spec.years[1])
    ]
    return found[0] if len(found) == 1 else None


def _register_national_formats() -> None:
    from gipreport.formats import gb2019, gb2021

    register(gb2021.FORMAT)
    register(gb2019.FORMAT)


_register_national_formats()
