"""The JSON API of CONTRACT.md: shapes, filters, hostile parameters (400, never 500) and query counts."""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command
from django.db import transaction

from meetings.models import AgendaItem, Attendance, Meeting

MEETING_API = "/api/meetings/kkr-hovedstaden/2022-06-21/"


@pytest.fixture(scope="module")
def archive(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("ingest", "data/samples", verbosity=0)
        yield
        transaction.set_rollback(True)


@pytest.fixture
def api(archive, db, client):
    return client


def test_meeting_list_shape(api, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):
        response = api.get("/api/meetings/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    data = response.json()
    assert data["count"] == Meeting.objects.count() == len(data["results"])
    first = data["results"][0]
    assert first == {
        "body": "kkr-hovedstaden",
        "date": "2025-04-11",
        "kind": "referat",
        "url": "/moeder/kkr-hovedstaden/2025-04-11/",
        "api_url": "/api/meetings/kkr-hovedstaden/2025-04-11/",
        "item_count": 17,
    }
    assert [r["date"] for r in data["results"]] == sorted((r["date"] for r in data["results"]), reverse=True)
    meeting = next(r for r in data["results"] if r["date"] == "2022-06-21")
    assert meeting["item_count"] == 16
    assert api.get(meeting["api_url"]).status_code == 200
    assert api.get(meeting["url"]).status_code == 200


@pytest.mark.parametrize(
    ("query", "dates"),
    [
        ({"year": "2022"}, ["2022-06-21"]),
        ({"year": "1999"}, []),
        ({"body": "kkr-hovedstaden", "year": "2020"}, ["2020-02-07"]),
        ({"body": "kkr-sjaelland"}, []),
        ({"kind": "dagsorden"}, ["2020-02-07"]),
    ],
)
def test_meeting_list_filters(api, query, dates):
    data = api.get("/api/meetings/", query).json()
    assert [r["date"] for r in data["results"]] == dates
    assert data["count"] == len(dates)


@pytest.mark.parametrize(
    "query",
    [
        "foo=1",
        "q=sundhed",
        "year=22",
        "year=abcd",
        "year=2022&year=2021",
        "year=%00",
        "year=２０２２",  # full-width digits
        "body=KKR Hovedstaden",
        "body=<script>",
        "kind=protokol",
        "page=0",
        "page=-1",
        "page=1e3",
        "page=99",
        "page=" + "9" * 50,
    ],
)
def test_meeting_list_rejects_bad_parameters_with_json_400(api, query):
    response = api.get("/api/meetings/?" + query)
    assert response.status_code == 400
    data = response.json()
    assert isinstance(data["error"], str) and data["error"]


def test_unknown_parameter_error_lists_allowed(api):
    data = api.get("/api/meetings/?aar=2022").json()
    assert "aar" in data["error"]
    assert data["details"]["allowed"] == ["body", "kind", "page", "year"]


def test_meeting_detail_shape(api, django_assert_max_num_queries):
    with django_assert_max_num_queries(4):
        response = api.get(MEETING_API)
    assert response.status_code == 200
    data = response.json()
    assert {"body", "date", "start_time", "location", "kind", "url", "attendance", "items"} <= set(data)
    assert data["body"] == "kkr-hovedstaden"
    assert data["date"] == "2022-06-21"
    assert data["start_time"] == "10:00"
    assert data["location"] == "Glostrup Park Hotel, Hovedvejen 41, 2600 Glostrup"
    assert data["kind"] == "referat"
    assert data["url"] == "/moeder/kkr-hovedstaden/2022-06-21/"

    assert len(data["attendance"]) == Attendance.objects.filter(meeting__date="2022-06-21").count()
    for row in data["attendance"]:
        assert {"name", "slug", "status", "party", "municipality", "substitute_for"} <= set(row)
        assert row["status"] in {"present", "absent"}
    ravn = next(r for r in data["attendance"] if r["slug"] == "niels-peder-ravn")
    assert ravn["substitute_for"] == "Ulla Kokfelt"
    assert ravn["party"] == "D" and ravn["municipality"] == "Københavns Kommune"
    vilsholm = next(r for r in data["attendance"] if r["name"] == "Øjvind Vilsholm")
    assert vilsholm["slug"] == "oejvind-vilsholm"

    numbers = [item["number"] for item in data["items"]]
    assert numbers[:4] == ["1.1", "1.2", "2.1", "3.1"] and numbers[-1] == "7"
    item = next(i for i in data["items"] if i["number"] == "3.4")
    assert {
        "number",
        "section",
        "title",
        "time_slot",
        "case_number",
        "url",
        "recommendation",
        "decision",
    } <= set(item)
    assert item["section"] == "Regionalpolitiske sager"
    assert item["time_slot"] == "10.55-11.15"
    assert item["case_number"] == "SAG-2022-01250"
    assert item["url"] == "/moeder/kkr-hovedstaden/2022-06-21/punkt/3.4/"
    assert item["recommendation"].startswith("Det indstilles, at KKR Hovedstaden godkender")
    assert item["decision"]["text"].startswith("Stella Hansen præsenterede forslag")
    assert set(item["decision"]) == {"text", "outcome"}
    approved = next(i for i in data["items"] if i["number"] == "1.1")
    assert approved["decision"]["outcome"] == "godkendt"


def test_meeting_detail_is_utf8_not_ascii_escaped(api):
    body = api.get(MEETING_API).content.decode("utf-8")
    assert "Øjvind Vilsholm" in body
    assert "\\u00d8" not in body


def test_agenda_items_have_null_decision(api):
    data = api.get("/api/meetings/kkr-hovedstaden/2020-02-07/").json()
    assert data["kind"] == "dagsorden"
    assert all(item["decision"] is None for item in data["items"])
    assert data["attendance"] == []


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/api/meetings/kkr-hovedstaden/2022-13-45/", 404),
        ("/api/meetings/kkr-hovedstaden/1999-01-01/", 404),
        ("/api/meetings/ukendt-organ/2022-06-21/", 404),
        ("/api/meetings/kkr-hovedstaden/21-06-2022/", 404),
        ("/api/members/ingen-saadan/", 404),
        (MEETING_API + "?x=1", 400),
        ("/api/members/ulla-kokfelt/?format=xml", 400),
    ],
)
def test_errors_are_json(api, url, status):
    response = api.get(url)
    assert response.status_code == status
    assert "error" in response.json()


def test_api_is_read_only(api):
    assert api.post("/api/meetings/").status_code == 405


def test_member_detail_shape(api, django_assert_max_num_queries):
    # person, attendance, substitutes, mentions, positions, absences from items
    with django_assert_max_num_queries(6):
        response = api.get("/api/members/niels-peder-ravn/")
    assert response.status_code == 200
    data = response.json()
    assert data["name"] == "Niels Peder Ravn"
    assert data["slug"] == "niels-peder-ravn"
    assert {"meeting_date", "status", "party", "municipality"} <= set(data["attendance"][0])
    row = next(r for r in data["attendance"] if r["meeting_date"] == "2022-06-21")
    assert (row["status"], row["party"], row["municipality"]) == ("present", "D", "Københavns Kommune")
    assert row["substitute_for"] == "Ulla Kokfelt"
    assert data["mentioned_in"] == []


def test_member_mentions(api):
    item = AgendaItem.objects.filter(mentioned_people__slug="steen-christiansen").select_related(
        "meeting__body"
    )
    data = api.get("/api/members/steen-christiansen/").json()
    expected = {(i.meeting.date.isoformat(), i.number, i.get_absolute_url()) for i in item}
    assert {(m["meeting_date"], m["number"], m["url"]) for m in data["mentioned_in"]} == expected
    assert len(expected) == 3


def test_page_and_api_come_from_the_same_selector(api):
    """The meeting page lists exactly the items and attendees the API returns."""
    data = api.get(MEETING_API).json()
    html = api.get(data["url"]).text
    for item in data["items"]:
        assert f'href="{item["url"]}"' in html
    for row in data["attendance"]:
        assert f'href="/medlemmer/{row["slug"]}/"' in html


def test_json_is_valid_for_every_meeting(api):
    for summary in api.get("/api/meetings/").json()["results"]:
        response = api.get(summary["api_url"])
        assert response.status_code == 200
        json.loads(response.content.decode("utf-8"))


def test_head_is_allowed(api):
    assert api.head("/api/meetings/").status_code == 200


ENDPOINTS = [
    "/api/",
    "/api/meetings/",
    MEETING_API,
    "/api/members/niels-peder-ravn/",
    "/api/search/?q=sundhedsklynger",
]


@pytest.mark.parametrize("url", ENDPOINTS)
def test_every_endpoint_keeps_the_same_rules(api, url):
    """Every JSON endpoint, search included: CORS, UTF-8 JSON, GET and HEAD only."""
    response = api.get(url)
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert api.head(url).status_code == 200
    for method in (api.post, api.put, api.delete):
        assert method(url).status_code == 405


@pytest.mark.parametrize(
    "url",
    [
        "/api/meetings/?year=2022&year=2021",
        "/api/search/?q=klynge&q=sundhed",
        "/api/search/?q=klynge&aar=2022&aar=2021",
    ],
)
def test_a_parameter_given_twice_is_refused_by_every_endpoint(api, url):
    response = api.get(url)
    assert response.status_code == 400
    assert response["Access-Control-Allow-Origin"] == "*"
    name = url.split("&")[-1].split("=")[0]
    assert response.json()["details"][name] == ["given more than once"]
