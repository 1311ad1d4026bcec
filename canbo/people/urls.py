from django.urls import path

from canbo.people import views

app_name = "people"
urlpatterns = [
    path("", views.person_list, name="list"),
    path("them/", views.person_new, name="person_new"),
    path("<int:pk>/", views.person_detail, name="person"),
    path("<int:pk>/bieu-mau/<slug:form>/", views.dossier_form, name="dossier_form"),
    path("<int:pk>/<slug:kind>/them/", views.record_form, name="record_add"),
    path("<int:pk>/<slug:kind>/<int:rid>/sua/", views.record_form, name="record_edit"),
    path("<int:pk>/<slug:kind>/<int:rid>/xoa/", views.record_delete, name="record_delete"),
    path("bieu-mau/dong/", views.form_closed, name="form_closed"),
    path("xuat-excel/", views.export, name="export"),
    path("mau.xlsx", views.template, name="template"),
    path("nhap-excel/", views.import_view, name="import"),
    path("nhap-excel/loi.xlsx", views.import_errors, name="import_errors"),
    path("truy-cap/", views.access_log, name="access_log"),
]
