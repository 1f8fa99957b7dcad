"""SearchEntry.topic_ids, the search's copy of Topic.items, agrees with it after every way topics change."""

import datetime as dt

import pytest
from django.core.management import call_command

from ingest.services import ingest_document
from meetings.models import AgendaItem, SearchEntry, Topic
from opendata.export import export_lines
from opendata.importer import import_archive
from tests.conftest import _empty_archive
from tests.factories import item, meeting, source

pytestmark = pytest.mark.django_db


def copies_agree() -> bool:
    through = Topic.items.through
    truth: dict[int, list[int]] = {}
    for item_id, topic_id in through.objects.order_by("topic_id").values_list("agendaitem_id", "topic_id"):
        truth.setdefault(item_id, []).append(topic_id)
    copies = {e.item_id: list(e.topic_ids) for e in SearchEntry.objects.all()}
    return all(copies[item_id] == truth.get(item_id, []) for item_id in copies)


def ingest(title: str, date=dt.date(2023, 3, 1)) -> AgendaItem:
    parsed = meeting(items=[item("1.1", title, decision="Godkendt.")], date=date)
    ingest_document(source=source(f"{title} {date}"), parsed=parsed)
    return AgendaItem.objects.get(meeting__date=date, number="1.1")


def test_ingest_records_the_matching_topics_in_both_places():
    climate = Topic.objects.create(name="Klima", query="klima OR klimatilpasning")
    traffic = Topic.objects.create(name="Trafik", query="letbane")
    Topic.objects.create(name="Tom", query="")
    found = ingest("Klimatilpasning langs letbanen")
    assert sorted(found.search_entry.topic_ids) == sorted([climate.pk, traffic.pk])
    assert set(found.topics.all()) == {climate, traffic}
    assert copies_agree()


def test_editing_a_topic_and_reassigning_updates_the_copies_of_the_changed_items_only():
    topic = Topic.objects.create(name="Klima", query="klima")
    kept = ingest("Klima og energi", dt.date(2023, 3, 1))
    gained = ingest("Letbanen", dt.date(2023, 3, 2))
    topic.query = "letbane"
    topic.save()
    call_command("assign_topics", verbosity=0)
    kept.search_entry.refresh_from_db()
    gained.search_entry.refresh_from_db()
    assert kept.search_entry.topic_ids == [] and gained.search_entry.topic_ids == [topic.pk]
    assert copies_agree()


def test_orm_changes_from_either_side_and_deleting_a_topic_reach_the_copies():
    first, second = ingest("Et punkt", dt.date(2023, 3, 1)), ingest("Et andet", dt.date(2023, 3, 2))
    topic = Topic.objects.create(name="Håndplukket", query="")
    topic.items.add(first, second)
    assert copies_agree() and SearchEntry.objects.get(pk=first.pk).topic_ids == [topic.pk]
    topic.items.remove(first)
    assert copies_agree() and SearchEntry.objects.get(pk=first.pk).topic_ids == []
    second.topics.clear()
    assert copies_agree() and SearchEntry.objects.get(pk=second.pk).topic_ids == []
    topic.items.add(first, second)
    topic.items.clear()
    assert copies_agree() and not SearchEntry.objects.exclude(topic_ids=[]).exists()
    topic.items.add(first)
    topic.delete()
    assert SearchEntry.objects.get(pk=first.pk).topic_ids == []


def test_an_import_keeps_the_archives_assignments_even_when_queries_would_differ():
    topic = Topic.objects.create(name="Håndplukket", query="")
    chosen = ingest("Et punkt om noget")
    topic.items.add(chosen)
    lines = list(export_lines())
    _empty_archive()
    import_archive(lines)
    restored = AgendaItem.objects.get()
    assert [t.slug for t in restored.topics.all()] == ["haandplukket"]
    assert restored.search_entry.topic_ids == [Topic.objects.get().pk]


def test_the_vocabulary_counts_each_word_once_per_item_and_adds_up_across_meetings():
    from meetings.models import SearchWord

    ingest("Letbane og letbane langs Ring", dt.date(2023, 3, 1))
    ingest("Letbane igen", dt.date(2023, 4, 1))
    counts = dict(SearchWord.objects.filter(word__in=["letbane", "langs", "igen"]).values_list("word", "documents"))
    # "godkendt" is the decision's word in both; "og" is too short for the vocabulary (four letters or more).
    assert counts == {"letbane": 2, "langs": 1, "igen": 1}
    assert SearchWord.objects.get(word="godkendt").documents == 2
    assert not SearchWord.objects.filter(word="og").exists()
