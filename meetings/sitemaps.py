"""sitemap.xml: an index of one sitemap per kind of page (django.contrib.sitemaps paginates each).

Built for archives of millions of items: the index asks the database for each section's newest change
(one aggregate) instead of letting Django call `lastmod` on every row, and meeting and item URLs are
formatted from plain rows instead of model instances and `reverse()`. The URL shapes are the permalinks of
CONTRACT.md; tests/meetings/test_feeds.py checks them against get_absolute_url().
"""

from __future__ import annotations

from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.urls import reverse

from meetings.models import AgendaItem, Meeting, Person, Topic


class StaticSitemap(Sitemap):
    changefreq = "weekly"

    def items(self) -> list[str]:
        return ["meetings:home", "meetings:meeting_list", "meetings:topic_list", "meetings:member_list"]

    def location(self, name: str) -> str:
        return reverse(name)


class MeetingSitemap(Sitemap):
    changefreq = "monthly"
    limit = 10_000

    def items(self):
        # Plain tuples in primary-key order: stable pages, no model instances, no sort of the whole table.
        return Meeting.objects.order_by("id").values_list("body__slug", "date", "updated_at")

    def location(self, row) -> str:
        body, date, _ = row
        return f"/moeder/{body}/{date.isoformat()}/"

    def lastmod(self, row):
        return row[2]

    def get_latest_lastmod(self):
        return Meeting.objects.aggregate(latest=Max("updated_at"))["latest"]


class ItemSitemap(Sitemap):
    changefreq = "monthly"
    limit = 10_000

    def items(self):
        return AgendaItem.objects.order_by("id").values_list(
            "meeting__body__slug", "meeting__date", "number", "meeting__updated_at"
        )

    def location(self, row) -> str:
        body, date, number, _ = row
        return f"/moeder/{body}/{date.isoformat()}/punkt/{number}/"

    def lastmod(self, row):
        return row[3]

    def get_latest_lastmod(self):
        return Meeting.objects.aggregate(latest=Max("updated_at"))["latest"]


class MemberSitemap(Sitemap):
    changefreq = "monthly"
    limit = 10_000

    def items(self):
        return Person.objects.only("slug").order_by("slug")


class TopicSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        return Topic.objects.only("slug").order_by("slug")


SITEMAPS = {
    "sider": StaticSitemap,
    "moeder": MeetingSitemap,
    "punkter": ItemSitemap,
    "medlemmer": MemberSitemap,
    "emner": TopicSitemap,
}
