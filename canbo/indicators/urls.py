from django.urls import path

from canbo.indicators import views

app_name = "indicators"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("kich-ban/", views.scenario, name="scenario"),
    path("quoc-te/", views.international, name="international"),
    path("don-vi/", views.units, name="units"),
    path("luu/", views.snapshot, name="snapshot"),
    path("nguoi/", views.people_behind_view, name="people"),
    path("xep-loai/", views.evaluation_levels_view, name="evaluation_levels"),
]
