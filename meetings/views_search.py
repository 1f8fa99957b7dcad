"""/soeg/ and /api/search/: the same parameters, the same search, the same order of results."""

from __future__ import annotations

from django.contrib.syndication.views import Feed
from django.http import HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.utils.html import strip_tags

from meetings.feeds import XmlSafeRssFeed
from meetings.filters import ALLOWED_PARAMETERS, SearchFilterSet, SearchForm
from meetings.models import SearchEntry
from meetings.search import SearchResults, search


def _run(params: QueryDict) -> tuple[SearchForm, SearchFilterSet, SearchResults]:
    form = SearchForm(params)
    form.is_valid()  # invalid values fall back to defaults on the page; the API refuses them
    data = getattr(form, "cleaned_data", {})
    filterset = SearchFilterSet(params, queryset=SearchEntry.objects.all())
    if filterset.is_valid():
        queryset = filterset.qs
    else:  # the page keeps the filters that are valid and shows errors beside the others
        valid = params.copy()
        for name in filterset.errors:
            valid.pop(name, None)
        queryset = SearchFilterSet(valid, queryset=SearchEntry.objects.all()).qs
    results = search(
        params.get("q", ""),
        queryset,
        sort=data.get("sortering") or "relevans",
        page=data.get("side") or 1,
    )
    return form, filterset, results


def search_page(request: HttpRequest) -> HttpResponse:
    if request.GET.get("format") == "rss":  # the feed runs its own, newest-first search
        return SearchFeed()(request)
    form, filterset, results = _run(request.GET)
    params = request.GET.copy()
    params.pop("side", None)
    return render(
        request,
        "meetings/search.html",
        {
            "form": form,
            "filterset": filterset,
            "results": results,
            "base_query": params.urlencode(),
            "rss_query": _with(request, format="rss"),
            "sort_links": [
                (value, label, _with(request, sortering=value, side=None))
                for value, label in [("relevans", "Relevans"), ("dato", "Nyeste først")]
            ],
            "suggestion_query": _with(request, q=results.suggestion, side=None) if results.suggestion else "",
            "facet_links": _facet_links(request, results),
        },
    )


def _with(request: HttpRequest, **changes) -> str:
    params = request.GET.copy()
    for key, value in changes.items():
        params.pop(key, None)
        if value is not None:
            params[key] = value
    return params.urlencode()


def _facet_links(request: HttpRequest, results: SearchResults) -> dict[str, list[tuple[str, int, str]]]:
    parameter = {"year": "aar", "topic": "emne", "outcome": "udfald"}
    return {
        kind: [(f.label, f.count, _with(request, **{parameter[kind]: f.value, "side": None})) for f in facets]
        for kind, facets in results.facets.items()
    }


def _hit_json(hit) -> dict:
    item = hit.item
    return {
        "body": item.meeting.body.slug,
        "meeting_date": item.meeting.date.isoformat(),
        "number": item.number,
        "title": item.title,
        "url": item.get_absolute_url(),
        "snippet_html": hit.snippet_html,
        "rank": round(hit.rank, 6) if hit.rank is not None else None,
        "exact": hit.exact or None,
    }


def search_api(request: HttpRequest) -> JsonResponse:
    unknown = sorted(set(request.GET) - ALLOWED_PARAMETERS)
    if unknown:
        return _bad_request(f"unknown parameter(s): {', '.join(unknown)}")
    form, filterset, results = _run(request.GET)
    if form.errors or filterset.errors:
        errors = {**form.errors.get_json_data(), **filterset.errors.get_json_data()}
        return _bad_request("invalid parameter(s)", {k: [e["message"] for e in v] for k, v in errors.items()})
    return JsonResponse(
        {
            "count": results.count,
            "count_is_estimate": results.count_is_estimate,
            "count_is_lower_bound": results.count_is_lower_bound,
            "query": results.query,
            "suggestion": results.suggestion,
            "page": results.page,
            "pages": results.pages,
            "results": [_hit_json(hit) for hit in results.hits],
        },
        json_dumps_params={"ensure_ascii": False},
    )


def _bad_request(message: str, details: dict | None = None) -> JsonResponse:
    payload = {"error": message}
    if details:
        payload["details"] = details
    return JsonResponse(payload, status=400, json_dumps_params={"ensure_ascii": False})


class SearchFeed(Feed):
    """New items matching a search, newest first: /soeg/?q=...&format=rss."""

    feed_type = XmlSafeRssFeed  # drops characters XML cannot carry, so a stray control char is no 500
    description = "Nye dagsordenspunkter, der matcher søgningen."

    def get_object(self, request: HttpRequest) -> HttpRequest:
        self.request = request
        return request

    def title(self, request: HttpRequest) -> str:
        query = request.GET.get("q", "").strip()
        return f"KKR-arkivet: søgning efter “{query}”" if query else "KKR-arkivet: nye punkter"

    def link(self, request: HttpRequest) -> str:
        return reverse("search:page") + "?" + _with(request, format=None)

    def items(self, request: HttpRequest):
        params = request.GET.copy()
        params["sortering"] = "dato"
        params.pop("side", None)
        return _run(params)[2].hits

    def item_title(self, hit) -> str:
        meeting = hit.item.meeting
        return f"{meeting.body.name} {meeting.date:%d.%m.%Y}, punkt {hit.item.number}: {hit.item.title}"

    def item_description(self, hit) -> str:
        return strip_tags(hit.snippet_html)

    def item_link(self, hit) -> str:
        return hit.item.get_absolute_url()

    def item_pubdate(self, hit):
        import datetime as dt

        return dt.datetime.combine(hit.item.meeting.date, dt.time(12, 0), tzinfo=dt.UTC)
