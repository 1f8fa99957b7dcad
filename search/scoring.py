"""The search's rank function: one definition, used by the ranking, the term lists and the benchmarks.

An item's rank for a query is PostgreSQL's ts_rank (weights WEIGHTS, length normalisation) of the query's
positive words OR-ed together: the average over the query's distinct lexemes of each lexeme's own rank in the
item. That sum is what makes every match rankable at national scale: search.termlists stores each common
lexeme's items in order of their rank on it, and search.topk bounds what an unseen item can reach
(ts_rank's AND form weighs the distance between words, which no per-word list can bound). Whether an item
matches is still the query itself (AND, phrases, exclusions); this is only the order.
"""

from __future__ import annotations

import re

from danish.text import SEARCH_CONFIG

# D, C, B, A: attachments/section/case number, background/case text, decision/recommendation, title.
WEIGHTS = [0.1, 0.2, 0.4, 1.0]
RANK_NORMALISATION = 1  # divide by log2(1 + document length): long items do not win by length alone
WEIGHTS_SQL = f"'{{{', '.join(map(str, WEIGHTS))}}}'::real[]"

# A quoted operand of a search.query expression ('' and \\ escaped), with the "!" that negates it.
_OPERAND = re.compile(r"(!?)\s*'((?:[^'\\]|\\.|'')*)'")


def rank_sql(alias: str, query: str) -> str:
    """SQL of the rank of the search rows `alias` for the tsquery expression `query` (SQL).

    Bit for bit ts_rank(WEIGHTS, document, query, RANK_NORMALISATION): the rank without normalisation divided,
    in float8 and then rounded to float4 as PostgreSQL's C code does, by log2(1 + the document's length).
    The length is the row's stored `document_length`, so ranking a row no longer walks its whole vector to
    count the positions, which cost about a third of ranking it (docs/benchmarks.md)."""
    raw = f"ts_rank({WEIGHTS_SQL}, {alias}.document, {query}, 0)"
    length = f"{alias}.document_length"
    return f"({raw}::float8 / CASE WHEN {length} > 0 THEN ln({length} + 1::float8) / ln(2::float8) ELSE 1 END)::real"


def query_rank_sql(alias: str, expression: str, *, tier: bool = False) -> tuple[str, list[str]]:
    """SQL and parameters of the rank of the rows `alias` for a search.query expression (plus 1 for `tier`)."""
    rank = rank_sql(alias, f"to_tsquery('{SEARCH_CONFIG}', %s)")
    return (f"(1::real + {rank})" if tier else rank), [ranked_text(expression)]


def tiered_rank_sql(alias: str, expression: str, typed: str) -> tuple[str, list[str]]:
    """The rank of a query expanded with alternatives (`expression`) from what was typed (`typed`): rows that
    match the words as typed form a tier above the rest (a rank stays below 1), ranked by the typed words;
    the rest by the expanded query. Without alternatives, the plain rank."""
    if not typed or typed == expression:
        return query_rank_sql(alias, expression)
    top, top_params = query_rank_sql(alias, typed, tier=True)
    rest, rest_params = query_rank_sql(alias, expression)
    return (
        f"(CASE WHEN {alias}.document @@ to_tsquery('{SEARCH_CONFIG}', %s) THEN {top} ELSE {rest} END)",
        [typed, *top_params, *rest_params],
    )


def lexeme_rank_sql(alias: str, lexeme: str) -> str:
    """SQL of the rank of the search rows `alias` on one lexeme (`lexeme`: an SQL text expression, already
    normalised)."""
    return rank_sql(alias, f"quote_literal({lexeme})::tsquery")


def ranked_text(expression: str) -> str:
    """The to_tsquery text an expression of search.query is ranked by: its positive operands OR-ed.

    A lone operand is OR-ed with itself. Of several words (a phrase, a hyphenated word) it would make the
    tsquery's top operator a phrase, and ts_rank then ranks by the words' distances (its AND form), which no
    per-word list can bound: `"godkendelse af referat"` ranked 0.3134 where each word ranked 0.1966. OR-ed,
    the rank is the average of its words' own ranks, as for every other query (ts_rank counts a repeated
    lexeme once)."""
    positive = (m.group(0).lstrip("!").strip() for m in _OPERAND.finditer(expression) if not m.group(1))
    operands = list(dict.fromkeys(positive))
    if len(operands) == 1:
        operands *= 2
    return " | ".join(operands)


def lexemes_sql(text: str) -> tuple[str, list[str]]:
    """SQL giving the distinct lexemes ts_rank reads in the ranked text `text`, and its parameters: read off the
    tsquery itself, so a phrase, a hyphenated word or a stop word gives exactly what the rank sees."""
    return (
        "SELECT array(SELECT DISTINCT replace(m[1], $$''$$, $$'$$) FROM regexp_matches("
        f"to_tsquery('{SEARCH_CONFIG}', %s)::text, $$'((?:[^']|'')*)'$$, 'g') m)",
        [text],
    )
