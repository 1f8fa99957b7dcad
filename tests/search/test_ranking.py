"""How search counts and facets when there are too many matches to count them all (limits made small here).

Every match is ranked (tests/search/test_topk.py); what the limits bound is the count and the facets."""

import dataclasses
import datetime as dt

import pytest
from django.db import connection

from ingest.services import ingest_document
from meetings.models import SearchEntry, Topic
from search import ranking as search_module
from search import termlists
from search.query import matches as matches_of
from search.ranking import search
from tests.factories import item, meeting, source

pytestmark = pytest.mark.django_db

DATES = [dt.date(2015 + n // 4, 1 + 3 * (n % 4), 10) for n in range(12)]  # 12 meetings, 2015-2017


@pytest.fixture
def twelve_matches(monkeypatch):
    Topic.objects.create(name="Energi", query="vindmølle")
    for date in DATES:
        parsed = meeting(
            items=[item("1.1", f"Vindmøller ved kysten {date}", decision="Godkendt.")], date=date
        )
        ingest_document(source=source(f"vindmølle {date}"), parsed=parsed)
    monkeypatch.setattr(search_module, "EXACT_LIMIT", 5)
    monkeypatch.setattr(search_module, "WINDOW", 3)


def analyze() -> None:
    """Table statistics, as autovacuum keeps them: the count estimates scale by the table's rows."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE meetings_searchentry")


def dates(results) -> list[dt.date]:
    return [hit.item.meeting.date for hit in results.hits]


def candidate_scans(monkeypatch) -> list[bool]:
    """For each candidate statement the search runs, whether it counted every match (True) or took the newest."""
    scans: list[bool] = []
    counting = search_module._candidates
    monkeypatch.setattr(
        search_module,
        "_candidates",
        lambda *args, **kwargs: scans.append(kwargs["counted"]) or counting(*args, **kwargs),
    )
    return scans


def short_lists(monkeypatch) -> None:
    """As when the term lists are too short to hold every match: the ranking cannot count them all itself.
    (The twelve items rank alike, so real lists would hold all of them.)"""
    termlists.build(min_documents=1, length=2, sample_percent=100)
    ranked = search_module.best
    monkeypatch.setattr(
        search_module,
        "best",
        lambda *args, **kwargs: dataclasses.replace(ranked(*args, **kwargs), complete=False),
    )


def test_a_query_the_planner_underestimates_is_counted_and_its_newest_faceted(twelve_matches, monkeypatch):
    monkeypatch.setattr(search_module, "_estimate", lambda queryset: 1)
    results = search("vindmølle", SearchEntry.objects.all())
    assert results.count == 12 and not results.count_is_estimate
    assert sorted(dates(results), reverse=True) == sorted(DATES, reverse=True)  # every match ranked
    assert results.window_count == 3
    assert results.window_start == sorted(DATES)[-3]
    assert sum(f.count for f in results.facets["year"]) == 3
    assert [(f.label, f.count) for f in results.facets["topic"]] == [("Energi", 3)]


def test_beyond_the_scan_limit_the_count_is_a_lower_bound(twelve_matches, monkeypatch):
    short_lists(monkeypatch)
    monkeypatch.setattr(search_module, "_estimate", lambda queryset: 1)
    monkeypatch.setattr(search_module, "_checked_estimate", lambda estimate, *args: estimate)  # no probe
    monkeypatch.setattr(search_module, "SCAN_LIMIT", 8)
    results = search("vindmølle kysten", SearchEntry.objects.all())
    assert results.count == 9 and results.count_is_estimate and results.count_is_lower_bound
    assert len(results.hits) == 12
    assert results.window_start == sorted(DATES)[-3]


def test_beyond_the_scan_limit_one_word_is_counted_from_the_term_lists(twelve_matches, monkeypatch):
    short_lists(monkeypatch)
    monkeypatch.setattr(search_module, "_estimate", lambda queryset: 1)
    monkeypatch.setattr(search_module, "SCAN_LIMIT", 8)
    results = search("vindmølle", SearchEntry.objects.all())
    assert results.count == 12 and not results.count_is_estimate


def test_a_large_estimate_is_never_counted_but_estimated_from_the_rows_the_date_walk_tested(
    twelve_matches, monkeypatch
):
    # Was the planner's estimate, shown as it is (29 % off for a word without statistics at 100k items).
    analyze()
    short_lists(monkeypatch)
    monkeypatch.setattr(search_module, "_estimate", lambda queryset: 1000)
    monkeypatch.setattr(search_module, "COUNT_LIMIT", 0)  # as with more matches than the bitmap counts
    results = search("vindmølle kysten", SearchEntry.objects.all())
    # the walk tested the 3 newest rows and all 3 matched: 3 / 3 of the 12 rows
    assert results.count == 12 and results.count_is_estimate and not results.count_is_lower_bound
    assert results.window_start == sorted(DATES)[-3]
    assert len(results.hits) == 12


def test_the_share_the_walk_found_is_scaled_to_the_filtered_rows(twelve_matches, monkeypatch):
    for date in DATES:  # a meeting without the word the day after each: half the rows match
        day_after = date + dt.timedelta(days=1)
        other = meeting(items=[item("1.1", "Skolernes budget", decision="Godkendt.")], date=day_after)
        ingest_document(source=source(f"skole {day_after}"), parsed=other)
    analyze()
    short_lists(monkeypatch)
    monkeypatch.setattr(search_module, "_estimate", lambda queryset: 1000)
    monkeypatch.setattr(search_module, "COUNT_LIMIT", 0)  # as with more matches than the bitmap counts
    results = search("vindmølle kysten", SearchEntry.objects.all())
    assert results.count == 12 and results.count_is_estimate


def test_matches_the_bitmap_reads_whole_are_counted_exactly_beyond_the_window(twelve_matches, monkeypatch):
    # Was the planner's estimate: a phrase of 1,234 matches at 100k items was shown as "ca. 5,190".
    analyze()
    monkeypatch.setattr(
        search_module, "_estimate", lambda queryset: 6
    )  # above EXACT_LIMIT: not trusted small
    results = search("vindmølle", SearchEntry.objects.all())
    assert results.count == 12 and not results.count_is_estimate
    assert results.window_count == 3 and results.window_start == sorted(DATES)[-3]
    assert sorted(dates(results), reverse=True) == sorted(DATES, reverse=True)


def test_a_large_estimate_that_proves_small_gets_an_exact_count(twelve_matches, monkeypatch):
    monkeypatch.setattr(search_module, "_estimate", lambda queryset: 1000)
    monkeypatch.setattr(search_module, "COUNT_LIMIT", 0)  # as with more matches than the bitmap counts
    results = search("vindmølle", SearchEntry.objects.filter(meeting_date__gte=dt.date(2017, 5, 1)))
    assert results.count == 2  # fewer than the window holds: counted exactly
    assert not results.count_is_estimate and results.window_start is None


def test_up_to_the_limit_every_match_is_counted_ranked_and_faceted(twelve_matches):
    results = search("vindmølle", SearchEntry.objects.filter(meeting_date__year=2016))
    assert results.count == 4 and not results.count_is_estimate and results.window_start is None
    assert sorted(dates(results)) == [d for d in DATES if d.year == 2016]
    assert [(f.label, f.count) for f in results.facets["topic"]] == [("Energi", 4)]


@pytest.mark.parametrize("walk_dates", [True, False])
def test_both_plans_choose_the_same_newest_matches(twelve_matches, walk_dates):
    matches = matches_of(SearchEntry.objects.all(), "vindmølle")
    ctes, params = search_module._candidates(matches, window=3, counted=False, walk_dates=walk_dates)
    with connection.cursor() as cursor:
        cursor.execute(f"WITH {ctes} SELECT meeting_date FROM c ORDER BY 1 DESC", params)
        assert [row[0] for row in cursor.fetchall()] == sorted(DATES, reverse=True)[:3]


def test_a_body_filter_is_intersected_with_the_words_inside_the_gin_index(twelve_matches):
    from search.filters import SearchFilterSet

    filtered = SearchFilterSet({"organ": "kkr-hovedstaden"}, queryset=SearchEntry.objects.all()).qs
    matches = matches_of(filtered, "vindmølle")
    with connection.cursor() as cursor:
        # On a table this small the planner prefers a seq scan or the body btree indexes; without them (for
        # this test's transaction only) the GIN index is the only way in, and shows what it can take.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("DROP INDEX search_body_date")
        plan = matches.explain()
    lines = plan.splitlines()
    index_scan = next(
        n for n, line in enumerate(lines) if "Bitmap Index Scan on search_body_document_gin" in line
    )
    assert "body_id" in lines[index_scan + 1] and "document" in lines[index_scan + 1], plan


def test_a_small_estimate_the_term_lists_contradict_is_probed_instead_of_counted_to_the_limit(
    twelve_matches, monkeypatch
):
    # Was: "rød løber" estimated in the hundreds, matching 97,000 at 1M items, counted in the bitmap up to
    # SCAN_LIMIT (most of a second) and then shown as "more than 50,001".
    analyze()
    short_lists(monkeypatch)
    monkeypatch.setattr(search_module, "_estimate", lambda queryset: 1)
    monkeypatch.setattr(search_module, "SCAN_LIMIT", 8)  # both words are in more items than this
    monkeypatch.setattr(search_module, "COUNT_LIMIT", 8)
    scans = candidate_scans(monkeypatch)
    results = search("vindmølle kysten", SearchEntry.objects.all())
    assert results.count == 12 and results.count_is_estimate and not results.count_is_lower_bound
    assert scans == [False]  # the newest matches only: never the count to SCAN_LIMIT


def test_up_to_the_count_limit_even_a_large_estimate_is_counted_exactly(twelve_matches, monkeypatch):
    # Was the walk's estimate: a word in one body, 8,464 matches at 1M items, shown as "ca. 8,544".
    analyze()
    short_lists(monkeypatch)
    monkeypatch.setattr(search_module, "_estimate", lambda queryset: 1000)
    results = search("vindmølle kysten", SearchEntry.objects.all())
    assert results.count == 12 and not results.count_is_estimate


def test_one_word_is_counted_from_the_term_lists_without_reading_its_matches(twelve_matches, monkeypatch):
    # Was: the bitmap read whole to count a word in one year (13,115 matches at 1M items: 147 ms).
    analyze()
    short_lists(monkeypatch)
    monkeypatch.setattr(search_module, "_estimate", lambda queryset: 1000)
    scans = candidate_scans(monkeypatch)
    monkeypatch.setattr(search_module, "EXACT_LIMIT", 2)  # more matches than are counted and faceted whole
    monkeypatch.setattr(search_module, "WINDOW", 1)  # facets of the newest match: the walk is the cheaper way
    monkeypatch.setattr(search_module, "_rows", lambda filtered: 12)
    results = search("kysten", SearchEntry.objects.in_year(2016))  # one word, no compound parts
    assert results.count == 4 and not results.count_is_estimate
    assert True not in scans  # the facets' newest matches only


def test_the_probe_tests_the_newest_rows_one_by_one_without_the_match_bitmap(twelve_matches, monkeypatch):
    # Was: the probe's count built the query's whole match bitmap and intersected it with the newest rows
    # (`klima -aftale` in one year at 1M items: 57 ms, 38 of them in the GIN index, for 4,000 rows).
    from django.test.utils import CaptureQueriesContext

    analyze()
    short_lists(monkeypatch)
    monkeypatch.setattr(search_module, "SCAN_LIMIT", 8)
    with CaptureQueriesContext(connection) as captured:
        estimate = search_module._checked_estimate(1, "'vindmølle' & 'kysten'", SearchEntry.objects.all())
    assert estimate == 12  # all twelve of the newest rows match, and there are twelve rows
    probe = next(q["sql"] for q in captured.captured_queries if "WITH p AS MATERIALIZED" in q["sql"])
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # twelve rows: plan as for a million
        cursor.execute("EXPLAIN " + probe)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "search_body_document_gin" not in plan and "Tid Scan" in plan, plan


def half_matching(monkeypatch) -> None:
    """A meeting without the words the day after each of the twelve: half the rows match, the newest does not."""
    for date in DATES:
        day_after = date + dt.timedelta(days=1)
        other = meeting(items=[item("1.1", "Skolernes budget", decision="Godkendt.")], date=day_after)
        ingest_document(source=source(f"skole {day_after}"), parsed=other)
    analyze()
    short_lists(monkeypatch)
    monkeypatch.setattr(search_module, "_estimate", lambda queryset: 1000)
    monkeypatch.setattr(search_module, "COUNT_LIMIT", 0)  # as with more matches than the bitmap counts


def window_of(results) -> tuple:
    return (
        results.count,
        results.count_is_estimate,
        results.window_start,
        results.window_count,
        [hit.item.pk for hit in results.hits],
        {name: [(f.label, f.count) for f in facets] for name, facets in results.facets.items()},
    )


def test_the_window_taken_from_the_newest_rows_equals_the_window_of_the_date_walk(twelve_matches, monkeypatch):
    # `signaturaftaler/projekter` at 1M items: the bitmap visited all 69,202 matches for the newest 2,000 (183
    # ms), where the rows since a date that hold them were found and read in 57 ms.
    half_matching(monkeypatch)
    monkeypatch.setattr(search_module, "_rows", lambda filtered: 24)
    monkeypatch.setattr(search_module, "_estimate", lambda queryset: 12)
    monkeypatch.setattr(search_module, "COUNT_LIMIT", 0)
    walked = window_of(search("vindmølle kysten", SearchEntry.objects.all()))
    monkeypatch.setattr(search_module, "WALK_TEST_US", 1e9)  # the walk made dear: the rows since a date are read
    monkeypatch.setattr(search_module, "BITMAP_VISIT_US", 1e9)
    since = []
    window_since = search_module._window_since
    monkeypatch.setattr(search_module, "_window_since", lambda *a: since.append(window_since(*a)) or since[-1])
    scans = candidate_scans(monkeypatch)
    assert window_of(search("vindmølle kysten", SearchEntry.objects.all())) == walked
    # 3 matches in 6 of the 24 rows: 1.5 windows in the 9 newest, from the 5th newest meeting date on
    assert since == [sorted(DATES)[-5] + dt.timedelta(days=1)] and scans == [False]
    assert walked[0] == 12 and walked[1] and walked[2] == sorted(DATES)[-3]


def test_newest_rows_that_hold_fewer_matches_than_the_window_are_read_again_in_full(twelve_matches, monkeypatch):
    half_matching(monkeypatch)
    monkeypatch.setattr(search_module, "_rows", lambda filtered: 24)
    walked = window_of(search("vindmølle kysten", SearchEntry.objects.all()))
    monkeypatch.setattr(search_module, "WALK_TEST_US", 1e9)
    monkeypatch.setattr(search_module, "BITMAP_VISIT_US", 1e9)
    # 1,000 matches estimated among the 24 rows (no probe): the newest row alone should hold a window, and it
    # holds no match
    monkeypatch.setattr(search_module, "_checked_estimate", lambda estimate, *args: estimate)
    scans = candidate_scans(monkeypatch)
    assert window_of(search("vindmølle kysten", SearchEntry.objects.all())) == walked
    assert scans == [False, False]  # the rows since the date, then the walk


def test_the_rows_since_a_date_are_not_read_when_they_would_be_most_of_the_table():
    assert search_module._since_rows(1, 1, 12, 3, True) is None
    assert search_module._since_rows(0, 0, 12, 3, True) is None


def test_the_rows_since_a_date_are_read_where_that_was_measured_cheaper():
    # `signaturaftaler/projekter` at 1M items: 70,882 matches estimated among 998,345 rows; the walk took 210 ms
    # and the rows since the date 80
    assert search_module._since_rows(70_882, 70_882, 998_345, 2_000, True) == 42_254


def test_the_words_index_entries_outside_the_filters_count_against_the_rows_since_a_date():
    # `klynge` in 2015 at 1M items: 13,115 matches among 50,867 rows (estimated), but the GIN index read all 261,872
    # items of the word (105 ms) to intersect them with the dates; the walk took 68 ms
    assert search_module._since_rows(13_115, 13_115, 50_867, 2_000, True) is not None
    assert search_module._since_rows(13_115, 261_872, 50_867, 2_000, True) is None


def test_under_a_year_the_rows_since_a_date_are_costed_with_the_words_entries_in_the_whole_archive(
    twelve_matches, monkeypatch
):
    half_matching(monkeypatch)
    monkeypatch.setattr(search_module, "_rows", lambda filtered: 24)
    # the planner's estimate: 12 matches in the year, 18 in the whole archive (told apart by the year's range)
    monkeypatch.setattr(
        search_module, "_estimate", lambda queryset: 12 if '"meeting_date" >=' in str(queryset.query) else 18
    )
    monkeypatch.setattr(search_module, "WALK_TEST_US", 1e9)
    monkeypatch.setattr(search_module, "BITMAP_VISIT_US", 1e9)
    costed = []
    since_rows = search_module._since_rows
    monkeypatch.setattr(search_module, "_since_rows", lambda *a: costed.append(a[:2]) or since_rows(*a))
    year = sorted(DATES)[-1].year
    search("vindmølle kysten", SearchEntry.objects.in_year(year))
    assert costed == [(12, 0), (12, 18)]
    costed.clear()
    search("vindmølle kysten", SearchEntry.objects.all())
    # without a filter the index reads the matches' own entries
    assert len(costed) == 2 and costed[1][0] == costed[1][1] != 18
