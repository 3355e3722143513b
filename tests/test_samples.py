"""Golden tests: every real report in samples/ against the values read off it by hand."""

from __future__ import annotations

from decimal import Decimal

import pytest

import gipreport
from _support import SAMPLES, read_expected, read_sample, sample_names


def _as_expected(value: object) -> object:
    if isinstance(value, Decimal):
        return str(value.normalize()) if value else "0"
    return value


def _normalise_expected(value: object) -> object:
    if isinstance(value, str):
        return str(Decimal(value).normalize()) if Decimal(value) else "0"
    return value


def test_every_sample_has_an_expected_file() -> None:
    texts = {p.name.removesuffix(".txt") for p in SAMPLES.glob("*.txt")}
    expected = {p.name.removesuffix(".expected.json") for p in SAMPLES.glob("*.expected.json")}
    assert texts, "no samples found"
    assert texts == expected, (
        f"samples without expected file: {texts - expected}; orphans: {expected - texts}"
    )


def test_sample_values(sample: str) -> None:
    expected = read_expected(sample)
    report = gipreport.parse(read_sample(sample))
    flat = report.to_flat()
    wrong = [
        f"{sample}: {key}: expected {value!r}, got {flat.get(key, '<no key>')!r}"
        for key, value in expected["values"].items()
        if _as_expected(flat.get(key, "<no key>")) != _normalise_expected(value)
    ]
    assert not wrong, "\n".join(wrong)


def test_sample_metadata(sample: str) -> None:
    expected = read_expected(sample)
    report = gipreport.parse(read_sample(sample))
    assert (report.organ, report.year, report.format) == (
        expected["organ"],
        expected["year"],
        expected["format"],
    ), sample


def test_every_none_is_covered_by_a_diagnostic(sample: str) -> None:
    report = gipreport.parse(read_sample(sample))
    keys = [d.key for d in report.diagnostics if d.key]
    uncovered = [
        key
        for key, value in report.to_flat().items()
        if value is None and not any(key == k or key.startswith(k + ".") for k in keys)
    ]
    assert not uncovered, f"{sample}: None without a diagnostic: {uncovered}"


def test_every_value_has_provenance(sample: str) -> None:
    text = read_sample(sample)
    lines = text.split("\n")
    report = gipreport.parse(text)
    for key, value in report.to_flat().items():
        source = report.sources[key]
        if source.state == "value":
            assert value is not None
            assert source.line is not None
            # the raw text stands on the line the source names (a joined cell starts there)
            assert source.raw.split("\n")[0] in lines[source.line - 1], (sample, key, source)


@pytest.mark.parametrize("name", sample_names())
def test_sections_are_the_six_of_the_report(name: str) -> None:
    report = gipreport.parse(read_sample(name))
    assert [s.number for s in report.sections] == [1, 2, 3, 4, 5, 6]


def test_seed_000_lines_layout_details() -> None:
    """Seed 000: 「→」+「0」 on the next line is one cell; a blank cell stays None, 「00」 is 0."""
    report = gipreport.parse(read_sample("000_6943510d23fd8daa"))
    assert report.applications.other_overdue_correction.total == 0
    assert report.sources["applications.other_overdue_correction.total"].lines == (302, 303)
    assert report.applications.denied_three_safeties_one_stability.other_org is None
    assert report.sources["applications.denied_three_safeties_one_stability.other_org"].state == "blank"
    assert report.applications.not_processed_publication.other_org == 0
    assert report.active_disclosure.normative_documents.in_force is None
    codes = {(d.code, d.key) for d in report.diagnostics}
    assert ("map.row-short", "active_disclosure.normative_documents") in codes


def test_seed_002_old_other_processing_row() -> None:
    report = gipreport.parse(read_sample("002_14788243fd7ad82f"))
    assert report.applications.other_processing.total == 0
    assert report.applications.other_other.total is None
    codes = {(d.code, d.key) for d in report.diagnostics}
    assert ("map.old-other-processing", "applications.other_processing") in codes
    assert ("map.row-not-in-layout", "applications.other_other") in codes


def test_seed_001_blank_review_block_is_none_not_zero() -> None:
    report = gipreport.parse(read_sample("001_8b957fd57b8434a8"))
    assert report.review_litigation.administrative_review.upheld is None
    assert report.review_litigation.litigation_direct.total == 0
    assert report.date is not None and report.date.isoformat() == "2024-01-11"
