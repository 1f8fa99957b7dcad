from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("api.urls")),
    path("", include("alerts.urls")),
    path("", include("search.urls")),
    path("", include("meetings.urls")),
]

handler404 = "meetings.views.page_not_found"
handler500 = "meetings.views.server_error"
