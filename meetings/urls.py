from django.contrib.sitemaps import views as sitemap_views
from django.urls import path

from meetings import converters, feeds, views  # noqa: F401  (converters registers itemno, isodate, year)
from meetings.sitemaps import SITEMAPS

app_name = "meetings"

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    # Meetings and their items
    path("moeder/", views.meeting_list, name="meeting_list"),
    path("moeder/<year:year>/", views.meeting_year, name="meeting_year"),
    path("moeder/<slug:body>/", views.body_detail, name="body"),
    path("organer/", views.body_list, name="body_list"),
    path("kilder/<str:sha256>/", views.original, name="original"),
    path("moeder/<slug:body>/<isodate:date>/", views.meeting_detail, name="meeting"),
    path("moeder/<slug:body>/<isodate:date>/punkt/<itemno:number>/", views.item_detail, name="item"),
    path("moeder.ics", views.calendar, name="calendar"),
    path("sager/<path:case_number>/", views.case_detail, name="case"),
    # Members and topics
    path("medlemmer/", views.member_list, name="member_list"),
    path("medlemmer/<slug:slug>/", views.member_detail, name="member"),
    path("medlemmer/<slug:slug>/feed/", feeds.MemberFeed(), name="member_feed"),
    path("medlemmer/<slug:slug>/feed/atom/", feeds.MemberAtomFeed(), name="member_feed_atom"),
    path("emner/", views.topic_list, name="topic_list"),
    path("emner/<slug:slug>/", views.topic_detail, name="topic"),
    path("emner/<slug:slug>/feed/", feeds.TopicFeed(), name="topic_feed"),
    path("emner/<slug:slug>/feed/atom/", feeds.TopicAtomFeed(), name="topic_feed_atom"),
    # Feeds, sitemap, robots
    path("feeds/moeder/", feeds.MeetingsFeed(), name="feed_meetings"),
    path("feeds/moeder/atom/", feeds.MeetingsAtomFeed(), name="feed_meetings_atom"),
    path(
        "sitemap.xml",
        sitemap_views.index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "meetings:sitemap_section"},
        name="sitemap",
    ),
    path("sitemap-<section>.xml", sitemap_views.sitemap, {"sitemaps": SITEMAPS}, name="sitemap_section"),
    path("robots.txt", views.robots_txt, name="robots"),
    # What the archive covers, and the parser's warnings per document
    path("status/", views.status, name="status"),
]
