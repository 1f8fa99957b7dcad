"""Personal data that must not be stored: Danish CPR numbers are masked before anything is written.

A CPR number is `ddmmyy-xxxx`: a date of birth with a plausible day and month, and four digits. Documents print
it in many shapes, and every shape must be found in the text as it is *and* in what the text becomes after
normalising, because a number that only appears once markup is stripped or lines are rejoined is still a CPR
number when it is stored, shown or searched:

- with a hyphen, a dash of any kind (`–`, `‑`, `−`), a space of any kind (also a no-break space), a line break
  (also a PDF page break) or nothing between the date and the four digits: `010190-1234`, `010190 1234`,
  `0101901234`, `010190–\\n1234`;
- with invisible characters, markup or HTML entities anywhere inside it: a zero-width space or joiner, a soft
  hyphen, a bidi control, `**0101**90-1234`, `010190<b>-1234</b>`, `010190&#8209;1234`, `010190&nbsp;1234`;
- after a prefix or before a dash: `CPR-010190-1234`, `010190-1234-`.

What is not a CPR number stays as it is: a longer number (`320199-12345`, `SAG-2022-010190-1234`), case numbers
(`SAG-2022-01250`, `330-2018-3619`), phone numbers (`33 70 33 70`), dates (`21-06-2022`), amounts
(`1.881`), time slots (`10.55-11.15`) and periods (`2022-2026`).
"""

from __future__ import annotations

import html
import re
import unicodedata

MASK = "xxxxxx-xxxx"

# One digit: any decimal digit (fullwidth too), or a digit written as an HTML character reference.
_DIGIT = r"(?:\d|&\#(?:4[89]|5[0-7]);|&\#x3[0-9];)"
# Characters that print as nothing: soft hyphen, zero-width spaces and joiners, bidi controls, word joiner,
# byte order mark, variation selectors, Hangul fillers.
_INVISIBLE_CHARS = (
    "\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2060-\u206f"
    "\u3164\ufe00-\ufe0f\ufeff\uffa0"
)
_INVISIBLE_ENTITY = r"&(?:shy|zwsp|zwj|zwnj|lrm|rlm|nobreak|\#173|\#xad|\#820[3-7]|\#x200[b-f]|\#8288|\#x2060|\#65279|\#xfeff);"
# What may stand between two digits without being seen: invisible characters and entities, an HTML tag, and the
# characters of markdown emphasis and escapes. Each alternative starts with its own character, so the pattern
# never backtracks over a long run.
_JUNK = rf"(?:[{_INVISIBLE_CHARS}*_\\`]|{_INVISIBLE_ENTITY}|<[a-z/!][^<>\n]{{0,200}}>)*"
_DASH_CHARS = "\\-\u2010-\u2015\u2212\ufe58\ufe63\uff0d"
_DASH = rf"(?:[{_DASH_CHARS}]|&(?:\#45|\#x2d|\#82(?:0[89]|1[0-3])|\#x201[0-5]|\#8722|\#x2212|hyphen|dash|ndash|mdash|minus);)"
_SPACE = r"(?:\s|&(?:nbsp|ensp|emsp|thinsp|\#160|\#xa0|\#32|\#x20);)"
# Between the date and the four digits: a dash, spaces or line breaks (a line or page break of a PDF), both, or
# nothing.
_SEPARATOR = (
    rf"(?:{_SPACE}{{1,12}}{_JUNK}(?:{_DASH}{_JUNK}{_SPACE}{{0,12}})?|{_DASH}{_JUNK}{_SPACE}{{0,12}})?"
)
_TEN_DIGITS = (
    r"(?<!\d)"
    + rf"{_JUNK}".join([_DIGIT] * 6)
    + rf"{_JUNK}{_SEPARATOR}{_JUNK}"
    + rf"{_JUNK}".join([_DIGIT] * 4)
    + r"(?!\d)"
)
#: A candidate CPR number in raw or normalised text; `mask_cpr` checks its date and what surrounds it.
CPR = re.compile(_TEN_DIGITS, re.IGNORECASE)

_TAG = re.compile(r"<[a-z/!][^<>\n]{0,200}>", re.IGNORECASE)
_DIGIT_RE = re.compile(_DIGIT, re.IGNORECASE)
_JUNK_AT_END = re.compile(rf"{_JUNK}$", re.IGNORECASE)
_JUNK_AT_START = re.compile(_JUNK, re.IGNORECASE)
_DASH_AT_END = re.compile(rf"{_DASH}$", re.IGNORECASE)
_DASH_AT_START = re.compile(_DASH, re.IGNORECASE)
_DIGIT_AT_END = re.compile(rf"{_DIGIT}$", re.IGNORECASE)
_CONTEXT = 240  # characters looked at on each side of a candidate
_ANY_DIGIT = re.compile(r"\d")


def _digits(span: str) -> str:
    """The digits of a candidate, as ASCII (tags ignored, entities decoded, fullwidth digits mapped)."""
    return "".join(str(unicodedata.decimal(ch)) for ch in html.unescape(_TAG.sub("", span)) if ch.isdecimal())


def _without_junk_at_end(text: str) -> str:
    match = _JUNK_AT_END.search(text)
    return text[: match.start()] if match else text


def _without_junk_at_start(text: str) -> str:
    return text[_JUNK_AT_START.match(text).end() :]


def _part_of_a_longer_number(text: str, start: int, end: int) -> bool:
    """A digit, or a dash and a digit, right before or after the candidate (invisible things skipped):
    `SAG-2022-0101901234`, `0101901234-5`."""
    before = _without_junk_at_end(text[max(0, start - _CONTEXT) : start])
    if _DIGIT_AT_END.search(before):
        return True
    dash = _DASH_AT_END.search(before)
    if dash and _DIGIT_AT_END.search(_without_junk_at_end(before[: dash.start()])):
        return True
    after = _without_junk_at_start(text[end : end + _CONTEXT])
    if _DIGIT_RE.match(after):
        return True
    if dash := _DASH_AT_START.match(after):
        return bool(_DIGIT_RE.match(_without_junk_at_start(after[dash.end() :])))
    return False


def is_cpr(digits: str) -> bool:
    """Ten digits that read as a CPR number: day 01-31 and month 01-12."""
    return len(digits) == 10 and 1 <= int(digits[:2]) <= 31 and 1 <= int(digits[2:4]) <= 12


def find_cpr(text: str) -> list[tuple[int, int]]:
    """Where the CPR numbers in `text` stand: (start, end) of each, in order."""
    if not text or not _ANY_DIGIT.search(text):
        return []
    return [
        match.span()
        for match in CPR.finditer(text)
        if is_cpr(_digits(match.group(0))) and not _part_of_a_longer_number(text, *match.span())
    ]


def mask_spans(text: str, spans: list[tuple[int, int]]) -> str:
    """`text` with each (start, end) span replaced by the mask; the line and page breaks inside a span are kept
    after the mask, so the text keeps its lines (and a PDF's text its pages)."""
    out, at = [], 0
    for start, end in sorted(spans):
        if start < at:
            continue
        out += [text[at:start], MASK, "".join(ch for ch in text[start:end] if ch in "\n\f")]
        at = end
    out.append(text[at:])
    return "".join(out)


# Texts already scanned and found clean. Ingest masks the same strings more than once on purpose (as read, in the
# parse, and again in the checks before writing, which must not trust their caller): a string is immutable, so
# one found clean once is clean again, and its second scan is a dictionary lookup. Bounded by characters.
_CLEAN: dict[str, None] = {}
_CLEAN_CHARS_AT_MOST = 4_000_000
_clean_chars = 0


def mask_cpr(text: str) -> tuple[str, int]:
    """Return the text with every CPR number replaced by xxxxxx-xxxx, and how many were masked."""
    global _clean_chars
    if not text or text in _CLEAN:
        return text, 0
    spans = find_cpr(text)
    if spans:
        return mask_spans(text, spans), len(spans)
    if len(text) <= _CLEAN_CHARS_AT_MOST:
        if _clean_chars + len(text) > _CLEAN_CHARS_AT_MOST:
            _CLEAN.clear()
            _clean_chars = 0
        _CLEAN[text] = None
        _clean_chars += len(text)
    return text, 0


def contains_cpr(text: str) -> bool:
    """Whether `text` holds a CPR number in any of the shapes `mask_cpr` masks."""
    return mask_cpr(text)[1] > 0
