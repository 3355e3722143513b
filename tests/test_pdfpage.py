"""The PDF page reader (PDFium characters and rules -> lines and ruled tables), on made-up pages."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from gipreport.readers.pdfpage import Char, Edge, _cells, _merged, _rows, _tables, lines_of


def _char(text: str, x: float, top: float, *, size: float = 10, baseline: float | None = None) -> Char:
    return Char(text, x, top, x + size, top + size, top + size if baseline is None else baseline)


def _grid(xs: list[float], ys: list[float]) -> tuple[list[Edge], list[Edge]]:
    horizontal = [Edge(y, xs[0], xs[-1]) for y in ys]
    vertical = [Edge(x, ys[0], ys[-1]) for x in xs]
    return horizontal, vertical


def test_a_line_is_the_characters_that_share_a_baseline() -> None:
    """Chromium sets a CJK title's Latin digits 5 pt lower than its ideographs: by their tops they
    were a line of their own (「…普威镇 年政府…」 then 「2023」); they share the baseline."""
    chars = [_char("镇", 0, 71, size=24, baseline=95), _char("2", 24, 76.4, size=12, baseline=95)]
    chars.append(_char("年", 36, 71, size=24, baseline=95))
    assert lines_of(chars) == ["镇2年"]
    assert lines_of([_char("甲", 0, 0), _char("乙", 20, 0)]) == ["甲 乙"]  # a gap wider than a word
    assert lines_of([_char("上", 0, 0), _char("下", 0, 20)]) == ["上", "下"]


def test_edges_within_the_snap_tolerance_are_one_and_touching_pieces_are_joined() -> None:
    merged = _merged([Edge(100, 0, 50), Edge(101.5, 51, 90), Edge(100.5, 200, 250), Edge(120, 0, 10)])
    assert [(round(edge.at, 1), edge.start, edge.end) for edge in merged] == [
        (100.7, 0, 90),
        (100.7, 200, 250),
        (120, 0, 10),
    ]


def test_a_merged_cell_is_one_cell_of_its_first_row() -> None:
    """A label cell spanning two rows (its inner rule missing on the left): the row below has None
    where the merged cell covers it, as pdfplumber gives it and the reader expects."""
    horizontal = [Edge(0, 0, 300), Edge(20, 100, 300), Edge(40, 0, 300)]
    vertical = [Edge(0, 0, 40), Edge(100, 0, 40), Edge(200, 0, 40), Edge(300, 0, 40)]
    chars = [
        _char("甲", 10, 15),
        _char("1", 110, 5),
        _char("2", 210, 5),
        _char("3", 110, 25),
        _char("4", 210, 25),
    ]
    ((box, rows),) = _tables((horizontal, vertical), chars)
    assert box == (0, 0, 300, 40)
    assert rows == [["甲", "1", "2"], [None, "3", "4"]]


@given(
    columns=st.lists(st.integers(20, 80), min_size=1, max_size=6),
    rows=st.lists(st.integers(15, 40), min_size=1, max_size=8),
)
def test_every_cell_of_a_full_grid_is_found_once(columns: list[int], rows: list[int]) -> None:
    xs = [float(sum(columns[:i])) for i in range(len(columns) + 1)]
    ys = [float(sum(rows[:i])) for i in range(len(rows) + 1)]
    horizontal, vertical = _grid(xs, ys)
    crossings: dict[tuple[float, float], tuple[set[int], set[int]]] = {}
    for v_index, v in enumerate(vertical):
        for h_index, h in enumerate(horizontal):
            crossings[(v.at, h.at)] = ({h_index}, {v_index})
    cells = _cells(crossings)
    assert len(cells) == len(columns) * len(rows)
    assert len(set(cells)) == len(cells)
    assert _rows(cells, []) == [[""] * len(columns) for _ in rows]
