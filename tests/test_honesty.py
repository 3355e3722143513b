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
