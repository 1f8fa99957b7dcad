from django.urls import path

from search import views

app_name = "search"

urlpatterns = [
    path("soeg/", views.search_page, name="page"),
]
