"""/soeg/ and its RSS feed; /api/search/ (in api.views) takes the same parameters and gives the same order."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from search.feeds import SearchFeed
from search.filters import query_with, run_search
from search.ranking import SearchResults


def search_page(request: HttpRequest) -> HttpResponse:
    if request.GET.get("format") == "rss":  # the feed runs its own, newest-first search
        return SearchFeed()(request)
    form, filterset, results = run_search(request.GET)
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
            "rss_query": query_with(request, format="rss"),
            "sort_links": [
                (value, label, query_with(request, sortering=value, side=None))
                for value, label in [("relevans", "Relevans"), ("dato", "Nyeste først")]
            ],
            "suggestion_query": query_with(request, q=results.suggestion, side=None)
            if results.suggestion
            else "",
            "facet_links": _facet_links(request, results),
        },
    )


def _facet_links(request: HttpRequest, results: SearchResults) -> dict[str, list[tuple[str, int, str]]]:
    parameter = {
        "year": "aar",
        "body": "organ",
        "authority": "myndighed",
        "topic": "emne",
        "outcome": "udfald",
    }
    return {
        kind: [
            (f.label, f.count, query_with(request, **{parameter[kind]: f.value, "side": None}))
            for f in facets
        ]
        for kind, facets in results.facets.items()
    }
