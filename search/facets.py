"""The counts beside the results (year, body, authority, topic, outcome).

Computed in the ranking statement over the matches it read, or, for one word searched in the whole archive,
from that word's term list (`from_term_list`): then they cover every match without reading one.

`FACETS_SQL` is a fragment of that statement: it reads the materialised candidate set `c` (narrow rows with
meeting_date, body_id, outcomes and topic_ids) and yields rows (kind, value, label, count, NULL). Bodies and
their municipality or region ("authority") are counted from the same per-body counts. Arrays are unnested
in the select list (a ProjectSet), which costs half of a function scan per row.
"""

from __future__ import annotations

from dataclasses import dataclass

from meetings.models import Outcome
from search.db import reading

KINDS = ("year", "body", "authority", "topic", "outcome")

def _labelled(years: str, bodies: str, topics: str, outcomes: str) -> str:
    """The facet rows (kind, value, label, count, NULL) from four SQL relations of (key, n): the counts per year
    (text), body id, topic id and outcome; bodies and topics get their slugs and names, and the bodies' counts
    are summed per municipality or region ("authority")."""
    return f"""
        SELECT 'year', x.key, '', x.n, NULL FROM {years} x
        UNION ALL
        SELECT 'topic', t.slug, t.name, x.n, NULL FROM {topics} x JOIN meetings_topic t ON t.id = x.key
        UNION ALL
        SELECT 'outcome', x.key, '', x.n, NULL FROM {outcomes} x
        UNION ALL
        SELECT 'body', b.slug, b.name || CASE WHEN b.municipality <> '' THEN ', ' || b.municipality ELSE '' END,
               x.n, NULL
          FROM {bodies} x JOIN meetings_body b ON b.id = x.key
        UNION ALL
        SELECT 'authority', a, a, sum(n), NULL FROM (
            SELECT coalesce(nullif(b.municipality, ''), nullif(b.region, '')) AS a, x.n
              FROM {bodies} x JOIN meetings_body b ON b.id = x.key
        ) y WHERE a IS NOT NULL GROUP BY 2
"""


FACETS_SQL = _labelled(
    years="(SELECT extract(year FROM c.meeting_date)::int::text AS key, count(*) AS n FROM c GROUP BY 1)",
    bodies="(SELECT body_id AS key, count(*) AS n FROM c GROUP BY 1)",
    topics="(SELECT topic_id AS key, count(*) AS n FROM (SELECT unnest(c.topic_ids) AS topic_id FROM c) u GROUP BY 1)",
    outcomes="(SELECT o AS key, count(*) AS n FROM (SELECT unnest(c.outcomes) AS o FROM c) u GROUP BY 1)",
)

# The same rows from a listed lexeme's counts (search.models.TermList) plus the changes since its build
# (TermChange, +1 for what a row has now, -1 for what it had): exact for every item that has the lexeme.
_COUNTS = """(
        SELECT key{cast} AS key, sum(n)::int AS n FROM (
            SELECT key, value::int AS n FROM search_termlist t, jsonb_each_text(t.{field}) WHERE t.lexeme = %s
            UNION ALL
            SELECT {change}::text, c.sign FROM search_termchange c{unnest} WHERE c.lexemes @> ARRAY[%s]
        ) u GROUP BY key HAVING sum(n) > 0)"""
TERM_LIST_FACETS_SQL = _labelled(
    years=_COUNTS.format(field="years", change="c.year", unnest="", cast=""),
    bodies=_COUNTS.format(field="bodies", change="c.body_id", unnest="", cast="::bigint"),
    topics=_COUNTS.format(field="topics", change="x", unnest=", unnest(c.topic_ids) x", cast="::bigint"),
    outcomes=_COUNTS.format(field="outcomes", change="x", unnest=", unnest(c.outcomes) x", cast=""),
)


@dataclass
class Facet:
    value: str
    label: str
    count: int


def empty() -> dict[str, list[Facet]]:
    return {kind: [] for kind in KINDS}


def from_rows(rows: list[tuple]) -> dict[str, list[Facet]]:
    """Facets from the statement's rows (kind, value, label, count, _); rows of other kinds are ignored.

    Years newest first; topics and outcomes most frequent first.
    """
    facets = empty()
    outcomes = dict(Outcome.choices)  # the words people read ("Taget til efterretning"), not the stored value
    for kind, value, label, number, _ in rows:
        if kind in facets:
            label = outcomes.get(value, value) if kind == "outcome" else label
            facets[kind].append(Facet(value=value, label=label or value, count=int(number)))
    facets["year"].sort(key=lambda f: f.value, reverse=True)
    facets["topic"].sort(key=lambda f: (-f.count, f.label))
    facets["body"].sort(key=lambda f: (-f.count, f.label))
    facets["authority"].sort(key=lambda f: (-f.count, f.label))
    facets["outcome"].sort(key=lambda f: (-f.count, f.value))
    return facets


def from_term_list(lexeme: str) -> dict[str, list[Facet]]:
    """The facets of every item that has `lexeme`, a lexeme with a term list, in the whole archive."""
    with reading().cursor() as cursor:
        # Every parameter is the lexeme, however often _labelled reads a relation (the bodies twice).
        cursor.execute(TERM_LIST_FACETS_SQL, [lexeme] * TERM_LIST_FACETS_SQL.count("%s"))
        return from_rows(cursor.fetchall())
