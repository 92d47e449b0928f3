"""What a node admin needs to see and decide about the federation."""

from django.contrib import admin

from federation.models import (
    Delivery,
    DomainHealth,
    DomainRule,
    InboxItem,
    OutboxActivity,
    RemoteActor,
)


@admin.register(DomainRule)
class DomainRuleAdmin(admin.ModelAdmin):
    list_display = ("domain", "rule", "note", "created_at")
    list_filter = ("rule",)
    search_fields = ("domain", "note")


@admin.register(DomainHealth)
class DomainHealthAdmin(admin.ModelAdmin):
    list_display = ("domain", "unavailable", "paused_until", "consecutive_failures", "updated_at")
    list_filter = ("unavailable",)
    search_fields = ("domain",)


@admin.register(RemoteActor)
class RemoteActorAdmin(admin.ModelAdmin):
    list_display = ("uri", "actor_type", "domain", "fetched_at")
    list_filter = ("actor_type",)
    search_fields = ("uri", "username", "domain")
    readonly_fields = ("public_key_pem",)


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ("activity", "inbox", "state", "attempts", "next_attempt_at", "last_status")
    list_filter = ("state", "domain")
    search_fields = ("inbox", "activity__uri")
    raw_id_fields = ("activity",)


@admin.register(OutboxActivity)
class OutboxActivityAdmin(admin.ModelAdmin):
    list_display = ("uri", "activity_type", "actor", "public", "created_at")
    list_filter = ("activity_type", "public")
    search_fields = ("uri", "object_uri")
    raw_id_fields = ("actor",)


@admin.register(InboxItem)
class InboxItemAdmin(admin.ModelAdmin):
    list_display = ("uri", "activity_type", "actor_uri", "state", "received_at")
    list_filter = ("state", "activity_type")
    search_fields = ("uri", "actor_uri")
