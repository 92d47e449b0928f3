"""The activities we sent, served at their ids: JSON while their object lives, 410 after.

Every id we send (ids.new_activity_uri, /activities/<uuid>/) can be fetched again,
as Mastodon's are: a peer that meets one in an outbox, a `likes` collection or a
boost resolves it to the same JSON the outbox lists. Only activities addressed to
everyone are served (as objects: followers-only things reach followers by delivery,
never by a GET). A Create, Update or Announce carries its object as it is now (an
edit is seen, a withdrawn story is not served again); once the object is gone (deleted,
or withdrawn and its Delete sent), the activity answers 410 with a Tombstone.
"""

from __future__ import annotations

import re
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Exists, OuterRef, QuerySet

from federation.mapping import serializers
from federation.mapping.offer_documents import offer_object
from federation.models import OutboxActivity
from federation.protocol import ids
from jobs.models import Offer
from profiles.models import Experience, Profile

EXPERIENCE_PATH = re.compile(r"^/@(?P<handle>[A-Za-z0-9_]{1,30})/experiences/(?P<pk>\d{1,18})/$")
OFFER_PATH = re.compile(r"^/offers/(?P<pk>\d{1,18})/$")
ACTOR_PATH = re.compile(r"^/@(?P<handle>[A-Za-z0-9_]{1,30})/$")
CARRIES_OBJECT = ("Create", "Update", "Announce")


def local_path(uri: str) -> str | None:
    return uri[len(ids.base_url()) :] if ids.is_local(uri) else None


def public_experience(uri: str) -> Experience | None:
    """The local experience an id names, if everyone may see it now."""
    path = local_path(uri)
    match = EXPERIENCE_PATH.match(path or "")
    if match is None:
        return None
    return (
        Experience.objects.visible_to(AnonymousUser())
        .with_content()
        .filter(pk=int(match["pk"]), owner__handle=match["handle"].lower(), owner__domain="")
        .first()
    )


def public_offer(uri: str) -> Offer | None:
    """The local offer an id names, if it is served (as federation/views/offers.py)."""
    match = OFFER_PATH.match(local_path(uri) or "")
    if match is None:
        return None
    return (
        Offer.objects.select_related("organisation__profile")
        .filter(
            pk=int(match["pk"]),
            published_at__isnull=False,
            organisation__profile__domain="",
            organisation__profile__suspended_at__isnull=True,
        )
        .first()
    )


def current_object(uri: str) -> dict[str, Any] | None:
    """The document served now at a local object's id (an experience, an offer, an
    actor), or None when nobody may fetch it (gone, or not public)."""
    if (experience := public_experience(uri)) is not None:
        document = serializers.experience_object(experience)
    elif (offer := public_offer(uri)) is not None:
        document = offer_object(offer)
    elif match := ACTOR_PATH.match(local_path(uri) or ""):
        profile = Profile.objects.local_actors().filter(handle=match["handle"].lower()).first()
        if profile is None:
            return None
        document = serializers.actor_document(profile)
    else:
        return None
    document.pop("@context", None)
    return document


def withdrawn(object_uri: str) -> bool:
    """True once a Delete of the object was sent (deleted or withdrawn)."""
    last = (
        OutboxActivity.objects.filter(
            object_uri=object_uri, activity_type__in=["Create", "Update", "Delete"]
        )
        .order_by("-created_at", "-pk")
        .first()
    )
    return last is not None and last.activity_type == "Delete"


class Gone(Exception):
    """The activity's object is gone: the activity answers 410."""


def activity_document(activity: OutboxActivity) -> dict[str, Any]:
    """An activity as served at its id and listed in outboxes (raises Gone, LookupError
    when it is not public or its object is not public now without being gone)."""
    if not activity.public:
        raise LookupError("not addressed to everyone")
    body = dict(activity.body)
    if activity.activity_type not in CARRIES_OBJECT or not activity.object_uri:
        return body
    if not ids.is_local(activity.object_uri):
        return body  # a boost of another node's object: as sent
    current = current_object(activity.object_uri)
    if current is None:
        if withdrawn(activity.object_uri) or not exists(activity.object_uri):
            raise Gone(activity.object_uri)
        raise LookupError("the object is not public now")
    if isinstance(body.get("object"), dict):
        body["object"] = current
    return body


def exists(uri: str) -> bool:
    path = local_path(uri) or ""
    if match := EXPERIENCE_PATH.match(path):
        return Experience.objects.filter(
            pk=int(match["pk"]), owner__handle=match["handle"].lower(), owner__domain=""
        ).exists()
    if match := OFFER_PATH.match(path):
        return Offer.objects.filter(pk=int(match["pk"]), organisation__profile__domain="").exists()
    if match := ACTOR_PATH.match(path):
        return Profile.objects.local_actors().filter(handle=match["handle"].lower()).exists()
    return False


def last_create(object_uri: str) -> OutboxActivity | None:
    """The Create that put an object in outboxes (the latest one, if it came back)."""
    return (
        OutboxActivity.objects.filter(object_uri=object_uri, activity_type="Create", public=True)
        .order_by("-created_at", "-pk")
        .first()
    )


def node_announces() -> QuerySet[OutboxActivity]:
    """The node's boosts (its outbox), newest first, without those whose object was
    deleted or withdrawn since (a Delete of it sent after the boost)."""
    deleted_since = OutboxActivity.objects.filter(
        object_uri=OuterRef("object_uri"),
        activity_type="Delete",
        created_at__gte=OuterRef("created_at"),
    )
    return (
        OutboxActivity.objects.filter(actor__isnull=True, activity_type="Announce", public=True)
        .exclude(Exists(deleted_since))
        .order_by("-created_at", "-pk")
    )
