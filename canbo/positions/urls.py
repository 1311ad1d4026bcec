from django.urls import path

from canbo.positions import views

app_name = "positions"
AGENCY = "co-quan/<int:unit_pk>/"
urlpatterns = [
    path("", views.index, name="index"),
    path("nhap-bien-che/", views.quotas_import, name="quotas_import"),
    path("danh-muc-khung/", views.framework, name="framework"),
    path("danh-muc-khung/nhap/", views.framework_import, name="framework_import"),
    path(AGENCY, views.agency, name="agency"),
    path(f"{AGENCY}vi-tri-viec-lam.xlsx", views.agency_xlsx, name="agency_xlsx"),
    path(f"{AGENCY}them-vi-tri/", views.position_create, name="position_create"),
    path(f"{AGENCY}bien-che/", views.quota_save, name="quota_save"),
    path(f"{AGENCY}bo-tri/", views.place, name="place"),
    path(f"{AGENCY}nhap-vi-tri/", views.positions_import, name="positions_import"),
    path(f"{AGENCY}nhap-bo-tri/", views.holdings_import, name="holdings_import"),
    path("vi-tri/<int:pk>/", views.position, name="position"),
    path("vi-tri/<int:pk>/sua/", views.position_update, name="position_update"),
    path("vi-tri/<int:pk>/ket-thuc/", views.position_end, name="position_end"),
    path("bo-tri/<int:pk>/ket-thuc/", views.holding_end, name="holding_end"),
]
