"""bench/search.py: which statement of a search the raw timing explains."""

from bench.search import main_statement


def test_the_planners_estimate_is_never_the_statement_explained_again():
    # EXPLAIN of an EXPLAIN is a syntax error: a search whose estimate was its slowest statement stopped the run.
    queries = [
        {"sql": "EXPLAIN (FORMAT json) SELECT 1 FROM meetings_searchentry", "time": "0.004"},
        {"sql": "SELECT count(*) FROM meetings_searchentry", "time": "0.002"},
    ]
    assert main_statement(queries) == "SELECT count(*) FROM meetings_searchentry"
