"""The admin site (/quan-tri/) behind the same login and two-factor check as every page."""

from typing import Any

from django.contrib import admin
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from canbo.accounts.mfa import mfa_state


class CanboAdminSite(admin.AdminSite):
    """Staff whose session has passed two-factor login when they need it (django-otp's OTPAdminSite
    asks every user for a code; this one follows accounts.mfa, as the pages do). Its own login and
    password-change forms are replaced by the application's: one login (axes, two-factor), one
    audited password change."""

    def has_permission(self, request: HttpRequest) -> bool:
        return super().has_permission(request) and mfa_state(request.user) == "ok"

    def login(self, request: HttpRequest, extra_context: Any = None) -> HttpResponse:
        if request.user.is_authenticated:
            raise PermissionDenied  # signed in, but not staff (the middleware asked for the code)
        target = request.GET.get(REDIRECT_FIELD_NAME) or reverse("admin:index", current_app=self.name)
        return redirect_to_login(target)

    def password_change(self, request: HttpRequest, extra_context: Any = None) -> HttpResponse:  # type: ignore[override]
        return redirect("accounts:password_change")
