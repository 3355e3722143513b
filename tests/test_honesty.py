"""The product's promise, stated directly: for any rendered report under any noise, including noise
that destroys information, every value that differs from the truth carries a diagnostic on its key
(or a dotted prefix of it), and organ and year are right or flagged (issue 11)."""

from __future__ import annotations

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

import gipreport
from _support import dishonest, expected_report
from gipreport import strategies as gs
from gipreport.model import Report
from gipreport.render import LAYOUTS, LOSSY_NOISE, NOISE_KINDS, NoiseStep, render


def assert_honest(report: Report, text: str) -> None:
    got = gipreport.parse(text)
    wrong = dishonest(report, got)
    assert not wrong, "\n".join(wrong[:10])
    flagged = any(d.code.startswith("map.metadata") for d in got.diagnostics)
    assert flagged or (got.organ, got.year) == (report.organ, report.year), (got.organ, got.year)


LOSSY = st.sets(st.sampled_from(sorted(LOSSY_NOISE)), max_size=2)


@given(gs.rendered_reports(blanks=True, noise=None), LOSSY)
@example(
    (
        expected_report("002_14788243fd7ad82f"),
        render(expected_report("002_14788243fd7ad82f"), "tab"),
    ),
    {"lost-cell"},
)
def test_every_wrong_value_is_flagged_under_any_noise(pair: tuple[Report, str], lossy: set[str]) -> None:
    report, text = pair
    if lossy:  # and, on top, noise that destroys values
        text = render(report, "tab", noise=[NoiseStep(kind, len(text)) for kind in sorted(lossy)])  # type: ignore[arg-type]
    assert_honest(report, text)


@pytest.mark.parametrize("kind", NOISE_KINDS)
def test_each_noise_kind_alone_is_honest(kind: str) -> None:
    @given(gs.reports(blanks=True, old_layout=None), st.sampled_from(LAYOUTS), st.integers(0, 2**32 - 1))
    def check(report: Report, layout: str, seed: int) -> None:
        assert_honest(report, render(report, layout, noise=[NoiseStep(kind, seed)]))  # type: ignore[arg-type]

    check()


@given(gs.inconsistent_reports())
def test_nothing_is_recovered_from_a_table_that_does_not_add_up(
    pair: tuple[Report, frozenset[tuple[str, str]]],
) -> None:
    """Issue 12: one cell off, the table rendered as crawlers leave it: no value of that table is
    placed by recovery through the identities (a run that cuts one way only, 「0000000」, owes them
    nothing), and every value that is not read as printed is flagged."""
    report, broken = pair
    text = render(report, "tab", noise=[NoiseStep("run-together", 1)])
    got = gipreport.parse(text)
    broken_tables = {key.partition(".")[0] for _, key in broken}
    recovered = {key: cell.proof or "" for key, cell in got.sources.items() if cell.state == "recovered"}
    assert not [
        key
        for key, proof in recovered.items()
        if key.partition(".")[0] in broken_tables and ("identities" in proof or "one way only" not in proof)
    ]
    assert not dishonest(report, got)
