from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("meetings.urls_search")),
    path("", include("meetings.urls")),
]

handler404 = "meetings.views.page_not_found"
handler500 = "meetings.views.server_error"
