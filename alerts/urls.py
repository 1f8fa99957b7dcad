from django.urls import path

from alerts import views

app_name = "alerts"

urlpatterns = [
    path("abonnement/", views.subscribe, name="subscribe"),
    path("abonnement/tak/", views.sent, name="sent"),
    path("abonnement/bekraeft/<str:token>/", views.confirm, name="confirm"),
    path("abonnement/administrer/<str:token>/", views.manage, name="manage"),
    path("abonnement/afmeld/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
