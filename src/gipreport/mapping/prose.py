"""Prose: the title, organ, year and signing date (the six sections are ``sections``').

The title is looked for in the first prose lines: on one line or broken over up to three, behind a
crawler's 「标题:」 or a markdown 「#」, with the organ on the line above when the title starts with its
year. A report whose page body has no title (a web page fragment) gives its organ and year in the body
(「2023年，平潭综合实验区坚持…」, 「统计期限自2023年1月1日…」) or in a crawler's 「发布机构:」 line; those are
read with an info diagnostic saying where from. What cannot be found is None, never a fragment of a
sentence.
"""

from __future__ import annotations

import datetime
import functools
import itertools
from collections.abc import Sequence

import attrs
import regex

from gipreport.diagnostics import Diagnostic, diagnostic
from gipreport.formats import FormatSpec
from gipreport.layout import Layout
from gipreport.mapping.cells import compact
from gipreport.mapping.sections import heading_number
from gipreport.mapping.spellings import organ_conflict
from gipreport.normalize import Line, as_written, normalize_line

_YEAR_DIGITS = r"(?:19|20)\d{2}"
_CHINESE_DIGITS = {c: str(i) for i, c in enumerate("〇一二三四五六七八九")} | {"零": "0"}
_YEAR = regex.compile(rf"(?P<year>{_YEAR_DIGITS}|[〇零一二三四五六七八九]{{4}})\s*年")
_YEAR_EXPRESSION = regex.compile(rf"\(?(?:{_YEAR_DIGITS}|[〇零一二三四五六七八九]{{4}})年度?\)?")
_DATE = regex.compile(r"(?P<y>\d{4})年(?P<m>\d{1,2})月(?P<d>\d{1,2})日")
_CHINESE_DATE = regex.compile(
    r"(?P<y>[〇零一二三四五六七八九]{4})年(?P<m>[一二三四五六七八九十]{1,2})月(?P<d>[一二三四五六七八九十]{1,3})日"
)
# The names organs go by end so: 「…人民政府」「…办公室」「…局」「…镇」「…实验区」.
_ORGAN = regex.compile(
    r"[^\s,.;:!?，。；：！？、“”\"'《》<>\[\]【】]{2,40}"
    r"(?:政府|办公室|办公厅|委员会|管委会|管理委员会|局|厅|委|院|署|处|所|中心|站|队|镇|乡|街道|区|县|市|州|盟|旗"
    r"|集团|公司|学校|大学|医院|部|会|馆|社|室|办)"
)
# A crawler's header lines (「标题: …」「发布机构: …」) and the page furniture around a body.
_HEADER_LINE = regex.compile(
    r"\s*(?P<name>标题|发布机构|来源|发文机关|发布时间|文号|栏目|原文链接|本地目录|索引号|主题分类)\s*[:：]\s*(?P<value>.*)"
)
_SKIP_LINE = regex.compile(r"\s*(?:=+\s*)?(?:正文|附件\s*\d*)(?:\s*=+)?\s*")
_CRAWLER_NOTES = ("links.tsv", "页面链接")
# Markdown marks that converters leave around a line (quote marks, a heading's #, emphasis): the title
# inside them is the title (「# **XX2023年政府信息公开工作年度报告**」); bold marks inside it go too.
_MARKDOWN_EDGES = regex.compile(
    r"(?:\s*>)*\s*(?:#{1,6}\s*)?(?:\*{1,3}|_{1,3})?(?P<body>.*?)(?:\*{1,3}|_{1,3})?\s*"
)
_BOLD = regex.compile(r"\*\*|__")
_BODY_ORGAN = regex.compile(
    rf"(?:^|[。\s])(?P<year>{_YEAR_DIGITS})\s*年(?:度)?\s*[,，]\s*(?P<organ>[^\s,，。；;：:“”《》()（）、]{{2,30}}?)"
    r"(?=坚持|深入|认真|全面|紧紧|始终|持续|严格|按照|围绕|以|在|把|将|继续|进一步|高度|聚焦|不断|积极|切实|扎实|着力|立足|结合|贯彻|落实|主动|共|全年)"
)
# 「现向社会公布沭阳县发展和改革局2023年度政府信息公开年度报告」: the report named in its first sentence.
_PUBLISHED_ORGAN = regex.compile(
    rf"公布(?P<organ>[^\s,，。；;：:“”《》()（）、]{{2,30}}?)(?P<year>{_YEAR_DIGITS})\s*年度?政府信息公开"
)
_PERIOD_YEAR = regex.compile(
    rf"统计(?:期限|时限|时间|期间|区间)[^。]{{0,12}}?(?P<year>{_YEAR_DIGITS})\s*年\s*1\s*月\s*1\s*日"
)

# How far from the start a title, and from the end a date, is looked for (non-blank prose lines).
TITLE_SEARCH_LINES = 15
DATE_SEARCH_LINES = 12
BODY_SEARCH_LINES = 40
MAX_TITLE_CHARS = 80
MAX_CANDIDATE_CHARS = 300
# A title may be broken over up to this many short lines (「…2023年政府信息公开」「工作年度报告」).
MAX_TITLE_LINES = 3
MAX_TITLE_LINE_CHARS = 40


def chinese_number(text: str) -> int:
    """1-31 written in Chinese numerals: 「九」 9, 「十」 10, 「十五」 15, 「二十」 20, 「三十一」 31.

    >>> chinese_number("二十一")
    21
    """
    tens, _, units = text.rpartition("十")
    if "十" not in text:
        return int(_CHINESE_DIGITS[text])
    return int(_CHINESE_DIGITS.get(tens, "1")) * 10 + (int(_CHINESE_DIGITS[units]) if units else 0)


def read_date(text: str) -> datetime.date | None:
    """A signing date line: 「2024年1月16日」 or 「二〇二四年一月十六日」; None if not a valid date."""
    if "日" not in text:  # every date ends so; most lines are not dates
        return None
    flat = compact(text)
    try:
        if found := _DATE.fullmatch(flat):
            return datetime.date(int(found["y"]), int(found["m"]), int(found["d"]))
        if found := _CHINESE_DATE.fullmatch(flat):
            year = int("".join(_CHINESE_DIGITS[c] for c in found["y"]))
            return datetime.date(year, chinese_number(found["m"]), chinese_number(found["d"]))
    except (ValueError, KeyError):
        return None
    return None


@attrs.frozen
class Metadata:
    """What the prose says about the report; ``diagnostics`` say where organ and year came from when
    not from a title."""

    title: str | None
    organ: str | None
    year: int | None
    date: datetime.date | None
    title_line: int | None
    diagnostics: tuple[Diagnostic, ...] = ()


@functools.cache
def _patterns(report_phrase: str, title_pattern: str) -> tuple[regex.Pattern[str], regex.Pattern[str]]:
    return regex.compile(report_phrase), regex.compile(title_pattern)


def is_organ(text: str) -> bool:
    """A plausible organ name: short, no sentence punctuation, ending as organs' names end."""
    return bool(_ORGAN.fullmatch(compact(normalize_line(text))))


def _title_candidates(lines: Sequence[Line]) -> tuple[list[Line], dict[str, tuple[str, int]]]:
    """The first prose lines with crawler headers, markdown marks and page furniture taken off, and
    the crawler's header fields (name -> value, line)."""
    candidates: list[Line] = []
    fields: dict[str, tuple[str, int]] = {}
    for line in lines[: TITLE_SEARCH_LINES + 10]:
        text = line.text
        if len(text) > MAX_CANDIDATE_CHARS:  # a paragraph: neither a title nor a crawler's header
            continue
        header = _HEADER_LINE.match(text) if ":" in text else None
        if header:
            fields.setdefault(header["name"], (header["value"].strip(), line.number))
            if header["name"] == "标题" and header["value"].strip():
                offset = len(text) - len(header["value"].lstrip())
                candidates.append(attrs.evolve(line, text=text[offset:], original=line.original[offset:]))
            continue
        first = text.lstrip()[:1]
        if (first in "=正附" and _SKIP_LINE.fullmatch(text)) or any(map(text.__contains__, _CRAWLER_NOTES)):
            continue
        marked = _MARKDOWN_EDGES.fullmatch(text) if first in "#>*_" else None
        if marked:
            start, end = marked.span("body")
            original = line.original[start:end] if len(text) == len(line.original) else text[start:end]
            line = attrs.evolve(line, text=_BOLD.sub("", text[start:end]), original=_BOLD.sub("", original))
        candidates.append(line)
        if len(candidates) >= TITLE_SEARCH_LINES:
            break
    return candidates, fields


def find_title(lines: Sequence[Line], fmt: FormatSpec) -> tuple[str, int] | None:
    """The title as printed and its first line: the first line, else run of 2-3 short lines, that
    names the report. A title that starts with the year, or names no organ, takes the short line
    above it when that line is an organ's name (「XX人民政府」 above 「2023年政府信息公开工作年度报告」)."""
    _, title_pattern = _patterns(fmt.report_phrase, fmt.title_pattern)
    lines = _years_put_back(lines)
    for position in range(len(lines)):
        for span in range(1, min(MAX_TITLE_LINES, len(lines) - position) + 1):
            window = lines[position : position + span]
            if span > 1 and any(len(compact(line.text)) > MAX_TITLE_LINE_CHARS for line in window):
                break
            flat = compact("".join(line.text for line in window))
            # A title is no sentence: 「…公布沭阳县发」「展和改革局2023年度…年度报告。本年度…」 is prose.
            if len(flat) > MAX_TITLE_CHARS or "。" in flat or not title_pattern.search(flat):
                continue
            if "《" in flat or "》" in flat:  # a sentence citing the national format's name
                break
            if any(_whole_title(window[start:], title_pattern, fmt) for start in range(1, span)):
                break  # the lines below are the title by themselves: a menu (「首页 新闻」) is not in it
            title = "".join(as_written(line) for line in window)
            if position > 0 and (_YEAR.match(flat) or organ_of(title, fmt) is None):
                above = lines[position - 1]
                joined = as_written(above) + title
                text = compact(above.text)
                if (
                    len(text) <= MAX_TITLE_LINE_CHARS
                    and not title_pattern.search(text)
                    and organ_of(joined, fmt)
                ):
                    return joined, above.number
            return title, window[0].number
    return None


# A title's year drawn as a text run of its own (Chromium's prints, in MarkItDown's and pdfplumber's
# text: 「XX镇 年政府信息公开工作年」「2023」「度报告」): a line that is the year alone, below the gap it
# left before 「年」 in a line that names the report.
_LONE_YEAR = regex.compile(rf"\s*({_YEAR_DIGITS})\s*")
_YEAR_GAP = regex.compile(r"(?<=\S)\s+(?=年)")


def _years_put_back(lines: Sequence[Line]) -> list[Line]:
    """The lines with each year that stands alone on a line put back into the one gap before 「年」 of
    one of the two lines above it that names 政府信息公开 (or, on a narrow page, whose 「年…」 goes on
    into 政府信息公开 on the line below the year: 「XX镇人民政府 年政」「2023」「府信息公开工作年度
    报告」), the year's line dropped."""
    mended = list(lines)
    place = 1
    while place < len(mended):
        year = _LONE_YEAR.fullmatch(mended[place].text)
        below = mended[place + 1].text if place + 1 < len(mended) else ""
        gapped = (
            [
                at
                for at in range(max(0, place - 2), place)
                if len(gaps := _YEAR_GAP.split(mended[at].text)) == 2
                and (
                    "政府信息公开" in mended[at].text
                    or (at == place - 1 and compact(gaps[1] + below).startswith("年政府信息公开"))
                )
            ]
            if year
            else []
        )
        if year is None or len(gapped) != 1:
            place += 1
            continue
        above = mended[gapped[0]]
        original = above.original if len(_YEAR_GAP.findall(above.original)) == 1 else above.text
        mended[gapped[0]] = attrs.evolve(
            above, text=_YEAR_GAP.sub(year[1], above.text), original=_YEAR_GAP.sub(year[1], original)
        )
        del mended[place]
    return mended


def _whole_title(lines: Sequence[Line], title_pattern: regex.Pattern[str], fmt: FormatSpec) -> bool:
    """Lines that are a title by themselves: they name the report and an organ before the year."""
    flat = compact("".join(line.text for line in lines))
    return (
        bool(title_pattern.search(flat))
        and not _YEAR.match(flat)
        and organ_of("".join(map(as_written, lines)), fmt) is not None
    )


def organ_of(title: str, fmt: FormatSpec) -> str | None:
    """The title less its year and 「(年度)政府信息公开(工作)年度报告」, spaces removed, as printed."""
    report_phrase, title_pattern = _patterns(fmt.report_phrase, fmt.title_pattern)
    flat = compact(normalize_line(title))
    year = _YEAR_EXPRESSION.search(flat)
    # The phrase is looked for after the year, so 「2023年度」 is not split between the two; right after
    # the year its looser form will do (OCR misreads a character of it: 「…工作和度报告」).
    phrase = None
    if year is not None:
        phrase = report_phrase.search(flat, year.end()) or title_pattern.match(flat, year.end())
    if phrase is None:
        year, phrase = None, report_phrase.search(flat)  # no year, or a year after the phrase
    if phrase is None:
        return None
    keep = [(0, year.start()), (year.end(), phrase.start())] if year else [(0, phrase.start())]
    # Normalization maps character for character, so the same spans locate the organ as printed.
    printed = compact(title)
    source = printed if len(printed) == len(flat) else flat
    organ = "".join(source[start:end] for start, end in keep).removeprefix("关于").removesuffix("的")
    return organ if organ and is_organ(organ) else None


def _year_of(text: str) -> int | None:
    found = _YEAR.search(compact(normalize_line(text)))
    return int("".join(_CHINESE_DIGITS.get(c, c) for c in found["year"])) if found else None


# A report's year beside the words that name it, in a line no title was read from (OCR misreads a
# title's last characters: 「…2019 年政府信息公开工作年度报」 and 「写」 for 告).
_NAMED_YEAR = regex.compile(rf"({_YEAR_DIGITS})\s*年\s*度?\s*政府信息公开")


def year_named(prose: Sequence[Line]) -> int | None:
    """The year of the first of the first lines that names the report's subject after a year."""
    for line in prose[:BODY_SEARCH_LINES]:
        if found := _NAMED_YEAR.search(line.text):
            return int(found[1])
    return None


def title_lines(layout: Layout, fmt: FormatSpec) -> list[Line]:
    """The lines the title may be on: the prose, and above the report's first section heading the
    rows of a pipe table, their cells apart by a space (MarkItDown's PDF text may draw a title as one:
    「| 平潭综合实验区 | | 年政府信息公开工作年度报告 |」), and a year alone that the layout took for a
    page number (the title's year drawn apart: a page number there would be 1)."""
    prose = layout.prose
    first = next((line.number for line in prose if heading_number(line.text, fmt) == 1), None)
    if first is None:
        return list(prose)
    rows = [
        Line(
            row.line,
            " ".join(text for text in row.texts if text),
            " ".join(raw.strip() for raw in row.raws if raw.strip()),
        )
        for block in layout.blocks
        if block.layout == "pipe" and block.first_line < first
        for row in block.rows
        if row.line < first
    ]
    years = [line for line in layout.furniture if line.number < first and _LONE_YEAR.fullmatch(line.text)]
    return sorted([*prose, *rows, *years], key=lambda line: line.number) if rows or years else list(prose)


def read_metadata(prose: Sequence[Line], fmt: FormatSpec, *, ocr: bool = False) -> Metadata:
    """Title, organ and year from the first prose lines (or the body); the date from the last ones.
    ``ocr``: the text is OCR output, whose misreadings of the organ may be two characters apart."""
    lines = [line for line in prose if line.text.strip()]
    candidates, fields = _title_candidates(lines)
    found = find_title(candidates, fmt)
    title, title_line = found if found else (None, None)
    organ = organ_of(title, fmt) if title else None
    year = _year_of(title) if title else None
    notes: list[Diagnostic] = []
    body_organ, body_year = _from_body(lines, fields)
    if organ is None or year is None:
        if organ is None and body_organ is not None:
            organ = body_organ[0]
            notes.append(
                diagnostic(
                    "map.metadata-inferred",
                    f"organ 「{organ}」 read from {body_organ[1]}",
                    line=body_organ[2],
                    key="organ",
                )
            )
            if organ.startswith(_LEVELS):  # the body's own short form: 「县发展和改革局」
                notes.append(
                    diagnostic(
                        "map.metadata-short-organ",
                        f"the organ 「{organ}」 read from {body_organ[1]} names no place before its "
                        f"level 「{organ[0]}」: its full name is longer",
                        line=body_organ[2],
                        key="organ",
                    )
                )
        if year is None and body_year is not None:
            year = body_year[0]
            notes.append(
                diagnostic(
                    "map.metadata-inferred",
                    f"year {year} read from {body_year[1]}",
                    line=body_year[2],
                    key="year",
                )
            )
    if organ is not None:
        conflict = organ_conflict(organ, body_organ if title is not None else None, lines, 2 if ocr else 1)
        notes.extend((conflict,) if conflict else ())
    dates = (read_date(line.text) for line in reversed(lines[-DATE_SEARCH_LINES:]))
    date = next((found_date for found_date in dates if found_date), None)
    return Metadata(
        title=title, organ=organ, year=year, date=date, title_line=title_line, diagnostics=tuple(notes)
    )


# An organ's name starts with its place (「沭阳县…」); one that starts with a level names none.
_LEVELS = tuple("省市县区旗镇乡街")


def _from_body(
    lines: Sequence[Line], fields: dict[str, tuple[str, int]]
) -> tuple[tuple[str, str, int] | None, tuple[int, str, int] | None]:
    """Organ and year where a report without a title states them: (value, where, line)."""
    organ: tuple[str, str, int] | None = None
    year: tuple[int, str, int] | None = None
    for name in ("发布机构", "来源", "发文机关"):
        if name in fields and is_organ(fields[name][0]):
            organ = (compact(fields[name][0]), f"the 「{name}」 line", fields[name][1])
            break
    head = lines[:BODY_SEARCH_LINES]
    texts = [normalize_line(line.text) for line in head]
    for line, text, following in itertools.zip_longest(head, texts, texts[1:]):
        if year is None and (period := _PERIOD_YEAR.search(text)):
            year = (int(period["year"]), "the statistics period in the body", line.number)
        if organ is None and (stated := _BODY_ORGAN.search(text)) and is_organ(stated["organ"]):
            organ = (stated["organ"], "the first sentence naming the organ", line.number)
            if year is None:
                year = (int(stated["year"]), "the first sentence naming the organ", line.number)
        # A PDF's text wraps the sentence naming the report anywhere: it is read over two lines.
        wrapped = compact(text + (following or ""))
        if organ is None and (named := _PUBLISHED_ORGAN.search(wrapped)) and is_organ(named["organ"]):
            organ = (named["organ"], "the sentence publishing the report", line.number)
            if year is None:
                year = (int(named["year"]), "the sentence publishing the report", line.number)
        if organ is not None and year is not None:
            break
    return organ, year
