from django.urls import path

from api import openapi, views
from meetings import converters  # noqa: F401  (registers isodate)

app_name = "api"

urlpatterns = [
    path("api/", openapi.document, name="index"),
    path("api/meetings/", views.meeting_list, name="meetings"),
    path("api/meetings/<slug:body>/<isodate:date>/", views.meeting_detail, name="meeting"),
    path("api/members/<slug:slug>/", views.member_detail, name="member"),
    path("api/search/", views.search, name="search"),
]
