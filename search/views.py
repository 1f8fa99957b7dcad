"""/soeg/ and its RSS feed; /api/search/ (in api.views) takes the same parameters and gives the same order."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from search.feeds import SearchFeed
from search.filters import InvalidSearch, active_filters, bind, query_with, run_search
from search.query import clean_query
from search.ranking import SearchResults

# The facets in the order the page shows them: kind, the parameter it filters by, its heading.
FACETS = [
    ("year", "aar", "År"),
    ("authority", "myndighed", "Kommune eller region"),
    ("body", "organ", "Organ"),
    ("topic", "emne", "Emner"),
    ("outcome", "udfald", "Udfald"),
]
SORTS = [("relevans", "Relevans"), ("dato", "Nyeste først")]


def search_page(request: HttpRequest) -> HttpResponse:
    """The results first, the active filters as chips that remove them, facets with counts beside or below.

    A parameter that cannot be read is a 400 page that says which and why, as the API's 400 does: a filter
    silently dropped would show results the person did not ask for.
    """
    query = clean_query(request.GET.get("q", ""))
    try:
        if request.GET.get("format") == "rss":  # the feed runs its own, newest-first search
            bind(request.GET)
            return SearchFeed()(request)
        form, filterset, results = run_search(request.GET)
    except InvalidSearch as invalid:
        return render(
            request,
            "meetings/search.html",
            {
                "query": query,
                "form": invalid.form,
                "filterset": invalid.filterset,
                "errors": invalid.messages,
                "without_invalid": query_with(request, **{"side": None, **dict.fromkeys(invalid.errors)}),
            },
            status=400,
        )
    active = active_filters(filterset)
    params = request.GET.copy()
    params.pop("side", None)
    return render(
        request,
        "meetings/search.html",
        {
            "query": query,
            "form": form,
            "filterset": filterset,
            "results": results,
            "active_filters": [
                (label, shown, query_with(request, **{"side": None, name: None}))
                for name, label, shown in active
            ],
            "clear_filters_query": query_with(
                request, **{"side": None, **dict.fromkeys(name for name, _, _ in active)}
            ),
            # what a new query keeps: the filters shown as chips, and the order
            "kept_parameters": [
                (name, request.GET[name])
                for name in [name for name, _, _ in active] + ["sortering"]
                if request.GET.get(name)
            ],
            "base_query": params.urlencode(),
            "rss_query": query_with(request, format="rss"),
            "sort_links": [
                (value, label, query_with(request, sortering=value, side=None)) for value, label in SORTS
            ],
            "suggestion_query": query_with(request, q=results.suggestion, side=None)
            if results.suggestion
            else "",
            "facet_groups": _facet_groups(request, results),
        },
    )


def _facet_groups(request: HttpRequest, results: SearchResults) -> list[tuple[str, list[tuple]]]:
    """(heading, [(label, count, link, chosen)]) per facet with values: a chosen value's link removes it."""
    groups = []
    for kind, parameter, heading in FACETS:
        chosen = request.GET.get(parameter)
        links = [
            (
                f.label,
                f.count,
                query_with(request, **{"side": None, parameter: None if f.value == chosen else f.value}),
                f.value == chosen,
            )
            for f in results.facets.get(kind, [])
        ]
        if links:
            groups.append((heading, links))
    return groups
