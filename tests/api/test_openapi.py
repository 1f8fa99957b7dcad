"""The OpenAPI document at /api/: valid OpenAPI 3.1, covering every endpoint, and true of real responses."""

from __future__ import annotations

import re

import pytest
from django.core.management import call_command
from django.db import transaction
from django.urls import URLPattern
from jsonschema import Draft202012Validator, FormatChecker
from openapi_spec_validator import validate

from api import urls as api_urls
from api.openapi import DOCUMENT


@pytest.fixture(scope="module")
def archive(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("ingest", "data/samples", verbosity=0)
        yield
        transaction.set_rollback(True)


@pytest.fixture
def api(archive, db, client):
    return client


def _validator(schema_name: str) -> Draft202012Validator:
    schema = {"$ref": f"#/components/schemas/{schema_name}", "components": DOCUMENT["components"]}
    return Draft202012Validator(schema, format_checker=FormatChecker())


def _schema_of(path: str, status: int) -> str:
    content = DOCUMENT["paths"][path]["get"]["responses"][str(status)]["content"]
    return content["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]


def test_the_document_is_served_at_api_and_is_valid_openapi_3_1(api):
    response = api.get("/api/")
    assert response.status_code == 200
    assert response.json() == DOCUMENT
    validate(response.json())


def _openapi_path(pattern: URLPattern) -> str:
    return "/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", str(pattern.pattern))


def test_every_api_url_is_described():
    described = set(DOCUMENT["paths"]) | {"/api/"}
    assert {_openapi_path(p) for p in api_urls.urlpatterns} == described


# Real requests for every endpoint: (documented path, URL, status).
REQUESTS = [
    ("/api/meetings/", "/api/meetings/", 200),
    ("/api/meetings/", "/api/meetings/?year=2022&kind=referat", 200),
    ("/api/meetings/", "/api/meetings/?page=2", 400),
    ("/api/meetings/", "/api/meetings/?year=22", 400),
    ("/api/meetings/", "/api/meetings/?hvad=1", 400),
    ("/api/meetings/{body}/{date}/", "/api/meetings/kkr-hovedstaden/2022-06-21/", 200),
    ("/api/meetings/{body}/{date}/", "/api/meetings/kkr-hovedstaden/2020-02-07/", 200),
    ("/api/meetings/{body}/{date}/", "/api/meetings/kkr-hovedstaden/1999-01-01/", 404),
    ("/api/members/{slug}/", "/api/members/niels-peder-ravn/", 200),
    ("/api/members/{slug}/", "/api/members/steen-christiansen/", 200),
    ("/api/members/{slug}/", "/api/members/ingen-saadan/", 404),
    ("/api/search/", "/api/search/?q=sundhedsklynger", 200),
    ("/api/search/", "/api/search/?q=SAG-2022-01250", 200),
    ("/api/search/", "/api/search/?q=sundhedsklynger&aar=2022&sortering=dato&side=1", 200),
    ("/api/search/", "/api/search/?q=sundhedsklynnger", 200),
    ("/api/search/", "/api/search/?q=&organ=kkr-hovedstaden", 200),
    ("/api/search/", "/api/search/?q=x&fra=ikke-en-dato", 400),
    ("/api/search/", "/api/search/?q=x&q=y", 400),
]


@pytest.mark.parametrize(("path", "url", "status"), REQUESTS)
def test_real_responses_match_the_documented_schema(api, path, url, status):
    response = api.get(url)
    assert response.status_code == status
    data = response.json()
    errors = sorted(_validator(_schema_of(path, status)).iter_errors(data), key=str)
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors)


def test_the_documented_search_parameters_are_the_ones_the_search_accepts():
    from search.filters import ALLOWED_PARAMETERS

    documented = {p["name"] for p in DOCUMENT["paths"]["/api/search/"]["get"]["parameters"]}
    assert documented == ALLOWED_PARAMETERS


def test_a_field_the_document_does_not_name_fails_the_check():
    """The schemas are closed: an undocumented field in a response would be caught."""
    hit = {
        "body": "kkr-hovedstaden",
        "meeting_date": "2022-06-21",
        "number": "3.4",
        "title": "T",
        "url": "/x/",
        "snippet_html": "",
        "rank": None,
        "exact": None,
    }
    assert _validator("SearchHit").is_valid(hit)
    assert not _validator("SearchHit").is_valid({**hit, "secret": 1})
    assert not _validator("SearchHit").is_valid({**hit, "meeting_date": "21-06-2022"})
