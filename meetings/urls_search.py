from django.urls import path

from meetings import views_search

app_name = "search"

urlpatterns = [
    path("soeg/", views_search.search_page, name="page"),
    path("api/search/", views_search.search_api, name="api"),
]
