"""The OpenAPI 3.1 description of the JSON API, served at /api/.

Written by hand next to the endpoints it describes (api.views) rather than generated: the endpoints are few
and their shapes are a contract (CONTRACT.md). tests/api/test_openapi.py validates real responses of every
endpoint against these schemas, so the document cannot drift from what the API returns.
"""

from __future__ import annotations

from django.http import HttpRequest, JsonResponse

from api.params import FIRST_YEAR, LAST_YEAR, endpoint, json_response, parameters
from danish import item_numbers, slugs
from meetings.models import AttendanceStatus, CorrectionField, MeetingKind, Outcome, Stance


def _object(properties: dict, *, optional: tuple[str, ...] = ()) -> dict:
    """A closed object: every property listed, all required unless named in `optional`."""
    return {
        "type": "object",
        "properties": properties,
        "required": [name for name in properties if name not in optional],
        "additionalProperties": False,
    }


def _nullable(schema: dict) -> dict:
    return {"anyOf": [schema, {"type": "null"}]}


STRING = {"type": "string"}
DATE = {"type": "string", "format": "date"}
URL_PATH = {"type": "string", "pattern": "^/"}
SLUG = {"type": "string", "pattern": f"^{slugs.PATTERN}$"}
COUNT = {"type": "integer", "minimum": 0}
KIND = {"type": "string", "enum": list(MeetingKind.values)}
STATUS = {"type": "string", "enum": list(AttendanceStatus.values)}

SCHEMAS: dict[str, dict] = {
    "Error": _object(
        {"error": STRING, "details": {"type": "object", "additionalProperties": True}}, optional=("details",)
    ),
    "MeetingSummary": _object(
        {"body": SLUG, "date": DATE, "kind": KIND, "url": URL_PATH, "api_url": URL_PATH, "item_count": COUNT}
    ),
    "MeetingList": _object(
        {
            "count": COUNT,
            "page": {"type": "integer", "minimum": 1},
            "pages": COUNT,
            "next": _nullable(STRING),
            "previous": _nullable(STRING),
            "results": {"type": "array", "items": {"$ref": "#/components/schemas/MeetingSummary"}},
        }
    ),
    "Attendance": _object(
        {
            "name": STRING,
            "slug": SLUG,
            "status": STATUS,
            "party": STRING,
            "municipality": STRING,
            "substitute_for": _nullable(STRING),
            "substitute_for_slug": _nullable(SLUG),
        }
    ),
    "Decision": _object(
        {"text": STRING, "outcome": _nullable({"type": "string", "enum": list(Outcome.values)})}
    ),
    "Item": _object(
        {
            "number": {"type": "string", "pattern": item_numbers.DATABASE_REGEX},
            "section": STRING,
            "title": STRING,
            "time_slot": _nullable(STRING),
            "case_number": _nullable(STRING),
            "url": URL_PATH,
            "recommendation": STRING,
            "decision": _nullable({"$ref": "#/components/schemas/Decision"}),
            "closed": {"type": "boolean"},
            "case_officers": {
                "type": "array",
                "items": STRING,
                "description": "initials of the staff who prepared the case; not shown on the pages",
            },
            "sources": {"type": "array", "items": {"$ref": "#/components/schemas/Source"}},
            "corrections": {
                "type": "array",
                "items": {"$ref": "#/components/schemas/Correction"},
                "description": "staff corrections laid over the parse; the item's values are the corrected ones",
            },
        }
    ),
    "Correction": _object(
        {
            "field": {"type": "string", "enum": list(CorrectionField.values)},
            "corrected_at": {"type": "string", "format": "date-time"},
            "reason": STRING,
            "person": SLUG,
        },
        optional=("person",),
    ),
    "Source": _object(
        {
            "file_name": STRING,
            "url": _nullable({**URL_PATH, "description": "the original file the archive ingested"}),
            "page": _nullable({"type": "integer", "minimum": 1, "description": "the page in a PDF"}),
        }
    ),
    "Document": _object(
        {
            "file_name": STRING,
            "format": STRING,
            "kind": KIND,
            "ingested_at": {"type": "string", "format": "date-time"},
            "warning_count": COUNT,
            "version": {"type": "integer", "minimum": 1, "description": "2 and up: a new version of the document"},
            "current": {"type": "boolean", "description": "false when a newer version superseded it"},
        }
    ),
    "WithdrawnItem": _object(
        {
            "number": STRING,
            "title": STRING,
            "url": {**URL_PATH, "description": "the permalink still answers, and says the item was withdrawn"},
            "withdrawn_by": _nullable(
                _object(
                    {
                        "kind": KIND,
                        "version": {"type": "integer", "minimum": 2},
                        "ingested_at": {"type": "string", "format": "date-time"},
                    }
                )
            ),
        }
    ),
    "Meeting": _object(
        {
            "body": SLUG,
            "body_name": STRING,
            "municipality": _nullable(STRING),
            "region": _nullable(STRING),
            "date": DATE,
            "start_time": _nullable(STRING),
            "location": _nullable(STRING),
            "kind": KIND,
            "url": URL_PATH,
            "attendance": {"type": "array", "items": {"$ref": "#/components/schemas/Attendance"}},
            "items": {"type": "array", "items": {"$ref": "#/components/schemas/Item"}},
            "documents": {"type": "array", "items": {"$ref": "#/components/schemas/Document"}},
            "attendance_corrections": {
                "type": "array",
                "items": {"$ref": "#/components/schemas/Correction"},
                "description": "staff corrections of the attendance (each names the person)",
            },
            "withdrawn_items": {
                "type": "array",
                "items": {"$ref": "#/components/schemas/WithdrawnItem"},
                "description": "items a new version of their document no longer has (not in items)",
            },
        }
    ),
    "MemberAttendance": _object(
        {
            "body": SLUG,
            "meeting_date": DATE,
            "meeting_url": URL_PATH,
            "status": STATUS,
            "party": STRING,
            "municipality": STRING,
            "substitute_for": _nullable(STRING),
            "substitute_for_slug": _nullable(SLUG),
        }
    ),
    "Mention": _object(
        {"body": SLUG, "meeting_date": DATE, "number": STRING, "title": STRING, "url": URL_PATH}
    ),
    "Member": _object(
        {
            "name": STRING,
            "slug": SLUG,
            "url": URL_PATH,
            "attendance_rate": _nullable({"type": "number", "minimum": 0, "maximum": 1}),
            "attendance": {"type": "array", "items": {"$ref": "#/components/schemas/MemberAttendance"}},
            "mentioned_in": {"type": "array", "items": {"$ref": "#/components/schemas/Mention"}},
            "positions": {"type": "array", "items": {"$ref": "#/components/schemas/MemberPosition"}},
            "absent_from_items": {"type": "array", "items": {"$ref": "#/components/schemas/ItemRef"}},
        }
    ),
    "MemberPosition": _object(
        {
            "stance": {"type": "string", "enum": list(Stance.values)},
            "sentence": STRING,
            "body": SLUG,
            "meeting_date": DATE,
            "number": STRING,
            "url": URL_PATH,
        }
    ),
    "ItemRef": _object({"body": SLUG, "meeting_date": DATE, "number": STRING, "url": URL_PATH}),
    "SearchHit": _object(
        {
            "body": SLUG,
            "meeting_date": DATE,
            "number": STRING,
            "title": STRING,
            "url": URL_PATH,
            "snippet_html": {"type": "string", "description": "escaped text; the only tags are <mark>"},
            "rank": _nullable({"type": "number"}),
            "exact": _nullable({"type": "string", "enum": ["sagsnummer", "punkt"]}),
        }
    ),
    "SearchResults": _object(
        {
            "count": COUNT,
            "count_is_estimate": {"type": "boolean"},
            "count_is_lower_bound": {"type": "boolean"},
            "query": STRING,
            "suggestion": _nullable(STRING),
            "relaxed": _nullable(
                {
                    **_object({"reason": STRING, "query": STRING}),
                    "description": "set when the results are for another query than the words typed",
                }
            ),
            "page": {"type": "integer", "minimum": 1},
            "pages": {"type": "integer", "minimum": 1},
            "results": {"type": "array", "items": {"$ref": "#/components/schemas/SearchHit"}},
        }
    ),
}


def _query(name: str, schema: dict, description: str) -> dict:
    return {"name": name, "in": "query", "required": False, "schema": schema, "description": description}


def _path(name: str, schema: dict) -> dict:
    return {"name": name, "in": "path", "required": True, "schema": schema}


def _responses(schema: str, *, not_found: bool = False) -> dict:
    def content(name: str) -> dict:
        return {"application/json": {"schema": {"$ref": f"#/components/schemas/{name}"}}}

    responses = {
        "200": {"description": "OK", "content": content(schema)},
        "400": {
            "description": "an unknown, repeated or malformed query parameter",
            "content": content("Error"),
        },
    }
    if not_found:
        responses["404"] = {"description": "no such object", "content": content("Error")}
    return responses


def _search_parameters() -> list[dict]:
    return [
        _query(
            "q",
            STRING,
            'the search: words, "phrases", -exclusion and OR; case numbers and names match exactly',
        ),
        _query("fra", DATE, "meetings from this date"),
        _query("til", DATE, "meetings up to this date"),
        _query("aar", {"type": "integer", "minimum": FIRST_YEAR, "maximum": LAST_YEAR}, "one year"),
        _query("organ", SLUG, "one body"),
        _query("myndighed", STRING, "bodies of one municipality or region, e.g. Aarhus Kommune"),
        _query("emne", SLUG, "one topic"),
        _query("medlem", SLUG, "items of meetings a member attended, or that mention the member"),
        _query("parti", STRING, "items that mention a member of this party (its letter)"),
        _query("kommune", STRING, "items that mention a member from this municipality"),
        _query("type", KIND, "agendas or minutes"),
        _query("udfald", {"type": "string", "enum": list(Outcome.values)}, "decisions with this outcome"),
        _query("beslutning", {"type": "string", "enum": ["ja", "nej"]}, "with or without a decision"),
        _query("sortering", {"type": "string", "enum": ["relevans", "dato", "dato-stigende"]}, "order"),
        _query("side", {"type": "integer", "minimum": 1, "maximum": 500}, "page of 20 results"),
        _query("format", {"type": "string", "enum": ["html", "rss"]}, "ignored by the API"),
    ]


DOCUMENT: dict = {
    "openapi": "3.1.0",
    "info": {
        "title": "KKR-arkivet",
        "version": "1",
        "description": (
            "Read-only JSON of the archive's meetings, agenda items, decisions, members and search. GET and HEAD "
            "only; public (Access-Control-Allow-Origin: *); every query parameter must be known and given at "
            "most once. Every text is plain data: the document's text as it reads, markup included (a saved web "
            "page's `&lt;script&gt;` was decoded when it was read and arrives as the characters `<script>`). "
            "Decode nothing, and escape every text before you put it into HTML (or set it as text, never as "
            "markup). Only `snippet_html` is HTML (escaped text with <mark> tags). While the database is "
            "unavailable every endpoint answers 503 with Retry-After and an `Error` object."
        ),
    },
    "paths": {
        "/api/meetings/": {
            "get": {
                "summary": "Meetings, newest first, 200 per page",
                "parameters": [
                    _query(
                        "year", {"type": "integer", "minimum": FIRST_YEAR, "maximum": LAST_YEAR}, "one year"
                    ),
                    _query("body", SLUG, "one body"),
                    _query("kind", KIND, "agendas or minutes"),
                    _query("page", {"type": "integer", "minimum": 1}, "page"),
                ],
                "responses": _responses("MeetingList"),
            }
        },
        "/api/meetings/{body}/{date}/": {
            "get": {
                "summary": "One meeting with its items, decisions, attendance and source documents",
                "parameters": [_path("body", SLUG), _path("date", DATE)],
                "responses": _responses("Meeting", not_found=True),
            }
        },
        "/api/members/{slug}/": {
            "get": {
                "summary": "One member's attendance and the items that mention them",
                "parameters": [_path("slug", SLUG)],
                "responses": _responses("Member", not_found=True),
            }
        },
        "/api/search/": {
            "get": {
                "summary": "Search, with the parameters and in the order of the search page /soeg/",
                "parameters": _search_parameters(),
                "responses": _responses("SearchResults"),
            }
        },
    },
    "components": {"schemas": SCHEMAS},
}


@endpoint
def document(request: HttpRequest) -> JsonResponse:
    """GET /api/: this document."""
    parameters(request, {})
    return json_response(DOCUMENT)
