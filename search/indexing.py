"""Keep the search index current: called inside the ingest transaction, so it is never stale.

Each item's vector is built from its texts plus the parts of the Danish compounds in them (at the weight of
the text they came from), so `klynge` finds `sundhedsklyngerne` while `ældre` does not find `forældre`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from django.db import connection

from danish.compounds import load_default_splitter
from danish.procedural import DATABASE_REGEX as PROCEDURAL_REGEX
from danish.text import SEARCH_CONFIG, VOCABULARY_WORD, split_slashes
from meetings.models import AgendaItem, Decision, Meeting, SearchEntry, Topic


def weighted_texts(item: AgendaItem, decision_text: str) -> dict[str, str]:
    """The text of each weight class, each followed by the compound parts found in it."""
    splitter = load_default_splitter()
    texts = {
        "A": item.title,
        "B": f"{item.recommendation}\n{decision_text}",
        "C": "\n".join(
            [item.background, item.resume, item.case_text, *(text for _, text in item.other_texts)]
        ),
        "D": f"{item.attachments}\n{item.section_title}\n{item.case_number}",
    }
    texts = {weight: split_slashes(text) for weight, text in texts.items()}
    return {weight: f"{text}\n{' '.join(splitter.expand(text))}" for weight, text in texts.items()}


VECTOR_SQL = (
    f"setweight(to_tsvector('{SEARCH_CONFIG}', %s), 'A') || setweight(to_tsvector('{SEARCH_CONFIG}', %s), 'B') || "
    f"setweight(to_tsvector('{SEARCH_CONFIG}', %s), 'C') || setweight(to_tsvector('{SEARCH_CONFIG}', %s), 'D')"
)


# A topic is an item's when its title names it, or what was proposed and decided names it at least twice
# (ts_rank_cd gives each weight-B match 0.4): a word in passing, the background or a committee's name in the
# decision ("Social- og Beskæftigelsesudvalget") is not what an item is about. A procedural item ("Siden
# sidst", "Eventuelt": danish.procedural) reports on many things: only its title counts. Measured on the
# labelled real items of tests/fixtures/topics_labelled.json (tests/search/test_topics.py).
TOPIC_TWICE_IN_B = 0.79


def topic_match_sql(vector: str, title: str | None, query: str) -> str:
    """SQL that is true when the topic query `query` (an SQL tsquery) is the subject of the item whose search
    vector is `vector` and whose title is `title` (SQL expressions; None: the title is not at hand)."""
    procedural = f"coalesce({title} ~* '{PROCEDURAL_REGEX}', false)" if title else "false"
    return (
        f"({vector} @@ {query} AND (ts_filter({vector}, '{{a}}') @@ {query} OR (NOT {procedural} "
        f"AND ts_rank_cd(ts_filter({vector}, '{{b}}'), {query}, 0) >= {TOPIC_TWICE_IN_B})))"
    )


def topic_ids_sql(vector: str, title: str | None = None) -> str:
    """SQL of the ids of the topics whose query is the subject of the item (`vector`, `title`: SQL), by id."""
    return (
        f"ARRAY(SELECT t.id FROM meetings_topic t, websearch_to_tsquery('{SEARCH_CONFIG}', t.query) q "
        f"WHERE t.query <> '' AND {topic_match_sql(vector, title, 'q')} ORDER BY t.id)"
    )


# The vector is built once, in a subquery that OFFSET 0 keeps the planner from inlining (it would build it
# again for the topic match).
UPSERT_SQL = f"""
INSERT INTO meetings_searchentry (item_id, meeting_date, body_id, kind, has_decision, outcomes, document, topic_ids)
SELECT v.*, {topic_ids_sql("v.document", "(SELECT i.title FROM meetings_agendaitem i WHERE i.id = v.item_id)")}
FROM (SELECT %s::bigint AS item_id, %s::date, %s::bigint, %s::varchar, %s::boolean, %s::varchar[], {VECTOR_SQL} AS document
      OFFSET 0) v
ON CONFLICT (item_id) DO UPDATE SET
    meeting_date = EXCLUDED.meeting_date, body_id = EXCLUDED.body_id, kind = EXCLUDED.kind,
    has_decision = EXCLUDED.has_decision, outcomes = EXCLUDED.outcomes, document = EXCLUDED.document,
    topic_ids = EXCLUDED.topic_ids
"""


def index_items(items: Iterable[AgendaItem]) -> None:
    """(Re)build the search rows of `items` (with meeting and decision loaded) and grow the vocabulary.

    A withdrawn item (a new version of its document no longer has it) has no search row: it is found by its
    permalink only, and so leaves the search, the topics and every list built on the search rows."""
    rows = []
    vocabulary: Counter[str] = Counter()
    withdrawn = []
    for item in items:
        if item.withdrawn_by_id is not None:
            withdrawn.append(item.pk)
            continue
        try:
            decision: Decision | None = item.decision
        except Decision.DoesNotExist:
            decision = None
        decision_text = decision.text if decision else ""
        texts = weighted_texts(item, decision_text)
        rows.append(
            (
                item.pk,
                item.meeting.date,
                item.meeting.body_id,
                item.meeting.kind,
                bool(decision_text),
                list(decision.outcomes) if decision else [],
                texts["A"],
                texts["B"],
                texts["C"],
                texts["D"],
            )
        )
        vocabulary.update(set(VOCABULARY_WORD.findall(" ".join(texts.values()).lower())))
    if withdrawn:
        SearchEntry.objects.filter(item_id__in=withdrawn).delete()
    if not rows:
        return
    words = sorted(vocabulary.items())
    with connection.cursor() as cursor:
        cursor.executemany(UPSERT_SQL, rows)
        # One statement for the whole vocabulary of the batch. Counts only grow here (a re-index may count
        # an item twice); suggestions need an order of frequency, not precision. The words (letters only) and
        # counts go as two space-separated strings: psycopg builds array literals element by element in Python,
        # which cost more than the statement for a meeting's ~3,000 words.
        cursor.execute(
            "INSERT INTO meetings_searchword (word, documents) "
            "SELECT * FROM unnest(string_to_array(%s, ' '), string_to_array(%s, ' ')::int[]) "
            "ON CONFLICT (word) DO UPDATE SET documents = meetings_searchword.documents + EXCLUDED.documents",
            [" ".join(w for w, _ in words), " ".join(str(n) for _, n in words)],
        )


def assign_topics(item_ids: list[int]) -> None:
    """Record in Topic.items the topics index_items matched for the items among `item_ids`."""
    if not item_ids:
        return
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM meetings_topic_items WHERE agendaitem_id = ANY(%s)", [item_ids])
        cursor.execute(
            "INSERT INTO meetings_topic_items (topic_id, agendaitem_id) "
            "SELECT unnest(topic_ids), item_id FROM meetings_searchentry WHERE item_id = ANY(%s)",
            [item_ids],
        )


def sync_topic_ids(item_ids: list[int] | None = None) -> int:
    """Copy Topic.items into SearchEntry.topic_ids for `item_ids` (None: the whole archive).

    Only rows whose topics differ are written: a search row is wide, and an untouched row costs nothing.
    Returns the number of rows changed.
    """
    only = "" if item_ids is None else "WHERE e.item_id = ANY(%(ids)s)"
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            UPDATE meetings_searchentry s SET topic_ids = x.ids
            FROM (SELECT e.item_id, coalesce(array_agg(ti.topic_id ORDER BY ti.topic_id)
                                             FILTER (WHERE ti.topic_id IS NOT NULL), '{{}}') AS ids
                  FROM meetings_searchentry e
                  LEFT JOIN meetings_topic_items ti ON ti.agendaitem_id = e.item_id
                  {only} GROUP BY e.item_id) x
            WHERE x.item_id = s.item_id AND s.topic_ids <> x.ids
            """,
            {"ids": item_ids},
        )
        return cursor.rowcount


def after_meeting_saved(meeting: Meeting) -> None:
    """Re-index every item of `meeting` and re-assign its topics (called inside the ingest transaction)."""
    items = list(meeting.items.select_related("meeting", "decision"))
    index_items(items)
    assign_topics([item.pk for item in items])


def assign_all_topics() -> int:
    """Re-assign every topic over the whole archive in set-based SQL; returns the number of assignments."""
    total = 0
    with connection.cursor() as cursor:
        for topic in Topic.objects.all():
            cursor.execute("DELETE FROM meetings_topic_items WHERE topic_id = %s", [topic.pk])
            if not topic.query.strip():
                continue
            cursor.execute(
                f"INSERT INTO meetings_topic_items (topic_id, agendaitem_id) "
                f"SELECT %s, e.item_id FROM meetings_searchentry e JOIN meetings_agendaitem i ON i.id = e.item_id, "
                f"websearch_to_tsquery('{SEARCH_CONFIG}', %s) q WHERE {topic_match_sql('e.document', 'i.title', 'q')}",
                [topic.pk, topic.query],
            )
            total += cursor.rowcount
    sync_topic_ids()
    return total
