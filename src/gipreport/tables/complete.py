"""Completing a reading: whole tables and rows not found, and the rows not printed but derived.

Every key ends with a value or None, and every None with a warning or error covering its key.
"""

from __future__ import annotations

import functools

import attrs

from gipreport.diagnostics import Diagnostic, diagnostic
from gipreport.formats import FormatSpec, RowSpec
from gipreport.model import Cell, Sources, Value
from gipreport.tables.reading import TableReading


def complete(reading: TableReading, fmt: FormatSpec) -> TableReading:
    """Finish a reading once recovery has run: whole tables and rows not found, and derived rows.

    Every key ends with a value or None, and every None with a diagnostic covering its key.
    """
    values, sources = dict(reading.values), Sources(reading.sources)
    found: list[Diagnostic] = []

    def mark(spec: RowSpec) -> None:
        for key in spec.keys:
            if key not in sources:
                values[key] = None
                sources[key] = _MISSING_CELL

    owners = _owners(fmt)
    for table in fmt.tables:
        # A table none of whose labels was found is still found where recovery placed its rows (表四's
        # one row has no label; its heading may be all that names it).
        placed = (key for spec in table.rows for key in spec.keys)
        if table.key not in reading.tables_found and not any(map(sources.__contains__, placed)):
            found.append(
                diagnostic(
                    "map.table-missing", f"table {table.number} ({table.title}) was not found", key=table.key
                )
            )
            for spec in table.rows:
                mark(spec)
            continue
        for spec in table.rows:
            if spec.key in reading.seen or spec.derived_from:
                continue
            owner = owners.get(spec.key)
            # The older layout prints the derived row instead of its parts: a part is "not in the
            # layout" only where none of them was found (a part found beside it says the layout is
            # the current one, and a row taken for the derived row was a damaged part's).
            if (
                owner is not None
                and owner.key in reading.seen
                and not any(part in reading.seen for part in owner.derived_from)
            ):
                line = reading.seen[owner.key]
                found.append(
                    diagnostic(
                        "map.row-not-in-layout",
                        f"row {spec.key} is not printed: the report uses the older single row {owner.key}",
                        line=line,
                        key=spec.key,
                    )
                )
                if spec.key == owner.derived_from[0]:
                    found.append(
                        diagnostic(
                            "map.old-other-processing",
                            f"{owner.label} is printed as one row (out-of-date layout)",
                            line=line,
                            key=owner.key,
                        )
                    )
            else:
                found.append(diagnostic("map.row-missing", f"row {spec.key} was not found", key=spec.key))
            mark(spec)
        for spec in table.rows:
            if spec.derived_from and spec.key not in reading.seen:
                if all(part in reading.seen for part in spec.derived_from):
                    flagged = {
                        d.key for d in (*reading.diagnostics, *found) if d.key and d.severity != "info"
                    }
                    found.extend(_derive(spec, fmt, values, sources, flagged))
                else:
                    found.append(diagnostic("map.row-missing", f"row {spec.key} was not found", key=spec.key))
                    mark(spec)
    return attrs.evolve(reading, values=values, sources=sources, diagnostics=(*reading.diagnostics, *found))


# Cells are frozen: every missing or derived value shares one.
_MISSING_CELL = Cell(raw="", line=None, state="missing")
_DERIVED_CELL = Cell(raw="", line=None, state="derived")


@functools.cache
def _owners(fmt: FormatSpec) -> dict[str, RowSpec]:
    """Each row that a derived row stands for, with that derived row."""
    return {part: spec for spec in fmt.rows for part in spec.derived_from}


def _derive(
    spec: RowSpec,
    fmt: FormatSpec,
    values: dict[str, Value],
    sources: Sources,
    flagged: set[str],
) -> list[Diagnostic]:
    """A row not printed, as the column-wise sum of the rows it stands for (（六）其他处理)."""
    found: list[Diagnostic] = []
    parts = [fmt.row(part) for part in spec.derived_from]
    for position, key in enumerate(spec.cells):
        keys = [part.cells[position] for part in parts]
        numbers = [values.get(part_key) for part_key in keys]
        sources[key] = _DERIVED_CELL
        if None in numbers:
            values[key] = None
            found.append(
                diagnostic("map.derived-incomplete", f"{key} cannot be derived: a part is None", key=key)
            )
            continue
        values[key] = sum(number for number in numbers if isinstance(number, int))
        doubtful = flagged and [
            part_key for part_key in keys if part_key in flagged or part_key.rpartition(".")[0] in flagged
        ]
        if doubtful:
            found.append(
                diagnostic(
                    "map.derived-from-flagged",
                    f"{key} is the sum of {', '.join(doubtful)}, which carry a warning or an error",
                    key=key,
                )
            )
    return found
