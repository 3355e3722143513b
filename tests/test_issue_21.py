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


def test_a_row_with_its_column_count_and_a_blank_end_is_read_by_position() -> None:
    """A 2019-format TAB report whose total column is blank in every row of table 三: each row has
    exactly its seven cells, the last empty. Read by position (it sent recovery through 200,000
    states and left every value None); the blanks are None with a warning on their own keys."""
    from _support import expected_report

    report = gipreport.parse(read_sample("pingtan-zone-2019-rendered-blank-totals"))
    truth = expected_report("pingtan-zone-2019-rendered-blank-totals").to_flat()
    assert report.to_flat() == truth
    blank = {d.key for d in report.diagnostics if d.code == "map.cell-blank"}
    assert "applications.granted.total" in blank


def test_a_block_that_pads_its_rows_keeps_an_empty_end_cell_as_padding() -> None:
    """Seed 001 ends every row with a TAB: a row that lost a number has its column count with the
    padding, and is not read by position (found by mutation_check: shifted values)."""
    text = read_sample("001_8b957fd57b8434a8")
    line = next(line for line in text.splitlines() if "\t(一) 予以公开\t" in line)
    cells = line.split("\t")
    assert cells[-1] == ""  # the block's trailing TAB
    numbered = "\t".join([*cells[:2], "1", "2", "3", "4", "5", "6", "21", ""])
    damaged = "\t".join([*cells[:2], "1", "2", "4", "5", "6", "21", ""])  # 「3」 deleted, the TAB kept
    truth = gipreport.parse(text.replace(line, numbered)).to_flat()
    report = gipreport.parse(text.replace(line, damaged))
    flat = report.to_flat()
    assert flat["applications.granted.total"] != 21 or truth["applications.granted.total"] == 21
    for key in (k for k in truth if k.startswith("applications.granted.")):
        assert flat[key] == truth[key] or any(
            d.key in (key, "applications.granted") and d.severity != "info" for d in report.diagnostics
        ), key
    assert flat["applications.granted.research_institution"] != 4  # never shifted into place
