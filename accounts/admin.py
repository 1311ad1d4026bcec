from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from accounts.models import RoleAssignment
from accounts.services import role_grant, role_revoke


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

    def save_model(self, request: HttpRequest, obj: RoleAssignment, form: Any, change: bool) -> None:
        saved = role_grant(actor=request.user, user=obj.user, role=obj.role, unit=obj.unit)  # type: ignore[arg-type]
        obj.pk = saved.pk

    def delete_model(self, request: HttpRequest, obj: RoleAssignment) -> None:
        role_revoke(actor=request.user, assignment=obj)

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        for obj in queryset:
            role_revoke(actor=request.user, assignment=obj)
