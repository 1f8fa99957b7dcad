"""The counts beside the results (year, topic, outcome), computed in the ranking statement.

`FACETS_SQL` is a fragment of that statement: it reads the materialised candidate set `c` (narrow rows with
meeting_date, body_id, outcomes and topic_ids) and yields rows (kind, value, label, count, NULL). Bodies and
their municipality or region ("authority") are counted from the same per-body counts. Arrays are unnested
in the select list (a ProjectSet), which costs half of a function scan per row.
"""

from __future__ import annotations

from dataclasses import dataclass

from meetings.models import Outcome

KINDS = ("year", "body", "authority", "topic", "outcome")

FACETS_SQL = """
        SELECT 'year', extract(year FROM c.meeting_date)::int::text, '', count(*), NULL FROM c GROUP BY 2
        UNION ALL
        SELECT 'topic', t.slug, t.name, x.n, NULL
          FROM (SELECT topic_id, count(*) AS n FROM (SELECT unnest(c.topic_ids) AS topic_id FROM c) u GROUP BY 1) x
          JOIN meetings_topic t ON t.id = x.topic_id
        UNION ALL
        SELECT 'outcome', o, '', count(*), NULL FROM (SELECT unnest(c.outcomes) AS o FROM c) u GROUP BY 2
        UNION ALL
        SELECT 'body', b.slug, b.name || CASE WHEN b.municipality <> '' THEN ', ' || b.municipality ELSE '' END,
               x.n, NULL
          FROM (SELECT body_id, count(*) AS n FROM c GROUP BY 1) x JOIN meetings_body b ON b.id = x.body_id
        UNION ALL
        SELECT 'authority', a, a, sum(n), NULL FROM (
            SELECT coalesce(nullif(b.municipality, ''), nullif(b.region, '')) AS a, x.n
              FROM (SELECT body_id, count(*) AS n FROM c GROUP BY 1) x JOIN meetings_body b ON b.id = x.body_id
        ) y WHERE a IS NOT NULL GROUP BY 2
"""


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
