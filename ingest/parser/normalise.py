"""Text normalisation for council minutes: from extracted text to clean logical lines. No Django.

The extracted text comes in two shapes that the same pipeline must handle:

* "wrapped" text from PDFs, one printed line per line. Some extractions put an empty line after every
  printed line ("interleaved"); there a line holding only spaces is the real blank line. Page breaks,
  page footers ("KKR Hovedstaden  | 21-06-2022", "SIDE  |  18"), link footnotes and words hyphenated
  at the line end all land in the middle of paragraphs.
* "paragraph" text (e.g. from Word/HTML), one paragraph per line, with markdown-like markup.

`normalise(text)` returns one logical line per paragraph, heading, list item or attendance entry, with
hyphenated words rejoined, page furniture dropped and markup stripped. Every step is a small function.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from danish import case_numbers

# --- characters ---------------------------------------------------------------------------------------

_CHAR_MAP = {
    "\u00a0": " ",  # no-break space
    "\u2007": " ",
    "\u202f": " ",
    "\u200b": "",  # zero-width space
    "\ufeff": "",
    "\ufffe": "-",  # pdfium's marker for a hyphen it broke the line at
    "\x02": "-",
    "\u2019": "'",  # typographic quotes vary between extractions of the same document
    "\u2018": "'",
    "\u201d": '"',
    "\u201c": '"',
    "\u201e": '"',
    **{chr(0x2080 + d): str(d) for d in range(10)},  # subscript digits: "CO₂" and "CO2" are one word
}


# Characters that print as nothing and carry no text: bidi controls (an override can make a title read as
# something else than it says), zero-width spaces and joiners (which break a name into two words, or glue it to
# the next), word joiners and invisible operators, byte order marks, variation selectors, Hangul fillers and tag
# characters. Letters, Danish ones included, and ordinary spaces and punctuation are never among them.
_INVISIBLE_RE = re.compile(
    "[\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2060-\u206f"
    "\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff9-\ufffb\U000e0000-\U000e0fff]"
)
_SOFT_HYPHEN_AT_LINE_END_RE = re.compile("\u00ad[ \t]*\n")
# Line and paragraph separators are line breaks that str.split("\n") would not see.
_LINE_SEPARATORS = str.maketrans({"\u2028": "\n", "\u2029": "\n"})


def strip_invisible(text: str) -> str:
    """Drop the characters that print as nothing (bidi controls, zero-width spaces and joiners ...); a soft hyphen
    at a line end becomes the hyphen it was printed as, and the other soft hyphens go. Line and paragraph
    separators become newlines."""
    if "\u00ad" in text:
        text = _SOFT_HYPHEN_AT_LINE_END_RE.sub("-\n", text).replace("\u00ad", "")
    if "\u2028" in text or "\u2029" in text:
        text = text.translate(_LINE_SEPARATORS)
    return _INVISIBLE_RE.sub("", text)


def normalise_characters(text: str) -> str:
    """Unify newlines, spaces, quotes and subscript digits; drop invisible characters (`strip_invisible`); a soft
    hyphen at a line end becomes '-'."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = strip_invisible(text)
    # str.replace per character present is much faster than str.translate with a dict on 60 KB.
    for char, replacement in _CHAR_MAP.items():
        if char in text:
            text = text.replace(char, replacement)
    return text


# --- markup -------------------------------------------------------------------------------------------

_MD_LINK = re.compile(r"\[((?:[^\]\\\n]|\\.)*)\]\([^)\s]*\)")
_MD_BOLD = re.compile(r"\*\*(?=\S)([^*\n]+?)(?<=\S)\*\*")
# Starts with the literal "*" so the scan is fast; the character before it is checked in _italic.
_MD_ITALIC = re.compile(r"\*(?=\S)([^*\n]+?)(?<=\S)\*(?![\w*])")
_AUTOLINK = re.compile(r"<((?:https?|ftp)://[^>\s]+|www\.[^>\s]+)>")
_HTML_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9]*(?:\s+[^<>]*)?/?>")
_MD_ESCAPE = re.compile(r"\\([()\[\]*_#.\-+!`{}|>])")


def _italic(m: re.Match[str]) -> str:
    before = m.string[m.start() - 1] if m.start() else " "
    return m.group(0) if before.isalnum() or before in "*_" else m.group(1)


def strip_markup(text: str) -> str:
    """Drop markdown-like markup and stray HTML: [her](#) -> her, **x** -> x, <https://x> -> https://x."""
    if "<" in text:
        text = _AUTOLINK.sub(r"\1", text)
        text = _HTML_TAG.sub(" ", text)
    if "[" in text:
        text = _MD_LINK.sub(r"\1", text)
    if "*" in text:
        text = _MD_BOLD.sub(r"\1", text)
        text = _MD_ITALIC.sub(_italic, text)
    if "\\" in text:
        text = _MD_ESCAPE.sub(r"\1", text)
    if "&" in text and ";" in text:
        text = html.unescape(text)
    return text


# --- page furniture -----------------------------------------------------------------------------------

# "KKR Hovedstaden  | 21-06-2022": body name, bar, date. Any body name, so other councils work too.
FOOTER_RE = re.compile(r"^\s*(?P<body>[^|\n\t]{2,80}?)\s*\|\s*(?P<date>\d{1,2}-\d{1,2}-\d{4})\s*$")
_PAGE_NO_RE = re.compile(r"^\s*SIDE\s*\|\s*\d+\s*$", re.IGNORECASE)
# Table of contents: a numbered heading (or a known heading word) ending in dot leaders and/or a tab
# and a page number. A plain "101 København\t45" table row does not start like a heading.
_TOC_RE = re.compile(
    r"^\s*(?:\d{1,2}(?:\.\d{1,2})*\.?\s+\S.*?|Deltagerfortegnelse|Indholdsfortegnelse|Bilag.*?)"
    r"(?:\s*\.{2,}\s*\t?|\s*\t)\s*\d{1,3}\s*$"
)
_DOT_LEADER_RE = re.compile(r"\S\s*\.{4,}\s*\t?\s*\d{1,3}\s*$")
_URL_LINE_RE = re.compile(r"^(?:(?:https?://|www\.|file:/+)\S*|\S*%[0-9A-Fa-f]{2}\S*)$")


def is_footer_line(line: str) -> bool:
    """A page footer: "KKR Hovedstaden  | 21-06-2022" or "SIDE  |  18"."""
    return "|" in line and bool(_PAGE_NO_RE.match(line) or FOOTER_RE.match(line))


def is_toc_line(line: str) -> bool:
    """A table-of-contents entry such as "1.1. Godkendelse af dagsorden (10.00-10.01)\\t5"."""
    if "\t" not in line and "...." not in line:
        return False
    return bool(_TOC_RE.match(line) or _DOT_LEADER_RE.search(line))


# An entry that ends in a page number: "1.1. Godkendelse af dagsorden (10.00-10.01) 5", "...næste skridt
# (11.17-11.27)..... 21". PDF text extraction loses the tab before the number, so a single line cannot be
# told from a heading that happens to end in a number; a run of them with rising page numbers can.
_PAGE_NUMBER_END_RE = re.compile(r"(?:\.{2,}|\s)\s*(\d{1,3})\s*$")
_NUMBERED_RE = re.compile(r"^\s*(?:\d{1,2}(?:\.\d{1,2})*\.?\s+\S|Deltagerfortegnelse|Indholdsfortegnelse)")
_TOC_SEARCH_LINES = 200  # a table of contents sits at the top of the document


def drop_table_of_contents(raw_lines: list[str]) -> list[str]:
    """Remove a table of contents whose entries end in page numbers without a tab or dot leaders.

    A block is three or more numbered entries, each ending in a page number that never decreases, possibly
    wrapped over two lines; the real headings follow later in the document.
    """
    nonblank = [i for i, line in enumerate(raw_lines[: _TOC_SEARCH_LINES * 3]) if line.strip()]
    k = 0
    while k < len(nonblank) and k < _TOC_SEARCH_LINES:
        block, pages, j = [], [], k
        while j < len(nonblank):
            line = raw_lines[nonblank[j]]
            if not _NUMBERED_RE.match(line):
                break
            end = _PAGE_NUMBER_END_RE.search(line)
            span = [nonblank[j]]
            if not end and j + 1 < len(nonblank):  # a wrapped entry: the page number ends the next line
                nxt = raw_lines[nonblank[j + 1]]
                end = None if _NUMBERED_RE.match(nxt) else _PAGE_NUMBER_END_RE.search(nxt)
                span.append(nonblank[j + 1])
            if not end or (pages and int(end.group(1)) < pages[-1]):
                break
            pages.append(int(end.group(1)))
            block.extend(span)
            j += len(span)
        if len(pages) >= 3:
            drop = set(block)
            return [line for i, line in enumerate(raw_lines) if i not in drop]
        k = j + 1 if j > k else k + 1
    return raw_lines


def is_url_line(line: str) -> bool:
    """A line that is only a URL (or a URL-encoded fragment of one)."""
    line = line.strip()
    return " " not in line and ("/" in line or "%" in line) and bool(_URL_LINE_RE.match(line))


def find_footers(text: str) -> list[tuple[str, str]]:
    """All page footers in the text as (body name as printed, "dd-mm-yyyy")."""
    found = []
    for line in text.split("\n") if "|" in text else ():
        if "|" in line and (m := FOOTER_RE.match(line.replace("\u00a0", " "))):
            found.append((m["body"].strip(), m["date"]))
    return found


def remove_blurb(lines: list[str]) -> list[str]:
    """Drop KL's Mission/Vision blurb ("Mission" ... "til gavn for borgerne og samfundet."), each time."""
    out: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if line in ("Mission", "MISSION") or line.startswith("KL bidrager til at udvikle"):
            end = _blurb_end(lines, i)
            if end is not None:
                i = end + 1
                continue
        out.append(line)
        i += 1
    return out


def _blurb_end(lines: list[str], start: int) -> int | None:
    for j in range(start, min(start + 40, len(lines))):
        if "samfundet." in lines[j]:
            return j
    return None


# --- glued headings and line kinds --------------------------------------------------------------------

FIELD_WORDS = ("Baggrund", "Indstilling", "Indstillinger", "Sagsfremstilling", "Beslutning", "Bilag")
FIELD_RE = re.compile(
    r"^(?:\./\.*\s*)?(?P<word>Baggrund|Indstillinger|Indstilling|Sagsfremstilling|Beslutning|Bilag)"
    r"\s*:?\s*$",
    re.IGNORECASE,
)
_GLUED_FIELD_RE = re.compile(
    r"^(?P<text>.*\S[.!?)])\s*(?P<word>Baggrund|Indstilling|Sagsfremstilling|Beslutning|Bilag)\s*:?\s*$"
)
ITEM_RE = re.compile(r"^(?P<section>\d{1,2})\.(?P<minor>\d{1,2})\.?\s+(?P<title>[A-ZÆØÅÉ0-9\"].*)$")
# A three-level item number ("3.10.2. Title"): a sub-item, or a numbered heading inside an item's text.
SUBITEM_RE = re.compile(
    r"^(?P<section>\d{1,2})\.(?P<minor>\d{1,2})\.(?P<sub>\d{1,2})\.?\s+(?P<title>[A-ZÆØÅÉ0-9\"].*)$"
)
SECTION_RE = re.compile(r"^(?P<number>\d{1,2})\.\s+(?P<title>[A-ZÆØÅÉ\"].*)$")
CASE_RE = case_numbers.AT_LINE_START
_BULLET_RE = re.compile(r"^(?:[-–•➢▪●■◦]|\uf0b7|\uf0a7)\s+")
_ENUM_RE = re.compile(r"^(?:\(?\d{1,2}\)|\(?[ivx]{1,4}\)|[a-h]\))\s")
_MARKER_RE = re.compile(r"^(?:[-–]\s*)?\./\.*(?:\s|$)")
_HEADING_WORD_RE = re.compile(
    r"^(?:Deltagerfortegnelse|Deltagere|Afbud|Fraværende|Dato|Sted|Tid|Mødested)\s*:?(?:\s|$)", re.IGNORECASE
)
# Last line of an attendance entry: the municipality, maybe a "stedfortræder/suppleant for" remark.
_ATTENDEE_END_RE = re.compile(
    r"(?:[Kk]ommune|[Rr]egionskommune)\.?\s*"
    r"(?:\((?:stedfortræder|suppleant)[^)]*\)|,\s*(?:stedfortræder|suppleant)\s+for\s+[^,]+?)?\.?$"
)
_TERMINAL_RE = re.compile(r"[.!?:;]$")
_GLUED_ENDINGS = FIELD_WORDS + tuple(word + ":" for word in FIELD_WORDS)


def split_glued_heading(line: str) -> list[str]:
    """Split "... den 3. september 2021.Indstilling" into the text and the heading it swallowed."""
    if not line.endswith(_GLUED_ENDINGS):
        return [line]
    m = _GLUED_FIELD_RE.match(line)
    if not m or FIELD_RE.match(line.strip()):
        return [line]
    return [m["text"], m["word"]]


# One pass instead of eight: the same alternatives, tried once per line.
_STARTS_BLOCK_RE = re.compile(
    "|".join(
        f"(?{'i' if r.flags & re.IGNORECASE else ''}:{re.sub(r'[(][?]P<\w+>', '(?:', r.pattern)})"
        for r in (
            ITEM_RE,
            SUBITEM_RE,
            SECTION_RE,
            CASE_RE,
            _BULLET_RE,
            _ENUM_RE,
            _MARKER_RE,
            _HEADING_WORD_RE,
        )
    )
)
_ENDS_BLOCK_RE = re.compile(f"(?:{CASE_RE.pattern})|(?:{_HEADING_WORD_RE.pattern})", re.IGNORECASE)


def _starts_block(line: str) -> bool:
    """A line that always starts a new logical line: headings, case numbers, list items, markers."""
    return bool(_STARTS_BLOCK_RE.match(line) or (len(line) < 24 and FIELD_RE.match(line)))


def _is_label(line: str) -> bool:
    """A line that is complete in itself: a field heading, a case number, "Deltagere", "Dato: ..."."""
    return bool((len(line) < 24 and FIELD_RE.match(line)) or _ENDS_BLOCK_RE.match(line))


def _ends_entry(line: str) -> bool:
    """A line that ends like an attendance entry ("..., Frederiksberg Kommune"); a new line starts
    after it unless the text visibly goes on in lowercase."""
    return "ommune" in line and bool(_ATTENDEE_END_RE.search(line))


# --- hyphenation --------------------------------------------------------------------------------------

# After "social-" these words mean a suspended compound ("social- og sundhedsområdet"): keep "- ".
_SUSPENDED_NEXT = frozenset({"og", "eller", "samt", "til", "hhv.", "henholdsvis"})

DROP = "drop"  # "med-" + "lemmerne" -> "medlemmerne"
KEEP = "keep"  # "KKR-" + "møderne" -> "KKR-møderne"
SUSPEND = "suspend"  # "social-" + "og" -> "social- og"


def hyphen_join(prev: str, nxt: str) -> str | None:
    """How a line ending in a hyphen joins the next line: DROP, KEEP, SUSPEND or None (not a join)."""
    if len(prev) < 2 or not prev.endswith("-") or not nxt:
        return None
    first = nxt.split(None, 1)[0].lower().rstrip(",.;:")
    before = prev[-2]
    if before == " ":
        # "nye til -" + "bud": the extraction spaced the hyphen; only a lowercase word on both sides joins.
        if len(prev) >= 3 and prev[-3].isalpha() and prev[-3].islower() and nxt[0].islower():
            return SUSPEND if first in _SUSPENDED_NEXT else DROP
        return None
    if not before.isalnum():
        return None
    if first in _SUSPENDED_NEXT and not _is_prefix_til(prev, first):
        return SUSPEND
    last_token = prev.rsplit(None, 1)[-1]
    if "/" in last_token or last_token.startswith("www."):
        return KEEP  # a URL broken at one of its own hyphens: ".../aftale-om-" + "infrastrukturplan-..."
    if before.isdigit() or before.isupper() or not nxt[0].islower():
        # Acronyms and numbers keep their hyphen ("CO2-reduktion", "10-årsplanen", "KKR-medlemmerne"),
        # and so do compounds whose second part is capitalised ("Syd-Danmark") or a number ("2023-2024").
        return KEEP
    return DROP


def _is_prefix_til(prev: str, first: str) -> bool:
    # "ind-" + "til" is the word "indtil", not a suspended compound.
    last_word = prev.rsplit(None, 1)[-1][:-1]
    return first == "til" and last_word.lower() in {"ind", "hen", "frem", "op", "om"}


def rejoin(prev: str, nxt: str, how: str) -> str:
    """Join two lines the way `hyphen_join` decided."""
    if how == DROP:
        return (prev[:-2] if prev.endswith(" -") else prev[:-1]) + nxt
    if how == KEEP:
        return prev + nxt
    return prev + " " + nxt


# --- layout and paragraphs ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Layout:
    interleaved: bool  # an empty line after every printed line; whitespace-only lines are real blanks
    wrapped: bool  # one printed line per line (PDF); otherwise one paragraph per line
    # Usable line width: when the next line's first word would have fitted on a wrapped line, that line
    # ended on purpose (paragraph, heading or list item), it was not wrapped.
    fit_width: int


def detect_layout(raw_lines: list[str]) -> Layout:
    """Tell PDF-style wrapped text (maybe interleaved with empty lines) from paragraph-per-line text."""
    content = [i for i, line in enumerate(raw_lines) if line.strip()]
    if not content:
        return Layout(interleaved=False, wrapped=True, fit_width=0)
    followed = sum(1 for i in content if i + 1 < len(raw_lines) and raw_lines[i + 1] == "")
    lengths = sorted(len(raw_lines[i].strip()) for i in content)
    p90 = lengths[int(len(lengths) * 0.9)]
    wrapped = p90 < 150
    return Layout(
        interleaved=followed / len(content) >= 0.7 and wrapped,
        wrapped=wrapped,
        fit_width=int(p90 * 0.9),  # proportional fonts: character counts only approximate the width
    )


def physical_lines(text: str, layout: Layout) -> list[str]:
    """Stripped printed lines; "" marks a real blank line. Furniture, footnote URLs and TOC dropped."""
    out: list[str] = []
    prev_url = ""
    for raw in text.split("\n"):
        if raw == "" and layout.interleaved:
            continue  # the extraction's artificial empty line after every printed line
        if "\f" in raw:
            raw = raw.replace("\f", "")
            if not raw.strip():
                continue  # a page break is not a paragraph break
        line = raw.strip()
        if not line:
            if out and out[-1] != "":
                out.append("")
            continue
        if is_footer_line(line) or is_toc_line(raw):
            continue
        if is_url_line(line):
            # A link footnote at the foot of a PDF page carries no trailing space and is often repeated;
            # a URL that is part of the running text does (or ends in a hyphen and continues).
            footnote = layout.wrapped and raw == raw.rstrip() and not line.endswith("-")
            if footnote or line == prev_url:
                prev_url = line
                continue
            prev_url = line
        out.extend(split_glued_heading(line))
    while out and out[-1] == "":
        out.pop()
    return out


def recover_paragraphs(lines: list[str], layout: Layout) -> tuple[list[str], int]:
    """Join printed lines into logical lines; return them and the number of hyphenations rejoined."""
    out: list[str] = []
    current: str | None = None
    prev = ""
    blank = False
    in_attachments = False  # under "Bilag" every attachment sits on its own line
    rejoined = 0
    for line in lines:
        if line == "":
            blank = current is not None
            continue
        if current is None:
            current, prev, blank = line, line, False
            in_attachments = _attachment_state(line, in_attachments)
            continue
        how = _join_decision(prev, line, blank, layout, in_attachments)
        if how is None:
            out.append(current)
            current = line
        else:
            if how in (DROP, KEEP):
                rejoined += 1
            current = rejoin(current, line, how)
        prev, blank = line, False
        in_attachments = _attachment_state(line, in_attachments)
    if current is not None:
        out.append(current)
    return out, rejoined


def _attachment_state(line: str, state: bool) -> bool:
    m = FIELD_RE.match(line) if len(line) < 24 else None
    if m:
        return m["word"].lower() == "bilag"
    if (
        state
        and line[0].isdigit()
        and (ITEM_RE.match(line) or SUBITEM_RE.match(line) or SECTION_RE.match(line))
    ):
        return False
    return state


_SPACE = "space"


def _join_decision(prev: str, nxt: str, blank: bool, layout: Layout, in_attachments: bool) -> str | None:
    """DROP/KEEP/SUSPEND/space to join `nxt` onto the current logical line, None to start a new one."""
    if _starts_block(nxt):
        return None
    how = hyphen_join(prev, nxt)
    if how in (DROP, KEEP) and (not blank or nxt[0].islower() or nxt[0].isdigit()):
        return how
    if blank:
        # In paragraph text a page break can still split a sentence: "så hver kommune er" / "repræsenteret".
        lowercase_continuation = (
            not layout.wrapped and nxt[0].islower() and not _TERMINAL_RE.search(prev) and not _is_label(prev)
        )
        return (how or _SPACE) if lowercase_continuation else None
    if not layout.wrapped:
        return None
    if how == SUSPEND:
        return SUSPEND
    if _is_label(prev):
        return None
    if not nxt[0].islower() and (in_attachments or _ends_entry(prev) or _MARKER_RE.match(prev)):
        return None  # attachments and attendance entries sit one per line
    starts_new = nxt[0].isupper() or nxt[0] in "\"'"
    if starts_new and (
        _TERMINAL_RE.search(prev) or len(prev) + 1 + len(nxt.split(None, 1)[0]) <= layout.fit_width
    ):
        return None
    return _SPACE


# --- cleaning logical lines ---------------------------------------------------------------------------

_SPACES_RE = re.compile(r"[ \t]+")
_MARKER_FIRST = frozenset("-–•➢▪●■◦.\uf0b7\uf0a7")
_BULLET_ENUM_RE = re.compile(r"^(?:[-–•➢▪●■◦]|\uf0b7|\uf0a7)\s+(?=\(?(?:\d{1,2}|[ivx]{1,4})\)\s)")


def clean_line(line: str) -> str:
    """Drop "./." attachment markers, unify bullets to "– ", collapse runs of spaces and tabs."""
    if "  " in line or "\t" in line:
        line = _SPACES_RE.sub(" ", line).strip()
    if line[:1] in _MARKER_FIRST:
        line = _MARKER_RE.sub("", line, count=1).strip()
        line = _BULLET_ENUM_RE.sub("", line, count=1)
        line = _BULLET_RE.sub("– ", line, count=1)
    return line


@dataclass(frozen=True)
class Normalised:
    lines: list[str]  # logical lines: paragraphs, headings, list items, attendance entries
    rejoined: int  # line-end hyphenations rejoined ("med-"+"lemmerne", "KKR-"+"møderne")
    layout: Layout


def normalise(text: str) -> Normalised:
    """Run the whole pipeline: characters, markup, furniture, paragraphs, hyphenation, cleaning."""
    text = strip_markup(normalise_characters(text))
    raw_lines = drop_table_of_contents(text.split("\n"))
    layout = detect_layout(raw_lines)
    lines = remove_blurb(physical_lines("\n".join(raw_lines), layout))
    logical, rejoined = recover_paragraphs(lines, layout)
    cleaned = [clean_line(line) for line in logical]
    return Normalised([line for line in cleaned if line], rejoined, layout)
