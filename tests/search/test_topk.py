"""Every match ranked: the page from the term lists equals ranking every match, also after changes since the build."""

import datetime as dt
import random

import pytest
from django.db import connection
from django.db.models.expressions import RawSQL

from ingest.services import ingest_document
from meetings.models import AgendaItem, SearchEntry
from search import termlists, topk
from search.expansion import alternatives_for
from search.models import TermChange, TermList
from search.query import compile_query, matches, positive_part
from search.ranking import rank_expression, search
from tests.factories import item, meeting, source

pytestmark = pytest.mark.django_db

WORDS = ["vindmølle", "budget", "skole", "klima", "sundhed", "trafik", "borger", "plan"]


def archive(meetings: int = 30, seed: int = 7) -> None:
    """Meetings whose items use the words with different weights and lengths, so ranks differ and tie."""
    rng = random.Random(seed)
    for n in range(meetings):
        date = dt.date(2010, 1, 5) + dt.timedelta(days=37 * n)
        items = []
        for k in range(4):
            title_words = rng.sample(WORDS, rng.randint(1, 3))
            body = " ".join(rng.choices([*WORDS, "og", "det", "kommunen", "region"], k=rng.randint(3, 60)))
            items.append(
                item(
                    f"{k + 1}.1",
                    " ".join(title_words).capitalize() + f" {n}-{k}",
                    decision=f"Godkendt. {rng.choice(WORDS)}",
                    case_text=body,
                )
            )
        ingest_document(source=source(f"møde {n}"), parsed=meeting(items=items, date=date))


def exhaustive(text: str, filtered=None, top: int = 20) -> list[int]:
    filtered = SearchEntry.objects.all() if filtered is None else filtered
    alternatives = alternatives_for(text)
    rank, params = rank_expression(
        '"meetings_searchentry"',
        compile_query(positive_part(text), alternatives),
        compile_query(positive_part(text)),
    )
    ranked = matches(filtered, text, alternatives).annotate(r=RawSQL(rank, params))
    return list(ranked.order_by("-r", "-meeting_date", "item_id").values_list("item_id", flat=True)[:top])


def shown(text: str, filtered=None, page: int = 1) -> list[int]:
    filtered = SearchEntry.objects.all() if filtered is None else filtered
    return [hit.item.pk for hit in search(text, filtered, page=page).hits if not hit.exact]


@pytest.fixture(autouse=True)
def shallow_steps(monkeypatch):
    """The term lists always used (a small archive is otherwise ranked directly), read a few entries at a
    time, so the proof is tried (and must hold) at every depth."""
    from search import ranking

    monkeypatch.setattr(ranking, "RANK_ALL_LIMIT", 0)
    monkeypatch.setattr(ranking, "AND_RANK_ALL_LIMIT", 0)
    monkeypatch.setattr(topk, "DEPTHS", (1, 2, 3, 5, 8))
    # A small archive's lists hold a large share of its matches: the whole lists may read all they hold.
    monkeypatch.setattr(topk, "WHOLE_READ_SHARE", 1.0)


def short_lists() -> None:
    """Lists far shorter than the words' matches, so every page has to be proven, not read off."""
    termlists.build(min_documents=3, length=12, sample_percent=100)


QUERIES = [
    "vindmølle",
    "budget skole",
    "klima OR trafik",
    "sundhed -plan",
    "borger plan klima",
    '"budget skole"',
]


@pytest.mark.parametrize("text", QUERIES)
def test_the_page_equals_ranking_every_match(text):
    archive()
    short_lists()
    assert TermList.objects.filter(complete=False).exists()  # the proof is needed, not every item listed
    assert shown(text) == exhaustive(text)


def test_later_pages_equal_ranking_every_match():
    archive()
    short_lists()
    assert shown("budget", page=2) == exhaustive("budget", top=40)[20:40]


def test_filters_are_applied_to_the_ranked_matches():
    archive()
    short_lists()
    filtered = SearchEntry.objects.filter(meeting_date__year=2012)
    assert shown("skole", filtered) == exhaustive("skole", filtered)


def test_an_item_written_after_the_build_is_ranked():
    archive()
    short_lists()
    parsed = meeting(
        items=[item("1.1", "Vindmølle", decision="Vindmølle vindmølle.")], date=dt.date(2025, 1, 1)
    )
    ingest_document(source=source("ny vindmølle"), parsed=parsed)
    newest = AgendaItem.objects.get(meeting__date=dt.date(2025, 1, 1)).pk
    assert TermChange.objects.filter(item_id=newest, sign=1).exists()
    assert shown("vindmølle") == exhaustive("vindmølle")
    assert newest in shown("vindmølle")


def test_a_removed_item_leaves_the_results_and_the_count():
    archive()
    short_lists()
    first = shown("trafik")[0]
    before = search("trafik", SearchEntry.objects.all()).count
    AgendaItem.objects.filter(pk=first).delete()
    results = search("trafik", SearchEntry.objects.all())
    assert first not in [hit.item.pk for hit in results.hits]
    assert results.count == before - 1 == matches(SearchEntry.objects.all(), "trafik").count()
    assert shown("trafik") == exhaustive("trafik")


def test_a_single_word_is_counted_exactly_from_the_lists_and_the_changes():
    archive()
    short_lists()
    parsed = meeting(items=[item("1.1", "Klima og klima", decision="Godkendt.")], date=dt.date(2025, 2, 1))
    ingest_document(source=source("ny klima"), parsed=parsed)
    results = search("klima", SearchEntry.objects.all())
    assert results.count == matches(SearchEntry.objects.all(), "klima").count()
    assert not results.count_is_estimate


def test_rewriting_a_row_with_the_same_vector_records_no_change():
    archive(meetings=2)
    TermChange.objects.all().delete()
    with connection.cursor() as cursor:
        cursor.execute("UPDATE meetings_searchentry SET document = document")
    assert not TermChange.objects.exists()


def test_a_build_absorbs_the_changes_it_read():
    archive(meetings=3)
    assert TermChange.objects.exists()
    report = termlists.build(min_documents=2, length=4, sample_percent=100)
    assert report.changes_absorbed > 0 and not TermChange.objects.exists()
    listed = TermList.objects.order_by("-documents").first()
    assert (
        listed.documents
        == SearchEntry.objects.filter(
            pk__in=RawSQL(
                "SELECT item_id FROM meetings_searchentry WHERE document @@ quote_literal(%s)::tsquery",
                [listed.lexeme],
            )
        ).count()
    )
    assert listed.impacts == sorted(listed.impacts, reverse=True)
    # every item not in an incomplete list ranks below its floor on that lexeme
    for term in TermList.objects.filter(complete=False):
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT max(ts_rank('{0.1,0.2,0.4,1.0}'::real[], document, quote_literal(%s)::tsquery, 1)) "
                "FROM meetings_searchentry WHERE document @@ quote_literal(%s)::tsquery "
                "AND NOT item_id = ANY(%s)",
                [term.lexeme, term.lexeme, term.item_ids],
            )
            assert cursor.fetchone()[0] < term.floor


def test_a_common_word_lists_at_least_its_share_of_its_items():
    # 120 items, most with each word: with a fixed length of 1, only the share makes the lists longer.
    archive(meetings=30)
    termlists.build(min_documents=2, length=1, sample_percent=100)
    common = [term for term in TermList.objects.filter(complete=False) if term.documents * termlists.DEPTH_SHARE >= 2]
    assert common
    for term in common:
        assert len(term.item_ids) >= term.documents * termlists.DEPTH_SHARE


def deep_lists() -> None:
    """Lists of 60 entries over 240 items: deep enough that a page is proven inside them."""
    archive(meetings=60)
    termlists.build(min_documents=3, length=60, sample_percent=100)


@pytest.mark.parametrize("whole_from", [0, 10_000], ids=["whole lists at once", "step by step"])
@pytest.mark.parametrize("text", ["klima OR trafik", "budget OR skole OR plan", "borger plan", "sundhed -plan"])
def test_pages_proven_deep_in_the_lists_equal_ranking_every_match(text, whole_from, monkeypatch):
    monkeypatch.setattr(topk, "WHOLE_FROM", whole_from)
    deep_lists()
    for page in (1, 2):
        assert shown(text, page=page) == exhaustive(text, top=40)[20 * (page - 1) : 20 * page]


@pytest.mark.parametrize("whole_from", [0, 10_000], ids=["whole lists at once", "step by step"])
def test_candidates_that_cannot_reach_the_page_are_settled_without_reading_their_rows(whole_from, monkeypatch):
    monkeypatch.setattr(topk, "WHOLE_FROM", whole_from)
    deep_lists()
    ranked: list[int] = []
    real = topk._score
    monkeypatch.setattr(topk, "_score", lambda f, ids, *a: ranked.extend(ids[1][0]) or real(f, ids, *a))
    entries: list[tuple] = []  # every item of the entries read, whatever it can reach
    for name in ("_entries", "_whole"):
        real_read = getattr(topk, name)
        monkeypatch.setattr(
            topk, name, lambda *a, real_read=real_read: entries.extend(real_read(*a[:-1], -1.0)) or real_read(*a)
        )
    monkeypatch.setattr(topk, "exhaustive", lambda *a, **k: pytest.fail("not proven from the lists"))
    assert shown("klima OR trafik") == exhaustive("klima OR trafik")
    assert len(ranked) == len(set(ranked))  # no row is read twice
    assert len(ranked) < len({pk for pk, _ in entries}) / 2  # most were settled by their entries alone


def test_the_whole_lists_give_up_unread_when_too_many_of_the_matches_could_still_reach_the_page(monkeypatch):
    # Reading them would cost about as much as ranking every match, and a proof that needs that many rarely holds.
    monkeypatch.setattr(topk, "WHOLE_FROM", 0)
    deep_lists()
    found: list[int] = []
    real_whole = topk._whole
    monkeypatch.setattr(topk, "_whole", lambda *a: found.append(len(rows := real_whole(*a))) or rows)
    assert shown("klima OR trafik") == exhaustive("klima OR trafik")  # proven from the lists, reading them
    count = matches(SearchEntry.objects.all(), "klima OR trafik").count()
    assert found and found[-1] > 1
    found.clear()
    monkeypatch.setattr(topk, "WHOLE_READ_SHARE", 1 / count)  # now fewer than those may be read
    read: list[int] = []
    real_score = topk._score
    monkeypatch.setattr(topk, "_score", lambda f, ids, *a: read.append(1) or real_score(f, ids, *a))
    monkeypatch.setattr(topk, "_threshold", _counting(topk._threshold, runs := []))
    assert shown("klima OR trafik") == exhaustive("klima OR trafik")  # every match ranked instead: still exact
    assert found and runs and not runs[-1].proven
    assert read == []  # none of the whole lists' candidates was read


def _counting(function, calls: list):
    return lambda *a, **k: calls.append(result := function(*a, **k)) or result


@pytest.mark.parametrize("text", ['"budget skole"', '"klima og trafik"', "budget"])
def test_a_lone_phrase_ranks_by_the_average_of_its_words_own_ranks(text):
    # What the lists bound: a phrase's AND-form rank (word distances) can exceed every one of its words' ranks.
    from search.scoring import lexeme_rank_sql, lexemes_sql, query_rank_sql, ranked_text

    archive(meetings=10)
    expression = compile_query(positive_part(text))
    rank, params = query_rank_sql("s", expression)
    words, words_params = lexemes_sql(ranked_text(expression))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {rank}, (SELECT avg({lexeme_rank_sql('s', 'l')}) FROM unnest(({words})) l) "
            "FROM meetings_searchentry s WHERE s.document @@ to_tsquery('danish', %s)",
            [*params, *words_params, expression],
        )
        rows = cursor.fetchall()
    assert rows
    assert all(abs(ranked - average) < 1e-6 for ranked, average in rows)


def test_without_lists_every_match_is_a_candidate():
    archive(meetings=5)
    TermList.objects.all().delete()
    assert shown("budget skole") == exhaustive("budget skole")


def test_a_query_of_exclusions_only_lists_the_newest_first():
    archive(meetings=5)
    short_lists()
    results = search("-vindmølle", SearchEntry.objects.all())
    dates = [hit.item.meeting.date for hit in results.hits]
    assert dates == sorted(dates, reverse=True) and results.hits


def test_a_page_the_lists_cannot_prove_is_ranked_the_slow_way(monkeypatch):
    archive()
    short_lists()
    calls = []
    real = topk.exhaustive
    monkeypatch.setattr(topk, "exhaustive", lambda *a, **k: calls.append(1) or real(*a, **k))
    assert shown("budget", page=5) == exhaustive("budget", top=100)[80:100]
    assert calls  # deeper than any list: every match ranked, never guessed


@pytest.mark.parametrize("text", ["klima", "klima plan", "klima OR plan OR borger", "skole -klima"])
def test_a_query_with_alternatives_ranks_the_typed_words_first_and_equals_ranking_every_match(text):
    from search.models import Synonym

    archive(meetings=60)
    Synonym.objects.create(terms=["klima", "trafik"])  # "klima" also finds "trafik": two tiers
    termlists.build(min_documents=3, length=40, sample_percent=100)  # long lists, proven part way down
    results = search(text, SearchEntry.objects.all())
    ids = [hit.item.pk for hit in results.hits if not hit.exact]
    assert ids == exhaustive(text)
    typed = matches(SearchEntry.objects.all(), text).values_list("item_id", flat=True)
    in_typed = [pk in set(typed) for pk in ids]
    assert in_typed == sorted(in_typed, reverse=True)  # every typed-word match before any alternative's
    # the count is of every match, the alternatives' too (was the typed words' alone when they filled the page)
    every = matches(SearchEntry.objects.all(), text, alternatives_for(text)).count()
    assert results.count == every or (results.count_is_estimate and results.count > len(typed))


def test_the_filters_a_search_can_count_exactly_are_known_on_the_queryset():
    rows = SearchEntry.objects.all()
    assert rows.scope == {}
    assert rows.in_year(2012).scope == {"year": 2012}
    assert rows.in_year(2012).in_body(3).order_by("item_id").scope == {"year": 2012, "body": 3}
    assert rows.in_year(2012).filter(kind="referat").scope is None  # any other filter: not countable
    assert rows.filter(kind="referat").in_year(2012).scope is None
    assert rows.in_year(2012).in_year(2013).scope is None


@pytest.mark.parametrize("scoped", ["year", "body"])
def test_one_word_in_one_year_or_body_is_counted_exactly_from_the_lists(scoped, monkeypatch):
    from search import ranking

    archive()
    short_lists()
    item_in_2012 = SearchEntry.objects.filter(meeting_date__year=2012).first()
    parsed = meeting(items=[item("1.1", "Trafik og trafik", decision="Godkendt.")], date=dt.date(2012, 12, 30))
    ingest_document(source=source("ny trafik"), parsed=parsed)  # a change since the build, in that year
    if scoped == "year":
        filtered = SearchEntry.objects.in_year(2012)
    else:
        filtered = SearchEntry.objects.in_body(item_in_2012.body_id)
    monkeypatch.setattr(ranking, "SCAN_LIMIT", 1)  # so only the lists could know the count
    monkeypatch.setattr(ranking, "EXACT_LIMIT", 0)
    monkeypatch.setattr(ranking, "WINDOW", 3)
    results = search("trafik", filtered)
    assert results.count == matches(filtered, "trafik").count()
    assert not results.count_is_estimate


def test_when_the_typed_words_fill_the_page_the_count_still_includes_what_the_alternatives_find():
    from search.models import Synonym

    archive()
    Synonym.objects.create(terms=["klima", "trafik"])
    TermList.objects.all().delete()  # every lexeme rare: the typed words' items are all known, and fill the page
    results = search("klima", SearchEntry.objects.all())
    assert len(matches(SearchEntry.objects.all(), "klima")) > 20
    assert results.count == matches(SearchEntry.objects.all(), "klima", alternatives_for("klima")).count()


def test_a_reindex_rebuilds_the_term_lists_and_leaves_no_changes_behind():
    from django.core.management import call_command

    archive(meetings=3)
    assert TermChange.objects.exists()
    call_command("reindex", verbosity=0)
    assert not TermChange.objects.exists()  # (no lexeme here is in the 2,000 items a list needs)


def facets_of_every_match(text: str) -> dict[str, dict[str, int]]:
    """The year, body, authority, topic and outcome counts of every match, counted row by row."""
    from collections import Counter

    from meetings.models import Body, Topic

    rows = list(matches(SearchEntry.objects.all(), text).values_list("meeting_date", "body_id", "topic_ids", "outcomes"))
    bodies = {body.pk: body for body in Body.objects.all()}
    slugs = dict(Topic.objects.values_list("pk", "slug"))
    per_body = Counter(body for _, body, _, _ in rows)
    authorities: Counter = Counter()
    for body, n in per_body.items():
        authority = bodies[body].municipality or bodies[body].region
        if authority:
            authorities[authority] += n
    return {
        "year": dict(Counter(str(date.year) for date, _, _, _ in rows)),
        "body": {bodies[body].slug: n for body, n in per_body.items()},
        "authority": dict(authorities),
        "topic": dict(Counter(slugs[t] for _, _, topics, _ in rows for t in topics)),
        "outcome": dict(Counter(o for _, _, _, outcomes in rows for o in outcomes)),
    }


def shown_facets(results) -> dict[str, dict[str, int]]:
    return {kind: {f.value: f.count for f in facets} for kind, facets in results.facets.items()}


@pytest.fixture
def topics():
    from meetings.models import Topic

    return [Topic.objects.create(name="Klima", query="klima"), Topic.objects.create(name="Trafik", query="trafik")]


def test_a_word_in_the_whole_archive_has_the_facets_of_every_match_from_its_list_without_reading_them(
    topics, monkeypatch
):
    from search import ranking

    archive()
    short_lists()
    assert TermList.objects.get(lexeme="klima").topics  # the build counted the word's items per topic
    monkeypatch.setattr(ranking, "WINDOW", 3)  # a window of rows would show the facets of three matches
    monkeypatch.setattr(ranking, "_count_and_facets", lambda *a: pytest.fail("read the matches for facets"))
    results = search("klima", SearchEntry.objects.all())
    assert shown_facets(results) == facets_of_every_match("klima")
    assert results.window_start is None and not results.count_is_estimate
    assert shown("klima") == exhaustive("klima")


def test_the_list_facets_follow_every_change_since_the_build(topics):
    archive()
    short_lists()
    parsed = meeting(items=[item("1.1", "Klima og klima", decision="Vedtaget.")], date=dt.date(2026, 2, 1))
    ingest_document(source=source("ny klima"), parsed=parsed)  # a new year, a new outcome
    AgendaItem.objects.filter(pk=shown("klima")[0]).delete()
    retopiced = AgendaItem.objects.get(pk=shown("klima")[1])
    topics[1].items.add(retopiced)  # only its topics change: its ranks do not
    change = TermChange.objects.filter(item_id=retopiced.pk, sign=1).get()
    assert change.reranks is False and topics[1].pk in change.topic_ids
    results = search("klima", SearchEntry.objects.all())
    assert shown_facets(results) == facets_of_every_match("klima")
    assert results.count == matches(SearchEntry.objects.all(), "klima").count()
    assert shown("klima") == exhaustive("klima")


def test_an_item_whose_topics_alone_changed_is_no_candidate(topics):
    archive()
    short_lists()
    rows = SearchEntry.objects.all()
    topics[1].items.add(*AgendaItem.objects.filter(pk__in=shown("vindmølle")))
    assert TermChange.objects.exists() and not TermChange.objects.filter(reranks=True).exists()
    names = [lexeme.name for lexeme in topk.lexemes_of("vindmølle")]
    sql, params = topk.extra_candidates_sql([], names)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        assert cursor.fetchall() == []  # the changes hold no candidate: the lists still rank those items right
    assert [hit.item.pk for hit in search("vindmølle", rows).hits] == exhaustive("vindmølle")


@pytest.mark.parametrize("text", ["budget skole", "borger plan klima", "klima OR trafik", "sundhed -plan"])
def test_matches_few_enough_are_ranked_in_the_statement_that_counts_them(text, monkeypatch):
    from search import ranking

    archive()
    short_lists()
    monkeypatch.setattr(ranking, "RANK_ALL_LIMIT", 10_000)  # every query here: counted and ranked at once
    monkeypatch.setattr(ranking, "AND_RANK_ALL_LIMIT", 10_000)
    # The lists' first steps may be tried before counting; here they prove nothing, and nothing runs after.
    monkeypatch.setattr(
        ranking, "best", lambda *a, **k: None if k.get("lists_only") else pytest.fail("ranked again after counting")
    )
    for page in (1, 2):
        assert shown(text, page=page) == exhaustive(text, top=40)[20 * (page - 1) : 20 * page]
    assert search(text, SearchEntry.objects.all()).count == matches(SearchEntry.objects.all(), text).count()


def test_more_matches_than_the_limit_are_not_ranked_where_they_are_counted(monkeypatch):
    from search import ranking

    archive()
    short_lists()
    count = matches(SearchEntry.objects.all(), "budget skole").count()
    monkeypatch.setattr(ranking, "AND_RANK_ALL_LIMIT", count - 1)
    calls = []
    real = ranking.best
    monkeypatch.setattr(ranking, "best", lambda *a, **k: calls.append(1) or real(*a, **k))
    assert shown("budget skole") == exhaustive("budget skole")
    assert calls


def test_deleting_a_topic_records_no_change_and_the_list_facets_stay_exact(topics):
    archive()
    short_lists()
    assert str(topics[0].pk) in TermList.objects.get(lexeme="klima").topics
    topics[0].delete()  # every row that had it loses its id (search.signals)
    assert not TermChange.objects.exists()  # a deleted topic is in no facet: no count moves
    assert shown_facets(search("klima", SearchEntry.objects.all())) == facets_of_every_match("klima")


def test_clearing_a_topic_is_recorded_and_the_list_facets_follow(topics):
    archive()
    short_lists()
    topics[0].items.clear()  # the topic stays: its count must drop
    assert TermChange.objects.filter(reranks=False).exists()
    assert shown_facets(search("klima", SearchEntry.objects.all())) == facets_of_every_match("klima")


@pytest.mark.parametrize("text", ["borger plan", "klima trafik"])
def test_a_name_the_lists_first_steps_prove_is_counted_but_not_ranked_where_it_is_counted(text, monkeypatch):
    from search import ranking

    deep_lists()
    monkeypatch.setattr(topk, "WHOLE_FROM", 10_000)  # step by step: the first steps are all the early try reads
    monkeypatch.setattr(ranking, "AND_RANK_ALL_LIMIT", 10_000)
    monkeypatch.setattr(ranking, "EARLY_ENTRIES", 10_000)  # every step but the whole lists
    statements = []
    real = ranking._count_and_facets
    monkeypatch.setattr(
        ranking, "_count_and_facets", lambda c, rank_all=None: statements.append(rank_all) or real(c, rank_all)
    )
    for page in (1, 2):
        assert shown(text, page=page) == exhaustive(text, top=40)[20 * (page - 1) : 20 * page]
    assert statements and all(rank_all is None for rank_all in statements)


@pytest.mark.parametrize("text", ["klima trafik", "borger plan klima"])
def test_a_name_the_lists_first_steps_cannot_prove_is_ranked_as_it_is_counted(text, monkeypatch):
    from search import ranking

    archive()
    short_lists()
    monkeypatch.setattr(ranking, "AND_RANK_ALL_LIMIT", 10_000)
    monkeypatch.setattr(ranking, "EARLY_ENTRIES", 0)  # the lists give up at once
    statements = []
    real = ranking._count_and_facets
    monkeypatch.setattr(
        ranking, "_count_and_facets", lambda c, rank_all=None: statements.append(rank_all) or real(c, rank_all)
    )
    for page in (1, 2):
        assert shown(text, page=page) == exhaustive(text, top=40)[20 * (page - 1) : 20 * page]
    assert statements and all(rank_all is not None and rank_all.inline for rank_all in statements)
