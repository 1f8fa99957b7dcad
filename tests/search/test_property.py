"""Property-based tests: whatever people (or robots) put in the URL, search and the API answer, never with a 500.

Queries are arbitrary text (control characters, quotes, tsquery operators, HTML, unicode, up to 10,000
characters) mixed with words that really occur in the archive, so the hostile input also reaches snippets,
facets, direct hits and suggestions. One document whose texts carry markup is ingested beside the samples,
so every snippet a query produces is checked to carry no markup but our own <mark>.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from html.parser import HTMLParser
from urllib.parse import quote, unquote, urlencode

import pytest
from django.db import transaction
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from ingest.services import ingest_document
from search.filters import ALLOWED_PARAMETERS
from tests.factories import item, meeting, source

pytestmark = pytest.mark.django_db

FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

EVIL = '<script>alert(1)</script> "><img src=x onerror=alert(1)> &amp; &lt;mark&gt; <mark>x</mark>'
FILTER_NAMES = sorted(ALLOWED_PARAMETERS)
# Words and values that exist in the samples (and the hostile document), so queries and filters match things.
ARCHIVE_WORDS = [
    "sundhed",
    "klynge",
    "sundhedsklyngerne",
    "ældre",
    "mobilitet",
    "SAG-2022-01250",
    "21.06.2022 punkt 3.4",
    "2022-06-21 3.4",
    "Stella Hansen",
    "script",
    "alert",
    "onerror",
    "mark",
    "lt",
    "gt",
    "amp",
    "quot",
    "sikkerhedsklynge",
]
REAL_VALUES = [
    "kkr-hovedstaden",
    "sundhed",
    "besluttet",
    "orienteret",
    "referat",
    "dagsorden",
    "ja",
    "nej",
    "2022",
    "2022-06-21",
    "dato",
    "dato-stigende",
    "relevans",
    "rss",
    "html",
    "1",
    "2",
    "A",
    "Ø",
    "stella-hansen",
    "Københavns Kommune",
]
OPERATORS = [*"&|!:*()<>\\\"'-", " OR ", " -", "<->", "\x00", "\r\n", "\t", "%", "_", "&lt;", "\ud7ff"]

words = st.sampled_from(ARCHIVE_WORDS)
operators = st.sampled_from(OPERATORS)
queries = st.one_of(
    st.text(),
    st.text(alphabet=st.characters(codec="utf-8")),  # anything encodable, control characters included
    st.lists(st.one_of(words, operators, st.text(max_size=5)), max_size=12).map(" ".join),
    st.lists(st.one_of(words, operators), max_size=12).map("".join),
    st.builds(lambda s, n: (s * n)[:10_000], st.text(min_size=1, max_size=40), st.integers(250, 10_000)),
)
values = st.one_of(
    st.text(max_size=30),
    st.integers().map(str),
    st.dates().map(dt.date.isoformat),
    st.dates().map(lambda d: d.strftime("%d.%m.%Y")),
    st.sampled_from(REAL_VALUES),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
)
keys = st.one_of(st.sampled_from(FILTER_NAMES), st.text(min_size=1, max_size=12))
parameters = st.dictionaries(keys, st.one_of(values, st.lists(values, min_size=1, max_size=3)), max_size=6)


def valid_or_hostile(*valid: str) -> st.SearchStrategy[str]:
    """Mostly a value the parameter accepts (so several parameters can be valid at once), else anything."""
    return st.one_of(st.sampled_from(valid), st.sampled_from(valid), st.integers(-3, 3).map(str), values)


VALID_SEARCH_VALUES = {
    "sortering": ("relevans", "dato", "dato-stigende"),
    "side": ("1", "2", "500", "501"),
    "format": ("html", "rss"),
    "fra": ("2020-01-01", "2022-06-21", "0001-01-01"),
    "til": ("2025-12-31", "2022-06-21", "9999-12-31"),
    "aar": ("2022", "2025", "1900", "2100"),
    "organ": ("kkr-hovedstaden",),
    "emne": ("sundhed", "aeldre", "mobilitet-og-kollektiv-trafik"),
    "medlem": ("stella-hansen",),
    "parti": ("A", "Ø", "V"),
    "kommune": ("Københavns Kommune", "Bornholms Regionskommune"),
    "myndighed": ("Region Hovedstaden", "Københavns Kommune"),
    "type": ("referat", "dagsorden"),
    "udfald": ("besluttet", "orienteret", "godkendt"),
    "beslutning": ("ja", "nej"),
}
known_parameters = st.fixed_dictionaries(
    {}, optional={name: valid_or_hostile(*valid) for name, valid in VALID_SEARCH_VALUES.items()}
)


@pytest.fixture(scope="module")
def archive(sample_archive, django_db_blocker):
    """The samples plus one document whose texts carry markup (rolled back after the module)."""
    with django_db_blocker.unblock(), transaction.atomic():
        parsed = meeting(
            items=[
                item(
                    "3.1",
                    f"Titel {EVIL} sikkerhedsklynge",
                    decision=f"Beslutning {EVIL} sikkerhedsklynge",
                    outcomes=["besluttet"],
                    background=f"Baggrund {EVIL} script alert onerror mark lt gt amp quot",
                    attachments=f"Bilag {EVIL}",
                )
            ],
            date=dt.date(2023, 2, 1),
        )
        ingest_document(source=source(f"property {EVIL}"), parsed=parsed)
        yield
        transaction.set_rollback(True)


class Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, list[str]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, [name for name, _ in attrs]))

    handle_startendtag = handle_starttag


def tags_of(html: str) -> list[tuple[str, list[str]]]:
    parser = Tags()
    parser.feed(html)
    parser.close()
    return parser.tags


def assert_snippet_is_escaped_text_with_marks(html: str) -> None:
    assert {tag for tag, _ in tags_of(html)} <= {"mark"}
    assert all(attrs == [] for _, attrs in tags_of(html))
    bare = html.replace("<mark>", "").replace("</mark>", "")
    assert "<" not in bare and ">" not in bare
    assert not re.search(
        r"&(?!amp;|lt;|gt;|quot;|#)", bare
    )  # no '&' left unescaped, no entity split by a mark


def assert_inert_page(html: str) -> None:
    tags = tags_of(html)
    assert not {tag for tag, _ in tags} & {"script", "img", "iframe", "object", "embed", "svg", "style"}
    assert not [name for _, attrs in tags for name in attrs if name.startswith("on")]
    assert html.count("<mark>") == html.count("</mark>")


def test_every_search_parameter_has_valid_values_for_the_properties():
    assert set(VALID_SEARCH_VALUES) | {"q"} == ALLOWED_PARAMETERS


@pytest.mark.parametrize("q", ["\x1b", "sundhed\x1a", "sund\x0bhed"])
def test_search_rss_feed_answers_a_query_with_control_characters(client, archive, q):
    response = client.get("/soeg/", {"q": q, "format": "rss"})
    assert response.status_code == 200


@FAST
@given(q=queries, params=st.one_of(known_parameters, parameters))
def test_search_page_answers_any_query_and_parameters_with_a_page(client, archive, q, params):
    response = client.get("/soeg/", {**params, "q": q})
    assert response.status_code in (200, 400), (q, params)  # 400: a value that cannot be read, said so
    event(f"status {response.status_code}")
    content_type = response["Content-Type"]
    event("with snippets" if 'class="snippet"' in response.content.decode() else "no snippets")
    if content_type.startswith("text/html"):
        html = response.content.decode()
        assert_inert_page(html)
        for snippet in re.findall(r'<p class="snippet">(.*?)</p>', html, re.S):
            assert_snippet_is_escaped_text_with_marks(snippet)
    else:  # ?format=rss
        assert content_type.startswith("application/rss+xml")


@FAST
@given(q=queries, params=known_parameters)
def test_the_search_page_and_the_api_refuse_the_same_parameters(client, archive, q, params):
    page = client.get("/soeg/", {**params, "q": q})
    api = client.get("/api/search/", {**params, "q": q})
    event(f"status {api.status_code}")
    assert page.status_code == api.status_code, (q, params)


@FAST
@given(q=queries, params=st.one_of(known_parameters, parameters))
def test_search_api_answers_200_or_a_json_400_never_a_500(client, archive, q, params):
    response = client.get("/api/search/", {**params, "q": q})
    assert response.status_code in (200, 400), (q, params)
    event(f"status {response.status_code}")  # --hypothesis-show-statistics: both kinds of answer are reached
    assert response["Content-Type"].startswith("application/json")
    data = json.loads(response.content)
    if response.status_code == 400:
        assert isinstance(data["error"], str) and data["error"]
        return
    assert isinstance(data["results"], list)
    assert data["count"] >= len(data["results"])
    for hit in data["results"]:
        assert_snippet_is_escaped_text_with_marks(hit["snippet_html"])


@FAST
@given(q=st.lists(st.one_of(words, operators), min_size=1, max_size=6).map(" ".join))
def test_snippets_of_the_hostile_document_stay_escaped_for_any_query_of_its_words(client, archive, q):
    data = json.loads(client.get("/api/search/", {"q": q, "organ": "kkr-hovedstaden"}).content)
    for hit in data["results"]:
        assert_snippet_is_escaped_text_with_marks(hit["snippet_html"])


def test_the_hostile_document_is_found_and_its_snippet_marked(client, archive):
    """The properties above reach the hostile document: its snippet has marks and escaped markup."""
    data = json.loads(client.get("/api/search/", {"q": "script alert sikkerhedsklynge"}).content)
    snippet = next(
        hit["snippet_html"] for hit in data["results"] if hit["title"].startswith("Titel <script>")
    )
    assert "<mark>sikkerhedsklynge</mark>" in snippet
    assert "&lt;script&gt;" in snippet.replace("<mark>", "").replace("</mark>", "")
    assert_snippet_is_escaped_text_with_marks(snippet)


segments = st.one_of(
    st.sampled_from(
        ["kkr-hovedstaden", "2022-06-21", "2025-04-11", "stella-hansen", "2022-02-30", "0000-00-00"]
    ),
    st.text(min_size=1, max_size=30),
)


meeting_parameters = st.fixed_dictionaries(
    {},
    optional={
        "year": valid_or_hostile("2022", "2025", "1900", "2100", "1899"),
        "body": valid_or_hostile("kkr-hovedstaden", "kkr-sjaelland"),
        "kind": valid_or_hostile("referat", "dagsorden"),
        "page": valid_or_hostile("1", "2", "999999", "1000000"),
    },
)


@FAST
@given(params=st.one_of(meeting_parameters, parameters))
def test_meeting_list_api_answers_200_or_400_for_any_parameters(client, archive, params):
    response = client.get("/api/meetings/", params)
    assert response.status_code in (200, 400), params
    event(f"status {response.status_code}")
    data = json.loads(response.content)
    assert ("error" in data) == (response.status_code == 400)


api_paths = st.one_of(
    st.sampled_from(
        [
            "/api/meetings/kkr-hovedstaden/2022-06-21/",
            "/api/meetings/kkr-hovedstaden/2025-04-11/",
            "/api/members/stella-hansen/",
        ]
    ),
    st.builds(lambda a, b: f"/api/meetings/{quote(a, safe='')}/{quote(b, safe='')}/", segments, segments),
    st.builds(lambda a: f"/api/members/{quote(a, safe='')}/", segments),
    st.builds(lambda a: "/api/" + quote(a, safe="/"), st.text()),
)


@FAST
@given(path=api_paths, params=st.one_of(st.just({}), parameters))
def test_api_paths_answer_200_400_or_404_never_500(client, archive, path, params):
    query = "?" + urlencode(params, doseq=True) if params else ""
    response = client.get(path + query)
    if response.status_code == 301:  # APPEND_SLASH: the same path with its slash, nothing else
        assert not path.endswith("/") and unquote(response["Location"]) == unquote(path + "/" + query)
        return
    assert response.status_code in (200, 400, 404), (path, params)
    event(f"status {response.status_code}")
    assert response["Content-Type"].startswith("application/json")
    data = json.loads(response.content)
    assert ("error" in data) == (response.status_code != 200)
