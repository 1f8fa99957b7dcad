"""Thin views: they call querysets and render templates; SQL lives in models and selectors."""

from __future__ import annotations

import datetime as dt

from django.db import DatabaseError, connection
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.cache import never_cache

from meetings.models import AgendaItem, Meeting, Person, Topic


def _parse_date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise Http404("Ugyldig dato") from exc


def home(request: HttpRequest) -> HttpResponse:
    meetings = Meeting.objects.select_related("body").with_item_count().newest_first()[:20]
    return render(request, "meetings/home.html", {"meetings": meetings})


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        # Drop the broken connection so the next request reconnects once the server is back.
        connection.close_if_unusable_or_obsolete()
        return JsonResponse({"status": "unavailable", "database": "down"}, status=503)
    return JsonResponse({"status": "ok"})


def meeting_detail(request: HttpRequest, body: str, date: str) -> HttpResponse:
    meeting = get_object_or_404(
        Meeting.objects.select_related("body"), body__slug=body, date=_parse_date(date)
    )
    items = meeting.items.select_related("decision").order_by("sort_key")
    return render(request, "meetings/meeting_detail.html", {"meeting": meeting, "items": items})


def item_detail(request: HttpRequest, body: str, date: str, number: str) -> HttpResponse:
    meeting = get_object_or_404(
        Meeting.objects.select_related("body"), body__slug=body, date=_parse_date(date)
    )
    try:
        item = meeting.items.select_related("decision").get(number=number)
    except AgendaItem.DoesNotExist:
        response = render(request, "meetings/item_missing.html", {"meeting": meeting, "number": number})
        response.status_code = 404
        return response
    return render(request, "meetings/item_detail.html", {"meeting": meeting, "item": item})


def member_detail(request: HttpRequest, slug: str) -> HttpResponse:
    person = get_object_or_404(Person, slug=slug)
    return render(request, "meetings/member_detail.html", {"person": person})


def topic_detail(request: HttpRequest, slug: str) -> HttpResponse:
    topic = get_object_or_404(Topic, slug=slug)
    return render(request, "meetings/topic_detail.html", {"topic": topic})


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    # No context processors that touch the database: the error may be the database itself.
    from django.template import loader

    return HttpResponse(loader.get_template("500.html").render(), status=500)
