from django.urls import path

from canbo.org import views

app_name = "org"
urlpatterns = [
    path("", views.tree, name="tree"),
    path("don-vi/<int:pk>/", views.unit_detail, name="unit_detail"),
    path("xuat-excel/", views.export_excel, name="export"),
    path("nhap-excel/", views.import_excel, name="import"),
    path("nhap-excel/loi.xlsx", views.import_errors, name="import_errors"),
]
