from django.urls import path, register_converter

from meetings import views


class ItemNumberConverter:
    regex = r"[0-9]+(?:\.[0-9]+)*"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


class IsoDateConverter:
    regex = r"[0-9]{4}-[0-9]{2}-[0-9]{2}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value) -> str:
        return str(value)


register_converter(ItemNumberConverter, "itemno")
register_converter(IsoDateConverter, "isodate")

app_name = "meetings"

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("moeder/<slug:body>/<isodate:date>/", views.meeting_detail, name="meeting"),
    path("moeder/<slug:body>/<isodate:date>/punkt/<itemno:number>/", views.item_detail, name="item"),
    path("medlemmer/<slug:slug>/", views.member_detail, name="member"),
    path("emner/<slug:slug>/", views.topic_detail, name="topic"),
]
