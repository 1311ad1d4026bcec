from django.urls import path

from canbo.people import views

app_name = "people"
urlpatterns = [
    path("", views.person_list, name="list"),
    path("<int:pk>/", views.person_detail, name="person"),
    path("xuat-excel/", views.export, name="export"),
    path("mau.xlsx", views.template, name="template"),
    path("nhap-excel/", views.import_view, name="import"),
    path("nhap-excel/loi.xlsx", views.import_errors, name="import_errors"),
    path("truy-cap/", views.access_log, name="access_log"),
]
