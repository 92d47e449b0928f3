"""Reports and the log in the admin too; the log is read-only there (append-only)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin

from moderation.models import AuditEntry, Report


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = ("created_at", "category", "target_kind", "target_label", "state")
    list_filter = ("state", "category", "target_kind")
    readonly_fields = [f.name for f in Report._meta.fields]

    def has_add_permission(self, request: Any) -> bool:
        return False


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ("created_at", "moderator_name", "action", "target")
    list_filter = ("action",)
    readonly_fields = [f.name for f in AuditEntry._meta.fields]

    def has_add_permission(self, request: Any) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False
