"""Issue 21: every recovered value carries its proof, and a reading that nothing checks is not placed."""

from __future__ import annotations

import gipreport
from _support import read_sample

CRAWLED = read_sample("pingtan-zone-2022-crawler")


def test_a_cut_that_no_identity_checks_is_not_placed() -> None:
    """「099」 for three columns: 0 | 9 | 9, or 0 | 99 with a cell lost (a crawler that also dropped a
    blank): table 二 has no identity to tell, so nothing is placed (found by the honesty property)."""
    report = gipreport.parse(CRAWLED.replace("规章000", "规章099"))
    regulations = report.active_disclosure.regulations
    assert (regulations.issued, regulations.repealed, regulations.in_force) == (None, None, None)
    flagged = {d.key for d in report.diagnostics if d.code == "recover.unproven" and d.severity == "error"}
    assert flagged == {
        f"active_disclosure.regulations.{column}" for column in ("issued", "repealed", "in_force")
    }


def test_a_run_that_cuts_one_way_only_is_placed_with_that_proof() -> None:
    report = gipreport.parse(CRAWLED)
    assert report.active_disclosure.regulations.in_force == 0
    cell = report.sources["active_disclosure.regulations.in_force"]
    assert cell.state == "recovered"
    assert cell.proof is not None and "one way only" in cell.proof


def test_recovered_values_name_their_identities_and_prose() -> None:
    report = gipreport.parse(CRAWLED)
    granted = report.sources["applications.granted.total"]
    assert granted.state == "recovered"
    assert granted.proof is not None and "I3" in granted.proof and "I2" in granted.proof
    documents = report.sources["active_disclosure.normative_documents.repealed"]
    assert documents.state == "recovered"
    assert documents.proof is not None and "prose" in documents.proof
    recovered = [cell for cell in report.sources.values() if cell.state == "recovered"]
    assert recovered and all(cell.proof for cell in recovered)


def test_recovered_is_said_of_each_row_not_of_the_table() -> None:
    report = gipreport.parse(CRAWLED)
    keys = [d.key for d in report.diagnostics if d.code == "recover.recovered"]
    assert "applications.granted" in keys
    assert "applications" not in keys
