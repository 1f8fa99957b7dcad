"""Keep the search index current: called inside the ingest transaction, so it is never stale.

Each item's vector is built from its texts plus the parts of the Danish compounds in them (at the weight of
the text they came from), so `klynge` finds `sundhedsklyngerne` while `ældre` does not find `forældre`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from django.db import connection

from danish.compounds import load_default_splitter
from danish.text import SEARCH_CONFIG, VOCABULARY_WORD, split_slashes
from meetings.models import AgendaItem, Decision, Meeting, Topic


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


def topic_ids_sql(vector: str) -> str:
    """SQL of the ids of the topics whose query matches `vector` (an SQL expression), in id order."""
    return (
        f"ARRAY(SELECT t.id FROM meetings_topic t WHERE t.query <> '' "
        f"AND {vector} @@ websearch_to_tsquery('{SEARCH_CONFIG}', t.query) ORDER BY t.id)"
    )


# The vector is built once, in a subquery that OFFSET 0 keeps the planner from inlining (it would build it
# again for the topic match).
UPSERT_SQL = f"""
INSERT INTO meetings_searchentry (item_id, meeting_date, body_id, kind, has_decision, outcomes, document, topic_ids)
SELECT v.*, {topic_ids_sql("v.document")}
FROM (SELECT %s::bigint, %s::date, %s::bigint, %s::varchar, %s::boolean, %s::varchar[], {VECTOR_SQL} AS document
      OFFSET 0) v
ON CONFLICT (item_id) DO UPDATE SET
    meeting_date = EXCLUDED.meeting_date, body_id = EXCLUDED.body_id, kind = EXCLUDED.kind,
    has_decision = EXCLUDED.has_decision, outcomes = EXCLUDED.outcomes, document = EXCLUDED.document,
    topic_ids = EXCLUDED.topic_ids
"""


def index_items(items: Iterable[AgendaItem]) -> None:
    """(Re)build the search rows of `items` (with meeting and decision loaded) and grow the vocabulary."""
    rows = []
    vocabulary: Counter[str] = Counter()
    for item in items:
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
    if not rows:
        return
    words = sorted(vocabulary.items())
    with connection.cursor() as cursor:
        cursor.executemany(UPSERT_SQL, rows)
        # One statement for the whole vocabulary of the batch. Counts only grow here (a re-index may count
        # an item twice); suggestions need an order of frequency, not precision.
        cursor.execute(
            "INSERT INTO meetings_searchword (word, documents) "
            "SELECT * FROM unnest(%s::text[], %s::int[]) "
            "ON CONFLICT (word) DO UPDATE SET documents = meetings_searchword.documents + EXCLUDED.documents",
            [[w for w, _ in words], [n for _, n in words]],
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
                f"SELECT %s, item_id FROM meetings_searchentry "
                f"WHERE document @@ websearch_to_tsquery('{SEARCH_CONFIG}', %s)",
                [topic.pk, topic.query],
            )
            total += cursor.rowcount
    sync_topic_ids()
    return total
