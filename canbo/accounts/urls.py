from django.urls import path

from canbo.accounts import views

app_name = "accounts"
urlpatterns = [
    path("", views.account, name="account"),
    path("doi-mat-khau/", views.PasswordChange.as_view(), name="password_change"),
    path("xac-thuc/", views.mfa_verify_view, name="mfa_verify"),
    path("xac-thuc/dang-ky/", views.mfa_enrol, name="mfa_enrol"),
]
