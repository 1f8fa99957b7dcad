"""Never a 500: every URL pattern of the site, walked with every hostile value a person can type.

The walk is built from the URL resolver itself, so a new page is walked as soon as it has a URL: each path
parameter gets impossible values of its converter's kind (year 0000, 2022-02-30, a 300-character slug …),
and each query parameter the page reads (recorded while the page answers a normal request) gets 0, -1,
huge numbers, text, NUL and a repeated value. The answer must be a 4xx or a redirect, never a 5xx, on an
empty archive and on the sample archive. The same walk checks the methods: GET and HEAD answer, OPTIONS
answers with an Allow header and no body, POST, PUT and DELETE are 405 (with CSRF enforced, as a browser
would meet it), and the admin still takes form posts.
"""

from __future__ import annotations

import re
from contextlib import contextmanager
from urllib.parse import quote

import pytest
from django.db import OperationalError
from django.http import QueryDict
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve

from meetings.models import AgendaItem, Meeting, Person, SourceDocument, Topic

ALLOWED = {200, 301, 302, 400, 404}

# Impossible or absurd values of each converter, as typed into the address bar.
HOSTILE_PATH_VALUES = {
    "year": ["0000", "0001", "1899", "9999", "2100"],
    "isodate": [
        "0000-01-01",
        "2022-02-30",
        "2021-02-29",
        "2022-13-01",
        "2022-00-10",
        "9999-12-31",
        "0001-01-01",
    ],
    "itemno": ["0", "00", "99999999999999999999999", "1.2.3.4.5.6.7.8.9", "3.4.0"],
    "slug": ["a" * 300, "x", "0", "-".join(["a"] * 200)],
    "str": ["a" * 1000, "%00", "%FF%FE", "..", "<script>", "%20"],
    "path": [
        "../../../etc/passwd",
        "SAG-0000-000",
        "SAG-9999-99999999999",
        "x/" * 100,
        "%00",
        "sag-2022-01250",
    ],
}
HOSTILE_QUERY_VALUES = [
    "0",
    "-1",
    "99999999999999999999999",
    "1e9",
    "abc",
    "",
    "0000",
    "9999",
    "\x00",
    "x" * 2000,
]


def walk_patterns(patterns=None, prefix: str = "", namespace: str = ""):
    """(route, {name: converter kind}, namespace) of every URL pattern outside the admin."""
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            if entry.namespace == "admin":
                continue
            yield from walk_patterns(entry.url_patterns, route, entry.namespace or namespace)
        elif isinstance(entry, URLPattern):
            yield route, {name: kind for kind, name in re.findall(r"<(\w+):(\w+)>", route)}, namespace


def _valid_values() -> dict[str, str]:
    """A real value for each path parameter (from the sample archive), or a plausible one on an empty archive."""
    meeting = Meeting.objects.select_related("body").order_by("date").last()
    item = AgendaItem.objects.select_related("meeting__body").exclude(case_number="").first()
    document = SourceDocument.objects.exclude(original="").first()
    person = Person.objects.first()
    topic = Topic.objects.first()
    return {
        "body": meeting.body.slug if meeting else "kkr-hovedstaden",
        "date": meeting.date.isoformat() if meeting else "2022-06-21",
        "year": str(meeting.date.year) if meeting else "2022",
        "number": item.number if item else "3.4",
        "case_number": item.case_number if item else "SAG-2022-01250",
        "sha256": document.sha256 if document else "0" * 64,
        "medlemmer/slug": person.slug if person else "ulla-kokfelt",
        "emner/slug": topic.slug if topic else "sundhed",
        "section": "moeder",
    }


def _fill(route: str, values: dict[str, str]) -> str:
    def value(match: re.Match) -> str:
        name = match.group(2)
        return values.get(f"{route.split('/')[0]}/{name}", values.get(name, "x"))

    return "/" + re.sub(r"<(\w+):(\w+)>", value, route)


def urls_of_every_pattern() -> list[tuple[str, dict[str, str], str]]:
    return list(walk_patterns())


@contextmanager
def recording_query_reads():
    """The names of the query parameters read while inside (QueryDict.get, [], getlist, in)."""
    names: set[str] = set()
    originals = {name: getattr(QueryDict, name) for name in ("get", "__getitem__", "getlist", "__contains__")}

    def recorder(method):
        def read(self, key, *args, **kwargs):
            names.add(key)
            return method(self, key, *args, **kwargs)

        return read

    try:
        for name, method in originals.items():
            setattr(QueryDict, name, recorder(method))
        yield names
    finally:
        for name, method in originals.items():
            setattr(QueryDict, name, method)


def _get(client: Client, url: str) -> int | str:
    """The status, or the exception a 500 would have been (the test client raises it)."""
    try:
        return client.get(url).status_code
    except OperationalError:
        raise
    except Exception as exc:  # every one of them is a 500 to a visitor
        return f"{type(exc).__name__}: {exc}"


def walk(client: Client) -> tuple[list[str], int]:
    """Every URL pattern with hostile path values, then with hostile values of every query parameter it reads."""
    failures: list[str] = []
    requests = 0
    valid = _valid_values()
    for route, parameters, _namespace in urls_of_every_pattern():
        good = _fill(route, valid)
        for name, converter in parameters.items():
            for hostile in HOSTILE_PATH_VALUES[converter]:
                url = _fill(route, {**valid, name: hostile, f"{route.split('/')[0]}/{name}": hostile})
                status = _get(client, url)
                requests += 1
                if status not in ALLOWED:
                    failures.append(f"{url[:120]} -> {status}")
        with recording_query_reads() as read:
            status = _get(client, good)
        requests += 1
        if status not in ALLOWED:
            failures.append(f"{good} -> {status}")
        for parameter in sorted(read):
            queries = [f"{quote(parameter)}={quote(value)}" for value in HOSTILE_QUERY_VALUES]
            queries.append(f"{quote(parameter)}=1&{quote(parameter)}=2")
            for query in queries:
                url = f"{good}?{query}"
                status = _get(client, url)
                requests += 1
                if status not in ALLOWED:
                    failures.append(f"{url[:120]} -> {status}")
    return failures, requests


# Runs first: the sample archive below is loaded once for the rest of the module.
def test_no_url_answers_500_on_a_fresh_archive(db, client):
    assert not Meeting.objects.exists()
    assert client.get("/moeder/0000/").status_code == 404
    failures, requests = walk(client)
    assert requests > 300
    assert failures == []


def test_the_walk_covers_every_public_url_pattern_and_its_query_parameters(sample_archive, db, client):
    routes = {route for route, _, _ in urls_of_every_pattern()}
    for route in (
        "moeder/<year:year>/",
        "moeder/<slug:body>/<isodate:date>/punkt/<itemno:number>/",
        "moeder.ics",
    ):
        assert route in routes
    assert set().union(*(p.values() for _, p, _ in urls_of_every_pattern())) <= set(HOSTILE_PATH_VALUES)
    with recording_query_reads() as read:
        client.get("/emner/sundhed/", {"aar": "2022"})
    assert {"aar", "side"} <= read


def test_no_url_answers_500_on_the_sample_archive(sample_archive, db, client):
    failures, requests = walk(client)
    print(f"\n{requests} hostile requests over {len(urls_of_every_pattern())} URL patterns")
    assert requests > 300
    assert failures == []


@pytest.mark.parametrize(
    "url",
    [
        "/moeder/0000/",
        "/moeder/9999/",
        "/moeder/kkr-hovedstaden/2022-02-30/",
        "/moeder/kkr-hovedstaden/0000-01-01/",
        "/moeder/kkr-hovedstaden/0000-01-01/punkt/3.4/",
        "/moeder/kkr-hovedstaden/2022-02-30/punkt/3.4/",
        "/api/meetings/kkr-hovedstaden/2022-02-30/",
        "/emner/sundhed/?aar=9999",
        "/emner/sundhed/?aar=0",
        "/emner/sundhed/?aar=0000",
        "/emner/sundhed/?side=0",
        "/emner/sundhed/?side=-1",
        "/emner/sundhed/?side=99999999999999999999999",
        "/medlemmer/?side=abc",
        "/status/?side=0",
        "/moeder/kkr-hovedstaden/?side=0",
        "/moeder/kkr-hovedstaden/?side=99999999999999999999999",
        "/moeder.ics?organ=%3Cx%3E",
        "/kilder/%00/",
        "/kilder/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA/",
        "/sitemap-moeder.xml?p=0",
    ],
)
def test_impossible_years_dates_and_pages_are_404_or_400(sample_archive, db, client, url):
    assert client.get(url).status_code in {400, 404}


# Methods: GET and HEAD only on every public page ---------------------------------------------------------


def _good_urls() -> list[str]:
    valid = _valid_values()
    return [_fill(route, valid) for route, _, _ in urls_of_every_pattern()]


def test_every_public_page_is_get_and_head_only(sample_archive, db):
    browser = Client(enforce_csrf_checks=True)  # as a real client meets it: no CSRF exemption
    checked = 0
    for url in _good_urls():
        get = browser.get(url)
        if get.status_code != 200:
            continue  # a 404 page is not a page; its methods do not matter
        checked += 1
        # A page with a form (marked accepts_form_posts: /abonnement/) takes POST too; tests/alerts test it.
        form = getattr(resolve(url.split("?")[0]).func, "accepts_form_posts", False)
        allow = "GET, HEAD, OPTIONS, POST" if form else "GET, HEAD, OPTIONS"
        assert browser.head(url).status_code == 200, url
        options = browser.options(url)
        assert options.status_code == 200, url
        assert options["Allow"] == allow, url
        assert options.content == b"", url
        for method in (browser.put, browser.patch, browser.delete) if form else (
            browser.post, browser.put, browser.patch, browser.delete
        ):
            refused = method(url)
            assert refused.status_code == 405, (method.__name__, url, refused.status_code)
            assert refused["Allow"] == allow
    assert checked >= 20


def test_the_admin_still_takes_form_posts(db):
    browser = Client(enforce_csrf_checks=True)
    page = browser.get("/admin/login/")
    assert page.status_code == 200
    token = browser.cookies["csrftoken"].value
    response = browser.post(
        "/admin/login/", {"username": "ingen", "password": "forkert", "csrfmiddlewaretoken": token}
    )
    assert response.status_code == 200  # the form again, with its error: the post reached the view
    assert "csrfmiddlewaretoken" in response.text


# The 503 page: JSON on the API, HTML elsewhere -----------------------------------------------------------


@pytest.fixture
def database_down(monkeypatch):
    """Every query fails as it does when PostgreSQL is unreachable."""
    from django.db.backends.utils import CursorWrapper

    def fail(*args, **kwargs):
        raise OperationalError("connection to server at 127.0.0.1 failed: Connection refused")

    monkeypatch.setattr(CursorWrapper, "execute", fail)
    monkeypatch.setattr(CursorWrapper, "executemany", fail)


@pytest.mark.parametrize("url", ["/api/meetings/", "/api/search/?q=sundhed", "/api/members/ulla-kokfelt/"])
def test_database_down_on_the_api_is_a_json_503(db, client, database_down, url):
    response = client.get(url)
    assert response.status_code == 503
    assert response["Content-Type"].startswith("application/json")
    assert response["Retry-After"] == "30"
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response.json() == {"error": "database unavailable"}


@pytest.mark.parametrize("url", ["/", "/moeder/", "/soeg/?q=sundhed"])
def test_database_down_on_a_page_is_the_html_503(db, client, database_down, url):
    response = client.get(url)
    assert response.status_code == 503
    assert response["Content-Type"].startswith("text/html")
    assert "midlertidigt utilgængeligt" in response.text
