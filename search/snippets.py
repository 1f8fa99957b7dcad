"""Highlighted titles and excerpts, built only for the rows of the current page.

ts_headline runs over HTML-escaped text, so text from the documents can never become markup; the only tags
in a snippet are our own <mark>s.
"""

from __future__ import annotations

import re
from typing import Protocol

from danish.text import QUERY_WORD, SEARCH_CONFIG
from search.db import reading

HEADLINE_OPTIONS = (
    'StartSel=<mark>, StopSel=</mark>, MaxWords=40, MinWords=18, MaxFragments=2, FragmentDelimiter=" … "'
)
PLAIN_EXCERPT = 300  # characters of an excerpt when there is no query to highlight


class Highlightable(Protocol):
    item: object
    snippet_html: str
    title_html: str


def _escaped(sql_text: str) -> str:
    return f"replace(replace(replace({sql_text}, '&', '&amp;'), '<', '&lt;'), '>', '&gt;')"


def add_snippets(hits: list[Highlightable], text: str, expression: str = "") -> None:
    """Fill title_html and snippet_html of `hits`: escaped text with our own <mark>s.

    `expression` is the query's to_tsquery expression (search.query.compile_query), `text` the words typed.
    """
    if not hits:
        return
    ids = [hit.item.pk for hit in hits]
    body = "concat_ws(' ', d.text, i.recommendation, i.background, i.case_text, i.attachments)"
    with reading().cursor() as cursor:
        if text and expression:
            cursor.execute(
                f"""
                SELECT i.id,
                  ts_headline('{SEARCH_CONFIG}', {_escaped("i.title")}, q, 'HighlightAll=true, StartSel=<mark>, StopSel=</mark>'),
                  ts_headline('{SEARCH_CONFIG}', {_escaped(body)}, q, %s)
                FROM meetings_agendaitem i LEFT JOIN meetings_decision d ON d.item_id = i.id,
                     to_tsquery('{SEARCH_CONFIG}', %s) q
                WHERE i.id = ANY(%s)
                """,
                [HEADLINE_OPTIONS, expression, ids],
            )
        else:
            cursor.execute(
                f"SELECT i.id, {_escaped('i.title')}, {_escaped(f'left({body}, {PLAIN_EXCERPT})')} "
                "FROM meetings_agendaitem i LEFT JOIN meetings_decision d ON d.item_id = i.id WHERE i.id = ANY(%s)",
                [ids],
            )
        by_id = {row[0]: row[1:] for row in cursor.fetchall()}
    for hit in hits:
        title_html, snippet_html = by_id.get(hit.item.pk, ("", ""))
        hit.title_html = mark_compound_parts(title_html or "", text)
        hit.snippet_html = mark_compound_parts(snippet_html or "", text)


def mark_compound_parts(html: str, text: str) -> str:
    """Also mark words that contain a searched word as a compound part (klynge in sundhedsklyngerne)."""
    terms = [t for t in QUERY_WORD.findall(text.lower()) if len(t) >= 4 and not t.isdigit()]
    for term in terms:
        stem = term[:-1] if len(term) > 5 and term.endswith("e") else term
        html = re.sub(
            rf"(?<![\w<>/])(?<!<mark>)([\wæøåÆØÅ]+{re.escape(stem)}[\wæøå]*)(?![\w]*</mark>)",
            r"<mark>\1</mark>",
            html,
            flags=re.IGNORECASE,
        )
    return html
