"""Users and roles in the admin site: every change goes through the audited services.

Django's groups and per-user permissions are not used by canbo (roles are): they are left out of the
user form, so nobody gains rights that the audit trail does not show. Users are never deleted
(their history points at them): they are deactivated. django-otp's device pages are replaced by the
"reset two-factor" action."""

import contextvars
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import AdminPasswordChangeForm
from django.contrib.auth.models import Group
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django_otp.plugins.otp_totp.models import TOTPDevice

from canbo.accounts.choices import Role
from canbo.accounts.mfa import mfa_device, mfa_session_for_privileged_change
from canbo.accounts.models import RoleAssignment
from canbo.accounts.services import (
    MFA_NEEDED_MESSAGE,
    mfa_reset,
    role_grant,
    role_revoke,
    user_audit_fields,
    user_escalates,
    user_password_set,
    user_save,
    user_set_active,
)

User = get_user_model()

# The admin changing a password, for the password form's save() (Django's view builds the form itself).
_password_actor: contextvars.ContextVar[Any] = contextvars.ContextVar("canbo_password_actor")


def _refuse_escalation_without_mfa(form_class: type[forms.ModelForm], request: HttpRequest) -> Any:
    """The admin's form, refusing with a message what the service would refuse: making a superuser or
    staff without the admin's own two-factor session."""

    class Form(form_class):  # type: ignore[valid-type,misc]
        def clean(self) -> dict[str, Any]:
            cleaned = super().clean()
            before = {flag: self.initial.get(flag, False) for flag in ("is_superuser", "is_staff")}
            after = {flag: cleaned.get(flag, before[flag]) for flag in ("is_superuser", "is_staff")}
            if user_escalates(before, after) and not mfa_session_for_privileged_change(request.user):
                raise forms.ValidationError(MFA_NEEDED_MESSAGE)
            return cleaned

    return Form


class AuditedPasswordChangeForm(AdminPasswordChangeForm):
    def save(self, commit: bool = True) -> Any:
        password = self.cleaned_data["password1"] if self.cleaned_data["set_usable_password"] else None
        user_password_set(actor=_password_actor.get(), user=self.user, password=password)
        return self.user


admin.site.unregister(User)
admin.site.unregister(Group)
if admin.site.is_registered(TOTPDevice):
    admin.site.unregister(TOTPDevice)


@admin.register(User)
class CanboUserAdmin(UserAdmin):
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        ("Thông tin cá nhân", {"fields": ("first_name", "last_name", "email")}),
        ("Quyền", {"fields": ("is_active", "is_staff", "is_superuser")}),
        ("Xác thực hai lớp", {"fields": ("mfa_status",)}),
        ("Thời điểm", {"fields": ("last_login", "date_joined")}),
    )
    readonly_fields = ["mfa_status", "last_login", "date_joined"]
    list_display = ["username", "first_name", "email", "is_active", "is_staff", "is_superuser"]
    list_filter = ["is_active", "is_staff", "is_superuser"]
    filter_horizontal = ()
    change_password_form = AuditedPasswordChangeForm
    actions = ["reset_mfa", "deactivate", "activate"]

    @admin.display(description="Xác thực hai lớp")
    def mfa_status(self, obj: Any) -> str:
        device = mfa_device(obj)
        if device is None:
            return "Chưa bật"
        return f"Đã bật (từ {device.created_at:%d/%m/%Y})" if device.created_at else "Đã bật"

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def get_form(self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any) -> Any:
        form = super().get_form(request, obj, change=change, **kwargs)
        return _refuse_escalation_without_mfa(form, request)

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        before = user_audit_fields(User.objects.get(pk=obj.pk)) if change else None
        user_save(actor=request.user, user=obj, before=before)

    def user_change_password(self, request: HttpRequest, id: str, form_url: str = "") -> HttpResponse:
        token = _password_actor.set(request.user)
        try:
            return super().user_change_password(request, id, form_url)
        finally:
            _password_actor.reset(token)

    @admin.action(description="Đặt lại xác thực hai lớp (mất điện thoại)")
    def reset_mfa(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        for user in queryset:
            mfa_reset(actor=request.user, user=user)
        messages.success(
            request,
            f"Đã đặt lại xác thực hai lớp cho {len(queryset)} tài khoản; lần đăng nhập tới sẽ đăng ký lại.",
        )

    @admin.action(description="Khóa tài khoản (ngừng hoạt động)")
    def deactivate(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        for user in queryset:
            user_set_active(actor=request.user, user=user, active=False)
        messages.success(request, f"Đã khóa {len(queryset)} tài khoản.")

    @admin.action(description="Mở lại tài khoản")
    def activate(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        for user in queryset:
            user_set_active(actor=request.user, user=user, active=True)
        messages.success(request, f"Đã mở lại {len(queryset)} tài khoản.")


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(admin.ModelAdmin):
    """Role changes go through the audited services."""

    list_display = ["user", "role", "unit", "created_at"]
    list_filter = ["role"]
    search_fields = ["user__username", "unit__code"]
    autocomplete_fields = ["unit"]
    raw_id_fields = ["user"]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return obj is None  # grant or revoke; never edit in place

    def get_form(self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any) -> Any:
        base = super().get_form(request, obj, change=change, **kwargs)

        class Form(base):  # type: ignore[valid-type,misc]
            def clean(self) -> dict[str, Any]:
                cleaned = super().clean()
                if cleaned.get("role") == Role.ADMIN and not mfa_session_for_privileged_change(request.user):
                    raise forms.ValidationError(MFA_NEEDED_MESSAGE)
                return cleaned

        return Form

    def save_model(self, request: HttpRequest, obj: RoleAssignment, form: Any, change: bool) -> None:
        saved = role_grant(actor=request.user, user=obj.user, role=obj.role, unit=obj.unit)  # type: ignore[arg-type]
        obj.pk = saved.pk

    def delete_model(self, request: HttpRequest, obj: RoleAssignment) -> None:
        role_revoke(actor=request.user, assignment=obj)

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        for obj in queryset:
            role_revoke(actor=request.user, assignment=obj)
