"""Highlighted titles and excerpts, built only for the rows of the current page.

ts_headline runs over HTML-escaped text, so text from the documents can never become markup; the only tags
in a snippet are our own <mark>s.
"""

from __future__ import annotations

import re
from typing import Protocol

from danish.text import QUERY_WORD, SEARCH_CONFIG
from search.db import reading
from search.scoring import lexemes_sql

HEADLINE_OPTIONS = (
    'StartSel=<mark>, StopSel=</mark>, MaxWords=40, MinWords=18, MaxFragments=2, FragmentDelimiter=" … "'
)
PLAIN_EXCERPT = 300  # characters of an excerpt when there is no query to highlight
# ts_headline reads the whole text it is given (about 0.1 microsecond a character): of a text longer than
# LONG_TEXT it is given EXCERPT_WINDOW characters from a little before the first place a word of the query occurs
# (the text whole when none is found as written).
LONG_TEXT = 4_000
EXCERPT_WINDOW = 3_000
EXCERPT_LEAD = 1_000
_BODY = "concat_ws(' ', d.text, i.recommendation, i.background, i.case_text, i.attachments)"


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
    with reading().cursor() as cursor:
        if text and expression:
            by_id = _headlines(cursor, ids, expression, cut=True)
            # A stem found inside another word can put the excerpt where the query does not match: those get
            # the whole text.
            missed = [pk for pk, (_, snippet, cut) in by_id.items() if cut and "<mark>" not in (snippet or "")]
            if missed:
                by_id.update(_headlines(cursor, missed, expression, cut=False))
            by_id = {pk: (title, snippet) for pk, (title, snippet, _) in by_id.items()}
        else:
            cursor.execute(
                f"SELECT i.id, {_escaped('i.title')}, {_escaped(f'left({_BODY}, {PLAIN_EXCERPT})')} "
                "FROM meetings_agendaitem i LEFT JOIN meetings_decision d ON d.item_id = i.id WHERE i.id = ANY(%s)",
                [ids],
            )
            by_id = {row[0]: row[1:] for row in cursor.fetchall()}
    for hit in hits:
        title_html, snippet_html = by_id.get(hit.item.pk, ("", ""))
        hit.title_html = mark_compound_parts(title_html or "", text)
        hit.snippet_html = mark_compound_parts(snippet_html or "", text)


def _headlines(cursor, ids: list[int], expression: str, *, cut: bool) -> dict[int, tuple[str, str, bool]]:
    """(title, excerpt, whether the text was cut) of the items `ids` for the to_tsquery `expression`.

    With `cut`, a text longer than LONG_TEXT is cut to EXCERPT_WINDOW characters from EXCERPT_LEAD before where
    a lexeme of the query first occurs in it as written (a stem is where its words begin). Each text is put
    together and searched once (MATERIALIZED)."""
    lexemes, lexeme_params = lexemes_sql(expression)
    excerpt = (
        f"CASE WHEN x.at IS NULL THEN x.body ELSE substr(x.body, greatest(1, x.at - {EXCERPT_LEAD}), {EXCERPT_WINDOW}) END"
    )
    cursor.execute(
        f"""
        WITH t AS MATERIALIZED (
            SELECT i.id, i.title, {_BODY} AS body
            FROM meetings_agendaitem i LEFT JOIN meetings_decision d ON d.item_id = i.id
            WHERE i.id = ANY(%s)
        ), w AS MATERIALIZED ({lexemes} AS lexemes),
        x AS MATERIALIZED (
            SELECT t.*, (SELECT min(nullif(strpos(o.lowered, l), 0)) FROM w, unnest(w.lexemes) l) AS at
            FROM t, LATERAL (
                SELECT CASE WHEN %s AND length(t.body) > {LONG_TEXT} THEN lower(t.body) END AS lowered OFFSET 0
            ) o
        )
        SELECT x.id,
          ts_headline('{SEARCH_CONFIG}', {_escaped("x.title")}, q, 'HighlightAll=true, StartSel=<mark>, StopSel=</mark>'),
          ts_headline('{SEARCH_CONFIG}', {_escaped(excerpt)}, q, %s),
          x.at IS NOT NULL
        FROM x, to_tsquery('{SEARCH_CONFIG}', %s) q
        """,
        [ids, *lexeme_params, cut, HEADLINE_OPTIONS, expression],
    )
    return {pk: (title, snippet, was_cut) for pk, title, snippet, was_cut in cursor.fetchall()}


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
