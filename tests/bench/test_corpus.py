"""generate_corpus: a small synthetic archive that obeys every constraint and searches like an ingested one."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter

import pytest
from django.core.management import call_command
from django.db import connection

from bench.corpus import FIRST_DATE, LAST_DATE, body_names, rare_vocabulary
from danish.item_numbers import item_sort_key
from meetings.models import (
    CASE_NUMBER_REGEX,
    ITEM_NUMBER_REGEX,
    AgendaItem,
    Decision,
    Meeting,
    SearchEntry,
    SearchWord,
    Topic,
)
from search.indexing import VECTOR_SQL, topic_ids_sql, weighted_texts
from search.ranking import search

pytestmark = pytest.mark.django_db(
    transaction=True
)  # the command commits per batch and VACUUMs, as in real use


def generate(items: int, **options) -> None:
    call_command("generate_corpus", items=items, verbosity=0, **options)


def generated_items():
    return AgendaItem.objects.filter(meeting__documents__isnull=True)


def test_generates_a_consistent_archive():
    generate(300, seed=3, bodies=6, batch_size=120)  # an empty archive: ingests the samples first

    pool = AgendaItem.objects.filter(meeting__documents__isnull=False).distinct().count()
    assert pool > 50
    assert AgendaItem.objects.count() == pool + 300
    items = list(generated_items().select_related("meeting__body", "search_entry"))
    assert len(items) == 300

    meetings = Meeting.objects.filter(documents__isnull=True)
    assert {m.body.name for m in meetings} <= {name for name, _ in body_names(6)}
    per_body = Counter((m.body_id, m.date) for m in meetings)
    assert max(per_body.values()) == 1  # one meeting per body per date
    for m in meetings:
        assert FIRST_DATE <= m.date <= LAST_DATE and m.date.weekday() < 5
    sizes = Counter(item.meeting_id for item in items)
    assert max(sizes.values()) <= 18 and sum(1 for n in sizes.values() if n >= 12) >= len(sizes) - 1

    numbers = Counter((item.meeting_id, item.number) for item in items)
    assert max(numbers.values()) == 1
    for item in items:
        assert re.fullmatch(ITEM_NUMBER_REGEX, item.number)
        assert item.sort_key == item_sort_key(item.number)
        assert re.fullmatch(CASE_NUMBER_REGEX, item.case_number)
        assert item.case_number[4:8] == str(item.meeting.date.year)
        entry = item.search_entry
        assert entry.document is not None
        assert (entry.meeting_date, entry.body_id, entry.kind) == (
            item.meeting.date,
            item.meeting.body_id,
            item.meeting.kind,
        )
    assert {item.meeting.items.order_by("sort_key").first().number for item in items} == {"1.1"}

    decisions = Decision.objects.filter(item__in=[item.pk for item in items]).select_related("item__meeting")
    assert decisions.exists()
    assert {d.item.meeting.kind for d in decisions} == {"referat"}
    assert SearchEntry.objects.filter(item__in=items, has_decision=True).count() == decisions.count()
    # Case numbers repeat within a body ("same case"), never across years.
    repeated = Counter(item.case_number for item in items)
    assert max(repeated.values()) > 1

    assert SearchWord.objects.filter(word="kommune", documents__gt=100).exists()


def test_vectors_equal_what_ingest_builds():
    generate(200, seed=5, bodies=3)
    with connection.cursor() as cursor:
        for item in generated_items().select_related("meeting", "decision").order_by("?")[:60]:
            try:
                decision_text = item.decision.text
            except Decision.DoesNotExist:
                decision_text = ""
            texts = weighted_texts(item, decision_text)
            cursor.execute(
                f"SELECT ({VECTOR_SQL}) = document, has_decision, outcomes FROM meetings_searchentry "
                "WHERE item_id = %s",
                [texts["A"], texts["B"], texts["C"], texts["D"], item.pk],
            )
            same, has_decision, outcomes = cursor.fetchone()
            assert same, item.pk
            assert has_decision == bool(decision_text)
            assert outcomes == (list(item.decision.outcomes) if decision_text else [])


def test_generated_items_get_the_topics_ingest_would_give_them_in_both_places():
    call_command("ingest", "data/samples", verbosity=0)
    call_command("load_topics", verbosity=0)
    generate(200, seed=9, bodies=3)
    through = Topic.items.through
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT s.item_id, s.topic_ids, {topic_ids_sql('s.document')} FROM meetings_searchentry s "
            "WHERE s.item_id = ANY(%s)",
            [list(generated_items().values_list("pk", flat=True))],
        )
        rows = cursor.fetchall()
    assert len(rows) == 200 and any(copy for _, copy, _ in rows)
    for item_id, copy, matched in rows:
        assert copy == matched, item_id
        assert copy == sorted(
            through.objects.filter(agendaitem_id=item_id).values_list("topic_id", flat=True)
        )


def test_search_finds_generated_items_and_the_rare_tail():
    generate(300, seed=7, bodies=5)
    generated = set(generated_items().values_list("pk", flat=True))

    results = search("klynge", SearchEntry.objects.all())  # a compound part: sundhedsklyngerne
    assert {hit.item.pk for hit in results.hits} & generated
    common = search("kommune", SearchEntry.objects.all())
    assert common.count > 150

    tail = rare_vocabulary()
    texts = " ".join(generated_items().values_list("case_text", flat=True))
    used = [word for word in tail[:200] if word in texts]
    assert used, "the synthetic rare words appear in case texts"
    found = search(used[0], SearchEntry.objects.all())
    # Items that print the rare compound come first; after them, items that have its parts apart (the
    # query finds a compound by its parts too).
    printing = set(generated_items().filter(case_text__contains=used[0]).values_list("pk", flat=True))
    first = [hit.item.pk for hit in found.hits[: min(len(printing), len(found.hits))]]
    assert printing and found.count >= len(printing)
    assert set(first) <= printing <= generated


def test_adds_to_an_existing_archive_without_date_collisions():
    generate(150, seed=1, bodies=1, batch_size=60)
    generate(150, seed=1, bodies=1, batch_size=60)  # same seed, same body: must still find free dates
    meetings = Meeting.objects.filter(documents__isnull=True)
    assert generated_items().count() == 300
    dates = list(meetings.values_list("body_id", "date"))
    assert len(dates) == len(set(dates))
    assert dt.date(2007, 1, 1) <= min(d for _, d in dates)


def test_refuses_a_load_the_bodies_cannot_hold():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="free meeting dates"):
        generate(5_000_000, bodies=1)


def test_refuses_a_database_not_named_for_benchmarks(settings, monkeypatch):
    from django.core.management.base import CommandError

    before = AgendaItem.objects.count()
    monkeypatch.setitem(connection.settings_dict, "NAME", "kkrarchive")
    with pytest.raises(CommandError, match="refusing"):
        generate(10)
    assert AgendaItem.objects.count() == before
