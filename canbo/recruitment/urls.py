from django.urls import path

from canbo.recruitment import views

app_name = "recruitment"
ONE = "<int:pk>/"
urlpatterns = [
    path("", views.index, name="index"),
    path("lap/", views.create, name="create"),
    path(ONE, views.detail, name="detail"),
    path(f"{ONE}vi-tri/", views.line_add, name="line_add"),
    path(f"{ONE}thong-bao/", views.notice_publish, name="notice_publish"),
    path(f"{ONE}ho-so/", views.candidate_add, name="candidate_add"),
    path(f"{ONE}nhap-ho-so/", views.applications_import, name="applications_import"),
    path(f"{ONE}het-han-nop/", views.applications_close, name="applications_close"),
    path(f"{ONE}chot-vong-1/", views.round_1_close, name="round_1_close"),
    path(f"{ONE}nhap-diem/", views.scores_import, name="scores_import"),
    path(f"{ONE}ket-qua/", views.results_publish, name="results_publish"),
    path(f"{ONE}tuyen-dung/", views.appoint, name="appoint"),
    path(f"{ONE}thong-bao.docx", views.notice_docx, name="notice_docx"),
    path(f"{ONE}ket-qua.docx", views.result_docx, name="result_docx"),
    path(f"{ONE}ket-qua.xlsx", views.results_xlsx, name="results_xlsx"),
    path(f"{ONE}diem.xlsx", views.scores_xlsx, name="scores_xlsx"),
    path("thi-sinh/<int:pk>/diem/", views.score, name="score"),
    path("vi-tri/<int:pk>/quyet-dinh/", views.tie_decide, name="tie_decide"),
]
