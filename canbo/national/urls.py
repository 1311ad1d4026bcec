from django.urls import path

from canbo.national import views

app_name = "national"
urlpatterns = [
    path("", views.index, name="index"),
    path("tai-ve.jsonl", views.download, {"format": "jsonl"}, name="download_jsonl"),
    path("tai-ve.xlsx", views.download, {"format": "xlsx"}, name="download_xlsx"),
    path("ghi-cham.xlsx", views.late_download, name="late"),
]
