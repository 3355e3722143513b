"""The output model: a report's metadata, sections and provenance; its tables come from its format.

``Report`` holds what every report has; each national format subclasses it with one attribute per
table (``formats.gb2021.Report2021``, ``formats.gb2019.Report2019``), so a type checker sees which
tables exist in which format. Equality compares the data (metadata, sections, tables); diagnostics,
sources and the source name are excluded.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Iterator, Mapping, MutableMapping
from decimal import Decimal
from operator import attrgetter, itemgetter
from typing import TYPE_CHECKING, Any, ClassVar, Literal

import attrs

from gipreport.diagnostics import Diagnostic

if TYPE_CHECKING:
    import pandas

    from gipreport.formats.spec import TableSpec

# How a report shows itself (repr, HTML, one table as a frame): registered by ``gipreport.views``, which
# knows the formats' tables; the model draws nothing itself, so it imports no layer above it.
VIEWS: dict[str, Callable[..., Any]] = {}

CellState = Literal["value", "blank", "na", "unreadable", "missing", "derived", "recovered"]
# int for counts, Decimal for amounts, str for a unit printed beside an amount (「元」).
Value = int | Decimal | str | None


@attrs.frozen
class Cell:
    """Where a value came from: the raw cell text, its 1-based line in the input and its state.

    ``lines`` lists every input line the cell was joined from (a cell broken across lines);
    ``column`` is the 1-based character column where the cell starts, when a line holds several
    rows (crawled text) or the source is markup; ``label`` is the row label as printed when it was
    matched approximately (a typo, a truncated label). ``state`` says why a value is None (blank,
    na, unreadable, missing, derived) or how it was placed (value as printed, recovered through the
    tables' identities). ``proof`` says, for a ``recovered`` value, what fixed it: the identities
    (by name and scope) that hold through it in every reading the cells allow, the prose figures
    used, and how many other readings were ruled out.
    """

    raw: str
    line: int | None
    state: CellState
    lines: tuple[int, ...] = ()
    column: int | None = None
    label: str | None = None
    proof: str | None = None


class Sources(MutableMapping[str, Cell]):
    """Provenance by flat key: ``sources[key]`` is the Cell a value came from.

    Most values are plain numbers read from their own cell; their Cells are kept as (raw, lines) and
    built when first asked for, since a report has hundreds and most are never looked at.
    """

    __slots__ = ("_cells",)

    def __init__(self, cells: Mapping[str, Cell] | None = None) -> None:
        self._cells: dict[str, Cell | tuple[str, tuple[int, ...], int | None]] = (
            dict(cells._cells) if isinstance(cells, Sources) else dict(cells or {})
        )

    @property
    def plain_store(self) -> dict[str, Cell | tuple[str, tuple[int, ...], int | None]]:
        """Where a value read as printed from one cell is recorded: ``store[key] = (raw, lines,
        column)``, its raw text, the lines it spans and its character column (None where a line is
        one row). The dict itself, so that recording each of a report's hundreds of plain cells costs
        no Python call (measured: 1.5% of a parse); its Cell is built when first asked for."""
        return self._cells

    def __getitem__(self, key: str) -> Cell:
        cell = self._cells[key]
        if type(cell) is tuple:
            raw, lines, column = cell
            cell = self._cells[key] = Cell(raw, lines[0], "value", lines, column)
        return cell  # type: ignore[return-value]

    def __setitem__(self, key: str, cell: Cell) -> None:
        self._cells[key] = cell

    def lines_read_as_printed(self) -> Iterator[tuple[str, int]]:
        """(key, line) of each value read as printed (state ``value``), its Cell not built."""
        for key, cell in self._cells.items():
            if type(cell) is tuple:
                yield key, cell[1][0]
            elif cell.state == "value" and cell.line is not None:  # type: ignore[union-attr]
                yield key, cell.line  # type: ignore[union-attr]

    def __delitem__(self, key: str) -> None:
        del self._cells[key]

    def __contains__(self, key: object) -> bool:
        return key in self._cells

    def __iter__(self) -> Iterator[str]:
        return iter(self._cells)

    def __len__(self) -> int:
        return len(self._cells)

    def __repr__(self) -> str:
        return f"Sources({dict(self)!r})"


@attrs.frozen
class ProseFigure:
    """A number a report's prose states for a cell of its tables (「全年共收到政府信息公开申请81件」):
    the flat key, the number, the line it is on and the sentence, for comparison with the table."""

    key: str
    value: int
    line: int
    sentence: str


@attrs.frozen
class Section:
    """A numbered prose section (1-6). ``line`` is provenance and not compared."""

    number: int
    heading: str
    text: str
    line: int | None = attrs.field(default=None, eq=False)


@attrs.frozen(kw_only=True, repr=False)  # a short repr (see __repr__); every subclass keeps it
class Report:
    """One report: metadata, sections, and (in a format's subclass) its tables.

    ``format`` names the national format the tables were read in ("2021", "2019"), None when no
    table was found. ``source_name`` is the file a report was read from (``parse_file``), if any.
    ``prose_figures`` are the numbers its prose states for table cells (see ``figures``).
    """

    title: str | None = None
    organ: str | None = None
    year: int | None = None
    format: str | None = None
    date: datetime.date | None = None
    sections: tuple[Section, ...] = ()
    source_name: str | None = attrs.field(default=None, eq=False)
    diagnostics: tuple[Diagnostic, ...] = attrs.field(default=(), eq=False, repr=False)
    prose_figures: tuple[ProseFigure, ...] = attrs.field(default=(), eq=False, repr=False)
    sources: Mapping[str, Cell] = attrs.field(factory=dict, eq=False, repr=False)

    # The names of the table attributes, in print order (set by each format's subclass).
    TABLES: ClassVar[tuple[str, ...]] = ()

    def to_flat(self) -> dict[str, Value]:
        """Every value of the tables by flat key, in table order."""
        flat: dict[str, Value] = {}
        for key, get in _flat_getters(type(self)):
            flat[key] = get(self)
        return flat

    def table(self, name: str) -> pandas.DataFrame:
        """One table as a pandas frame in table order, Chinese row/column labels, counts as nullable
        Int64 (see ``views.table_frame``). Needs the ``pandas`` extra."""
        frame: pandas.DataFrame = VIEWS["table"](self, name)
        return frame

    def __repr__(self) -> str:  # a few lines (``views.short_repr``)
        view = VIEWS.get("repr")
        if view is None:
            return f"{type(self).__name__}(organ={self.organ!r}, year={self.year!r}, format={self.format!r})"
        text: str = view(self)
        return text

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:  # IPython
        printer.text(repr(self))

    def _repr_html_(self) -> str | None:  # Jupyter: the tables as the national format draws them
        view = VIEWS.get("html")
        return None if view is None else str(view(self))

    @property
    def errors(self) -> tuple[Diagnostic, ...]:
        return tuple(d for d in self.diagnostics if d.severity == "error")

    @property
    def warnings(self) -> tuple[Diagnostic, ...]:
        return tuple(d for d in self.diagnostics if d.severity == "warning")


BASE_FIELDS = frozenset(field.name for field in attrs.fields(Report))

_GETTERS: dict[type, tuple[tuple[str, Callable[[Any], Value]], ...]] = {}


def _flat_getters(cls: type[Report]) -> tuple[tuple[str, Callable[[Any], Value]], ...]:
    """(flat key, getter) for every value of a report class, in table order, worked out once."""
    if cls not in _GETTERS:
        getters: list[tuple[str, Callable[[Any], Value]]] = []

        def walk(node: type, path: tuple[str, ...]) -> None:
            for field in attrs.fields(node):
                child = field.type
                if isinstance(child, type) and attrs.has(child):
                    walk(child, (*path, field.name))
                else:
                    dotted = ".".join((*path, field.name))
                    getters.append((dotted, attrgetter(dotted)))

        attrs.resolve_types(cls)
        for table in cls.TABLES:
            table_type = attrs.fields_dict(cls)[table].type
            assert isinstance(table_type, type)
            _resolve_all(table_type)
            walk(table_type, (table,))
        _GETTERS[cls] = tuple(getters)
    return _GETTERS[cls]


def _resolve_all(cls: type) -> None:
    attrs.resolve_types(cls)
    for field in attrs.fields(cls):
        if isinstance(field.type, type) and attrs.has(field.type):
            _resolve_all(field.type)


def table_builder(report_class: type[Report]) -> Callable[[Mapping[str, Any]], dict[str, Any]]:
    """A function building a report's table objects (as keyword arguments of ``report_class``) from a
    mapping that holds each of its flat keys; values are passed positionally, in field order."""
    plan: list[tuple[str, type, list[tuple[str, type, Callable[[Mapping[str, Any]], Any]]]]] = []
    attrs.resolve_types(report_class)
    for table in report_class.TABLES:
        table_type = attrs.fields_dict(report_class)[table].type
        assert isinstance(table_type, type)
        _resolve_all(table_type)
        rows: list[tuple[str, type, Callable[[Mapping[str, Any]], Any]]] = []
        for field in attrs.fields(table_type):
            row_type = field.type
            assert isinstance(row_type, type)
            keys = [f"{table}.{field.name}.{column.name}" for column in attrs.fields(row_type)]
            # itemgetter gives a tuple for several keys, the bare value for one
            getter: Callable[[Mapping[str, Any]], Any] = (
                itemgetter(*keys) if len(keys) > 1 else _single(keys[0])
            )
            rows.append((field.name, row_type, getter))
        plan.append((table, table_type, rows))

    def build(values: Mapping[str, Any]) -> dict[str, Any]:
        return {
            table: table_type(**{name: row_type(*getter(values)) for name, row_type, getter in rows})
            for table, table_type, rows in plan
        }

    return build


def _single(key: str) -> Callable[[Mapping[str, Any]], tuple[Any]]:
    return lambda values: (values[key],)


def flat_keys_of(report_class: type[Report]) -> tuple[str, ...]:
    """Every flat key of a report class, in field order."""
    return tuple(key for key, _ in _flat_getters(report_class))


def make_report_class(name: str, tables: Iterable[TableSpec]) -> type[Report]:
    """Generate the model classes of a format from its table specs (for formats that do not write
    them out; the national formats write theirs, so users' type checkers see them)."""
    table_fields: dict[str, Any] = {}
    names: list[str] = []
    for table in tables:
        row_fields: dict[str, Any] = {}
        for row in table.rows:
            column_fields = {key.rpartition(".")[2]: attrs.field(default=None) for key in row.keys}
            row_type = attrs.make_class(f"{name}_{row.name}", column_fields, frozen=True)
            row_fields[row.name] = attrs.field(default=attrs.Factory(row_type), type=row_type)
        table_type = attrs.make_class(f"{name}_{table.key}", row_fields, frozen=True)
        table_fields[table.key] = attrs.field(default=attrs.Factory(table_type), type=table_type)
        names.append(table.key)
    report_type: type[Report] = attrs.make_class(
        name, table_fields, bases=(Report,), frozen=True, kw_only=True, repr=False
    )
    report_type.TABLES = tuple(names)
    return report_type
