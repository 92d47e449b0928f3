"""The node's own actor is its territory: renamed with the node settings, peers told.

The admin renames the node (or rewrites its description) in the node settings; the
actor document is built from them on every GET, and the node's followers (nodes and
people following the territory) are sent an `Update` of the actor so that they show
the new name without waiting to refetch it.
"""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_save, pre_save

from federation.mapping import serializers
from federation.outgoing.outbox import instance_follower_inboxes, send
from federation.protocol import ids
from node.accounts.models import NodeSettings

SHOWN_FIELDS = ("name", "description")


def listen() -> None:
    pre_save.connect(remember_shown, sender=NodeSettings, dispatch_uid="fed-territory-before")
    post_save.connect(on_settings_saved, sender=NodeSettings, dispatch_uid="fed-territory-saved")


def remember_shown(sender: type, instance: NodeSettings, **kwargs: Any) -> None:
    """What peers were last shown, to tell a rename from any other change of settings."""
    before = NodeSettings.objects.filter(pk=instance.pk).values(*SHOWN_FIELDS).first()
    instance._shown_before = before  # type: ignore[attr-defined]


def on_settings_saved(sender: type, instance: NodeSettings, created: bool, **kwargs: Any) -> None:
    before = getattr(instance, "_shown_before", None)
    now = {name: getattr(instance, name) for name in SHOWN_FIELDS}
    if before is None or before == now:
        return
    send_actor_update(instance)


def send_actor_update(node: NodeSettings) -> None:
    """An `Update` of the node's actor to everyone following the territory."""
    inboxes = instance_follower_inboxes()
    if not inboxes:
        return
    document = serializers.instance_actor_document(node.name, node.description)
    document.pop("@context", None)
    send(
        None,
        "Update",
        document,
        inboxes,
        audience={"to": [ids.PUBLIC], "cc": [ids.collection_uri(None, "followers")]},
    )
