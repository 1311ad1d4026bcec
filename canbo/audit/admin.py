from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from canbo.audit.models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ["at", "actor_name", "source", "ip_address", "action", "object_repr"]
    list_filter = ["action", "source"]
    search_fields = ["actor_name", "object_repr", "object_id"]
    date_hierarchy = "at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
