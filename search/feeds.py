"""New items matching a search, newest first, as RSS: /soeg/?q=...&format=rss."""

from __future__ import annotations

import datetime as dt

from django.contrib.syndication.views import Feed
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import strip_tags

from meetings.feeds import XmlSafeRssFeed
from search.filters import query_with, run_search


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
        return reverse("search:page") + "?" + query_with(request, format=None)

    def items(self, request: HttpRequest):
        params = request.GET.copy()
        params["sortering"] = "dato"
        params.pop("side", None)
        return run_search(params)[2].hits

    def item_title(self, hit) -> str:
        meeting = hit.item.meeting
        return f"{meeting.body.name} {meeting.date:%d.%m.%Y}, punkt {hit.item.number}: {hit.item.title}"

    def item_description(self, hit) -> str:
        return strip_tags(hit.snippet_html)

    def item_link(self, hit) -> str:
        return hit.item.get_absolute_url()

    def item_pubdate(self, hit):
        return dt.datetime.combine(hit.item.meeting.date, dt.time(12, 0), tzinfo=dt.UTC)
