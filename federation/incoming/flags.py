"""Reports between nodes: the ActivityPub `Flag`, as Mastodon sends and reads it.

Sent by this node's instance actor (the reporter stays anonymous to the other node),
with `object` = [the reported actor, the reported objects], `content` = the
reporter's comment and our `reportCategory` = the reason, to the other node's shared
inbox. A `Flag` received becomes a
report in the queue, attributed to the sending node, for objects of this node only.
"""

from __future__ import annotations

import re
from typing import Any

from django.db import IntegrityError, transaction

from federation.incoming.inbox_processing import Refused, local_profile_for
from federation.mapping import serializers
from federation.models import OutboxActivity, RemoteActor
from federation.outgoing.delivery import enqueue
from federation.protocol import ids
from federation.protocol.remote_html import plain_text
from moderation.models import Category, Report
from moderation.reports import about
from moderation.targets import Target, describe
from profiles.models import Experience

MAX_OBJECTS = 20
EXPERIENCE_PATH = re.compile(r"^/@(?P<handle>[A-Za-z0-9_]{1,30})/experiences/(?P<pk>\d+)/$")
OFFER_PATH = re.compile(r"^/offers/(?P<pk>\d+)/$")


def flag_document(report: Report, target: Target) -> dict[str, Any]:
    objects = [target.owner_uri]
    if target.item_uri and target.item_uri != target.owner_uri:
        objects.append(target.item_uri)
    return {
        "@context": serializers.DOCUMENT_CONTEXT,
        "id": ids.new_activity_uri(),
        "type": "Flag",
        "actor": ids.actor_uri(None),
        "object": [uri for uri in objects if uri],
        "content": report.comment,
        # Ours: Mastodon's Flag carries no reason; a Tremplin peer files it under ours.
        "reportCategory": report.category,
    }


@transaction.atomic
def send_flag(report: Report, target: Target) -> OutboxActivity | None:
    """Queue a `Flag` to the reported item's node (nothing for a local item)."""
    actor = getattr(target.owner, "remote_actor", None)
    if actor is None or not target.owner_uri:
        return None
    body = flag_document(report, target)
    activity = OutboxActivity.objects.create(
        uri=body["id"],
        actor=None,
        activity_type="Flag",
        object_uri=body["object"][0],
        body=body,
        public=False,
    )
    enqueue(activity, [actor.delivery_inbox])
    return activity


def on_report_forwarded(sender: Any, report: Report, target: Target, **kwargs: Any) -> None:
    """moderation.events.report_forwarded: inside the report's transaction."""
    send_flag(report, target)


def _uris(value: Any) -> list[str]:
    values = value if isinstance(value, list) else [value]
    uris = []
    for entry in values[:MAX_OBJECTS]:
        if isinstance(entry, dict):
            entry = entry.get("id")
        if isinstance(entry, str):
            uris.append(entry)
    return uris


def local_target(uri: str) -> Target | None:
    """The local profile, experience or offer a URI names, or None."""
    if not ids.is_local(uri):
        return None
    profile = local_profile_for(uri)
    if profile is not None:
        return describe("profile", profile)
    path = uri[len(ids.base_url()) :]
    match = EXPERIENCE_PATH.match(path)
    if match:
        experience = (
            Experience.objects.filter(
                pk=int(match["pk"]), owner__handle=match["handle"].lower(), owner__domain=""
            )
            .select_related("owner")
            .first()
        )
        return describe("experience", experience) if experience else None
    match = OFFER_PATH.match(path)
    if match:
        from jobs.models import Offer

        offer = (
            Offer.objects.filter(pk=int(match["pk"]), organisation__profile__domain="")
            .select_related("organisation__profile")
            .first()
        )
        return describe("offer", offer) if offer else None
    return None


def on_flag(activity: dict[str, Any], actor: RemoteActor) -> None:
    """A report from another node: one report per local object named (the actor only when
    nothing else is named)."""
    targets = [t for t in (local_target(uri) for uri in _uris(activity.get("object"))) if t]
    if not targets:
        raise Refused("flag of nothing on this node")
    items = [t for t in targets if t.kind != "profile"] or targets
    comment = plain_text(activity.get("content") or "", 1000)
    category = activity.get("reportCategory")
    if category not in Category.values:
        category = Category.OTHER  # Mastodon and others give no reason
    for index, target in enumerate(items):
        try:
            with transaction.atomic():
                Report.objects.create(
                    reporter=None,
                    reporter_node=actor.domain,
                    category=category,
                    comment=comment,
                    **about(target),
                    flag_uri=f"{activity['id']}#{index}"[:500],
                )
        except IntegrityError:
            pass  # the same Flag received twice: one report
