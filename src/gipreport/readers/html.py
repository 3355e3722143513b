"""The HTML reader: a saved portal page (or its article fragment) -> Layout, with lxml.

The article body is found without site-specific rules: navigation, scripts, styles and elements
named like menus, breadcrumbs or share buttons are dropped; the body is the smallest element around
the report's tables (or its paragraphs) that holds most of the page's text that is not links. Each
``<table>`` becomes a block of rows, its merged cells (rowspan, colspan) expanded so that a merged
label is one cell of its first row only; ``<br>`` and ``<p>`` inside a cell are joined; Word-export
markup (``<o:p>``, ``<span>``/``<font>`` soup) is read for its text. The title comes from the page's
``<title>``, ``<h1>`` and title meta tags. Provenance: a value's ``line`` is the source line of its
``<td>``, ``raw`` its text.
"""

from __future__ import annotations

import codecs
import re

import attrs
import regex

from gipreport.diagnostics import Diagnostic, diagnostic
from gipreport.layout import Block, Layout
from gipreport.readers.base import LayoutBuilder, SourceCell, span_of

try:
    from lxml import etree
except ImportError as error:  # pragma: no cover - depends on the environment
    raise ImportError("reading HTML needs lxml: pip install 'gipreport[html]'") from error

_DROP = (
    "script",
    "style",
    "noscript",
    "iframe",
    "form",
    "button",
    "select",
    "nav",
    "header",
    "footer",
    "aside",
)
_JUNK = regex.compile(
    r"nav|menu|breadcrumb|crumb|share|footer|header|sidebar|toolbar|pagination|related|comment"
)
_BLOCKS = frozenset(
    {
        "p",
        "div",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "li",
        "pre",
        "blockquote",
        "section",
        "article",
        "center",
        "ul",
        "ol",
        "dl",
        "dd",
        "dt",
    }
)
_TITLE_META = ("ArticleTitle", "title", "og:title", "Title")
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_\-]+)""", re.IGNORECASE)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*>")
# The body holds at least this share of the text found around the tables that is not links.
BODY_SHARE = 0.8


def charset_of(data: bytes) -> str | None:
    """The encoding to read a page with: None when a BOM says it (a BOM wins, as in browsers) or the page
    names no encoding Python knows; else the one its ``<meta charset>`` (or http-equiv) tag names, with
    the GB family widened to GB18030 as browsers do (pages labelled gb2312 hold GBK characters)."""
    if data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return None
    found = _CHARSET.search(data[:4096])
    if not found:
        return None
    name = found.group(1).decode("ascii", "replace").lower()
    try:
        canonical = codecs.lookup(name).name
    except LookupError:
        return None
    return "gb18030" if canonical in ("gb2312", "gbk", "gb18030") else canonical


_STRING = etree.XPath("string()")  # an element's text, joined in C


def _text(element: etree._Element) -> str:
    return str(_STRING(element))


def _non_link_length(element: etree._Element) -> int:
    total = len("".join(_text(element).split()))
    links = sum(len("".join(_text(link).split())) for link in element.iter("a"))
    return total - links


_NAMED = etree.XPath("//*[@class or @id]")


def _clean(document: etree._Element) -> None:
    for element in list(document.iter(*_DROP)):
        _remove_keeping_tail(element)
    for element in _NAMED(document):
        names = f"{element.get('class', '')} {element.get('id', '')}".lower()
        if _JUNK.search(names) and element.tag not in ("html", "body", "table", "td", "tr"):
            _remove_keeping_tail(element)


def _remove_keeping_tail(element: etree._Element) -> None:
    """Drop an element but not the text that follows it (a comment inside a paragraph)."""
    parent = element.getparent()
    if parent is None:
        return
    if element.tail:
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + element.tail
        else:
            parent.text = (parent.text or "") + element.tail
    parent.remove(element)


def _body(document: etree._Element) -> etree._Element:
    tables = [
        table for table in document.iter("table") if not any(a.tag == "table" for a in table.iterancestors())
    ]
    anchors = tables or [max(document.iter("p"), key=_non_link_length, default=document)]
    common = anchors[0]
    for anchor in anchors[1:]:
        ancestors = {id(a) for a in (anchor, *anchor.iterancestors())}
        while id(common) not in ancestors:
            common = common.getparent()
    chain = [common, *common.iterancestors()]
    lengths = [_non_link_length(element) for element in chain]
    best = max(lengths)
    return next(
        element for element, length in zip(chain, lengths, strict=True) if length >= BODY_SHARE * best
    )


def _text_line(cell: etree._Element) -> int:
    """The source line of a cell's text: of the first element inside it that holds text (its ``<p>``
    or ``<span>``, which pandoc puts lines below a ``<td>`` whose attributes run over several)."""
    for element in cell.iter():
        if isinstance(element.tag, str) and element.text and element.text.strip():
            return element.sourceline or cell.sourceline or 0
    return cell.sourceline or 0


def _cells(row: etree._Element) -> list[SourceCell]:
    cells = []
    for cell in row:
        if not isinstance(cell.tag, str) or cell.tag not in ("td", "th"):
            continue
        cells.append(
            SourceCell(
                text=_text(cell).replace("\n", "").replace("\r", ""),
                line=_text_line(cell),
                rowspan=span_of(cell.get("rowspan")),
                colspan=span_of(cell.get("colspan")),
            )
        )
    return cells


def _walk(element: etree._Element, builder: LayoutBuilder, notes: list[tuple[int, str]]) -> None:
    """Paragraphs and tables of ``element`` in document order."""
    if element.tag == "table":
        # A table inside a cell is read as that cell's text, not as rows of this table.
        rows = [_cells(row) for row in element.iter("tr") if next(row.iterancestors("table")) is element]
        notes.extend(builder.table(rows))
        return
    has_blocks = any(
        isinstance(child.tag, str) and (child.tag in _BLOCKS or child.tag == "table")
        for child in element.iterdescendants()
    )
    if not has_blocks:
        if element.tag == "pre":  # preformatted text keeps its lines (a table as TAB or aligned text)
            for offset, line in enumerate("".join(element.itertext()).split("\n")):
                builder.paragraph(line, (element.sourceline or 0) + offset)
            return
        for part in _lines(element):
            builder.paragraph(part, element.sourceline or 0)
        return
    if element.text and element.text.strip():
        builder.paragraph(element.text, element.sourceline or 0)
    for child in element:
        if isinstance(child.tag, str):
            _walk(child, builder, notes)
        if child.tail and child.tail.strip():
            builder.paragraph(child.tail, child.sourceline or 0)


def _lines(element: etree._Element) -> list[str]:
    """The text of an element without blocks inside, split where it has ``<br>``."""
    parts: list[str] = [element.text or ""]
    for child in element.iterdescendants():
        if child.tag == "br":
            parts.append("")
        if child.text and child.tag != "br":
            parts[-1] += child.text
        if child.tail:
            parts[-1] += child.tail
    return [" ".join(part.split("\n")) for part in parts if part.strip()]


def read_html(html: str) -> tuple[Layout, list[Diagnostic]]:
    """A page's Layout (title lines first, then the body's prose and tables) and what looked wrong."""
    builder = LayoutBuilder("html")
    notes: list[tuple[int, str]] = []
    if not html.strip():
        return builder.layout(), []
    try:
        # An XHTML page's XML declaration names an encoding, which lxml refuses on a str.
        parser = etree.HTMLParser(remove_comments=True, remove_pis=True, default_doctype=False)
        document = etree.fromstring(_XML_DECLARATION.sub("", html, count=1), parser)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError):
        document = None
    if document is None:  # lxml gives None for a page with no elements at all
        return builder.layout(), [diagnostic("input.unreadable", "the page could not be parsed as HTML")]
    titles = list(document.iter("title", "h1"))
    for meta in document.iter("meta"):
        if meta.get("name") in _TITLE_META or meta.get("property") in _TITLE_META:
            content = meta.get("content") or ""
            if content.strip():
                builder.paragraph(content, meta.sourceline or 0)
    for element in titles:
        builder.paragraph(_text(element), element.sourceline or 0)
    _clean(document)
    body = _body(document)
    if any(body is t or t in body.iterdescendants() for t in titles):
        # the title is inside the body: it is read there, in its place
        builder.prose = [line for line in builder.prose if line.number not in {t.sourceline for t in titles}]
    _walk(body, builder, notes)
    return builder.layout(), [diagnostic("layout.merged-value", note, line=line) for line, note in notes]


def table_blocks(fragment: str, first_line: int) -> list[Block]:
    """The tables of an HTML fragment found inside a text (pandoc's markdown keeps every table with
    merged cells as ``<table>`` markup), as blocks whose lines are the text's: the fragment starts at
    line ``first_line``. Each table is expanded by the same grid walk as a page's."""
    builder = LayoutBuilder("html")
    try:
        parser = etree.HTMLParser(remove_comments=True, remove_pis=True, default_doctype=False)
        document = etree.fromstring(fragment, parser)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError):
        return []
    if document is None:
        return []
    for table in document.iter("table"):
        if any(ancestor.tag == "table" for ancestor in table.iterancestors()):
            continue  # a table inside a cell is read as that cell's text
        rows = [_cells(row) for row in table.iter("tr") if next(row.iterancestors("table")) is table]
        builder.table([[attrs.evolve(cell, line=cell.line + first_line - 1) for cell in row] for row in rows])
    return builder.blocks
