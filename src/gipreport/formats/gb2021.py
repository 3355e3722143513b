"""The 2021 national format (国办公开办函〔2021〕30号): tables 二, 三, 四 and identities I1-I4 as data."""

from __future__ import annotations

from gipreport.formats import FormatSpec, RowSpec, SumIdentity, TableSpec

NAME = "2021"

# --- Table 二: 主动公开政府信息情况 -------------------------------------------------------------

DOCUMENT_COLUMNS = (("issued", "本年制发件数"), ("repealed", "本年废止件数"), ("in_force", "现行有效件数"))


def _active_row(
    key: str, labels: tuple[str, ...], columns: tuple[tuple[str, str], ...], kind: str = "count"
) -> RowSpec:
    return RowSpec(
        key=f"active_disclosure.{key}",
        labels=labels,
        cells=tuple(f"active_disclosure.{key}.{column}" for column, _ in columns),
        column_labels=tuple(label for _, label in columns),
        kind="amount" if kind == "amount" else "count",
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
        _active_row("regulations", ("规章",), DOCUMENT_COLUMNS),
        _active_row("normative_documents", ("行政规范性文件", "规范性文件"), DOCUMENT_COLUMNS),
        _active_row("licensing", ("行政许可",), (("decisions", "本年处理决定数量"),)),
        _active_row("punishment", ("行政处罚",), (("decisions", "本年处理决定数量"),)),
        _active_row("coercion", ("行政强制",), (("decisions", "本年处理决定数量"),)),
        _active_row("fees", ("行政事业性收费",), (("amount", "本年收费金额(单位:万元)"),), "amount"),
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

# (row key, printed label, other spellings seen in reports). Labels keep their numbering where the
# bare text would be ambiguous (「3.其他」 vs the column 「其他」).
_APPLICATION_ROWS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("new_received", "一、本年新收政府信息公开申请数量", ()),
    ("carried_over", "二、上年结转政府信息公开申请数量", ()),
    ("granted", "（一）予以公开", ()),
    ("partially_granted", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", ("部分公开",)),
    ("denied_state_secret", "1.属于国家秘密", ()),
    ("denied_prohibited_by_law", "2.其他法律行政法规禁止公开", ()),
    ("denied_three_safeties_one_stability", "3.危及“三安全一稳定”", ()),
    ("denied_third_party_rights", "4.保护第三方合法权益", ()),
    ("denied_internal_affairs", "5.属于三类内部事务信息", ()),
    ("denied_process_information", "6.属于四类过程性信息", ()),
    ("denied_enforcement_files", "7.属于行政执法案卷", ()),
    ("denied_administrative_query", "8.属于行政查询事项", ()),
    ("unavailable_not_held", "1.本机关不掌握相关政府信息", ()),
    ("unavailable_needs_creation", "2.没有现成信息需要另行制作", ()),
    ("unavailable_unclear", "3.补正后申请内容仍不明确", ()),
    ("not_processed_complaint", "1.信访举报投诉类申请", ()),
    ("not_processed_duplicate", "2.重复申请", ()),
    ("not_processed_publication", "3.要求提供公开出版物", ()),
    ("not_processed_excessive", "4.无正当理由大量反复申请", ()),
    ("not_processed_confirmation", "5.要求行政机关确认或重新出具已获取信息", ()),
    (
        "other_overdue_correction",
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        (),
    ),
    (
        "other_unpaid_fee",
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        (),
    ),
    ("other_other", "3.其他", ()),
    ("other_processing", "（六）其他处理", ()),
    ("total_processed", "（七）总计", ("(七)合计",)),
    ("carried_forward", "四、结转下年度继续办理", ("四、结转下一年度继续办理",)),
)

OTHER_PROCESSING_PARTS = ("other_overdue_correction", "other_unpaid_fee", "other_other")

APPLICATIONS = TableSpec(
    key="applications",
    number="三",
    title="收到和处理政府信息公开申请情况",
    header_texts=(
        "(本列数据的勾稽关系为:第一项加第二项之和,等于第三项加第四项之和)",
        "申请人情况",
        "法人或其他组织",
        "法人或者其他组织",
        *(label for _, label in APPLICANT_COLUMNS),
    ),
    rows=tuple(
        RowSpec(
            key=f"applications.{key}",
            labels=(label, *aliases),
            cells=tuple(f"applications.{key}.{column}" for column, _ in APPLICANT_COLUMNS),
            column_labels=tuple(label for _, label in APPLICANT_COLUMNS),
            derived_from=(
                tuple(f"applications.{part}" for part in OTHER_PROCESSING_PARTS)
                if key == "other_processing"
                else ()
            ),
        )
        for key, label, aliases in _APPLICATION_ROWS
    ),
)

# Rows whose sum is 三（七）总计 (I2); （六） counts through other_processing, which is either printed
# (older layout) or derived from its three parts.
RESULT_ROWS = (
    "granted",
    "partially_granted",
    "denied_state_secret",
    "denied_prohibited_by_law",
    "denied_three_safeties_one_stability",
    "denied_third_party_rights",
    "denied_internal_affairs",
    "denied_process_information",
    "denied_enforcement_files",
    "denied_administrative_query",
    "unavailable_not_held",
    "unavailable_needs_creation",
    "unavailable_unclear",
    "not_processed_complaint",
    "not_processed_duplicate",
    "not_processed_publication",
    "not_processed_excessive",
    "not_processed_confirmation",
    "other_processing",
)

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
        *(label for _, label in OUTCOME_COLUMNS),
    ),
    rows=(
        RowSpec(
            key="review_litigation",
            labels=(),
            cells=tuple(
                f"review_litigation.{block}.{column}"
                for block, _ in REVIEW_BLOCKS
                for column, _ in OUTCOME_COLUMNS
            ),
            column_labels=tuple(
                f"{block_label}·{label}" for _, block_label in REVIEW_BLOCKS for _, label in OUTCOME_COLUMNS
            ),
        ),
    ),
)

# --- Identities -----------------------------------------------------------------------------------


def _identities() -> tuple[SumIdentity, ...]:
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
                right=(
                    f"applications.total_processed.{column}",
                    f"applications.carried_forward.{column}",
                ),
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
                right=tuple(f"applications.{row}.{column}" for row in RESULT_ROWS),
            )
        )
    for key, label, _ in _APPLICATION_ROWS:
        found.append(
            SumIdentity(
                code="check.i3-row-total",
                key=f"applications.{key}.total",
                name="I3",
                scope=label,
                left_label="总计",
                right_label="自然人与五类法人或其他组织之和",
                left=(f"applications.{key}.total",),
                right=tuple(f"applications.{key}.{part}" for part in APPLICANT_PARTS),
            )
        )
    for block, block_label in REVIEW_BLOCKS:
        found.append(
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
        )
    return tuple(found)


FORMAT = FormatSpec(
    name=NAME,
    tables=(ACTIVE_DISCLOSURE, APPLICATIONS, REVIEW_LITIGATION),
    identities=_identities(),
    group_labels=(
        "三、本年度办理结果",
        "（三）不予公开",
        "（四）无法提供",
        "（五）不予处理",
        "（六）其他处理",
    ),
)
