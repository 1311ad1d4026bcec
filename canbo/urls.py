from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from canbo import views as canbo_views
from canbo.accounts import views as accounts_views
from canbo.api import api

admin.site.site_header = "canbo — Quản trị hệ thống"
admin.site.site_title = "canbo"
admin.site.index_title = "Quản trị"

urlpatterns = [
    path("", canbo_views.home, name="home"),
    path(
        "dang-nhap/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True),
        name="login",
    ),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path("tai-khoan/", include("canbo.accounts.urls")),
    path("to-chuc/", include("canbo.org.urls")),
    path("ke-hoach/", include("canbo.plans.urls")),
    path("can-bo/", include("canbo.people.urls")),
    path("chi-tieu/", include("canbo.indicators.urls")),
    path("quyet-dinh/", include("canbo.decisions.urls")),
    path("quy-hoach/", include("canbo.planning.urls")),
    path("danh-gia/", include("canbo.evaluation.urls")),
    path("dao-tao/", include("canbo.training.urls")),
    path("tuyen-dung/", include("canbo.recruitment.urls")),
    path("vi-tri-viec-lam/", include("canbo.positions.urls")),
    path("csdl-quoc-gia/", include("canbo.national.urls")),
    path("nhat-ky/", include(([path("", accounts_views.audit_list, name="list")], "audit"))),
    path("huong-dan/", accounts_views.help_page, name="help"),
    path("quan-tri/", admin.site.urls),
    path("api/", api.urls),
]
