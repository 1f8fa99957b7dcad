"""The read-only JSON API (CONTRACT.md): meetings, members and search, built from the same selectors and
search as the pages. Every endpoint follows api.params: GET/HEAD only, CORS, known parameters given once."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, JsonResponse

from api import params as rules
from api.params import BadRequest, endpoint, error_response, json_response, parameters
from api.serializers import (
    attendance_json,
    correction_json,
    hit_json,
    item_json,
    meeting_summary,
    withdrawn_json,
)
from meetings import selectors
from meetings.models import Meeting, Person
from search.filters import ALLOWED_PARAMETERS, InvalidSearch, run_search

PAGE_SIZE = 200


@endpoint
def meeting_list(request: HttpRequest) -> JsonResponse:
    """GET /api/meetings/?year=2022&body=kkr-hovedstaden&kind=referat&page=1"""
    params = parameters(
        request, {"year": rules.year, "body": rules.slug, "kind": rules.kind, "page": rules.page}
    )
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


@endpoint
def meeting_detail(request: HttpRequest, body: str, date: str) -> JsonResponse:
    """GET /api/meetings/<body>/<yyyy-mm-dd>/"""
    parameters(request, {})
    meeting_date = selectors.parse_iso_date(date)
    if meeting_date is None:
        return error_response("not a valid date: use yyyy-mm-dd", status=404)
    try:
        meeting = selectors.meeting_detail(body=body, date=meeting_date)
    except Meeting.DoesNotExist:
        return error_response("no such meeting", status=404)
    documents = {document.sha256: document for document in meeting.documents.all()}
    corrections = selectors.item_corrections(meeting)
    return json_response(
        {
            "body": meeting.body.slug,
            "body_name": meeting.body.name,
            "municipality": meeting.body.municipality or None,
            "region": meeting.body.region or None,
            "date": meeting.date.isoformat(),
            "start_time": meeting.start_time.isoformat("minutes") if meeting.start_time else None,
            "location": meeting.location or None,
            "kind": meeting.kind,
            "url": meeting.get_absolute_url(),
            "attendance": [attendance_json(row) for row in meeting.attendance.all()],
            "items": [item_json(item, documents, corrections) for item in meeting.items.all() if not item.withdrawn],
            "attendance_corrections": [
                correction_json(c) for c in selectors.public_corrections(meeting=meeting)
            ],
            # Items a new version of their document no longer has: their URLs still answer, and say so.
            "withdrawn_items": [withdrawn_json(item, documents) for item in meeting.items.all() if item.withdrawn],
            "documents": [
                {
                    "file_name": doc.file_name,
                    "format": doc.format,
                    "kind": doc.kind,
                    "ingested_at": doc.ingested_at.isoformat(),
                    "warning_count": doc.warning_count,
                    "version": doc.version,
                    "current": doc.current,
                }
                for doc in meeting.documents.all()
            ],
        }
    )


@endpoint
def member_detail(request: HttpRequest, slug: str) -> JsonResponse:
    """GET /api/members/<slug>/"""
    parameters(request, {})
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
            "positions": [
                {
                    "stance": position.stance,
                    "sentence": position.sentence,
                    "body": position.item.meeting.body.slug,
                    "meeting_date": position.item.meeting.date.isoformat(),
                    "number": position.item.number,
                    "url": position.item.get_absolute_url(),
                }
                for position in record.positions
            ],
            "absent_from_items": [
                {
                    "body": absence.item.meeting.body.slug,
                    "meeting_date": absence.item.meeting.date.isoformat(),
                    "number": absence.item.number,
                    "url": absence.item.get_absolute_url(),
                }
                for absence in record.item_absences
            ],
        }
    )


@endpoint
def search(request: HttpRequest) -> JsonResponse:
    """GET /api/search/?q=... with the parameters of /soeg/; results in the order the page shows them."""
    rules.check_names(request.GET, ALLOWED_PARAMETERS)
    try:
        _, _, results = run_search(request.GET)
    except InvalidSearch as invalid:  # the same errors the page shows, in the same words
        raise BadRequest("invalid parameter(s)", invalid.errors) from None
    return json_response(
        {
            "count": results.count,
            "count_is_estimate": results.count_is_estimate,
            "count_is_lower_bound": results.count_is_lower_bound,
            "query": results.query,
            "suggestion": results.suggestion,
            "relaxed": (
                {"reason": results.relaxed.reason, "query": results.relaxed.query} if results.relaxed else None
            ),
            "page": results.page,
            "pages": results.pages,
            "results": [hit_json(hit) for hit in results.hits],
        }
    )
