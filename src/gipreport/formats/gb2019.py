"""The 2019 national format (国办公开办函〔2019〕60号): reports on 2019 and 2020.

Its table 二 counts other things than the 2021 table and is its own table (``active_disclosure_2019``):
documents made, published and in the public total; items of licensing, other services, punishment,
coercion and fees with last year's number and this year's change; central procurement with its count
and amount as printed. Tables 三 and 四 keep the 2021 keys, but （六）其他处理 is one printed row, and
the three rows the 2021 format splits it into are not part of this format.
"""

from __future__ import annotations

from decimal import Decimal
from typing import ClassVar

import attrs

from gipreport.formats import national
from gipreport.formats.gb2021 import (
    APPLICANT_COLUMNS,
    APPLICATION_HEADER_ROWS,
    APPLICATION_HEADER_TEXTS,
    APPLICATION_ROWS,
    DENIED,
    NOT_PROCESSED,
    OTHER_PROCESSING_PARTS,
    RESULTS,
    REVIEW_LITIGATION,
    UNAVAILABLE,
    ApplicantCounts,
    ReviewLitigation,
    application_identities,
    application_row,
    review_identities,
)
from gipreport.formats.spec import ColumnSpec, FormatSpec, RowSpec, TableSpec, ValueKind
from gipreport.model import Report

NAME = "2019"

# --- Model classes -----------------------------------------------------------------------------


@attrs.frozen
class DocumentCounts2019:
    new_made: int | None = None
    new_published: int | None = None
    total_published: int | None = None


@attrs.frozen
class ItemCounts:
    """Items of a kind of administrative action: last year's number, this year's change (signed),
    and the decisions taken this year."""

    prev_year_items: int | None = None
    change: int | None = None
    decisions: int | None = None


@attrs.frozen
class FeeItems:
    prev_year_items: int | None = None
    change: int | None = None


@attrs.frozen
class Procurement:
    """Central government procurement: the number of projects and their amount as printed, with the
    unit printed beside it (「元」「万元」), since reports print either."""

    count: int | None = None
    amount: Decimal | None = None
    amount_unit: str | None = None


@attrs.frozen
class ActiveDisclosure2019:
    regulations: DocumentCounts2019 = attrs.Factory(DocumentCounts2019)
    normative_documents: DocumentCounts2019 = attrs.Factory(DocumentCounts2019)
    licensing: ItemCounts = attrs.Factory(ItemCounts)
    other_management_services: ItemCounts = attrs.Factory(ItemCounts)
    punishment: ItemCounts = attrs.Factory(ItemCounts)
    coercion: ItemCounts = attrs.Factory(ItemCounts)
    fees: FeeItems = attrs.Factory(FeeItems)
    procurement: Procurement = attrs.Factory(Procurement)


@attrs.frozen
class Applications2019:
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
    other_processing: ApplicantCounts = attrs.Factory(ApplicantCounts)
    total_processed: ApplicantCounts = attrs.Factory(ApplicantCounts)
    carried_forward: ApplicantCounts = attrs.Factory(ApplicantCounts)


@attrs.frozen(kw_only=True, repr=False)  # Report.__repr__ is short
class Report2019(Report):
    """A report in the 2019 format: table 二 of its own (``active_disclosure_2019``), 三 and 四."""

    active_disclosure_2019: ActiveDisclosure2019 = attrs.Factory(ActiveDisclosure2019)
    applications: Applications2019 = attrs.Factory(Applications2019)
    review_litigation: ReviewLitigation = attrs.Factory(ReviewLitigation)

    TABLES: ClassVar[tuple[str, ...]] = ("active_disclosure_2019", "applications", "review_litigation")


# --- Table 二: 主动公开政府信息情况 (2019) ------------------------------------------------------------

TABLE = "active_disclosure_2019"
DOCUMENTS = (
    ("new_made", "本年新制作数量"),
    ("new_published", "本年新公开数量"),
    ("total_published", "对外公开总数量"),
)


def _row(
    key: str, labels: tuple[str, ...], columns: tuple[tuple[str, str, ValueKind], ...], heading: str | None
) -> RowSpec:
    before = ((heading,), ("信息内容", *(label for _, label, _ in columns))) if heading else ()
    return RowSpec(
        key=f"{TABLE}.{key}",
        labels=labels,
        columns=tuple(
            ColumnSpec(
                f"{TABLE}.{key}.{name}",
                label,
                kind,
                unit_key=f"{TABLE}.{key}.{name}_unit" if kind == "amount-as-printed" else None,
            )
            for name, label, kind in columns
        ),
        before=before,
    )


_DOCUMENT_COLUMNS: tuple[tuple[str, str, ValueKind], ...] = tuple(
    (name, label, "count") for name, label in DOCUMENTS
)
_ITEM_COLUMNS: tuple[tuple[str, str, ValueKind], ...] = (
    ("prev_year_items", "上一年项目数量", "count"),
    ("change", "本年增/减", "signed"),
    ("decisions", "处理决定数量", "count"),
)

ACTIVE_DISCLOSURE_2019 = TableSpec(
    key=TABLE,
    number="二",
    title="主动公开政府信息情况",
    header_texts=(
        "第二十条第(一)项",
        "第二十条第(五)项",
        "第二十条第(六)项",
        "第二十条第(八)项",
        "第二十条第(九)项",
        "信息内容",
        *(label for _, label in DOCUMENTS),
        *(label for _, label, _ in _ITEM_COLUMNS),
        "采购项目数量",
        "采购总金额",
    ),
    rows=(
        _row("regulations", ("规章",), _DOCUMENT_COLUMNS, "第二十条第（一）项"),
        _row("normative_documents", ("规范性文件", "行政规范性文件"), _DOCUMENT_COLUMNS, None),
        _row("licensing", ("行政许可",), _ITEM_COLUMNS, "第二十条第（五）项"),
        _row("other_management_services", ("其他对外管理服务事项",), _ITEM_COLUMNS, None),
        _row("punishment", ("行政处罚",), _ITEM_COLUMNS, "第二十条第（六）项"),
        _row("coercion", ("行政强制",), _ITEM_COLUMNS, None),
        _row("fees", ("行政事业性收费",), _ITEM_COLUMNS[:2], "第二十条第（八）项"),
        _row(
            "procurement",
            ("政府集中采购",),
            (("count", "采购项目数量", "count"), ("amount", "采购总金额", "amount-as-printed")),
            "第二十条第（九）项",
        ),
    ),
)

# --- Table 三: as in 2021, with （六）其他处理 one printed row ---------------------------------------

_ROWS_2019 = tuple(
    (key, label, aliases, groups)
    for key, label, aliases, groups in APPLICATION_ROWS
    if key not in OTHER_PROCESSING_PARTS
)

APPLICATIONS_2019 = TableSpec(
    key="applications",
    number="三",
    title="收到和处理政府信息公开申请情况",
    header_texts=APPLICATION_HEADER_TEXTS,
    rows=tuple(attrs.evolve(application_row(*row), derived_from=()) for row in _ROWS_2019),
    group_labels=(RESULTS, DENIED, UNAVAILABLE, NOT_PROCESSED),
    header_rows=APPLICATION_HEADER_ROWS,
)

RESULT_ROWS_2019 = tuple(key for key, *_ in _ROWS_2019[2:-2])

# How prose states table 二's documents: 「本年新制作规范性文件89件」.
_NOUNS = {"regulations": r"规章", "normative_documents": r"(?:行政)?规范性文件"}
_VERBS = {"new_made": r"(?:本年度?|全年|年内)?新?制作", "new_published": r"(?:本年度?|全年|年内)?新公开"}
DOCUMENT_CUES = tuple(
    (f"{TABLE}.{row}.{column}", rf"{verb}(?:的)?{noun}\s*(?P<n>\d+)\s*件")
    for row, noun in _NOUNS.items()
    for column, verb in _VERBS.items()
)

FORMAT = FormatSpec(
    name=NAME,
    title="国办公开办函〔2019〕60号",
    tables=(ACTIVE_DISCLOSURE_2019, APPLICATIONS_2019, REVIEW_LITIGATION),
    identities=(
        *application_identities(RESULT_ROWS_2019, tuple(key for key, *_ in _ROWS_2019)),
        *review_identities(),
    ),
    across_years=national.carried_over_identities(APPLICANT_COLUMNS),
    additive_tables=("applications", "review_litigation"),
    years=(2019, 2020),
    report_class=Report2019,
    # Printed only in this format's table 二 (compared without spaces).
    markers=(
        "本年新制作数量",
        "本年新公开数量",
        "对外公开总数量",
        "上一年项目数量",
        "其他对外管理服务事项",
        "政府集中采购",
        "采购项目数量",
        "采购总金额",
    ),
    prose_cues=(*DOCUMENT_CUES, *national.APPLICATION_CUES, *national.REVIEW_CUES),
    variants={
        "规范性文件": "行政规范性文件",
        "法人或其他组织": "法人或者其他组织",
        "（七）总计": "（七）合计",
    },
)
