"""What a person typed, made safe to search for, and the exact things in it.

This is the only place user text becomes a text-search query: `clean_query` keeps it printable and short and
drops tokens that are only operators; `compile_query` reads it as people type it (words, "phrases",
-exclusion and OR, the syntax of PostgreSQL's websearch_to_tsquery) and writes a `to_tsquery` expression in
which every word is a quoted operand, so user text never becomes query syntax, and in which a word may stand
with its alternatives: its compound parts, its synonyms, the Danish word for an English one
(search.expansion). Without alternatives the expression means exactly what websearch_to_tsquery makes of
the same text (tests/search/test_query.py compares them).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable

from django.contrib.postgres.search import SearchQuery
from django.db.models import QuerySet

from danish import case_numbers
from danish.dates import find_date
from danish.text import SEARCH_CONFIG, split_slashes

MAX_QUERY_LENGTH = 300  # characters; longer input is cut, never refused
MAX_TERMS = 32

# An item number as people write it next to a date: "punkt 3.4", "pkt. 5", "3.4", "130" (a municipal council
# numbers its items on through the year).
ITEM_NUMBER = re.compile(
    r"(?:\bpunkt\s+|\bpkt\.?\s*)?(?<![\d.])(\d{1,3}(?:\.\d{1,2})?)\.?(?![\d.-])", re.IGNORECASE
)


def clean_query(raw: str | None) -> str:
    """What we search for: printable, NFC, single-spaced, at most MAX_TERMS terms and MAX_QUERY_LENGTH chars.

    Tokens that are only operators (a bare "-", "!", "|") mean nothing to a person and, in numbers,
    overflow PostgreSQL's tsquery parser ("tsquery stack too small"), so they are dropped.
    """
    if not raw:
        return ""
    text = unicodedata.normalize("NFC", raw)
    text = "".join(ch if ch.isprintable() else " " for ch in text)  # NUL and control characters out
    text = text.encode("utf-8", "ignore").decode("utf-8")  # lone surrogates out
    kept: list[str] = []
    for token in text[: MAX_QUERY_LENGTH * 4].split():
        if token.upper() == "OR":
            if kept and kept[-1].upper() != "OR":
                kept.append("OR")
            continue
        if any(ch.isalnum() or ch == '"' for ch in token):
            kept.append(token)
        if len(kept) >= MAX_TERMS:
            break
    while kept and kept[-1].upper() == "OR":
        kept.pop()
    return " ".join(kept)[:MAX_QUERY_LENGTH].strip()


def fulltext(text: str) -> str:
    """What goes to websearch_to_tsquery: the cleaned text with words joined by a slash apart, as indexed."""
    return split_slashes(text)


# A word → what may stand for it: a string is a word or a phrase (its words in order), a tuple words that must
# all occur (a compound's parts).
Alternative = str | tuple[str, ...]
Alternatives = Callable[[str], list[Alternative]]


def _no_alternatives(word: str) -> list[Alternative]:
    return []


def _operand(text: str) -> str:
    """One quoted to_tsquery operand: PostgreSQL's parser splits it into lexemes (a phrase if several)."""
    return "'" + text.replace("\\", "\\\\").replace("'", "''") + "'"


def _alternative(alternative: Alternative) -> str:
    if isinstance(alternative, tuple):
        return "( " + " & ".join(_operand(part) for part in alternative) + " )"
    return _operand(alternative)


_TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+)')


def compile_query(text: str, alternatives: Alternatives = _no_alternatives) -> str:
    """The to_tsquery expression of cleaned, typed text (see the module's docstring); "" for no text.

    Words are AND-ed, "OR" between two terms ORs them (binding tighter than AND, as websearch does), a quoted
    phrase must occur in order, a leading "-" excludes a word or phrase. A positive word is
    `('word' | alternative | ...)` with the alternatives `alternatives(word)` gives.
    """
    terms: list[str] = []
    pending_or = False
    for match in _TOKEN.finditer(fulltext(text)):
        negated, phrase, word = match.group(1), match.group(2), match.group(3)
        if word is not None and word.upper() == "OR":
            pending_or = bool(terms)
            continue
        if word is not None and word.startswith("-") and len(word) > 1:
            negated, word = "-", word[1:]
        body = phrase if phrase is not None else word
        if not body or not any(ch.isalnum() for ch in body):
            continue
        operand = _operand(body)
        if negated:
            term = f"!{operand}"
        else:
            options = [operand, *(_alternative(alt) for alt in alternatives(body) if alt and alt != body)]
            options = list(dict.fromkeys(options))
            term = options[0] if len(options) == 1 else "( " + " | ".join(options) + " )"
        if pending_or and terms:
            terms[-1] = f"{terms[-1]} | {term}"
        else:
            terms.append(term)
        pending_or = False
    return " & ".join(terms)


def tsquery(text: str, alternatives: Alternatives = _no_alternatives) -> SearchQuery:
    """The text-search query of cleaned text, with `alternatives` for its words."""
    return SearchQuery(compile_query(text, alternatives), search_type="raw", config=SEARCH_CONFIG)


def matches(base: QuerySet, text: str, alternatives: Alternatives = _no_alternatives) -> QuerySet:
    """The SearchEntry rows of `base` that match `text` (all of them for no text, none for text that has no
    word in it, such as `""`)."""
    if not text:
        return base
    if not compile_query(text):
        return base.none()
    return base.filter(document=tsquery(text, alternatives))


def is_phrase(text: str) -> bool:
    return '"' in text


def exact_case_number(text: str) -> str | None:
    """The case number a query names, in the stored form (`sag 2022 01250` → `SAG-2022-01250`)."""
    return case_numbers.find_typed(text)


def exact_date(text: str) -> tuple[dt.date, tuple[int, int]] | None:
    """The first date a query names and where it stands in the text."""
    return find_date(text)


def item_on_date(text: str) -> tuple[dt.date, str] | None:
    """`punkt 3.4 21. juni 2022` → (date(2022, 6, 21), "3.4"): an item number next to a date, or None."""
    found = exact_date(text)
    if not found:
        return None
    date, (start, end) = found
    number = ITEM_NUMBER.search(text[:start] + " " + text[end:])
    return (date, number.group(1)) if number else None


_EXCLUSION = re.compile(r'(?:^|\s)-(?:"[^"]*"?|\S+)')


def positive_part(text: str) -> str:
    """The query without its exclusions (`klynge -bus` → `klynge`), for ranking and highlighting: a tsquery
    with `!bus` in it ranks every match near zero, so the order would be arbitrary. A query of exclusions
    only is returned as it is."""
    positive = " ".join(_EXCLUSION.sub(" ", text).split())
    while positive.upper().startswith("OR "):
        positive = positive[3:]
    while positive.upper().endswith(" OR") or positive.upper() == "OR":
        positive = positive[:-3].rstrip() if len(positive) > 2 else ""
    return positive or text
