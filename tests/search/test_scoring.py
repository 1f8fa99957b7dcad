"""The rank function: PostgreSQL's ts_rank with the project's weights and length normalisation, bit for bit."""

import pytest
from django.db import connection

from meetings.models import SearchEntry
from search.query import compile_query
from search.scoring import WEIGHTS_SQL, lexeme_rank_sql, query_rank_sql, ranked_text

pytestmark = pytest.mark.django_db

QUERIES = ["kommune", "sundhed region aftale", "rekruttering OR klima", '"det specialiserede socialområde"']


@pytest.fixture
def archive(sample_archive):
    assert SearchEntry.objects.count() > 50


@pytest.mark.parametrize("text", QUERIES)
def test_the_rank_equals_ts_rank_with_length_normalisation_exactly(archive, text):
    expression = compile_query(text)
    rank, params = query_rank_sql("s", expression)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT count(*), count(*) FILTER (WHERE {rank} = "
            f"ts_rank({WEIGHTS_SQL}, s.document, to_tsquery('danish', %s), 1)) "
            "FROM meetings_searchentry s WHERE s.document @@ to_tsquery('danish', %s)",
            [*params, ranked_text(expression), ranked_text(expression)],
        )
        ranked, equal = cursor.fetchone()
    assert ranked > 0
    assert equal == ranked


def test_a_lexemes_rank_equals_ts_rank_on_it_exactly(archive):
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT count(*), count(*) FILTER (WHERE {lexeme_rank_sql('s', 'l')} = "
            f"ts_rank({WEIGHTS_SQL}, s.document, quote_literal(l)::tsquery, 1)) "
            "FROM meetings_searchentry s, unnest(tsvector_to_array(s.document)) l"
        )
        ranked, equal = cursor.fetchone()
    assert ranked > 10_000
    assert equal == ranked


def test_the_stored_length_follows_the_document(archive):
    entry = SearchEntry.objects.order_by("pk").first()
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE meetings_searchentry SET document = to_tsvector('danish', 'én to tre to') WHERE item_id = %s",
            [entry.pk],
        )
        cursor.execute("SELECT document_length FROM meetings_searchentry WHERE item_id = %s", [entry.pk])
        assert cursor.fetchone()[0] == 4


def test_a_vector_without_positions_counts_each_lexeme_once(archive):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT search_document_length(strip(to_tsvector('danish', 'kommune kommune region'))), "
            "search_document_length(to_tsvector('danish', 'kommune kommune region')), "
            "search_document_length(''::tsvector)"
        )
        assert cursor.fetchone() == (2, 3, 0)
