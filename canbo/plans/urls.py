from django.urls import path

from canbo.plans import views

app_name = "plans"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("nhiem-vu/", views.occurrence_list, name="occurrences"),
    path("nhiem-vu/<int:pk>/", views.task_detail, name="task"),
    path("luot/<int:pk>/", views.occurrence_detail, name="occurrence"),
    path("luot/<int:pk>/bao-cao/", views.report_create, name="report_create"),
    path("luot/<int:pk>/gia-han/", views.extension_create, name="extension_create"),
    path("bao-cao/cho-xem-xet/", views.review_queue, name="review_queue"),
    path("nhac-viec/", views.remind, name="remind"),
    path("thong-bao/", views.notifications, name="notifications"),
    path("bao-cao/<int:pk>/xem-xet/", views.report_decide, name="report_decide"),
    path("bao-cao/<int:pk>/tep/", views.report_file, name="report_file"),
    path("gia-han/<int:pk>/", views.extension_update, name="extension_update"),
    path("vuong-mac/<int:pk>/", views.obstacle_update, name="obstacle_update"),
    path("co-quan/<int:pk>/", views.agency, name="agency"),
    path("bao-cao-nam/", views.annual_report, name="annual_report"),
    path("ket-qua/", views.results, name="results"),
    path("nhap/", views.plan_upload, name="import"),
    path("mau.xlsx", views.template, name="template"),
]
