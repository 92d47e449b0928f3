from django.contrib import admin

from rights.models import ClosedAccount


@admin.register(ClosedAccount)
class ClosedAccountAdmin(admin.ModelAdmin):
    """Read-only: which handles are reserved by a deleted account, and whether its key is gone."""

    list_display = ["profile", "closed_at", "key_purged_at"]
    search_fields = ["profile__handle"]

    def has_add_permission(self, request) -> bool:  # noqa: ANN001
        return False

    def has_change_permission(self, request, obj=None) -> bool:  # noqa: ANN001
        return False
