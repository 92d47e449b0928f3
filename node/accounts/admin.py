from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from node.accounts.models import Invitation, NodeSettings, User


@admin.register(User)
class TremplinUserAdmin(UserAdmin):
    list_display = ("username", "email", "is_staff", "is_active", "date_joined", "last_login")
    list_filter = ("is_staff", "is_active", "profile__role")
    search_fields = ("username", "email", "profile__handle")


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ("code", "note", "uses", "max_uses", "expires_at", "created_at")
    search_fields = ("code", "note")
    readonly_fields = ("uses", "created_by", "created_at")

    def save_model(self, request, obj, form, change):  # noqa: ANN001, ANN201
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(NodeSettings)
class NodeSettingsAdmin(admin.ModelAdmin):
    list_display = ("name", "require_invitation", "contact_email")

    def has_add_permission(self, request) -> bool:  # noqa: ANN001
        return not NodeSettings.objects.exists()

    def has_delete_permission(self, request, obj=None) -> bool:  # noqa: ANN001
        return False
