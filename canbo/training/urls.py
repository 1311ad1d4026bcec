from django.urls import path

from canbo.training import views

app_name = "training"
PLAN = "ke-hoach/<int:year>/"
urlpatterns = [
    path("", views.index, name="index"),
    path("lop/moi/", views.class_create, name="class_create"),
    path("chuong-trinh/", views.courses, name="courses"),
    path("chuong-trinh/moi/", views.course_create, name="course_create"),
    path("lop/<int:pk>/", views.class_view, name="class"),
    path("lop/<int:pk>/de-nghi/", views.propose, name="propose"),
    path("lop/<int:pk>/ket-thuc/", views.complete, name="complete"),
    path("lop/<int:pk>/hoc-vien.xlsx", views.class_xlsx, name="class_xlsx"),
    path("lop/<int:pk>/nhap/", views.class_import, name="class_import"),
    path("hoc-vien/<int:pk>/duyet/", views.decide, name="decide"),
    path("hoc-vien/<int:pk>/tham-du/", views.attendance, name="attendance"),
    path("hoc-vien/<int:pk>/ket-qua/", views.result, name="result"),
    path("ke-hoach/", views.plan_list, name="plans"),
    path("ke-hoach/du-thao/", views.plan_draft, name="plan_draft"),
    path(PLAN, views.plan_view, name="plan"),
    path(f"{PLAN}noi-dung/", views.line_save, name="line_create"),
    path(f"{PLAN}noi-dung/<int:pk>/", views.line_save, name="line_update"),
    path(f"{PLAN}noi-dung/<int:pk>/xoa/", views.line_delete, name="line_delete"),
    path(f"{PLAN}ban-hanh/", views.plan_approve, name="plan_approve"),
    path(f"{PLAN}ke-hoach.docx", views.plan_docx, name="plan_docx"),
    path(f"{PLAN}phu-luc.xlsx", views.plan_xlsx, name="plan_xlsx"),
    path("ngoai-ngu/", views.programme, name="programme"),
    path("ngoai-ngu/khoa/", views.cohort_create, name="cohort_create"),
]
