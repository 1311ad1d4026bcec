"""The organisation is changed through Excel import and restructurings (audited services); the
admin only shows it."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from canbo.org.models import Restructuring, RestructuringLink, Unit, UnitVersion


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class VersionInline(admin.TabularInline):
    model = UnitVersion
    fk_name = "unit"
    extra = 0
    fields = ("name", "short_name", "kind", "parent", "valid_from", "valid_to")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Unit)
class UnitAdmin(ReadOnlyAdmin):
    list_display = ["code", "created_at"]
    search_fields = ["code", "versions__name"]
    inlines = [VersionInline]


class LinkInline(admin.TabularInline):
    model = RestructuringLink
    extra = 0
    readonly_fields = ["predecessor", "successor"]
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Restructuring)
class RestructuringAdmin(ReadOnlyAdmin):
    list_display = ["kind", "effective_date", "decision_number", "decision_issuer"]
    list_filter = ["kind", "effective_date"]
    inlines = [LinkInline]
