"""What a node admin needs to see and decide about the federation."""

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _

from federation.models import (
    Delivery,
    DomainHealth,
    DomainRule,
    InboxItem,
    NodeFollow,
    OutboxActivity,
    RefusedFollows,
    RemoteActor,
)
from federation.outgoing.node_follows import (
    NodeFollowError,
    find_node,
    follow_node,
    stop_following_node,
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


@admin.register(RefusedFollows)
class RefusedFollowsAdmin(admin.ModelAdmin):
    """Hosts that sent more new follows than the caps allow (a follow flood)."""

    list_display = ("domain", "count", "last_refused_at", "last_reason")
    search_fields = ("domain",)
    ordering = ("-last_refused_at",)


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


class FollowNodeForm(forms.ModelForm):
    """Follow a node: its domain or its actor URL; checked by fetching its actor."""

    target = forms.CharField(
        label=_("Node to follow"),
        max_length=300,
        help_text=_("Its domain (for example tremplin.example.org) or its actor URL."),
    )

    class Meta:
        model = NodeFollow
        fields: list[str] = []

    def clean_target(self) -> str:
        try:
            return find_node(self.cleaned_data["target"]).uri
        except NodeFollowError as error:
            raise forms.ValidationError(
                _("This node cannot be followed: %(reason)s"), params={"reason": error}
            ) from error


@admin.register(NodeFollow)
class NodeFollowAdmin(admin.ModelAdmin):
    """Nodes this node follows: their public experiences and offers come here."""

    list_display = ("actor", "state", "created_at")
    list_filter = ("state",)
    actions = ["stop_following"]

    def changeform_view(
        self,
        request: HttpRequest,
        object_id: str | None = None,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        """Without the admin's transaction around it: the form fetches the other node's
        actor (a slow node would hold the database), and follow_node keeps its writes in
        a transaction of their own."""
        return self._changeform_view(request, object_id, form_url, extra_context)

    def get_form(self, request: HttpRequest, obj: Any = None, **kwargs: Any) -> Any:
        if obj is None:
            kwargs["form"] = FollowNodeForm
        return super().get_form(request, obj, **kwargs)

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return ["target"] if obj is None else ["actor", "uri", "state", "created_at"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return [] if obj is None else ["actor", "uri", "state", "created_at"]

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        created = follow_node(form.cleaned_data["target"])
        obj.pk, obj.actor, obj.uri, obj.state = (
            created.pk,
            created.actor,
            created.uri,
            created.state,
        )
        obj.created_at = created.created_at

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # stopping sends an Undo: use the action

    @admin.action(description=_("Stop following the selected nodes"))
    def stop_following(self, request: HttpRequest, queryset: QuerySet[NodeFollow]) -> None:
        count = 0
        for link in queryset.select_related("actor"):
            stop_following_node(link)
            count += 1
        messages.success(request, _("Stopped following %(count)d node(s).") % {"count": count})
