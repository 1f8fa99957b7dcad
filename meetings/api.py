"""The read-only JSON API (see CONTRACT.md), built from the same selectors as the pages.

Every endpoint refuses unknown, repeated or malformed query parameters with 400 and a JSON error.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from django.core.paginator import Paginator
from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_safe

from meetings import selectors
from meetings.models import AgendaItem, Attendance, Meeting, MeetingKind, Person

PAGE_SIZE = 200
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
YEAR = re.compile(r"^[0-9]{4}$")
POSITIVE = re.compile(r"^[1-9][0-9]{0,5}$")


class BadRequest(Exception):
    def __init__(self, message: str, details: dict | None = None):
        super().__init__(message)
        self.message = message
        self.details = details


def json_response(payload: dict, status: int = 200) -> JsonResponse:
    response = JsonResponse(
        payload,
        status=status,
        json_dumps_params={"ensure_ascii": False},
        content_type="application/json; charset=utf-8",
    )
    response["Access-Control-Allow-Origin"] = "*"  # public, read-only data
    return response


def error_response(message: str, status: int = 400, details: dict | None = None) -> JsonResponse:
    payload: dict = {"error": message}
    if details:
        payload["details"] = details
    return json_response(payload, status=status)


def _parameters(request: HttpRequest, allowed: dict[str, Callable[[str], object]]) -> dict[str, object]:
    """Validate the query string against `allowed` (name → parser raising ValueError); BadRequest on error."""
    unknown = sorted(set(request.GET) - set(allowed))
    if unknown:
        raise BadRequest(
            f"unknown parameter(s): {', '.join(unknown)}", {"allowed": sorted(allowed)} if allowed else None
        )
    values: dict[str, object] = {}
    errors: dict[str, list[str]] = {}
    for name, parse in allowed.items():
        given = request.GET.getlist(name)
        if not given:
            continue
        if len(given) > 1:
            errors[name] = ["given more than once"]
            continue
        try:
            values[name] = parse(given[0])
        except ValueError as exc:
            errors[name] = [str(exc)]
    if errors:
        raise BadRequest("invalid parameter(s)", errors)
    return values


def _year(value: str) -> int:
    if not YEAR.match(value) or not 1900 <= int(value) <= 2100:
        raise ValueError("expected a year such as 2022")
    return int(value)


def _slug(value: str) -> str:
    if not SLUG.match(value):
        raise ValueError("expected a slug such as kkr-hovedstaden")
    return value


def _kind(value: str) -> str:
    if value not in MeetingKind.values:
        raise ValueError(f"expected one of: {', '.join(MeetingKind.values)}")
    return value


def _page(value: str) -> int:
    if not POSITIVE.match(value):
        raise ValueError("expected a positive whole number")
    return int(value)


def _api(view):
    """GET and HEAD only; BadRequest becomes a 400 JSON error."""

    @require_safe
    def wrapper(request: HttpRequest, *args, **kwargs) -> JsonResponse:
        try:
            return view(request, *args, **kwargs)
        except BadRequest as exc:
            return error_response(exc.message, details=exc.details)

    wrapper.__name__ = view.__name__
    wrapper.__doc__ = view.__doc__
    return wrapper


# Serialisers: one dict shape per object, shared by every endpoint ---------------------------------------


def meeting_summary(meeting: Meeting) -> dict:
    body, date = meeting.body.slug, meeting.date.isoformat()
    return {
        "body": body,
        "date": date,
        "kind": meeting.kind,
        "url": meeting.get_absolute_url(),
        "api_url": f"/api/meetings/{body}/{date}/",
        "item_count": meeting.item_count,
    }


def attendance_json(row: Attendance) -> dict:
    return {
        "name": row.person.name,
        "slug": row.person.slug,
        "status": row.status,
        "party": row.party,
        "municipality": row.municipality,
        "substitute_for": row.substitute_for.name if row.substitute_for else None,
        "substitute_for_slug": row.substitute_for.slug if row.substitute_for else None,
    }


def item_json(item: AgendaItem) -> dict:
    decision = selectors.decision_of(item)
    return {
        "number": item.number,
        "section": item.section_title,
        "title": item.title,
        "time_slot": item.time_slot or None,
        "case_number": item.case_number or None,
        "url": item.get_absolute_url(),
        "recommendation": item.recommendation,
        "decision": {"text": decision.text, "outcome": decision.outcome or None} if decision else None,
    }


# Endpoints -------------------------------------------------------------------------------------------------


@_api
def meeting_list(request: HttpRequest) -> JsonResponse:
    """GET /api/meetings/?year=2022&body=kkr-hovedstaden&kind=referat&page=1"""
    params = _parameters(request, {"year": _year, "body": _slug, "kind": _kind, "page": _page})
    queryset = selectors.meetings_list(year=params.get("year"), body=params.get("body"))
    if "kind" in params:
        queryset = queryset.filter(kind=params["kind"])
    paginator = Paginator(queryset, PAGE_SIZE)
    number = params.get("page", 1)
    if number > max(1, paginator.num_pages):
        raise BadRequest("invalid parameter(s)", {"page": [f"there are {paginator.num_pages} page(s)"]})
    page = paginator.page(number)
    query = request.GET.copy()

    def page_url(n: int) -> str:
        query["page"] = str(n)
        return f"{request.path}?{query.urlencode()}"

    return json_response(
        {
            "count": paginator.count,
            "page": number,
            "pages": paginator.num_pages,
            "next": page_url(number + 1) if page.has_next() else None,
            "previous": page_url(number - 1) if page.has_previous() else None,
            "results": [meeting_summary(meeting) for meeting in page.object_list],
        }
    )


@_api
def meeting_detail(request: HttpRequest, body: str, date: str) -> JsonResponse:
    """GET /api/meetings/<body>/<yyyy-mm-dd>/"""
    _parameters(request, {})
    meeting_date = selectors.parse_iso_date(date)
    if meeting_date is None:
        return error_response("not a valid date: use yyyy-mm-dd", status=404)
    try:
        meeting = selectors.meeting_detail(body=body, date=meeting_date)
    except Meeting.DoesNotExist:
        return error_response("no such meeting", status=404)
    return json_response(
        {
            "body": meeting.body.slug,
            "body_name": meeting.body.name,
            "date": meeting.date.isoformat(),
            "start_time": meeting.start_time.isoformat("minutes") if meeting.start_time else None,
            "location": meeting.location or None,
            "kind": meeting.kind,
            "url": meeting.get_absolute_url(),
            "attendance": [attendance_json(row) for row in meeting.attendance.all()],
            "items": [item_json(item) for item in meeting.items.all()],
            "documents": [
                {
                    "file_name": doc.file_name,
                    "format": doc.format,
                    "kind": doc.kind,
                    "ingested_at": doc.ingested_at.isoformat(),
                    "warning_count": doc.warning_count,
                }
                for doc in meeting.documents.all()
            ],
        }
    )


@_api
def member_detail(request: HttpRequest, slug: str) -> JsonResponse:
    """GET /api/members/<slug>/"""
    _parameters(request, {})
    try:
        record = selectors.member_record(slug)
    except Person.DoesNotExist:
        return error_response("no such member", status=404)
    return json_response(
        {
            "name": record.person.name,
            "slug": record.person.slug,
            "url": record.person.get_absolute_url(),
            "attendance_rate": round(record.rate, 4) if record.rate is not None else None,
            "attendance": [
                {
                    "body": row.meeting.body.slug,
                    "meeting_date": row.meeting.date.isoformat(),
                    "meeting_url": row.meeting.get_absolute_url(),
                    "status": row.status,
                    "party": row.party,
                    "municipality": row.municipality,
                    "substitute_for": row.substitute_for.name if row.substitute_for else None,
                    "substitute_for_slug": row.substitute_for.slug if row.substitute_for else None,
                }
                for row in record.attendance
            ],
            "mentioned_in": [
                {
                    "body": item.meeting.body.slug,
                    "meeting_date": item.meeting.date.isoformat(),
                    "number": item.number,
                    "title": item.title,
                    "url": item.get_absolute_url(),
                }
                for item in record.mentions
            ],
        }
    )
