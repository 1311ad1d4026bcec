from django.urls import path

from canbo.planning import views

app_name = "planning"
POOL = "<int:unit_id>/<int:post_id>/<int:term_from>-<int:term_to>/"
urlpatterns = [
    path("", views.pool_list, name="list"),
    path(POOL, views.pool_page, name="pool"),
    path(f"{POOL}de-xuat/", views.propose, name="propose"),
    path(f"{POOL}ung-vien/", views.candidates, name="candidates"),
    path(f"{POOL}ra-soat/", views.review, name="review"),
    path("de-xuat/<int:pk>/phe-duyet/", views.proposal_decide, {"action": "phe-duyet"}, name="approve"),
    path(
        "de-xuat/<int:pk>/khong-phe-duyet/",
        views.proposal_decide,
        {"action": "khong-phe-duyet"},
        name="reject",
    ),
    path("de-xuat/<int:pk>/rut/", views.proposal_decide, {"action": "rut"}, name="withdraw"),
    path("thanh-vien/<int:pk>/dua-ra/", views.member_exit, {"action": "dua-ra"}, name="exit"),
    path("thanh-vien/<int:pk>/giu-lai/", views.member_exit, {"action": "giu-lai"}, name="keep"),
]
