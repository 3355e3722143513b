"""Layer 4: identities I1-I4, not-assessable checks, and the strategies' oracle."""

from __future__ import annotations

import attrs
from hypothesis import given

import gipreport
from gipreport import strategies as gs
from gipreport.formats.gb2021 import ApplicantCounts
from gipreport.model import Report
from gipreport.validate import validate_flat


@given(gs.reports(old_layout=None))
def test_every_consistent_report_passes_validation(report: Report) -> None:
    assert [d for d in gipreport.validate(report) if d.severity != "info"] == []


@given(gs.inconsistent_reports())
def test_each_broken_identity_is_reported_exactly(pair: tuple[Report, frozenset[tuple[str, str]]]) -> None:
    report, expected = pair
    found = {(d.code, d.key) for d in gipreport.validate(report) if d.severity == "error"}
    assert found == expected


def test_i3_failure_names_the_numbers() -> None:
    report = gipreport.from_flat({f"applications.granted.{c}": 1 for c in ("natural_person", "total")})
    report = attrs.evolve(
        report, applications=attrs.evolve(report.applications, granted=ApplicantCounts(1, 0, 0, 0, 0, 0, 5))
    )
    # Keyed on the row: any of its cells may be the wrong one, as printed or as read.
    (found,) = [d for d in gipreport.validate(report) if d.key == "applications.granted"]
    assert found.code == "check.i3-row-total"
    assert found.message == "I3 （一）予以公开: 总计 5 ≠ 自然人与五类法人或其他组织之和 1"


def test_a_missing_value_makes_a_check_not_assessable_never_pass_or_fail() -> None:
    report = gipreport.from_flat({"review_litigation.administrative_review.upheld": 1})
    found = [
        d for d in gipreport.validate(report) if d.key == "review_litigation.administrative_review.total"
    ]
    assert [d.code for d in found] == ["check.not-assessable"]


def test_a_check_with_no_value_at_all_says_nothing() -> None:
    assert gipreport.validate(gipreport.from_flat({})) == ()


@given(gs.reports(old_layout=None))
def test_numbers_written_as_strings_in_a_hand_made_flat_dict_are_checked_alike(report: Report) -> None:
    """Regression: the fast path's sum fails on strings; the slow path must not then call balanced
    identities broken."""
    flat = report.to_flat()
    as_strings = {key: None if value is None else str(value) for key, value in flat.items()}
    assert validate_flat(as_strings) == validate_flat(flat)
