"""Thin views: they call selectors and render templates; SQL lives in models and selectors."""

from __future__ import annotations

import re

from django.conf import settings
from django.core.files.storage import storages
from django.core.paginator import Paginator
from django.db import DatabaseError, connection, transaction
from django.db.models import Count, Q
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponsePermanentRedirect,
    JsonResponse,
)
from django.shortcuts import get_object_or_404, render
from django.template import loader
from django.urls import reverse
from django.utils.module_loading import import_string
from django.views.decorators.cache import never_cache

from danish import case_numbers, cpr, slugs
from meetings import selectors
from meetings.feeds import calendar_text
from meetings.filters_members import MemberFilterSet
from meetings.middleware import deadlines
from meetings.models import (
    AgendaItem,
    AttendanceStatus,
    Body,
    Meeting,
    Person,
    SourceDocument,
    Topic,
)

MEMBERS_PER_PAGE = 100
TOPIC_ITEMS_PER_PAGE = 100
HOME_MEETINGS = 8


# `?side=`: a page number as people type it, at most six digits; anything else is no page of the list.
PAGE_NUMBER = re.compile(r"[1-9][0-9]{0,5}")
# `/kilder/<sha256>/`: originals are filed under their SHA-256 in lowercase hex; nothing else reaches SQL.
SHA256 = re.compile(r"[0-9a-f]{64}")


def _date_or_404(value: str):
    date = selectors.parse_iso_date(value)
    if date is None:
        raise Http404("Ugyldig dato")
    return date


def _page_or_404(request: HttpRequest, paginator: Paginator):
    """The page `?side=` asks for (the first without it); 404 for 0, -1, text or a page past the last."""
    number = request.GET.get("side", "1")
    if not PAGE_NUMBER.fullmatch(number) or int(number) > max(1, paginator.num_pages):
        raise Http404("Siden findes ikke")
    return paginator.page(int(number))


def home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "meetings/home.html",
        {
            "meetings": selectors.meetings_list()[:HOME_MEETINGS],
            "topics": selectors.topics_list(),
            "stats": selectors.archive_stats(),
        },
    )


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    # Its own short statement timeout, and a client-side deadline a second later for a server too hung to
    # apply it: a health check answers in about a second either way, never after gunicorn's timeout.
    timeout_ms = settings.HEALTHZ_STATEMENT_TIMEOUT_MS
    try:
        with (
            deadlines.guard(connection, timeout_ms / 1000 + 1),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(f"SET LOCAL statement_timeout = {int(timeout_ms)}")
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        # Drop the broken connection so the next request reconnects once the server is back.
        connection.close_if_unusable_or_obsolete()
        return JsonResponse({"status": "unavailable", "database": "down"}, status=503)
    report = {"status": "ok", "database": "ok"}
    # Other parts of the system add to the report by name (settings.HEALTHZ_REPORTS), as routers and
    # middleware are named: the replicas' states, say. A replica that is down is reported, not a failure:
    # the primary serves its reads.
    for name in settings.HEALTHZ_REPORTS:
        report.update(import_string(name)())
    return JsonResponse(report)


def meeting_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "meetings/meeting_list.html",
        {
            "years": selectors.meeting_years(),
            "meetings": selectors.meetings_list()[: selectors.LATEST_MEETINGS],
            "upcoming": selectors.upcoming_meetings(),
        },
    )


BODY_PAGE = 50
ORIGINAL_TYPES = {
    "pdf": "application/pdf",
    "txt": "text/plain; charset=utf-8",
    "html": "text/html; charset=utf-8",
}


def original(request: HttpRequest, sha256: str) -> FileResponse:
    """The original file of an ingested document, as the archive received it.

    A PDF opens in the browser (`#page=N` goes to a page); a saved web page is downloaded, never shown from
    this site, and is sandboxed if a browser shows it anyway: its scripts are not ours.
    """
    if not SHA256.fullmatch(sha256):
        raise Http404("Originalfilen findes ikke i arkivet")
    document = (
        SourceDocument.objects.only("file_name", "format", "original", "sha256")
        .filter(sha256=sha256)
        .exclude(original="")
        .first()
    )
    if document is None:
        raise Http404("Originalfilen findes ikke i arkivet")
    if SourceDocument.objects.filter(pk=document.pk, text__contains=cpr.MASK).exists():
        # The archive's texts have the CPR numbers masked; the file it received still holds them.
        return HttpResponse(
            "Originalfilen vises ikke: den indeholder et CPR-nummer. Arkivets tekst af dokumentet, med "
            "CPR-numre maskeret, findes på mødets og punkternes sider.\n",
            status=451,
            content_type="text/plain; charset=utf-8",
        )
    storage = storages["originals"]
    try:
        handle = storage.open(document.original, "rb")
    except FileNotFoundError as exc:
        raise Http404("Originalfilen findes ikke i arkivet") from exc
    response = FileResponse(
        handle,
        as_attachment=document.format == SourceDocument.Format.HTML,
        filename=document.file_name,
        content_type=ORIGINAL_TYPES.get(document.format, "application/octet-stream"),
    )
    response["Content-Security-Policy"] = "sandbox"
    response["Cache-Control"] = "public, max-age=31536000, immutable"  # content-addressed: never changes
    return response


def body_list(request: HttpRequest) -> HttpResponse:
    return render(request, "meetings/body_list.html", {"groups": selectors.bodies_by_authority()})


def body_detail(request: HttpRequest, body: str) -> HttpResponse:
    organ = get_object_or_404(Body, slug=body)
    page = _page_or_404(request, Paginator(selectors.meetings_list(body=organ.slug), BODY_PAGE))
    return render(
        request,
        "meetings/body_detail.html",
        {"body": organ, "meetings": page.object_list, "page": page, "base_query": ""},
    )


def meeting_year(request: HttpRequest, year: int) -> HttpResponse:
    meetings = list(selectors.meetings_list(year=year))
    if not meetings:
        raise Http404("Ingen møder det år")
    return render(
        request,
        "meetings/meeting_year.html",
        {"year": year, "years": selectors.meeting_years(), "meetings": meetings},
    )


def meeting_detail(request: HttpRequest, body: str, date: str) -> HttpResponse:
    try:
        meeting = selectors.meeting_detail(body=body, date=_date_or_404(date))
    except Meeting.DoesNotExist as exc:
        raise Http404("Mødet findes ikke") from exc
    everything = list(meeting.items.all())
    items = [item for item in everything if not item.withdrawn]
    attendance = list(meeting.attendance.all())
    documents = list(meeting.documents.all())
    return render(
        request,
        "meetings/meeting_detail.html",
        {
            "meeting": meeting,
            "sections": selectors.group_by_section(items),
            "item_count": len(items),
            "present": [a for a in attendance if a.status == AttendanceStatus.PRESENT],
            "absent": [a for a in attendance if a.status == AttendanceStatus.ABSENT],
            "documents": documents,
            "attendance_source": selectors.attendance_source(documents),
            "minutes_changes": selectors.minutes_changes(meeting),
            # New versions of its documents and what they changed; what staff corrected in the attendance.
            "updates": selectors.meeting_updates(list(meeting.documents.all())),
            "withdrawn_items": [item for item in everything if item.withdrawn],
            "attendance_corrections": selectors.public_corrections(meeting=meeting),
            "canonical_url": request.build_absolute_uri(meeting.get_absolute_url()),
        },
    )


def item_detail(request: HttpRequest, body: str, date: str, number: str) -> HttpResponse:
    meeting_date = _date_or_404(date)
    try:
        item = selectors.item_detail(body=body, date=meeting_date, number=number)
    except AgendaItem.DoesNotExist:
        meeting = get_object_or_404(
            Meeting.objects.select_related("body"), body__slug=body, date=meeting_date
        )
        return render(
            request, "meetings/item_missing.html", {"meeting": meeting, "number": number}, status=404
        )
    previous, following = selectors.item_neighbours(item)
    decision = selectors.decision_of(item)
    return render(
        request,
        "meetings/item_detail.html",
        {
            "item": item,
            "meeting": item.meeting,
            "decision": decision,
            "previous": previous,
            "next": following,
            "related": selectors.related_items(item),
            "sources": selectors.item_sources(item),
            "corrections": selectors.public_corrections(meeting=item.meeting, item=item),
            "canonical_url": request.build_absolute_uri(item.get_absolute_url()),
            # For <meta name="description"> and og:description: what was decided, else what was proposed.
            "summary": " ".join(
                ((decision.text if decision else "") or item.recommendation or item.background).split()
            ),
        },
    )


def case_detail(request: HttpRequest, case_number: str) -> HttpResponse:
    canonical = case_number.upper()
    if not case_numbers.is_case_number(canonical):
        raise Http404("Ugyldigt sagsnummer")
    if canonical != case_number:
        return HttpResponsePermanentRedirect(reverse("meetings:case", kwargs={"case_number": canonical}))
    timeline = selectors.case_timeline(canonical)
    if timeline is None:
        raise Http404("Sagen findes ikke")
    return render(request, "meetings/case_detail.html", {"case_number": canonical, "timeline": timeline})


def member_list(request: HttpRequest) -> HttpResponse:
    filterset = MemberFilterSet(request.GET or None, queryset=selectors.members_list())
    page = _page_or_404(request, Paginator(filterset.qs, MEMBERS_PER_PAGE))
    for person in page.object_list:
        person.rate = selectors.attendance_rate(person.present, person.absent)
    params = request.GET.copy()
    params.pop("side", None)
    return render(
        request,
        "meetings/member_list.html",
        {"filterset": filterset, "page": page, "base_query": params.urlencode()},
    )


def member_detail(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        record = selectors.member_record(slug)
    except Person.DoesNotExist as exc:
        raise Http404("Medlemmet findes ikke") from exc
    return render(
        request,
        "meetings/member_detail.html",
        {
            "record": record,
            "person": record.person,
            "canonical_url": request.build_absolute_uri(record.person.get_absolute_url()),
        },
    )


def topic_list(request: HttpRequest) -> HttpResponse:
    return render(request, "meetings/topic_list.html", {"topics": selectors.topics_list()})


def topic_detail(request: HttpRequest, slug: str) -> HttpResponse:
    topic = get_object_or_404(Topic, slug=slug)
    timeline = selectors.topic_years(topic)
    year = None
    if "aar" in request.GET:
        year = selectors.parse_year(request.GET["aar"])
        if year is None or year not in {row["year"] for row in timeline}:
            raise Http404("Emnet har ingen punkter det år")
    total = sum(row["count"] for row in timeline if year is None or row["year"] == year)
    # The timeline already counted the items: paginate positions, then load only this page's items.
    page = _page_or_404(request, Paginator(range(total), TOPIC_ITEMS_PER_PAGE))
    items = list(
        selectors.topic_items(topic, year=year, start=page.start_index() - 1, stop=page.end_index())
        if total
        else []
    )
    params = request.GET.copy()
    params.pop("side", None)
    return render(
        request,
        "meetings/topic_detail.html",
        {
            "topic": topic,
            "timeline": timeline,
            "year": year,
            "item_count": sum(row["count"] for row in timeline),
            "page": page,
            "years": selectors.by_year(items),
            "base_query": params.urlencode(),
            "canonical_url": request.build_absolute_uri(topic.get_absolute_url()),
        },
    )


def calendar(request: HttpRequest) -> HttpResponse:
    """All meeting dates as iCalendar; `?organ=<slug>` for one body's meetings only."""
    body = request.GET.get("organ") or None
    if body is not None and not slugs.is_slug(body):
        raise Http404("Ukendt organ")
    text = calendar_text(
        meetings=selectors.calendar_meetings(body=body),
        announced=selectors.calendar_announcements(body=body),
        base_url=request.build_absolute_uri("/").rstrip("/"),
    )
    response = HttpResponse(text, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="kkr-moeder.ics"'
    return response


def robots_txt(request: HttpRequest) -> HttpResponse:
    sitemap = request.build_absolute_uri(reverse("meetings:sitemap"))
    lines = [
        "User-agent: *",
        "Allow: /",
        "Disallow: /admin/",
        "Disallow: /api/",
        "",
        f"Sitemap: {sitemap}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if request.path.startswith("/api/"):
        return JsonResponse({"error": "not found"}, status=404)
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    # No context processors that touch the database: the error may be the database itself.
    if request is not None and request.path.startswith("/api/"):  # the API answers in JSON, errors too
        return JsonResponse({"error": "internal server error"}, status=500)
    return HttpResponse(loader.get_template("500.html").render(), status=500)


STATUS_DOCUMENTS_PER_PAGE = 50


def status(request: HttpRequest) -> HttpResponse:
    """What the archive covers and where the parser had doubts: counts, then every document with its warnings."""
    only_warnings = request.GET.get("advarsler") == "1"
    documents = SourceDocument.objects.aggregate(
        total=Count("pk"), with_warnings=Count("pk", filter=~Q(warnings=[]))
    )
    listed = (
        SourceDocument.objects.select_related("meeting__body")
        .only(
            "file_name",
            "kind",
            "ingested_at",
            "warnings",
            "meeting__date",
            "meeting__body__name",
            "meeting__body__slug",
            "meeting__body__kind",
            "meeting__body__municipality",
            "meeting__body__region",
        )
        .order_by("-ingested_at", "-pk")
    )
    if only_warnings:
        listed = listed.exclude(warnings=[])
    page = _page_or_404(request, Paginator(listed, STATUS_DOCUMENTS_PER_PAGE))
    return render(
        request,
        "meetings/status.html",
        {
            "stats": selectors.archive_stats(),
            "documents_total": documents["total"],
            "documents_with_warnings": documents["with_warnings"],
            "only_warnings": only_warnings,
            "page": page,
            "base_query": "advarsler=1" if only_warnings else "",
        },
    )
