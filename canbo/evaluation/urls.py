from django.urls import path

from canbo.evaluation import views

app_name = "evaluation"
AGENCY = "<int:year>/co-quan/<int:unit_pk>/"
OWN = "<int:year>/xep-loai-co-quan/<int:unit_pk>/"
urlpatterns = [
    path("", views.index, name="index"),
    path("lap-phieu/", views.sheets_open, name="open"),
    path("<int:year>/bao-cao.docx", views.report_docx, name="report_docx"),
    path(AGENCY, views.ranking, name="ranking"),
    path(f"{AGENCY}xep-loai.xlsx", views.ranking_xlsx, name="ranking_xlsx"),
    path(f"{AGENCY}san-pham.xlsx", views.items_xlsx, name="items_xlsx"),
    path(f"{AGENCY}nhap-san-pham/", views.items_import, name="items_import"),
    path(f"{AGENCY}nhom/", views.group_create, name="group_create"),
    path(f"{AGENCY}loai-san-pham/", views.product_type_create, name="product_type_create"),
    path(f"{AGENCY}quyet-dinh/", views.ranking_finalise, name="finalise"),
    path(f"{AGENCY}ngoai-le/", views.quota_exception, name="quota_exception"),
    path("phieu/<int:pk>/", views.sheet, name="sheet"),
    path("phieu/<int:pk>/phieu.docx", views.sheet_docx, name="sheet_docx"),
    path("phieu/<int:pk>/san-pham/", views.item_add, name="item_add"),
    path("phieu/<int:pk>/xac-nhan/", views.items_confirm, name="items_confirm"),
    path("phieu/<int:pk>/cham-diem/", views.sheet_score, name="score"),
    path("phieu/<int:pk>/ty-le/", views.excellent_decide, name="decide"),
    path("phieu/<int:pk>/kien-nghi/", views.appeal_lodge, name="appeal"),
    path("san-pham/<int:pk>/sua/", views.item_update, name="item_update"),
    path("san-pham/<int:pk>/xoa/", views.item_delete, name="item_delete"),
    path("kien-nghi/<int:pk>/tra-loi/", views.appeal_answer, name="appeal_answer"),
    path("<int:year>/xep-loai-co-quan/", views.agencies, name="agencies"),
    path(OWN, views.agency, name="agency"),
    path(f"{OWN}cham-diem/", views.agency_save, name="agency_save"),
    path(f"{OWN}quyet-dinh/", views.agency_finalise, name="agency_finalise"),
]
