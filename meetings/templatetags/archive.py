"""Small presentation helpers for the archive's templates (party names, Danish numbers, links in texts)."""

from __future__ import annotations

import re

from django import template
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

# The letters of the parties registered for national (and so also municipal) elections.
PARTY_NAMES = {
    "A": "Socialdemokratiet",
    "B": "Radikale Venstre",
    "C": "Det Konservative Folkeparti",
    "D": "Nye Borgerlige",
    "F": "SF – Socialistisk Folkeparti",
    "I": "Liberal Alliance",
    "K": "Kristendemokraterne",
    "M": "Moderaterne",
    "O": "Dansk Folkeparti",
    "V": "Venstre",
    "Æ": "Danmarksdemokraterne",
    "Ø": "Enhedslisten",
    "Å": "Alternativet",
}


def party_label(letter: str) -> str:
    """`C` → `C (Det Konservative Folkeparti)`; a local list's letter stays as it is."""
    name = PARTY_NAMES.get(letter)
    return f"{letter} ({name})" if name else letter


@register.filter
def party_name(letter: str) -> str:
    return PARTY_NAMES.get(letter or "", "")


@register.filter
def percent(value: float | None) -> str:
    """0.875 → `88 %` (Danish style); None → `–`."""
    if value is None:
        return "–"
    return f"{round(value * 100)} %"


# Links in the minutes: only http(s) URLs become links; everything else, and the rest of the text, is escaped.
URL = re.compile(r"(?<!\w)https?://[^\s<>\"'`]+", re.IGNORECASE)
TRAILING = ".,;:!?'\")]}»”’"


def _trim(url: str) -> str:
    """Drop trailing punctuation that ends the sentence, keeping a `)` that closes a `(` inside the URL."""
    while url and url[-1] in TRAILING:
        if url[-1] == ")" and url.count("(") >= url.count(")"):
            break
        url = url[:-1]
    return url


@register.filter
def linkify(text) -> SafeString:
    """Escape `text` and turn its http:// and https:// URLs into links (rel="nofollow noopener").

    Other schemes (javascript:, data:, ftp:, mailto:) stay plain text. Combine with linebreaksbr after it.
    """
    text = "" if text is None else str(text)
    parts: list[str] = []
    position = 0
    for match in URL.finditer(text):
        url = _trim(match.group(0))
        if not re.match(r"https?://[^/?#]", url, re.IGNORECASE):
            continue
        start = match.start()
        parts.append(escape(text[position:start]))
        parts.append(format_html('<a href="{}" rel="nofollow noopener">{}</a>', url, url))
        position = start + len(url)
    parts.append(escape(text[position:]))
    return mark_safe("".join(parts))  # safe: every piece above is escaped or built by format_html


@register.filter
def document_name(document) -> str:
    """A source document as the public reads it (`Referat (PDF)`), never its internal file name."""
    from meetings.selectors import document_name as name  # selectors import models; templatetags load early

    return name(document)


@register.filter
def supplying(sources: list) -> list:
    """The item's sources that gave it a field, and the best one even if none did (selectors.item_sources)."""
    return [source for n, source in enumerate(sources) if source.fields or n == 0]


@register.filter
def also_in(sources: list) -> list:
    """The item's other sources: documents that have the item but gave it nothing the page shows."""
    return [source for n, source in enumerate(sources) if not source.fields and n > 0]
