"""The output model: frozen attrs classes for one report, its tables, sections and provenance.

Equality compares the data (metadata, sections, tables); diagnostics and sources are excluded.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any, Literal

import attrs

from gipreport.diagnostics import Diagnostic

CellState = Literal["value", "blank", "na", "unreadable", "missing", "derived"]
Value = int | Decimal | None


@attrs.frozen
class Cell:
    """Where a value came from: the raw cell text, its 1-based line in the input and its state.

    ``lines`` lists every input line the cell was joined from (a cell broken across lines).
    ``state`` says why a value is None: blank, na, unreadable, missing, or derived.
    """

    raw: str
    line: int | None
    state: CellState
    lines: tuple[int, ...] = ()


# --- Table 二 ----------------------------------------------------------------------------------


@attrs.frozen
class DocumentCounts:
    issued: int | None = None
    repealed: int | None = None
    in_force: int | None = None


@attrs.frozen
class Decisions:
    decisions: int | None = None


@attrs.frozen
class Fees:
    amount: Decimal | None = None


@attrs.frozen
class ActiveDisclosure:
    regulations: DocumentCounts = attrs.Factory(DocumentCounts)
    normative_documents: DocumentCounts = attrs.Factory(DocumentCounts)
    licensing: Decisions = attrs.Factory(Decisions)
    punishment: Decisions = attrs.Factory(Decisions)
    coercion: Decisions = attrs.Factory(Decisions)
    fees: Fees = attrs.Factory(Fees)


# --- Table 三 ----------------------------------------------------------------------------------


@attrs.frozen
class ApplicantCounts:
    natural_person: int | None = None
    commercial_enterprise: int | None = None
    research_institution: int | None = None
    social_welfare_org: int | None = None
    legal_service_org: int | None = None
    other_org: int | None = None
    total: int | None = None


@attrs.frozen
class Applications:
    new_received: ApplicantCounts = attrs.Factory(ApplicantCounts)
    carried_over: ApplicantCounts = attrs.Factory(ApplicantCounts)
    granted: ApplicantCounts = attrs.Factory(ApplicantCounts)
    partially_granted: ApplicantCounts = attrs.Factory(ApplicantCounts)
    denied_state_secret: ApplicantCounts = attrs.Factory(ApplicantCounts)
    denied_prohibited_by_law: ApplicantCounts = attrs.Factory(ApplicantCounts)
    denied_three_safeties_one_stability: ApplicantCounts = attrs.Factory(ApplicantCounts)
    denied_third_party_rights: ApplicantCounts = attrs.Factory(ApplicantCounts)
    denied_internal_affairs: ApplicantCounts = attrs.Factory(ApplicantCounts)
    denied_process_information: ApplicantCounts = attrs.Factory(ApplicantCounts)
    denied_enforcement_files: ApplicantCounts = attrs.Factory(ApplicantCounts)
    denied_administrative_query: ApplicantCounts = attrs.Factory(ApplicantCounts)
    unavailable_not_held: ApplicantCounts = attrs.Factory(ApplicantCounts)
    unavailable_needs_creation: ApplicantCounts = attrs.Factory(ApplicantCounts)
    unavailable_unclear: ApplicantCounts = attrs.Factory(ApplicantCounts)
    not_processed_complaint: ApplicantCounts = attrs.Factory(ApplicantCounts)
    not_processed_duplicate: ApplicantCounts = attrs.Factory(ApplicantCounts)
    not_processed_publication: ApplicantCounts = attrs.Factory(ApplicantCounts)
    not_processed_excessive: ApplicantCounts = attrs.Factory(ApplicantCounts)
    not_processed_confirmation: ApplicantCounts = attrs.Factory(ApplicantCounts)
    other_overdue_correction: ApplicantCounts = attrs.Factory(ApplicantCounts)
    other_unpaid_fee: ApplicantCounts = attrs.Factory(ApplicantCounts)
    other_other: ApplicantCounts = attrs.Factory(ApplicantCounts)
    other_processing: ApplicantCounts = attrs.Factory(ApplicantCounts)
    total_processed: ApplicantCounts = attrs.Factory(ApplicantCounts)
    carried_forward: ApplicantCounts = attrs.Factory(ApplicantCounts)


# --- Table 四 ----------------------------------------------------------------------------------


@attrs.frozen
class ReviewOutcomes:
    upheld: int | None = None
    corrected: int | None = None
    other: int | None = None
    pending: int | None = None
    total: int | None = None


@attrs.frozen
class ReviewLitigation:
    administrative_review: ReviewOutcomes = attrs.Factory(ReviewOutcomes)
    litigation_direct: ReviewOutcomes = attrs.Factory(ReviewOutcomes)
    litigation_after_review: ReviewOutcomes = attrs.Factory(ReviewOutcomes)


# --- The report ---------------------------------------------------------------------------------


@attrs.frozen
class Section:
    """A numbered prose section (1-6). ``line`` is provenance and not compared."""

    number: int
    heading: str
    text: str
    line: int | None = attrs.field(default=None, eq=False)


@attrs.frozen
class Report:
    title: str | None = None
    organ: str | None = None
    year: int | None = None
    format: str | None = None
    date: datetime.date | None = None
    sections: tuple[Section, ...] = ()
    active_disclosure: ActiveDisclosure = attrs.Factory(ActiveDisclosure)
    applications: Applications = attrs.Factory(Applications)
    review_litigation: ReviewLitigation = attrs.Factory(ReviewLitigation)
    diagnostics: tuple[Diagnostic, ...] = attrs.field(default=(), eq=False, repr=False)
    sources: dict[str, Cell] = attrs.field(factory=dict, eq=False, repr=False)

    def to_flat(self) -> dict[str, Value]:
        """Every value of the three tables by flat key, in table order."""
        flat: dict[str, Value] = {}
        for table in ("active_disclosure", "applications", "review_litigation"):
            _flatten(getattr(self, table), table, flat)
        return flat

    @property
    def errors(self) -> tuple[Diagnostic, ...]:
        return tuple(d for d in self.diagnostics if d.severity == "error")

    @property
    def warnings(self) -> tuple[Diagnostic, ...]:
        return tuple(d for d in self.diagnostics if d.severity == "warning")


def _flatten(value: Any, prefix: str, into: dict[str, Value]) -> None:
    if attrs.has(type(value)):
        for field in attrs.fields(type(value)):
            _flatten(getattr(value, field.name), f"{prefix}.{field.name}", into)
    else:
        into[prefix] = value
