"""A saved web page of an agenda or minutes → its text, one block per line. No Django.

Read with lxml (libxml2's HTML parser) by the page's block structure, never with regular expressions over
the markup: every block element (heading, paragraph, list item, table row, div with text) becomes a line,
inline markup is joined into its block, `<br>` breaks a line. What is not the minutes is dropped first: scripts
and styles, the page's navigation, header and footer, forms, cookie banners, breadcrumbs, share buttons and
"Til toppen" links. List items start with "• "; a table row whose cells hold only inline text becomes one line
with its cells joined by " | ".
"""

from __future__ import annotations

import re

import lxml.html
from lxml import etree

# Never minutes: code, metadata, navigation and page chrome.
_DROP_TAGS = frozenset(
    {
        "script", "style", "noscript", "template", "head", "nav", "footer", "aside", "form", "select",
        "option", "input", "textarea", "iframe", "svg", "canvas", "object", "embed", "video", "audio", "map",
    }
)  # fmt: skip
_DROP_ROLES = frozenset({"navigation", "banner", "contentinfo", "search", "dialog", "alertdialog"})
# id/class words of page chrome: cookie and consent banners, skip links, breadcrumbs, sharing, menus.
_CHROME = re.compile(
    r"(?:^|[-_\s])(?:cookie\w*|consent\w*|gdpr|cookiebot|coi\w*|skip\w*|breadcrumbs?|share|sharing|social"
    r"|some|menu|navbar|navigation|megamenu|site-header|site-footer|topbar|print-hide|visually-hidden|sr-only)"
    r"(?:$|[-_\s])",
    re.IGNORECASE,
)
# Words that mark a banner even inside a longer name ("CybotCookiebotDialog", "cookieConsentBar").
_BANNER = re.compile(r"cookie|consent|gdpr", re.IGNORECASE)
_BACK_TO_TOP = re.compile(r"^\s*(?:tilbage\s+)?til\s+(?:toppen|top)\s*$", re.IGNORECASE)
_BLOCKS = frozenset(
    {
        "address", "article", "blockquote", "body", "caption", "dd", "details", "dialog", "div", "dl", "dt",
        "fieldset", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "html", "li",
        "main", "ol", "p", "pre", "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr",
        "ul", "center",
    }
)  # fmt: skip
_SPACE = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")


def html_to_text(markup: str) -> str:
    """The text of a web page, one block per line (see the module's docstring)."""
    try:
        root = lxml.html.document_fromstring(markup)
    except (etree.ParserError, ValueError):
        return ""
    _drop_chrome(root)
    lines: list[str] = []
    current: list[str] = []
    _walk(root, lines, current)
    _flush(lines, current)
    return "\n".join(lines)


def page_title(markup: str) -> str:
    """The page's <title>, whitespace collapsed, or ""."""
    try:
        root = lxml.html.document_fromstring(markup)
    except (etree.ParserError, ValueError):
        return ""
    title = root.find(".//title")
    return _SPACE.sub(" ", title.text_content()).strip() if title is not None else ""


def _is_chrome(element: etree._Element) -> bool:
    if not isinstance(element.tag, str):
        return True  # comments and processing instructions
    tag = element.tag.lower()
    if tag in _DROP_TAGS or element.get("role", "").lower() in _DROP_ROLES:
        return True
    if element.get("hidden") is not None or element.get("aria-hidden") == "true":
        return True
    words = f"{element.get('id', '')} {element.get('class', '')}"
    if words.strip() and (_CHROME.search(words) or _BANNER.search(words)):
        return True
    return tag == "a" and bool(_BACK_TO_TOP.match(element.text_content() or ""))


def _drop_chrome(root: etree._Element) -> None:
    doomed = [element for element in root.iter() if _is_chrome(element) and element is not root]
    for element in doomed:
        parent = element.getparent()
        if parent is None:
            continue
        tail = element.tail
        parent.remove(element)
        if tail:  # keep the text that followed the dropped element
            previous = parent[-1] if len(parent) else None
            if previous is not None and previous.getparent() is parent:
                previous.tail = (previous.tail or "") + tail
            else:
                parent.text = (parent.text or "") + tail


def _flush(lines: list[str], current: list[str]) -> None:
    text = _SPACE.sub(" ", "".join(current)).strip()
    current.clear()
    if text:
        lines.append(text)


def _inline_row(row: etree._Element) -> bool:
    return all(
        not any(isinstance(d.tag, str) and d.tag.lower() in _BLOCKS for d in cell.iterdescendants())
        for cell in row
        if isinstance(cell.tag, str)
    )


def _walk(element: etree._Element, lines: list[str], current: list[str]) -> None:
    tag = element.tag.lower() if isinstance(element.tag, str) else ""
    if tag == "br":
        _flush(lines, current)
    elif tag == "tr" and _inline_row(element):
        _flush(lines, current)
        cells = [
            _SPACE.sub(" ", cell.text_content()).strip() for cell in element if isinstance(cell.tag, str)
        ]
        row = " | ".join(cell for cell in cells if cell)
        if row:
            lines.append(row)
    elif tag in _BLOCKS:
        _flush(lines, current)
        if tag == "li":
            current.append("• ")
        if element.text:
            current.append(element.text)
        for child in element:
            _walk(child, lines, current)
        _flush(lines, current)
    else:
        if element.text:
            current.append(element.text)
        for child in element:
            _walk(child, lines, current)
    if element.tail and tag != "html":
        current.append(element.tail)
