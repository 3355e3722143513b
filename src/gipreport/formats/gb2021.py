"""The 2021 national format (国办公开办函〔2021〕30号): tables 二, 三, 四, identities I1-I4, model classes."""

from __future__ import annotations

from decimal import Decimal
from typing import ClassVar

import attrs

from gipreport.formats import national
from gipreport.formats.identities import SumIdentity
from gipreport.formats.spec import ColumnSpec, FormatSpec, RowSpec, TableSpec, ValueKind
from gipreport.model import Report

NAME = "2021"

# --- Model classes (one attribute per table, row and column; checked against the specs below) ----


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


@attrs.frozen(kw_only=True, repr=False)  # Report.__repr__ is short
class Report2021(Report):
    """A report in the 2021 format: tables 二 (``active_disclosure``), 三 and 四."""

    active_disclosure: ActiveDisclosure = attrs.Factory(ActiveDisclosure)
    applications: Applications = attrs.Factory(Applications)
    review_litigation: ReviewLitigation = attrs.Factory(ReviewLitigation)

    TABLES: ClassVar[tuple[str, ...]] = ("active_disclosure", "applications", "review_litigation")


# --- Table 二: 主动公开政府信息情况 -------------------------------------------------------------

DOCUMENT_COLUMNS = (("issued", "本年制发件数"), ("repealed", "本年废止件数"), ("in_force", "现行有效件数"))
DECISION_COLUMNS = (("decisions", "本年处理决定数量"),)
FEE_COLUMNS = (("amount", "本年收费金额（单位：万元）"),)


def _active_row(
    key: str,
    labels: tuple[str, ...],
    columns: tuple[tuple[str, str], ...],
    kind: ValueKind = "count",
    heading: str | None = None,
) -> RowSpec:
    before = ((heading,), ("信息内容", *(label for _, label in columns))) if heading else ()
    return RowSpec(
        key=f"active_disclosure.{key}",
        labels=labels,
        columns=tuple(ColumnSpec(f"active_disclosure.{key}.{name}", label, kind) for name, label in columns),
        before=before,
    )


ACTIVE_DISCLOSURE = TableSpec(
    key="active_disclosure",
    number="二",
    title="主动公开政府信息情况",
    header_texts=(
        "第二十条第(一)项",
        "第二十条第(五)项",
        "第二十条第(六)项",
        "第二十条第(八)项",
        "信息内容",
        "本年制发件数",
        "本年废止件数",
        "现行有效件数",
        "本年处理决定数量",
        "本年收费金额(单位:万元)",
    ),
    rows=(
        _active_row("regulations", ("规章",), DOCUMENT_COLUMNS, heading="第二十条第（一）项"),
        _active_row("normative_documents", ("行政规范性文件", "规范性文件"), DOCUMENT_COLUMNS),
        _active_row("licensing", ("行政许可",), DECISION_COLUMNS, heading="第二十条第（五）项"),
        _active_row("punishment", ("行政处罚",), DECISION_COLUMNS, heading="第二十条第（六）项"),
        _active_row("coercion", ("行政强制",), DECISION_COLUMNS),
        _active_row("fees", ("行政事业性收费",), FEE_COLUMNS, "amount", heading="第二十条第（八）项"),
    ),
)

# --- Table 三: 收到和处理政府信息公开申请情况 ------------------------------------------------------

APPLICANT_COLUMNS = (
    ("natural_person", "自然人"),
    ("commercial_enterprise", "商业企业"),
    ("research_institution", "科研机构"),
    ("social_welfare_org", "社会公益组织"),
    ("legal_service_org", "法律服务机构"),
    ("other_org", "其他"),
    ("total", "总计"),
)
APPLICANT_PARTS = tuple(column for column, _ in APPLICANT_COLUMNS[:-1])

RESULTS = "三、本年度办理结果"
DENIED = "（三）不予公开"
UNAVAILABLE = "（四）无法提供"
NOT_PROCESSED = "（五）不予处理"
OTHER = "（六）其他处理"

# (row key, printed label, other spellings seen in reports, merged group labels over it). Labels keep
# their numbering where the bare text would be ambiguous (「3.其他」 vs the column 「其他」).
ApplicationRow = tuple[str, str, tuple[str, ...], tuple[str, ...]]
APPLICATION_ROWS: tuple[ApplicationRow, ...] = (
    ("new_received", "一、本年新收政府信息公开申请数量", (), ()),
    ("carried_over", "二、上年结转政府信息公开申请数量", (), ()),
    ("granted", "（一）予以公开", (), (RESULTS,)),
    (
        "partially_granted",
        "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
        ("部分公开",),
        (RESULTS,),
    ),
    ("denied_state_secret", "1.属于国家秘密", (), (RESULTS, DENIED)),
    ("denied_prohibited_by_law", "2.其他法律行政法规禁止公开", (), (RESULTS, DENIED)),
    ("denied_three_safeties_one_stability", "3.危及“三安全一稳定”", (), (RESULTS, DENIED)),
    ("denied_third_party_rights", "4.保护第三方合法权益", (), (RESULTS, DENIED)),
    ("denied_internal_affairs", "5.属于三类内部事务信息", (), (RESULTS, DENIED)),
    ("denied_process_information", "6.属于四类过程性信息", (), (RESULTS, DENIED)),
    ("denied_enforcement_files", "7.属于行政执法案卷", (), (RESULTS, DENIED)),
    ("denied_administrative_query", "8.属于行政查询事项", (), (RESULTS, DENIED)),
    ("unavailable_not_held", "1.本机关不掌握相关政府信息", (), (RESULTS, UNAVAILABLE)),
    ("unavailable_needs_creation", "2.没有现成信息需要另行制作", (), (RESULTS, UNAVAILABLE)),
    ("unavailable_unclear", "3.补正后申请内容仍不明确", (), (RESULTS, UNAVAILABLE)),
    ("not_processed_complaint", "1.信访举报投诉类申请", (), (RESULTS, NOT_PROCESSED)),
    ("not_processed_duplicate", "2.重复申请", (), (RESULTS, NOT_PROCESSED)),
    ("not_processed_publication", "3.要求提供公开出版物", (), (RESULTS, NOT_PROCESSED)),
    ("not_processed_excessive", "4.无正当理由大量反复申请", (), (RESULTS, NOT_PROCESSED)),
    ("not_processed_confirmation", "5.要求行政机关确认或重新出具已获取信息", (), (RESULTS, NOT_PROCESSED)),
    (
        "other_overdue_correction",
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        (),
        (RESULTS, OTHER),
    ),
    (
        "other_unpaid_fee",
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        (),
        (RESULTS, OTHER),
    ),
    ("other_other", "3.其他", (), (RESULTS, OTHER)),
    ("other_processing", OTHER, (), (RESULTS,)),
    ("total_processed", "（七）总计", ("(七)合计",), (RESULTS,)),
    ("carried_forward", "四、结转下年度继续办理", ("四、结转下一年度继续办理",), ()),
)

OTHER_PROCESSING_PARTS = ("other_overdue_correction", "other_unpaid_fee", "other_other")

APPLICATION_HEADER_ROWS = (
    ("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", "申请人情况"),
    ("", "自然人", "法人或其他组织", "", "", "", "", "总计"),
    ("", "", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", ""),
)
APPLICATION_HEADER_TEXTS = (
    "(本列数据的勾稽关系为:第一项加第二项之和,等于第三项加第四项之和)",
    "申请人情况",
    "法人或其他组织",
    "法人或者其他组织",
    *(label for _, label in APPLICANT_COLUMNS),
)


def application_row(key: str, label: str, aliases: tuple[str, ...], groups: tuple[str, ...]) -> RowSpec:
    """A row of table 三 (shared with the 2019 format, whose table 三 is the same but for （六）)."""
    return RowSpec(
        key=f"applications.{key}",
        labels=(label, *aliases),
        columns=tuple(ColumnSpec(f"applications.{key}.{column}", text) for column, text in APPLICANT_COLUMNS),
        derived_from=(
            tuple(f"applications.{part}" for part in OTHER_PROCESSING_PARTS)
            if key == "other_processing"
            else ()
        ),
        groups=groups,
    )


APPLICATIONS = TableSpec(
    key="applications",
    number="三",
    title="收到和处理政府信息公开申请情况",
    header_texts=APPLICATION_HEADER_TEXTS,
    rows=tuple(application_row(*row) for row in APPLICATION_ROWS),
    group_labels=(RESULTS, DENIED, UNAVAILABLE, NOT_PROCESSED, OTHER),
    header_rows=APPLICATION_HEADER_ROWS,
)

# Rows whose sum is 三（七）总计 (I2); （六） counts through other_processing, which is either printed
# (older layout) or derived from its three parts.
RESULT_ROWS = tuple(key for key, *_ in APPLICATION_ROWS[2:-2] if key not in OTHER_PROCESSING_PARTS)

# --- Table 四: 行政复议、行政诉讼 -----------------------------------------------------------------

REVIEW_BLOCKS = (
    ("administrative_review", "行政复议"),
    ("litigation_direct", "未经复议直接起诉"),
    ("litigation_after_review", "复议后起诉"),
)
OUTCOME_COLUMNS = (
    ("upheld", "结果维持"),
    ("corrected", "结果纠正"),
    ("other", "其他结果"),
    ("pending", "尚未审结"),
    ("total", "总计"),
)
_OUTCOMES = tuple(label for _, label in OUTCOME_COLUMNS)

REVIEW_LITIGATION = TableSpec(
    key="review_litigation",
    number="四",
    title="政府信息公开行政复议、行政诉讼情况",
    header_texts=(
        "行政复议",
        "行政诉讼",
        "未经复议直接起诉",
        "复议后起诉",
        "复议后诉讼",
        *_OUTCOMES,
    ),
    rows=(
        RowSpec(
            key="review_litigation",
            labels=(),
            columns=tuple(
                ColumnSpec(f"review_litigation.{block}.{column}", f"{block_label}·{label}")
                for block, block_label in REVIEW_BLOCKS
                for column, label in OUTCOME_COLUMNS
            ),
        ),
    ),
    header_rows=(
        ("行政复议", "", "", "", "", "行政诉讼"),
        (*_OUTCOMES, "未经复议直接起诉", "", "", "", "", "复议后起诉"),
        ("", "", "", "", "", *_OUTCOMES, *_OUTCOMES),
    ),
)

# How prose states table 二's document counts: 「现行有效行政规范性文件698件」「本年度制发的规范性文件88件」.
_DOCUMENTS = {"regulations": r"规章", "normative_documents": r"(?:行政)?规范性文件"}
DOCUMENT_ROWS = (("regulations", "规章"), ("normative_documents", "行政规范性文件"))
_DOCUMENT_VERBS = {
    "issued": r"(?:本年度?|全年|年内)?(?:新)?制发",
    "repealed": r"(?:本年度?|全年|年内)?废止",
    "in_force": r"现行有效",
}
DOCUMENT_CUES = tuple(
    (f"active_disclosure.{row}.{column}", rf"{verb}(?:的)?{noun}\s*(?P<n>\d+)\s*件")
    for row, noun in _DOCUMENTS.items()
    for column, verb in _DOCUMENT_VERBS.items()
)

# --- Identities -----------------------------------------------------------------------------------


def application_identities(result_rows: tuple[str, ...], rows: tuple[str, ...]) -> tuple[SumIdentity, ...]:
    """I1-I3 of table 三 (the same in the 2019 format, over its own result rows)."""
    found: list[SumIdentity] = []
    for column, column_label in APPLICANT_COLUMNS:
        found.append(
            SumIdentity(
                code="check.i1-balance",
                key=f"applications.total_processed.{column}",
                name="I1",
                scope=f"{column_label}列",
                left_label="一、本年新收 + 二、上年结转",
                right_label="（七）总计 + 四、结转下年度",
                left=(f"applications.new_received.{column}", f"applications.carried_over.{column}"),
                right=(f"applications.total_processed.{column}", f"applications.carried_forward.{column}"),
            )
        )
    for column, column_label in APPLICANT_COLUMNS:
        found.append(
            SumIdentity(
                code="check.i2-results-sum",
                key=f"applications.total_processed.{column}",
                name="I2",
                scope=f"{column_label}列",
                left_label="（七）总计",
                right_label="各办理结果之和",
                left=(f"applications.total_processed.{column}",),
                right=tuple(f"applications.{row}.{column}" for row in result_rows),
            )
        )
    labels = {key: label for key, label, *_ in APPLICATION_ROWS}
    for key in rows:
        found.append(
            SumIdentity(
                code="check.i3-row-total",
                key=f"applications.{key}.total",
                name="I3",
                scope=labels[key],
                left_label="总计",
                right_label="自然人与五类法人或其他组织之和",
                left=(f"applications.{key}.total",),
                right=tuple(f"applications.{key}.{part}" for part in APPLICANT_PARTS),
            )
        )
    return tuple(found)


def review_identities() -> tuple[SumIdentity, ...]:
    """I4: each block of table 四 adds up to its total."""
    return tuple(
        SumIdentity(
            code="check.i4-review-total",
            key=f"review_litigation.{block}.total",
            name="I4",
            scope=block_label,
            left_label="总计",
            right_label="结果维持 + 结果纠正 + 其他结果 + 尚未审结",
            left=(f"review_litigation.{block}.total",),
            right=tuple(f"review_litigation.{block}.{column}" for column, _ in OUTCOME_COLUMNS[:-1]),
        )
        for block, block_label in REVIEW_BLOCKS
    )


FORMAT = FormatSpec(
    name=NAME,
    title="国办公开办函〔2021〕30号",
    tables=(ACTIVE_DISCLOSURE, APPLICATIONS, REVIEW_LITIGATION),
    identities=(
        *application_identities(RESULT_ROWS, tuple(key for key, *_ in APPLICATION_ROWS)),
        *review_identities(),
    ),
    across_years=(
        *national.carried_over_identities(APPLICANT_COLUMNS),
        *national.stock_identities(DOCUMENT_ROWS),
    ),
    additive_tables=("applications", "review_litigation"),
    years=(2021, None),
    report_class=Report2021,
    # Printed only in this format's table 二 (compared without spaces).
    markers=(
        "本年制发件数",
        "本年废止件数",
        "现行有效件数",
        "本年处理决定数量",
        "本年收费金额",
        "逾期不补正",
        "逾期未按收费通知",
    ),
    prose_cues=(*DOCUMENT_CUES, *national.APPLICATION_CUES, *national.REVIEW_CUES),
    variants={
        "本年废止件数": "本年度止件数",
        "法人或其他组织": "法人或者其他组织",
        "（七）总计": "（七）合计",
        "四、结转下年度继续办理": "四、结转下一年度继续办理",
        "复议后起诉": "复议后诉讼",
        "3.危及“三安全一稳定”": '3.危及"三安全一稳定"',
        "1.属于国家秘密": "1、属于国家秘密",
        "（一）予以公开": "(一)予以公开",
    },
)
