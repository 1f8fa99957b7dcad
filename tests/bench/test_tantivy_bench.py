"""bench.tantivy_index: the sample archive in tantivy finds what PostgreSQL finds for the same query.

Every expectation is computed independently with SQL over the stored search vectors
(`document @@ websearch_to_tsquery('danish', ...)`), the query language search.query documents as its own.
Skipped when tantivy (the optional `bench` dependency) is not installed.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

import pytest

pytest.importorskip("tantivy")

from django.db import connection

from bench.tantivy_index import (
    TantivyArchive,
    build_index,
    parse_compiled,
    rows,
    unsupported,
)
from ingest.services import ingest_document
from meetings.models import AgendaItem, Body, Decision, SearchEntry
from search.indexing import weighted_texts
from search.query import compile_query
from tests.factories import item, meeting, source

pytestmark = pytest.mark.django_db

ALL = 10_000  # more than the sample archive's items: every match, not a page


@pytest.fixture(scope="module")
def archive(sample_archive, django_db_blocker, tmp_path_factory) -> TantivyArchive:
    path = tmp_path_factory.mktemp("tantivy") / "index"
    with django_db_blocker.unblock():
        report = build_index(path, heap_bytes=50_000_000, threads=1)
        assert report.documents == SearchEntry.objects.count()
    return TantivyArchive(path)


def sql_ids(text: str, *, year: int | None = None, body: str | None = None) -> set[int]:
    where, params = ["document @@ websearch_to_tsquery('danish', %s)"], [text]
    if year is not None:
        where.append("meeting_date BETWEEN %s AND %s")
        params += [dt.date(year, 1, 1), dt.date(year, 12, 31)]
    if body is not None:
        where.append("body_id = (SELECT id FROM meetings_body WHERE slug = %s)")
        params.append(body)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT item_id FROM meetings_searchentry WHERE {' AND '.join(where)}", params)
        return {pk for (pk,) in cursor.fetchall()}


def tantivy_ids(archive: TantivyArchive, text: str, filters: dict[str, str] | None = None) -> set[int]:
    ids, count = archive.search(text, filters, top=ALL)
    assert count == len(ids)
    return set(ids)


def test_rows_are_the_texts_indexing_builds_the_vectors_from(sample_archive):
    seen = {}
    for row in rows(batch=7):  # several fetches from the server-side cursor
        seen[row.item_id] = row
    assert set(seen) == set(SearchEntry.objects.values_list("item_id", flat=True))
    for agenda_item in AgendaItem.objects.filter(pk__in=seen).select_related("meeting__body"):
        decision = Decision.objects.filter(item=agenda_item).first()
        row = seen[agenda_item.pk]
        assert row.texts == weighted_texts(agenda_item, decision.text if decision else "")
        assert (row.meeting_date, row.body) == (agenda_item.meeting.date, agenda_item.meeting.body.slug)


@pytest.mark.parametrize(
    "text",
    [
        "fysioterapi",  # a word
        "Sundhedsklyngerne",  # capitals, an inflected form
        "klynge",  # a compound part: in the indexed parts of `sundhedsklyngerne`
        '"praksisplan for fysioterapi"',  # a phrase with a stop word in it
        "klima -aftale",  # an exclusion
        "fysioterapi OR letbane",  # OR
        "hvad besluttede KKR om letbanen",  # stop words and a question
    ],
)
def test_a_query_matches_what_postgresql_matches(archive, text):
    expected = sql_ids(text)
    total = SearchEntry.objects.count()
    assert 0 < len(expected) < total, "the sample archive no longer tells this query's matches apart"
    assert tantivy_ids(archive, text) == expected


def test_the_page_is_the_best_twenty_and_the_count_is_every_match(archive):
    expected = sql_ids("kommune")
    assert len(expected) > 20
    ids, count = archive.search("kommune", {})
    assert len(ids) == 20 and set(ids) <= expected
    assert count == len(expected)
    everything, _ = archive.search("kommune", {}, top=ALL)
    assert ids == everything[:20]  # best first


def test_year_and_body_filters(archive):
    years = sorted({d.year for d in SearchEntry.objects.values_list("meeting_date", flat=True)})
    assert len(years) > 1
    for year in years:
        assert tantivy_ids(archive, "kommune", {"aar": str(year)}) == sql_ids("kommune", year=year)
    slugs = list(Body.objects.filter(meetings__isnull=False).distinct().values_list("slug", flat=True))
    assert slugs
    for slug in slugs:
        assert tantivy_ids(archive, "kommune", {"organ": slug}) == sql_ids("kommune", body=slug)
    year, slug = years[-1], slugs[0]
    both = tantivy_ids(archive, "kommune", {"aar": str(year), "organ": slug})
    assert both == sql_ids("kommune", year=year, body=slug)


def test_a_year_is_every_meeting_date_from_new_year_to_new_years_eve(sample_archive, tmp_path):
    for date in [dt.date(2022, 12, 31), dt.date(2023, 1, 1), dt.date(2023, 12, 31), dt.date(2024, 1, 1)]:
        parsed = meeting(
            items=[item("1.1", f"Vindmøller ved kysten {date}", decision="Godkendt.")], date=date
        )
        ingest_document(source=source(f"vindmøller {date}"), parsed=parsed)
    build_index(tmp_path / "index", heap_bytes=50_000_000, threads=1)
    found = TantivyArchive(tmp_path / "index").search("vindmøller", {"aar": "2023"}, top=ALL)[0]
    assert sorted(AgendaItem.objects.get(pk=pk).meeting.date for pk in found) == [
        dt.date(2023, 1, 1),
        dt.date(2023, 12, 31),
    ]
    assert set(found) == sql_ids("vindmøller", year=2023)


def test_exclusions_only_match_everything_else(archive):
    with_word = sql_ids("kommune")
    everything = set(SearchEntry.objects.values_list("item_id", flat=True))
    assert tantivy_ids(archive, "-kommune") == everything - with_word


def test_compiled_queries_are_read_back_and_anything_else_refused():
    assert parse_compiled(compile_query("kommune -aftale")) == [[(False, "kommune")], [(True, "aftale")]]
    assert parse_compiled(compile_query("a b OR c")) == [[(False, "a")], [(False, "b"), (False, "c")]]
    assert parse_compiled(compile_query("it's a\\b")) == [[(False, "it's")], [(False, "a\\b")]]
    assert parse_compiled(compile_query('"to ord" -"et andet"')) == [
        [(False, "to ord")],
        [(True, "et andet")],
    ]
    for expression in ["( 'a' | ( 'b' & 'c' ) )", "'a' <-> 'b'", "'a' &", "'a' 'b'"]:
        with pytest.raises(ValueError):
            parse_compiled(expression)


def test_what_tantivy_is_not_given():
    assert unsupported({"q": "kommune", "aar": "2022", "organ": "kkr-hovedstaden"}) == ""
    assert unsupported({"organ": "kkr-hovedstaden"})  # no text: browsing by date
    assert unsupported({"q": "kommune", "sortering": "dato"})
    assert unsupported({"q": "kommune", "emne": "sundhed"})


def test_the_benchmark_imports_tantivy_only_when_asked_to():
    code = "import sys, bench.search; assert 'tantivy' not in sys.modules, 'imported'"
    subprocess.run([sys.executable, "-c", code], check=True)
