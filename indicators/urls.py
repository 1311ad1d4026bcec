from django.urls import path

from indicators import views

app_name = "indicators"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("nguoi/", views.people_behind_view, name="people"),
]
