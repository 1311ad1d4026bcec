"""The user's own account: password change and two-factor login. Thin: each calls one service."""

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import logout, update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm
from django.contrib.auth.views import PasswordChangeView
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django_otp import login as otp_login

from canbo.accounts.forms import AuditFilterForm, MfaTokenForm
from canbo.accounts.mfa import (
    mfa_device,
    mfa_locked_until,
    mfa_qr_data_uri,
    mfa_required,
    mfa_secret_text,
    mfa_verified,
)
from canbo.accounts.scope import is_home_affairs
from canbo.accounts.selectors import user_role_codes, user_roles
from canbo.accounts.services import mfa_enrol_confirm, mfa_pending_device, mfa_verify, user_password_set
from canbo.audit.selectors import audit_entries_search
from canbo.core.errors import NotAllowed

WRONG_CODE = "Mã xác thực không đúng. Kiểm tra giờ của điện thoại và nhập mã đang hiển thị."


def _next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    safe = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if safe else reverse("home")


def _with_next(name: str, target: str) -> str:
    return reverse(name) + "?" + urlencode({"next": target})


@login_required
def account(request: HttpRequest) -> HttpResponse:
    context = {
        "roles": user_roles(user=request.user),
        "device": mfa_device(request.user),
        "mfa_required": mfa_required(request.user),
    }
    return render(request, "accounts/account.html", context)


class PasswordChange(PasswordChangeView):
    """Django's password change (old password, new twice, the password validators), audited."""

    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:account")

    def get_form(self, form_class: Any = None) -> PasswordChangeForm:
        form = super().get_form(form_class)
        for field in form.fields.values():
            field.widget.attrs["class"] = "form-control"
        return form

    def form_valid(self, form: PasswordChangeForm) -> HttpResponse:
        user_password_set(
            actor=self.request.user, user=form.user, password=form.cleaned_data["new_password1"]
        )
        update_session_auth_hash(self.request, form.user)
        messages.success(self.request, "Đã đổi mật khẩu.")
        return HttpResponseRedirect(self.get_success_url())


@login_required
def mfa_enrol(request: HttpRequest) -> HttpResponse:
    """Set up an authenticator app: scan the QR code (or type the secret), confirm with a code."""
    target = _next(request)
    if mfa_device(request.user) is not None:
        if mfa_verified(request.user):
            messages.info(request, "Tài khoản đã bật xác thực hai lớp.")
            return redirect(target)
        return redirect(_with_next("accounts:mfa_verify", target))
    form = MfaTokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        check = mfa_enrol_confirm(user=request.user, token=form.cleaned_data["token"])
        if check.device is not None:
            request.session.cycle_key()
            otp_login(request, check.device)
            messages.success(request, "Đã bật xác thực hai lớp. Từ nay mỗi lần đăng nhập cần nhập mã.")
            return redirect(target)
        form.add_error("token", WRONG_CODE)
    device = mfa_pending_device(user=request.user)
    context = {
        "form": form,
        "next": target,
        "qr": mfa_qr_data_uri(device),
        "secret": mfa_secret_text(device),
        "required": mfa_required(request.user),
    }
    return render(request, "accounts/mfa_enrol.html", context)


@login_required
def mfa_verify_view(request: HttpRequest) -> HttpResponse:
    """The code after the password. Too many wrong codes lock the device and end the session."""
    target = _next(request)
    if mfa_verified(request.user):
        return redirect(target)
    device = mfa_device(request.user)
    if device is None:
        return redirect(_with_next("accounts:mfa_enrol", target))
    if mfa_locked_until(device) is not None:
        return _locked(request)
    form = MfaTokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        check = mfa_verify(user=request.user, token=form.cleaned_data["token"])
        if check.device is not None:
            request.session.cycle_key()
            otp_login(request, check.device)
            return redirect(target)
        if check.locked:
            return _locked(request)
        form.add_error("token", WRONG_CODE)
    return render(request, "accounts/mfa_verify.html", {"form": form, "next": target})


def _locked(request: HttpRequest) -> HttpResponse:
    logout(request)
    return render(request, "accounts/mfa_locked.html", status=429)


AUDIT_PAGE_SIZE = 50


@login_required
def audit_list(request: HttpRequest) -> HttpResponse:
    """The whole trail, for Sở Nội vụ and the administrators (objects show their own history):
    filtered by who, the days, the object and the action, the filters in the address, 50 a page.
    Here rather than in audit: who may read it is a question of roles, and audit sits below accounts."""
    if not is_home_affairs(request.user):
        raise NotAllowed("Chỉ Sở Nội vụ và quản trị hệ thống được xem toàn bộ nhật ký thay đổi.")
    form = AuditFilterForm(request.GET or None)
    entries = audit_entries_search(**form.filters()) if form.is_bound else audit_entries_search()
    page = Paginator(entries, AUDIT_PAGE_SIZE).get_page(request.GET.get("trang"))
    query = request.GET.copy()
    query.pop("trang", None)
    context = {"form": form, "page": page, "query": query.urlencode()}
    return render(request, "audit/list.html", context)


@login_required
def help_page(request: HttpRequest) -> HttpResponse:
    """The help page ("Hướng dẫn"): what each of the user's roles does, in what order, with the
    plan's deadlines (Kế hoạch triển khai NQ 07-NQ/TU, mục IV.1: each agency's yearly report before 05/12)."""
    roles = user_role_codes(user=request.user)
    return render(request, "accounts/help.html", {"roles": roles, "all_roles": not roles})
